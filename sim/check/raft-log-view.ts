// What the Raft safety checker remembers of one member's log: the entries above an anchor
// (a snapshot, or a point below the commit index where older entries were trimmed), each with
// its term, entry hash, rolling prefix digest and the seq of the raft.append that wrote it.
import { assert } from "../kernel/assert.ts";
import type { LogIndex, Term } from "../kernel/types.ts";
import { EMPTY_PREFIX_DIGEST, mixEntry } from "./digest.ts";

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
  readonly terms: Term[] = [];
  readonly hashes: number[] = [];
  readonly digests: number[] = [];
  readonly seqs: number[] = [];

  get lastIndex(): LogIndex {
    return this.baseIndex + this.terms.length;
  }

  /** True when the entry at `index` is stored (not compacted, not beyond the end). */
  has(index: LogIndex): boolean {
    return index > this.baseIndex && index <= this.lastIndex;
  }

  /** True when the prefix digest at `index` is known (a stored entry or the base itself). */
  hasDigest(index: LogIndex): boolean {
    return index >= this.baseIndex && index <= this.lastIndex;
  }

  termAt(index: LogIndex): Term {
    if (index === this.baseIndex) return this.baseTerm;
    assert(this.has(index), () => `termAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.terms[index - this.baseIndex - 1];
  }

  hashAt(index: LogIndex): number {
    assert(this.has(index), () => `hashAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.hashes[index - this.baseIndex - 1];
  }

  seqAt(index: LogIndex): number {
    assert(this.has(index), () => `seqAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.seqs[index - this.baseIndex - 1];
  }

  digestAt(index: LogIndex): number {
    if (index === this.baseIndex) return this.baseDigest;
    assert(this.has(index), () => `digestAt(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    return this.digests[index - this.baseIndex - 1];
  }

  /** Appends the entry at lastIndex + 1; returns its prefix digest. */
  push(term: Term, entryHash: number, seq: number): number {
    const digest = mixEntry(this.digestAt(this.lastIndex), term, entryHash);
    this.terms.push(term);
    this.hashes.push(entryHash);
    this.digests.push(digest);
    this.seqs.push(seq);
    return digest;
  }

  /** Drops the entries at indexes ≥ fromIndex (never below the base). */
  truncateFrom(fromIndex: LogIndex): void {
    const keep = Math.max(0, fromIndex - this.baseIndex - 1);
    if (keep >= this.terms.length) return;
    this.terms.length = keep;
    this.hashes.length = keep;
    this.digests.length = keep;
    this.seqs.length = keep;
  }

  /** Forgets entries ≤ index, keeping the digest at index as the new base. Requires hasDigest(index). */
  compactTo(index: LogIndex): void {
    if (index <= this.baseIndex) return;
    assert(this.hasDigest(index), () => `compactTo(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    const drop = index - this.baseIndex;
    this.baseTerm = this.termAt(index);
    this.baseDigest = this.digestAt(index);
    this.terms.splice(0, drop);
    this.hashes.splice(0, drop);
    this.digests.splice(0, drop);
    this.seqs.splice(0, drop);
    this.baseIndex = index;
  }

  /** Replaces the whole log with a snapshot base (InstallSnapshot without a matching entry). */
  resetTo(index: LogIndex, term: Term, digest: number, anchored: boolean): void {
    this.terms.length = 0;
    this.hashes.length = 0;
    this.digests.length = 0;
    this.seqs.length = 0;
    this.baseIndex = index;
    this.baseTerm = term;
    this.baseDigest = digest;
    this.anchored = anchored;
  }
}
