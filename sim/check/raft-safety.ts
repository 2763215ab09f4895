// Raft safety (Figure 3 of the Raft paper), checked online from raft.* trace events at the event
// that breaks it: election safety, leader append-only, log matching, leader completeness and
// state machine safety. Work per event is O(1) amortized; memory is bounded by compacting
// everything below the commit/apply floor of the live members (crashed and removed members do
// not hold the floor back: if they return, entries below the floor are simply not compared).
import { assert } from "../kernel/assert.ts";
import type { RaftRole, TraceEventOf } from "../kernel/events.ts";
import { formatTime, type LogIndex, type Micros, type Term } from "../kernel/types.ts";
import type { Checker, CheckerContext } from "./api.ts";
import { EMPTY_PREFIX_DIGEST, snapshotSeed } from "./digest.ts";
import { IndexWindow } from "../kernel/index-window.ts";
import { RaftLogView } from "./raft-log-view.ts";

export const RAFT_IDS = [
  "raft.election-safety",
  "raft.leader-append-only",
  "raft.log-matching",
  "raft.leader-completeness",
  "raft.state-machine-safety",
] as const;

/** Per-node logs are trimmed below their commit index in chunks of this many entries. */
const TRIM_CHUNK = 4096;
/** Global maps are compacted every this many commit/apply events. */
const COMPACT_EVERY = 256;
/** Leader records are pruned when more than this many terms are remembered. */
const LEADER_TERMS_MAX = 64;

/** The first entry seen at (index, term), anywhere in the cluster. */
interface EntryRecord {
  term: Term;
  hash: number;
  digest: number;
  anchored: boolean;
  node: string;
  seq: number;
  /** The record of another term at the same index (a chain: almost always null). */
  other: EntryRecord | null;
}

interface Member {
  name: string;
  log: RaftLogView;
  role: RaftRole;
  term: Term;
  /** Term in which this node is leader right now, or -1. */
  leaderTerm: Term;
  leaderSeq: number;
  commit: LogIndex;
  applied: LogIndex;
  /** Crashed, removed from the world, or removed from the raft membership: not holding floors. */
  crashed: boolean;
  gone: boolean;
}

interface LeaderRecord {
  node: string;
  seq: number;
  timeUs: Micros;
}

interface AppliedRecord {
  term: Term;
  hash: number;
  node: string;
  seq: number;
}

export class RaftSafetyChecker implements Checker {
  readonly ids = RAFT_IDS;
  private ctx!: CheckerContext;
  private readonly members = new Map<string, Member>();
  /** Members by trace node index (a cache over `members`, for the positional hot events). */
  private readonly byIx: (Member | undefined)[] = [];
  private readonly leaders = new Map<Term, LeaderRecord>();
  /**
   * index → the records of the entries seen at that index, chained (one per term, usually one).
   * A chain rather than an array per index, in a window rather than a Map: both kept records
   * alive past young collections in a long Raft run (see IndexWindow).
   */
  private readonly entries = new IndexWindow<EntryRecord>();
  private readonly applied = new IndexWindow<AppliedRecord>();
  private compactCountdown = COMPACT_EVERY;
  /** The highest committed index seen in the cluster, with the committing node's prefix digest. */
  private commit = { index: 0, term: 0, hash: 0, digest: 0, anchored: true, node: "", seq: 0 };

  attach(ctx: CheckerContext): void {
    this.ctx = ctx;
    const t = ctx.trace;
    t.on("raft.role", (e) => this.onRole(e));
    // The per-entry types arrive positionally: no event object is built for them.
    t.onFields("raft.append", (seq, _timeUs, node, index, term, entryHash) => this.onAppend(this.memberAt(node), seq, index as LogIndex, term as Term, entryHash as number));
    t.on("raft.truncate", (e) => this.onTruncate(e));
    t.onFields("raft.commit", (seq, _timeUs, node, index) => this.onCommit(this.memberAt(node), seq, index as LogIndex));
    t.onFields("raft.apply", (seq, _timeUs, node, index, term, entryHash) => this.onApply(this.memberAt(node), seq, index as LogIndex, term as Term, entryHash as number));
    t.on("raft.snapshot", (e) => this.onSnapshot(e));
    t.on("raft.member", (e) => this.onMember(e));
    t.on("node.crash", (e) => this.onCrash(e.node));
    t.on("node.restart", (e) => this.onRestart(e.node));
    t.on("node.remove", (e) => this.onRemove(e.node));
  }

  /** The member emitting at trace node index `node`. */
  private memberAt(node: number): Member {
    assert(node >= 0, "raft event without a node");
    const m = this.byIx[node];
    if (m !== undefined) return m;
    const found = this.member(this.ctx.trace.nodeNames[node]);
    this.byIx[node] = found;
    return found;
  }

  private member(name: string | null): Member {
    assert(name !== null, "raft event without a node");
    let m = this.members.get(name);
    if (m === undefined) {
      m = { name, log: new RaftLogView(), role: "follower", term: 0, leaderTerm: -1, leaderSeq: 0, commit: 0, applied: 0, crashed: false, gone: false };
      this.members.set(name, m);
    }
    return m;
  }

  // ── roles: election safety, leader completeness ──────────────────────────────────────────

  private onRole(e: TraceEventOf<"raft.role">): void {
    const m = this.member(e.node);
    m.role = e.role;
    if (e.term > m.term) m.term = e.term;
    if (e.role !== "leader") {
      m.leaderTerm = -1;
      return;
    }
    if (m.leaderTerm === e.term) return; // repeated announcement of the same leadership
    m.leaderTerm = e.term;
    m.leaderSeq = e.seq;

    const prev = this.leaders.get(e.term);
    if (prev !== undefined && prev.node !== m.name) {
      this.ctx.violation(
        "raft.election-safety",
        `Two leaders in term ${e.term}: ${prev.node} became leader at event #${prev.seq} (${formatTime(prev.timeUs)}) and ` +
          `${m.name} became leader of the same term at event #${e.seq} (${formatTime(e.timeUs)}). Raft allows at most one ` +
          `leader per term, since each member grants one vote per term and a leader needs a majority of votes.`,
        [prev.node, m.name],
        [prev.seq, e.seq],
      );
      return;
    }
    if (prev === undefined) {
      this.leaders.set(e.term, { node: m.name, seq: e.seq, timeUs: e.timeUs });
      if (this.leaders.size > LEADER_TERMS_MAX) this.pruneLeaders();
    }
    this.checkCompleteness(m, e.seq, e.term);
  }

  /** A new leader's log must hold every entry committed so far (committed in earlier terms). */
  private checkCompleteness(m: Member, seq: number, term: Term): void {
    const c = this.commit;
    if (c.index === 0) return;
    const log = m.log;
    if (log.lastIndex < c.index) {
      this.ctx.violation(
        "raft.leader-completeness",
        `${m.name} became leader of term ${term} at event #${seq} with a log ending at index ${log.lastIndex}, but index ${c.index} ` +
          `(term ${c.term}) had already been committed by ${c.node} (event #${c.seq}). A Raft leader must hold every committed ` +
          `entry; the vote restriction (candidate's log at least as up to date as the voter's) should have prevented this election.`,
        [m.name, c.node],
        [c.seq, seq],
      );
      return;
    }
    // Committed entries already compacted into this node's snapshot cannot be compared entry by entry.
    if (!log.hasDigest(c.index) || !log.anchored || !c.anchored) return;
    if (log.digestAt(c.index) === c.digest) return;
    const mine = log.has(c.index) ? `term ${log.termAt(c.index)}, hash ${hex(log.hashAt(c.index))}` : `a different snapshot prefix`;
    const same = log.has(c.index) && log.termAt(c.index) === c.term && log.hashAt(c.index) === c.hash;
    this.ctx.violation(
      "raft.leader-completeness",
      `${m.name} became leader of term ${term} at event #${seq}, but its log differs from the committed log at or before ` +
        `index ${c.index}: ${c.node} committed index ${c.index} (term ${c.term}, hash ${hex(c.hash)}) at event #${c.seq}, while ` +
        `${m.name} holds ${same ? "the same entry at that index but a different prefix before it" : mine}. A Raft leader must ` +
        `hold every committed entry.`,
      [m.name, c.node],
      [c.seq, seq],
    );
  }

  /** A member whose current term is ≥ T can never become leader of T: forget older terms. */
  private pruneLeaders(): void {
    let minTerm = Number.POSITIVE_INFINITY;
    for (const m of this.members.values()) if (!m.gone && m.term < minTerm) minTerm = m.term;
    for (const t of this.leaders.keys()) if (t < minTerm) this.leaders.delete(t);
  }

  // ── appends and truncations: leader append-only, log matching ────────────────────────────

  private onAppend(m: Member, seq: number, i: LogIndex, term: Term, entryHash: number): void {
    const log = m.log;
    assert(i >= 1, () => `raft.append at index ${i} on ${m.name} (event #${seq}): indexes start at 1`);
    if (i <= log.baseIndex) {
      // Below the snapshot: the member's storage was wiped (demoted and re-added) and it starts over.
      if (i === 1) log.resetTo(0, 0, EMPTY_PREFIX_DIGEST, true);
      else log.resetTo(i - 1, 0, snapshotSeed(i - 1, 0), false);
    } else if (i <= log.lastIndex) {
      if (log.termAt(i) === term && log.hashAt(i) === entryHash) return; // the same entry again
      if (m.leaderTerm >= 0) {
        this.ctx.violation(
          "raft.leader-append-only",
          `${m.name}, leader of term ${m.leaderTerm} since event #${m.leaderSeq}, overwrote its own entry at index ${i} ` +
            `(term ${log.termAt(i)}, hash ${hex(log.hashAt(i))}, written at event #${log.seqAt(i)}) with a different entry ` +
            `(term ${term}, hash ${hex(entryHash)}) at event #${seq}. A Raft leader only appends to its log.`,
          [m.name],
          [m.leaderSeq, log.seqAt(i), seq],
        );
        return;
      }
      log.truncateFrom(i); // a follower replacing a conflicting entry (an implicit raft.truncate)
    }
    assert(
      i === log.lastIndex + 1,
      () => `raft.append at index ${i} on ${m.name} (event #${seq}) leaves a gap after its last index ${log.lastIndex}: appends must be contiguous`,
    );
    const digest = log.push(term, entryHash, seq);
    this.compareEntry(m, i, term, entryHash, digest, seq);
  }

  /** Log matching against the first entry seen at (index, term) anywhere. */
  private compareEntry(m: Member, i: LogIndex, term: Term, hash: number, digest: number, seq: number): void {
    if (i < this.entries.floor) return; // compacted: every live member is past it
    const first = this.entries.get(i);
    const rec = recordOf(first, term);
    const anchored = m.log.anchored;
    if (rec === null) {
      this.entries.set(i, { term, hash, digest, anchored, node: m.name, seq, other: first ?? null });
      return;
    }
    if (rec.hash !== hash) {
      this.ctx.violation(
        "raft.log-matching",
        `Two different entries share index ${i} and term ${term}: ${rec.node} appended hash ${hex(rec.hash)} at event #${rec.seq} ` +
          `and ${m.name} appended hash ${hex(hash)} at event #${seq}. In Raft an (index, term) pair identifies one entry, ` +
          `because a leader creates at most one entry per index in its term.`,
        uniq([rec.node, m.name]),
        [rec.seq, seq],
      );
      return;
    }
    if (!rec.anchored || !anchored) {
      if (anchored) Object.assign(rec, { digest, anchored, node: m.name, seq });
      return;
    }
    if (rec.digest === digest) return;
    const other = this.members.get(rec.node);
    const diverge = other === undefined ? -1 : firstDifference(m.log, other.log, i - 1);
    const where =
      diverge > 0
        ? ` They first differ at index ${diverge}: ${m.name} has term ${m.log.termAt(diverge)} (event #${m.log.seqAt(diverge)}), ` +
          `${rec.node} has term ${other!.log.termAt(diverge)} (event #${other!.log.seqAt(diverge)}).`
        : "";
    this.ctx.violation(
      "raft.log-matching",
      `${m.name} appended the entry at index ${i}, term ${term} (event #${seq}) that ${rec.node} also holds (event #${rec.seq}), ` +
        `but the entries before it differ between the two logs.${where} Raft's log matching property requires logs that ` +
        `share an entry to be identical up to it (the AppendEntries consistency check enforces it).`,
      uniq([rec.node, m.name]),
      diverge > 0 ? [m.log.seqAt(diverge), other!.log.seqAt(diverge), rec.seq, seq] : [rec.seq, seq],
    );
  }

  private onTruncate(e: TraceEventOf<"raft.truncate">): void {
    const m = this.member(e.node);
    const log = m.log;
    const from = Math.max(e.fromIndex, log.baseIndex + 1);
    if (from > log.lastIndex) return; // nothing removed
    if (m.leaderTerm >= 0) {
      this.ctx.violation(
        "raft.leader-append-only",
        `${m.name}, leader of term ${m.leaderTerm} since event #${m.leaderSeq}, truncated its own log from index ${e.fromIndex} ` +
          `at event #${e.seq}, removing entries ${from}..${log.lastIndex} (the first written at event #${log.seqAt(from)}). ` +
          `A Raft leader never deletes or overwrites entries in its log.`,
        [m.name],
        [m.leaderSeq, log.seqAt(from), e.seq],
      );
      return;
    }
    log.truncateFrom(from);
  }

  // ── commits and applies: state machine safety ───────────────────────────────────────────

  private onCommit(m: Member, seq: number, index: LogIndex): void {
    if (index > m.commit) m.commit = index;
    this.recordCommit(m, index, seq);
    this.trimLog(m);
    if (--this.compactCountdown <= 0) this.compact();
  }

  /** Raises the cluster's committed record; the committing node must agree with the previous one. */
  private recordCommit(m: Member, index: LogIndex, seq: number): void {
    const c = this.commit;
    const log = m.log;
    if (index <= c.index || !log.hasDigest(index)) return;
    if (c.index > 0 && log.hasDigest(c.index) && log.anchored && c.anchored && log.digestAt(c.index) !== c.digest) {
      this.ctx.violation(
        "raft.state-machine-safety",
        `${m.name} committed up to index ${index} at event #${seq}, but its log up to index ${c.index} differs from the log ` +
          `${c.node} committed up to that index at event #${c.seq} (there: term ${c.term}, hash ${hex(c.hash)}; here: term ` +
          `${log.termAt(c.index)}${log.has(c.index) ? `, hash ${hex(log.hashAt(c.index))}` : ""}). Committed entries must be ` +
          `identical on every member, or members apply different commands.`,
        uniq([c.node, m.name]),
        [c.seq, seq],
      );
      return;
    }
    c.index = index;
    c.term = log.termAt(index);
    c.hash = log.has(index) ? log.hashAt(index) : 0;
    c.digest = log.digestAt(index);
    c.anchored = log.anchored;
    c.node = m.name;
    c.seq = seq;
  }

  private onApply(m: Member, seq: number, index: LogIndex, term: Term, entryHash: number): void {
    if (index > m.applied) m.applied = index;
    if (index >= this.applied.floor) {
      const rec = this.applied.get(index);
      if (rec === undefined) {
        this.applied.set(index, { term: term, hash: entryHash, node: m.name, seq: seq });
      } else if (rec.hash !== entryHash || rec.term !== term) {
        this.ctx.violation(
          "raft.state-machine-safety",
          `Two members applied different entries at index ${index}: ${rec.node} applied term ${rec.term}, hash ${hex(rec.hash)} ` +
            `at event #${rec.seq}, and ${m.name} applied term ${term}, hash ${hex(entryHash)} at event #${seq}. Every ` +
            `member must apply the same command at each index, or the replicated state diverges.`,
          uniq([rec.node, m.name]),
          [rec.seq, seq],
        );
        return;
      }
    }
    if (--this.compactCountdown <= 0) this.compact();
  }

  private onSnapshot(e: TraceEventOf<"raft.snapshot">): void {
    const m = this.member(e.node);
    const log = m.log;
    const x = e.index;
    if (x <= log.baseIndex) return;
    if (log.hasDigest(x) && log.termAt(x) === e.term) {
      log.compactTo(x); // own compaction, or an installed snapshot matching an entry we hold
    } else {
      // InstallSnapshot without a matching entry: the log is replaced by the snapshot.
      const rec = recordOf(this.entries.get(x), e.term);
      if (rec?.anchored) log.resetTo(x, e.term, rec.digest, true);
      else log.resetTo(x, e.term, snapshotSeed(x, e.term), false);
    }
    if (x > m.commit) m.commit = x;
    if (x > m.applied) m.applied = x;
    const rec = this.applied.get(x); // undefined below the floor
    if (rec !== undefined && rec.term !== e.term) {
      this.ctx.violation(
        "raft.state-machine-safety",
        `${m.name} took a snapshot at index ${x} with term ${e.term} (event #${e.seq}), but ${rec.node} applied an entry of ` +
          `term ${rec.term} at that index (event #${rec.seq}). A snapshot covers applied entries only; both must agree.`,
        uniq([rec.node, m.name]),
        [rec.seq, e.seq],
      );
      return;
    }
    this.recordCommit(m, x, e.seq);
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────

  private onMember(e: TraceEventOf<"raft.member">): void {
    const m = this.member(e.member);
    m.gone = e.change === "remove";
  }

  private onCrash(node: string | null): void {
    const m = node === null ? undefined : this.members.get(node);
    if (m === undefined) return;
    m.crashed = true;
    m.leaderTerm = -1; // volatile: a restarted member starts as a follower
    m.role = "follower";
  }

  private onRestart(node: string | null): void {
    const m = node === null ? undefined : this.members.get(node);
    if (m === undefined) return;
    m.crashed = false;
    m.applied = m.log.baseIndex; // the state machine is rebuilt from the snapshot and re-applied
  }

  private onRemove(node: string | null): void {
    const m = node === null ? undefined : this.members.get(node);
    if (m === undefined) return;
    m.gone = true;
    m.leaderTerm = -1;
  }

  // ── memory bounds ───────────────────────────────────────────────────────────────────────

  /** Keeps a member's log from growing without a snapshot: entries well below its commit index go. */
  private trimLog(m: Member): void {
    const log = m.log;
    const keepFrom = Math.min(m.commit, this.commit.index, log.lastIndex);
    if (keepFrom - log.baseIndex > TRIM_CHUNK) log.compactTo(keepFrom);
  }

  /** Drops global records below every live member's commit (entries) and apply (applied) floors. */
  private compact(): void {
    this.compactCountdown = COMPACT_EVERY;
    let commitFloor = Number.POSITIVE_INFINITY;
    let applyFloor = Number.POSITIVE_INFINITY;
    for (const m of this.members.values()) {
      if (m.crashed || m.gone) continue;
      if (m.commit < commitFloor) commitFloor = m.commit;
      if (m.applied < applyFloor) applyFloor = m.applied;
    }
    if (commitFloor === Number.POSITIVE_INFINITY) return;
    this.entries.dropBelow(commitFloor);
    this.applied.dropBelow(applyFloor);
  }

  /** For tests and reports: sizes of the remembered state. */
  get memory(): { entries: number; applied: number; leaders: number } {
    return { entries: this.entries.size, applied: this.applied.size, leaders: this.leaders.size };
  }
}

/** Lowest index ≤ upTo where two stored logs disagree (scanning down to their common prefix); -1 if not visible. */
function firstDifference(a: RaftLogView, b: RaftLogView, upTo: LogIndex): LogIndex {
  const lo = Math.max(a.baseIndex, b.baseIndex) + 1;
  let found = -1;
  for (let i = Math.min(upTo, a.lastIndex, b.lastIndex); i >= lo; i--) {
    if (a.digestAt(i) === b.digestAt(i)) break; // equal prefixes below: nothing earlier differs
    if (a.termAt(i) !== b.termAt(i) || a.hashAt(i) !== b.hashAt(i)) found = i;
  }
  return found;
}

/** The record of `term` in an index's chain, or null. */
function recordOf(first: EntryRecord | undefined, term: Term): EntryRecord | null {
  // Bounded: one record per term seen at the index.
  for (let r = first ?? null; r !== null; r = r.other) if (r.term === term) return r;
  return null;
}

function hex(h: number): string {
  return `0x${(h >>> 0).toString(16)}`;
}

function uniq(names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) === i);
}
