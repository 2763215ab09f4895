// How checkers plug into a run. A checker only reads trace events (DESIGN.md: it never reaches
// into node state it could change) and reports through this interface.
import type { Trace } from "../kernel/trace.ts";
import type { Micros } from "../kernel/types.ts";

export interface Violation {
  invariant: string;
  timeUs: Micros;
  /** Trace seq of the check.violation event. */
  event: number;
  message: string;
  nodes: string[];
  /** Seqs of the events that prove it (outlined in reports). */
  witness: number[];
}

export interface Warning {
  invariant: string;
  timeUs: Micros;
  event: number;
  message: string;
  nodes: string[];
}

export interface CheckerContext {
  readonly trace: Trace;
  now(): Micros;
  /** Reports a violation: emits check.violation and stops the run after the current event. */
  violation(invariant: string, message: string, nodes: string[], witness: number[]): void;
  /** Reports a warning (never a failure); the same warning id is reported once per subject. */
  warning(invariant: string, message: string, nodes: string[]): void;
  /**
   * Calls `fn` at simulated time `timeUs` (not before now), so that a deadline is judged when it
   * passes even if no event the checker reads comes then. It changes nothing in the simulation:
   * no draw, no trace event. Optional (a bare test context may leave it out).
   */
  wakeAt?(timeUs: Micros, fn: () => void): void;
}

export interface Checker {
  /** Invariant ids this checker can report. */
  readonly ids: readonly string[];
  /** Subscribe to the trace event types it needs. */
  attach(ctx: CheckerContext): void;
  /** End of run (simulated time `endUs`): judge liveness conditions still pending. */
  finish?(endUs: Micros): void;
}
