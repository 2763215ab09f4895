// One sweep run: the scenario of a run seed, run without recording, summarised as plain data.
import { runScenario } from "../scenario/runner.ts";
import { failureKind, signatureOf } from "./signature.ts";
import { makeCase, type SweepSource } from "./source.ts";

export interface RunSummary {
  seed: number;
  ok: boolean;
  /** null when ok. */
  signature: string | null;
  failure: string | null;
  events: number;
  simulatedUs: number;
  traceHash: string;
}

export function runOne(src: SweepSource, seed: number, maxEvents?: number): RunSummary {
  const { scenario } = makeCase(src, seed);
  const r = runScenario(scenario, { maxEvents }).result;
  return {
    seed,
    ok: r.ok,
    signature: r.ok ? null : signatureOf(scenario, r),
    failure: r.ok ? null : failureKind(r),
    events: r.events,
    simulatedUs: r.simulatedUs,
    traceHash: r.traceHash,
  };
}

export { parseShard, runSeed, type Shard, shardRuns } from "./plan.ts";
