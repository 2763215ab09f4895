// Which tasks an update really touches (SwarmKit's orchestrator.IsTaskDirty). A task is dirty
// when its task template differs from the service's: image, env, placement, resources, restart
// policy, healthcheck, networks, stop grace period, endpoint. Service labels, the replica count
// and the update/rollback configs are not part of it, and a task whose template differs only in
// placement constraints is clean while its node still satisfies them.
//
// Here a task's specVersion says "clean": every part of the orchestrator compares versions. So a
// new spec version re-stamps the tasks that IsTaskDirty would call clean (same template, or new
// constraints their node meets) with the new version, in the same transaction: a rollback leaves
// the slots the update never reached alone, as does a constraint their nodes already meet.
import { matchConstraints, nodeToConstraintNode, parseConstraints } from "./constraints.ts";
import type { ServiceObj, TaskObj } from "./objects.ts";
import type { ServiceSpec } from "./spec.ts";
import { isRunnable, isTerminal } from "./store/task-ops.ts";
import type { Tx } from "./store/tx.ts";

/** The parts of a spec that make up SwarmKit's task template (and the endpoint, compared too). */
function templateOf(s: ServiceSpec, withConstraints: boolean): unknown {
  const placement = withConstraints ? s.placement : { ...s.placement, constraints: [] };
  return [s.image, s.env, placement, s.resources, s.restartPolicy, s.healthcheck, s.networks, s.stopGracePeriodUs, s.endpoint];
}

/** Does going from `a` to `b` change the task template (making tasks dirty)? */
export function templateChanged(a: ServiceSpec, b: ServiceSpec): boolean {
  return a !== b && JSON.stringify(templateOf(a, true)) !== JSON.stringify(templateOf(b, true));
}

/** Do `a` and `b` differ in their placement constraints and nothing else of the template? */
function constraintsOnlyChanged(a: ServiceSpec, b: ServiceSpec): boolean {
  return JSON.stringify(templateOf(a, false)) === JSON.stringify(templateOf(b, false));
}

/** Is `t` clean for `svc` (IsTaskDirty false), whatever its spec version? */
function isClean(tx: Tx, svc: ServiceObj, t: TaskObj): boolean {
  if (!templateChanged(t.spec, svc.spec)) return true;
  if (t.nodeId === null || !constraintsOnlyChanged(t.spec, svc.spec)) return false;
  const node = tx.node(t.nodeId);
  return node !== null && matchConstraints(parseConstraints(svc.spec.placement.constraints), nodeToConstraintNode(node));
}

/**
 * After `svc` got a new spec version: its live tasks of older versions that are clean for the new
 * spec take that version (and spec), so that no update replaces them. Not for a forced update.
 */
export function restampCleanTasks(tx: Tx, svc: ServiceObj): void {
  for (const t of tx.tasksOfService(svc.id)) {
    // A task that already stopped is left to the restart supervisor (it counts toward max_attempts).
    if (t.specVersion === svc.specVersion || !isRunnable(t) || isTerminal(t.status.state) || !isClean(tx, svc, t)) continue;
    const next = Object.assign({}, t);
    next.specVersion = svc.specVersion;
    next.spec = svc.spec;
    tx.putTask(next);
  }
}
