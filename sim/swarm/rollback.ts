// A rollback puts the service's previous spec back (SwarmKit's PreviousSpec) as a new spec
// version and starts the rollback run; the tasks the update never reached stay (task-dirty.ts).
// `docker service rollback` swaps the two specs; an update's failure_action rollback forgets the
// failed one, so a rollback is never rolled back (SwarmKit's updater.rollbackUpdate).
import { assert } from "../kernel/assert.ts";
import type { ServiceObj } from "./objects.ts";
import type { Tx } from "./store/tx.ts";
import { restampCleanTasks } from "./task-dirty.ts";

export function rollBack(tx: Tx, svc: ServiceObj, message: string, manual: boolean): void {
  assert(svc.previousSpec !== null, () => `rollback of ${svc.id} without a previous spec`);
  const next: ServiceObj = {
    ...svc,
    spec: svc.previousSpec,
    previousSpec: manual ? svc.spec : null,
    version: svc.version + 1,
    specVersion: svc.specVersion + 1,
    updateStatus: { state: "rollback_started", message },
  };
  tx.putService(next);
  restampCleanTasks(tx, next);
}
