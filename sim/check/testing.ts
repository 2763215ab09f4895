// Test helper for checkers: a Trace on a fake clock, a recording CheckerContext, and positional
// emission with node names (resolved to indices, late names appended) — the same shape the world
// uses, so a checker sees exactly what it would see in a run.
import { EVENT_FIELDS, type EventFieldTypes, type EventType, T } from "../kernel/events.ts";
import { Trace } from "../kernel/trace.ts";
import type { Micros } from "../kernel/types.ts";
import type { Checker, CheckerContext, Violation, Warning } from "./api.ts";

type ArgsOf<N extends readonly unknown[], F> = { -readonly [I in keyof N]: N[I] extends keyof F ? F[N[I]] : never };

/** The positional field values of an event type, typed from the catalogue. */
export type EventArgs<K extends EventType> = ArgsOf<(typeof EVENT_FIELDS)[K], EventFieldTypes[K]>;

export class CheckerHarness<C extends Checker = Checker> {
  readonly clock = { now: 0 as Micros };
  readonly trace: Trace;
  readonly violations: Violation[] = [];
  readonly warnings: Warning[] = [];
  readonly ctx: CheckerContext;

  constructor(
    readonly checker: C,
    nodeNames: readonly string[] = [],
    recording = false,
  ) {
    this.trace = new Trace(this.clock, [...nodeNames], recording);
    const trace = this.trace;
    const clock = this.clock;
    const violations = this.violations;
    const warnings = this.warnings;
    this.ctx = {
      trace,
      now: () => clock.now,
      violation(invariant, message, nodes, witness) {
        trace.emit(T["check.violation"], -1, invariant, message, nodes, witness);
        violations.push({ invariant, timeUs: clock.now, event: trace.seq, message, nodes, witness });
      },
      warning(invariant, message, nodes) {
        trace.emit(T["check.warning"], -1, invariant, message, nodes);
        warnings.push({ invariant, timeUs: clock.now, event: trace.seq, message, nodes });
      },
    };
    checker.attach(this.ctx);
  }

  /** Moves the fake clock to an absolute time (never backwards). */
  at(timeUs: Micros): this {
    if (timeUs < this.clock.now) throw new Error(`harness clock cannot go back from ${this.clock.now} to ${timeUs}`);
    this.clock.now = timeUs;
    return this;
  }

  advance(us: Micros): this {
    return this.at(this.clock.now + us);
  }

  /** Emits an event positionally; `node` is a name (appended if new) or null. Returns its seq. */
  emit<K extends EventType>(type: K, node: string | null, ...fields: EventArgs<K>): number {
    const f = fields as unknown[];
    if (f.length !== EVENT_FIELDS[type].length) {
      throw new Error(`${type} takes ${EVENT_FIELDS[type].length} fields (${EVENT_FIELDS[type].join(", ")}), got ${f.length}`);
    }
    const seq = this.trace.seq + 1; // a checker may emit check.* events while this one is delivered
    this.trace.emit(T[type], this.ix(node), f[0], f[1], f[2], f[3], f[4], f[5]);
    return seq;
  }

  /** Index of a node name, appending unknown names as late joiners do. */
  ix(node: string | null): number {
    if (node === null) return -1;
    let i = this.trace.nodeNames.indexOf(node);
    if (i < 0) {
      this.trace.nodeNames.push(node);
      i = this.trace.nodeNames.length - 1;
    }
    return i;
  }

  /** Ends the run at `endUs` (default: now) and lets the checker judge pending liveness. */
  finish(endUs: Micros = this.clock.now): this {
    this.at(endUs);
    this.checker.finish?.(endUs);
    return this;
  }

  /** Ids of the violations reported so far, in order. */
  get ids(): string[] {
    return this.violations.map((v) => v.invariant);
  }
}
