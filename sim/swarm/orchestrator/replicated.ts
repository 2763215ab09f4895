// The replicated orchestrator (manager/orchestrator/replicated): per dirty service, restart
// tasks that ended or sit on invalid nodes, then scale: fill the lowest free slots, or remove
// slots in SwarmKit's scale-down order. Incremental: only services touched by a commit.
import type { NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { taskSeq } from "../store/store.ts";
import { isRunnable, isTerminal, newTask, withDesired } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { Reconciler } from "../manager/writer.ts";
import { invalidNodeReason } from "./node-validity.ts";
import { type RestartSupervisor, shouldRestart } from "./restart.ts";

export interface UpdateHook {
  /** The service has runnable tasks of an older spec version (a rolling update is due). */
  serviceDirty(svc: ServiceObj): void;
}

export class ReplicatedOrchestrator implements StoreListener, Reconciler {
  readonly name = "replicated";
  private readonly dirty = new Set<string>();

  constructor(
    private readonly ctx: LeaderCtx,
    private readonly restarts: RestartSupervisor,
    private readonly updates: UpdateHook,
  ) {}

  start(): void {
    for (const s of this.ctx.store.services.values()) if (s.spec.mode === "replicated") this.dirty.add(s.id);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }

  private mark(service: string): void {
    this.dirty.add(service);
    this.ctx.writer.request();
  }

  serviceChanged(prev: ServiceObj | null, next: ServiceObj | null): void {
    const s = next ?? prev;
    if (s !== null && s.spec.mode === "replicated") this.mark(s.id);
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    const t = next ?? prev;
    if (t === null || t.slot === 0) return;
    if (prev !== null && next !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState && prev.nodeId === next.nodeId) return;
    this.mark(t.service);
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    const n = next ?? prev!;
    if (invalidNodeReason(next) === null) return;
    if (prev !== null && next !== null && invalidNodeReason(prev) === invalidNodeReason(next)) return;
    for (const id of this.ctx.store.index.ofNode(n.id)) {
      const t = this.ctx.store.tasks.get(id)!;
      if (t.slot > 0) this.mark(t.service);
    }
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) this.reconcileService(tx, id);
    this.dirty.clear();
  }

  private reconcileService(tx: Tx, id: string): void {
    const svc = tx.service(id);
    if (svc === null) {
      // Service removed: every task is to be removed (the reaper deletes them once stopped).
      for (const t of tx.tasksOfService(id)) if (t.desiredState !== "remove") tx.putTask(withDesired(t, "remove"));
      return;
    }
    if (svc.spec.mode !== "replicated") return;
    const slots = groupBySlot(tx.tasksOfService(id));

    // 1. Restarts: ended tasks, and tasks on invalid nodes, that are still wanted running.
    const pileUp = this.ctx.bugs.has("moby-27769");
    for (const [slot, tasks] of slots) {
      const newest = newestOf(tasks);
      for (const t of tasks) {
        if (!isRunnable(t)) continue;
        // A task already superseded in its slot is not restarted twice (matters with bug flags on).
        // moby-27769: SwarmKit had no such memory — a rejected task left desired RUNNING was
        // restarted again on later task events, and the replacements piled up in the slot (here:
        // once the previous replacement runs, so a pass does not loop on itself).
        const superseded = tasks.some((o) => taskSeq(o.id) > taskSeq(t.id) && isRunnable(o));
        if (t !== newest && superseded && !(pileUp && newest.status.state === "running")) continue;
        const reason = isTerminal(t.status.state) ? "ended" : t.nodeId !== null ? invalidNodeReason(tx.node(t.nodeId)) : null;
        if (reason === null) continue;
        this.restarts.restart(tx, svc, t, reason, tasks);
      }
      slots.set(slot, tx.tasksOfSlot(id, slot, null));
    }

    // 2. Scale: a slot is occupied by a runnable task, or held by a newest task that must not restart.
    const occupied: number[] = [];
    for (const [slot, tasks] of slots) {
      if (tasks.some(isRunnable) || heldByPolicy(tx, svc, tasks)) occupied.push(slot);
    }
    const want = svc.spec.replicas;
    if (occupied.length < want) {
      const taken = new Set(occupied);
      let next = 1;
      for (let missing = want - occupied.length; missing > 0; missing--) {
        while (taken.has(next)) next++;
        taken.add(next);
        tx.putTask(newTask(tx, svc, next, null, "running"));
      }
    } else if (occupied.length > want) {
      this.scaleDown(tx, slots, occupied, occupied.length - want);
    }

    // 3. Rolling update due?
    for (const tasks of slots.values()) {
      if (tasks.some((t) => isRunnable(t) && t.specVersion !== svc.specVersion)) {
        this.updates.serviceDirty(svc);
        break;
      }
    }
  }

  /** SwarmKit's order: unassigned or crowded slots, then the k-th copy on a node (largest k), then non-running, then higher slots. */
  private scaleDown(tx: Tx, slots: Map<number, TaskObj[]>, occupied: number[], count: number): void {
    const perNode = new Map<string, number>();
    const rank = new Map<number, { group: number; k: number; running: number }>();
    const ordered = [...occupied].sort((a, b) => a - b);
    for (const slot of ordered) {
      const runnable = slots.get(slot)!.filter(isRunnable);
      const t = runnable[0];
      if (runnable.length !== 1 || t.nodeId === null) {
        rank.set(slot, { group: 0, k: 0, running: 0 });
        continue;
      }
      const k = (perNode.get(t.nodeId) ?? 0) + 1;
      perNode.set(t.nodeId, k);
      rank.set(slot, { group: 1, k, running: t.status.state === "running" ? 1 : 0 });
    }
    ordered.sort((a, b) => {
      const x = rank.get(a)!;
      const y = rank.get(b)!;
      return x.group - y.group || y.k - x.k || x.running - y.running || b - a;
    });
    for (let i = 0; i < count; i++) {
      for (const t of slots.get(ordered[i])!) if (isRunnable(t)) tx.putTask(withDesired(t, "remove"));
    }
  }
}

function groupBySlot(tasks: readonly TaskObj[]): Map<number, TaskObj[]> {
  const m = new Map<number, TaskObj[]>();
  for (const t of tasks) {
    let a = m.get(t.slot);
    if (!a) {
      a = [];
      m.set(t.slot, a);
    }
    a.push(t);
  }
  return m;
}

export function newestOf(tasks: readonly TaskObj[]): TaskObj {
  let best = tasks[0];
  for (const t of tasks) if (taskSeq(t.id) > taskSeq(best.id)) best = t;
  return best;
}

/** The slot's newest task ended (or was displaced) and the policy will not restart it: the slot stays taken. */
function heldByPolicy(tx: Tx, svc: ServiceObj, tasks: readonly TaskObj[]): boolean {
  if (tasks.length === 0) return false;
  const t = newestOf(tasks);
  if (t.desiredState === "remove" || t.specVersion !== svc.specVersion) return false;
  return !shouldRestart(tx, svc, t, tasks);
}
