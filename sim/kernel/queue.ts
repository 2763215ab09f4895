// The event queue: a binary min-heap over parallel typed arrays, ordered by (time, sequence).
// The sequence number makes equal-time events FIFO, so the order never depends on heap shape.
import { assert } from "./assert.ts";
import type { Micros } from "./types.ts";

export class EventQueue<E> {
  private times: Float64Array;
  private seqs: Float64Array;
  private items: (E | undefined)[];
  private n = 0;
  private nextSeq = 0;

  constructor(private readonly maxSize: number, initial = 1024) {
    this.times = new Float64Array(initial);
    this.seqs = new Float64Array(initial);
    this.items = new Array(initial);
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
    assert(seq < this.nextSeq, "pushSeq: sequence number was not reserved");
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Removes and returns the earliest event. The caller reads its time with peekTime() first. */
  pop(): E {
    assert(this.n > 0, "pop from an empty event queue");
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0] as E;
    const last = --this.n;
    const t = times[last];
    const s = seqs[last];
    const it = items[last];
    items[last] = undefined;
    if (last > 0) {
      // sift down
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        const r = c + 1;
        if (r < last && (times[r] < times[c] || (times[r] === times[c] && seqs[r] < seqs[c]))) c = r;
        if (t < times[c] || (t === times[c] && s < seqs[c])) break;
        times[i] = times[c];
        seqs[i] = seqs[c];
        items[i] = items[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      items[i] = it;
    }
    return top;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    assert(this.times.length < this.maxSize, `event queue exceeded its bound of ${this.maxSize} pending events`);
    const t = new Float64Array(cap);
    t.set(this.times);
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.times = t;
    this.seqs = s;
    this.items.length = cap;
  }
}
