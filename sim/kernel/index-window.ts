// Values by a rising integer key (a log index) over a sliding window [lo, hi]: a
// ring of slots that only grows when the window outgrows it. For hot keyed state with constant
// inserts and deletes, in place of a Map: a Map rehashes into new tables, each linked from the one
// before (V8 keeps the link for live iterators), so once a full GC promotes a table, every later
// one and the values it holds survive young collections until the next full GC (raft5, one
// simulated hour: 123 → 71 MB promoted once the Raft safety checker's records and a leader's
// pending proposals left Maps). A ring has no such chain: a cleared slot's value dies young.
import { assert } from "./assert.ts";

/** An integer key; values are set at rising keys (never below the floor). */
type Key = number;

export class IndexWindow<V> {
  private slots: (V | undefined)[] = new Array(64).fill(undefined);
  /** Lowest index that may hold a value (everything below was dropped). */
  private lo: Key = 1;
  /** Highest index ever set (lo - 1: none in the window). */
  private hi: Key = 0;
  private count = 0;

  /** Values held. */
  get size(): number {
    return this.count;
  }

  /** The lowest index that may hold a value (every index below it was dropped). */
  get floor(): Key {
    return this.lo;
  }

  get(i: Key): V | undefined {
    if (i < this.lo || i > this.hi) return undefined;
    return this.slots[i & (this.slots.length - 1)];
  }

  /** Sets the value at `i` (≥ the window's floor; see dropBelow). */
  set(i: Key, v: V): void {
    assert(i >= this.lo, () => `index window: set at ${i}, below its floor ${this.lo}`);
    if (i - this.lo >= this.slots.length) this.grow(i - this.lo + 1);
    // Every slot outside [lo, hi] is empty (dropBelow clears what it drops), and the window fits
    // the ring, so slot s holds index i's value or nothing.
    const s = i & (this.slots.length - 1);
    if (this.slots[s] === undefined) this.count++;
    if (i > this.hi) this.hi = i;
    this.slots[s] = v;
  }

  /** Forgets every index below `lo` (the floor only rises). */
  dropBelow(lo: Key): void {
    if (lo <= this.lo) return;
    const end = Math.min(lo, this.hi + 1);
    // Bounded by the window's span: each index is cleared once.
    for (let k = this.lo; k < end; k++) this.clearSlot(k);
    this.lo = lo;
    if (this.hi < lo - 1) this.hi = lo - 1;
  }

  private clearSlot(k: Key): void {
    const s = k & (this.slots.length - 1);
    if (this.slots[s] !== undefined) {
      this.slots[s] = undefined;
      this.count--;
    }
  }

  /** Re-places the window's values in a ring of at least `span` slots (a power of two). */
  private grow(span: number): void {
    let cap = this.slots.length;
    while (cap < span) cap *= 2;
    const next: (V | undefined)[] = new Array(cap).fill(undefined);
    for (let k = this.lo; k <= this.hi; k++) {
      const v = this.slots[k & (this.slots.length - 1)];
      if (v !== undefined) next[k & (cap - 1)] = v;
    }
    this.slots = next;
  }
}
