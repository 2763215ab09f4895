// The restart supervisor (manager/orchestrator/restart): replaces a task that ended or whose
// node became invalid. The old task is set to desired SHUTDOWN; if the restart policy allows,
// a new task takes the same slot (global: the same node) with desired READY and is started
// after the restart delay and once the old task stopped (at most 1 min later).
import type { TimerHandle } from "../../kernel/host.ts";
import type { Micros } from "../../kernel/types.ts";
import { MIN } from "../../kernel/types.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import { type NodeObj, type ServiceObj, stateValue, type TaskObj } from "../objects.ts";
import type { RestartCondition } from "../spec.ts";
import { type StoreListener, taskSeq } from "../store/store.ts";
import { isTerminal, newTask, withDesired } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";

/** How long a replacement waits for the old task to stop (defaultOldTaskTimeout). */
export const OLD_TASK_TIMEOUT_US: Micros = 1 * MIN;

export type RestartReason = "ended" | "node-down" | "node-drain" | "node-gone" | "constraint";

/** The effective condition: null (a policy block without condition) is the proto zero value NONE. */
export function restartCondition(svc: ServiceObj): RestartCondition {
  return svc.spec.restartPolicy.condition ?? "none";
}

/** Would the policy restart this (ended or displaced) task? Counts restarts from the store. */
export function shouldRestart(_tx: Tx, svc: ServiceObj, t: TaskObj, slotTasks: readonly TaskObj[]): boolean {
  const cond = restartCondition(svc);
  if (cond === "none") return false;
  if (cond === "on-failure" && t.status.state === "complete") return false;
  const p = svc.spec.restartPolicy;
  if (p.maxAttempts === 0) return true;
  // Restarts so far = earlier tasks of this slot and spec version that ended (in the window).
  let restarts = 0;
  const ts = t.status.appliedAtUs || t.status.timestampUs;
  for (const o of slotTasks) {
    if (o.id === t.id || o.specVersion !== svc.specVersion || taskSeq(o.id) > taskSeq(t.id)) continue;
    if (p.windowUs > 0) {
      const ots = o.status.appliedAtUs || o.status.timestampUs;
      if (ots < ts - p.windowUs || ots > ts) continue;
    }
    restarts++;
  }
  return restarts < p.maxAttempts;
}

interface Delayed {
  oldId: string;
  notBefore: TimerHandle | null;
  waitingForOld: boolean;
  deadline: TimerHandle | null;
}

export class RestartSupervisor implements StoreListener {
  private readonly delayed = new Map<string, Delayed>();
  private readonly byOld = new Map<string, string>();

  constructor(private readonly ctx: LeaderCtx) {}

  /** New leader: replacements still held at desired READY are started (their old tasks re-checked). */
  start(): void {
    for (const t of this.ctx.store.tasks.values()) {
      if (t.desiredState === "ready") this.hold(t.id, null, 0, false);
    }
  }

  /**
   * Restarts `t` inside `tx`. Returns the replacement, or null when the policy says no.
   * `node` is the task's node (for the drain/down shortcuts).
   */
  restart(tx: Tx, svc: ServiceObj, t: TaskObj, reason: RestartReason, slotTasks: readonly TaskObj[]): TaskObj | null {
    const bugs = this.ctx.bugs;
    const keepOld =
      (reason === "node-down" && bugs.has("swarmkit-1054")) ||
      (reason === "node-drain" && bugs.has("swarmkit-575")) ||
      (reason === "ended" && t.status.state === "rejected" && bugs.has("moby-27769"));
    if (!keepOld && stateValue(t.desiredState) < stateValue("shutdown")) tx.putTask(withDesired(t, "shutdown"));
    if (!shouldRestart(tx, svc, t, slotTasks)) return null;
    const global = t.slot === 0;
    const repl = newTask(tx, svc, t.slot, global ? t.nodeId : null, "ready");
    tx.putTask(repl);
    const delayUs = reason === "node-drain" ? 0 : svc.spec.restartPolicy.delayUs;
    // The replacement need not wait for an old task that already ended or sits on a dead node.
    const waitOld = !(isTerminal(t.status.state) || reason === "node-down" || reason === "node-gone");
    this.hold(repl.id, t.id, delayUs, waitOld);
    return repl;
  }

  /** Holds a READY task until `delayUs` passed and (if `waitOld`) the old task stopped, at most 1 min. */
  hold(id: string, oldId: string | null, delayUs: Micros, waitOld: boolean): void {
    const scope = this.ctx.scope;
    const d: Delayed = { oldId: oldId ?? "", notBefore: null, waitingForOld: waitOld && oldId !== null, deadline: null };
    this.delayed.set(id, d);
    if (oldId !== null) this.byOld.set(oldId, id);
    if (delayUs > 0)
      d.notBefore = scope.after(delayUs, () => {
        d.notBefore = null;
        this.check(id);
      });
    if (d.waitingForOld)
      d.deadline = scope.after(delayUs + OLD_TASK_TIMEOUT_US, () => {
        d.waitingForOld = false;
        this.check(id);
      });
    if (delayUs === 0) scope.after(0, () => this.check(id));
  }

  taskChanged(_prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null) return;
    const id = this.byOld.get(next.id);
    if (id === undefined) return;
    const d = this.delayed.get(id);
    if (d?.waitingForOld && stateValue(next.status.state) > stateValue("running")) {
      d.waitingForOld = false;
      this.check(id);
    }
  }

  nodeChanged(_prev: NodeObj | null, _next: NodeObj | null): void {}

  private check(id: string): void {
    const d = this.delayed.get(id);
    if (!d || d.notBefore !== null || d.waitingForOld) return;
    this.delayed.delete(id);
    this.byOld.delete(d.oldId);
    this.ctx.scope.cancel(d.deadline);
    this.ctx.writer.enqueue((tx) => {
      const t = tx.task(id);
      if (t !== null && t.desiredState === "ready") tx.putTask(withDesired(t, "running"));
    });
  }
}
