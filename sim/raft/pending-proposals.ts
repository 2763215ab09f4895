// A leader's proposals waiting for their entries to apply, oldest first. A ring rather than a
// Map keyed by index: proposals are made and applied in index order, and a Map that keeps
// inserting and deleting links each rehashed table from the one before, which keeps garbage
// alive past young collections (see sim/kernel/index-window.ts).
import { assert } from "../kernel/assert.ts";
import type { LogIndex, Term } from "../kernel/types.ts";
import type { ProposeCallback } from "./api.ts";

export interface PendingProposal {
  index: LogIndex;
  term: Term;
  cb: ProposeCallback;
}

export class PendingProposals {
  private ring: (PendingProposal | undefined)[] = new Array(16).fill(undefined);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the proposal of the entry at `index`, which must follow every pending one. */
  add(index: LogIndex, term: Term, cb: ProposeCallback): void {
    const n = this.ring.length;
    if (this.count > 0) {
      const last = this.ring[(this.head + this.count - 1) & (n - 1)] as PendingProposal;
      assert(index > last.index, () => `raft: proposal at index ${index} after one at ${last.index}`);
    }
    if (this.count === n) this.grow();
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = { index, term, cb };
    this.count++;
  }

  /** The oldest proposal if its index is ≤ `index`, taken out; else null. */
  takeThrough(index: LogIndex): PendingProposal | null {
    if (this.count === 0) return null;
    const p = this.ring[this.head] as PendingProposal;
    if (p.index > index) return null;
    this.ring[this.head] = undefined; // a taken proposal must not stay reachable from the ring
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
    return p;
  }

  /** Takes every pending proposal, oldest first. */
  takeAll(): PendingProposal[] {
    const out: PendingProposal[] = [];
    for (let p = this.takeThrough(Number.POSITIVE_INFINITY); p !== null; p = this.takeThrough(Number.POSITIVE_INFINITY)) out.push(p);
    return out;
  }

  private grow(): void {
    const n = this.ring.length;
    const next: (PendingProposal | undefined)[] = new Array(2 * n).fill(undefined);
    for (let k = 0; k < this.count; k++) next[k] = this.ring[(this.head + k) & (n - 1)];
    this.ring = next;
    this.head = 0;
  }
}
