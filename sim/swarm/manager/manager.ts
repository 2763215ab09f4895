// A manager's runtime on one node: its Raft member over the Swarm store, the store's trace
// emitter, the leader-only components while it leads, the control API (executed on the leader,
// forwarded to it from other managers) and the relay of agent traffic to the leader's dispatcher.
import type { Host, Message } from "../../kernel/host.ts";
import type { Micros, NodeIx, Term } from "../../kernel/types.ts";
import type { RaftConfig } from "../../raft/config.ts";
import { executeOp } from "../controlapi/api.ts";
import { type ApiRequest, type ApiResponse, ERR_NO_LEADER, type LeaderOp, type OpDone } from "../controlapi/messages.ts";
import { type AgentRequest, type AgentResponse, ERR_NO_LEADER as ERR_DISPATCHER_NO_LEADER, proxiedRequest } from "../dispatcher/messages.ts";
import type { BehaviourSpec } from "../spec.ts";
import type { StoreEventGate } from "../store-events.ts";
import { SwarmStore, type StoreSnapshot } from "../store/store.ts";
import { StoreTraceEmitter } from "../store/tracer.ts";
import { LeaderComponents } from "./leader.ts";
import type { LeaderPorts } from "./ports.ts";
import type { RaftFactory, RaftHandle } from "./raft-port.ts";
import type { Scope } from "./scope.ts";
import { SEC } from "../../kernel/types.ts";

/** How long a forwarded API call waits for the leader (SwarmKit's reqTimeout at defaults). */
export const API_FORWARD_TIMEOUT_US: Micros = 25 * SEC;
/** Ticks without a leader after which API calls fail at once (lostQuorumTimeout). */
export const LOST_QUORUM_TICKS = 10;

export interface ManagerDeps {
  host: Host;
  scope: Scope;
  raftConfig: RaftConfig;
  raftMembers: readonly NodeIx[];
  raftFactory: RaftFactory;
  raftTagBase: number;
  bootstrap: StoreSnapshot;
  gate: StoreEventGate;
  ports: LeaderPorts;
  bugs: ReadonlySet<string>;
  behaviours: Readonly<Record<string, BehaviourSpec>>;
  send<M extends Message>(to: NodeIx, msg: M): void;
}

export class ManagerRuntime {
  readonly store: SwarmStore;
  readonly raft: RaftHandle;
  leader: LeaderComponents | null = null;
  private ticksWithoutLeader = 0;
  private apiSeq = 0;
  private readonly forwarded = new Map<number, { done: OpDone; timer: ReturnType<Host["setTimer"]> }>();
  private stopped = false;

  constructor(private readonly d: ManagerDeps) {
    this.store = new SwarmStore(d.bootstrap);
    const tracer = new StoreTraceEmitter(d.host, d.gate);
    this.store.setTracer(tracer);
    tracer.bootstrap(d.bootstrap);
    this.raft = d.raftFactory({ host: d.host, config: d.raftConfig, members: d.raftMembers, stateMachine: this.store, tagBase: d.raftTagBase });
    this.raft.onLeadershipChange((isLeader, term) => this.onLeadership(isLeader, term));
  }

  start(): void {
    this.raft.start();
  }

  /** Demotion or leave: the manager stops for good (this process keeps running as a worker). */
  stop(): void {
    this.stopped = true;
    this.raft.stop?.();
    this.leader?.stop();
    this.leader = null;
    for (const f of this.forwarded.values()) f.done({ ok: false, error: "manager stopped", output: null });
    this.forwarded.clear();
  }

  /**
   * Raft's timers. After each Raft tick (the member ticks on its first tag, see raft-port.ts) the
   * ticks without a leader are counted, as SwarmKit's Raft Run loop counts ticksWithNoLeader; no
   * timer of our own (perf: that was one kernel event per manager per second).
   */
  onRaftTimer(tag: number, data: unknown): void {
    this.raft.onTimer(tag, data);
    if (tag === this.d.raftTagBase && !this.stopped) this.ticksWithoutLeader = this.raft.leader < 0 ? this.ticksWithoutLeader + 1 : 0;
  }

  private onLeadership(isLeader: boolean, term: Term): void {
    if (this.stopped) return;
    this.leader?.stop();
    this.leader = null;
    if (!isLeader) return;
    this.leader = new LeaderComponents({
      host: this.d.host,
      store: this.store,
      raft: this.raft,
      ports: this.d.ports,
      bugs: this.d.bugs,
      behaviours: this.d.behaviours,
      send: this.d.send,
      term,
      scope: this.d.scope,
    });
    this.leader.start();
  }

  // --- agent traffic --------------------------------------------------------------------------

  onAgentRequest(req: AgentRequest): void {
    if (this.leader !== null) {
      this.leader.handleAgent(req);
      return;
    }
    const leader = this.raft.leader;
    if (req.proxy < 0 && leader >= 0 && leader !== this.d.host.id) {
      this.d.send(leader, proxiedRequest(req, this.d.host.id));
      return;
    }
    // Literals with the keys in the order a spread of the common fields gave (perf: a spread
    // followed by more keys takes V8's slow path; agents retry often while there is no leader).
    const to = req.proxy >= 0 ? req.proxy : req.agent;
    const { agent, proxy, reqId } = req;
    const error = ERR_DISPATCHER_NO_LEADER;
    if (req.kind === "dispatcher.session") {
      const managers = [...this.raft.members];
      this.d.send(to, { agent, proxy, reqId, ok: false, error, kind: "dispatcher.session-resp", sessionId: null, periodUs: 0, managers, role: null } satisfies AgentResponse);
    } else if (req.kind === "dispatcher.heartbeat") this.d.send(to, { agent, proxy, reqId, ok: false, error, kind: "dispatcher.heartbeat-resp", periodUs: 0, role: null } satisfies AgentResponse);
    else this.d.send(to, { agent, proxy, reqId, ok: false, error, kind: "dispatcher.status-resp" } satisfies AgentResponse);
  }

  /** A dispatcher response passing through this (proxy) manager. */
  relay(msg: AgentResponse): void {
    this.d.send(msg.agent, msg);
  }

  // --- control API --------------------------------------------------------------------------

  submit(op: LeaderOp, done: OpDone): void {
    if (this.stopped) {
      done({ ok: false, error: "manager stopped", output: null });
      return;
    }
    if (this.leader !== null) {
      this.execute(op, done);
      return;
    }
    const leader = this.raft.leader;
    if (leader < 0 || leader === this.d.host.id) {
      if (this.ticksWithoutLeader > LOST_QUORUM_TICKS) {
        done({ ok: false, error: ERR_NO_LEADER, output: null });
        return;
      }
      // LeaderConn polls every tick for a leader until the lost-quorum timeout.
      this.d.scope.after(this.d.raftConfig.tickUs, () => this.submit(op, done));
      return;
    }
    const reqId = ++this.apiSeq;
    const timer = this.d.scope.after(API_FORWARD_TIMEOUT_US, () => {
      const f = this.forwarded.get(reqId);
      if (!f) return;
      this.forwarded.delete(reqId);
      f.done({ ok: false, error: "context deadline exceeded", output: null });
    });
    this.forwarded.set(reqId, { done, timer });
    this.d.send(leader, { kind: "api.request", reqId, op } satisfies ApiRequest);
  }

  private execute(op: LeaderOp, done: OpDone): void {
    const leader = this.leader!;
    let output: unknown = null;
    // Reads are served from the leader's committed store, writes through one batch entry.
    leader.writer.enqueue(
      (tx) => {
        output = executeOp({ ctx: leader.ctx, ports: this.d.ports, allocator: leader.allocation.allocator }, tx, op);
      },
      (ok, error) => done({ ok, error, output: ok ? output : null }),
    );
  }

  onApiRequest(from: NodeIx, req: ApiRequest): void {
    this.submit(req.op, (r) => this.d.send(from, { kind: "api.response", reqId: req.reqId, ...r } satisfies ApiResponse));
  }

  onApiResponse(resp: ApiResponse): void {
    const f = this.forwarded.get(resp.reqId);
    if (!f) return;
    this.forwarded.delete(resp.reqId);
    this.d.scope.cancel(f.timer);
    f.done({ ok: resp.ok, error: resp.error, output: resp.output });
  }
}
