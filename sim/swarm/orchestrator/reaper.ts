// The task reaper (manager/orchestrator/taskreaper): deletes tasks that were removed once they
// stopped, and keeps at most TaskHistoryRetentionLimit tasks per slot (replicated) or per
// (service, node) (global), oldest first, among tasks that ended or will never run.
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { Reconciler } from "../manager/writer.ts";
import { stateValue, type TaskObj } from "../objects.ts";
import { type StoreListener, taskSeq } from "../store/store.ts";
import { taskSlotKey } from "../store/task-index.ts";
import type { Tx } from "../store/tx.ts";

export class TaskReaper implements StoreListener, Reconciler {
  readonly name = "reaper";
  /** Dirty slot keys → a task of that slot (to recover service/slot/node). */
  private readonly dirty = new Map<string, TaskObj>();

  constructor(private readonly ctx: LeaderCtx) {}

  start(): void {
    for (const t of this.ctx.store.tasks.values()) this.dirty.set(taskSlotKey(t), t);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }

  taskChanged(_prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null) return;
    if (stateValue(next.status.state) <= stateValue("running") && next.desiredState !== "remove") return;
    this.dirty.set(taskSlotKey(next), next);
    this.ctx.writer.request();
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    for (const t of this.dirty.values()) this.reapSlot(tx, t);
    this.dirty.clear();
  }

  private reapSlot(tx: Tx, sample: TaskObj): void {
    const tasks = tx.tasksOfSlot(sample.service, sample.slot, sample.nodeId);
    const svc = tx.service(sample.service);
    let kept = 0;
    const deletable: TaskObj[] = [];
    for (const t of tasks) {
      const state = stateValue(t.status.state);
      const neverRan = state < stateValue("assigned");
      if (t.desiredState === "remove" && (state >= stateValue("complete") || neverRan)) {
        tx.delTask(t.id);
        continue;
      }
      if (svc === null && t.status.state === "orphaned") {
        tx.delTask(t.id);
        continue;
      }
      kept++;
      if (state > stateValue("running") || (neverRan && stateValue(t.desiredState) > stateValue("running"))) deletable.push(t);
    }
    let limit = tx.cluster.taskHistoryRetentionLimit;
    if (limit < 0) return;
    if (svc !== null && svc.spec.restartPolicy.maxAttempts > 0) limit = svc.spec.restartPolicy.maxAttempts + 1;
    deletable.sort((a, b) => taskSeq(a.id) - taskSeq(b.id));
    for (let i = 0; i < deletable.length && kept > limit; i++, kept--) tx.delTask(deletable[i].id);
  }
}

