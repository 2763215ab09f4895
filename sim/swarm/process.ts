// A Swarm node's process: the agent (every joined node) and, on managers, the manager runtime
// (Raft + store + control API + leader components). One class for both roles, because a node
// changes role at run time (promote / demote / join / leave). Recreated on every restart; what
// must survive lives on the host's disk (membership record, container ledger, Raft's storage).
import type { Host, Message, NodeProcess } from "../kernel/host.ts";
import type { NodeIx } from "../kernel/types.ts";
import type { RaftConfig } from "../raft/config.ts";
import type { NodeSpec } from "../world/spec.ts";
import { Agent } from "./agent/agent.ts";
import { ContainerLedger, LEDGER_NAME } from "./agent/container-ledger.ts";
import { type ApiRequest, type ApiResponse, ERR_NOT_IN_SWARM, type OpDone, type OpResult } from "./controlapi/messages.ts";
import { type AgentRequest, type AgentResponse, isAgentRequestKind, isAgentResponseKind } from "./dispatcher/messages.ts";
import { type FinalState, finalStateOf } from "./final-state.ts";
import { raftMemberFactory } from "./manager/raft-member-factory.ts";
import { REAL_PORTS } from "./manager/real-ports.ts";
import { API_FORWARD_TIMEOUT_US, ManagerRuntime } from "./manager/manager.ts";
import type { LeaderPorts } from "./manager/ports.ts";
import { isRaftKind, type RaftFactory } from "./manager/raft-port.ts";
import { runCallback, Scope } from "./manager/scope.ts";
import { NODE_RECORD, NodeRecord } from "./node-record.ts";
import type { BehaviourSpec, Operation, ServiceSpec } from "./spec.ts";
import type { StoreEventGate } from "./store-events.ts";
import { bootstrapSnapshot } from "./store/bootstrap.ts";

export interface SwarmProcessOptions {
  raftConfig: RaftConfig;
  /** Initial Raft members (the initial managers). */
  raftMembers: readonly NodeIx[];
  /** This node's spec. */
  node: NodeSpec;
  /** Every node of the scenario (joinLater ones are not in the initial swarm). */
  cluster: readonly NodeSpec[];
  /** Services that exist at t=0 (deployed before the run starts). */
  services: readonly ServiceSpec[];
  behaviours: Readonly<Record<string, BehaviourSpec>>;
  gate: StoreEventGate;
  bugs: readonly string[];
  /** The swarm layer uses this timer tag; Raft gets tags from timerTagBase + 1 up. */
  timerTagBase: number;
  /** Default: the real RaftMember. */
  raftFactory?: RaftFactory;
  /** Scheduler and allocator implementations (default: the real ones). */
  ports?: LeaderPorts;
}

export const ERR_ALREADY_IN_SWARM = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
export const ERR_NOT_PART = "This node is not part of a swarm";
export const ERR_LAST_MANAGER =
  "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.";

export class SwarmNode implements NodeProcess {
  private readonly scope: Scope;
  private readonly record: NodeRecord;
  private readonly bugs: ReadonlySet<string>;
  agent: Agent | null = null;
  manager: ManagerRuntime | null = null;
  private joinSeq = 0;
  private readonly joins = new Map<number, { done: OpDone; timer: ReturnType<Host["setTimer"]> }>();

  constructor(
    readonly host: Host,
    private readonly opts: SwarmProcessOptions,
  ) {
    this.scope = new Scope(host, opts.timerTagBase);
    this.bugs = new Set(opts.bugs);
    const initialRole = opts.raftMembers.includes(host.id) ? "manager" : "worker";
    this.record = host.disk.open(NODE_RECORD, () => new NodeRecord(!opts.node.joinLater, initialRole));
  }

  start(): void {
    if (!this.record.joined) return;
    if (this.record.role === "manager") this.startManager(this.opts.raftMembers.includes(this.host.id) ? this.opts.raftMembers : []);
    this.startAgent();
  }

  // --- wiring ---------------------------------------------------------------------------------

  private readonly send = <M extends Message>(to: NodeIx, msg: M): void => {
    if (to === this.host.id) this.sendToSelf(msg);
    else this.host.send(to, msg);
  };

  /** Apart from send(): a closure there would cost every send a context, not only this rare case. */
  private sendToSelf(msg: Message): void {
    const self = this.host.id;
    this.scope.after(0, () => this.onMessage(self, msg));
  }

  private startManager(members: readonly NodeIx[]): void {
    const raftConfig = this.bugs.has("swarmkit-1341") ? { ...this.opts.raftConfig, checkQuorum: false } : this.opts.raftConfig;
    this.manager = new ManagerRuntime({
      host: this.host,
      scope: new Scope(this.host, this.opts.timerTagBase),
      raftConfig,
      raftMembers: members,
      raftFactory: this.opts.raftFactory ?? raftMemberFactory,
      raftTagBase: this.opts.timerTagBase + 1,
      bootstrap: bootstrapSnapshot(this.host, this.opts.cluster, this.opts.services),
      gate: this.opts.gate,
      ports: this.opts.ports ?? REAL_PORTS,
      bugs: this.bugs,
      behaviours: this.opts.behaviours,
      send: this.send,
    });
    this.manager.start();
  }

  private startAgent(): void {
    this.agent = new Agent({
      scope: new Scope(this.host, this.opts.timerTagBase),
      nodeId: this.opts.node.name,
      managers: this.opts.raftMembers,
      preferLocal: () => this.manager !== null,
      behaviours: this.opts.behaviours,
      bugs: this.bugs,
      send: this.send,
      onRole: (role) => this.onRole(role),
    });
    this.agent.start();
  }

  /** The store's role for this node reached us through the session: start or stop the manager. */
  private onRole(role: "manager" | "worker"): void {
    if (role === this.record.role) return;
    this.record.role = role;
    if (role === "manager") {
      if (this.manager === null) this.startManager([]);
      return;
    }
    this.manager?.stop();
    this.manager = null;
    this.wipeRaftData();
  }

  /** A demoted manager erases its Raft data; the node's own records survive. */
  private wipeRaftData(): void {
    const ledger = this.host.disk.open(LEDGER_NAME, () => new ContainerLedger());
    const saved = [...ledger.running];
    const rec = this.record;
    this.host.disk.wipe();
    const fresh = this.host.disk.open(LEDGER_NAME, () => new ContainerLedger());
    for (const [k, v] of saved) fresh.running.set(k, v);
    this.host.disk.open(NODE_RECORD, () => rec);
  }

  // --- NodeProcess ----------------------------------------------------------------------------

  onMessage(from: NodeIx, msg: Message): void {
    // Agent traffic first (most messages are heartbeats); the kinds are disjoint.
    const kind = msg.kind;
    if (isAgentRequestKind(kind)) {
      if (this.manager !== null) this.manager.onAgentRequest(msg as AgentRequest);
      return; // not a manager (any more): the agent's RPC times out and it picks another
    }
    if (isAgentResponseKind(kind)) {
      const r = msg as AgentResponse;
      if (r.agent === this.host.id) this.agent?.onResponse(r);
      else this.manager?.relay(r);
      return;
    }
    if (isRaftKind(kind)) {
      this.manager?.raft.onMessage(from, msg);
      return;
    }
    if (kind === "api.request") {
      const req = msg as ApiRequest;
      if (this.manager !== null) this.manager.onApiRequest(from, req);
      else this.send(from, { kind: "api.response", reqId: req.reqId, ok: false, error: ERR_NOT_IN_SWARM, output: null } satisfies ApiResponse);
      return;
    }
    if (kind === "api.response") {
      const resp = msg as ApiResponse;
      const j = this.joins.get(resp.reqId);
      if (j !== undefined) {
        this.joins.delete(resp.reqId);
        this.scope.cancel(j.timer);
        j.done({ ok: resp.ok, error: resp.error, output: resp.output });
        return;
      }
      this.manager?.onApiResponse(resp);
    }
  }

  onTimer(tag: number, data: unknown): void {
    if (tag === this.opts.timerTagBase) runCallback(data);
    else this.manager?.onRaftTimer(tag, data);
  }

  // --- operations -----------------------------------------------------------------------------

  /** Runs a docker CLI operation on this node (the runner traces op.submit / op.result). */
  submitOperation(op: Operation, _opId: number, done: (r: OpResult) => void): void {
    if (op.verb === "swarm.join") {
      this.join(op.token, done);
      return;
    }
    if (op.verb === "swarm.leave") {
      this.leave(op.force, done);
      return;
    }
    if (this.manager === null) {
      done({ ok: false, error: ERR_NOT_IN_SWARM, output: null });
      return;
    }
    this.manager.submit(op, done);
  }

  private join(token: string, done: OpDone): void {
    if (this.record.joined) {
      done({ ok: false, error: ERR_ALREADY_IN_SWARM, output: null });
      return;
    }
    const managers = this.opts.raftMembers.filter((m) => m !== this.host.id);
    if (managers.length === 0) {
      done({ ok: false, error: "no manager to join", output: null });
      return;
    }
    const via = managers[Math.floor(this.host.random() * managers.length)];
    const reqId = ++this.joinSeq;
    const timer = this.scope.after(API_FORWARD_TIMEOUT_US, () => {
      if (!this.joins.delete(reqId)) return;
      done({ ok: false, error: "Timeout was reached before node joined. The attempt to join the swarm will continue in the background.", output: null });
    });
    this.joins.set(reqId, {
      timer,
      done: (r) => {
        if (r.ok) {
          this.record.joined = true;
          this.record.role = r.output === "manager" ? "manager" : "worker";
          if (this.record.role === "manager") this.startManager([]);
          this.startAgent();
        }
        done(r);
      },
    });
    this.send(via, { kind: "api.request", reqId, op: { verb: "internal.join", node: this.opts.node, token } } satisfies ApiRequest);
  }

  private leave(force: boolean, done: OpDone): void {
    if (!this.record.joined) {
      done({ ok: false, error: ERR_NOT_PART, output: null });
      return;
    }
    const m = this.manager;
    if (m !== null && !force) {
      const members = m.raft.members;
      if (members.length <= 1) {
        done({ ok: false, error: ERR_LAST_MANAGER, output: null });
        return;
      }
      let reachable = 1;
      for (const ix of members) if (ix !== this.host.id && m.raft.isReachable(ix)) reachable++;
      const unreachable = members.length - reachable;
      if (reachable - 2 <= unreachable) {
        done({
          ok: false,
          error: `You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves ${reachable - 1} managers out of ${members.length}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`,
          output: null,
        });
        return;
      }
    }
    // The node forgets the swarm; a manager's Raft membership stays until demote + rm.
    m?.stop();
    this.manager = null;
    this.agent?.stop();
    this.agent = null;
    this.record.joined = false;
    done({ ok: true, error: null, output: null });
  }

  // --- inspection -----------------------------------------------------------------------------

  get isLeader(): boolean {
    return this.manager?.leader?.alive === true;
  }

  /** CONTRACT.md `final`, from this manager's store (call it on the leader); null on a worker. */
  finalState(): FinalState | null {
    if (this.manager === null) return null;
    return finalStateOf(this.manager.store, this.manager.raft.leader);
  }
}

export function createSwarmManager(host: Host, opts: SwarmProcessOptions): SwarmNode {
  return new SwarmNode(host, opts);
}

export function createSwarmWorker(host: Host, opts: SwarmProcessOptions): SwarmNode {
  return new SwarmNode(host, opts);
}
