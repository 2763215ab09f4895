// What the Raft safety checker remembers of one member's log: the entries above an anchor
// (a snapshot, or a point below the commit index where older entries were trimmed), each with
// its term, entry hash, rolling prefix digest and the seq of the raft.append that wrote it.
// Entries live interleaved in one Float64Array (exact for every safe integer) between `start`
// and `start + count`: appends and trims from the front move offsets, not arrays.
import { assert } from "../kernel/assert.ts";
import type { LogIndex, Term } from "../kernel/types.ts";
import { EMPTY_PREFIX_DIGEST, mixEntry } from "./digest.ts";

/** Numbers per entry: term, entry hash, prefix digest, seq. */
const STRIDE = 4;
const INITIAL_ENTRIES = 64;

export class RaftLogView {
  /** Entries at indexes ≤ baseIndex are not stored (snapshot or trimmed). */
  baseIndex: LogIndex = 0;
  baseTerm: Term = 0;
  baseDigest = EMPTY_PREFIX_DIGEST;
  /**
   * False when the prefix up to the base came from a snapshot whose entries the checker never saw:
   * its digests are then private to this node and never compared across nodes.
   */
  anchored = true;
  private cols = new Float64Array(INITIAL_ENTRIES * STRIDE);
  /** Slot (in entries) of the entry at baseIndex + 1. */
  private start = 0;
  /** Entries stored. */
  private count = 0;

  get lastIndex(): LogIndex {
    return this.baseIndex + this.count;
  }

  /** True when the entry at `index` is stored (not compacted, not beyond the end). */
  has(index: LogIndex): boolean {
    return index > this.baseIndex && index <= this.baseIndex + this.count;
  }

  /** True when the prefix digest at `index` is known (a stored entry or the base itself). */
  hasDigest(index: LogIndex): boolean {
    return index >= this.baseIndex && index <= this.baseIndex + this.count;
  }

  /** Offset in `cols` of the stored entry at `index`. */
  private at(index: LogIndex): number {
    return (this.start + index - this.baseIndex - 1) * STRIDE;
  }

  termAt(index: LogIndex): Term {
    if (index === this.baseIndex) return this.baseTerm;
    assert(this.has(index), () => `termAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index)];
  }

  hashAt(index: LogIndex): number {
    assert(this.has(index), () => `hashAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 1];
  }

  digestAt(index: LogIndex): number {
    if (index === this.baseIndex) return this.baseDigest;
    assert(this.has(index), () => `digestAt(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 2];
  }

  seqAt(index: LogIndex): number {
    assert(this.has(index), () => `seqAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 3];
  }

  /** Appends the entry at lastIndex + 1; returns its prefix digest. */
  push(term: Term, entryHash: number, seq: number): number {
    const prev = this.count === 0 ? this.baseDigest : this.cols[(this.start + this.count - 1) * STRIDE + 2];
    const digest = mixEntry(prev, term, entryHash);
    if ((this.start + this.count + 1) * STRIDE > this.cols.length) this.makeRoom();
    const o = (this.start + this.count) * STRIDE;
    const cols = this.cols;
    cols[o] = term;
    cols[o + 1] = entryHash;
    cols[o + 2] = digest;
    cols[o + 3] = seq;
    this.count++;
    return digest;
  }

  /** Room for one more entry at the end: slide the entries to the front, or grow when over half full. */
  private makeRoom(): void {
    const capEntries = this.cols.length / STRIDE;
    const from = this.start * STRIDE;
    const to = (this.start + this.count) * STRIDE;
    if (2 * (this.count + 1) <= capEntries) {
      this.cols.copyWithin(0, from, to);
    } else {
      const grown = new Float64Array(this.cols.length * 2);
      grown.set(this.cols.subarray(from, to));
      this.cols = grown;
    }
    this.start = 0;
  }

  /** Drops the entries at indexes ≥ fromIndex (never below the base). */
  truncateFrom(fromIndex: LogIndex): void {
    const keep = Math.max(0, fromIndex - this.baseIndex - 1);
    if (keep >= this.count) return;
    this.count = keep;
  }

  /** Forgets entries ≤ index, keeping the digest at index as the new base. Requires hasDigest(index). */
  compactTo(index: LogIndex): void {
    if (index <= this.baseIndex) return;
    assert(this.hasDigest(index), () => `compactTo(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    const drop = index - this.baseIndex;
    this.baseTerm = this.termAt(index);
    this.baseDigest = this.digestAt(index);
    this.start += drop;
    this.count -= drop;
    this.baseIndex = index;
    if (this.count === 0) this.start = 0;
  }

  /** Replaces the whole log with a snapshot base (InstallSnapshot without a matching entry). */
  resetTo(index: LogIndex, term: Term, digest: number, anchored: boolean): void {
    this.start = 0;
    this.count = 0;
    this.baseIndex = index;
    this.baseTerm = term;
    this.baseDigest = digest;
    this.anchored = anchored;
  }
}
