// `npm run bench [names…]`: prints one JSON object of figures. A benchmark, not a timed test.
import { benchKernel } from "./kernel.ts";
import { benchRaft5 } from "./raft5.ts";

const ALL: Record<string, () => unknown | Promise<unknown>> = {
  kernel: () => benchKernel(),
  raft5: () => benchRaft5(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(ALL);
const out: Record<string, unknown> = { node: process.version, cpus: (await import("node:os")).cpus().length };
for (const name of names) {
  const fn = ALL[name];
  if (!fn) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(ALL).join(", ")}`);
    process.exit(2);
  }
  out[name] = await fn();
  process.stderr.write(`${name}: ${JSON.stringify(out[name])}\n`);
}
console.log(JSON.stringify(out, null, 2));
