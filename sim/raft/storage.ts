// A member's durable Raft state: hard state, the log after the compaction point, and the latest
// snapshot. It survives crashes (the world hands the same object to the restarted process).
//
// The fsync model, deliberately simple but honest:
// - Writes land in the "page cache" at once; sync() makes everything written so far durable.
//   A crash with loseUnsynced reverts to the last sync: the unsynced log tail and hard state go.
// - Followers and candidates write + sync before sending any reply (the driver does this), so an
//   acknowledged entry or a granted vote is never lost.
// - A leader may send appends before its own fsync (etcd's async leader write): its new entries
//   are synced at its next tick or next processed message, and it counts itself in the commit
//   quorum only up to what is synced. A crash with loseUnsynced can therefore drop the leader's
//   unsynced tail; those entries were never counted on its behalf, so safety holds.
// - Truncations (log repair) only happen on a fully synced log: a node repairs its log only as
//   a follower, and everything before it was synced at the start of that step (asserted).
// - Snapshots are written and synced before they are used.
import { assert } from "../kernel/assert.ts";
import { T } from "../kernel/events.ts";
import type { Durable } from "../kernel/host.ts";
import type { Trace } from "../kernel/trace.ts";
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";
import { ENTRY_CONF, type HardState, NONE, newEntry, type RaftEntry, type Snapshot } from "./messages.ts";
import type { RaftState } from "./raft.ts";

export class RaftStorage implements Durable {
  hardState: HardState = { term: 0, vote: NONE, commit: 0 };
  private syncedHard: HardState = this.hardState;
  snapshot: Snapshot = { index: 0, term: 0, voters: [], data: null };
  /** Index of the entry before entries[0]. */
  offset: LogIndex = 0;
  offsetTerm: Term = 0;
  entries: RaftEntry[] = [];
  /** Last index known durable. */
  syncedLast: LogIndex = 0;
  /** False until the first member opened it (bootstrap writes the initial configuration). */
  initialized = false;
  /** Where to report a tail lost in a crash (set by the member that opened the storage). */
  private trace: Trace | null = null;
  private nodeIx: NodeIx = -1;

  /**
   * A fresh disk: with initial members, write the bootstrap conf entry at index 1 (term 1,
   * committed) so that every member — and any later joiner that replicates the log — learns
   * the initial configuration the same way. Without, the node waits to be added.
   */
  bootstrap(members: readonly NodeIx[]): void {
    if (this.initialized) return;
    this.initialized = true;
    if (members.length === 0) return;
    const sorted = members.slice().sort((a, b) => a - b);
    this.snapshot = { index: 0, term: 0, voters: sorted, data: null };
    this.entries = [newEntry(1, 1, ENTRY_CONF, { conf: "set", node: NONE, members: sorted })];
    this.hardState = { term: 1, vote: NONE, commit: 1 };
    this.sync();
  }

  attach(trace: Trace, nodeIx: NodeIx): void {
    this.trace = trace;
    this.nodeIx = nodeIx;
  }

  lastIndex(): LogIndex {
    return this.offset + this.entries.length;
  }

  dirty(): boolean {
    return this.syncedLast !== this.lastIndex() || this.syncedHard !== this.hardState;
  }

  /** Writes entries that replace the log from ents[0].index on. Returns the truncation index or 0. */
  write(ents: readonly RaftEntry[]): LogIndex {
    if (ents.length === 0) return 0;
    const first = ents[0].index;
    const last = this.lastIndex();
    assert(first > this.offset && first <= last + 1, () => `storage: write at ${first} outside (${this.offset}, ${last + 1}]`);
    let truncated = 0;
    if (first <= last) {
      assert(this.syncedLast === last, () => `storage: truncation at ${first} over an unsynced tail (${this.syncedLast} < ${last})`);
      truncated = first;
      this.entries.length = first - this.offset - 1;
      if (this.syncedLast >= first) this.syncedLast = first - 1;
    }
    for (let i = 0; i < ents.length; i++) this.entries.push(ents[i]);
    return truncated;
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  sync(): void {
    this.syncedLast = this.lastIndex();
    this.syncedHard = this.hardState;
  }

  /** A local snapshot at snap.index; compacts entries up to compactIndex. Synced. */
  saveSnapshot(snap: Snapshot, compactIndex: LogIndex): void {
    assert(compactIndex <= snap.index && snap.index <= this.lastIndex(), () => `storage: snapshot ${snap.index} / compact ${compactIndex} beyond log ${this.lastIndex()}`);
    this.sync();
    if (snap.index > this.snapshot.index) this.snapshot = snap;
    if (compactIndex > this.offset) {
      this.offsetTerm = this.entryTerm(compactIndex);
      this.entries.splice(0, compactIndex - this.offset);
      this.offset = compactIndex;
    }
  }

  /** A snapshot from the leader replaces the whole log. Synced. */
  installSnapshot(snap: Snapshot): void {
    this.snapshot = snap;
    this.entries = [];
    this.offset = snap.index;
    this.offsetTerm = snap.term;
    if (this.hardState.commit < snap.index) this.hardState = { term: this.hardState.term, vote: this.hardState.vote, commit: snap.index };
    this.sync();
  }

  private entryTerm(i: LogIndex): Term {
    if (i === this.offset) return this.offsetTerm;
    return this.entries[i - this.offset - 1].term;
  }

  /** What a restarting member recovers (a copy of the entry list; entries are shared, immutable). */
  recover(): RaftState {
    const last = this.lastIndex();
    const hs = this.hardState;
    return {
      hardState: { term: hs.term, vote: hs.vote, commit: Math.min(hs.commit, last) },
      snapshot: this.snapshot,
      entries: this.entries.slice(),
      offset: this.offset,
      offsetTerm: this.offsetTerm,
    };
  }

  onCrash(loseUnsynced: boolean): void {
    if (!loseUnsynced) return;
    const last = this.lastIndex();
    if (this.syncedLast < last) {
      const from = this.syncedLast + 1;
      this.entries.length = this.syncedLast - this.offset;
      if (this.trace) this.trace.emit(T["raft.truncate"], this.nodeIx, from);
    }
    this.hardState = this.syncedHard;
  }
}
