// `report100k`: a report rendered from a synthetic 100,000-event run, loaded in headless
// Chromium. Goals: ≤ 2 s to interactive, ≤ 10 MB.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureReportLoad } from "../reports/bench.ts";
import { renderReport } from "../reports/render.ts";
import { syntheticRun } from "../reports/testing/synthetic.ts";

export async function benchReport100k() {
  const run = syntheticRun({ targetEvents: 100_000 });
  const dir = join(tmpdir(), "swarmsim-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "report100k.html");
  writeFileSync(file, renderReport({ ...run, replayCommand: "swarmsim replay bench/report100k" }));
  const { loadMs, bytes } = await measureReportLoad(file);
  return { events: run.events.length, loadMs, bytes, megabytes: Number((bytes / 1e6).toFixed(2)), goalLoadMs: 2000, goalBytes: 10 * 1024 * 1024 };
}
