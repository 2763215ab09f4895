// The worker agent (SwarmKit agent/): keeps a session with the leader's dispatcher through some
// manager, heartbeats at the period the dispatcher returns, reports task status, and runs what
// its assignments say. Partitioned from every manager it keeps its containers running; once it
// reconnects, the assignments tell it what to stop.
import type { Message, TimerHandle } from "../../kernel/host.ts";
import type { Micros, NodeIx } from "../../kernel/types.ts";
import { MS, SEC } from "../../kernel/types.ts";
import { type Callback, type Scope, ScopedTask } from "../manager/scope.ts";
import { T } from "../../kernel/events.ts";
import type { TaskObj, TaskState } from "../objects.ts";
import { stateValue } from "../objects.ts";
import type { BehaviourSpec } from "../spec.ts";
import type { AgentResponse, Assignments, StatusUpdate } from "../dispatcher/messages.ts";
import { ERR_SESSION_INVALID } from "../dispatcher/messages.ts";
import { behaviourOf } from "./behaviour.ts";
import { type ContainerLedger, LEDGER_NAME, ContainerLedger as Ledger } from "./container-ledger.ts";
import { Executor } from "./executor.ts";

/** Dispatcher RPC timeout. */
export const RPC_TIMEOUT_US: Micros = 5 * SEC;
const BACKOFF_MIN_US: Micros = 100 * MS;
const BACKOFF_MAX_US: Micros = 8 * SEC;
/** Bound on status updates waiting for a connection (oldest are superseded per task anyway). */
const MAX_PENDING_UPDATES = 100_000;

export interface AgentDeps {
  scope: Scope;
  nodeId: string;
  /** Managers to try (initial members; refreshed from session responses). */
  managers: readonly NodeIx[];
  /** This node runs a manager: the agent talks to it first. */
  preferLocal: () => boolean;
  behaviours: Readonly<Record<string, BehaviourSpec>>;
  bugs: ReadonlySet<string>;
  send<M extends Message>(to: NodeIx, msg: M): void;
  /** The store says this node's role is now `role` (promotion / demotion reached it). */
  onRole(role: "manager" | "worker"): void;
}

export class Agent {
  private managers: NodeIx[];
  private target: NodeIx = -1;
  private sessionId: string | null = null;
  private registering = false;
  private reqSeq = 0;
  /** Requests awaiting an answer and their deadline timers (a few at most: arrays, not a Map). */
  private readonly inflightIds: number[] = [];
  private readonly inflightTimers: TimerHandle[] = [];
  private heartbeatTimer: TimerHandle | null = null;
  private backoffUs: Micros = BACKOFF_MIN_US;
  private lastAssignSeq = 0;
  private statusInFlight = 0;
  private pending: StatusUpdate[] = [];
  private flushArmed = false;
  readonly executors = new Map<string, Executor>();
  private readonly ledger: ContainerLedger;
  /** The heartbeat timer's payload, reused at every period (perf: armed every ~5 s per node). */
  private readonly heartbeatCall: Callback;

  constructor(private readonly d: AgentDeps) {
    this.managers = [...d.managers];
    this.ledger = d.scope.host.disk.open(LEDGER_NAME, () => new Ledger());
    this.heartbeatCall = d.scope.call(() => {
      this.heartbeatTimer = null;
      if (this.sessionId !== null) this.request({ kind: "dispatcher.heartbeat", sessionId: this.sessionId, assignSeq: this.lastAssignSeq });
    });
  }

  get connected(): boolean {
    return this.sessionId !== null;
  }

  start(): void {
    const host = this.d.scope.host;
    // Containers recorded by a previous incarnation died with the host (swarmkit-562: they are kept).
    if (!this.d.bugs.has("swarmkit-562")) {
      for (const c of this.ledger.running.values()) host.trace.emit(T["container.state"], host.id, c.task, c.service, c.slot, "shutdown");
      this.ledger.running.clear();
    }
    this.connect();
  }

  stop(): void {
    for (const ex of this.executors.values()) ex.abandon();
    this.executors.clear();
    this.d.scope.close();
  }

  // --- session ------------------------------------------------------------------------------

  private pickManager(): NodeIx {
    const host = this.d.scope.host;
    if (this.d.preferLocal() && this.target !== host.id) return host.id;
    const others = this.managers.filter((m) => m !== this.target || this.managers.length === 1);
    if (others.length === 0) return this.target;
    return others[Math.floor(host.random() * others.length)];
  }

  private connect(): void {
    const scope = this.d.scope;
    this.sessionId = null;
    this.registering = true;
    scope.cancel(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.managers.length === 0) return;
    this.target = this.pickManager();
    this.request({ kind: "dispatcher.session", sessionId: null });
  }

  private reconnectLater(): void {
    this.sessionId = null;
    this.registering = false;
    for (const h of this.inflightTimers) this.d.scope.cancel(h);
    this.inflightIds.length = 0;
    this.inflightTimers.length = 0;
    this.statusInFlight = 0;
    const wait = this.backoffUs;
    this.backoffUs = Math.min(BACKOFF_MAX_US, this.backoffUs * 2);
    this.d.scope.after(wait, () => {
      if (!this.registering && this.sessionId === null) this.connect();
    });
  }

  private request(body: { kind: string; [k: string]: unknown }): number {
    const reqId = ++this.reqSeq;
    const host = this.d.scope.host;
    // `body` is a fresh literal at every call site: complete it in place (same keys, same order).
    // Perf: `{ ...body, k: v }` takes the slow path in Node 20's V8 (~1 µs per extra key).
    body.node = this.d.nodeId;
    body.agent = host.id;
    body.proxy = -1;
    body.reqId = reqId;
    this.d.send(this.target, body as unknown as Message);
    this.inflightIds.push(reqId);
    this.inflightTimers.push(this.d.scope.schedule(RPC_TIMEOUT_US, new RpcTimeout(this.d.scope, this, reqId)));
    return reqId;
  }

  /** The dispatcher did not answer request `reqId` in time. */
  rpcTimedOut(reqId: number): void {
    this.forget(reqId);
    this.reconnectLater();
  }

  private settle(reqId: number): boolean {
    const h = this.forget(reqId);
    if (h === null) return false; // late or duplicate response
    this.d.scope.cancel(h);
    return true;
  }

  /** Drops an in-flight request; returns its deadline timer, or null if it was not in flight. */
  private forget(reqId: number): TimerHandle | null {
    const i = this.inflightIds.indexOf(reqId);
    if (i < 0) return null;
    const ids = this.inflightIds;
    const timers = this.inflightTimers;
    const h = timers[i];
    // Shift down by hand: splice() allocates its result (this runs for every heartbeat).
    for (let j = i + 1; j < ids.length; j++) {
      ids[j - 1] = ids[j];
      timers[j - 1] = timers[j];
    }
    ids.pop();
    timers.pop();
    return h;
  }

  onResponse(msg: AgentResponse): void {
    if (msg.kind === "dispatcher.assignments") {
      this.onAssignments(msg);
      return;
    }
    if (!this.settle(msg.reqId)) return;
    switch (msg.kind) {
      case "dispatcher.session-resp":
        this.registering = false;
        if (!msg.ok || msg.sessionId === null) {
          this.reconnectLater();
          return;
        }
        this.sessionId = msg.sessionId;
        this.lastAssignSeq = 0;
        this.backoffUs = BACKOFF_MIN_US;
        if (msg.managers.length > 0) this.managers = [...msg.managers];
        this.armHeartbeat(msg.periodUs);
        if (msg.role !== null) this.d.onRole(msg.role);
        this.flushStatus();
        return;
      case "dispatcher.heartbeat-resp":
        if (!msg.ok) {
          msg.error === ERR_SESSION_INVALID ? this.connect() : this.reconnectLater();
          return;
        }
        this.armHeartbeat(msg.periodUs);
        if (msg.role !== null) this.d.onRole(msg.role);
        return;
      case "dispatcher.status-resp":
        if (!msg.ok) {
          this.statusInFlight = 0;
          msg.error === ERR_SESSION_INVALID ? this.connect() : this.reconnectLater();
          return;
        }
        this.pending.splice(0, this.statusInFlight);
        this.statusInFlight = 0;
        this.flushStatus();
        return;
    }
  }

  private armHeartbeat(periodUs: Micros): void {
    const scope = this.d.scope;
    scope.cancel(this.heartbeatTimer);
    this.heartbeatTimer = scope.schedule(periodUs, this.heartbeatCall);
  }

  // --- tasks --------------------------------------------------------------------------------

  private onAssignments(msg: Assignments): void {
    if (msg.sessionId !== this.sessionId || msg.seq <= this.lastAssignSeq) return;
    this.lastAssignSeq = msg.seq;
    const seen = new Set<string>();
    for (const t of msg.tasks) {
      seen.add(t.id);
      const ex = this.executors.get(t.id);
      if (ex !== undefined) {
        ex.update(t);
        continue;
      }
      if (stateValue(t.status.state) > stateValue("assigned")) {
        // The store thinks it started here, but this agent has no such container (node restarted).
        if (stateValue(t.desiredState) > stateValue("running")) this.queueStatus(t, "shutdown", "shutdown", null);
        else this.queueStatus(t, "failed", "container gone after node restart", "task: non-zero exit (137): container exited on node restart");
        continue;
      }
      const fresh = new Executor(t, this.d.scope, behaviourOf(this.d.behaviours, t), this.ledger, (task, state, message, err) =>
        this.queueStatus(task, state, message, err),
      );
      this.executors.set(t.id, fresh);
      fresh.update(t);
    }
    for (const [id, ex] of this.executors) {
      if (seen.has(id)) continue;
      if (!ex.done) ex.abandon();
      this.executors.delete(id);
    }
  }

  private queueStatus(t: TaskObj, state: TaskState, message: string, err: string | null): void {
    if (this.pending.length >= MAX_PENDING_UPDATES) this.pending.shift();
    this.pending.push({ taskId: t.id, state, message, err, timestampUs: this.d.scope.host.now() });
    if (this.flushArmed || this.statusInFlight > 0) return;
    this.flushArmed = true;
    this.d.scope.after(0, () => {
      this.flushArmed = false;
      this.flushStatus();
    });
  }

  private flushStatus(): void {
    if (this.sessionId === null || this.statusInFlight > 0 || this.pending.length === 0) return;
    this.statusInFlight = this.pending.length;
    this.request({ kind: "dispatcher.status", sessionId: this.sessionId, updates: this.pending.slice(0, this.statusInFlight) });
  }
}

/** An RPC's deadline (one object per request: every heartbeat sets one). */
class RpcTimeout extends ScopedTask {
  constructor(
    scope: Scope,
    private readonly agent: Agent,
    private readonly reqId: number,
  ) {
    super(scope);
  }
  fire(): void {
    this.agent.rpcTimedOut(this.reqId);
  }
}
