// `npm start` = `swarmsim library`: run every scenario of the library, print a summary table,
// and write reports/out/index.html with one row per scenario linking to its HTML report.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { renderIndex } from "../../reports/render.ts";
import { formatTime } from "../kernel/types.ts";
import { wallMs } from "./clock.ts";
import { writeFileAtomic } from "./io.ts";
import { checkOutputPaths } from "./output-paths.ts";
import { type LibraryRow, runLibraryFiles } from "./library-pool.ts";
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
  // The index lists every report in the folder: a filtered run replaces only its own rows and
  // keeps the others from the last run (whose reports are still there), rather than dropping them.
  const listed = o.filter ? [...earlierRows(o.out, rows), ...rows].sort((a, b) => a.file.localeCompare(b.file)) : rows;
  writeFileAtomic(join(o.out, INDEX_ROWS), `${JSON.stringify(listed)}\n`);
  writeFileAtomic(join(o.out, "index.html"), renderIndex(listed));

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

/** The rows of the index, as data, beside index.html (read back by a filtered run). */
const INDEX_ROWS = "index.json";

/** Rows of the last run's index that this run did not redo and whose scenario and report are still there. */
function earlierRows(outDir: string, redone: readonly LibraryRow[]): LibraryRow[] {
  const path = join(outDir, INDEX_ROWS);
  if (!existsSync(path)) return [];
  let rows: unknown;
  try {
    rows = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return []; // an unreadable index is rebuilt from this run alone
  }
  if (!Array.isArray(rows)) return [];
  const done = new Set(redone.map((r) => r.file));
  return (rows as LibraryRow[]).filter((r) => typeof r?.file === "string" && typeof r.reportHref === "string" && !done.has(r.file) && existsSync(r.file) && existsSync(join(outDir, r.reportHref)));
}
