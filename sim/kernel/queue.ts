// The event queue: a 4-ary min-heap over parallel typed arrays, ordered by (time, sequence).
// The sequence number makes equal-time events FIFO, so the order never depends on heap shape.
// Why 4-ary: a run keeps hundreds of timers pending, and a 4-ary heap is half as deep as a
// binary one. Why slots: items live in a slab and the heap moves only their slot numbers (typed
// arrays, no write barriers), not the objects. Each slot knows its heap position, so a cancelled
// event leaves the heap at once (remove) instead of being popped and ignored later.
import { assert } from "./assert.ts";
import { grown } from "./grow.ts";
import type { Micros } from "./types.ts";

export class EventQueue<E> {
  /** Heap order, per position: time, sequence, and the slot of the item. */
  private times: Float64Array<ArrayBuffer>;
  private seqs: Float64Array<ArrayBuffer>;
  private slotOf: Int32Array<ArrayBuffer>;
  /** The slab: items by slot, each slot's heap position, and the free slots (a stack). */
  private items: (E | undefined)[];
  private posOf: Int32Array<ArrayBuffer>;
  private free: Int32Array;
  private freeTop = 0;
  private n = 0;
  private nextSeq = 0;

  constructor(private readonly maxSize: number, initial = 1024) {
    assert(initial >= 1, "event queue: initial capacity must be positive");
    this.times = new Float64Array(initial);
    this.seqs = new Float64Array(initial);
    this.slotOf = new Int32Array(initial);
    this.items = new Array(initial).fill(undefined);
    this.posOf = new Int32Array(initial);
    this.free = new Int32Array(initial);
    for (let i = 0; i < initial; i++) this.free[i] = initial - 1 - i;
    this.freeTop = initial;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): Micros {
    return this.n === 0 ? Number.POSITIVE_INFINITY : this.times[0];
  }

  /** Queues `item`; returns its slot (for remove) while it stays queued. */
  push(time: Micros, item: E): number {
    return this.pushSeq(time, this.nextSeq++, item);
  }

  /**
   * Takes the next sequence number without queueing anything: an event pushed later with it
   * (pushSeq) sorts among equal-time events exactly where one pushed now would have. Numbers
   * taken and never used leave gaps, which change no order.
   */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** Pushes with a sequence number from reserveSeq() (each used at most once); returns the slot. */
  pushSeq(time: Micros, seq: number, item: E): number {
    if (!(seq < this.nextSeq)) assert(false, "pushSeq: sequence number was not reserved");
    if (this.n === this.times.length) this.grow();
    const slot = this.free[--this.freeTop];
    this.items[slot] = item;
    this.siftUp(this.n++, time, seq, slot);
    return slot;
  }

  /** Removes and returns the earliest event. The caller reads its time with peekTime() first. */
  pop(): E {
    if (this.n === 0) assert(false, "pop from an empty event queue");
    const topSlot = this.slotOf[0];
    const top = this.items[topSlot] as E;
    this.release(topSlot);
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.times[last], this.seqs[last], this.slotOf[last], last);
    return top;
  }

  /**
   * Removes `item` if it is still queued in `slot` (false when it was popped already: the slot
   * may since hold another item, hence the identity check). Order of the rest is unchanged.
   */
  remove(slot: number, item: E): boolean {
    if (!(slot >= 0 && slot < this.items.length) || this.items[slot] !== item) return false;
    const i = this.posOf[slot];
    this.release(slot);
    const last = --this.n;
    if (i === last) return true;
    const t = this.times[last];
    const s = this.seqs[last];
    const sl = this.slotOf[last];
    // The last element takes position i: it belongs above or below it, never both.
    const p = (i - 1) >> 2;
    if (i > 0 && (t < this.times[p] || (t === this.times[p] && s < this.seqs[p]))) this.siftUp(i, t, s, sl);
    else this.siftDown(i, t, s, sl, last);
    return true;
  }

  private release(slot: number): void {
    this.items[slot] = undefined;
    this.free[this.freeTop++] = slot;
  }

  /** Places (t, s, sl) at position i or above, moving larger parents down. */
  private siftUp(i: number, t: number, s: number, sl: number): void {
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < t || (pt === t && seqs[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    this.place(i, t, s, sl);
  }

  /** Places (t, s, sl) at position i or below, within the first `end` positions. */
  private siftDown(i: number, t: number, s: number, sl: number, end: number): void {
    const times = this.times;
    const seqs = this.seqs;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= end) break;
      // the least of up to four children
      let c = first;
      let ct = times[c];
      const stop = first + 4 < end ? first + 4 : end;
      for (let k = first + 1; k < stop; k++) {
        const kt = times[k];
        if (kt < ct || (kt === ct && seqs[k] < seqs[c])) {
          c = k;
          ct = kt;
        }
      }
      if (t < ct || (t === ct && s < seqs[c])) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, t, s, sl);
  }

  /** Moves the element at heap position `from` to position `to`. */
  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    const sl = this.slotOf[from];
    this.slotOf[to] = sl;
    this.posOf[sl] = to;
  }

  /** Puts (t, s, sl) at heap position i. */
  private place(i: number, t: number, s: number, sl: number): void {
    this.times[i] = t;
    this.seqs[i] = s;
    this.slotOf[i] = sl;
    this.posOf[sl] = i;
  }

  private grow(): void {
    const old = this.times.length;
    const cap = old * 2;
    assert(old < this.maxSize, `event queue exceeded its bound of ${this.maxSize} pending events`);
    this.times = grown(this.times, cap);
    this.seqs = grown(this.seqs, cap);
    this.slotOf = grown(this.slotOf, cap);
    this.posOf = grown(this.posOf, cap);
    // Every slot is in use when the heap is full: the new slots old..cap-1 are the free ones.
    assert(this.freeTop === 0, "event queue: full heap with free slots");
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.free = free;
    for (let i = old; i < cap; i++) this.items.push(undefined);
  }
}
