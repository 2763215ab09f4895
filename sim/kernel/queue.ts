// The event queue: a 4-ary min-heap over parallel typed arrays, ordered by (time, sequence).
// The sequence number makes equal-time events FIFO, so the order never depends on heap shape.
// Why 4-ary: a run keeps hundreds of timers pending (client and forward timeouts), and a 4-ary
// heap is half as deep as a binary one. Why slots: items live in a slab and the heap moves only
// their slot numbers (typed arrays, no write barriers), not the objects.
import { assert } from "./assert.ts";
import type { Micros } from "./types.ts";

export class EventQueue<E> {
  /** Heap order, per position: time, sequence, and the slot of the item. */
  private times: Float64Array;
  private seqs: Float64Array;
  private slotOf: Int32Array;
  /** The slab: items by slot, and the free slots (a stack). */
  private items: (E | undefined)[];
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

  push(time: Micros, item: E): void {
    this.pushSeq(time, this.nextSeq++, item);
  }

  /**
   * Takes the next sequence number without queueing anything: an event pushed later with it
   * (pushSeq) sorts among equal-time events exactly where one pushed now would have. Numbers
   * taken and never used leave gaps, which change no order.
   */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** Pushes with a sequence number from reserveSeq() (each used at most once). */
  pushSeq(time: Micros, seq: number, item: E): void {
    if (!(seq < this.nextSeq)) assert(false, "pushSeq: sequence number was not reserved");
    if (this.n === this.times.length) this.grow();
    const slot = this.free[--this.freeTop];
    this.items[slot] = item;
    let i = this.n++;
    const times = this.times;
    const seqs = this.seqs;
    const slotOf = this.slotOf;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      slotOf[i] = slotOf[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    slotOf[i] = slot;
  }

  /** Removes and returns the earliest event. The caller reads its time with peekTime() first. */
  pop(): E {
    if (this.n === 0) assert(false, "pop from an empty event queue");
    const times = this.times;
    const seqs = this.seqs;
    const slotOf = this.slotOf;
    const topSlot = slotOf[0];
    const top = this.items[topSlot] as E;
    this.items[topSlot] = undefined;
    this.free[this.freeTop++] = topSlot;
    const last = --this.n;
    if (last > 0) {
      // sift the last element down from the root
      const t = times[last];
      const s = seqs[last];
      const sl = slotOf[last];
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= last) break;
        // the least of up to four children
        let c = first;
        let ct = times[c];
        const end = first + 4 < last ? first + 4 : last;
        for (let k = first + 1; k < end; k++) {
          const kt = times[k];
          if (kt < ct || (kt === ct && seqs[k] < seqs[c])) {
            c = k;
            ct = kt;
          }
        }
        if (t < ct || (t === ct && s < seqs[c])) break;
        times[i] = ct;
        seqs[i] = seqs[c];
        slotOf[i] = slotOf[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      slotOf[i] = sl;
    }
    return top;
  }

  private grow(): void {
    const old = this.times.length;
    const cap = old * 2;
    assert(old < this.maxSize, `event queue exceeded its bound of ${this.maxSize} pending events`);
    const t = new Float64Array(cap);
    t.set(this.times);
    const s = new Float64Array(cap);
    s.set(this.seqs);
    const so = new Int32Array(cap);
    so.set(this.slotOf);
    // Every slot is in use when the heap is full: the new slots old..cap-1 are the free ones.
    assert(this.freeTop === 0, "event queue: full heap with free slots");
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.times = t;
    this.seqs = s;
    this.slotOf = so;
    this.free = free;
    for (let i = old; i < cap; i++) this.items.push(undefined);
  }
}
