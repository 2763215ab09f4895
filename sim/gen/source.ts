// What a sweep draws its runs from, as plain data (it crosses into worker threads), and the
// scenario of run seed s. In generated modes the run seed is both fast-check's seed and the
// simulator's, so "run k uses seed S+k" holds for the generated value and for the run.
import fc from "fast-check";
import { assert } from "../kernel/assert.ts";
import type { Scenario } from "../scenario/types.ts";
import type { GenOptions } from "./options.ts";
import { fixedClusterArb, type Generated, generatedArb } from "./scenario.ts";

export type SweepSource =
  /** Whole generated scenarios (`check --generated`). */
  | { kind: "generated"; options: GenOptions }
  /** A fixed cluster and stack with generated fault timelines (`check --stack`, `check file --generated`). */
  | { kind: "fixed"; base: Scenario; options: GenOptions }
  /** One scenario swept over seeds (`check file.yml`). */
  | { kind: "scenario"; scenario: Scenario };

export function arbitraryFor(src: SweepSource): fc.Arbitrary<Generated> | null {
  switch (src.kind) {
    case "generated":
      return generatedArb(src.options);
    case "fixed":
      return fixedClusterArb(src.base, src.options);
    case "scenario":
      return null;
  }
}

/** The first value fast-check generates for `seed` — the same one fc.check with that seed starts from. */
export function generateWithSeed<T>(arb: fc.Arbitrary<T>, seed: number): T {
  let value: T | undefined;
  let seen = false;
  fc.check(
    fc.property(arb, (v) => {
      value = v;
      seen = true;
      return true;
    }),
    { seed, numRuns: 1 },
  );
  assert(seen, "fast-check generated a value");
  return value as T;
}

/** Sources with a fixed run seed: generated values carry the run seed as their simulator seed. */
export function withRunSeed(src: SweepSource, runSeed: number): SweepSource {
  if (src.kind === "scenario") return src;
  return { ...src, options: { ...src.options, seed: runSeed } };
}

export interface RunCase {
  scenario: Scenario;
  /** Phase-1 entries (null for a fixed scenario: all of its timeline is the user's). */
  faultEntries: number | null;
}

/** The arbitrary a run seed draws from (null for a fixed scenario): its values carry that seed. */
export function arbitraryForRun(src: SweepSource, runSeed: number): fc.Arbitrary<Generated> | null {
  return arbitraryFor(withRunSeed(src, runSeed));
}

/** The scenario of run seed `runSeed`. */
export function makeCase(src: SweepSource, runSeed: number): RunCase {
  if (src.kind === "scenario") return { scenario: { ...src.scenario, seed: runSeed }, faultEntries: null };
  const g = generateWithSeed(arbitraryForRun(src, runSeed)!, runSeed);
  return { scenario: g.scenario, faultEntries: g.faultEntries };
}
