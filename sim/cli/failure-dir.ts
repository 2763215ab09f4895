// A failure directory: DIR/<name>-<seed>/ with failure.json (the scenario as one record, the
// seed, the swarmsim version, the violation), events.jsonl and report.html.
// `swarmsim replay DIR/<name>-<seed>/failure.json` reproduces it.
import { join } from "node:path";
import type { RunOutput } from "../scenario/runner.ts";
import type { Scenario } from "../scenario/types.ts";
import { SWARMSIM_VERSION } from "../scenario/version.ts";
import { replayCommandFor } from "./command.ts";
import { writeFileAtomic } from "./io.ts";
import { writeReportFile } from "./report-file.ts";
import { traceToJsonl } from "./trace-file.ts";

export interface FailureFile {
  version: string;
  seed: number;
  scenario: Scenario;
  violation: RunOutput["result"]["violations"][number] | null;
  outcome: string;
  expected: string;
  traceHash: string;
  /** Where it came from: "run", "check", or a property name; and fast-check's seed/path. */
  origin: { kind: string; property?: string; fcSeed?: number; fcPath?: string; originalEntries?: number };
}

export function failureDirName(scenario: Scenario, seed: number): string {
  const safe = scenario.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "scenario";
  return `${safe}-${seed}`;
}

export function writeFailureDir(root: string, scenario: Scenario, out: RunOutput, origin: FailureFile["origin"] = { kind: "run" }): string {
  const dir = join(root, failureDirName(scenario, out.result.seed));
  const failure: FailureFile = {
    version: SWARMSIM_VERSION,
    seed: out.result.seed,
    scenario: { ...scenario, seed: out.result.seed },
    violation: out.result.violations[0] ?? null,
    outcome: out.result.outcome,
    expected: out.result.expected,
    traceHash: out.result.traceHash,
    origin,
  };
  const replay = replayCommandFor(join(dir, "failure.json"));
  if (out.events) {
    writeFileAtomic(join(dir, "events.jsonl"), traceToJsonl(out.meta, out.events));
    // A shrunk failure (check, properties) says so in its report: the timeline is the shrunk one.
    const shrunk = origin.originalEntries === undefined ? null : scenario.timeline;
    writeReportFile(join(dir, "report.html"), out, replay, { jsonl: "events.jsonl" }, shrunk);
  }
  // failure.json last: its presence means the directory is complete.
  writeFileAtomic(join(dir, "failure.json"), `${JSON.stringify(failure, null, 2)}\n`);
  return dir;
}
