// Seeded randomness. One root seed; every consumer draws from its own named stream
// (`net`, `faults`, `node:m1`, …) so that a change in one consumer never shifts another's draws.
// Streams use seedrandom's alea: fast, and ~5x quicker than its default ARC4.
import seedrandom from "seedrandom";
import { assert } from "./assert.ts";
import type { Seed } from "./types.ts";

/** Alea's state as seedrandom exports it (`state: true`). */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

export class Rng {
  // Alea, stepped here rather than through seedrandom's wrapper closures (it sits under every
  // message send). seedrandom seeds it (its Mash); the step below is alea.js's, operation for
  // operation, so the stream is the same number for number.
  // State [c, s0, s1, s2] in a Float64Array: doubles stored unboxed, no allocation per draw.
  private readonly st = new Float64Array(4);

  constructor(readonly name: string, seed: string) {
    const st = (seedrandom.alea(seed, { state: true }) as unknown as { state(): AleaState }).state();
    this.st[0] = st.c;
    this.st[1] = st.s0;
    this.st[2] = st.s1;
    this.st[3] = st.s2;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const st = this.st;
    const t = 2091639 * st[1] + st[0] * 2.3283064365386963e-10; // 2^-32
    st[1] = st[2];
    st[2] = st[3];
    const c = t | 0;
    st[0] = c;
    return (st[3] = t - c);
  }

  /** Integer uniform in [lo, hi). */
  int(lo: number, hi: number): number {
    if (!(hi > lo)) assert(false, `rng ${this.name}: empty range [${lo}, ${hi})`);
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** True with probability p. Draws nothing when p is 0 or 1, so zero rates cost no entropy. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) assert(false, `rng ${this.name}: pick from an empty list`);
    return items[Math.floor(this.next() * items.length)];
  }

  /** A fresh unsigned 32-bit integer (e.g. to derive a sub-seed): alea's int32(). */
  u32(): number {
    return ((this.next() * 0x100000000) | 0) >>> 0;
  }
}

/** The root of all randomness in a run. Streams are memoised: asking twice gives the same stream. */
export class RngRoot {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: Seed) {
    assert(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, `seed must be an unsigned 32-bit integer, got ${seed}`);
  }

  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (!s) {
      s = new Rng(name, `swarmsim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
