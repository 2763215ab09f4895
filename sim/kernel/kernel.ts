// The discrete-event kernel: virtual time, the queue, and a bounded run loop.
// Everything that happens in a run is an event popped here; nothing else advances time.
import { assert } from "./assert.ts";
import { EventQueue } from "./queue.ts";
import { RngRoot } from "./rng.ts";
import { Trace } from "./trace.ts";
import type { Micros, Seed } from "./types.ts";

/** An event: an object that knows what to do when its time comes. */
export interface Fireable {
  fire(): void;
}

export interface KernelOptions {
  seed: Seed;
  /** Build event objects for every type and keep them (full trace). */
  record: boolean;
  /** Node names by index (the trace shares this array). */
  nodeNames: string[];
  /** Upper bound on pending events, so a runaway model fails loudly instead of eating memory. */
  maxPendingEvents?: number;
}

export type RunStatus = "done" | "time-limit" | "budget-exhausted" | "stopped";

export class Kernel {
  now: Micros = 0;
  /** Kernel events fired so far (messages, timers, timeline entries). */
  fired = 0;
  readonly rng: RngRoot;
  readonly trace: Trace;
  private readonly queue: EventQueue<Fireable>;
  private stopReason: string | null = null;

  constructor(opts: KernelOptions) {
    this.rng = new RngRoot(opts.seed);
    this.trace = new Trace(this, opts.nodeNames, opts.record);
    this.queue = new EventQueue<Fireable>(opts.maxPendingEvents ?? 50_000_000);
  }

  /**
   * Schedules an event at an absolute time (integer µs, not in the past). Returns its queue slot,
   * which cancel() takes while the event is pending.
   */
  at(time: Micros, ev: Fireable): number {
    // Checked inline (no message closure): this runs once per kernel event.
    if (!(time >= this.now && Number.isInteger(time))) assert(false, `schedule at ${time}us, now ${this.now}us: must be an integer not in the past`);
    return this.queue.push(time, ev);
  }

  after(delay: Micros, ev: Fireable): number {
    return this.at(this.now + delay, ev);
  }

  /**
   * Takes a pending event out of the queue (`slot` from at/atSeq): it never fires and is not
   * counted. False when it already fired. The order of every other event is unchanged.
   */
  cancel(slot: number, ev: Fireable): boolean {
    return this.queue.remove(slot, ev);
  }

  /** The FIFO position an event scheduled now would take, for atSeq() later (see EventQueue.reserveSeq). */
  reserveSeq(): number {
    return this.queue.reserveSeq();
  }

  /** Schedules at `time` in the FIFO position reserved by reserveSeq(): as if scheduled back then. */
  atSeq(time: Micros, seq: number, ev: Fireable): number {
    if (!(time >= this.now && Number.isInteger(time))) assert(false, `schedule at ${time}us, now ${this.now}us: must be an integer not in the past`);
    return this.queue.pushSeq(time, seq, ev);
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Asks the loop to stop after the current event (a checker found a violation). */
  stop(reason: string): void {
    if (this.stopReason === null) this.stopReason = reason;
  }

  get stopped(): string | null {
    return this.stopReason;
  }

  /**
   * Runs until the queue empties, simulated time passes `untilUs`, `maxEvents` kernel events
   * have fired, or stop() is called. Never hangs: both bounds are mandatory.
   */
  run(untilUs: Micros, maxEvents: number): RunStatus {
    const q = this.queue;
    const budgetEnd = this.fired + maxEvents;
    while (this.stopReason === null) {
      const t = q.peekTime();
      if (t === Number.POSITIVE_INFINITY) return "done";
      if (t > untilUs) {
        this.now = untilUs;
        return "time-limit";
      }
      if (this.fired >= budgetEnd) return "budget-exhausted";
      const ev = q.pop();
      this.now = t;
      this.fired++;
      ev.fire();
    }
    return "stopped";
  }
}
