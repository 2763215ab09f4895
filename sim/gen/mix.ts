// Swarm testing (Groce et al.; TigerBeetle's VOPR draws a fresh fault mix per seed): every
// generated run draws its own mix — which fault families are on and how often they fire, the
// baseline network's loss, duplication and reordering, and how hard windows and skews hit. A run
// that only partitions finds different bugs from one that only crashes, and a mix shrinks toward
// fewer families, which is what makes shrunk counterexamples short.
import fc from "fast-check";
import type { FaultFamily } from "./options.ts";

/** A family's weight: 0 = off for this run; an entry of that family survives with p = weight/3. */
export type Weight = 0 | 1 | 2 | 3;

export interface FaultMix {
  weights: Partial<Record<FaultFamily | "ops", Weight>>;
  /** Baseline network, percent (whole run, including phase 2: small on purpose). */
  netLossPct: number;
  netDupPct: number;
  netReorderPct: number;
  latencyMaxMs: number;
  /** Windows: an entry's rate is its own percent scaled by this ceiling (percent). */
  windowRateMaxPct: number;
  /** Skews: an entry's offset/drift is its own permille of these ceilings. */
  skewMaxMs: number;
  driftMaxPpm: number;
}

const weight = fc.constantFrom<Weight>(0, 1, 2, 3);

export function mixArb(families: readonly FaultFamily[], ops: boolean): fc.Arbitrary<FaultMix> {
  const keys: (FaultFamily | "ops")[] = [...families, ...(ops ? (["ops"] as const) : [])];
  const weights = fc.record(Object.fromEntries(keys.map((k) => [k, weight])) as Record<FaultFamily | "ops", fc.Arbitrary<Weight>>);
  const lossy = families.includes("loss");
  const dup = families.includes("duplicate");
  const delay = families.includes("delay");
  return fc.record({
    weights,
    netLossPct: lossy ? fc.integer({ min: 0, max: 5 }) : fc.constant(0),
    netDupPct: dup ? fc.integer({ min: 0, max: 5 }) : fc.constant(0),
    netReorderPct: delay ? fc.integer({ min: 0, max: 20 }) : fc.constant(0),
    latencyMaxMs: delay ? fc.integer({ min: 1, max: 50 }) : fc.constant(5),
    windowRateMaxPct: fc.constantFrom(30, 60, 100),
    skewMaxMs: fc.constantFrom(100, 1_000, 10_000, 60_000, 3_600_000),
    driftMaxPpm: fc.constantFrom(50, 500, 5_000, 50_000),
  });
}

/** Keeps an entry of `family` (roll in 0..99) under the mix. */
export function keeps(mix: FaultMix, family: FaultFamily | "ops", roll: number): boolean {
  const w = mix.weights[family] ?? 0;
  return w > 0 && roll < 34 * w;
}
