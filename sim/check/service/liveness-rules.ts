// Liveness over services: svc.convergence, svc.min-running and warn.replicas-on-one-node.
// State is settled at the end of each instant (only for services touched since), and deadlines
// are judged at the next event and at finish(): a quiet cluster reports at the end of the run.
//
// svc.convergence is judged while the cluster is stable: no partition, no paused node, no fault
// window, a Raft majority up, and either quietFromUs passed (crashed nodes then stay crashed) or
// no node crashed. A service is converged when every slot (replicated) or eligible live node
// (global) has a running task with desired running on a live node, or is excused because SwarmKit
// itself would leave it empty: the newest task will not run again and the restart policy forbids
// a replacement (condition none or unset, on-failure after complete, or max_attempts > 0 — it may
// be exhausted), the slot's task is pending with "no suitable node" while no node has room for it
// (below), or the slot's task failed or exited on its own within the last convergeUs (a restart
// loop: a crash-looping or short-lived workload). A task
// running on a node the store lists as down or removed is no replica (moby-37320). Jobs, removed
// services and paused updates are not judged on replicas. A violation is a service unconverged
// for convergeUs while stable, counted from the latest of: it became unconverged, stability
// began, the last operation, its last spec change.
//
// What really runs counts too (SWARM.md §10), for every service, jobs and removed ones included —
// a service is also unconverged while:
// - a worker runs a container (last container.state: running) whose task is gone from the store,
//   ended, or desired past running, on a node that is up, in the swarm and connected to the leader:
//   a reconnected agent stops every task whose desired state is SHUTDOWN (swarmkit-562: a
//   restarted agent kept its old containers; moby#36553: an old task stayed Running for days);
// - the store holds one of its tasks assigned..running on a node that was removed, or that has
//   been down for 24 h (counted from the later of going down and the latest leader change, which
//   restarts SwarmKit's timer): such tasks become ORPHANED (moby-37320: ghost tasks);
// - a runnable task is pending with "no suitable node" although an eligible node has room for it:
//   ready + active + up, matching the task's constraints, under its max_replicas, and with free
//   resources ≥ its reservations (capacity from node.info minus the reservations of the tasks the
//   scheduler holds there, assigned..running). The scheduler places such a task within a pass
//   (moby-32999). Tasks with platform filters, host-mode published ports or constraints the
//   checker cannot evaluate stay excused, and so do reservations on a node of unknown capacity.
//
// svc.min-running: running = tasks running with desired running on nodes that are not down;
// down = crashed, paused, removed, or cut off (either direction) from the current leader. A floor
// is armed once the service first reaches it, is judged while at most whileDownAtMost nodes are
// down, and fires when running stays below min for longer than graceUs.
import { formatTime, HOUR, type Micros } from "../../kernel/types.ts";
import type { CheckerContext } from "../api.ts";
import type { MinRunningFloor, ServiceCheckConfig } from "./config.ts";
import { type ClusterView, isRunning, isUnschedulable, type NodeView, type SlotView, type SvcView, type TaskView, V_RUNNING } from "./view.ts";

/** SwarmKit's dispatcher orphans the tasks of a node DOWN this long (NODE_DOWN_PERIOD). */
export const ORPHAN_DOWN_US: Micros = 24 * HOUR;
/** At most this many holes are described in a violation message. */
const HOLES_SHOWN = 4;

interface SvcState {
  unconvergedSinceUs: Micros;
  missing: string;
  /** Seqs of the latest events of the missing slots' newest tasks. */
  witness: number[];
  /** Nodes named by the description (stray containers, ghost tasks, a node with room). */
  nodes: string[];
  reported: boolean;
  oneNodeSinceUs: Micros;
  oneNode: string;
  warned: boolean;
  /** When a time-limited excuse (a recent failure) expires and the service must be re-settled; -1 none. */
  recheckUs: Micros;
}

interface FloorState {
  floor: MinRunningFloor;
  /** The floor in force: the declared min, or fewer while the operator asks for fewer replicas. */
  min: number;
  armed: boolean;
  belowSinceUs: Micros;
  running: number;
  down: number;
  reported: boolean;
}

export class LivenessRules {
  private readonly states = new Map<string, SvcState>();
  private readonly dirty = new Set<string>();
  /** Bumped whenever `dirty` is cleared; with touchedAdds, when touchUnschedulable last ran in full. */
  private dirtyEpoch = 0;
  private touchedEpoch = -1;
  private touchedAdds = -1;
  private allDirty = false;
  private readonly floors: FloorState[];
  stableSinceUs: Micros = -1;
  lastOpUs: Micros = -1;
  /** Earliest expiry of a time-limited excuse met by the current settleService (-1: none). */
  private excuseUntilUs: Micros = -1;
  /** Set by satisfied(): the node with room for the slot's unschedulable task, for the message. */
  private roomNode: string | null = null;
  /** Unsatisfied slots counted by the current missingReplicas (note() keeps it: no closure per call). */
  private holeCount = 0;
  /** Nodes the current settleService's description names. */
  private nodesNamed: string[] = [];
  /**
   * roomFor results of the current settleService by spec version: tasks of one version share
   * constraints, reservations and max_replicas, so a service's many pending slots scan the nodes once.
   */
  private readonly roomByVersion = new Map<number, string | null>();
  /** The view's reachEpoch when the three facts below were last read from its nodes and members. */
  private reachEpoch = -1;
  private anyPaused = false;
  private anyCrashed = false;
  private majorityUp = false;
  /**
   * Lower bounds on when judge() can find something due, so that it scans the services only then
   * (O(1) per instant otherwise): the earliest recheckUs, unconvergedSinceUs (or later spec change)
   * and oneNodeSinceUs among states not yet reported. Lowered as settleService sets those, made
   * exact again by the scan they trigger.
   */
  private recheckFromUs = Number.POSITIVE_INFINITY;
  private unconvergedFromUs = Number.POSITIVE_INFINITY;
  private oneNodeFromUs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly view: ClusterView,
    private readonly cfg: ServiceCheckConfig,
    private readonly ctx: CheckerContext,
    /** Asks for a judgement at a deadline (the checker steps there). */
    private readonly wake: (timeUs: Micros) => void = () => {},
  ) {
    this.floors = cfg.minRunning.map((floor) => ({ floor, min: floor.min, armed: false, belowSinceUs: -1, running: 0, down: 0, reported: false }));
  }

  touch(service: string): void {
    this.dirty.add(service);
  }

  touchAll(): void {
    this.allDirty = true;
  }

  /** Reservations changed somewhere: re-settle the services with unschedulable pending tasks. */
  touchUnschedulable(): void {
    // Perf (10,000-task clusters call this per placement): with no task added to the set and
    // `dirty` not cleared since the last pass, every service is already in `dirty` and a pass
    // would change nothing (Set.add keeps the order of present members).
    const v = this.view;
    if (this.touchedEpoch === this.dirtyEpoch && this.touchedAdds === v.unschedulableAdds) return;
    for (const t of v.unschedulable) this.dirty.add(t.service);
    this.touchedEpoch = this.dirtyEpoch;
    this.touchedAdds = v.unschedulableAdds;
  }

  private name(node: string): void {
    if (!this.nodesNamed.includes(node)) this.nodesNamed.push(node);
  }

  /** Marks a time at which the service's verdict changes with no event (an excuse or a timer ends). */
  private recheckAt(untilUs: Micros): void {
    if (this.excuseUntilUs < 0 || untilUs < this.excuseUntilUs) this.excuseUntilUs = untilUs;
  }

  /** The cluster is stable for convergence judgement (see the header). */
  private stable(atUs: Micros): boolean {
    const v = this.view;
    if (v.partitioned || v.windowsUntilUs > atUs) return false;
    const quiet = this.cfg.quietFromUs !== null && atUs >= this.cfg.quietFromUs;
    if (this.cfg.quietFromUs !== null && !quiet) return false;
    if (this.reachEpoch !== v.reachEpoch) this.readReach();
    if (this.anyPaused || (this.anyCrashed && !quiet)) return false;
    return this.majorityUp;
  }

  /** What stable() needs of the nodes' liveness and the members (changes only with the reach epoch). */
  private readReach(): void {
    const v = this.view;
    this.reachEpoch = v.reachEpoch;
    this.anyPaused = false;
    this.anyCrashed = false;
    for (const n of v.nodes.values()) {
      if (n.live === "paused") this.anyPaused = true;
      if (n.live === "crashed") this.anyCrashed = true;
    }
    let up = 0;
    for (const m of v.members) if ((v.nodes.get(m)?.live ?? "up") === "up") up++;
    this.majorityUp = up >= Math.floor(v.members.size / 2) + 1;
  }

  /** End of the instant at `atUs`: re-evaluate what changed. */
  settle(atUs: Micros): void {
    const stable = this.stable(atUs);
    if (!stable) this.stableSinceUs = -1;
    else if (this.stableSinceUs < 0) {
      this.stableSinceUs = atUs;
      // Convergence is not tracked while unstable (see settleService): settle every service afresh.
      this.allDirty = true;
    }
    // settleService touches no service and creates none: iterate in place (no copy per instant).
    if (this.allDirty) {
      for (const s of this.view.services.values()) this.settleService(s, atUs, stable);
    } else {
      for (const name of this.dirty) this.settleService(this.view.service(name), atUs, stable);
    }
    this.allDirty = false;
    if (this.dirty.size > 0) this.dirty.clear(); // clear() allocates a new table, even when empty
    this.dirtyEpoch++;
    this.settleFloors(atUs);
  }

  private state(name: string): SvcState {
    let st = this.states.get(name);
    if (st === undefined) {
      st = { unconvergedSinceUs: -1, missing: "", witness: [], nodes: [], reported: false, oneNodeSinceUs: -1, oneNode: "", warned: false, recheckUs: -1 };
      this.states.set(name, st);
    }
    return st;
  }

  /**
   * Settles a service's convergence (only while `stable`) and its one-node warning. Convergence is
   * judged only while stable and counted from no earlier than the start of stability, which
   * re-settles every service: what it was before changes no verdict, so it is not computed then
   * (perf: a run with a timeline is unstable until its last fault).
   */
  private settleService(s: SvcView, atUs: Micros, stable: boolean): void {
    const st = this.state(s.name);
    if (stable) {
      const witness: number[] = [];
      this.excuseUntilUs = -1;
      this.nodesNamed = [];
      const missing = this.missing(s, atUs, witness);
      st.recheckUs = this.excuseUntilUs;
      if (st.recheckUs >= 0 && st.recheckUs < this.recheckFromUs) this.recheckFromUs = st.recheckUs;
      if (missing === null) {
        st.unconvergedSinceUs = -1;
      } else {
        if (st.unconvergedSinceUs < 0) {
          st.unconvergedSinceUs = atUs;
          if (atUs < this.unconvergedFromUs) this.unconvergedFromUs = atUs;
        }
        st.missing = missing;
        st.witness = witness;
        st.nodes = this.nodesNamed;
      }
    } else {
      st.unconvergedSinceUs = -1;
      st.recheckUs = -1;
    }
    // warn.replicas-on-one-node
    let onNode = "";
    let nodesWithRunning = 0;
    let running = 0;
    if (s.mode === "replicated" && !s.removed) {
      for (const [node, c] of s.runningPerNode) {
        if (this.view.nodes.get(node)?.live !== "up") continue;
        nodesWithRunning++;
        running += c;
        onNode = node;
        if (nodesWithRunning > 1) break; // not all on one node: nothing more to learn
      }
    }
    let eligible = 0;
    if (nodesWithRunning === 1 && running >= 2) {
      for (const n of this.view.nodes.values()) if (n.live === "up" && this.view.eligible(n, s.constraints)) eligible++;
    }
    if (eligible >= 2) {
      if (st.oneNodeSinceUs < 0 || st.oneNode !== onNode) {
        st.oneNodeSinceUs = atUs;
        if (atUs < this.oneNodeFromUs) this.oneNodeFromUs = atUs;
      }
      st.oneNode = onNode;
    } else {
      st.oneNodeSinceUs = -1;
    }
  }

  /** Null when converged (or not judged); else a description of what is missing or left over. */
  private missing(s: SvcView, atUs: Micros, witness: number[]): string | null {
    this.roomByVersion.clear();
    const replicas = this.missingReplicas(s, atUs, witness);
    const leftovers: string[] = [];
    this.strayContainers(s, witness, leftovers);
    this.ghostTasks(s, atUs, witness, leftovers);
    if (leftovers.length === 0) return replicas;
    const more = leftovers.length > HOLES_SHOWN ? `; and ${leftovers.length - HOLES_SHOWN} more` : "";
    const text = leftovers.slice(0, HOLES_SHOWN).join("; ") + more;
    return replicas === null ? text : `${replicas}; ${text}`;
  }

  /** Containers a worker still runs for tasks that should not run (see the header). */
  private strayContainers(s: SvcView, witness: number[], out: string[]): void {
    if (s.containers.size === 0) return;
    const v = this.view;
    const leader = v.leader();
    for (const c of s.containers.values()) {
      const n = v.nodes.get(c.node);
      if (n === undefined || n.status === "removed" || v.isDown(c.node, leader)) continue;
      const t = v.tasks.get(c.task);
      if (t !== undefined && t.desiredV <= V_RUNNING && t.stateV <= V_RUNNING) continue;
      if (out.length < HOLES_SHOWN) {
        witness.push(c.seq);
        this.name(c.node);
      }
      out.push(
        `a container of task ${c.task} still runs on ${c.node} (event #${c.seq}) although the task is ` +
          `${t === undefined ? "gone from the store or ended" : `${t.state}, desired ${t.desired}`}`,
      );
    }
  }

  /** Tasks the store still holds (assigned..running) on removed nodes or nodes down for 24 h. */
  private ghostTasks(s: SvcView, atUs: Micros, witness: number[], out: string[]): void {
    const v = this.view;
    for (const name of v.stranded) {
      const n = v.nodes.get(name);
      if (n === undefined || n.held.size === 0) continue;
      if (n.status !== "removed") {
        const untilUs = Math.max(n.downSinceUs, v.leaderChangeUs) + ORPHAN_DOWN_US;
        if (atUs < untilUs) {
          this.recheckAt(untilUs);
          continue;
        }
      }
      for (const t of n.held) {
        if (t.service !== s.name) continue;
        if (out.length < HOLES_SHOWN) {
          witness.push(t.lastSeq);
          this.name(name);
        }
        out.push(
          `task ${t.id} is still ${t.state} (desired ${t.desired}) in the store on ${name}, which was ` +
            `${n.status === "removed" ? "removed from the swarm" : `down since ${formatTime(n.downSinceUs)}`}: it should be orphaned`,
        );
      }
    }
  }

  private missingReplicas(s: SvcView, atUs: Micros, witness: number[]): string | null {
    if (s.removed || s.spec === null || s.mode.endsWith("job")) return null;
    if (s.updateState === "paused" || s.updateState === "rollback_paused") return null;
    const holes: string[] = [];
    this.holeCount = 0;
    if (s.mode === "global") {
      if (s.constraints === null) return null;
      for (const n of this.view.nodes.values()) {
        if (n.live !== "up" || !this.view.eligible(n, s.constraints)) continue;
        const sl = s.slots.get(n.name);
        if (!this.satisfied(s, sl, atUs)) this.note(holes, witness, `node ${n.name}`, sl);
      }
      return this.holeCount === 0 ? null : `${this.holeCount} eligible node(s) without a running task: ${holes.join("; ")}`;
    }
    for (let k = 1; k <= s.replicas; k++) {
      const sl = s.slots.get(k);
      if (!this.satisfied(s, sl, atUs)) this.note(holes, witness, `slot ${k}`, sl);
    }
    const count = this.holeCount;
    return count === 0 ? null : `${s.replicas - count} of ${s.replicas} replicas running; missing ${holes.join("; ")}`;
  }

  /** Counts an unsatisfied slot (or node) of missingReplicas and describes the first few. */
  private note(holes: string[], witness: number[], label: string, sl: SlotView | undefined): void {
    this.holeCount++;
    const room = this.roomNode;
    this.roomNode = null;
    if (holes.length >= HOLES_SHOWN) return;
    const t = sl?.newest;
    if (t) witness.push(t.lastSeq);
    if (room !== null) this.name(room);
    const why = room === null ? "" : ` although ${room} has room for it`;
    holes.push(t ? `${label} (newest task ${t.id}: ${t.state}, desired ${t.desired}${t.error ? `, "${t.error}"` : ""}${why})` : `${label} (no task)`);
  }

  private satisfied(s: SvcView, sl: SlotView | undefined, atUs: Micros): boolean {
    this.roomNode = null;
    if (sl === undefined) return false;
    for (const t of sl.runnable) if (isRunning(t) && t.node !== null && this.replicaNode(t.node)) return true;
    if (sl.lastFailureUs >= 0 && atUs - sl.lastFailureUs < this.cfg.convergeUs) {
      // crash-looping workload; the excuse ends by itself, so the service is re-settled then
      this.recheckAt(sl.lastFailureUs + this.cfg.convergeUs);
      return true;
    }
    for (const t of sl.runnable) {
      if (!isUnschedulable(t)) continue;
      // preassigned tasks (global services) each have their own node: no memo
      let room = t.node === null ? this.roomByVersion.get(t.version) : undefined;
      if (room === undefined) {
        room = this.roomFor(s, t);
        if (t.node === null) this.roomByVersion.set(t.version, room);
      }
      if (room === null) return true;
      this.roomNode = room;
    }
    const newest = sl.newest;
    if (sl.runnable.length === 0 && newest !== null && (newest.desiredV > V_RUNNING || newest.stateV > V_RUNNING)) {
      const rp = s.spec!.restartPolicy;
      if (rp.condition === null || rp.condition === "none") return true;
      if (rp.condition === "on-failure" && newest.state === "complete") return true;
      if (rp.maxAttempts > 0) return true;
    }
    return false;
  }

  /** A running task there is a replica: the node is up and the store has it neither down nor removed. */
  private replicaNode(name: string): boolean {
    const n = this.view.nodes.get(name);
    return n !== undefined && n.live === "up" && n.status !== "down" && n.status !== "removed";
  }

  /** An eligible node with room for the unschedulable task (see the header), or null. */
  private roomFor(s: SvcView, t: TaskView): string | null {
    if (!t.placeable) return null;
    if (t.node !== null) {
      // preassigned (global service): only its own node counts
      const n = this.view.nodes.get(t.node);
      return n !== undefined && this.hasRoom(s, t, n) ? n.name : null;
    }
    for (const n of this.view.nodes.values()) if (this.hasRoom(s, t, n)) return n.name;
    return null;
  }

  private hasRoom(s: SvcView, t: TaskView, n: NodeView): boolean {
    if (n.live !== "up" || !this.view.eligible(n, t.constraints)) return false;
    if (t.maxReplicas > 0 && (s.activePerNode.get(n.name) ?? 0) >= t.maxReplicas) return false;
    if (t.nanoCpus === 0 && t.memoryBytes === 0) return true;
    const r = n.resources;
    return r !== null && r.nanoCpus - n.heldNanoCpus >= t.nanoCpus && r.memoryBytes - n.heldMemoryBytes >= t.memoryBytes;
  }

  private settleFloors(atUs: Micros): void {
    if (this.floors.length === 0) return;
    const v = this.view;
    const leader = v.leader();
    let down = 0;
    for (const n of v.nodes.values()) if (v.isDown(n.name, leader)) down++;
    for (const f of this.floors) {
      const s = v.services.get(f.floor.service);
      let running = 0;
      if (s !== undefined) for (const [node, c] of s.runningPerNode) if (!v.isDown(node, leader)) running += c;
      f.running = running;
      f.down = down;
      // An operator who scales a service below its floor (or removes it) lowers the floor with it:
      // the floor guards against faults, not against what was asked for. It re-arms once reached.
      const min = s === undefined || s.removed ? 0 : s.mode === "replicated" ? Math.min(f.floor.min, s.replicas) : f.floor.min;
      if (min < f.min) f.armed = false;
      f.min = min;
      if (min > 0 && running >= min) f.armed = true;
      const judged = f.floor.whileDownAtMost === null || down <= f.floor.whileDownAtMost;
      if (f.armed && judged && running < min) {
        if (f.belowSinceUs < 0) {
          f.belowSinceUs = atUs;
          // Judged when the grace runs out, not at whatever event comes next.
          this.wake(atUs + f.floor.graceUs + 1);
        }
      } else {
        f.belowSinceUs = -1;
      }
    }
  }

  /** Deadlines, judged at `nowUs` (the next event, or the end of the run). */
  judge(nowUs: Micros): void {
    // Excuses that expired since the last settle: the view has not changed since, so the service's
    // state at the expiry is what settleService computes now, as of that time.
    const convergeUs = this.cfg.convergeUs;
    if (this.stableSinceUs >= 0 && nowUs >= this.recheckFromUs) {
      let next = Number.POSITIVE_INFINITY;
      for (const [name, st] of this.states) {
        if (st.recheckUs >= 0 && st.recheckUs <= nowUs && !st.reported) this.settleService(this.view.service(name), st.recheckUs, true);
        // settleService changed only this service's state: the bound is exact after the pass
        if (st.recheckUs >= 0 && !st.reported && st.recheckUs < next) next = st.recheckUs;
      }
      this.recheckFromUs = next;
    }
    // A service is due no earlier than its unconvergedSinceUs, stableSinceUs and lastOpUs.
    if (this.stableSinceUs >= 0 && nowUs - Math.max(this.unconvergedFromUs, this.stableSinceUs, this.lastOpUs) >= convergeUs) {
      let next = Number.POSITIVE_INFINITY;
      for (const [name, st] of this.states) {
        if (st.unconvergedSinceUs < 0 || st.reported) continue;
        const s = this.view.service(name);
        const fromUs = Math.max(st.unconvergedSinceUs, this.stableSinceUs, this.lastOpUs, s.specUs);
        if (nowUs - fromUs < convergeUs) {
          // specUs only grows: a lower bound on this service's own part of fromUs from now on
          const own = Math.max(st.unconvergedSinceUs, s.specUs);
          if (own < next) next = own;
          continue;
        }
        st.reported = true;
        this.ctx.violation(
          "svc.convergence",
          `Service ${name} did not converge: from ${formatTime(fromUs)} to ${formatTime(nowUs)} the cluster was stable (no ` +
            `partition, paused node or fault window, a Raft majority up, no operation pending) yet ${st.missing}. SwarmKit's ` +
            `orchestrator, scheduler and agents should restore the desired tasks within ${formatTime(this.cfg.convergeUs)}.`,
          st.nodes,
          st.witness,
        );
        return; // the bound stays as it was (low): the next judge scans again
      }
      this.unconvergedFromUs = next;
    }
    if (nowUs - this.oneNodeFromUs >= convergeUs) {
      let next = Number.POSITIVE_INFINITY;
      for (const [name, st] of this.states) {
        if (st.oneNodeSinceUs < 0 || st.warned) continue;
        if (nowUs - st.oneNodeSinceUs < convergeUs) {
          if (st.oneNodeSinceUs < next) next = st.oneNodeSinceUs;
          continue;
        }
        st.warned = true;
        this.ctx.warning(
          "warn.replicas-on-one-node",
          `All running replicas of service ${name} have been on ${st.oneNode} since ${formatTime(st.oneNodeSinceUs)} although ` +
            `other eligible nodes exist: losing ${st.oneNode} stops the service. SwarmKit does not rebalance running tasks by itself.`,
          [st.oneNode],
        );
      }
      this.oneNodeFromUs = next;
    }
    for (const f of this.floors) {
      if (f.belowSinceUs < 0 || f.reported || nowUs - f.belowSinceUs <= f.floor.graceUs) continue;
      f.reported = true;
      this.ctx.violation(
        "svc.min-running",
        `Service ${f.floor.service} ran ${f.running} task(s) on reachable nodes, below its floor of ${f.min}${f.min < f.floor.min ? ` (${f.floor.min} declared; the service asks for only ${f.min})` : ""}, from ` +
          `${formatTime(f.belowSinceUs)} to ${formatTime(nowUs)} — longer than the ${formatTime(f.floor.graceUs)} grace — ` +
          `while ${f.down} node(s) were down (crashed, paused, removed or cut off from the leader)` +
          `${f.floor.whileDownAtMost === null ? "" : `, within the tolerated ${f.floor.whileDownAtMost}`}.`,
        [],
        [],
      );
      return;
    }
  }
}
