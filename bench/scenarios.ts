// Whole-simulation benchmarks: a scenario record built in code, run through the real runner.
import type { Scenario } from "../sim/scenario/types.ts";
import { runScenario } from "../sim/scenario/runner.ts";
import { wallMs } from "./clock.ts";

export function measure(s: Scenario) {
  const t0 = wallMs();
  const out = runScenario(s);
  const wall = (wallMs() - t0) / 1000;
  return {
    wallSeconds: Number(wall.toFixed(2)),
    kernelEvents: out.kernelEvents,
    eventsPerSec: Math.round(out.kernelEvents / wall),
    traceEvents: out.result.events,
    simulatedSeconds: out.result.simulatedUs / 1e6,
    outcome: out.result.outcome,
    peakRssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}
