// `npm run bench [names…]`: prints one JSON object of figures. A benchmark, not a timed test.
// With no names it runs every entry, in the order below. Each benchmark runs in a fresh child
// process, so that peak RSS and JIT state are its own (`--in-process` runs them all here).
// `--quick` shortens std55 (2 h instead of 24 h) and nodes1000 (5 min instead of 1 h).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchSweep, benchTimeToBug } from "../properties/bench.ts";
import { benchKernel } from "./kernel.ts";
import { benchNodes1000 } from "./nodes1000.ts";
import { benchRaft5 } from "./raft5.ts";
import { benchReport100k } from "./report.ts";
import { benchStd55 } from "./std55.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");

const ALL: Record<string, () => unknown | Promise<unknown>> = {
  kernel: () => benchKernel(),
  raft5: () => benchRaft5(),
  std55: () => benchStd55(quick ? 2 * 3600 : 24 * 3600),
  nodes1000: () => benchNodes1000(quick ? 300 : 3600),
  report100k: () => benchReport100k(),
  sweep: () => benchSweep(),
  "time-to-bug": () => benchTimeToBug(),
};

const CHILD_MARK = "--child";

async function runHere(name: string): Promise<unknown> {
  const fn = ALL[name];
  if (!fn) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(ALL).join(", ")}`);
    process.exit(2);
  }
  return await fn();
}

/** Runs one benchmark in a child process (same node flags, so the same TypeScript loader). */
function runChild(name: string): unknown {
  const script = fileURLToPath(import.meta.url);
  const flags = [CHILD_MARK, name, ...(quick ? ["--quick"] : [])];
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...flags], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) {
    if (r.status === 2) process.exit(2);
    throw new Error(`benchmark ${name} failed (exit ${r.status ?? r.signal})`);
  }
  return JSON.parse(r.stdout);
}

const wanted = args.filter((a) => !a.startsWith("-"));
if (args[0] === CHILD_MARK) {
  console.log(JSON.stringify(await runHere(wanted[0])));
} else {
  const names = wanted.length > 0 ? wanted : Object.keys(ALL);
  for (const name of names) {
    if (!(name in ALL)) {
      console.error(`unknown benchmark '${name}'; known: ${Object.keys(ALL).join(", ")}`);
      process.exit(2);
    }
  }
  const inProcess = args.includes("--in-process");
  const out: Record<string, unknown> = { node: process.version, cpus: (await import("node:os")).cpus().length };
  for (const name of names) {
    out[name] = inProcess ? await runHere(name) : runChild(name);
    process.stderr.write(`${name}: ${JSON.stringify(out[name])}\n`);
  }
  console.log(JSON.stringify(out, null, 2));
}
