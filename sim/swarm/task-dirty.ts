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
import { type Constraint, matchConstraints, nodeToConstraintNode, parseConstraints } from "./constraints.ts";
import type { ServiceObj } from "./objects.ts";
import type { ServiceSpec } from "./spec.ts";
import { copyTask, isRunnable, isTerminal } from "./store/task-ops.ts";
import type { Tx } from "./store/tx.ts";

/** The parts of a spec that make up SwarmKit's task template (and the endpoint, compared too), as text. */
function templateKey(s: ServiceSpec, withConstraints: boolean): string {
  const placement = withConstraints ? s.placement : { ...s.placement, constraints: [] };
  return JSON.stringify([s.image, s.env, placement, s.resources, s.restartPolicy, s.healthcheck, s.networks, s.stopGracePeriodUs, s.endpoint]);
}

/** Does going from `a` to `b` change the task template (making tasks dirty)? */
export function templateChanged(a: ServiceSpec, b: ServiceSpec): boolean {
  return a !== b && templateKey(a, true) !== templateKey(b, true);
}

/** How a task's spec compares with the service's: same template, or only the constraints differ. */
type Likeness = "same" | "constraints" | "other";

/**
 * After `svc` got a new spec version: its live tasks of older versions that are clean for the new
 * spec (IsTaskDirty false: the same template, or new constraints their node meets) take that
 * version (and spec), so that no update replaces them. Not for a forced update.
 */
export function restampCleanTasks(tx: Tx, svc: ServiceObj): void {
  const want = svc.spec;
  // Tasks of one version share their spec object: compare each distinct spec once.
  const likeness = new Map<ServiceSpec, Likeness>();
  const likenessOf = (spec: ServiceSpec): Likeness => {
    let l = likeness.get(spec);
    if (l === undefined) {
      l = !templateChanged(spec, want) ? "same" : templateKey(spec, false) === templateKey(want, false) ? "constraints" : "other";
      likeness.set(spec, l);
    }
    return l;
  };
  let constraints: Constraint[] | null = null;
  for (const t of tx.tasksOfService(svc.id)) {
    // A task that already stopped is left to the restart supervisor (it counts toward max_attempts).
    if (t.specVersion === svc.specVersion || !isRunnable(t) || isTerminal(t.status.state)) continue;
    const l = likenessOf(t.spec);
    if (l === "other") continue;
    if (l === "constraints") {
      const node = t.nodeId === null ? null : tx.node(t.nodeId);
      constraints ??= parseConstraints(want.placement.constraints);
      if (node === null || !matchConstraints(constraints, nodeToConstraintNode(node))) continue;
    }
    const next = copyTask(t);
    next.specVersion = svc.specVersion;
    next.spec = want;
    tx.putTask(next);
  }
}
