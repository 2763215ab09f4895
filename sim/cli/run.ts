// `swarmsim run <scenario>`: one scenario, one seed.
import { loadScenarioFile } from "../scenario/load.ts";
import type { RunResult } from "../scenario/result.ts";
import { type RunOutput, runScenario } from "../scenario/runner.ts";
import type { Scenario } from "../scenario/types.ts";
import { wallMs } from "./clock.ts";
import { cliCommand, replayCommandFor } from "./command.ts";
import { EXIT, writeFileAtomic } from "./io.ts";
import { describeResult } from "./summary.ts";
import { traceToJsonl } from "./trace-file.ts";
import { writeFailureDir } from "./failure-dir.ts";
import { writeReportFile } from "./report-file.ts";
import { checkOutputPaths } from "./output-paths.ts";

export interface RunFlags {
  seed?: number;
  json?: boolean;
  trace?: string;
  report?: string;
  out?: string;
  maxEvents?: number;
}

export function exitCodeFor(r: RunResult): number {
  if (r.status === "assertion" || r.status === "budget-exhausted") return EXIT.internal;
  return r.ok ? EXIT.ok : EXIT.violation;
}

export function runScenarioCommand(file: string, flags: RunFlags): number {
  checkOutputPaths({ "--trace": flags.trace, "--report": flags.report }, { "--out": flags.out });
  const { scenario, warnings } = loadScenarioFile(file);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  return runLoaded(scenario, flags, cliCommand(`run ${file} --seed ${flags.seed ?? scenario.seed}`));
}

export function runLoaded(scenario: Scenario, flags: RunFlags, replayCommand: string): number {
  const out = runAndWrite(scenario, flags, replayCommand);
  printResult(out.result, flags.json);
  return exitCodeFor(out.result);
}

/** Prints a result: the `--json` object (with `extra` fields last), or the human summary. */
export function printResult(result: RunResult, json: boolean | undefined, extra: object = {}): void {
  process.stdout.write(json ? `${JSON.stringify({ ...result, ...extra })}\n` : `${describeResult(result)}\n`);
}

/** Runs a loaded scenario and writes the trace, report and failure directory the flags ask for. */
export function runAndWrite(scenario: Scenario, flags: RunFlags, replayCommand: string): RunOutput {
  const record = Boolean(flags.trace || flags.report || flags.out);
  const t0 = wallMs();
  const out = runScenario(scenario, { seed: flags.seed, record, maxEvents: flags.maxEvents });
  out.result.wallMs = wallMs() - t0;
  if (flags.trace && out.events) writeFileAtomic(flags.trace, traceToJsonl(out.meta, out.events));
  if (flags.report && out.events) writeReportFile(flags.report, out, replayCommand);
  if (flags.out && !out.result.ok && out.events) {
    const dir = writeFailureDir(flags.out, scenario, out);
    process.stderr.write(`failure written to ${dir}\nreplay: ${replayCommandFor(`${dir}/failure.json`)}\n`);
  }
  return out;
}

