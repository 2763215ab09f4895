// The sweep loop of `check`: hands batches of seeds to the pool (at most its capacity in flight),
// groups failures by signature, then shrinks one failure per signature (again at most the pool's
// capacity at once, however many signatures there are) and writes its failure directory.
// Deterministic apart from wall time: which run is "first" for a signature is the lowest run
// index, not whichever worker finished first.
import { DEFAULT_SHRINK_BUDGET } from "../gen/shrink.ts";
import type { SweepSource } from "../gen/source.ts";
import { runSeed, type Shard, shardRuns } from "../gen/plan.ts";
import { assert } from "../kernel/assert.ts";
import type { RunRow, ShrinkRow } from "./check-job.ts";
import type { CheckPool } from "./check-pool.ts";
import { wallMs } from "./clock.ts";

export interface SweepConfig {
  src: SweepSource;
  masterSeed: number;
  /** Run count (before sharding); Infinity with a time limit. */
  runs: number;
  /** Stop dispatching after this much wall time. */
  timeMs: number | null;
  shard: Shard | null;
  pool: CheckPool;
  /** Where failure directories go; null = count failures only (no shrinking). */
  outDir: string | null;
  shrinkBudget?: number;
  /** Runs per work unit handed to a worker. */
  batch?: number;
  /** Stop at the first failure (time-to-bug benchmarks). */
  stopAtFirstFailure?: boolean;
  /** Which failures count as "the" failure for firstFailureMs and stopAtFirstFailure (default: all). */
  counts?: (signature: string) => boolean;
  maxEvents?: number;
  onRuns?: (done: number, failed: number) => void;
  onShrinkStart?: (signatures: number) => void;
}

export interface SignatureRow {
  signature: string;
  count: number;
  /** Seed of the lowest-index run with this signature. */
  firstSeed: number;
  failureDir: string | null;
  shrink: ShrinkRow | null;
  /**
   * Other signatures whose failures shrank to the same signature as this one's: one cause seen
   * under different fault mixes (counted in `count`; their failure directories are written too).
   */
  merged?: { signature: string; count: number; firstSeed: number; failureDir: string | null }[];
}

export interface SweepReport {
  runs: number;
  failed: number;
  /** Wall time of the whole command: the sweep plus the shrinking of failures. */
  wallMs: number;
  /** Runs per minute of the sweep alone (runs × 60 000 / sweepMs): shrinking runs are not counted. */
  runsPerMinute: number;
  signatures: SignatureRow[];
  /** Wall time of the sweep (what runsPerMinute is computed from). */
  sweepMs: number;
  /** Wall time spent shrinking failures; null when nothing was shrunk. */
  shrinkMs: number | null;
  /** Wall time from the start until the first failing run completed. */
  firstFailureMs: number | null;
  events: number;
  simulatedUs: number;
}

interface Group {
  count: number;
  firstK: number;
}

const MAX_RUNS = 1e9;
/** Runs per work unit by default (a unit is what one worker takes at a time). */
export const RUNS_PER_UNIT = 4;

export async function sweep(cfg: SweepConfig): Promise<SweepReport> {
  const t0 = wallMs();
  const batch = cfg.batch ?? RUNS_PER_UNIT;
  const maxInflight = cfg.pool.capacity;
  const groups = new Map<string, Group>();
  const plan = shardRuns(Math.min(cfg.runs, MAX_RUNS), cfg.shard);
  let done = 0;
  let failed = 0;
  let events = 0;
  let simulatedUs = 0;
  let firstFailureMs: number | null = null;
  let stopped = false;

  const handle = (rows: RunRow[]) => {
    for (const r of rows) {
      done++;
      events += r.events;
      simulatedUs += r.simulatedUs;
      if (r.ok || r.signature === null) continue;
      failed++;
      if (cfg.counts === undefined || cfg.counts(r.signature)) {
        if (firstFailureMs === null) firstFailureMs = wallMs() - t0;
        if (cfg.stopAtFirstFailure) stopped = true;
      }
      const k = (r.seed - cfg.masterSeed) >>> 0;
      const g = groups.get(r.signature);
      if (g === undefined) groups.set(r.signature, { count: 1, firstK: k });
      else {
        g.count++;
        if (k < g.firstK) g.firstK = k;
      }
    }
    cfg.onRuns?.(done, failed);
  };

  await new Promise<void>((resolve, reject) => {
    let inflight = 0;
    let exhausted = false;
    let dispatched = 0;
    const pump = (): void => {
      while (!stopped && !exhausted && inflight < maxInflight) {
        // A time limit stops dispatching, but never before the first unit: a sweep runs something.
        if (cfg.timeMs !== null && dispatched > 0 && wallMs() - t0 >= cfg.timeMs) {
          stopped = true;
          break;
        }
        const seeds: number[] = [];
        while (seeds.length < batch) {
          const n = plan.next();
          if (n.done) {
            exhausted = true;
            break;
          }
          seeds.push(runSeed(cfg.masterSeed, n.value));
        }
        if (seeds.length === 0) break;
        inflight++;
        dispatched++;
        cfg.pool.runs({ type: "runs", src: cfg.src, seeds, maxEvents: cfg.maxEvents }).then(
          (rows) => {
            inflight--;
            handle(rows);
            pump();
          },
          (e) => {
            stopped = true;
            reject(e);
          },
        );
      }
      if (inflight === 0) resolve();
    };
    pump();
  });

  const ordered = [...groups.entries()].sort((a, b) => b[1].count - a[1].count || a[1].firstK - b[1].firstK);
  const signatures: SignatureRow[] = ordered.map(([signature, g]) => ({
    signature,
    count: g.count,
    firstSeed: runSeed(cfg.masterSeed, g.firstK),
    failureDir: null,
    shrink: null,
  }));
  const sweepMs = wallMs() - t0;
  let shrinkMs: number | null = null;
  if (cfg.outDir !== null && signatures.length > 0) {
    cfg.onShrinkStart?.(signatures.length);
    const outDir = cfg.outDir;
    // One shrink per signature, at most `capacity` at a time: a sweep may find hundreds.
    await forEachBounded(signatures, cfg.pool.capacity, async (row) => {
      row.shrink = await cfg.pool.shrink({ type: "shrink", src: cfg.src, seed: row.firstSeed, signature: row.signature, outDir, budget: cfg.shrinkBudget ?? DEFAULT_SHRINK_BUDGET });
      row.failureDir = row.shrink?.failureDir ?? null;
    });
    shrinkMs = wallMs() - t0 - sweepMs;
  }
  return {
    runs: done,
    failed,
    // One reading: wallMs is exactly sweepMs + shrinkMs, so the printed parts add up.
    wallMs: sweepMs + (shrinkMs ?? 0),
    runsPerMinute: sweepMs > 0 ? Math.round((done * 60_000) / sweepMs) : 0,
    signatures: mergeByShrunkSignature(signatures),
    sweepMs,
    shrinkMs,
    firstFailureMs,
    events,
    simulatedUs,
  };
}

/**
 * Rows whose shrunk failures carry the same signature are one cause (the fault kinds of the
 * unshrunk runs differed, the shrunk ones do not): merged into the first of them, by count then
 * first seed. Rows without a shrink stay as they are.
 */
export function mergeByShrunkSignature(rows: readonly SignatureRow[]): SignatureRow[] {
  const kept = new Map<string, SignatureRow>();
  const out: SignatureRow[] = [];
  for (const r of rows) {
    const key = r.shrink?.shrunkSignature;
    const into = key === undefined ? undefined : kept.get(key);
    if (into === undefined) {
      if (key !== undefined) kept.set(key, r);
      out.push(r);
      continue;
    }
    into.count += r.count;
    (into.merged ??= []).push({ signature: r.signature, count: r.count, firstSeed: r.firstSeed, failureDir: r.failureDir });
  }
  return out.sort((a, b) => b.count - a.count || a.firstSeed - b.firstSeed);
}

/**
 * Calls `fn` on every item with at most `limit` calls pending at once, in item order. Rejects
 * with the first error once the calls already started have settled; nothing new starts after it.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  assert(Number.isInteger(limit) && limit >= 1, () => `forEachBounded: limit ${limit}`);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    // Bounded: each pass takes a fresh item index.
    while (failure === null && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
