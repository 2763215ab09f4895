// The values of a client history (the strings written and read), kept as UTF-16 text in one
// typed array rather than as strings. A long run keeps up to 200,000 of them to its end, and
// every major GC marked each such string: ~250 M instructions of a one-hour raft5 run, more than
// the search at the end. A typed array is opaque to the GC. Each value added gets a handle
// (0, 1, 2…); equal texts are found by a hash taken while the text is copied, then compared.
import { assert } from "../kernel/assert.ts";
import { grown } from "../kernel/grow.ts";
import { fmix, mix } from "../kernel/hash.ts";

/** Code units given to String.fromCharCode at once when a text is rebuilt. */
const UNITS_PER_CALL = 4096;

export class ValueTexts {
  /** Values added: handles are 0..size-1. */
  size = 0;
  private units = new Uint16Array(4096);
  private unitsUsed = 0;
  /** Per handle: where its text starts in `units`, its length in units, and its hash. */
  private start = new Float64Array(256);
  private length = new Int32Array(256);
  private hashes = new Int32Array(256);

  /** Keeps the text of `s`; returns its handle. */
  add(s: string): number {
    const n = s.length;
    const at = this.unitsUsed;
    if (at + n > this.units.length) this.units = grown(this.units, Math.max(2 * this.units.length, at + n));
    if (this.size === this.hashes.length) this.growHandles();
    const units = this.units;
    let h = n;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      units[at + i] = c;
      h = mix(h, c);
    }
    this.unitsUsed = at + n;
    const v = this.size++;
    this.start[v] = at;
    this.length[v] = n;
    this.hashes[v] = fmix(h) | 0;
    return v;
  }

  /** A 32-bit hash of value v's text: equal texts hash equal. */
  hash(v: number): number {
    return this.hashes[v];
  }

  /** True when values v and w have the same text. */
  same(v: number, w: number): boolean {
    if (v === w) return true;
    const n = this.length[v];
    if (this.hashes[v] !== this.hashes[w] || this.length[w] !== n) return false;
    const units = this.units;
    const a = this.start[v];
    const b = this.start[w];
    for (let i = 0; i < n; i++) if (units[a + i] !== units[b + i]) return false;
    return true;
  }

  /** Value v's text, as the string that was added. */
  text(v: number): string {
    assert(v >= 0 && v < this.size, () => `value texts: no value ${v}`);
    const from = this.start[v];
    const to = from + this.length[v];
    let s = "";
    for (let i = from; i < to; i += UNITS_PER_CALL) s += String.fromCharCode(...this.units.subarray(i, Math.min(to, i + UNITS_PER_CALL)));
    return s;
  }

  private growHandles(): void {
    const cap = 2 * this.hashes.length;
    this.start = grown(this.start, cap);
    this.length = grown(this.length, cap);
    this.hashes = grown(this.hashes, cap);
  }
}
