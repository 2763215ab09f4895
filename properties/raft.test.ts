// Raft under random fault timelines (Raft-only scenarios: managers and a client workload).
// Phase 1 injects crashes, pauses, partitions of every shape, loss/duplication/delay windows and
// clock skew; phase 2 heals. Raft safety must hold throughout; after the heal a leader must be
// back within the bound (cluster.leader-available).
import { describe, it } from "vitest";
import { raftProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { assertScenarios, notOk, raftSafety } from "./harness.ts";
import { runsFor } from "./profile.ts";

describe("Raft safety under generated faults", () => {
  it("3 managers: Raft safety holds", () => {
    assertScenarios({ name: "raft-safety-3", arb: generatedArb(raftProfile(3)), seed: 3_001, numRuns: runsFor(40), judge: raftSafety });
  });

  it("5 managers: Raft safety holds", () => {
    assertScenarios({ name: "raft-safety-5", arb: generatedArb(raftProfile(5)), seed: 5_001, numRuns: runsFor(25), judge: raftSafety });
  });

  it("3 managers: after the heal a leader is back (two-phase run passes)", () => {
    assertScenarios({ name: "raft-liveness-3", arb: generatedArb(raftProfile(3)), seed: 3_101, numRuns: runsFor(25), judge: notOk });
  });
});
