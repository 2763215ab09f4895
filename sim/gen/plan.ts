// The run plan of a sweep. Run k uses seed S+k (mod 2^32); `--shard i/n` keeps the runs with
// k mod n = i−1, the same convention as `vitest --shard`, so n CI machines split a sweep without
// overlap and together cover every k.
import { assert } from "../kernel/assert.ts";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new RangeError(`--shard expects i/n, e.g. 2/4 (got '${text}')`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new RangeError(`--shard ${text}: need 1 ≤ i ≤ n`);
  return { index, count };
}

/** Seed of run k. */
export function runSeed(masterSeed: number, k: number): number {
  return (masterSeed + k) >>> 0;
}

/** The run indices k < total this shard takes, lazily (time-bounded sweeps pass total = Infinity). */
export function* shardRuns(total: number, shard: Shard | null): Generator<number> {
  const n = shard?.count ?? 1;
  const first = (shard?.index ?? 1) - 1;
  assert(first >= 0 && first < n, "shard index in range");
  for (let k = first; k < total; k += n) yield k;
}
