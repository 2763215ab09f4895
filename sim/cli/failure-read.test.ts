// failure.json is input: a bad one is refused up front (exit 2, one line naming the file and the
// field), never run into the simulator's assertions (exit 3); every record swarmsim writes passes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { fixedClusterArb, generatedArb } from "../gen/scenario.ts";
import { raftProfile, swarmProfile } from "../gen/options.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import type { Scenario } from "../scenario/types.ts";
import { checkSource } from "./check-source.ts";
import { failureProblem, readFailureFile } from "./failure-read.ts";
import { CliError } from "./io.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const CORPUS = join(ROOT, "../shared/corpus/stacks");
const dir = mkdtempSync(join(tmpdir(), "swarmsim-failure-read-"));

function cli(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  // tsx by its path: the command may run outside the repository.
  const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  const r = spawnSync(process.execPath, ["--import", tsx, join(ROOT, "sim/cli.ts"), ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status === null) throw new Error(`cli ${args.join(" ")}: killed by ${r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure record around a scenario record, which the bad cases below deliberately mistype. */
const record = (scenario: Scenario | Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: "0.1.0",
  seed: scenario.seed,
  scenario,
  violation: null,
  outcome: "pass",
  expected: "pass",
  traceHash: "0000000000000000",
  origin: { kind: "run" },
  ...extra,
});

function libraryFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) {
        if (f !== "stacks") walk(p);
      } else if (f.endsWith(".yml")) out.push(p);
    }
  };
  walk(join(ROOT, "scenarios"));
  return out;
}

const BASE = loadScenarioFile(join(ROOT, "scenarios/examples/voting-worker-crash.yml")).scenario;

describe("failure.json validation: what swarmsim writes passes", () => {
  it("every library scenario as a failure record", () => {
    const files = libraryFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(failureProblem(record(loadScenarioFile(f).scenario)), f).toBeNull();
  });

  it("generated scenarios (check --generated, Raft-only) and check --stack records of every corpus stack", () => {
    for (const g of fc.sample(generatedArb(swarmProfile()), { seed: 7, numRuns: 40 })) expect(failureProblem(record(g.scenario))).toBeNull();
    for (const g of fc.sample(generatedArb(raftProfile(3)), { seed: 8, numRuns: 10 })) expect(failureProblem(record(g.scenario))).toBeNull();
    let stacks = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".yml"))) {
      let base: Scenario;
      try {
        const src = checkSource(undefined, { stack: join(CORPUS, file) }).source;
        if (src.kind !== "fixed") throw new Error("expected a fixed source");
        base = src.base;
      } catch (e) {
        // A few corpus stacks need ${VAR}s that check --stack cannot supply without a sibling file.
        expect(String(e), file).toMatch(/required variable/);
        continue;
      }
      stacks++;
      // The base itself is no run (its duration comes with each generated timeline).
      for (const g of fc.sample(fixedClusterArb(base, swarmProfile()), { seed: 9, numRuns: 3 })) expect(failureProblem(record(g.scenario)), file).toBeNull();
    }
    expect(stacks).toBeGreaterThanOrEqual(10);
  });
});

describe("failure.json validation: bad records name the field", () => {
  const s = BASE;
  const cases: [string, unknown, string][] = [
    ["negative seed", record(s, { seed: -5 }), "seed: is -5: expected an unsigned 32-bit integer (0 to 4294967295)"],
    ["seed ≥ 2^32", record(s, { seed: 2 ** 32 }), "seed: is 4294967296: expected an unsigned 32-bit integer (0 to 4294967295)"],
    ["fractional seed", record(s, { seed: 1.5 }), "seed: is 1.5: expected an unsigned 32-bit integer"],
    ["seed as text", record(s, { seed: "7" }), 'seed: is "7": expected an unsigned 32-bit integer'],
    ["scenario seed", record({ ...s, seed: -1 }, { seed: 1 }), "scenario.seed: is -1: expected an unsigned 32-bit integer"],
    ["no nodes", record({ ...s, nodes: [] }), "scenario.nodes: is an empty list: the cluster needs at least one manager"],
    ["no manager", record({ ...s, nodes: s.nodes.map((n) => ({ ...n, role: "worker" as const })) }), "scenario.nodes: the cluster needs at least one manager in the initial swarm"],
    ["duplicate node", record({ ...s, nodes: [...s.nodes, s.nodes[1]] }), "scenario.nodes[6]: duplicate node name 'm2'"],
    ["bad role", record({ ...s, nodes: s.nodes.map((n, i) => (i === 2 ? { ...n, role: "boss" } : n)) }), 'scenario.nodes[2].role: is "boss": expected "manager", "worker"'],
    ["missing duration", record({ ...s, durationUs: undefined }), "scenario.durationUs: missing (expected a number)"],
    ["zero duration", record({ ...s, durationUs: 0 }), "scenario.durationUs: is 0: expected at least 1"],
    ["loss above 1", record({ ...s, network: { ...s.network, loss: 2 } }), "scenario.network.loss: is 2: expected at most 1"],
    ["unknown fault kind", record({ ...s, timeline: s.timeline.map((e, i) => (i === 0 ? { ...e, action: { kind: "explode" } } : e)) }), 'scenario.timeline[0].action.kind: is "explode": expected one of "crash"'],
    [
      "unknown fault target (counted in the record's own numbering)",
      record({ ...s, timeline: s.timeline.map((e, i) => (i === 2 ? { ...e, action: { kind: "restart", target: "w9" } } : e)) }),
      "scenario.timeline[2]: unknown node 'w9' in 'restart' in timeline entry 3",
    ],
    ["bad constraint", record({ ...s, services: s.services.map((v, i) => (i === 1 ? { ...v, placement: { ...v.placement, constraints: ["node.role=manager"] } } : v)) }), "scenario.services[1]: service 'db': constraint expected one operator from ==, !="],
    ["job mode", record({ ...s, services: s.services.map((v, i) => (i === 0 ? { ...v, mode: "replicated-job" } : v)) }), "scenario.services[0]: service 'redis': swarmsim does not model job services"],
    ["service name outside its stack", record({ ...s, services: s.services.map((v, i) => (i === 0 ? { ...v, name: "other_redis" } : v)) }), "scenario: not a scenario record"],
    ["no violation key", { ...record(s), violation: undefined }, "violation: missing (expected an object)"],
    [
      "a run: op that is not what its command parses to",
      record({ ...s, timeline: [{ atUs: 1_000_000, on: null, action: { kind: "run", command: "docker service scale voting-worker-crash_vote=2", op: { verb: "service.scale" } } }, ...s.timeline] }),
      "scenario.timeline[0].action.op: is not what its command 'docker service scale voting-worker-crash_vote=2' parses to",
    ],
    [
      "a run: op with an unknown verb",
      record({ ...s, timeline: [{ atUs: 1_000_000, on: null, action: { kind: "run", command: "docker service rm voting-worker-crash_vote", op: { verb: "nonsense" } } }, ...s.timeline] }),
      "scenario.timeline[0].action.op: is not what its command",
    ],
    [
      "a run: entry on an unknown node",
      record({ ...s, timeline: [{ atUs: 1_000_000, on: "nosuchnode", action: { kind: "run", command: "docker node ls", op: { verb: "node.ls" } } }, ...s.timeline] }),
      "scenario.timeline[0]: unknown node 'nosuchnode' in 'on'",
    ],
  ];
  for (const [what, data, message] of cases) {
    it(what, () => {
      const p = failureProblem(data);
      expect(p).not.toBeNull();
      expect(p).toContain(message);
      expect(p).not.toContain("\n");
    });
  }

  it("readFailureFile throws a CliError (exit 2) naming the file", () => {
    const f = join(dir, "neg.json");
    writeFileSync(f, JSON.stringify(record(s, { seed: -5 })));
    expect(() => readFailureFile(f)).toThrow(CliError);
    expect(() => readFailureFile(f)).toThrow(`${f}: seed: is -5: expected an unsigned 32-bit integer (0 to 4294967295)`);
  });
});

describe("replay and report refuse a bad failure.json with exit 2", () => {
  const failure = record(BASE);
  it.each([
    ["seed -5", { ...failure, seed: -5 }, "seed: is -5: expected an unsigned 32-bit integer (0 to 4294967295)"],
    ["nodes []", { ...failure, scenario: { ...BASE, nodes: [] } }, "scenario.nodes: is an empty list: the cluster needs at least one manager"],
  ])("%s", (name, data, message) => {
    const f = join(dir, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(f, JSON.stringify(data));
    for (const args of [["replay", f], ["report", f, "-o", join(dir, "r.html")]]) {
      const r = cli(args);
      // Before: "internal assertion failed: seed must be …" (exit 3); an empty cluster ran.
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim()).toBe(`error: ${f}: ${message}`);
    }
  });
});

describe("replay --save of a scenario with a stack file", () => {
  it("writes a self-contained scenario: it runs elsewhere without a warning and with the replay's traceHash", () => {
    const src = join(dir, "src");
    mkdirSync(join(src, "stacks"), { recursive: true });
    writeFileSync(join(src, "stacks", "app.yml"), "services:\n  web: {image: nginx, deploy: {replicas: 2}}\n  db: {image: postgres}\n");
    // Expects a violation that never comes, so the run fails and writes a failure directory.
    const scenarioFile = join(src, "app.yml");
    writeFileSync(scenarioFile, "name: app\nduration: 40s\ncluster: {managers: 1, workers: 2}\nstack: {file: stacks/app.yml, name: shop}\ntimeline:\n  - {at: 30s, crash: w1}\nexpect: {outcome: violation:raft.election-safety}\n");
    const out = join(dir, "failures");
    expect(cli(["run", scenarioFile, "--out", out]).code).toBe(1);
    const failureFile = join(out, "app-1", "failure.json");

    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    const replay = cli(["replay", failureFile, "--json", "--save", "saved.yml"], elsewhere);
    expect(replay.stderr).toContain("reproduced");
    const saved = readFileSync(join(elsewhere, "saved.yml"), "utf8");
    expect(saved).not.toContain("app.yml");
    expect(saved).toContain("stack:\n  name: shop\n");

    const run = cli(["run", "saved.yml", "--json"], elsewhere);
    // Before: "stack file 'stacks/app.yml' not read: the scenario lists its services inline".
    expect(run.stderr).not.toContain("warning");
    expect(run.stderr).not.toContain("not read");
    const j = JSON.parse(run.stdout);
    expect(j.traceHash).toBe(JSON.parse(replay.stdout).traceHash);
    expect(j.final.services.map((s: { name: string }) => s.name).sort()).toEqual(["shop_db", "shop_web"]);
  });
});
