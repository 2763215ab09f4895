// Shrinking a failing run to a small reproduction. Generated runs shrink with fast-check (the
// genome: fewer entries, nodes, services and fault families, earlier times, shorter windows);
// a fixed user scenario shrinks by deleting timeline entries one at a time (delta debugging).
// Either way the shrunk scenario must fail the same way (same invariant), and a run budget keeps
// shrinking bounded: once spent, every further candidate counts as passing, which ends the search
// deterministically.
import fc from "fast-check";
import { assert } from "../kernel/assert.ts";
import type { Scenario } from "../scenario/types.ts";

export const DEFAULT_SHRINK_BUDGET = 400;

export interface Shrunk<T> {
  value: T;
  /** Candidates judged (the original included). */
  tries: number;
  /** fast-check's seed and path of the shrunk value (generated only). */
  fcSeed: number | null;
  fcPath: string | null;
}

/**
 * Shrinks the value fast-check draws for `seed` while `fails` holds. The first value must fail.
 * Deterministic: same arbitrary, seed, predicate and budget ⇒ same result.
 */
export function shrinkGenerated<T>(arb: fc.Arbitrary<T>, seed: number, fails: (v: T) => boolean, budget = DEFAULT_SHRINK_BUDGET): Shrunk<T> | null {
  let tries = 0;
  let last: T | undefined;
  let found = false;
  const details = fc.check(
    fc.property(arb, (v) => {
      if (tries >= budget) return true;
      tries++;
      if (!fails(v)) return true;
      last = v;
      found = true;
      return false;
    }),
    { seed, numRuns: 1 },
  );
  if (!found) return null;
  assert(details.failed, "a failing value fails the property");
  return { value: last as T, tries, fcSeed: details.seed, fcPath: details.counterexamplePath };
}

/** Deletes timeline entries one at a time while the scenario still fails (ddmin, single-entry steps). */
export function shrinkTimeline(s: Scenario, fails: (s: Scenario) => boolean, budget = DEFAULT_SHRINK_BUDGET): Shrunk<Scenario> {
  let cur = s;
  let tries = 0;
  let i = cur.timeline.length - 1;
  // From the end: late entries (healing, stray operations) are the likeliest to be irrelevant.
  while (i >= 0 && tries < budget) {
    const candidate = { ...cur, timeline: cur.timeline.filter((_, j) => j !== i) };
    tries++;
    if (fails(candidate)) cur = candidate;
    i--;
  }
  return { value: cur, tries, fcSeed: null, fcPath: null };
}
