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

/** What the last reconcile concluded about one slot (valid while its tasks and the spec stay as they were). */
interface SlotFacts {
  /** Held by a runnable task, or by a newest task the restart policy will not replace. */
  occupied: boolean;
  /** Has a runnable task of an older spec version (a rolling update is due). */
  outdated: boolean;
}

export class ReplicatedOrchestrator implements StoreListener, Reconciler {
  readonly name = "replicated";
  /** Services to reconcile at the next flush, in the order they became dirty. */
  private readonly dirty = new Set<string>();
  /**
   * Slots whose tasks changed in any way since their service was last reconciled; null: every
   * slot (new leader, resync, spec change). A reconcile re-examines only these and takes the
   * others from `facts` (perf: a service keeps up to the retention limit of old tasks per slot,
   * and one task change used to re-read all of them).
   */
  private readonly touched = new Map<string, Set<number> | null>();
  private readonly facts = new Map<string, Map<number, SlotFacts>>();

  constructor(
    private readonly ctx: LeaderCtx,
    private readonly restarts: RestartSupervisor,
    private readonly updates: UpdateHook,
  ) {}

  start(): void {
    for (const s of this.ctx.store.services.values()) {
      if (s.spec.mode !== "replicated") continue;
      this.dirty.add(s.id);
      this.touched.set(s.id, null);
    }
    if (this.dirty.size > 0) this.ctx.writer.request();
  }

  private mark(service: string): void {
    this.dirty.add(service);
    this.ctx.writer.request();
  }

  private touch(service: string, slot: number): void {
    const set = this.touched.get(service);
    if (set === null) return;
    if (set === undefined) this.touched.set(service, new Set([slot]));
    else set.add(slot);
  }

  serviceChanged(prev: ServiceObj | null, next: ServiceObj | null): void {
    const s = next ?? prev;
    if (s === null) return;
    this.touched.set(s.id, null);
    if (s.spec.mode === "replicated") this.mark(s.id);
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    const t = next ?? prev;
    if (t === null || t.slot === 0) return;
    this.touch(t.service, t.slot);
    if (prev !== null && next !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState && prev.nodeId === next.nodeId) return;
    this.mark(t.service);
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    const n = next ?? prev!;
    const reason = invalidNodeReason(next);
    if (prev !== null && next !== null && invalidNodeReason(prev) === reason) return;
    const store = this.ctx.store;
    for (const id of store.index.ofNode(n.id)) {
      const t = store.tasks.get(id)!;
      if (t.slot === 0) continue;
      this.touch(t.service, t.slot);
      if (reason !== null) this.mark(t.service);
    }
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    // Writes staged earlier in this flush are part of what the reconcile sees: their slots count
    // as touched; staged node or service writes, which may concern any slot, force full passes.
    const full = tx.stagesNodesOrServices();
    if (!full) {
      for (const t of tx.stagedTasks()) if (t.slot > 0) this.touch(t.service, t.slot);
    }
    for (const id of this.dirty) {
      if (full || tx.createdOf(id)) this.touched.set(id, null);
      this.reconcileService(tx, id);
    }
    this.dirty.clear();
  }

  private reconcileService(tx: Tx, id: string): void {
    const svc = tx.service(id);
    const touched = this.touched.get(id);
    this.touched.delete(id);
    if (svc === null) {
      this.facts.delete(id);
      // Service removed: every task is to be removed (the reaper deletes them once stopped).
      for (const t of tx.tasksOfService(id)) if (t.desiredState !== "remove") tx.putTask(withDesired(t, "remove"));
      return;
    }
    if (svc.spec.mode !== "replicated") {
      this.facts.delete(id);
      return;
    }
    let facts = this.facts.get(id);
    if (touched === null || facts === undefined) {
      facts = this.reconcileAll(tx, svc);
      this.facts.set(id, facts);
    } else if (touched !== undefined) {
      this.reconcileSlots(tx, svc, facts, touched);
    }

    // 2. Scale: a slot is occupied by a runnable task, or held by a newest task that must not restart.
    // Counted first: the slots themselves are listed only when the count is off (rarely).
    let count = 0;
    let outdated = false;
    for (const f of facts.values()) {
      if (f.occupied) count++;
      if (f.outdated) outdated = true;
    }
    const want = svc.spec.replicas;
    if (count < want) {
      const taken = occupiedSlots(facts);
      let next = 1;
      for (let missing = want - count; missing > 0; missing--) {
        while (taken.has(next)) next++;
        taken.add(next);
        tx.putTask(newTask(tx, svc, next, null, "running"));
        facts.set(next, { occupied: true, outdated: false });
      }
    } else if (count > want) {
      this.scaleDown(tx, groupBySlot(tx.tasksOfService(id)), [...occupiedSlots(facts)], count - want);
    }

    // 3. Rolling update due?
    if (outdated) this.updates.serviceDirty(svc);
  }

  /** Restarts over every slot, in the order slots first appear among the service's tasks. */
  private reconcileAll(tx: Tx, svc: ServiceObj): Map<number, SlotFacts> {
    const facts = new Map<number, SlotFacts>();
    for (const [slot, tasks] of groupBySlot(tx.tasksOfService(svc.id))) facts.set(slot, this.reconcileSlot(tx, svc, slot, tasks));
    return facts;
  }

  /**
   * Restarts over the touched slots only, in the same order as reconcileAll would take them (the
   * order of their first committed task in the index); the other slots' facts still hold.
   */
  private reconcileSlots(tx: Tx, svc: ServiceObj, facts: Map<number, SlotFacts>, touched: Set<number>): void {
    const index = this.ctx.store.index;
    const order: { slot: number; stamp: number }[] = [];
    for (const slot of touched) {
      let stamp = -1;
      for (const tid of index.ofSlot(svc.id, slot, null)) {
        if (tx.task(tid) === null) continue; // deleted in this batch
        stamp = index.stampOf(tid);
        break;
      }
      if (stamp < 0) facts.delete(slot); // no task left in the slot
      else order.push({ slot, stamp });
    }
    if (order.length > 1) order.sort((a, b) => a.stamp - b.stamp);
    for (const { slot } of order) facts.set(slot, this.reconcileSlot(tx, svc, slot, tx.tasksOfSlot(svc.id, slot, null)));
  }

  /** 1. Restarts in one slot: ended tasks, and tasks on invalid nodes, that are still wanted running. */
  private reconcileSlot(tx: Tx, svc: ServiceObj, slot: number, tasks: TaskObj[]): SlotFacts {
    // One pass for the newest task and the newest runnable one.
    let newest = tasks[0];
    let newestSeq = taskSeq(newest.id);
    let topRunnableSeq = -1;
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i];
      const seq = i === 0 ? newestSeq : taskSeq(t.id);
      if (seq > newestSeq) {
        newest = t;
        newestSeq = seq;
      }
      if (seq > topRunnableSeq && isRunnable(t)) topRunnableSeq = seq;
    }
    const pileUp = this.ctx.bugs.has("moby-27769");
    let restarted = false;
    for (const t of tasks) {
      if (!isRunnable(t)) continue;
      // A task already superseded in its slot (a newer runnable task exists) is not restarted
      // twice (matters with bug flags on). moby-27769: SwarmKit had no such memory — a rejected
      // task left desired RUNNING was restarted again on later task events, and the
      // replacements piled up in the slot (here: once the previous replacement runs, so a pass
      // does not loop on itself).
      const superseded = taskSeq(t.id) < topRunnableSeq;
      if (t !== newest && superseded && !(pileUp && newest.status.state === "running")) continue;
      const reason = isTerminal(t.status.state) ? "ended" : t.nodeId !== null ? invalidNodeReason(tx.node(t.nodeId)) : null;
      if (reason === null) continue;
      this.restarts.restart(tx, svc, t, reason, tasks);
      restarted = true;
    }
    // Only a restart writes to the slot; otherwise its tasks are still these.
    const now = restarted ? tx.tasksOfSlot(svc.id, slot, null) : tasks;
    const version = svc.specVersion;
    let runnable = false;
    let outdated = false;
    for (const t of now) {
      if (!isRunnable(t)) continue;
      runnable = true;
      if (t.specVersion !== version) outdated = true;
    }
    return { occupied: runnable || heldByPolicy(tx, svc, now), outdated };
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

/** The occupied slots, in the order of `facts`. */
function occupiedSlots(facts: ReadonlyMap<number, SlotFacts>): Set<number> {
  const out = new Set<number>();
  for (const [slot, f] of facts) if (f.occupied) out.add(slot);
  return out;
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
  let bestSeq = taskSeq(best.id);
  for (let i = 1; i < tasks.length; i++) {
    const seq = taskSeq(tasks[i].id);
    if (seq > bestSeq) {
      best = tasks[i];
      bestSeq = seq;
    }
  }
  return best;
}

/** The slot's newest task ended (or was displaced) and the policy will not restart it: the slot stays taken. */
function heldByPolicy(tx: Tx, svc: ServiceObj, tasks: readonly TaskObj[]): boolean {
  if (tasks.length === 0) return false;
  const t = newestOf(tasks);
  if (t.desiredState === "remove" || t.specVersion !== svc.specVersion) return false;
  return !shouldRestart(tx, svc, t, tasks);
}
