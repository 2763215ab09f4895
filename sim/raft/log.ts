// The in-memory Raft log (etcd's raftLog): entries after a compaction point, the commit and
// apply cursors, and the mark of what still has to be handed to storage.
import { assert } from "../kernel/assert.ts";
import type { LogIndex, Term } from "../kernel/types.ts";
import type { RaftEntry, Snapshot } from "./messages.ts";

/** term() of an index that is compacted away or beyond the end. */
export const TERM_UNAVAILABLE = -1;

export class RaftLog {
  /** Index of the last compacted entry (entries[0] is offset+1). */
  offset: LogIndex;
  offsetTerm: Term;
  entries: RaftEntry[];
  committed: LogIndex;
  /** Applied by the host (advance()). */
  applied: LogIndex;
  /** Handed out in a Ready, not yet acknowledged by advance(). */
  applying: LogIndex;
  /** First index that storage has not been given yet. */
  unstableFrom: LogIndex;
  /** Latest snapshot: what a far-behind follower gets. Null until one exists (or index 0 bootstrap). */
  snapshot: Snapshot;
  /** A snapshot received from the leader, to be installed by the host. */
  pendingSnapshot: Snapshot | null = null;

  constructor(snapshot: Snapshot, entries: RaftEntry[], commit: LogIndex) {
    this.snapshot = snapshot;
    this.offset = snapshot.index;
    this.offsetTerm = snapshot.term;
    this.entries = entries;
    for (let i = 0; i < entries.length; i++) {
      assert(entries[i].index === snapshot.index + 1 + i, () => `log: entry ${i} has index ${entries[i].index}, expected ${snapshot.index + 1 + i}`);
    }
    this.committed = Math.max(snapshot.index, Math.min(commit, this.lastIndex()));
    this.applied = snapshot.index;
    this.applying = snapshot.index;
    this.unstableFrom = this.lastIndex() + 1;
  }

  firstIndex(): LogIndex {
    return this.offset + 1;
  }

  lastIndex(): LogIndex {
    return this.offset + this.entries.length;
  }

  lastTerm(): Term {
    const n = this.entries.length;
    return n === 0 ? this.offsetTerm : this.entries[n - 1].term;
  }

  term(i: LogIndex): Term {
    if (i === this.offset) return this.offsetTerm;
    if (i < this.offset || i > this.lastIndex()) return TERM_UNAVAILABLE;
    return this.entries[i - this.offset - 1].term;
  }

  entry(i: LogIndex): RaftEntry {
    assert(i > this.offset && i <= this.lastIndex(), () => `log: entry ${i} outside (${this.offset}, ${this.lastIndex()}]`);
    return this.entries[i - this.offset - 1];
  }

  matchTerm(i: LogIndex, t: Term): boolean {
    const lt = this.term(i);
    return lt !== TERM_UNAVAILABLE && lt === t;
  }

  /** Raft §5.4.1: is a candidate's log at least as up to date as ours? */
  isUpToDate(lastIndex: LogIndex, lastTerm: Term): boolean {
    const t = this.lastTerm();
    return lastTerm > t || (lastTerm === t && lastIndex >= this.lastIndex());
  }

  /** Entries [lo, hi): a slice (the only copy made per append message). */
  slice(lo: LogIndex, hi: LogIndex): RaftEntry[] {
    assert(lo > this.offset && hi <= this.lastIndex() + 1 && lo <= hi, () => `log: slice [${lo}, ${hi}) outside (${this.offset}, ${this.lastIndex()}]`);
    return this.entries.slice(lo - this.offset - 1, hi - this.offset - 1);
  }

  /** Appends entries, truncating a conflicting suffix first. Returns the truncation index or 0. */
  append(ents: readonly RaftEntry[]): LogIndex {
    if (ents.length === 0) return 0;
    const after = ents[0].index;
    assert(after > this.committed, () => `log: append at ${after} would overwrite committed ${this.committed}`);
    assert(after > this.offset && after <= this.lastIndex() + 1, () => `log: append at ${after} leaves a gap after ${this.lastIndex()}`);
    let truncated = 0;
    if (after <= this.lastIndex()) {
      truncated = after;
      this.entries.length = after - this.offset - 1;
    }
    for (let i = 0; i < ents.length; i++) this.entries.push(ents[i]);
    if (after < this.unstableFrom) this.unstableFrom = after;
    return truncated;
  }

  /** First entry whose term disagrees with ours (0 if all match; beyond-end counts as conflict). */
  findConflict(ents: readonly RaftEntry[]): LogIndex {
    for (let i = 0; i < ents.length; i++) {
      if (!this.matchTerm(ents[i].index, ents[i].term)) return ents[i].index;
    }
    return 0;
  }

  /** The largest index ≤ index whose term is ≤ term (etcd's fast-backtracking hint). */
  findConflictByTerm(index: LogIndex, term: Term): LogIndex {
    for (; index > 0; index--) {
      const t = this.term(index);
      if (t === TERM_UNAVAILABLE || t <= term) return index;
    }
    return 0;
  }

  /**
   * Follower side of AppendEntries: returns the last new index, or -1 when the previous entry
   * does not match. Commits up to min(commit, last new).
   */
  maybeAppend(prevIndex: LogIndex, prevTerm: Term, commit: LogIndex, ents: readonly RaftEntry[]): LogIndex {
    if (!this.matchTerm(prevIndex, prevTerm)) return -1;
    const lastNew = prevIndex + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      assert(ci > this.committed, () => `log: conflict at ${ci} is at or below commit ${this.committed}`);
      this.append(ci === ents[0].index ? ents : ents.slice(ci - prevIndex - 1));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  commitTo(i: LogIndex): void {
    if (i <= this.committed) return;
    assert(i <= this.lastIndex(), () => `log: commit ${i} beyond last index ${this.lastIndex()}`);
    this.committed = i;
  }

  /** Leader: commits i only if it is from the current term (Raft Figure 8). */
  maybeCommit(i: LogIndex, term: Term): boolean {
    if (i > this.committed && this.term(i) === term) {
      this.commitTo(i);
      return true;
    }
    return false;
  }

  /** Committed entries not yet handed out for applying, at most `max`. */
  nextCommitted(max: number): RaftEntry[] | null {
    const lo = Math.max(this.applying, this.offset) + 1;
    const hi = Math.min(this.committed, lo + max - 1);
    if (hi < lo) return null;
    return this.slice(lo, hi + 1);
  }

  /** Installs a snapshot from the leader: the whole log is replaced. */
  restore(snap: Snapshot): void {
    this.entries = [];
    this.offset = snap.index;
    this.offsetTerm = snap.term;
    this.committed = snap.index;
    this.applying = snap.index;
    this.unstableFrom = snap.index + 1;
    this.snapshot = snap;
    this.pendingSnapshot = snap;
  }

  /** A local snapshot was taken: remember it and drop entries up to compactIndex (≤ snapshot). */
  compact(snap: Snapshot, compactIndex: LogIndex): void {
    assert(snap.index <= this.applied, () => `log: snapshot at ${snap.index} beyond applied ${this.applied}`);
    assert(compactIndex <= snap.index, () => `log: compact ${compactIndex} beyond snapshot ${snap.index}`);
    if (snap.index > this.snapshot.index) this.snapshot = snap;
    if (compactIndex <= this.offset) return;
    this.offsetTerm = this.term(compactIndex);
    this.entries.splice(0, compactIndex - this.offset);
    this.offset = compactIndex;
  }
}
