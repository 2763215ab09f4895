// `npm start` = `swarmsim library`: run every scenario of the library, print a summary table,
// and write reports/out/index.html with one row per scenario linking to its HTML report.
import { join, relative } from "node:path";
import { renderIndex } from "../../reports/render.ts";
import { formatTime } from "../kernel/types.ts";
import { wallMs } from "./clock.ts";
import { writeFileAtomic } from "./io.ts";
import { checkOutputPaths } from "./output-paths.ts";
import { runLibraryFiles } from "./library-pool.ts";
import { findScenarioFiles } from "./scenario-files.ts";
import { describeFailedOp, table } from "./summary.ts";

export interface LibraryFlags {
  dir: string;
  out: string;
  workers?: number;
  filter?: string;
  json?: boolean;
}

export async function libraryCommand(o: LibraryFlags): Promise<number> {
  checkOutputPaths({}, { "--out": o.out });
  const files = findScenarioFiles(o.dir).filter((f) => !o.filter || f.includes(o.filter));
  const t0 = wallMs();
  const rows = await runLibraryFiles(files, o.out, o.workers);
  const totalMs = wallMs() - t0;
  writeFileAtomic(join(o.out, "index.html"), renderIndex(rows));

  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const body = rows.map((r) => [
      r.ok ? "ok" : "FAIL",
      r.scenario,
      r.expected,
      r.outcome,
      String(r.events),
      formatTime(r.simulatedUs),
      `${r.wallMs}`,
      r.warnings.join(",") || "-",
    ]);
    process.stdout.write(`${table(["", "scenario", "expected", "outcome", "events", "simulated", "wall ms", "warnings"], body)}\n`);
    // A failed step leaves a scenario ok (docker fails it too), but the user should see it.
    for (const r of rows) {
      if (r.failedOps.length === 0) continue;
      process.stdout.write(`\ndocker steps that failed in ${r.scenario} (they leave the outcome alone: docker fails them too):\n`);
      for (const op of r.failedOps) process.stdout.write(`  ${describeFailedOp(op)}\n`);
    }
    const failed = rows.filter((r) => !r.ok);
    for (const r of failed) process.stdout.write(`\nFAIL ${r.file}: ${r.why}\n`);
    process.stdout.write(
      `\n${rows.length - failed.length}/${rows.length} scenarios as expected in ${(totalMs / 1000).toFixed(1)} s; report: ${relative(process.cwd(), join(o.out, "index.html"))}\n`,
    );
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}
