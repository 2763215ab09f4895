// The property profile Stryker runs against each mutant of sim/raft and sim/swarm/scheduler
// (`npm run mutation`, see stryker.config.mjs): a handful of fixed-seed generated runs, small
// enough to repeat for hundreds of mutants, strong enough to kill mutants the unit tests miss.
// It is not a *.test.ts file, so `npm test` does not run it twice.
import { describe, it } from "vitest";
import { MIN } from "../sim/kernel/types.ts";
import { raftProfile, swarmProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { failureKind } from "../sim/gen/signature.ts";
import { assertScenarios, type Judge } from "./harness.ts";

// The always-true invariants (and simulator breakage): liveness bounds are left to `npm test`, so
// the baseline run stays green while a liveness checker is being tuned.
const safety: Judge = (r) => {
  const k = failureKind(r);
  return /^(raft\.|internal\.|svc\.(slot-unique|constraints|spread-at-placement))/.test(k) ? k : null;
};

describe("mutation profile", () => {
  it("Raft: 3 managers under generated faults pass both phases", () => {
    assertScenarios({ name: "mutation-raft", arb: generatedArb(raftProfile(3, { faultWindowUs: 1 * MIN, maxEntries: 5 })), seed: 42, numRuns: 4, shrinkBudget: 0 });
  });

  it("Swarm: small generated clusters keep the always-true service invariants", () => {
    const o = swarmProfile({ name: "mutation-swarm", managers: { min: 1, max: 3 }, workers: { min: 1, max: 4 }, services: { min: 1, max: 3 }, faultWindowUs: 1 * MIN, maxEntries: 5 });
    assertScenarios({ name: "mutation-swarm", arb: generatedArb(o), seed: 43, numRuns: 4, shrinkBudget: 0, judge: safety });
  });
});
