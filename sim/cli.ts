#!/usr/bin/env -S npx tsx
// swarmsim's command line: the top of the house. Every command maps bad input to exit 2 with a
// clear message (never a stack trace), violations to 1, internal failures to 3.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { SimAssertionError } from "./kernel/assert.ts";
import { CliError, EXIT } from "./cli/io.ts";
import { libraryCommand } from "./cli/library.ts";
import { listCommand } from "./cli/list.ts";
import { replayCommand } from "./cli/replay.ts";
import { reportCommand } from "./cli/report.ts";
import { runScenarioCommand } from "./cli/run.ts";
import { checkCommand } from "./cli/check.ts";
import { ScenarioError } from "./scenario/errors.ts";
import { SWARMSIM_VERSION } from "./scenario/version.ts";

function seedArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new InvalidArgumentError("a seed is an unsigned 32-bit integer");
  return Number(v);
}

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError("expected a positive integer");
  return Number(v);
}

let exitCode = 0;
const program = new Command()
  .name("swarmsim")
  .description("Deterministic fault-injection simulator of Docker Swarm mode clusters")
  .version(SWARMSIM_VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("run")
  .description("run one scenario from its seed")
  .argument("<scenario>", "scenario YAML file")
  .option("--seed <n>", "override the scenario's seed", seedArg)
  .option("--json", "print the result as one JSON object")
  .option("--trace <file>", "write the full trace as JSON Lines")
  .option("--report <file>", "write the HTML report")
  .option("--out <dir>", "on failure, write a failure directory under <dir>")
  .option("--max-events <n>", "kernel event budget (exit 3 when exhausted)", positiveInt)
  .action((file: string, o) => {
    exitCode = runScenarioCommand(file, o);
  });

program
  .command("list")
  .description("list the scenario library")
  .option("--dir <dir>", "library folder", "scenarios")
  .option("--json", "print JSON")
  .action((o) => {
    exitCode = listCommand(o);
  });

program
  .command("library")
  .description("run the whole scenario library, print a summary and write reports/out/index.html (npm start)")
  .option("--dir <dir>", "library folder", "scenarios")
  .option("--out <dir>", "report folder", "reports/out")
  .option("--workers <n>", "worker threads", positiveInt)
  .option("--filter <text>", "only scenarios whose path contains <text>")
  .option("--json", "print the results as JSON")
  .action(async (o) => {
    exitCode = await libraryCommand(o);
  });

program
  .command("replay")
  .description("re-run a failure.json (from run --out, check or a property) and reproduce its violation")
  .argument("<failure>", "failure.json")
  .option("--save <file>", "write the failing scenario as a regression scenario YAML")
  .option("--json", "print the result as JSON")
  .option("--trace <file>", "write the full trace as JSON Lines")
  .option("--report <file>", "write the HTML report")
  .action((file: string, o) => {
    exitCode = replayCommand(file, o);
  });

program
  .command("report")
  .description("render the HTML report of a failure.json or a trace.jsonl")
  .argument("<input>", "failure.json or trace .jsonl")
  .requiredOption("-o, --output <file>", "HTML file to write")
  .option("--perfetto <file>", "also write a Perfetto / Chrome trace JSON")
  .action((input: string, o) => {
    exitCode = reportCommand(input, o);
  });

program
  .command("check")
  .description("property-test a scenario, your stack, or generated scenarios over many seeds")
  .argument("[scenario]", "scenario YAML to sweep over seeds")
  .option("--generated", "generate whole scenarios (cluster, stack, faults, operations)")
  .option("--stack <file>", "keep this stack file fixed and generate fault timelines against it")
  .option("--runs <n>", "number of runs", positiveInt)
  .option("--time <duration>", "run for this long instead of a fixed count (e.g. 60s)")
  .option("--workers <n>", "worker threads (default: cores)", positiveInt)
  .option("--shard <i/n>", "take the runs with k mod n = i-1 (1-based), like vitest --shard")
  .option("--seed <n>", "master seed: run k uses seed S+k", seedArg)
  .option("--cluster <M+W>", "cluster shape, e.g. 3+5")
  .option("--faults <kinds>", "fault kinds to inject, comma-separated (crash,partition,loss,skew,…)")
  .option("--bugs <ids>", "switch on historical SwarmKit bugs, comma-separated")
  .option("--out <dir>", "failure directories", "reports/failures")
  .option("--json", "print a JSON summary")
  .option("--junit <file>", "write JUnit XML")
  .action(async (scenario: string | undefined, o) => {
    exitCode = await checkCommand(scenario, o);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  exitCode = handleError(e);
}
process.exitCode = exitCode;

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version are exit 0; every other commander error is bad input.
    return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (e instanceof ScenarioError) {
    process.stderr.write(`error: ${e.format()}\n`);
    return EXIT.badInput;
  }
  if (e instanceof CliError) {
    process.stderr.write(`error: ${e.message}\n`);
    return e.code;
  }
  if (e instanceof SimAssertionError) {
    process.stderr.write(`internal assertion failed: ${e.message}\n`);
    return EXIT.internal;
  }
  // Filesystem errors on the user's paths arrive here as CliErrors (sim/cli/io.ts); any other
  // error, a raw Node one included, is a bug in swarmsim and keeps its stack.
  process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return EXIT.internal;
}
