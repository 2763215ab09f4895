// How a task's container behaves, from the scenario's `behaviour:` (keyed by image, then by
// service name). Without an entry a container starts after a short default startup and runs
// until it is stopped.
import type { Micros } from "../../kernel/types.ts";
import { MS } from "../../kernel/types.ts";
import type { BehaviourSpec } from "../spec.ts";
import type { TaskObj } from "../objects.ts";

export const DEFAULT_BEHAVIOUR: Readonly<BehaviourSpec> = Object.freeze({
  startupUs: 500 * MS,
  exitAfterUs: null,
  exitCode: 0,
  failStart: 0,
  unhealthyAfterUs: null,
});

/** How long a container takes to stop after SIGTERM (it honours it promptly). */
export const STOP_US: Micros = 100 * MS;

export function behaviourOf(behaviours: Readonly<Record<string, BehaviourSpec>>, t: TaskObj): BehaviourSpec {
  return behaviours[t.spec.image] ?? behaviours[t.spec.name] ?? behaviours[t.service] ?? DEFAULT_BEHAVIOUR;
}
