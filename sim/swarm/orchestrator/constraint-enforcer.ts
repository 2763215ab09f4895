// The constraint enforcer (manager/orchestrator/constraintenforcer): on node updates, tasks on
// ACTIVE nodes that no longer match their service's current constraints, or that overcommit
// the node's resources, are REJECTED ("assigned node no longer meets constraints").
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { Reconciler } from "../manager/writer.ts";
import { type Constraint, matchConstraints, nodeToConstraintNode, parseConstraints } from "../constraints.ts";
import { type NodeObj, stateValue } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { withState } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";

const MSG = "assigned node no longer meets constraints";

export class ConstraintEnforcer implements StoreListener, Reconciler {
  readonly name = "constraint-enforcer";
  private readonly dirty = new Set<string>();

  constructor(private readonly ctx: LeaderCtx) {}

  start(): void {
    for (const id of this.ctx.store.nodes.keys()) this.dirty.add(id);
    this.ctx.writer.request();
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    if (next === null) return;
    if (prev !== null && prev.spec.labels === next.spec.labels && prev.role === next.role && prev.description === next.description && prev.spec.availability === next.spec.availability) return;
    this.dirty.add(next.id);
    this.ctx.writer.request();
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) this.enforce(tx, id);
    this.dirty.clear();
  }

  private enforce(tx: Tx, nodeId: string): void {
    const n = tx.node(nodeId);
    if (n === null || n.spec.availability !== "active") return;
    const cn = nodeToConstraintNode(n);
    let cpu = n.description.resources.nanoCpus;
    let mem = n.description.resources.memoryBytes;
    const parsed = new Map<string, Constraint[]>();
    for (const t of tx.tasksOfNode(nodeId)) {
      const d = stateValue(t.desiredState);
      if (d < stateValue("assigned") || d > stateValue("complete") || stateValue(t.status.state) >= stateValue("complete")) continue;
      const svc = tx.service(t.service);
      if (svc === null) continue;
      let cs = parsed.get(svc.id);
      if (cs === undefined) {
        try {
          cs = parseConstraints(svc.spec.placement.constraints);
        } catch {
          cs = [];
        }
        parsed.set(svc.id, cs);
      }
      const r = t.spec.resources.reservations;
      cpu -= r.nanoCpus;
      mem -= r.memoryBytes;
      const overcommit = (r.nanoCpus > 0 && cpu < 0) || (r.memoryBytes > 0 && mem < 0);
      if (!matchConstraints(cs, cn) || overcommit) {
        tx.putTask(withState(t, "rejected", MSG, MSG, tx.nowUs));
        cpu += r.nanoCpus;
        mem += r.memoryBytes;
      }
    }
  }
}
