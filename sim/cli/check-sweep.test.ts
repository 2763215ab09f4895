// The check machinery end to end: sweeps agree across worker counts and shards, a failing run is
// shrunk into a failure directory, and `replay` reproduces the same violation at the same event.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { raftProfile } from "../gen/options.ts";
import type { SweepSource } from "../gen/source.ts";
import { MIN } from "../kernel/types.ts";
import { runScenario } from "../scenario/runner.ts";
import type { CheckTask, RunRow, ShrinkRow } from "./check-job.ts";
import { type CheckPool, checkPool } from "./check-pool.ts";
import { checkSource } from "./check-source.ts";
import { workerCount } from "./check.ts";
import { forEachBounded, mergeByShrunkSignature, type SignatureRow, sweep } from "./check-sweep.ts";
import type { FailureFile } from "./failure-dir.ts";

const gen: SweepSource = { kind: "generated", options: raftProfile(3, { faultWindowUs: 1 * MIN, maxEntries: 4 }) };

async function counts(src: SweepSource, workers: number, shard: { index: number; count: number } | null, runs = 6) {
  const pool = checkPool(workers);
  try {
    const r = await sweep({ src, masterSeed: 100, runs, timeMs: null, shard, pool, outDir: null });
    return { runs: r.runs, failed: r.failed, signatures: r.signatures.map((s) => [s.signature, s.count, s.firstSeed]), events: r.events };
  } finally {
    await pool.close();
  }
}

/**
 * A floor tighter than SwarmKit's failover: with max one replica per node, a crashed worker's
 * replica waits for the node to return, so `web` runs 1 of 2 for far longer than the 1s grace.
 */
const FLOOR_TOO_TIGHT = `name: floor-too-tight
seed: 1
duration: 1m
cluster: { managers: 1, workers: 1 }
services:
  web: { image: "nginx:1.25", deploy: { replicas: 2, placement: { max_replicas_per_node: 1 } } }
timeline:
  - { at: 20s, crash: w1 }
  - { at: 40s, restart: w1 }
expect:
  minRunning: [{ service: web, min: 2, grace: 1s }]
`;

function floorScenarioFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "swarmsim-check-")), "floor.yml");
  writeFileSync(file, FLOOR_TOO_TIGHT);
  return file;
}

/**
 * A pool that behaves like piscina at its limit: a unit beyond `capacity` in flight is rejected
 * with "Task queue is at limit". Every run fails with its own signature; units finish out of order.
 */
class StrictPool implements CheckPool {
  readonly workers = 2;
  readonly capacity = 4;
  inflight = 0;
  peak = 0;
  readonly shrunk: number[] = [];
  private async unit<T>(ticks: number, value: () => T): Promise<T> {
    if (this.inflight >= this.capacity) throw new Error("Task queue is at limit");
    this.inflight++;
    this.peak = Math.max(this.peak, this.inflight);
    try {
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      return value();
    } finally {
      this.inflight--;
    }
  }
  runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]> {
    const rows = task.seeds.map((seed) => ({ seed, ok: false, signature: `svc.min-running | crash | seed-${seed}`, failure: "x", events: 1, simulatedUs: 1, traceHash: "0", wallMs: 0 }));
    return this.unit(task.seeds[0] % 3, () => rows);
  }
  shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null> {
    return this.unit(task.seed % 5, () => {
      this.shrunk.push(task.seed);
      return { seed: task.seed, signature: task.signature, shrunkSignature: task.signature, failureDir: `/f/${task.seed}`, replay: "", originalEntries: 1, shrunkEntries: 1, tries: 1, timeline: [], message: "", reproduced: true };
    });
  }
  async close(): Promise<void> {}
}

describe("check sweeps", () => {
  it("many failure signatures: every one is shrunk, never more units in flight than the pool takes", async () => {
    const pool = new StrictPool();
    const r = await sweep({ src: gen, masterSeed: 1, runs: 60, timeMs: null, shard: null, pool, outDir: "/unused", batch: 2 });
    expect(r.runs).toBe(60);
    expect(r.failed).toBe(60);
    expect(r.signatures).toHaveLength(60);
    expect(pool.peak).toBe(pool.capacity);
    expect([...pool.shrunk].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(r.signatures.every((s) => s.failureDir === `/f/${s.firstSeed}`)).toBe(true);
    // The total is the sweep plus the shrinking; the rate counts the sweep only.
    expect(r.shrinkMs).not.toBeNull();
    expect(r.wallMs).toBe(r.sweepMs + (r.shrinkMs ?? Number.NaN));
    expect(r.runsPerMinute).toBe(r.sweepMs > 0 ? Math.round((r.runs * 60_000) / r.sweepMs) : 0);
  });

  it("forEachBounded keeps to its limit, visits items in order and stops starting new ones after an error", async () => {
    let inflight = 0;
    let peak = 0;
    const started: number[] = [];
    const items = Array.from({ length: 10 }, (_, i) => i);
    const visit = async (i: number) => {
      started.push(i);
      inflight++;
      peak = Math.max(peak, inflight);
      for (let k = 0; k < (i % 3) + 1; k++) await Promise.resolve();
      inflight--;
      if (i === 4) throw new Error("boom at 4");
    };
    await expect(forEachBounded(items, 3, visit)).rejects.toThrow("boom at 4");
    expect(peak).toBe(3);
    expect(inflight).toBe(0);
    expect(started).toEqual(started.slice().sort((a, b) => a - b));
    expect(started.length).toBeLessThan(10);
    started.length = 0;
    await forEachBounded(items.slice(0, 5).map((i) => i + 10), 8, visit);
    expect(started).toEqual([10, 11, 12, 13, 14]);
    await forEachBounded([], 2, visit);
  });

  it("many failure signatures with real worker threads: no 'Task queue is at limit'", async () => {
    // Generated fault timelines against a floor any fault breaks: most runs fail, with many
    // different signatures (fault kinds). Before the fix, shrinking them all at once overflowed
    // piscina's queue (2 workers: 4 queued).
    const info = checkSource(floorScenarioFile(), { generated: true });
    const out = mkdtempSync(join(tmpdir(), "swarmsim-many-"));
    const pool = checkPool(2);
    try {
      const r = await sweep({ src: info.source, masterSeed: 1, runs: 24, timeMs: null, shard: null, pool, outDir: out, shrinkBudget: 2 });
      expect(r.runs).toBe(24);
      // Every signature was shrunk (rows that shrank alike are merged afterwards).
      const shrunk = r.signatures.flatMap((s) => [s, ...(s.merged ?? [])]);
      expect(shrunk.length).toBeGreaterThan(pool.capacity + pool.workers);
      for (const s of shrunk) expect(s.failureDir !== null && existsSync(join(s.failureDir, "failure.json")), s.signature).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("give the same runs with 1 and 2 workers, and shards add up to the whole", async () => {
    const one = await counts(gen, 1, null);
    const two = await counts(gen, 2, null);
    expect(two).toEqual(one);
    const a = await counts(gen, 1, { index: 1, count: 2 });
    const b = await counts(gen, 1, { index: 2, count: 2 });
    expect(a.runs + b.runs).toBe(one.runs);
    expect(a.events + b.events).toBe(one.events);
    expect(a.failed + b.failed).toBe(one.failed);
  });

  it("a --time sweep stops on time", async () => {
    const pool = checkPool(1);
    try {
      const r = await sweep({ src: gen, masterSeed: 1, runs: Number.POSITIVE_INFINITY, timeMs: 1, shard: null, pool, outDir: null });
      expect(r.runs).toBeGreaterThanOrEqual(1);
      expect(r.runs).toBeLessThan(50);
      // No failure directories, no shrinking: the whole time is the sweep.
      expect(r.shrinkMs).toBeNull();
      expect(r.wallMs).toBe(r.sweepMs);
    } finally {
      await pool.close();
    }
  });

  it("CLI: a failing sweep exits 1, groups by signature, writes JUnit and a failure directory that replays", () => {
    const file = floorScenarioFile();
    const out = mkdtempSync(join(tmpdir(), "swarmsim-failures-"));
    const junit = join(out, "junit.xml");
    const p = spawnSync("npx", ["tsx", "sim/cli.ts", "check", file, "--runs", "3", "--workers", "1", "--out", out, "--json", "--junit", junit], { encoding: "utf8" });
    expect(p.status).toBe(1);
    const j = JSON.parse(p.stdout);
    expect(j.runs).toBe(3);
    expect(j.failed).toBeGreaterThanOrEqual(1);
    // runsPerMinute is the sweep's rate (sweepMs, an extra after CONTRACT's fields); wallMs adds the shrinking.
    expect(Object.keys(j)).toEqual(["runs", "failed", "wallMs", "runsPerMinute", "signatures", "sweepMs"]);
    expect(j.runsPerMinute).toBe(j.sweepMs > 0 ? Math.round((3 * 60_000) / j.sweepMs) : 0);
    expect(j.wallMs).toBeGreaterThanOrEqual(j.sweepMs);
    const s = j.signatures[0];
    expect(j.failed).toBe(3);
    expect(s.signature).toBe("svc.min-running | crash | -");
    expect(s.count).toBe(3);
    expect(s.firstSeed).toBe(1);
    // Shrunk: the restart after the violation is irrelevant.
    expect(s.timeline).toEqual(["20s  crash w1"]);
    expect(existsSync(join(s.failureDir, "failure.json"))).toBe(true);
    // Its report says the timeline shown is the shrunk one.
    const html = readFileSync(join(s.failureDir, "report.html"), "utf8");
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.schedule.shrunk).toBe(true);
    expect(data.schedule.rows).toHaveLength(1);
    expect(readFileSync(junit, "utf8")).toContain('classname="swarmsim.check.svc.min-running"');
    // Replay: the same violation at the same event seq.
    const f = JSON.parse(readFileSync(join(s.failureDir, "failure.json"), "utf8")) as FailureFile;
    const again = runScenario(f.scenario, { seed: f.seed }).result;
    expect(again.violations[0].invariant).toBe(f.violation!.invariant);
    expect(again.violations[0].event).toBe(f.violation!.event);
    const r = spawnSync("npx", ["tsx", "sim/cli.ts", "replay", join(s.failureDir, "failure.json")], { encoding: "utf8" });
    expect(r.stderr).toContain(`reproduced: ${f.violation!.invariant} at event #${f.violation!.event}`);
  });

  it("CLI: bad flags are exit 2 with a message", () => {
    const bad = (args: string[]) => spawnSync("npx", ["tsx", "sim/cli.ts", "check", ...args], { encoding: "utf8" });
    for (const [args, msg] of [
      [["--generated", "--shard", "3/2"], /--shard/],
      [["--generated", "--cluster", "3x5"], /M\+W/],
      [["--generated", "--faults", "meteor"], /unknown fault kind/],
      [["--generated", "--bugs", "nope-1"], /unknown bug switch/],
      [[], /needs a scenario file, --generated or --stack/],
    ] as [string[], RegExp][]) {
      const p = bad(args);
      expect(p.status, args.join(" ")).toBe(2);
      expect(p.stderr).toMatch(msg);
    }
  });
});


describe("check: what the user asked for", () => {
  it("starts no more worker threads than there are work units", () => {
    expect(workerCount(64, 3, 1)).toBe(1);
    expect(workerCount(64, 9, 1)).toBe(3);
    expect(workerCount(2, 1000, 1)).toBe(2);
    expect(workerCount(8, 40, 4)).toBe(3);
    expect(workerCount(4, Number.POSITIVE_INFINITY, 1)).toBe(4);
    expect(workerCount(0, 10, 1)).toBe(1);
  });

  it("a scenario that expects a violation says every run ended as expected, not 'no violations'", () => {
    const p = spawnSync("npx", ["tsx", "sim/cli.ts", "check", "scenarios/bugs/moby-33218.yml", "--runs", "2", "--workers", "1"], { encoding: "utf8" });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("✓ every run ended as expected: violation:svc.slot-unique");
    expect(p.stdout).not.toContain("no violations");
  });

  it("refuses --generated with --stack (a stack's timelines are generated already)", () => {
    const p = spawnSync("npx", ["tsx", "sim/cli.ts", "check", "--generated", "--stack", "scenarios/stacks/voting.yml"], { encoding: "utf8" });
    expect(p.status).toBe(2);
    expect(p.stderr.trim().split("\n").at(-1)).toBe("error: check: --stack generates its timelines already; drop --generated");
  });
});

describe("check: one cause, one row", () => {
  const row = (signature: string, count: number, firstSeed: number, shrunkSignature: string | null): SignatureRow => ({
    signature,
    count,
    firstSeed,
    failureDir: `/f/${firstSeed}`,
    shrink: shrunkSignature === null ? null : ({ shrunkSignature } as ShrinkRow),
  });

  it("merges signatures whose failures shrink to the same signature, and keeps the rest apart", () => {
    const rows = [
      row("svc.min-running | partition,heal,loss,run | worker", 3, 7, "svc.min-running | run | "),
      row("svc.min-running | crash,restart,heal,run | worker", 2, 3, "svc.min-running | run | "),
      row("svc.convergence | crash | worker", 2, 5, "svc.convergence | crash | worker"),
      row("svc.min-running | run | ", 1, 9, "svc.min-running | run | "),
      row("raft.log-matching | crash | manager", 1, 11, null),
    ];
    const merged = mergeByShrunkSignature(rows);
    expect(merged.map((r) => [r.signature, r.count, r.firstSeed])).toEqual([
      ["svc.min-running | partition,heal,loss,run | worker", 6, 7],
      ["svc.convergence | crash | worker", 2, 5],
      ["raft.log-matching | crash | manager", 1, 11],
    ]);
    expect(merged[0].merged).toEqual([
      { signature: "svc.min-running | crash,restart,heal,run | worker", count: 2, firstSeed: 3, failureDir: "/f/3" },
      { signature: "svc.min-running | run | ", count: 1, firstSeed: 9, failureDir: "/f/9" },
    ]);
    expect(merged[1].merged).toBeUndefined();
  });
});

describe("check pool: a worker that cannot load its job", () => {
  it("rejects the work with the worker's error (no unhandled 'error' event, no hang)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "swarmsim-bad-job-"));
    const bad = join(dir, "bad-job.mjs");
    writeFileSync(bad, 'throw new Error("broken job module");\n');
    const pool = checkPool(2, pathToFileURL(bad).href);
    try {
      await expect(pool.runs({ type: "runs", src: gen, seeds: [1] })).rejects.toThrow("broken job module");
    } finally {
      await pool.close();
    }
  }, 60_000);
});
