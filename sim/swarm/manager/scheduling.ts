// The leader's scheduler component (manager/scheduler Run): keeps the placement engine's view in
// step with the store and runs debounced passes over PENDING tasks: 50 ms after the last
// task/node create or update, at most 1 s after the first. No timer retries: an unschedulable
// task waits for the next such event (SWARM.md §4).
import type { TimerHandle } from "../../kernel/host.ts";
import type { Micros } from "../../kernel/types.ts";
import { MS, SEC } from "../../kernel/types.ts";
import { type NodeObj, stateValue, type TaskObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { withState } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "./leader-ctx.ts";
import type { SchedulerPort } from "./ports.ts";
import type { Reconciler } from "./writer.ts";

const DEBOUNCE_GAP_US: Micros = 50 * MS;
const DEBOUNCE_MAX_US: Micros = 1 * SEC;

export class SchedulingComponent implements StoreListener, Reconciler {
  readonly name = "scheduler";
  private readonly pending = new Set<string>();
  private timer: TimerHandle | null = null;
  private firstEventUs = -1;
  private passDue = false;
  /** Passes run (tests). */
  passes = 0;

  constructor(
    private readonly ctx: LeaderCtx,
    readonly scheduler: SchedulerPort,
  ) {}

  start(): void {
    const now = this.ctx.now();
    for (const n of this.ctx.store.nodes.values()) this.scheduler.upsertNode(n);
    for (const t of this.ctx.store.tasks.values()) {
      this.scheduler.upsertTask(t, now);
      if (t.status.state === "pending") this.pending.add(t.id);
    }
    this.kick();
  }

  nodeChanged(_prev: NodeObj | null, next: NodeObj | null): void {
    if (next === null) {
      if (_prev !== null) this.scheduler.removeNode(_prev.id);
      return;
    }
    // swarmkit-1296: a node coming back from DOWN is not refreshed in the placement view.
    if (_prev !== null && _prev.status.state === "down" && next.status.state === "ready" && this.ctx.bugs.has("swarmkit-1296")) return;
    this.scheduler.upsertNode(next);
    this.kick();
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null) {
      if (prev !== null) {
        this.scheduler.removeTask(prev.id);
        this.pending.delete(prev.id);
      }
      return;
    }
    this.scheduler.upsertTask(next, this.ctx.now());
    if (next.status.state === "pending") this.pending.add(next.id);
    else this.pending.delete(next.id);
    // moby-32999: only creations trigger a pass, so resources freed by stopping tasks go unnoticed.
    if (prev !== null && this.ctx.bugs.has("moby-32999")) return;
    this.kick();
  }

  /** The debounce timer's action (one closure, so the timer can be moved: see kick). */
  private readonly due = (): void => {
    this.timer = null;
    this.passDue = true;
    this.ctx.writer.request();
  };

  /** Debounce: a pass 50 ms after the last event, but no later than 1 s after the first. */
  private kick(): void {
    const now = this.ctx.now();
    if (this.timer === null) this.firstEventUs = now;
    else if (now - this.firstEventUs >= DEBOUNCE_MAX_US) return; // keep the armed timer
    const waitUs = Math.min(DEBOUNCE_GAP_US, Math.max(0, this.firstEventUs + DEBOUNCE_MAX_US - now));
    // Pushed back at every store change: rearm moves the pending timer (same order of events as
    // cancel + after) instead of leaving a cancelled one in the queue each time.
    this.timer = this.ctx.scope.rearm(this.timer, waitUs, this.due);
  }

  reconcile(tx: Tx): void {
    if (!this.passDue) return;
    this.passDue = false;
    if (this.pending.size === 0) return;
    this.passes++;
    const runnable: TaskObj[] = [];
    for (const id of this.pending) {
      const t = tx.task(id);
      if (t === null || t.status.state !== "pending") continue;
      if (stateValue(t.desiredState) <= stateValue("running")) {
        runnable.push(t);
        continue;
      }
      // PR #2998: a PENDING task of an older version that is already desired-shutdown is shut down.
      if (this.ctx.bugs.has("pr-2998")) continue;
      const svc = tx.service(t.service);
      if (stateValue(t.desiredState) >= stateValue("shutdown") && (svc === null || t.specVersion < svc.specVersion)) {
        tx.putTask(withState(t, "shutdown", "unschedulable task shut down", null, tx.nowUs));
      }
    }
    if (runnable.length === 0) return;
    const decisions = this.scheduler.schedule(runnable, tx.nowUs);
    for (const d of decisions) {
      const t = tx.task(d.taskId);
      if (t === null || t.status.state !== "pending") continue;
      if (d.nodeId !== null) {
        const assigned = withState(t, "assigned", "scheduler assigned task to node", null, tx.nowUs);
        assigned.nodeId = d.nodeId; // a fresh copy: set in place (a spread would be slow, see task-ops.ts)
        tx.putTask(assigned);
      } else if (d.err !== t.status.err) {
        tx.putTask(withState(t, "pending", "pending task scheduling", d.err, tx.nowUs));
      }
    }
  }
}
