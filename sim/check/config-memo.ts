// Lowe's cache for the linearizability search: the configurations (linearized set, register
// state) already explored. The set is a bitset over one key's operations, kept as a window:
// every word below `lo` is full and every word above `hi` is empty. Operations come in call
// order, so in a long history the set is usually a full prefix plus a short frontier, and a
// configuration is stored and compared by its frontier alone, where a whole bitset per step made
// the search quadratic (a one-hour run: 3,000 operations per key). An early operation the search
// keeps leaving out (a slow or unanswered write) holds the frontier open from its word on: then a
// step costs as much as the whole bitset did, never more.
import { grown } from "../kernel/grow.ts";
import { fmix } from "../kernel/hash.ts";

const FULL = 0xffffffff;

export class ConfigMemo {
  private readonly bits: Uint32Array;
  /** Zobrist keys: the set's hash is the xor of its members' keys (O(1) updates). */
  private readonly zob: Int32Array;
  private setHash = 0;
  /** First word that is not full (words below it are all ones). */
  private lo = 0;
  /** Last word that is not empty (-1: none; words above it are all zeros). */
  private hi = -1;

  // An open-addressing table of entry numbers (+1; 0 = free), probed linearly from the
  // configuration's hash; entries hold the hash, state and window (lo, length, words in `arena`).
  private slots = new Int32Array(1024);
  private count = 0;
  private hash = new Int32Array(256);
  private value = new Int32Array(256);
  private pos = new Float64Array(256);
  private winLo = new Int32Array(256);
  private winLen = new Int32Array(256);
  private winAt = new Float64Array(256);
  private arena = new Uint32Array(1024);
  private arenaUsed = 0;

  constructor(n: number) {
    this.bits = new Uint32Array((n + 31) >>> 5);
    this.zob = new Int32Array(n);
    for (let i = 0; i < n; i++) this.zob[i] = mix32(i + 1);
  }

  /** Configurations recorded so far. */
  get size(): number {
    return this.count;
  }

  add(i: number): void {
    const w = i >>> 5;
    const bits = this.bits;
    bits[w] |= 1 << (i & 31);
    this.setHash ^= this.zob[i];
    if (w > this.hi) this.hi = w;
    // Bounded by the word count; amortized O(1) as the prefix fills.
    while (this.lo < bits.length && bits[this.lo] === FULL) this.lo++;
  }

  remove(i: number): void {
    const w = i >>> 5;
    const bits = this.bits;
    bits[w] &= ~(1 << (i & 31));
    this.setHash ^= this.zob[i];
    if (w < this.lo) this.lo = w;
    while (this.hi >= 0 && bits[this.hi] === 0) this.hi--;
  }

  has(i: number): boolean {
    return (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** True when (the current set, value, pos) was recorded before; otherwise records it. */
  seen(value: number, pos: number): boolean {
    const h = (this.setHash ^ mix32(value * 0x9e3779b1 + pos + 7)) | 0;
    const lo = this.lo;
    const len = this.hi >= lo ? this.hi - lo + 1 : 0;
    let mask = this.slots.length - 1;
    let s = h & mask;
    for (let c = this.slots[s] - 1; c >= 0; c = this.slots[s] - 1) {
      if (this.hash[c] === h && this.value[c] === value && this.pos[c] === pos && this.sameWindow(c, lo, len)) return true;
      s = (s + 1) & mask;
    }
    const c = this.count++;
    if (c === this.hash.length) this.grow();
    if (this.arenaUsed + len > this.arena.length) this.arena = grown(this.arena, Math.max(2 * this.arena.length, this.arenaUsed + len));
    this.hash[c] = h;
    this.value[c] = value;
    this.pos[c] = pos;
    this.winLo[c] = lo;
    this.winLen[c] = len;
    const at = this.arenaUsed;
    this.winAt[c] = at;
    // A loop, not arena.set(bits.subarray(…)): the window is usually a word or two, and a view
    // object per configuration cost more than the copy (and left garbage per search step).
    const arena = this.arena;
    const bits = this.bits;
    for (let k = 0; k < len; k++) arena[at + k] = bits[lo + k];
    this.arenaUsed = at + len;
    if (2 * this.count > this.slots.length) {
      // Keep the table at most half full: rehash every entry into a table twice the size.
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let k = 0; k < this.count; k++) {
        let t = this.hash[k] & mask;
        while (this.slots[t] !== 0) t = (t + 1) & mask;
        this.slots[t] = k + 1;
      }
    } else {
      this.slots[s] = c + 1;
    }
    return false;
  }

  private sameWindow(c: number, lo: number, len: number): boolean {
    if (this.winLo[c] !== lo || this.winLen[c] !== len) return false;
    const at = this.winAt[c];
    for (let k = 0; k < len; k++) if (this.arena[at + k] !== this.bits[lo + k]) return false;
    return true;
  }

  private grow(): void {
    const cap = 2 * this.hash.length;
    this.hash = grown(this.hash, cap);
    this.value = grown(this.value, cap);
    this.pos = grown(this.pos, cap);
    this.winLo = grown(this.winLo, cap);
    this.winLen = grown(this.winLen, cap);
    this.winAt = grown(this.winAt, cap);
  }
}

/** Spreads a small integer over 32 bits (golden-ratio multiply, then murmur3's finalizer). */
function mix32(x: number): number {
  return fmix(Math.imul(x | 0, 0x9e3779b1)) | 0;
}
