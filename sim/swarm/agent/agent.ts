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
import type { AgentRequest, AgentResponse, Assignments, StatusUpdate } from "../dispatcher/messages.ts";
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
  /**
   * Requests awaiting an answer and their deadline timers: a few at most, so arrays, not a Map,
   * used up to `inflight` (never emptied: V8 drops an emptied array's store, and the next push
   * would allocate a new one at every heartbeat).
   */
  private readonly inflightIds: number[] = [];
  private readonly inflightTimers: (TimerHandle | null)[] = [];
  private inflight = 0;
  private heartbeatTimer: TimerHandle | null = null;
  private backoffUs: Micros = BACKOFF_MIN_US;
  private lastAssignSeq = 0;
  /** Assignment sets applied so far (see Executor.listedInPass). */
  private assignPass = 0;
  private statusInFlight = 0;
  private pending: StatusUpdate[] = [];
  private flushArmed = false;
  readonly executors = new Map<string, Executor>();
  private readonly ledger: ContainerLedger;
  /** The heartbeat timer's payload, reused at every period (perf: armed every ~5 s per node). */
  private readonly heartbeatCall: Callback;
  /** The status flush's payload, likewise reused (armed at every batch of task state changes). */
  private readonly flushCall: Callback;

  constructor(private readonly d: AgentDeps) {
    this.managers = [...d.managers];
    this.ledger = d.scope.host.disk.open(LEDGER_NAME, () => new Ledger());
    this.flushCall = d.scope.call(() => {
      this.flushArmed = false;
      this.flushStatus();
    });
    this.heartbeatCall = d.scope.call(() => {
      this.heartbeatTimer = null;
      const sessionId = this.sessionId;
      if (sessionId === null) return;
      const reqId = ++this.reqSeq;
      const assignSeq = this.lastAssignSeq;
      this.request({ kind: "dispatcher.heartbeat", sessionId, assignSeq, node: this.d.nodeId, agent: this.d.scope.host.id, proxy: -1, reqId });
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
    const reqId = ++this.reqSeq;
    this.request({ kind: "dispatcher.session", sessionId: null, node: this.d.nodeId, agent: this.d.scope.host.id, proxy: -1, reqId });
  }

  private reconnectLater(): void {
    this.sessionId = null;
    this.registering = false;
    for (let i = 0; i < this.inflight; i++) {
      this.d.scope.cancel(this.inflightTimers[i]);
      this.inflightTimers[i] = null;
    }
    this.inflight = 0;
    this.statusInFlight = 0;
    const wait = this.backoffUs;
    this.backoffUs = Math.min(BACKOFF_MAX_US, this.backoffUs * 2);
    this.d.scope.after(wait, () => {
      if (!this.registering && this.sessionId === null) this.connect();
    });
  }

  /**
   * Sends `req` (a whole literal built by the caller with a fresh `++reqSeq`, not completed here:
   * adding keys to an object costs a new property store each time) and arms its deadline.
   */
  private request(req: AgentRequest): void {
    this.d.send(this.target, req);
    const i = this.inflight++;
    this.inflightIds[i] = req.reqId;
    this.inflightTimers[i] = this.d.scope.schedule(RPC_TIMEOUT_US, new RpcTimeout(this.d.scope, this, req.reqId));
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
    const ids = this.inflightIds;
    const timers = this.inflightTimers;
    const n = this.inflight;
    let i = 0;
    while (i < n && ids[i] !== reqId) i++;
    if (i === n) return null;
    const h = timers[i];
    // Shift down by hand, in order (splice() allocates its result; this runs for every heartbeat).
    for (let j = i + 1; j < n; j++) {
      ids[j - 1] = ids[j];
      timers[j - 1] = timers[j];
    }
    timers[n - 1] = null;
    this.inflight = n - 1;
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
    // Executors the set lists are stamped with this pass; the others are dropped below.
    const pass = ++this.assignPass;
    for (const t of msg.tasks) {
      const ex = this.executors.get(t.id);
      if (ex !== undefined) {
        ex.listedInPass = pass;
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
      fresh.listedInPass = pass;
      fresh.update(t);
    }
    for (const [id, ex] of this.executors) {
      if (ex.listedInPass === pass) continue;
      if (!ex.done) ex.abandon();
      this.executors.delete(id);
    }
  }

  private queueStatus(t: TaskObj, state: TaskState, message: string, err: string | null): void {
    if (this.pending.length >= MAX_PENDING_UPDATES) this.pending.shift();
    this.pending.push({ taskId: t.id, state, message, err, timestampUs: this.d.scope.host.now() });
    if (this.flushArmed || this.statusInFlight > 0) return;
    this.flushArmed = true;
    this.d.scope.schedule(0, this.flushCall);
  }

  private flushStatus(): void {
    if (this.sessionId === null || this.statusInFlight > 0 || this.pending.length === 0) return;
    this.statusInFlight = this.pending.length;
    const reqId = ++this.reqSeq;
    const updates = this.pending.slice(0, this.statusInFlight);
    this.request({ kind: "dispatcher.status", sessionId: this.sessionId, updates, node: this.d.nodeId, agent: this.d.scope.host.id, proxy: -1, reqId });
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
