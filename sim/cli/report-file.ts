// Writes the HTML report of a recorded run (reports/ renders; this only wires files).
import { renderReport } from "../../reports/render.ts";
import type { RunOutput } from "../scenario/runner.ts";
import type { TimelineEntry } from "../scenario/types.ts";
import { writeFileAtomic } from "./io.ts";

export function writeReportFile(path: string, out: RunOutput, replayCommand: string, exports: { perfetto?: string; jsonl?: string } = {}, shrunk: TimelineEntry[] | null = null): void {
  if (!out.events) throw new Error("a report needs a recorded trace");
  const html = renderReport({ meta: out.meta, events: out.events, result: out.result, shrunk, replayCommand, exports });
  writeFileAtomic(path, html);
}
