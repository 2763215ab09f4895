// The runner: builds the world from a scenario record, attaches the checkers, applies the
// timeline and the client workload, runs the kernel, and assembles the result.
// Configuration (the Scenario) is separate from execution (this file), as in turmoil.
import type { Checker, CheckerContext, Violation, Warning } from "../check/api.ts";
import { SimAssertionError } from "../kernel/assert.ts";
import { T, type TraceEvent, type TraceMeta } from "../kernel/events.ts";
import type { Fireable } from "../kernel/kernel.ts";
import { applyFault } from "../world/faults.ts";
import { World } from "../world/world.ts";
import { buildCheckers } from "./checkers.ts";
import { type Cluster, makeCluster } from "./cluster.ts";
import { OpResults } from "./op-results.ts";
import { evaluateReached, ReachedStats } from "./reached.ts";
import type { RunResult } from "./result.ts";
import type { Scenario, TimelineEntry } from "./types.ts";
import { SWARMSIM_VERSION } from "./version.ts";
import { scheduleWorkload } from "./workload.ts";

export interface RunOptions {
  /** Overrides scenario.seed. */
  seed?: number;
  /** Keep every event (for --trace, reports, failure directories). */
  record?: boolean;
  /** Kernel event budget; exhausting it is exit 3, never a hang. */
  maxEvents?: number;
}

export interface RunOutput {
  result: RunResult;
  meta: TraceMeta;
  /** The full trace when recorded. */
  events: TraceEvent[] | null;
  /** Kernel events fired (messages, timers, timeline entries): the unit of `npm run bench`. */
  kernelEvents: number;
}

const DEFAULT_MAX_EVENTS = 500_000_000;

export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunOutput {
  const seed = opts.seed ?? scenario.seed;
  const world = new World({ seed, record: opts.record ?? false, nodes: scenario.nodes, network: scenario.network });
  const kernel = world.kernel;
  const trace = kernel.trace;

  const violations: Violation[] = [];
  const warnings: Warning[] = [];
  const disabled = new Set(scenario.expect.disable);
  const warned = new Set<string>();
  const ctx: CheckerContext = {
    trace,
    now: () => kernel.now,
    violation(invariant, message, nodes, witness) {
      if (disabled.has(invariant) || violations.length > 0) return;
      trace.emit(T["check.violation"], -1, invariant, message, nodes, witness);
      violations.push({ invariant, timeUs: kernel.now, event: trace.seq, message, nodes, witness });
      kernel.stop(`violation of ${invariant}`);
    },
    warning(invariant, message, nodes) {
      const key = `${invariant}|${nodes.join(",")}`;
      if (disabled.has(invariant) || warned.has(key)) return;
      warned.add(key);
      trace.emit(T["check.warning"], -1, invariant, message, nodes);
      warnings.push({ invariant, timeUs: kernel.now, event: trace.seq, message, nodes });
    },
    wakeAt(timeUs, fn) {
      kernel.at(Math.max(timeUs, kernel.now), { fire: fn });
    },
  };
  const checkers: Checker[] = buildCheckers(scenario);
  for (const c of checkers) c.attach(ctx);
  const ops = new OpResults(trace, scenario);
  const stats = new ReachedStats(trace, scenario, ops);

  const cluster: Cluster = makeCluster(scenario, world);
  world.start(cluster.factory);
  scheduleTimeline(world, cluster, scenario.timeline);
  if (scenario.workload) scheduleWorkload(world, cluster, scenario.workload, scenario.durationUs);

  let status: string;
  let error: string | undefined;
  try {
    status = kernel.run(scenario.durationUs, opts.maxEvents ?? DEFAULT_MAX_EVENTS);
    if (status !== "stopped" && status !== "budget-exhausted") {
      const endUs = Math.min(kernel.now, scenario.durationUs);
      for (const c of checkers) if (violations.length === 0) c.finish?.(endUs);
    }
  } catch (e) {
    if (!(e instanceof SimAssertionError)) throw e;
    status = "assertion";
    error = `${e.message} (at ${kernel.now}us, event ${trace.seq})`;
  }

  const final = cluster.finalState();
  const outcome = violations.length > 0 ? `violation:${violations[0].invariant}` : "pass";
  const reached = evaluateReached(scenario, stats, { violations, warnings, final });
  const ok = error === undefined && status !== "budget-exhausted" && outcome === scenario.expect.outcome && reached.every((r) => r.ok);
  const result: RunResult = {
    scenario: scenario.name,
    seed,
    ok,
    violations: violations.map(({ witness: _w, ...v }) => v),
    warnings: warnings.map(({ event: _e, ...w }) => w),
    traceHash: trace.hash(),
    events: trace.seq,
    simulatedUs: kernel.now,
    wallMs: 0,
    final,
    outcome,
    expected: scenario.expect.outcome,
    reached,
    status,
    ...(error === undefined ? {} : { error }),
    failedOps: ops.failedAndUnanswered(kernel.now),
  };
  const meta: TraceMeta = { type: "meta", version: SWARMSIM_VERSION, seed, scenario };
  return { result, meta, events: opts.record ? trace.recorded : null, kernelEvents: kernel.fired };
}

class TimelineEvent implements Fireable {
  constructor(
    private readonly world: World,
    private readonly cluster: Cluster,
    private readonly entry: TimelineEntry,
    private readonly index: number,
  ) {}

  fire(): void {
    const a = this.entry.action;
    if (a.kind === "run") this.cluster.runCommand(this.entry, this.index);
    else applyFault(this.world, a, this.index, this.world.kernel.rng.stream("faults"));
  }
}

function scheduleTimeline(world: World, cluster: Cluster, timeline: readonly TimelineEntry[]): void {
  for (let i = 0; i < timeline.length; i++) world.kernel.at(timeline[i].atUs, new TimelineEvent(world, cluster, timeline[i], i));
}
