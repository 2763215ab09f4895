// Determinism is the product: a generated scenario run twice gives the same result and trace
// hash, in this thread and in a worker thread, and a sweep reports the same failures whatever
// the worker count.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPool } from "../sim/cli/check-pool.ts";
import { raftProfile, swarmProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { runOne } from "../sim/gen/sweep.ts";
import { MIN } from "../sim/kernel/types.ts";
import { runScenario } from "../sim/scenario/runner.ts";

const small = swarmProfile({ name: "gen-det", managers: { min: 1, max: 3 }, workers: { min: 0, max: 4 }, services: { min: 1, max: 2 }, faultWindowUs: 1 * MIN, maxEntries: 6 });

describe("determinism of generated runs", () => {
  it("same scenario, same seed ⇒ identical result and trace hash", () => {
    fc.assert(
      fc.property(generatedArb(small), (g) => {
        const a = runScenario(g.scenario).result;
        const b = runScenario(g.scenario).result;
        expect({ ...b, wallMs: 0 }).toEqual({ ...a, wallMs: 0 });
        // Recording the trace changes nothing the run computes.
        const c = runScenario(g.scenario, { record: true }).result;
        expect(c.traceHash).toBe(a.traceHash);
        expect(c.events).toBe(a.events);
      }),
      { seed: 11_001, numRuns: 4 },
    );
  });

  it("a worker thread computes the same runs as this thread", async () => {
    const src = { kind: "generated" as const, options: raftProfile(3, { faultWindowUs: 1 * MIN }) };
    const seeds = [21, 22, 23, 24];
    const local = seeds.map((s) => runOne(src, s));
    const pool = checkPool(2);
    try {
      const remote = (await Promise.all([pool.runs({ type: "runs", src, seeds: seeds.slice(0, 2) }), pool.runs({ type: "runs", src, seeds: seeds.slice(2) })])).flat();
      expect(remote.map(({ wallMs: _w, ...r }) => r)).toEqual(local);
    } finally {
      await pool.close();
    }
  });
});
