// Cluster-level rules: cluster.leader-available (liveness), cluster.quorum-guard (safety of
// demotions and removals) and the warn.spof-managers warning.
//
// cluster.leader-available: with ≥ 3 Raft members, whenever a majority of them is up and pairwise
// connected (a clique of ≥ ⌊n/2⌋+1 members, no blocked link either way), some member of that
// majority must be leader within leaderUs. Members that are crashed, paused or removed are not up;
// while a heavy loss or delay window covers enough managers the rule is not judged (checker.ts).
//
// cluster.quorum-guard: a raft.member remove is a violation when fewer than a majority of the
// remaining members were reachable — up and connected to the leader, or down/cut for less than
// reachGraceUs (SwarmKit's CanRemoveMember uses transport activity, which lags). A successful
// `docker node demote` of every remaining manager is a violation too.
import { formatTime, type Micros } from "../../kernel/types.ts";
import type { CheckerContext } from "../api.ts";
import type { ServiceCheckConfig } from "./config.ts";
import type { ClusterView } from "./view.ts";

/** Above this many members the majority clique is searched greedily instead of exhaustively. */
const EXACT_CLIQUE_MAX = 12;

export class ClusterRules {
  private topologyDirty = true;
  private clique: string[] = [];
  private noLeaderSinceUs: Micros = -1;
  /** The highest term among the managers when the leaderless period began. */
  private termAtNoLeader = 0;
  private reported = false;
  private warnedSpof = false;
  /** The view's reachEpoch when `leaderReach` and the members' unreachableSinceUs were last settled. */
  private reachEpoch = -1;
  /** leaderReachesMajority() as of `reachEpoch`. */
  private leaderReach = false;
  private readonly commands = new Map<number, { command: string; seq: number }>();

  constructor(
    private readonly view: ClusterView,
    private readonly cfg: ServiceCheckConfig,
    private readonly ctx: CheckerContext,
  ) {}

  touchTopology(): void {
    this.topologyDirty = true;
  }

  /** Once per run: a 1- or 2-manager cluster loses its control plane with one manager. */
  spofWarning(): void {
    if (this.warnedSpof) return;
    this.warnedSpof = true;
    const m = this.cfg.managers;
    if (m.length === 0 || m.length > 2) return;
    this.ctx.warning(
      "warn.spof-managers",
      `The swarm has ${m.length} manager${m.length > 1 ? "s" : ""} (${m.join(", ")}): Raft needs a majority, so losing ` +
        `${m.length === 1 ? "it" : "either one"} leaves the cluster without a leader — no scheduling, no updates. Use 3 or 5 managers.`,
      [...m],
    );
  }

  settle(atUs: Micros): void {
    const v = this.view;
    if (this.topologyDirty) {
      this.topologyDirty = false;
      this.clique = majorityClique(v);
    }
    if (this.reachEpoch !== v.reachEpoch) {
      // Who is down and whether a leader reaches a majority change only with the reach epoch: a
      // pass while it stays put would change nothing (the first instant after a change stamps it).
      this.reachEpoch = v.reachEpoch;
      const leader = v.leader();
      for (const name of v.members) {
        const n = v.nodes.get(name);
        if (n === undefined) continue;
        if (v.isDown(name, leader)) {
          if (n.unreachableSinceUs < 0) n.unreachableSinceUs = atUs;
        } else {
          n.unreachableSinceUs = -1;
        }
      }
      this.leaderReach = this.leaderReachesMajority();
    }
    // Not while a window that can keep Raft leaderless is open (loss ≥ 30% or latency ≥ a tick on
    // enough managers that the rest are no majority): under 52% loss no election may succeed for
    // as long as it lasts. The bound runs again from the window's end. Lighter windows are judged.
    const judged = v.members.size >= 3 && this.clique.length > 0 && !this.raftWindowOpen(atUs);
    const hasLeader = judged && this.leaderReach;
    if (judged && !hasLeader) {
      if (this.noLeaderSinceUs < 0) {
        this.noLeaderSinceUs = atUs;
        this.termAtNoLeader = this.maxTerm();
      }
    } else {
      this.noLeaderSinceUs = -1;
      this.reported = false;
    }
  }

  /**
   * A heavy window is open that leaves no majority of up managers untouched (expired windows are
   * dropped here; the checker adds them at their start).
   */
  private raftWindowOpen(atUs: Micros): boolean {
    const v = this.view;
    const ws = v.raftWindows;
    if (ws.length === 0) return false; // every instant of most runs: no allocation, no work
    let kept = 0;
    for (const w of ws) if (w.untilUs > atUs) ws[kept++] = w;
    ws.length = kept;
    const quorum = Math.floor(v.members.size / 2) + 1;
    for (const w of ws) {
      if (w.nodes === null) return true; // every link
      let untouched = 0;
      for (const m of v.members) if ((v.nodes.get(m)?.live ?? "up") === "up" && !w.nodes.includes(m)) untouched++;
      if (untouched < quorum) return true;
    }
    return false;
  }

  /** Some live leader can talk (both ways) with a majority of the members, itself included. */
  private leaderReachesMajority(): boolean {
    const v = this.view;
    const quorum = Math.floor(v.members.size / 2) + 1;
    for (const [name, r] of v.roles) {
      if (r.role !== "leader" || !v.members.has(name) || (v.nodes.get(name)?.live ?? "up") !== "up") continue;
      let reach = 0;
      for (const m of v.members) if ((v.nodes.get(m)?.live ?? "up") === "up" && (m === name || !v.cut(name, m))) reach++;
      if (reach >= quorum) return true;
    }
    return false;
  }

  judge(nowUs: Micros): void {
    if (this.noLeaderSinceUs < 0 || this.reported || nowUs - this.noLeaderSinceUs < this.cfg.leaderUs) return;
    this.reported = true;
    const v = this.view;
    const others = [...v.members].filter((m) => !this.clique.includes(m));
    this.ctx.violation(
      "cluster.leader-available",
      `No leader from ${formatTime(this.noLeaderSinceUs)} to ${formatTime(nowUs)} (over ${formatTime(this.cfg.leaderUs)}) although ` +
        `a majority of the ${v.members.size} managers — ${this.clique.join(", ")} — was up and connected` +
        `${others.length > 0 ? ` (${others.join(", ")} down or cut off)` : ""}. Raft should elect a leader within a few ` +
        `election timeouts once a majority can talk.${this.disruptionHint()}`,
      [...this.clique],
      [],
    );
  }

  private maxTerm(): number {
    let t = 0;
    for (const r of this.view.roles.values()) if (r.term > t) t = r.term;
    return t;
  }

  /** Terms kept rising without PreVote: name the known SwarmKit behaviour and its modelled fix. */
  private disruptionHint(): string {
    const terms = this.maxTerm() - this.termAtNoLeader;
    if (this.cfg.preVote || terms < 2) return "";
    return (
      ` Terms rose ${terms} times meanwhile: without PreVote (SwarmKit's setting) a manager that campaigned while cut off ` +
      `comes back with a higher term and keeps disrupting elections (moby/moby#35109); raft: {preVote: true} models the fix.`
    );
  }

  onMember(change: string, member: string, members: string[], seq: number, nowUs: Micros): void {
    const v = this.view;
    if (change === "remove" && v.members.has(member)) this.checkRemoval(member, members, seq, nowUs);
    v.members.clear();
    for (const m of members) v.members.add(m);
    v.reachEpoch++;
    this.topologyDirty = true;
  }

  private checkRemoval(member: string, remaining: string[], seq: number, nowUs: Micros): void {
    const v = this.view;
    const leader = v.leader();
    const unreachable: string[] = [];
    for (const m of remaining) {
      const n = v.nodes.get(m);
      const down = v.isDown(m, leader);
      const since = n?.unreachableSinceUs ?? -1;
      if (down && since >= 0 && nowUs - since >= this.cfg.reachGraceUs) unreachable.push(m);
    }
    const reachable = remaining.length - unreachable.length;
    const quorum = Math.floor(remaining.length / 2) + 1;
    if (remaining.length > 0 && reachable >= quorum) return;
    this.ctx.violation(
      "cluster.quorum-guard",
      remaining.length === 0
        ? `Manager ${member} was removed from Raft at event #${seq}, leaving no manager at all.`
        : `Manager ${member} was removed from Raft at event #${seq}, leaving ${remaining.length} member(s) of which only ` +
            `${reachable} were reachable (${unreachable.join(", ")} down or cut off for over ${formatTime(this.cfg.reachGraceUs)}); ` +
            `a quorum needs ${quorum}. SwarmKit's CanRemoveMember refuses a removal that leaves fewer than a majority of the ` +
            `remaining members reachable.`,
      [member, ...unreachable],
      [seq],
    );
  }

  onOpSubmit(opId: number, command: string, seq: number): void {
    this.commands.set(opId, { command, seq });
  }

  onOpResult(opId: number, ok: boolean, seq: number): void {
    const c = this.commands.get(opId);
    this.commands.delete(opId);
    if (c === undefined || !ok) return;
    const targets = demoteTargets(c.command);
    if (targets === null) return;
    const managers = [...this.view.members];
    if (managers.length === 0 || !managers.every((m) => targets.includes(m))) return;
    this.ctx.violation(
      "cluster.quorum-guard",
      `"${c.command}" (event #${c.seq}) succeeded at event #${seq}: it asks to demote every manager ` +
        `(${managers.join(", ")}), which would leave the swarm without one. ` +
        (managers.length > 1
          ? `SwarmKit's last-manager check counts the nodes whose role is still manager, and a demotion only takes effect ` +
            `later (the role manager applies it), so demoting them together passes the check for each one.`
          : `SwarmKit refuses to demote the last manager of a swarm.`),
      managers,
      [c.seq, seq],
    );
  }
}

/** Node names of a `docker node demote a b …` command, or null for any other command. */
function demoteTargets(command: string): string[] | null {
  const words = command.trim().split(/\s+/);
  const at = words.indexOf("demote");
  if (at < 1 || words[at - 1] !== "node") return null;
  return words.slice(at + 1).filter((w) => !w.startsWith("-"));
}

/** A largest set of up members, pairwise connected, if it is a majority of the members; else []. */
function majorityClique(v: ClusterView): string[] {
  const up = [...v.members].filter((m) => (v.nodes.get(m)?.live ?? "up") === "up");
  const quorum = Math.floor(v.members.size / 2) + 1;
  if (up.length < quorum) return [];
  if (!v.partitioned) return up;
  let best: string[] = [];
  if (up.length <= EXACT_CLIQUE_MAX) {
    for (let mask = 1; mask < 1 << up.length; mask++) {
      const set = up.filter((_, i) => (mask >> i) & 1);
      if (set.length <= best.length) continue;
      if (set.every((a, i) => set.every((b, j) => j <= i || !v.cut(a, b)))) best = set;
    }
  } else {
    for (const seed of up) {
      const set = [seed];
      for (const m of up) if (m !== seed && set.every((x) => !v.cut(x, m))) set.push(m);
      if (set.length > best.length) best = set;
    }
  }
  return best.length >= quorum ? best : [];
}
