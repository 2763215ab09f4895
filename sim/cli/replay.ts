// `swarmsim replay failure.json [--save scenarios/regressions/x.yml]`: re-runs a failure from its
// record and seed, checks the same violation happens at the same event (exit 0 when it does, 1
// when it does not), and can turn it into a regular regression scenario.
import { toYaml } from "../scenario/to-yaml.ts";
import { SWARMSIM_VERSION } from "../scenario/version.ts";
import { replayCommandFor } from "./command.ts";
import { readFailureFile } from "./failure-read.ts";
import { EXIT, writeFileAtomic } from "./io.ts";
import { runLoaded } from "./run.ts";
import { runScenario } from "../scenario/runner.ts";
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
  const again = runScenario(f.scenario, { seed: f.seed });
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
  const code = runLoaded(f.scenario, { seed: f.seed, json: o.json, trace: o.trace, report: o.report }, replayCommandFor(file));
  // replay answers "does this failure still happen?": 0 when it reproduced, 1 when it did not
  // (the run's own verdict against the scenario's expect is the recorded failure, not news).
  if (code === EXIT.internal) return code;
  return same ? EXIT.ok : EXIT.violation;
}
