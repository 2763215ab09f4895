// Shrinking a failing sweep run (sim/gen/shrink.ts holds the generic shrinkers): the shrunk
// scenario must fail the same way as the original (same invariant).
import { assert } from "../kernel/assert.ts";
import type { RunResult } from "../scenario/result.ts";
import { runScenario } from "../scenario/runner.ts";
import type { Scenario } from "../scenario/types.ts";
import type { Generated } from "./scenario.ts";
import { DEFAULT_SHRINK_BUDGET, shrinkGenerated, shrinkTimeline } from "./shrink.ts";
import { sameFailure } from "./signature.ts";
import { arbitraryForRun, makeCase, type SweepSource } from "./source.ts";

export interface ShrinkOutcome {
  original: Scenario;
  scenario: Scenario;
  result: RunResult;
  originalEntries: number;
  tries: number;
  fcSeed: number | null;
  fcPath: string | null;
}

/** Shrinks the failing run `runSeed` of a sweep; null if that run does not fail. */
export function shrinkRun(src: SweepSource, runSeed: number, budget = DEFAULT_SHRINK_BUDGET): ShrinkOutcome | null {
  const original = makeCase(src, runSeed).scenario;
  const first = runScenario(original).result;
  if (first.ok) return null;
  let lastResult = first;
  const fails = (s: Scenario): boolean => {
    const r = runScenario(s).result;
    if (!sameFailure(first, r)) return false;
    lastResult = r;
    return true;
  };
  if (src.kind === "scenario") {
    const s = shrinkTimeline(original, fails, budget);
    // The last failing candidate is the shrunk one (each accepted candidate is the new current).
    return { original, scenario: s.value, result: lastResult, originalEntries: original.timeline.length, tries: s.tries + 1, fcSeed: null, fcPath: null };
  }
  const arb = arbitraryForRun(src, runSeed)!;
  const s = shrinkGenerated<Generated>(arb, runSeed, (g) => fails(g.scenario), budget);
  assert(s !== null, () => `run seed ${runSeed} failed, yet fast-check's first value for that seed passes (non-deterministic run?)`);
  return { original, scenario: s.value.scenario, result: lastResult, originalEntries: original.timeline.length, tries: s.tries, fcSeed: s.fcSeed, fcPath: s.fcPath };
}
