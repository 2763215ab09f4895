// What the timeline's docker operations came to: every answer by timeline entry (for `reached`'s
// op:<n>=ok|error) and the failures in the order they happened, so the run summary can say so —
// a failing `run:` step does not change the outcome (docker would fail too), but a user who never
// learns of it trusts a scenario that did not do what it says.
import type { Micros } from "../kernel/types.ts";
import type { Trace } from "../kernel/trace.ts";
import type { Scenario } from "./types.ts";

/** A failed docker operation, as `run --json` prints it under `failedOps`. */
export interface FailedOp {
  /** 1-based among the `run:` entries in timeline order (as `op:<n>` in expect.reached). */
  op: number;
  /** Index of the timeline entry. */
  entry: number;
  command: string;
  /** The node the command ran on ("" when no manager was up). */
  via: string;
  /** When the command was submitted (the entry's time). */
  atUs: Micros;
  /** When it failed (for an operation never answered: when the run ended). */
  timeUs: Micros;
  error: string;
  /** False for an operation still waiting for its answer when the run ended (error says so). */
  answered: boolean;
}

/** The error of an operation the run ended before answering. */
export const UNANSWERED = "no answer before the run ended";

interface Submitted {
  entry: number;
  command: string;
  via: string;
  atUs: Micros;
}

export class OpResults {
  /** ok (true) or error (false) by timeline entry, for the operations answered. */
  readonly byEntry = new Map<number, boolean>();
  readonly failed: FailedOp[] = [];
  /** Operations submitted and not yet answered, by opId. */
  private readonly pending = new Map<number, Submitted>();
  /** Timeline index → op number (0 for entries that are not `run:`). */
  private readonly opNumber: number[];

  constructor(trace: Trace, scenario: Scenario) {
    let n = 0;
    this.opNumber = scenario.timeline.map((e) => (e.action.kind === "run" ? ++n : 0));
    // Only the op events, positionally: no event objects, nothing for a run without `run:` entries.
    if (n === 0) return;
    trace.onFields("op.submit", (_seq, timeUs, _node, opId, command, via, entry) => {
      this.pending.set(opId as number, { entry: entry as number, command: command as string, via: via as string, atUs: timeUs });
    });
    trace.onFields("op.result", (_seq, timeUs, _node, opId, ok, error) => {
      const s = this.pending.get(opId as number);
      this.pending.delete(opId as number);
      if (s === undefined) return;
      this.byEntry.set(s.entry, ok === true);
      if (ok === true) return;
      this.failed.push({ op: this.opNumber[s.entry] ?? 0, entry: s.entry, command: s.command, via: s.via, atUs: s.atUs, timeUs, error: (error as string | null) ?? "failed", answered: true });
    });
  }

  /**
   * The failed operations, then those still unanswered at `endUs` (the run ended first: a
   * quorum never came back, or the run stopped at a violation), in submission order.
   */
  failedAndUnanswered(endUs: Micros): FailedOp[] {
    const out = [...this.failed];
    for (const s of this.pending.values()) {
      out.push({ op: this.opNumber[s.entry] ?? 0, entry: s.entry, command: s.command, via: s.via, atUs: s.atUs, timeUs: endUs, error: UNANSWERED, answered: false });
    }
    return out;
  }
}
