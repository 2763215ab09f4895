// The data embedded in a report page: columnar arrays and a string table, so that a
// 100,000-event run stays a few megabytes. Written by reports/compact.ts, read by the client.

/** Per event type: its field names, one encoding letter per field, and one column per field.
 * Encodings: "s" = string-table index (-1 = null), "n" = number or null, "j" = any JSON value. */
export interface TypeColumns {
  type: string;
  fields: string[];
  enc: string;
  cols: unknown[][];
}

export interface ScheduleRow {
  atUs: number;
  kind: string;
  text: string;
  on: string | null;
  /** Index of the first event that applied this entry, or -1. */
  idx: number;
}

export interface FaultWindow {
  kind: "partition" | "loss" | "duplicate" | "delay";
  t0: number;
  t1: number;
  text: string;
  groups: string[][] | null;
  idx: number;
}

export interface ClockSkew {
  t: number;
  node: number;
  offsetUs: number | null;
  driftPpm: number | null;
  idx: number;
}

export interface StoryItem {
  idx: number;
  kind: string;
  text: string;
}

export interface ServiceSeries {
  name: string;
  /** The service's mode from its last spec: replicated, global, replicated-job, global-job. */
  mode: string;
  /** Flat [timeUs, count, timeUs, count, …] steps. */
  desired: number[];
  running: number[];
}

export interface ReportData {
  v: 1;
  scenario: string;
  description: string;
  seed: number;
  version: string;
  verdict: {
    ok: boolean;
    invariant: string | null;
    message: string;
    nodes: string[];
    timeUs: number | null;
    /** Event index (not seq) of the check.violation event, or -1. */
    idx: number;
    /** Event indexes of the witness events. */
    witness: number[];
    warnings: { invariant: string; message: string; nodes: string[] }[];
    expected: string;
    /** How the run ended (runner extra), and an internal assertion message when one failed. */
    status: string;
    error: string | null;
    traceHash: string;
    events: number;
    simulatedUs: number;
  };
  replay: string;
  exports: { perfetto: string | null; jsonl: string | null };
  schedule: { shrunk: boolean; rows: ScheduleRow[] };
  nodes: { name: string; manager: boolean }[];
  startUs: number;
  endUs: number;
  strs: string[];
  /** Delta-encoded seq and time; node index (-1 = world); type index into `tc`. */
  ev: { seq: number[]; t: number[]; node: number[]; type: number[] };
  tc: TypeColumns[];
  heartbeatKinds: string[];
  /** Messages: send event index (-1 unknown), end event index (-1 in flight), status, kind (string index), from/to node. */
  msg: { a: number[]; b: number[]; st: number[]; kind: number[]; from: number[]; to: number[] };
  /** Role bands: node, start/end time, role code (ROLES), term, event index. */
  roles: { node: number[]; t0: number[]; t1: number[]; role: number[]; term: number[]; idx: number[] };
  /** Down intervals: node, start/end, kind (DOWN_KINDS). */
  down: { node: number[]; t0: number[]; t1: number[]; kind: number[] };
  windows: FaultWindow[];
  skews: ClockSkew[];
  story: StoryItem[];
  services: ServiceSeries[];
  /** Task state intervals: service index, slot, node (-1 none), start/end, state and task id (string indexes). */
  /** Task history rows: state and desired state (string ids) from t0 to t1. */
  tasks: { svc: number[]; slot: number[]; node: number[]; t0: number[]; t1: number[]; state: number[]; desired: number[]; task: number[] };
  /** Things the page does not show in full detail, announced in a banner. */
  notes: string[];
}

export const ROLES = ["follower", "candidate", "pre-candidate", "leader"] as const;
export const DOWN_KINDS = ["crashed", "paused", "removed"] as const;
/** Message status codes. */
export const MSG_STATUS = ["delivered", "dropped", "blocked", "dropped", "in flight"] as const;
export const ST_DELIVERED = 0;
export const ST_LOST = 1;
export const ST_BLOCKED = 2;
export const ST_DROPPED_OTHER = 3;
export const ST_INFLIGHT = 4;
