// Timers for a component with a lifetime (leader-only components, an agent session): every
// callback is dropped once the scope is closed, so a stopped component never acts again.
import type { Host, TimerHandle } from "../../kernel/host.ts";
import type { Micros } from "../../kernel/types.ts";

/** The one timer tag the swarm layer uses: data is the Callback to run. */
export const SWARM_TIMER_TAG = 1;

export interface Callback {
  run(): void;
}

class ScopedCall implements Callback {
  constructor(
    private readonly scope: Scope,
    private readonly fn: () => void,
  ) {}
  run(): void {
    if (this.scope.alive) this.fn();
  }
}

/** A timer payload that checks its scope itself: one object per timer instead of closure + wrapper. */
export abstract class ScopedTask implements Callback {
  constructor(readonly scope: Scope) {}
  run(): void {
    if (this.scope.alive) this.fire();
  }
  abstract fire(): void;
}

export class Scope {
  alive = true;

  constructor(
    readonly host: Host,
    readonly tag: number = SWARM_TIMER_TAG,
  ) {}

  after(us: Micros, fn: () => void): TimerHandle {
    return this.schedule(us, new ScopedCall(this, fn));
  }

  /** A reusable callback for schedule(): for a timer armed again and again with the same action. */
  call(fn: () => void): Callback {
    return new ScopedCall(this, fn);
  }

  /** Runs `cb` (a ScopedTask, or a call() of this scope) after `us`. */
  schedule(us: Micros, cb: Callback): TimerHandle {
    return this.host.setTimer(Math.max(0, Math.round(us)), this.tag, cb);
  }

  cancel(h: TimerHandle | null): void {
    if (h !== null) this.host.cancelTimer(h);
  }

  /**
   * cancel(h) then after(us, fn), as one step: for a deadline pushed back again and again. `h`
   * must have been set by this scope with an equivalent `fn` (its callback is kept when the host
   * can move the timer instead of queueing a new one).
   */
  rearm(h: TimerHandle | null, us: Micros, fn: () => void): TimerHandle {
    const host = this.host;
    if (h === null || h.cancelled || host.resetTimer === undefined) {
      this.cancel(h);
      return this.after(us, fn);
    }
    return host.resetTimer(h, Math.max(0, Math.round(us)));
  }

  /** A fresh scope on the same host and tag (for a component with a shorter life). */
  child(): Scope {
    return new Scope(this.host, this.tag);
  }

  close(): void {
    this.alive = false;
  }
}

/** Runs a swarm timer's payload (the process's onTimer hands it here). */
export function runCallback(data: unknown): void {
  (data as Callback).run();
}
