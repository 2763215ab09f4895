// The rolling updater (manager/orchestrator/update): replaces tasks of an older spec version,
// `parallelism` at a time with `delay` between them, stop-first or start-first; watches new
// tasks for `monitor`; when failures ÷ dirty slots exceed max_failure_ratio it pauses, or rolls
// back to the previous spec (a failing rollback pauses). Status goes through service.update.
import type { Micros } from "../../kernel/types.ts";
import { SEC } from "../../kernel/types.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { Reconciler } from "../manager/writer.ts";
import { type ServiceObj, stateValue, type TaskObj, type UpdateState } from "../objects.ts";
import type { UpdateConfig } from "../spec.ts";
import { isRunnable, newTask, withDesired } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { RestartSupervisor } from "./restart.ts";
import { rollBack } from "../rollback.ts";

interface InFlight {
  oldId: string;
  runningAtUs: Micros;
}

interface Run {
  serviceId: string;
  specVersion: number;
  rollback: boolean;
  cfg: UpdateConfig;
  /** Old task ids still to replace, in slot order. */
  queue: string[];
  total: number;
  active: Map<string, InFlight>;
  /** New tasks that reached RUNNING, watched until monitor ends: id → running since. */
  monitored: Map<string, Micros>;
  failures: number;
  /** The failed task that took failures over max_failure_ratio ("" until one did). */
  culprit: string;
  cooling: number;
  finishing: boolean;
}

const RUNNING = stateValue("running");

/** Failures ÷ dirty slots above max_failure_ratio (SwarmKit's trigger of the failure action). */
function overRatio(run: Run): boolean {
  return run.failures > 0 && run.failures / run.total > run.cfg.maxFailureRatio;
}

export class RollingUpdater implements Reconciler {
  readonly name = "updater";
  private readonly runs = new Map<string, Run>();
  private readonly watched = new Map<string, string>();
  private readonly due = new Set<string>();
  private restarts: RestartSupervisor | null = null;

  constructor(private readonly ctx: LeaderCtx) {}

  setRestarts(r: RestartSupervisor): void {
    this.restarts = r;
  }

  /**
   * A new leader takes up the updates and rollbacks its predecessor left started (SwarmKit's
   * orchestrator runs the updater for every service at start): one with no dirty task left
   * completes at once, the others go on.
   */
  start(): void {
    for (const svc of this.ctx.store.services.values()) this.takeUpStarted(svc);
  }

  /** A service whose update or rollback is under way gets looked at (begin() completes it when nothing is dirty). */
  private takeUpStarted(svc: ServiceObj): void {
    const st = svc.updateStatus?.state ?? null;
    if (st !== "updating" && st !== "rollback_started") return;
    this.due.add(svc.id);
    this.ctx.writer.request();
  }

  serviceDirty(svc: ServiceObj): void {
    const st = svc.updateStatus?.state ?? null;
    const run = this.runs.get(svc.id);
    if (run !== undefined && run.specVersion === svc.specVersion) return;
    if (st === "paused" || st === "rollback_paused") return;
    this.due.add(svc.id);
    this.ctx.writer.request();
  }

  /** A new spec version is looked at even when no task is outdated (a rollback may leave none). */
  serviceChanged(prev: ServiceObj | null, next: ServiceObj | null): void {
    if (next !== null && (prev === null || prev.specVersion !== next.specVersion)) this.takeUpStarted(next);
  }

  taskChanged(_prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null) return;
    const svc = this.watched.get(next.id);
    if (svc !== undefined) this.ctx.writer.request();
  }

  reconcile(tx: Tx): void {
    // Runs at every flush: no table or copy made when there is nothing to do.
    if (this.due.size > 0) {
      for (const id of this.due) this.begin(tx, id);
      this.due.clear();
    }
    if (this.runs.size === 0) return;
    for (const run of [...this.runs.values()]) this.progress(tx, run);
  }

  private begin(tx: Tx, serviceId: string): void {
    const svc = tx.service(serviceId);
    if (svc === null) return;
    const old = this.runs.get(serviceId);
    if (old !== undefined && old.specVersion === svc.specVersion) return;
    if (old !== undefined) this.end(old);
    const queue: string[] = [];
    const tasks = tx.tasksOfService(serviceId).filter((t) => isRunnable(t) && t.specVersion !== svc.specVersion);
    tasks.sort((a, b) => a.slot - b.slot || (a.nodeId ?? "").localeCompare(b.nodeId ?? ""));
    for (const t of tasks) queue.push(t.id);
    const rollback = svc.updateStatus?.state === "rollback_started";
    if (queue.length === 0) {
      // Every task is clean (SwarmKit: "abort immediately if all tasks are clean"): a started
      // update or rollback is complete at once.
      if (rollback) this.setStatus(tx, svc, "rollback_completed", "rollback completed");
      else if (svc.updateStatus?.state === "updating") this.setStatus(tx, svc, "completed", "update completed");
      return;
    }
    const run: Run = {
      serviceId,
      specVersion: svc.specVersion,
      rollback,
      cfg: rollback ? svc.spec.rollbackConfig : svc.spec.updateConfig,
      queue,
      total: queue.length,
      active: new Map(),
      monitored: new Map(),
      failures: 0,
      culprit: "",
      cooling: 0,
      finishing: false,
    };
    this.runs.set(serviceId, run);
    if (!rollback) this.setStatus(tx, svc, "updating", "update in progress");
  }

  private progress(tx: Tx, run: Run): void {
    const svc = tx.service(run.serviceId);
    if (svc === null || svc.specVersion !== run.specVersion) {
      this.end(run);
      return;
    }
    const now = tx.nowUs;
    // Replacements in flight: RUNNING ends the slot's step, anything past RUNNING is a failure.
    for (const [id, f] of run.active) {
      const t = tx.task(id);
      const v = t === null ? Number.POSITIVE_INFINITY : stateValue(t.status.state);
      if (v < RUNNING) continue;
      run.active.delete(id);
      if (v === RUNNING) {
        f.runningAtUs = now;
        run.monitored.set(id, now);
        const old = tx.task(f.oldId);
        if (old !== null && isRunnable(old)) tx.putTask(withDesired(old, "shutdown"));
      } else {
        this.watched.delete(id);
        this.countFailure(run, id);
      }
      this.cool(run);
    }
    for (const [id, since] of run.monitored) {
      const t = tx.task(id);
      if (t !== null && stateValue(t.status.state) <= RUNNING && now - since < run.cfg.monitorUs) continue;
      run.monitored.delete(id);
      this.watched.delete(id);
      if (t === null || stateValue(t.status.state) > RUNNING) this.countFailure(run, id);
    }
    if (run.cfg.failureAction !== "continue" && overRatio(run)) {
      this.fail(tx, svc, run);
      return;
    }
    const parallel = run.cfg.parallelism === 0 ? Number.POSITIVE_INFINITY : run.cfg.parallelism;
    while (run.queue.length > 0 && run.active.size + run.cooling < parallel) {
      const old = tx.task(run.queue.shift()!);
      if (old === null || !isRunnable(old) || old.specVersion === svc.specVersion) continue;
      this.replace(tx, svc, run, old);
    }
    if (run.queue.length === 0 && run.active.size === 0 && run.cooling === 0 && !run.finishing) {
      run.finishing = true;
      const c = run.cfg;
      const waitUs = c.delayUs >= c.monitorUs ? c.delayUs + SEC : c.monitorUs;
      this.ctx.scope.after(waitUs, () => {
        if (this.runs.get(run.serviceId) !== run) return;
        this.ctx.writer.enqueue((tx2) => {
          if (this.runs.get(run.serviceId) !== run) return;
          this.progress(tx2, run);
          if (this.runs.get(run.serviceId) !== run) return;
          const s = tx2.service(run.serviceId);
          if (s !== null && s.specVersion === run.specVersion) {
            this.setStatus(tx2, s, run.rollback ? "rollback_completed" : "completed", run.rollback ? "rollback completed" : "update completed");
          }
          this.end(run);
        });
      });
    }
  }

  private replace(tx: Tx, svc: ServiceObj, run: Run, old: TaskObj): void {
    const global = old.slot === 0;
    const startFirst = run.cfg.order === "start-first";
    const repl = newTask(tx, svc, old.slot, global ? old.nodeId : null, startFirst ? "running" : "ready");
    tx.putTask(repl);
    if (!startFirst) {
      tx.putTask(withDesired(old, "shutdown"));
      this.restarts?.hold(repl.id, old.id, 0, true);
    }
    run.active.set(repl.id, { oldId: old.id, runningAtUs: 0 });
    this.watched.set(repl.id, run.serviceId);
  }

  /** A finished step frees its parallel slot only after `delay`. */
  private cool(run: Run): void {
    if (run.cfg.delayUs <= 0) return;
    run.cooling++;
    this.ctx.scope.after(run.cfg.delayUs, () => {
      run.cooling--;
      this.ctx.writer.request();
    });
  }

  private countFailure(run: Run, taskId: string): void {
    run.failures++;
    if (run.culprit === "" && overRatio(run)) run.culprit = taskId;
  }

  private fail(tx: Tx, svc: ServiceObj, run: Run): void {
    const why = `due to failure or early termination of task ${run.culprit}`;
    this.end(run);
    if (run.rollback) {
      this.setStatus(tx, svc, "rollback_paused", `rollback paused ${why}`);
      return;
    }
    if (run.cfg.failureAction === "rollback" && svc.previousSpec !== null) {
      rollBack(tx, svc, `update rolled back ${why}`, false);
      return;
    }
    this.setStatus(tx, svc, "paused", `update paused ${why}`);
  }

  private setStatus(tx: Tx, svc: ServiceObj, state: UpdateState, message: string): void {
    const cur = tx.service(svc.id) ?? svc;
    tx.putService({ ...cur, version: cur.version + 1, updateStatus: { state, message } });
  }

  private end(run: Run): void {
    if (this.runs.get(run.serviceId) === run) this.runs.delete(run.serviceId);
    for (const id of run.active.keys()) this.watched.delete(id);
    for (const id of run.monitored.keys()) this.watched.delete(id);
  }
}
