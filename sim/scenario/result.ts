// The run result, exactly as `run --json` prints it (CONTRACT.md), plus the runner's extras.
import type { Violation, Warning } from "../check/api.ts";
import type { Micros } from "../kernel/types.ts";

export interface FinalNode {
  name: string;
  role: string;
  availability: string;
  status: string;
  leader: boolean;
  labels: Record<string, string>;
}

export interface FinalService {
  name: string;
  mode: string;
  desired: number;
  running: number;
}

export interface FinalTask {
  service: string;
  slot: number;
  node: string | null;
  state: string;
  desiredState: string;
  error?: string;
}

export interface FinalState {
  nodes: FinalNode[];
  services: FinalService[];
  tasks: FinalTask[];
}

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
}
