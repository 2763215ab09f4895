// `swarmsim check [scenario.yml | --generated | --stack FILE] [--runs N | --time 60s]
//   [--workers K] [--shard i/n] [--seed S] [--cluster M+W] [--faults kinds] [--bugs ids]
//   [--out DIR] [--json] [--junit FILE]`
// Run k uses seed S+k; failures are grouped by signature, one shrunk per signature and written
// as a failure directory that `replay` reproduces. Exit 1 on any violation, 3 when the simulator
// itself broke (internal assertion, event budget), 0 otherwise.
import { availableParallelism } from "node:os";
import { SingleBar } from "cli-progress";
import { parseShard } from "../gen/plan.ts";
import { InputError } from "../scenario/errors.ts";
import { parseDuration } from "../scenario/units.ts";
import { checkJson, checkJunit, checkText } from "./check-output.ts";
import { checkPool } from "./check-pool.ts";
import { checkSource } from "./check-source.ts";
import { RUNS_PER_UNIT, type SweepReport, sweep } from "./check-sweep.ts";
import { CliError, EXIT, writeFileAtomic } from "./io.ts";
import { checkOutputPaths } from "./output-paths.ts";

export interface CheckFlags {
  generated?: boolean;
  stack?: string;
  runs?: number;
  time?: string;
  workers?: number;
  shard?: string;
  seed?: number;
  cluster?: string;
  faults?: string;
  bugs?: string;
  out: string;
  json?: boolean;
  junit?: string;
}

export const DEFAULT_RUNS = 100;

function timeLimitMs(text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    const us = parseDuration(text);
    if (us <= 0) throw new InputError("must be longer than 0s");
    return Math.ceil(us / 1000);
  } catch (e) {
    throw new CliError(`--time ${text}: ${(e as Error).message}`);
  }
}

/** Worker threads for a sweep: as asked, but no more than work units to share out (each thread costs its own heap). */
export function workerCount(asked: number, runs: number, shards: number): number {
  const units = Number.isFinite(runs) ? Math.ceil(runs / shards / RUNS_PER_UNIT) : Number.POSITIVE_INFINITY;
  return Math.max(1, Math.min(asked, units));
}

export function exitCodeForSweep(r: SweepReport): number {
  if (r.signatures.some((s) => s.signature.startsWith("internal."))) return EXIT.internal;
  return r.failed > 0 ? EXIT.violation : EXIT.ok;
}

export async function checkCommand(scenario: string | undefined, o: CheckFlags): Promise<number> {
  checkOutputPaths({ "--junit": o.junit }, { "--out": o.out });
  const info = checkSource(scenario, o);
  for (const w of info.warnings) process.stderr.write(`warning: ${w}\n`);
  let shard = null;
  try {
    shard = o.shard ? parseShard(o.shard) : null;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const timeMs = timeLimitMs(o.time);
  const runs = timeMs !== null ? (o.runs ?? Number.POSITIVE_INFINITY) : (o.runs ?? DEFAULT_RUNS);
  const workers = workerCount(o.workers ?? availableParallelism(), runs, shard?.count ?? 1);
  const masterSeed = o.seed ?? 1;
  const tty = process.stdout.isTTY === true && !o.json;
  const bar = tty ? new SingleBar({ format: "check [{bar}] {value}/{total} runs | {failed} failed | {eta_formatted}", hideCursor: true, clearOnComplete: true }) : null;
  const total = Number.isFinite(runs) ? Math.ceil(runs / (shard?.count ?? 1)) : 0;
  bar?.start(total, 0, { failed: 0 });

  const pool = checkPool(workers);
  let report: SweepReport;
  try {
    report = await sweep({
      src: info.source,
      masterSeed,
      runs,
      timeMs,
      shard,
      pool,
      outDir: o.out,
      onRuns: (done, failed) => {
        if (bar && total === 0) bar.setTotal(done);
        bar?.update(done, { failed });
      },
      onShrinkStart: (n) => {
        bar?.stop();
        if (!o.json) process.stderr.write(`shrinking ${n} failure signature${n === 1 ? "" : "s"}…\n`);
      },
    });
  } finally {
    bar?.stop();
    await pool.close();
  }
  const label = `check ${info.label}, seeds ${masterSeed}+k${shard ? `, shard ${shard.index}/${shard.count}` : ""}`;
  if (o.junit) writeFileAtomic(o.junit, checkJunit(label, report));
  process.stdout.write(o.json ? `${JSON.stringify(checkJson(report))}\n` : checkText(label, report, info.expected));
  return exitCodeForSweep(report);
}
