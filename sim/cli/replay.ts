// `swarmsim replay failure.json [--save scenarios/regressions/x.yml]`: re-runs a failure from its
// record and seed, checks the same violation happens at the same event (said on stderr and as
// `reproduced` in --json), and can turn it into a regular regression scenario.
import { toYaml } from "../scenario/to-yaml.ts";
import { SWARMSIM_VERSION } from "../scenario/version.ts";
import { replayCommandFor } from "./command.ts";
import { readFailureFile } from "./failure-read.ts";
import { writeFileAtomic } from "./io.ts";
import { exitCodeFor, printResult, runAndWrite } from "./run.ts";
import { checkOutputPaths } from "./output-paths.ts";

export interface ReplayFlags {
  save?: string;
  json?: boolean;
  trace?: string;
  report?: string;
}

export function replayCommand(file: string, o: ReplayFlags): number {
  checkOutputPaths({ "--save": o.save, "--trace": o.trace, "--report": o.report });
  const f = readFailureFile(file);
  if (f.version !== SWARMSIM_VERSION) {
    process.stderr.write(`warning: ${file} was written by swarmsim ${f.version}; this is ${SWARMSIM_VERSION} — the run may differ\n`);
  }
  if (o.save) {
    // The saved scenario expects what the failure showed: it keeps demonstrating the failure
    // until its cause is fixed, when its outcome becomes `pass` (README: "Reproduce and keep").
    const scenario = { ...f.scenario, seed: f.seed, expect: { ...f.scenario.expect, outcome: f.outcome } };
    writeFileAtomic(o.save, toYaml(scenario));
    process.stderr.write(`saved ${o.save} (expects ${f.outcome}; set expect.outcome to pass once the cause is fixed)\n`);
  }
  // One run, for the output the flags ask for and for the comparison.
  const again = runAndWrite(f.scenario, { seed: f.seed, trace: o.trace, report: o.report }, replayCommandFor(file));
  const v = again.result.violations[0] ?? null;
  // The same outcome (a failed `reached` condition has no violation) and the same violation event.
  const sameViolation = (v === null && f.violation === null) || (v !== null && f.violation !== null && v.invariant === f.violation.invariant && v.event === f.violation.event);
  const same = sameViolation && again.result.outcome === f.outcome;
  process.stderr.write(
    same
      ? `reproduced: ${v ? `${v.invariant} at event #${v.event}` : "no violation"}, traceHash ${again.result.traceHash}\n`
      : `NOT reproduced: recorded outcome ${f.outcome} (${f.violation ? `${f.violation.invariant} at event #${f.violation.event}` : "no violation"}), ` +
          `now ${again.result.outcome} (${v ? `${v.invariant} at event #${v.event}` : "no violation"})\n`,
  );
  printResult(again.result, o.json, { reproduced: same });
  // The exit code is the run's own verdict, as CONTRACT's codes say: 1 while the failure still
  // happens, 0 once it no longer does. Whether it came back exactly: stderr and `reproduced`.
  return exitCodeFor(again.result);
}
