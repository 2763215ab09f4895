// What the report renderer accepts. RunResultLike mirrors the CONTRACT.md `--json` object
// structurally (the runner is not imported: reports/ depends on sim types only).
import type { TraceEvent, TraceMeta } from "../sim/kernel/events.ts";
import type { TimelineEntry } from "../sim/scenario/types.ts";

export type { TraceEvent, TraceMeta, TimelineEntry };

export interface ViolationLike {
  invariant: string;
  timeUs: number;
  /** Trace seq of the check.violation event. */
  event: number;
  message: string;
  nodes: string[];
}

export interface WarningLike {
  invariant: string;
  timeUs?: number;
  event?: number;
  message: string;
  nodes?: string[];
}

export interface RunResultLike {
  scenario: string;
  seed: number;
  ok: boolean;
  violations: ViolationLike[];
  warnings: WarningLike[];
  traceHash: string;
  events: number;
  simulatedUs: number;
  /** Wall-clock time of the run: shown nowhere in the report (it would break byte-identity). */
  wallMs?: number;
  final?: unknown;
  /** Extras of the runner's result (CONTRACT.md extends, never renames). */
  outcome?: string;
  expected?: string;
  status?: string;
  /** Set when an internal assertion failed (exit 3). */
  error?: string;
}

export interface ReportInput {
  meta: TraceMeta;
  events: TraceEvent[];
  result: RunResultLike;
  /** A shrunk fault schedule (from the shrinker); shown instead of the scenario timeline. */
  shrunk?: TimelineEntry[] | null;
  replayCommand: string;
  /** Relative hrefs of sibling export files. */
  exports?: { perfetto?: string; jsonl?: string };
}

/** One row of the `npm start` library index. */
export interface IndexRow {
  scenario: string;
  description: string;
  ok: boolean;
  outcome: string;
  expected: string;
  violation: string | null;
  warnings: string[];
  events: number;
  simulatedUs: number;
  wallMs: number;
  traceHash: string;
  reportHref: string | null;
  /** Library folder (scenarios/<group>/), for section headers; rows of one group are contiguous. */
  group?: string;
}
