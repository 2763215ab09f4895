// The leader's dispatcher (manager/dispatcher): agent sessions, heartbeats with jittered periods
// and a 3× TTL, node status (READY / UNKNOWN / DOWN), task status updates from agents, task
// assignments to agents, and orphaning tasks of nodes down for 24 h.
import type { TimerHandle } from "../../kernel/host.ts";
import type { Micros, NodeIx } from "../../kernel/types.ts";
import { HOUR, MS } from "../../kernel/types.ts";
import { type NodeObj, stateValue, type TaskObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { isActiveOnNode, withState } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import { AssignedTasks } from "./assigned-tasks.ts";
import {
  type AgentRequest,
  type Assignments,
  ERR_NODE_NOT_FOUND,
  ERR_SESSION_INVALID,
  type HeartbeatRequest,
  type SessionRequest,
  type StatusRequest,
} from "./messages.ts";

export const HEARTBEAT_EPSILON_US: Micros = 500 * MS;
export const GRACE_MULTIPLIER = 3;
/** A new leader gives non-down nodes 2× the normal grace to re-register. */
export const UNKNOWN_GRACE_MULTIPLIER = 2 * GRACE_MULTIPLIER;
export const NODE_DOWN_PERIOD_US: Micros = 24 * HOUR;
/** swarmkit-921: the too-short grace after leader election. */
const BUGGY_UNKNOWN_GRACE_US: Micros = 500 * MS;

export const MSG_UNKNOWN = 'Node moved to "unknown" state due to leadership change in cluster';
export const MSG_HEARTBEAT_FAILURE = "heartbeat failure";
export const MSG_UNKNOWN_FAILURE = 'heartbeat failure for node in "unknown" state';

interface Session {
  nodeId: string;
  sessionId: string;
  agent: NodeIx;
  proxy: NodeIx;
  assignSeq: number;
  /** The node's heartbeat TTL (the dispatcher's record for the node). */
  ttl: Ttl;
  /** The node's role in the committed store, kept current by nodeChanged (answered at every heartbeat). */
  role: NodeObj["role"] | null;
}

/** A node's heartbeat TTL: the timer (null when none) and its action, made once per node. */
interface Ttl {
  timer: TimerHandle | null;
  expire: () => void;
}

export class Dispatcher implements StoreListener {
  private readonly sessions = new Map<string, Session>();
  /** Heartbeat TTL per node, kept across heartbeats and sessions (perf: re-armed at every heartbeat). */
  private readonly ttl = new Map<string, Ttl>();
  private readonly downTimers = new Map<string, TimerHandle>();
  private readonly dirtyAssignments = new Set<string>();
  /** What each node's assignment set lists, kept from store changes. */
  private readonly assigned: AssignedTasks;
  private sessionCounter = 0;

  constructor(
    private readonly ctx: LeaderCtx,
    private readonly term: number,
  ) {
    this.assigned = new AssignedTasks(ctx.store);
  }

  /** markNodesUnknown: every non-down node must re-register within 2× the grace. */
  start(): void {
    const ctx = this.ctx;
    const buggy = ctx.bugs.has("swarmkit-921");
    this.assigned.load();
    const unknown: string[] = [];
    for (const n of ctx.store.nodes.values()) {
      if (n.status.state === "down") this.armDown(n.id);
      else {
        unknown.push(n.id);
        // Per node, 2× the grace of a jittered period (nodeStore.AddUnknown): ~27–33 s.
        this.armTtl(n.id, buggy ? BUGGY_UNKNOWN_GRACE_US : UNKNOWN_GRACE_MULTIPLIER * this.pickPeriod());
      }
    }
    if (unknown.length === 0) return;
    ctx.writer.enqueue((tx) => {
      for (const id of unknown) {
        const n = tx.node(id);
        if (n === null || n.status.state === "down" || this.sessions.has(id)) continue;
        tx.putNode(withNodeStatus(n, "unknown", MSG_UNKNOWN));
      }
    });
  }

  stop(): void {
    this.sessions.clear();
  }

  /** The store was replaced by a snapshot. */
  restored(): void {
    this.assigned.load();
  }

  // --- requests ---------------------------------------------------------------------------

  handle(req: AgentRequest): void {
    switch (req.kind) {
      case "dispatcher.session":
        this.onSession(req);
        return;
      case "dispatcher.heartbeat":
        this.onHeartbeat(req);
        return;
      case "dispatcher.status":
        this.onStatus(req);
        return;
    }
  }

  private onSession(req: SessionRequest): void {
    const ctx = this.ctx;
    const node = ctx.store.nodes.get(req.node);
    if (!node) {
      this.respondSession(req, false, ERR_NODE_NOT_FOUND, null);
      return;
    }
    const sessionId = `${req.node}/${this.term}/${++this.sessionCounter}`;
    ctx.writer.enqueue(
      (tx) => {
        const n = tx.node(req.node);
        if (n === null) return;
        if (n.status.state !== "ready" || n.status.message !== "") tx.putNode(withNodeStatus(n, "ready", ""));
      },
      (ok, err) => {
        if (!ok || !ctx.store.nodes.has(req.node)) {
          this.respondSession(req, false, err ?? ERR_NODE_NOT_FOUND, null);
          return;
        }
        const role = ctx.store.nodes.get(req.node)?.role ?? null;
        this.sessions.set(req.node, { nodeId: req.node, sessionId, agent: req.agent, proxy: req.proxy, assignSeq: 0, ttl: this.ttlOf(req.node), role });
        this.cancelDown(req.node);
        this.armTtl(req.node, GRACE_MULTIPLIER * this.respondSession(req, true, null, sessionId));
        this.sendAssignments(req.node);
      },
    );
  }

  private respondSession(req: SessionRequest, ok: boolean, error: string | null, sessionId: string | null): Micros {
    const periodUs = this.pickPeriod();
    this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, {
      kind: "dispatcher.session-resp",
      agent: req.agent,
      proxy: req.proxy,
      reqId: req.reqId,
      ok,
      error,
      sessionId,
      periodUs,
      managers: [...this.ctx.raft.members],
      role: this.ctx.store.nodes.get(req.node)?.role ?? null,
    });
    return periodUs;
  }

  private onHeartbeat(req: HeartbeatRequest): void {
    const s = this.sessions.get(req.node);
    const ok = s !== undefined && s.sessionId === req.sessionId;
    const periodUs = this.pickPeriod();
    if (ok) {
      s.proxy = req.proxy;
      this.rearm(s.ttl, GRACE_MULTIPLIER * periodUs);
      // The assignment stream is a gRPC stream (TCP): nothing sent on it is lost. Our messages can
      // be, so an agent behind on assignments gets the current set again with its heartbeat.
      if (req.assignSeq !== undefined && req.assignSeq < s.assignSeq) this.sendAssignments(req.node);
    }
    this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, {
      kind: "dispatcher.heartbeat-resp",
      agent: req.agent,
      proxy: req.proxy,
      reqId: req.reqId,
      ok,
      error: ok ? null : ERR_SESSION_INVALID,
      periodUs,
      role: ok ? s.role : (this.ctx.store.nodes.get(req.node)?.role ?? null),
    });
  }

  private onStatus(req: StatusRequest): void {
    const s = this.sessions.get(req.node);
    const reply = (ok: boolean, error: string | null) =>
      this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, { kind: "dispatcher.status-resp", agent: req.agent, proxy: req.proxy, reqId: req.reqId, ok, error });
    if (s === undefined || s.sessionId !== req.sessionId) {
      reply(false, ERR_SESSION_INVALID);
      return;
    }
    const updates = req.updates;
    this.ctx.writer.enqueue(
      (tx) => {
        for (const u of updates) {
          const t = tx.task(u.taskId);
          if (t === null || t.nodeId !== req.node) continue;
          if (stateValue(u.state) <= stateValue(t.status.state)) continue;
          tx.putTask(withState(t, u.state, u.message, u.err, tx.nowUs, u.timestampUs));
        }
      },
      (ok, err) => reply(ok, err),
    );
  }

  private pickPeriod(): Micros {
    const period = this.ctx.store.cluster.heartbeatPeriodUs;
    return Math.round(period - HEARTBEAT_EPSILON_US + this.ctx.host.random() * 2 * HEARTBEAT_EPSILON_US);
  }

  // --- liveness ---------------------------------------------------------------------------

  private ttlOf(nodeId: string): Ttl {
    let rec = this.ttl.get(nodeId);
    if (rec === undefined) {
      rec = { timer: null, expire: () => this.expire(nodeId) };
      this.ttl.set(nodeId, rec);
    }
    return rec;
  }

  private armTtl(nodeId: string, afterUs: Micros): void {
    this.rearm(this.ttlOf(nodeId), afterUs);
  }

  /** Pushed back at every heartbeat: rearm moves the pending timer instead of queueing another. */
  private rearm(rec: Ttl, afterUs: Micros): void {
    rec.timer = this.ctx.scope.rearm(rec.timer, afterUs, rec.expire);
  }

  private expire(nodeId: string): void {
    const rec = this.ttl.get(nodeId);
    if (rec !== undefined) rec.timer = null;
    this.sessions.delete(nodeId);
    this.ctx.writer.enqueue((tx) => {
      const n = tx.node(nodeId);
      if (n === null || n.status.state === "down") return;
      const msg = n.status.state === "unknown" ? MSG_UNKNOWN_FAILURE : MSG_HEARTBEAT_FAILURE;
      tx.putNode(withNodeStatus(n, "down", msg));
    });
    this.armDown(nodeId);
  }

  private armDown(nodeId: string): void {
    const ctx = this.ctx;
    ctx.scope.cancel(this.downTimers.get(nodeId) ?? null);
    this.downTimers.set(
      nodeId,
      ctx.scope.after(NODE_DOWN_PERIOD_US, () => {
        this.downTimers.delete(nodeId);
        if (ctx.bugs.has("moby-37320")) return; // ghost tasks: never orphaned
        ctx.writer.enqueue((tx) => orphanTasksOfDownNode(tx, nodeId));
      }),
    );
  }

  private cancelDown(nodeId: string): void {
    const h = this.downTimers.get(nodeId);
    if (h) {
      this.ctx.scope.cancel(h);
      this.downTimers.delete(nodeId);
    }
  }

  // --- assignments ------------------------------------------------------------------------

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    this.assigned.changed(prev, next);
    if (prev?.nodeId) this.dirtyAssignments.add(prev.nodeId);
    if (next?.nodeId && next.nodeId !== prev?.nodeId) this.dirtyAssignments.add(next.nodeId);
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    if (next !== null) {
      const s = this.sessions.get(next.id);
      if (s !== undefined) s.role = next.role;
    } else if (prev !== null) {
      this.sessions.delete(prev.id);
      this.ctx.scope.cancel(this.ttl.get(prev.id)?.timer ?? null);
      this.ttl.delete(prev.id);
      this.cancelDown(prev.id);
    }
  }

  entryApplied(): void {
    if (this.dirtyAssignments.size === 0) return;
    for (const nodeId of this.dirtyAssignments) if (this.sessions.has(nodeId)) this.sendAssignments(nodeId);
    this.dirtyAssignments.clear();
  }

  private sendAssignments(nodeId: string): void {
    const s = this.sessions.get(nodeId);
    if (!s) return;
    const tasks = this.assigned.of(nodeId);
    const msg: Assignments = { kind: "dispatcher.assignments", agent: s.agent, proxy: s.proxy, sessionId: s.sessionId, seq: ++s.assignSeq, tasks };
    this.ctx.send(s.proxy >= 0 ? s.proxy : s.agent, msg);
  }

  /** Node ids with a live session (for tests and the role manager). */
  hasSession(nodeId: string): boolean {
    return this.sessions.has(nodeId);
  }
}

export function withNodeStatus(n: NodeObj, state: NodeObj["status"]["state"], message: string): NodeObj {
  // Literals with every field in NodeObj's order (nodeObjFromSpec's): see copyTask in task-ops.ts.
  return {
    id: n.id,
    ix: n.ix,
    spec: n.spec,
    role: n.role,
    status: { state, message, addr: n.status.addr },
    description: n.description,
    version: n.version + 1,
  };
}

/** Tasks of a node down for 24 h (or deleted) in ASSIGNED..RUNNING become ORPHANED. */
export function orphanTasksOfDownNode(tx: Tx, nodeId: string): void {
  const n = tx.node(nodeId);
  if (n !== null && n.status.state !== "down") return;
  for (const t of tx.tasksOfNode(nodeId)) {
    if (isActiveOnNode(t)) tx.putTask(withState(t, "orphaned", "task orphaned: node down", null, tx.nowUs));
  }
}
