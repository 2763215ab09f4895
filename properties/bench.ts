// Benchmarks of the property machinery, called by bench/run.ts:
//   sweep        runs/min of `check --generated` on 3 managers, 6 workers, 5 services, 10 simulated
//                minutes of random faults, 2 worker threads (goal ≥ 5,000 runs/min): a 1,000-run
//                sweep, its rate from pool start and its rate once warm
//   time-to-bug  median wall time from sweep start to the first failure with a bug switch on,
//                over 5 master seeds
import { checkPool } from "../sim/cli/check-pool.ts";
import { sweep } from "../sim/cli/check-sweep.ts";
import { type GenOptions, swarmProfile } from "../sim/gen/options.ts";
import type { SweepSource } from "../sim/gen/source.ts";
import { MIN } from "../sim/kernel/types.ts";
import { wallMs } from "../sim/cli/clock.ts";

/** The sweep benchmark's scenarios: fixed shape, 10 minutes of random faults and operations. */
export function sweepBenchOptions(over: Partial<GenOptions> = {}): GenOptions {
  return swarmProfile({
    name: "bench-sweep",
    managers: { min: 3, max: 3 },
    workers: { min: 6, max: 6 },
    services: { min: 5, max: 5 },
    faultWindowUs: 10 * MIN,
    maxEntries: 20,
    ...over,
  });
}

export interface SweepBench {
  runs: number;
  failed: number;
  workers: number;
  wallMs: number;
  /** Over the whole sweep, from pool start (workers booting and JIT warm-up included). */
  runsPerMinute: number;
  /** Once warm: over the runs after the first WARM_FRACTION of them, as a long sweep sees it. */
  steadyRunsPerMinute: number;
  /** Wall time until the first WARM_FRACTION of the runs had completed. */
  warmUpMs: number;
  eventsPerRun: number;
  simulatedMinutesPerRun: number;
}

/** The share of a sweep's runs counted as warm-up in steadyRunsPerMinute. */
const WARM_FRACTION = 0.2;

export async function benchSweep(opts: { runs?: number; workers?: number; seed?: number } = {}): Promise<SweepBench> {
  const workers = opts.workers ?? 2;
  const runs = opts.runs ?? 1_000;
  const warmRuns = Math.ceil(runs * WARM_FRACTION);
  const t0 = wallMs();
  const pool = checkPool(workers);
  // When the sweep first passed `warmRuns` (a batch completes several runs at once), and how many it had done.
  let warmMs = -1;
  let warmDone = 0;
  try {
    const r = await sweep({
      src: { kind: "generated", options: sweepBenchOptions() },
      masterSeed: opts.seed ?? 1,
      runs,
      timeMs: null,
      shard: null,
      pool,
      outDir: null,
      onRuns: (done) => {
        if (warmMs >= 0 || done < warmRuns) return;
        warmMs = wallMs() - t0;
        warmDone = done;
      },
    });
    const totalMs = wallMs() - t0;
    const steadyMs = totalMs - Math.max(0, warmMs);
    const steadyRuns = r.runs - warmDone;
    return {
      runs: r.runs,
      failed: r.failed,
      workers,
      wallMs: totalMs,
      runsPerMinute: Math.round((r.runs * 60_000) / totalMs),
      steadyRunsPerMinute: steadyMs > 0 ? Math.round((steadyRuns * 60_000) / steadyMs) : 0,
      warmUpMs: warmMs < 0 ? totalMs : warmMs,
      eventsPerRun: Math.round(r.events / Math.max(1, r.runs)),
      simulatedMinutesPerRun: Math.round((r.simulatedUs / Math.max(1, r.runs) / MIN) * 10) / 10,
    };
  } finally {
    await pool.close();
  }
}

export interface TimeToBug {
  bug: string;
  medianMs: number | null;
  perSeed: { masterSeed: number; firstFailureMs: number | null; runs: number; signature: string | null }[];
}

/** Median wall time to the first run with `bug` switched on that violates `invariant` (null seeds: none within maxRuns). */
export async function benchTimeToBug(
  opts: { bug?: string; invariant?: string; masterSeeds?: number[]; workers?: number; maxRuns?: number; options?: Partial<GenOptions> } = {},
): Promise<TimeToBug> {
  const bug = opts.bug ?? "moby-33218";
  // Only failures of the bug's invariant count: unrelated findings are not "the bug".
  const invariant = opts.invariant ?? "svc.slot-unique";
  const seeds = opts.masterSeeds ?? [1, 1_001, 2_001, 3_001, 4_001];
  const src: SweepSource = { kind: "generated", options: swarmProfile({ name: `bench-${bug}`, bugs: [bug], ...opts.options }) };
  const pool = checkPool(opts.workers ?? 2);
  const perSeed: TimeToBug["perSeed"] = [];
  try {
    for (const masterSeed of seeds) {
      const r = await sweep({ src, masterSeed, runs: opts.maxRuns ?? 500, timeMs: null, shard: null, pool, outDir: null, stopAtFirstFailure: true, counts: (sig) => sig.startsWith(`${invariant} |`) });
      const hit = r.signatures.find((x) => x.signature.startsWith(`${invariant} |`));
      perSeed.push({ masterSeed, firstFailureMs: r.firstFailureMs, runs: r.runs, signature: hit?.signature ?? null });
    }
  } finally {
    await pool.close();
  }
  const found = perSeed.map((p) => p.firstFailureMs).filter((ms): ms is number => ms !== null);
  found.sort((a, b) => a - b);
  // A seed that never found the bug counts as slower than every seed that did.
  const all = [...found, ...perSeed.filter((p) => p.firstFailureMs === null).map(() => Number.POSITIVE_INFINITY)];
  const mid = all[Math.floor((all.length - 1) / 2)];
  return { bug, medianMs: Number.isFinite(mid) ? mid : null, perSeed };
}
