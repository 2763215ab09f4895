// Running scenario properties under vitest: fast-check generates scenarios, the simulator runs
// them, a judge decides, fast-check shrinks a failure (bounded), and the shrunk counterexample is
// written as a failure directory. The assertion message carries fast-check's seed and path, the
// directory and the one-line replay command.
import fc from "fast-check";
import { replayCommandFor } from "../sim/cli/command.ts";
import { writeFailureDir } from "../sim/cli/failure-dir.ts";
import { entryText } from "../sim/scenario/describe.ts";
import type { Generated } from "../sim/gen/scenario.ts";
import { failureKind } from "../sim/gen/signature.ts";
import type { RunResult } from "../sim/scenario/result.ts";
import { runScenario } from "../sim/scenario/runner.ts";
import type { Scenario } from "../sim/scenario/types.ts";

/** Why a run fails the property, or null when it holds. Default: the run is not ok. */
export type Judge = (r: RunResult, s: Scenario) => string | null;

export const notOk: Judge = (r) => (r.ok ? null : failureKind(r));

/** Fails on Raft safety violations and simulator breakage only. */
export const raftSafety: Judge = (r) => {
  const k = failureKind(r);
  return k.startsWith("raft.") || k.startsWith("internal.") ? k : null;
};

export interface ScenarioProperty {
  name: string;
  arb: fc.Arbitrary<Generated>;
  seed: number;
  numRuns: number;
  judge?: Judge;
  /** Simulator runs spent shrinking, at most. */
  shrinkBudget?: number;
  outDir?: string;
  /** fast-check's path of a counterexample (printed on failure): with the same seed, goes straight to it. */
  path?: string;
}

export const PROPERTY_FAILURES_DIR = "reports/failures";

export interface PropertyStats {
  runs: number;
  events: number;
}

/** Runs the property; throws an Error describing the shrunk counterexample on failure. */
export function assertScenarios(p: ScenarioProperty): PropertyStats {
  const judge = p.judge ?? notOk;
  const budget = p.shrinkBudget ?? 150;
  let firstKind: string | null = null;
  let shrinkRuns = 0;
  const stats: PropertyStats = { runs: 0, events: 0 };
  const details = fc.check(
    fc.property(p.arb, (g) => {
      if (firstKind !== null && shrinkRuns++ >= budget) return true;
      const r = runScenario(g.scenario).result;
      stats.runs++;
      stats.events += r.events;
      const why = judge(r, g.scenario);
      if (why === null) return true;
      // While shrinking, only the same kind of failure counts (don't slip to another bug).
      if (firstKind === null) firstKind = why;
      return why !== firstKind;
    }),
    { seed: p.seed, numRuns: p.numRuns, ...(p.path === undefined ? {} : { path: p.path }) },
  );
  if (!details.failed) return stats;
  const g = details.counterexample![0];
  const out = runScenario(g.scenario, { record: true });
  const dir = writeFailureDir(p.outDir ?? PROPERTY_FAILURES_DIR, g.scenario, out, {
    kind: "property",
    property: p.name,
    fcSeed: details.seed,
    fcPath: details.counterexamplePath ?? undefined,
  });
  const v = out.result.violations[0];
  throw new Error(
    [
      `property "${p.name}" failed: ${firstKind}${v ? ` at event #${v.event}: ${v.message}` : out.result.error ? `: ${out.result.error}` : ""}`,
      `fast-check: seed ${details.seed}, path "${details.counterexamplePath}" (after ${details.numRuns} runs, ${details.numShrinks} shrinks)`,
      `shrunk timeline (${g.scenario.timeline.length} entries, ${g.scenario.nodes.length} nodes, ${g.scenario.services.length} services):`,
      ...g.scenario.timeline.map(entryText),
      `failure: ${dir}`,
      `replay: ${replayCommandFor(`${dir}/failure.json`)}`,
    ].join("\n"),
  );
}
