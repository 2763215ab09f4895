// A node's local clock (CONTRACT.md "Clocks"): local = true × (1 + driftPpm/1e6) + offset.
// Drift changes are anchored so local time stays continuous; offset changes are jumps that only
// wall-clock readers see. Timers run at the drifted rate, as monotonic timers do on a real host.
import type { Micros } from "../kernel/types.ts";

export class LocalClock {
  offsetUs: Micros = 0;
  driftPpm = 0;
  /** Local monotonic time (without offset) at `anchorTrueUs`. */
  private anchorLocalUs: Micros = 0;
  private anchorTrueUs: Micros = 0;

  /** Monotonic local time (drift only). */
  monotonic(trueUs: Micros): Micros {
    return this.anchorLocalUs + Math.round((trueUs - this.anchorTrueUs) * (1 + this.driftPpm / 1e6));
  }

  /** Wall-clock local time (drift and offset). */
  wall(trueUs: Micros): Micros {
    return this.monotonic(trueUs) + this.offsetUs;
  }

  /** True-time delay for a local-time delay, at the current drift. At least 1 µs for positive delays. */
  trueDelay(localUs: Micros): Micros {
    if (localUs <= 0) return 0;
    // Undrifted (most clocks, most of the time): the same value without the division (perf: every timer).
    if (this.driftPpm === 0) return Math.ceil(localUs);
    return Math.max(1, Math.ceil(localUs / (1 + this.driftPpm / 1e6)));
  }

  setDrift(trueUs: Micros, driftPpm: number): void {
    this.anchorLocalUs = this.monotonic(trueUs);
    this.anchorTrueUs = trueUs;
    this.driftPpm = driftPpm;
  }
}
