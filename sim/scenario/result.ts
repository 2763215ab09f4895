// The run result, exactly as `run --json` prints it (CONTRACT.md), plus the runner's extras.
import type { Violation, Warning } from "../check/api.ts";
import type { Micros } from "../kernel/types.ts";
import type { FinalState } from "../swarm/final-state.ts";
import type { FailedOp } from "./op-results.ts";

export type { FailedOp, FinalState };

export interface ReachedResult {
  condition: string;
  ok: boolean;
  /** What was observed, e.g. "leaderChanges = 3". */
  observed: string;
}

export interface RunResult {
  scenario: string;
  seed: number;
  ok: boolean;
  violations: Omit<Violation, "witness">[];
  warnings: Omit<Warning, "event">[];
  traceHash: string;
  events: number;
  simulatedUs: Micros;
  wallMs: number;
  final: FinalState;
  // extras (CONTRACT.md: extend, never rename)
  /** "pass" or "violation:<id>": what happened. */
  outcome: string;
  /** expect.outcome: what the scenario said would happen. */
  expected: string;
  reached: ReachedResult[];
  /** How the run loop ended: done, time-limit, stopped (violation), budget-exhausted, assertion. */
  status: string;
  /** Set when an internal assertion failed (exit 3). */
  error?: string;
  /** Docker operations of the timeline that failed, in the order they failed (none: []). */
  failedOps: FailedOp[];
}
