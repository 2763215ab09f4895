// `swarmsim report <failure.json | trace.jsonl> -o out.html`: the HTML report of a failure or a
// recorded trace. The trace's meta line carries the scenario and seed, so the run is re-created
// deterministically for its result; the events drawn are the file's own.
import { readTraceJsonl, toPerfetto } from "../../reports/render.ts";
import type { Scenario } from "../scenario/types.ts";
import { runScenario } from "../scenario/runner.ts";
import { cliCommand, replayCommandFor } from "./command.ts";
import { readFailureFile } from "./failure-read.ts";
import { CliError, readInputFile, writeFileAtomic } from "./io.ts";
import { checkOutputPaths } from "./output-paths.ts";
import { writeReportFile } from "./report-file.ts";

export function reportCommand(input: string, o: { output: string; perfetto?: string }): number {
  checkOutputPaths({ "-o": o.output, "--perfetto": o.perfetto });
  let scenario: Scenario;
  let seed: number;
  let replay: string;
  let fileTrace: ReturnType<typeof readTraceJsonl> | null = null;
  if (input.endsWith(".json")) {
    const f = readFailureFile(input);
    scenario = f.scenario;
    seed = f.seed;
    replay = replayCommandFor(input);
  } else {
    const text = readInputFile(input);
    let parsed: ReturnType<typeof readTraceJsonl>;
    try {
      parsed = readTraceJsonl(text);
    } catch (e) {
      throw new CliError(`${input}: not a swarmsim trace (${(e as Error).message})`);
    }
    fileTrace = parsed;
    scenario = parsed.meta.scenario as Scenario;
    seed = parsed.meta.seed;
    replay = cliCommand(`report ${input} -o ${o.output}`);
  }
  const rerun = runScenario(scenario, { seed, record: fileTrace === null });
  const out = fileTrace ? { ...rerun, meta: fileTrace.meta, events: fileTrace.events } : rerun;
  const exports: { perfetto?: string } = {};
  if (o.perfetto && out.events) {
    writeFileAtomic(o.perfetto, JSON.stringify(toPerfetto(out.meta, out.events, out.result)));
    exports.perfetto = o.perfetto;
  }
  writeReportFile(o.output, out, replay, exports);
  process.stderr.write(`wrote ${o.output}\n`);
  return 0;
}
