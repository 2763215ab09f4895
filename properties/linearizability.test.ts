// Linearizability of the control API's key-value history (Raft-only scenarios with a client
// workload of writes and reads) under generated faults.
import { describe, expect, it } from "vitest";
import { raftProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { failureKind } from "../sim/gen/signature.ts";
import { loadScenarioFile } from "../sim/scenario/load.ts";
import { runScenario } from "../sim/scenario/runner.ts";
import { assertScenarios, type Judge } from "./harness.ts";
import { runsFor } from "./profile.ts";

const only =
  (...ids: string[]): Judge =>
  (r) => {
    const k = failureKind(r);
    return ids.includes(k) || k.startsWith("internal.") ? k : null;
  };

describe("linearizability of the client history", () => {
  it("writes are linearizable under faults (reads unchecked: readIndex off serves them locally)", () => {
    const arb = generatedArb(raftProfile(3, { name: "gen-lin-writes", workload: { rateHz: 20, readRatio: 0.3 } }));
    assertScenarios({ name: "linearizable-writes", arb, seed: 7_001, numRuns: runsFor(20), judge: only("api.linearizable-writes") });
  });

  it("with raft.readIndex, reads are linearizable too", () => {
    const arb = generatedArb(raftProfile(3, { name: "gen-lin-reads", workload: { rateHz: 20, readRatio: 0.5 }, raft: { readIndex: true } }));
    assertScenarios({ name: "linearizable-reads", arb, seed: 7_101, numRuns: runsFor(20), judge: only("api.linearizable-writes", "api.linearizable-reads") });
  });

  // With readIndex off, a leader answers reads from its own store as SwarmKit's control API does,
  // so a deposed leader that has not noticed serves stale reads; readIndex confirms leadership first.
  it("stale-read-deposed-leader: the deposed leader's local read is caught, readIndex fixes it", () => {
    const { scenario } = loadScenarioFile("scenarios/raft/stale-read-deposed-leader.yml");
    const stale = runScenario(scenario).result;
    expect(failureKind(stale)).toBe("api.linearizable-reads");
    expect(stale.ok).toBe(true);
    const fixed = runScenario({ ...scenario, raft: { ...scenario.raft, readIndex: true } }).result;
    expect(fixed.outcome).toBe("pass");
  });
});
