// One library scenario, run with a recorded trace and written as an HTML report. Runs inline or
// inside a worker thread (the result row is plain data).
import { basename, join } from "node:path";
import type { IndexRow } from "../../reports/types.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import type { FailedOp } from "../scenario/result.ts";
import { runScenario } from "../scenario/runner.ts";
import { wallMs } from "./clock.ts";
import { cliCommand } from "./command.ts";
import { writeReportFile } from "./report-file.ts";
import { returningUserErrors } from "./worker-errors.ts";

/** A row of the index page, plus what the terminal needs. */
export interface LibraryRow extends IndexRow {
  file: string;
  reportHref: string;
  /** Why it is not ok: outcome mismatch, unmet `reached`, internal error. */
  why: string;
  /** The timeline's docker steps that failed or had no answer (they leave `ok` alone). */
  failedOps: FailedOp[];
}

export function runLibraryFile(file: string, outDir: string): LibraryRow {
  const { scenario } = loadScenarioFile(file);
  const t0 = wallMs();
  const out = runScenario(scenario, { record: true });
  const r = out.result;
  r.wallMs = wallMs() - t0;
  const href = `${basename(file).replace(/\.ya?ml$/, "")}.html`;
  writeReportFile(join(outDir, href), out, cliCommand(`run ${file}`));
  const why: string[] = [];
  if (r.error) why.push(`internal error: ${r.error}`);
  if (r.outcome !== r.expected) why.push(`outcome ${r.outcome}, expected ${r.expected}${r.violations[0] ? `: ${r.violations[0].message}` : ""}`);
  for (const c of r.reached) if (!c.ok) why.push(`reached ${c.condition} not met (${c.observed})`);
  if (r.status === "budget-exhausted") why.push("event budget exhausted");
  return {
    file,
    scenario: r.scenario,
    description: scenario.description,
    ok: r.ok,
    outcome: r.outcome,
    expected: r.expected,
    violation: r.violations[0]?.message ?? null,
    warnings: [...new Set(r.warnings.map((w) => w.invariant))],
    events: r.events,
    simulatedUs: r.simulatedUs,
    wallMs: r.wallMs,
    traceHash: r.traceHash,
    reportHref: href,
    group: libraryGroup(file),
    why: why.join("; "),
    failedOps: r.failedOps,
  };
}

/** The folder under scenarios/ a file sits in ("" at the top). */
function libraryGroup(file: string): string {
  const parts = file.split(/[\\/]/);
  const i = parts.lastIndexOf("scenarios");
  return i >= 0 && parts.length - i > 2 ? parts[i + 1] : "";
}

/** Worker-thread entry (piscina calls the default export); user errors come back as data (worker-errors.ts). */
export default returningUserErrors((task: { file: string; outDir: string }): LibraryRow => runLibraryFile(task.file, task.outDir));
