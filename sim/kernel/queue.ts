// The event queue, ordered by (time, sequence): the sequence number makes equal-time events FIFO,
// so the order never depends on the queue's shape.
// Two tiers. Events of the near future sit in a 4-ary min-heap over parallel typed arrays; later
// ones are parked, unsorted, in a ring of time buckets, and a bucket moves into the heap when the
// heap runs dry. Why: a Swarm run keeps hundreds of timers pending (heartbeat deadlines, RPC
// deadlines, Raft ticks), most re-armed or cancelled long before they are due. Parked, they cost
// O(1) to add and to cancel, and the heap stays a few levels deep (std55's replayed queue
// operations: 0.59× the CPU of the heap alone; raft5's, whose queue holds ~14 events: unchanged).
// Why slots: items live in a slab and the heap moves only their slot numbers (typed arrays, no
// write barriers), not the objects. Each slot knows where it is (a heap position, or parked), so a
// cancelled event leaves the queue at once (remove) instead of being popped and ignored later.
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
  /** Events in the heap. */
  private n = 0;
  private nextSeq = 0;
  /** Parked events by slot: their time and sequence, and the links of their bucket's list. */
  private slotTime: Float64Array<ArrayBuffer>;
  private slotSeq: Float64Array<ArrayBuffer>;
  private parkNext: Int32Array<ArrayBuffer>;
  private parkPrev: Int32Array<ArrayBuffer>;
  /** First parked slot of each ring bucket (-1: none). Bucket b (bucketOf) is at b & ringMask. */
  private readonly ringHead: Int32Array<ArrayBuffer>;
  private readonly ringMask: number;
  private readonly invBucketUs: number;
  private parked = 0;
  /** The heap holds every event of a bucket below `heapBucket`; the ring every one from it on. */
  private heapBucket = 0;

  /**
   * `bucketShift`: a bucket spans 2^bucketShift µs (default ~65 ms, the span at which std55's
   * replayed queue ran fastest); `ringBits`: the ring holds 2^ringBits buckets (default ~67 s);
   * an event further ahead waits in its bucket's list until the ring comes round to its year.
   */
  constructor(private readonly maxSize: number, initial = 1024, bucketShift = 16, ringBits = 10) {
    assert(initial >= 1, "event queue: initial capacity must be positive");
    assert(Number.isInteger(bucketShift) && bucketShift >= 0 && bucketShift <= 40, `event queue: bucketShift ${bucketShift} outside 0..40`);
    assert(Number.isInteger(ringBits) && ringBits >= 0 && ringBits <= 20, `event queue: ringBits ${ringBits} outside 0..20`);
    this.times = new Float64Array(initial);
    this.seqs = new Float64Array(initial);
    this.slotOf = new Int32Array(initial);
    this.items = new Array(initial).fill(undefined);
    this.posOf = new Int32Array(initial);
    this.free = new Int32Array(initial);
    for (let i = 0; i < initial; i++) this.free[i] = initial - 1 - i;
    this.freeTop = initial;
    this.slotTime = new Float64Array(initial);
    this.slotSeq = new Float64Array(initial);
    this.parkNext = new Int32Array(initial);
    this.parkPrev = new Int32Array(initial);
    this.ringHead = new Int32Array(2 ** ringBits).fill(-1);
    this.ringMask = 2 ** ringBits - 1;
    this.invBucketUs = 1 / 2 ** bucketShift;
  }

  get size(): number {
    return this.n + this.parked;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): Micros {
    if (this.n > 0) return this.times[0];
    if (this.parked === 0) return Number.POSITIVE_INFINITY;
    this.unpark();
    return this.times[0];
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
    if (this.n + this.parked === this.times.length) this.grow();
    const slot = this.free[--this.freeTop];
    this.items[slot] = item;
    const bucket = Math.floor(time * this.invBucketUs); // bucketOf(time), inline on the hot path
    if (bucket < this.heapBucket) this.siftUp(this.n++, time, seq, slot);
    else this.park(slot, time, seq, bucket & this.ringMask);
    return slot;
  }

  /** Removes and returns the earliest event. The caller reads its time with peekTime() first. */
  pop(): E {
    if (this.n === 0) {
      if (this.parked === 0) assert(false, "pop from an empty event queue");
      this.unpark();
    }
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
    if (i === PARKED) {
      this.unlink(slot, this.bucketOf(this.slotTime[slot]) & this.ringMask);
      this.release(slot);
      return true;
    }
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

  /** The bucket of time `t`: floor(t / 2^bucketShift), exact (the inverse is a power of two). */
  private bucketOf(t: number): number {
    return Math.floor(t * this.invBucketUs);
  }

  /** Adds `slot` to ring bucket `r`'s list (its order does not matter: the heap sorts). */
  private park(slot: number, t: number, s: number, r: number): void {
    this.slotTime[slot] = t;
    this.slotSeq[slot] = s;
    this.posOf[slot] = PARKED;
    const head = this.ringHead[r];
    this.parkPrev[slot] = -1;
    this.parkNext[slot] = head;
    if (head !== -1) this.parkPrev[head] = slot;
    this.ringHead[r] = slot;
    this.parked++;
  }

  /** Takes `slot` out of ring bucket `r`'s list. */
  private unlink(slot: number, r: number): void {
    const prev = this.parkPrev[slot];
    const next = this.parkNext[slot];
    if (prev === -1) this.ringHead[r] = next;
    else this.parkNext[prev] = next;
    if (next !== -1) this.parkPrev[next] = prev;
    this.parked--;
  }

  /**
   * Moves the next non-empty bucket into the heap, which is empty. Events of later years sharing
   * its ring position stay parked. After a whole ring of empty buckets it jumps straight to the
   * earliest parked bucket, so a long quiet stretch costs one scan, not one step per bucket.
   */
  private unpark(): void {
    let scanned = 0;
    while (this.n === 0) {
      if (scanned > this.ringMask) {
        this.heapBucket = this.earliestParkedBucket();
        scanned = 0;
      }
      const bucket = this.heapBucket;
      const r = bucket & this.ringMask;
      let slot = this.ringHead[r];
      while (slot !== -1) {
        const next = this.parkNext[slot];
        const t = this.slotTime[slot];
        if (this.bucketOf(t) === bucket) {
          this.unlink(slot, r);
          this.siftUp(this.n++, t, this.slotSeq[slot], slot);
        }
        slot = next;
      }
      this.heapBucket = bucket + 1;
      scanned++;
    }
  }

  private earliestParkedBucket(): number {
    assert(this.parked > 0, "event queue: no parked event to jump to");
    let min = Number.POSITIVE_INFINITY;
    for (let r = 0; r <= this.ringMask; r++) {
      for (let slot = this.ringHead[r]; slot !== -1; slot = this.parkNext[slot]) {
        const b = this.bucketOf(this.slotTime[slot]);
        if (b < min) min = b;
      }
    }
    return min;
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
    this.slotTime = grown(this.slotTime, cap);
    this.slotSeq = grown(this.slotSeq, cap);
    this.parkNext = grown(this.parkNext, cap);
    this.parkPrev = grown(this.parkPrev, cap);
    // Every slot is in use when the queue is full: the new slots old..cap-1 are the free ones.
    assert(this.freeTop === 0, "event queue: full queue with free slots");
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.free = free;
    for (let i = old; i < cap; i++) this.items.push(undefined);
  }
}

/** posOf of a parked slot (a heap position is ≥ 0). */
const PARKED = -1;
