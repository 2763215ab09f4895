// The reports/ public API: what the CLI and bench call.
export { renderReport } from "./html.ts";
export { renderIndex } from "./index-page.ts";
export { readTraceJsonl } from "./jsonl.ts";
export { type PerfettoEvent, type PerfettoTrace, toPerfetto, validatePerfetto } from "./perfetto.ts";
export type { IndexRow, ReportInput, RunResultLike, ViolationLike, WarningLike } from "./types.ts";
