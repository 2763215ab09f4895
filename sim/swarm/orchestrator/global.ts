// The global orchestrator (manager/orchestrator/global): one task per node that is neither
// DOWN nor draining and matches the constraints; tasks are created preassigned to their node.
// PAUSE: no new tasks, and a task that fails there is not replaced. Node deleted: tasks deleted.
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { Reconciler } from "../manager/writer.ts";
import { type Constraint, matchConstraints, nodeToConstraintNode, parsedConstraints } from "../constraints.ts";
import type { NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import { type StoreListener, taskSeq } from "../store/store.ts";
import { isRunnable, isTerminal, newTask, withDesired } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { UpdateHook } from "./replicated.ts";
import { type RestartSupervisor, shouldRestart } from "./restart.ts";

export class GlobalOrchestrator implements StoreListener, Reconciler {
  readonly name = "global";
  /** Dirty (service, node) pairs: service → node ids; null = every node. */
  private readonly dirty = new Map<string, Set<string> | null>();
  private readonly globals = new Set<string>();
  private initial = false;

  constructor(
    private readonly ctx: LeaderCtx,
    private readonly restarts: RestartSupervisor,
    private readonly updates: UpdateHook,
  ) {}

  start(): void {
    this.initial = true;
    for (const s of this.ctx.store.services.values()) {
      if (s.spec.mode !== "global") continue;
      this.globals.add(s.id);
      this.dirty.set(s.id, null);
    }
    this.ctx.writer.request();
  }

  private markAll(service: string): void {
    this.dirty.set(service, null);
    this.ctx.writer.request();
  }

  private mark(service: string, node: string): void {
    const s = this.dirty.get(service);
    if (s === null) return;
    if (s === undefined) this.dirty.set(service, new Set<string>().add(node)); // (not new Set([node]): no array iterated)
    else s.add(node);
    this.ctx.writer.request();
  }

  serviceChanged(prev: ServiceObj | null, next: ServiceObj | null): void {
    const s = next ?? prev!;
    if (s.spec.mode !== "global") return;
    if (next === null) this.globals.delete(s.id);
    else this.globals.add(s.id);
    this.markAll(s.id);
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    const n = next ?? prev!;
    for (const s of this.globals) this.mark(s, n.id);
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    const t = next ?? prev!;
    if (t.slot !== 0 || t.nodeId === null) return;
    if (prev !== null && next !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState) return;
    this.mark(t.service, t.nodeId);
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    const initial = this.initial;
    this.initial = false;
    for (const [serviceId, nodes] of this.dirty) {
      const svc = tx.service(serviceId);
      if (svc === null) {
        for (const t of tx.tasksOfService(serviceId)) if (t.desiredState !== "remove") tx.putTask(withDesired(t, "remove"));
        continue;
      }
      if (svc.spec.mode !== "global") continue;
      // validated at the API; SwarmKit ignores parse errors here
      const cs: readonly Constraint[] = parsedConstraints(svc.spec.placement.constraints) ?? [];
      const ids = nodes ?? this.allNodeIds(tx, serviceId);
      for (const nodeId of ids) this.reconcileNode(tx, svc, cs, nodeId, initial);
    }
    this.dirty.clear();
  }

  private allNodeIds(tx: Tx, serviceId: string): Set<string> {
    const ids = new Set<string>(this.ctx.store.nodes.keys());
    for (const t of tx.tasksOfService(serviceId)) if (t.nodeId !== null) ids.add(t.nodeId);
    return ids;
  }

  private reconcileNode(tx: Tx, svc: ServiceObj, cs: readonly Constraint[], nodeId: string, initial: boolean): void {
    const n = tx.node(nodeId);
    let tasks = tx.tasksOfSlot(svc.id, 0, nodeId);
    if (n === null) {
      for (const t of tasks) tx.delTask(t.id);
      return;
    }
    // (no constraint view of the node made when there is no constraint to match)
    const eligible = n.status.state !== "down" && n.spec.availability !== "drain" && (cs.length === 0 || matchConstraints(cs, nodeToConstraintNode(n)));
    if (!eligible) {
      for (const t of tasks) if (isRunnable(t)) tx.putTask(withDesired(t, "shutdown"));
      return;
    }
    let wrote = false;
    for (const t of tasks) {
      if (!isRunnable(t) || !isTerminal(t.status.state)) continue;
      wrote = true;
      if (n.spec.availability === "pause") tx.putTask(withDesired(t, "shutdown"));
      else this.restarts.restart(tx, svc, t, "ended", tasks);
    }
    if (wrote) tasks = tx.tasksOfSlot(svc.id, 0, nodeId); // else the slot's tasks are still these
    // moby-33218: right after a leader change, tasks on not-yet-re-registered (UNKNOWN) nodes are overlooked.
    const overlook = initial && n.status.state === "unknown" && this.ctx.bugs.has("moby-33218");
    const runnable = overlook ? [] : tasks.filter(isRunnable);
    if (runnable.length === 0) {
      if (n.spec.availability !== "active") return;
      if (!overlook && tasks.length > 0) {
        const newest = tasks.reduce((a, b) => (taskSeq(b.id) > taskSeq(a.id) ? b : a));
        if (newest.specVersion === svc.specVersion && newest.desiredState !== "remove" && !shouldRestart(tx, svc, newest, tasks)) return;
      }
      tx.putTask(newTask(tx, svc, 0, nodeId, "running"));
      return;
    }
    if (runnable.length > 1 && !this.ctx.bugs.has("moby-33218")) {
      // Keep the newest; duplicates are shut down.
      runnable.sort((a, b) => taskSeq(b.id) - taskSeq(a.id));
      for (let i = 1; i < runnable.length; i++) tx.putTask(withDesired(runnable[i], "shutdown"));
    }
    if (runnable.some((t) => t.specVersion !== svc.specVersion)) this.updates.serviceDirty(svc);
  }
}
