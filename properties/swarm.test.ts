// Whole generated clusters: managers, workers, services with constraints, preferences, restart
// and update policies, health checks and task behaviour; timelines mixing every fault with docker
// CLI operations. Phase 1 keeps the always-true service invariants (svc.constraints,
// svc.slot-unique, svc.spread-at-placement) and Raft safety; phase 2 must converge.
import { describe, it } from "vitest";
import { MIN } from "../sim/kernel/types.ts";
import { swarmProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { assertScenarios } from "./harness.ts";
import { runsFor } from "./profile.ts";

describe("generated Swarm scenarios keep the service invariants", () => {
  it("small clusters (1–5 managers, 0–6 workers, 1–3 services)", () => {
    const arb = generatedArb(
      swarmProfile({ name: "gen-swarm-small", managers: { min: 1, max: 5 }, workers: { min: 0, max: 6 }, services: { min: 1, max: 3 }, faultWindowUs: 2 * MIN, maxEntries: 8 }),
    );
    assertScenarios({ name: "swarm-invariants", arb, seed: 9_001, numRuns: runsFor(40) });
  });

  it("full profile (1–7 managers, 0–20 workers, 1–5 services, every default fault family, operations)", () => {
    assertScenarios({ name: "swarm-invariants-full", arb: generatedArb(swarmProfile()), seed: 9_101, numRuns: runsFor(20) });
  });
});
