// Work units of `check`, run inline or in a worker thread (piscina calls the default export):
// a batch of seeds → one summary row per run; a failing seed → shrunk, re-run with a full trace
// and written as a failure directory.
import { entryText } from "../scenario/describe.ts";
import { shrinkRun } from "../gen/shrink-run.ts";
import { signatureOf } from "../gen/signature.ts";
import type { SweepSource } from "../gen/source.ts";
import { type RunSummary, runOne } from "../gen/sweep.ts";
import { runScenario } from "../scenario/runner.ts";
import { wallMs } from "./clock.ts";
import { replayCommandFor } from "./command.ts";
import { writeFailureDir } from "./failure-dir.ts";
import { returningUserErrors } from "./worker-errors.ts";

export interface RunRow extends RunSummary {
  wallMs: number;
}

export interface ShrinkRow {
  seed: number;
  signature: string;
  /** Signature of the shrunk run (same invariant; fault kinds and roles may be fewer). */
  shrunkSignature: string;
  failureDir: string;
  replay: string;
  originalEntries: number;
  shrunkEntries: number;
  tries: number;
  timeline: string[];
  message: string;
  /** The shrunk run reproduced identically when re-run with a full trace. */
  reproduced: boolean;
}

export type CheckTask =
  | { type: "runs"; src: SweepSource; seeds: number[]; maxEvents?: number }
  | { type: "shrink"; src: SweepSource; seed: number; signature: string; outDir: string; budget: number };

export function runBatch(src: SweepSource, seeds: readonly number[], maxEvents?: number): RunRow[] {
  return seeds.map((seed) => {
    const t0 = wallMs();
    const s = runOne(src, seed, maxEvents);
    return { ...s, wallMs: wallMs() - t0 };
  });
}

export function shrinkAndWrite(task: Extract<CheckTask, { type: "shrink" }>): ShrinkRow | null {
  const s = shrinkRun(task.src, task.seed, task.budget);
  if (s === null) return null;
  // Determinism makes the full trace free: re-run the shrunk scenario with recording on.
  const out = runScenario(s.scenario, { record: true });
  const reproduced = out.result.traceHash === s.result.traceHash;
  const dir = writeFailureDir(task.outDir, s.scenario, out, {
    kind: "check",
    property: task.signature,
    ...(s.fcSeed === null ? {} : { fcSeed: s.fcSeed }),
    ...(s.fcPath === null ? {} : { fcPath: s.fcPath }),
    originalEntries: s.originalEntries,
  });
  const v = out.result.violations[0];
  return {
    seed: task.seed,
    signature: task.signature,
    shrunkSignature: signatureOf(s.scenario, out.result),
    failureDir: dir,
    replay: replayCommandFor(`${dir}/failure.json`),
    originalEntries: s.originalEntries,
    shrunkEntries: s.scenario.timeline.length,
    tries: s.tries,
    timeline: s.scenario.timeline.map(entryText),
    message: v ? `${v.invariant} at event #${v.event}: ${v.message}` : (out.result.error ?? `outcome ${out.result.outcome}, expected ${out.result.expected}`),
    reproduced,
  };
}

function runTask(task: CheckTask): RunRow[] | ShrinkRow | null {
  if (task.type === "runs") return runBatch(task.src, task.seeds, task.maxEvents);
  return shrinkAndWrite(task);
}

/** Worker-thread entry; user errors come back as data (worker-errors.ts), the pool rethrows them. */
export default returningUserErrors(runTask);
