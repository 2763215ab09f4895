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
// be exhausted), the slot's task is pending with "no suitable node", or the slot failed within
// the last convergeUs (a crash-looping workload). Jobs, removed services and paused updates are
// not judged. A violation is a service unconverged for convergeUs while stable, counted from the
// latest of: it became unconverged, stability began, the last operation, its last spec change.
//
// svc.min-running: running = tasks running with desired running on nodes that are not down;
// down = crashed, paused, removed, or cut off (either direction) from the current leader. A floor
// is armed once the service first reaches it, is judged while at most whileDownAtMost nodes are
// down, and fires when running stays below min for longer than graceUs.
import { formatTime, type Micros } from "../../kernel/types.ts";
import type { CheckerContext } from "../api.ts";
import type { MinRunningFloor, ServiceCheckConfig } from "./config.ts";
import { type ClusterView, isRunning, type SlotView, type SvcView, V_ASSIGNED, V_RUNNING } from "./view.ts";

interface SvcState {
  unconvergedSinceUs: Micros;
  missing: string;
  /** Seqs of the latest events of the missing slots' newest tasks. */
  witness: number[];
  reported: boolean;
  oneNodeSinceUs: Micros;
  oneNode: string;
  warned: boolean;
  /** When a time-limited excuse (a recent failure) expires and the service must be re-settled; -1 none. */
  recheckUs: Micros;
}

interface FloorState {
  floor: MinRunningFloor;
  armed: boolean;
  belowSinceUs: Micros;
  running: number;
  down: number;
  reported: boolean;
}

export class LivenessRules {
  private readonly states = new Map<string, SvcState>();
  private readonly dirty = new Set<string>();
  private allDirty = false;
  private readonly floors: FloorState[];
  stableSinceUs: Micros = -1;
  lastOpUs: Micros = -1;
  /** Earliest expiry of a time-limited excuse met by the current settleService (-1: none). */
  private excuseUntilUs: Micros = -1;

  constructor(
    private readonly view: ClusterView,
    private readonly cfg: ServiceCheckConfig,
    private readonly ctx: CheckerContext,
  ) {
    this.floors = cfg.minRunning.map((floor) => ({ floor, armed: false, belowSinceUs: -1, running: 0, down: 0, reported: false }));
  }

  touch(service: string): void {
    this.dirty.add(service);
  }

  touchAll(): void {
    this.allDirty = true;
  }

  /** The cluster is stable for convergence judgement (see the header). */
  private stable(atUs: Micros): boolean {
    const v = this.view;
    if (v.partitioned || v.windowsUntilUs > atUs) return false;
    const quiet = this.cfg.quietFromUs !== null && atUs >= this.cfg.quietFromUs;
    if (this.cfg.quietFromUs !== null && !quiet) return false;
    for (const n of v.nodes.values()) {
      if (n.live === "paused") return false;
      if (n.live === "crashed" && !quiet) return false;
    }
    let up = 0;
    for (const m of v.members) if ((v.nodes.get(m)?.live ?? "up") === "up") up++;
    return up >= Math.floor(v.members.size / 2) + 1;
  }

  /** End of the instant at `atUs`: re-evaluate what changed. */
  settle(atUs: Micros): void {
    const stable = this.stable(atUs);
    if (!stable) this.stableSinceUs = -1;
    else if (this.stableSinceUs < 0) this.stableSinceUs = atUs;
    const names = this.allDirty ? [...this.view.services.keys()] : [...this.dirty];
    this.allDirty = false;
    this.dirty.clear();
    for (const name of names) this.settleService(this.view.service(name), atUs);
    this.settleFloors(atUs);
  }

  private state(name: string): SvcState {
    let st = this.states.get(name);
    if (st === undefined) {
      st = { unconvergedSinceUs: -1, missing: "", witness: [], reported: false, oneNodeSinceUs: -1, oneNode: "", warned: false, recheckUs: -1 };
      this.states.set(name, st);
    }
    return st;
  }

  private settleService(s: SvcView, atUs: Micros): void {
    const st = this.state(s.name);
    const witness: number[] = [];
    this.excuseUntilUs = -1;
    const missing = this.missing(s, atUs, witness);
    st.recheckUs = this.excuseUntilUs;
    if (missing === null) {
      st.unconvergedSinceUs = -1;
    } else {
      if (st.unconvergedSinceUs < 0) st.unconvergedSinceUs = atUs;
      st.missing = missing;
      st.witness = witness;
    }
    // warn.replicas-on-one-node
    let onNode = "";
    let nodesWithRunning = 0;
    let running = 0;
    for (const [node, c] of s.runningPerNode) {
      if (this.view.nodes.get(node)?.live !== "up") continue;
      nodesWithRunning++;
      running += c;
      onNode = node;
    }
    let eligible = 0;
    if (nodesWithRunning === 1 && running >= 2 && s.mode === "replicated" && !s.removed) {
      for (const n of this.view.nodes.values()) if (n.live === "up" && this.view.eligible(n, s.constraints)) eligible++;
    }
    if (eligible >= 2) {
      if (st.oneNodeSinceUs < 0 || st.oneNode !== onNode) st.oneNodeSinceUs = atUs;
      st.oneNode = onNode;
    } else {
      st.oneNodeSinceUs = -1;
    }
  }

  /** Null when converged (or not judged); else a description of what is missing. */
  private missing(s: SvcView, atUs: Micros, witness: number[]): string | null {
    if (s.removed || s.spec === null || s.mode.endsWith("job")) return null;
    if (s.updateState === "paused" || s.updateState === "rollback_paused") return null;
    const holes: string[] = [];
    let count = 0;
    const note = (label: string, sl: SlotView | undefined): void => {
      count++;
      if (holes.length >= 4) return;
      const t = sl?.newest;
      if (t) witness.push(t.lastSeq);
      holes.push(t ? `${label} (newest task ${t.id}: ${t.state}, desired ${t.desired}${t.error ? `, "${t.error}"` : ""})` : `${label} (no task)`);
    };
    if (s.mode === "global") {
      if (s.constraints === null) return null;
      for (const n of this.view.nodes.values()) {
        if (n.live !== "up" || !this.view.eligible(n, s.constraints)) continue;
        const sl = s.slots.get(n.name);
        if (!this.satisfied(s, sl, atUs)) note(`node ${n.name}`, sl);
      }
      return count === 0 ? null : `${count} eligible node(s) without a running task: ${holes.join("; ")}`;
    }
    for (let k = 1; k <= s.replicas; k++) {
      const sl = s.slots.get(k);
      if (!this.satisfied(s, sl, atUs)) note(`slot ${k}`, sl);
    }
    return count === 0 ? null : `${s.replicas - count} of ${s.replicas} replicas running; missing ${holes.join("; ")}`;
  }

  private satisfied(s: SvcView, sl: SlotView | undefined, atUs: Micros): boolean {
    if (sl === undefined) return false;
    for (const t of sl.runnable) if (isRunning(t) && t.node !== null && this.view.nodes.get(t.node)?.live === "up") return true;
    if (sl.lastFailureUs >= 0 && atUs - sl.lastFailureUs < this.cfg.convergeUs) {
      // crash-looping workload; the excuse ends by itself, so the service is re-settled then
      const untilUs = sl.lastFailureUs + this.cfg.convergeUs;
      if (this.excuseUntilUs < 0 || untilUs < this.excuseUntilUs) this.excuseUntilUs = untilUs;
      return true;
    }
    for (const t of sl.runnable) if (t.stateV < V_ASSIGNED && t.error?.startsWith("no suitable node")) return true;
    const newest = sl.newest;
    if (sl.runnable.length === 0 && newest !== null && (newest.desiredV > V_RUNNING || newest.stateV > V_RUNNING)) {
      const rp = s.spec!.restartPolicy;
      if (rp.condition === null || rp.condition === "none") return true;
      if (rp.condition === "on-failure" && newest.state === "complete") return true;
      if (rp.maxAttempts > 0) return true;
    }
    return false;
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
      if (running >= f.floor.min) f.armed = true;
      const judged = f.floor.whileDownAtMost === null || down <= f.floor.whileDownAtMost;
      if (f.armed && judged && running < f.floor.min) {
        if (f.belowSinceUs < 0) f.belowSinceUs = atUs;
      } else {
        f.belowSinceUs = -1;
      }
    }
  }

  /** Deadlines, judged at `nowUs` (the next event, or the end of the run). */
  judge(nowUs: Micros): void {
    // Excuses that expired since the last settle: the view has not changed since, so the service's
    // state at the expiry is what settleService computes now, as of that time.
    for (const [name, st] of this.states) {
      if (st.recheckUs >= 0 && st.recheckUs <= nowUs && !st.reported) this.settleService(this.view.service(name), st.recheckUs);
    }
    if (this.stableSinceUs >= 0) {
      for (const [name, st] of this.states) {
        if (st.unconvergedSinceUs < 0 || st.reported) continue;
        const s = this.view.service(name);
        const fromUs = Math.max(st.unconvergedSinceUs, this.stableSinceUs, this.lastOpUs, s.specUs);
        if (nowUs - fromUs < this.cfg.convergeUs) continue;
        st.reported = true;
        this.ctx.violation(
          "svc.convergence",
          `Service ${name} did not converge: from ${formatTime(fromUs)} to ${formatTime(nowUs)} the cluster was stable (no ` +
            `partition, paused node or fault window, a Raft majority up, no operation pending) yet ${st.missing}. SwarmKit's ` +
            `orchestrator and scheduler should restore the desired tasks within ${formatTime(this.cfg.convergeUs)}.`,
          [],
          st.witness,
        );
        return;
      }
    }
    for (const [name, st] of this.states) {
      if (st.oneNodeSinceUs < 0 || st.warned || nowUs - st.oneNodeSinceUs < this.cfg.convergeUs) continue;
      st.warned = true;
      this.ctx.warning(
        "warn.replicas-on-one-node",
        `All running replicas of service ${name} have been on ${st.oneNode} since ${formatTime(st.oneNodeSinceUs)} although ` +
          `other eligible nodes exist: losing ${st.oneNode} stops the service. SwarmKit does not rebalance running tasks by itself.`,
        [st.oneNode],
      );
    }
    for (const f of this.floors) {
      if (f.belowSinceUs < 0 || f.reported || nowUs - f.belowSinceUs <= f.floor.graceUs) continue;
      f.reported = true;
      this.ctx.violation(
        "svc.min-running",
        `Service ${f.floor.service} ran ${f.running} task(s) on reachable nodes, below its floor of ${f.floor.min}, from ` +
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
