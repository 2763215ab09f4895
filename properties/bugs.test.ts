// Historical SwarmKit bugs, re-enacted by switches in the swarm layer (sim/swarm/bugs.ts), must
// be found by a generated sweep: with the switch on, some run fails that passes with it off.
// (Comparing against the same seeds without the switch keeps unrelated findings out.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckPool, checkPool } from "../sim/cli/check-pool.ts";
import type { RunRow } from "../sim/cli/check-job.ts";
import { swarmProfile } from "../sim/gen/options.ts";
import { runSeed } from "../sim/gen/plan.ts";
import type { SweepSource } from "../sim/gen/source.ts";

const RUNS = 40;
const MASTER = 1;
let pool: CheckPool;

beforeAll(() => {
  pool = checkPool(2);
});
afterAll(async () => {
  await pool.close();
});

/** Failure kind per seed (null = passed) for the first RUNS runs. */
async function failures(bugs: string[]): Promise<Map<number, string | null>> {
  const src: SweepSource = { kind: "generated", options: swarmProfile({ name: "gen-bugs", bugs }) };
  const seeds = Array.from({ length: RUNS }, (_, k) => runSeed(MASTER, k));
  const rows: RunRow[] = (await Promise.all([0, 1, 2, 3].map((i) => pool.runs({ type: "runs", src, seeds: seeds.filter((_, k) => k % 4 === i) })))).flat();
  return new Map(rows.map((r) => [r.seed, r.failure]));
}

let baseline: Map<number, string | null> | null = null;

async function newFailures(bug: string): Promise<string[]> {
  baseline ??= await failures([]);
  const withBug = await failures([bug]);
  const found: string[] = [];
  for (const [seed, kind] of withBug) if (kind !== null && baseline.get(seed) !== kind) found.push(`${seed}:${kind}`);
  return found;
}

describe("generated sweeps find historical SwarmKit bugs", () => {
  for (const [bug, invariant] of [
    ["swarmkit-1054", "svc.slot-unique"],
    ["moby-33218", "svc.slot-unique"],
    // swarmkit-562 (the rejoining agent keeps its old containers): found through what really runs.
    // (swarmkit-921 reschedules healthy tasks: only a minRunning floor shows it, and generated
    // stacks declare none — its scenario pair in scenarios/ proves it instead.)
    ["swarmkit-562", "svc.convergence"],
  ] as const) {
    it(`${bug}: switched on, the sweep finds ${invariant} violations it does not find otherwise`, async () => {
      const found = await newFailures(bug);
      expect(found.some((f) => f.split(":")[1].startsWith(invariant)), found.join(", ")).toBe(true);
    });
  }
});

