// A rollback swaps the service's spec with its previous one (SwarmKit's PreviousSpec), as a new
// spec version, and starts the rollback run. Both `docker service rollback` and an update's
// failure_action rollback go through here.
import { assert } from "../kernel/assert.ts";
import type { ServiceObj } from "./objects.ts";

export function rolledBack(svc: ServiceObj, message: string): ServiceObj {
  assert(svc.previousSpec !== null, () => `rollback of ${svc.id} without a previous spec`);
  return {
    ...svc,
    spec: svc.previousSpec,
    previousSpec: svc.spec,
    version: svc.version + 1,
    specVersion: svc.specVersion + 1,
    updateStatus: { state: "rollback_started", message },
  };
}
