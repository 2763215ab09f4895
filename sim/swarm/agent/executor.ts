// One task on a worker (SwarmKit agent/exec controller): drives the observed state toward the
// desired state — accepted → preparing → ready → starting → running → complete / failed /
// shutdown — with startup time, start failures, exits and health checks from the behaviour.
import { T } from "../../kernel/events.ts";
import type { TimerHandle } from "../../kernel/host.ts";
import type { Micros } from "../../kernel/types.ts";
import type { Scope } from "../manager/scope.ts";
import { stateValue, type TaskObj, type TaskState } from "../objects.ts";
import type { BehaviourSpec } from "../spec.ts";
import { STOP_US } from "./behaviour.ts";
import type { ContainerLedger } from "./container-ledger.ts";

const CONTAINER_STATE = T["container.state"];

export type Report = (t: TaskObj, state: TaskState, message: string, err: string | null) => void;

export class Executor {
  /** Locally observed state. */
  state: TaskState = "assigned";
  private container: "none" | "starting" | "running" | "stopping" | "exited" = "none";
  private timer: TimerHandle | null = null;
  private startedAtUs: Micros = 0;
  /** The agent's last assignments pass that listed this task (the agent drops the others). */
  listedInPass = 0;

  constructor(
    public task: TaskObj,
    private readonly scope: Scope,
    private readonly behaviour: BehaviourSpec,
    private readonly ledger: ContainerLedger,
    private readonly report: Report,
  ) {}

  get done(): boolean {
    return stateValue(this.state) > stateValue("running");
  }

  /** A new assignment for this task (desired state may have changed). */
  update(t: TaskObj): void {
    this.task = t;
    this.drive();
  }

  private set(state: TaskState, message: string, err: string | null = null): void {
    if (stateValue(state) <= stateValue(this.state)) return;
    this.state = state;
    this.report(this.task, state, message, err);
  }

  private drive(): void {
    if (this.done) return;
    const desired = stateValue(this.task.desiredState);
    if (desired > stateValue("running")) {
      this.shutdown();
      return;
    }
    if (stateValue(this.state) < stateValue("ready")) {
      this.set("accepted", "accepted");
      this.set("preparing", "preparing");
      this.set("ready", "prepared");
    }
    if (desired >= stateValue("running") && this.container === "none") this.startContainer();
  }

  private startContainer(): void {
    const b = this.behaviour;
    const host = this.scope.host;
    this.set("starting", "starting");
    this.container = "starting";
    this.emitContainer("starting");
    this.timer = this.scope.after(b.startupUs, () => {
      this.timer = null;
      if (b.failStart > 0 && host.random() < b.failStart) {
        return this.exit("failed", "starting container failed: task: non-zero exit (1)", "task: non-zero exit (1)");
      }
      this.container = "running";
      this.startedAtUs = host.now();
      this.ledger.running.set(this.task.id, { task: this.task.id, service: this.task.service, slot: this.task.slot });
      this.emitContainer("running");
      const hc = this.task.spec.healthcheck;
      if (hc === null) {
        this.set("running", "started");
        this.armExit();
        return;
      }
      // With a health check the task is RUNNING only once the first check passed.
      const failAt = this.unhealthyFailAtUs();
      if (failAt !== null && failAt <= hc.intervalUs) return this.armUnhealthy(failAt);
      this.timer = this.scope.after(hc.intervalUs, () => {
        this.timer = null;
        this.set("running", "started");
        this.armExit();
      });
    });
  }

  /** Time from container start at which the health check fails `retries` times in a row, or null. */
  private unhealthyFailAtUs(): Micros | null {
    const hc = this.task.spec.healthcheck;
    const after = this.behaviour.unhealthyAfterUs;
    if (hc === null || after === null) return null;
    const interval = Math.max(1, hc.intervalUs);
    const first = Math.max(1, Math.ceil(after / interval), Math.ceil(hc.startPeriodUs / interval));
    return (first + Math.max(1, hc.retries) - 1) * interval;
  }

  private armExit(): void {
    const b = this.behaviour;
    const failAt = this.unhealthyFailAtUs();
    const elapsed = this.scope.host.now() - this.startedAtUs;
    const exitIn = b.exitAfterUs === null ? null : Math.max(0, b.exitAfterUs - elapsed);
    const unhealthyIn = failAt === null ? null : Math.max(0, failAt - elapsed);
    if (unhealthyIn !== null && (exitIn === null || unhealthyIn < exitIn)) {
      this.armUnhealthy(failAt!, elapsed);
      return;
    }
    if (exitIn === null) return;
    this.timer = this.scope.after(exitIn, () => {
      this.timer = null;
      if (b.exitCode === 0) this.exit("complete", "finished", null);
      else this.exit("failed", "task: non-zero exit", `task: non-zero exit (${b.exitCode})`);
    });
  }

  private armUnhealthy(failAtUs: Micros, elapsedUs: Micros = 0): void {
    this.timer = this.scope.after(Math.max(0, failAtUs - elapsedUs), () => {
      this.timer = null;
      this.exit("failed", "container unhealthy", "task: non-zero exit (137): dockerexec: unhealthy container");
    });
  }

  private exit(state: TaskState, message: string, err: string | null): void {
    this.scope.cancel(this.timer);
    this.timer = null;
    this.container = "exited";
    this.ledger.running.delete(this.task.id);
    this.emitContainer(state);
    this.set(state, message, err);
  }

  private shutdown(): void {
    if (this.container === "stopping") return;
    if (this.container === "none" || this.container === "exited") {
      this.set("shutdown", "shutdown");
      return;
    }
    this.scope.cancel(this.timer);
    this.container = "stopping";
    this.timer = this.scope.after(STOP_US, () => {
      this.timer = null;
      this.exit("shutdown", "shutdown", null);
    });
  }

  /** The task is no longer assigned here (deleted, orphaned, reassigned): stop without reporting. */
  abandon(): void {
    this.scope.cancel(this.timer);
    this.timer = null;
    if (this.container === "starting" || this.container === "running" || this.container === "stopping") {
      this.container = "exited";
      this.ledger.running.delete(this.task.id);
      this.emitContainer("shutdown");
    }
  }

  private emitContainer(state: string): void {
    const t = this.task;
    this.scope.host.trace.emit(CONTAINER_STATE, this.scope.host.id, t.id, t.service, t.slot, state);
  }
}
