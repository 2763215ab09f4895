// The service and cluster invariants as one Checker: it keeps a ClusterView from trace events and
// feeds the rules. Each event first closes the previous instant when time moved (deferred slot
// checks, liveness state), then updates the view, then runs the rules judged at that event.
// container.state (what workers really run) feeds svc.convergence's stray-container rule; node.info
// carries node capacity for its "no suitable node" excuse (see liveness-rules.ts).
import type { TraceEventOf } from "../../kernel/events.ts";
import type { Micros } from "../../kernel/types.ts";
import type { ServiceSpec } from "../../swarm/spec.ts";
import type { Checker, CheckerContext } from "../api.ts";
import { ClusterRules } from "./cluster-rules.ts";
import type { ServiceCheckConfig } from "./config.ts";
import { LivenessRules } from "./liveness-rules.ts";
import { PlacementRules } from "./placement-rules.ts";
import { ClusterView, isHeld, type Liveness, stateValueOf, V_ASSIGNED, V_RUNNING } from "./view.ts";

export const SERVICE_IDS = [
  "svc.convergence",
  "svc.constraints",
  "svc.slot-unique",
  "svc.spread-at-placement",
  "svc.min-running",
  "cluster.leader-available",
  "cluster.quorum-guard",
  "warn.spof-managers",
  "warn.replicas-on-one-node",
] as const;

/**
 * A loss window at this rate or above may keep Raft leaderless while it lasts (52% on every link
 * did for 43 s); at 20% elections still succeed in time (scenarios/raft/flaky-network.yml).
 */
const LEADER_LOSS_RATE = 0.3;

export class ServiceChecker implements Checker {
  readonly ids = SERVICE_IDS;
  readonly view: ClusterView;
  private placement!: PlacementRules;
  private liveness!: LivenessRules;
  private cluster!: ClusterRules;
  /** Time of the instant being observed; -1 before the first event. */
  private instantUs: Micros = -1;
  private ctx!: CheckerContext;

  constructor(readonly cfg: ServiceCheckConfig) {
    this.view = new ClusterView(cfg.managers);
  }

  attach(ctx: CheckerContext): void {
    this.placement = new PlacementRules(this.view, this.cfg, ctx);
    this.liveness = new LivenessRules(this.view, this.cfg, ctx, (timeUs) => this.wakeAt(timeUs));
    this.ctx = ctx;
    this.cluster = new ClusterRules(this.view, this.cfg, ctx);
    const t = ctx.trace;
    const names = t.nodeNames;
    // The two most frequent types subscribe positionally: no event object per store change.
    t.onFields("task.state", (seq, timeUs, node, task, service, slot, state, desired, error) => {
      this.step(timeUs);
      this.onTask(seq, timeUs, node < 0 ? null : names[node], task as string, service as string, slot as number, state as string, desired as string, (error ?? null) as string | null);
    });
    t.onFields("container.state", (seq, timeUs, node, task, service, slot, state) => {
      this.step(timeUs, false);
      this.onContainer(seq, node < 0 ? null : names[node], task as string, service as string, slot as number, state as string);
    });
    t.on("node.status", (e) => this.step(e.timeUs) && this.onNodeStatus(e));
    t.on("node.info", (e) => this.step(e.timeUs) && this.onNodeInfo(e));
    t.on("service.spec", (e) => this.step(e.timeUs) && this.onServiceSpec(e));
    t.on("service.update", (e) => this.step(e.timeUs) && this.onServiceUpdate(e));
    t.on("raft.role", (e) => this.step(e.timeUs) && this.onRole(e));
    t.on("raft.member", (e) => this.step(e.timeUs) && this.cluster.onMember(e.change, e.member, e.members, e.seq, e.timeUs));
    t.on("node.crash", (e) => this.step(e.timeUs) && this.setLive(e.node, "crashed"));
    t.on("node.restart", (e) => this.step(e.timeUs) && this.setLive(e.node, "up"));
    t.on("node.pause", (e) => this.step(e.timeUs) && this.setLive(e.node, "paused"));
    t.on("node.resume", (e) => this.step(e.timeUs) && this.setLive(e.node, "up"));
    t.on("node.remove", (e) => this.step(e.timeUs) && this.setLive(e.node, "removed"));
    t.on("net.partition", (e) => this.step(e.timeUs) && this.onPartition(e.groups, e.blocked, e.seq));
    t.on("net.heal", (e) => this.step(e.timeUs) && this.onPartition([], [], e.seq));
    t.on("net.loss", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs, e.rate >= LEADER_LOSS_RATE, e.nodes));
    t.on("net.duplicate", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs, false, e.nodes));
    t.on("net.delay", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs, e.maxUs >= this.cfg.raftTickUs, e.nodes));
    t.on("op.submit", (e) => this.step(e.timeUs) && this.onOpSubmit(e));
    t.on("op.result", (e) => this.step(e.timeUs) && this.cluster.onOpResult(e.opId, e.ok, e.seq));
  }

  /**
   * Steps at `timeUs` even if no event comes then, to judge a deadline when it passes. One wake-up
   * per deadline asked for (a floor asks once per dip below it): a stale one steps for nothing.
   */
  private wakeAt(timeUs: Micros): void {
    const ctx = this.ctx;
    ctx.wakeAt?.(timeUs, () => this.step(ctx.now()));
  }

  finish(endUs: Micros): void {
    if (this.instantUs < 0) this.cluster.spofWarning();
    this.closeInstant(endUs);
    this.liveness.judge(endUs);
    this.cluster.judge(endUs);
  }

  /**
   * Closes the previous instant when time moved; always true (so handlers chain with &&). Deadlines
   * are judged at store, Raft, fault and operation events (and at finish), not at container.state:
   * a worker's container events only update the view, so the events that end a run stay the ones
   * `docker service ps` would show.
   */
  private step(timeUs: Micros, judge = true): boolean {
    if (this.instantUs < 0) this.cluster.spofWarning();
    if (timeUs > this.instantUs) {
      if (this.instantUs >= 0) this.closeInstant(timeUs, judge);
      this.instantUs = timeUs;
    }
    return true;
  }

  private closeInstant(nowUs: Micros, judge = true): void {
    const atUs = Math.max(this.instantUs, 0);
    this.placement.endInstant();
    this.cluster.settle(atUs);
    this.liveness.settle(atUs);
    if (!judge) return;
    this.liveness.judge(nowUs);
    this.cluster.judge(nowUs);
  }

  private onTask(seq: number, timeUs: Micros, node: string | null, task: string, service: string, slot: number, state: string, desired: string, error: string | null): void {
    const v = this.view;
    let t = v.tasks.get(task);
    if (t === undefined) {
      // A task first seen past running that will not run again has nothing left to check.
      if (stateValueOf(state) > V_RUNNING && stateValueOf(desired) > V_RUNNING) return;
      t = v.newTask(task, service, slot, node, seq);
    }
    const heldBefore = t.indexed && isHeld(t);
    if (node !== null && t.assignedSeq === 0 && stateValueOf(state) >= V_ASSIGNED) {
      t.assignedSeq = seq;
      this.placement.onAssign(t, node, seq, timeUs);
    }
    v.applyTask(t, node, state, desired, error, seq, timeUs);
    this.placement.afterTask(t, seq);
    this.liveness.touch(service);
    // Reservations on a node changed: pending tasks may fit now (or no longer).
    if (heldBefore !== isHeld(t)) this.liveness.touchUnschedulable();
  }

  private onContainer(seq: number, node: string | null, task: string, service: string, slot: number, state: string): void {
    const s = this.view.service(service);
    if (state === "running" && node !== null) s.containers.set(task, { task, node, slot, seq });
    else s.containers.delete(task);
    this.liveness.touch(service);
  }

  private onNodeStatus(e: TraceEventOf<"node.status">): void {
    if (e.node === null) return;
    const n = this.view.node(e.node);
    const wasEligible = n.status === "ready" && n.availability === "active";
    if (e.status === "down" && n.status !== "down") n.downSinceUs = e.timeUs;
    if (e.status !== "down") n.downSinceUs = -1;
    if (e.status === "down" || e.status === "removed") this.view.stranded.add(n.name);
    else this.view.stranded.delete(n.name);
    n.status = e.status;
    n.availability = e.availability;
    n.role = e.role;
    if (e.status === "removed" && n.live !== "removed") {
      n.live = "removed";
      this.view.reachEpoch++;
    }
    if (n.info !== null) n.info.role = e.role === "manager" ? "manager" : "worker";
    const eligible = n.status === "ready" && n.availability === "active";
    if (eligible && !wasEligible) n.eligibleSinceUs = e.timeUs;
    if (!eligible) n.eligibleSinceUs = -1;
    this.liveness.touchAll();
  }

  private onNodeInfo(e: TraceEventOf<"node.info">): void {
    if (e.node === null) return;
    const n = this.view.node(e.node);
    n.info = {
      id: e.node,
      hostname: e.hostname,
      role: n.role === "manager" ? "manager" : "worker",
      os: e.os,
      arch: e.arch,
      labels: e.labels,
      engineLabels: e.engineLabels,
      addr: "",
    };
    n.resources = e.resources === null ? null : { nanoCpus: e.resources.nanoCpus, memoryBytes: e.resources.memoryBytes };
    this.liveness.touchAll();
  }

  private onServiceSpec(e: TraceEventOf<"service.spec">): void {
    const s = this.view.service(e.service);
    this.view.setSpec(s, e.version, e.mode, e.replicas, (e.spec as ServiceSpec | null) ?? null, e.timeUs);
    // Every spec change clears the update status (SwarmKit's UpdateService); a rollback's new
    // status follows as service.update in the same transaction.
    s.updateState = null;
    this.liveness.touch(e.service);
  }

  private onServiceUpdate(e: TraceEventOf<"service.update">): void {
    this.view.service(e.service).updateState = e.state;
    this.liveness.touch(e.service);
  }

  private onRole(e: TraceEventOf<"raft.role">): void {
    if (e.node === null) return;
    this.view.roles.set(e.node, { role: e.role, term: e.term });
    this.view.reachEpoch++;
    if (e.role === "leader") this.view.leaderChangeUs = e.timeUs;
    this.cluster.touchTopology();
    this.liveness.touchAll();
  }

  private setLive(node: string | null, live: Liveness): boolean {
    if (node === null) return true;
    const n = this.view.node(node);
    if (n.live === "removed") return true;
    n.live = live;
    if (live === "crashed" || live === "removed") this.view.roles.delete(node); // volatile; a paused process keeps it
    this.view.reachEpoch++;
    this.cluster.touchTopology();
    this.liveness.touchAll();
    return true;
  }

  private onPartition(groups: string[][], blocked: [string, string][], seq: number): void {
    const set = new Set<string>();
    for (const [a, b] of blocked) set.add(`${a}>${b}`);
    this.view.blocked = set;
    let byNode: Map<string, number[]> | null = null;
    if (groups.length > 0) {
      byNode = new Map();
      groups.forEach((g, i) => {
        for (const name of g) {
          const gs = byNode?.get(name);
          if (gs) gs.push(i);
          else byNode?.set(name, [i]);
        }
      });
    }
    this.view.groups = byNode;
    this.view.partitionSeq = seq;
    this.view.reachEpoch++;
    this.cluster.touchTopology();
    this.liveness.touchAll();
  }

  /** `raftSevere`: heavy enough to keep Raft from electing a leader on the links it touches. */
  private onWindow(untilUs: Micros, raftSevere: boolean, nodes: string[] | null): void {
    const v = this.view;
    if (untilUs > v.windowsUntilUs) v.windowsUntilUs = untilUs;
    if (raftSevere) v.raftWindows.push({ untilUs, nodes });
  }

  private onOpSubmit(e: TraceEventOf<"op.submit">): void {
    this.liveness.lastOpUs = e.timeUs;
    this.cluster.onOpSubmit(e.opId, e.command, e.seq);
  }
}
