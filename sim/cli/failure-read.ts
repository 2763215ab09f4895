// Reading a failure.json back, with clear errors for anything that is not one. A failure file is
// input like a scenario file: it is checked up front (exit 2 with a one-line message naming the
// file and the field), so a bad one never reaches the simulator's own assertions (exit 3).
//
// Two layers: a zod schema for the record's shape (types, enumerations, ranges), then the scenario
// loader's own checks: the record is written as scenario text (toYaml) and loaded back, so a record
// passes exactly when a scenario file saying the same would load (non-empty cluster with a
// manager, unique node names, valid stack names and constraints, timeline targets, …).
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ScenarioError } from "../scenario/errors.ts";
import { loadScenarioText } from "../scenario/load.ts";
import { toYaml } from "../scenario/to-yaml.ts";
import type { Scenario, TimelineEntry } from "../scenario/types.ts";
import type { FailureFile } from "./failure-dir.ts";
import { CliError, readInputFile } from "./io.ts";

const U32_MAX = 0xffff_ffff;
const int = z.number().int();
const nonNeg = int.min(0);
const u32 = nonNeg.max(U32_MAX);
const prob = z.number().min(0).max(1);
const strMap = z.record(z.string(), z.string());
const platform = z.object({ os: z.string(), arch: z.string() });
const cpuMem = z.object({ nanoCpus: nonNeg, memoryBytes: nonNeg });

const nodeSpec = z.object({
  name: z.string().min(1),
  role: z.enum(["manager", "worker"]),
  labels: strMap,
  engineLabels: strMap,
  hostname: z.string(),
  platform,
  resources: cpuMem,
  joinLater: z.boolean().optional(),
});
const latency = z.object({ minUs: nonNeg, maxUs: nonNeg, tailP: prob, tailMeanUs: nonNeg });
const updateConfig = z.object({
  parallelism: nonNeg,
  delayUs: nonNeg,
  failureAction: z.enum(["pause", "continue", "rollback"]),
  monitorUs: nonNeg,
  maxFailureRatio: prob,
  order: z.enum(["stop-first", "start-first"]),
});
const serviceSpec = z.object({
  name: z.string().min(1),
  stack: z.string().nullable(),
  image: z.string().min(1),
  mode: z.enum(["replicated", "global", "replicated-job", "global-job"]),
  replicas: nonNeg,
  labels: strMap,
  env: z.array(z.string()),
  placement: z.object({ constraints: z.array(z.string()), preferences: z.array(z.string()), maxReplicas: nonNeg, platforms: z.array(platform) }),
  resources: z.object({ reservations: cpuMem, limits: cpuMem }),
  restartPolicy: z.object({ condition: z.enum(["none", "on-failure", "any"]).nullable(), delayUs: nonNeg, maxAttempts: nonNeg, windowUs: nonNeg }),
  updateConfig,
  rollbackConfig: updateConfig,
  healthcheck: z.object({ intervalUs: nonNeg, timeoutUs: nonNeg, retries: nonNeg, startPeriodUs: nonNeg }).nullable(),
  endpoint: z.object({
    mode: z.enum(["vip", "dnsrr"]),
    ports: z.array(z.object({ target: int.min(1).max(65535), published: int.min(0).max(65535), protocol: z.enum(["tcp", "udp", "sctp"]), mode: z.enum(["ingress", "host"]) })),
  }),
  networks: z.array(z.string()),
  stopGracePeriodUs: nonNeg,
});
const target = z.string().min(1);
const nodesOrAll = z.array(target).nullable();
const partition = z.union([
  z.object({ groups: z.array(z.array(target)) }),
  z.object({ shape: z.enum(["halves", "isolate-leader", "bridge", "majority-ring", "random"]) }),
  z.object({ shape: z.literal("isolate"), node: target }),
  z.object({ blocked: z.array(z.tuple([target, target])) }),
]);
const action = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("crash"), target, loseUnsynced: z.boolean() }),
  z.object({ kind: z.literal("restart"), target }),
  z.object({ kind: z.literal("pause"), target }),
  z.object({ kind: z.literal("resume"), target }),
  z.object({ kind: z.literal("remove"), target }),
  z.object({ kind: z.literal("partition"), partition }),
  z.object({ kind: z.literal("heal") }),
  z.object({ kind: z.literal("loss"), rate: prob, forUs: nonNeg, nodes: nodesOrAll }),
  z.object({ kind: z.literal("duplicate"), rate: prob, forUs: nonNeg, nodes: nodesOrAll }),
  z.object({ kind: z.literal("delay"), latency, forUs: nonNeg, nodes: nodesOrAll }),
  z.object({ kind: z.literal("skew"), target, offsetUs: int.nullable(), driftPpm: z.number().nullable() }),
  // The op is what the command parsed to; its verb-specific fields are the runner's to read.
  z.object({ kind: z.literal("run"), command: z.string().min(1), op: z.looseObject({ verb: z.string() }) }),
]);
const scenarioRecord = z.object({
  name: z.string().min(1),
  description: z.string(),
  seed: u32,
  durationUs: int.min(1),
  env: strMap,
  nodes: z.array(nodeSpec).min(1),
  network: z.object({ latency, loss: prob, duplicate: prob, reorder: prob }),
  raft: z.object({
    tickUs: int.min(1),
    electionTick: int.min(1),
    heartbeatTick: int.min(1),
    checkQuorum: z.boolean(),
    preVote: z.boolean(),
    snapshotInterval: int.min(1),
    logEntriesForSlowFollowers: nonNeg,
    readIndex: z.boolean(),
    maxInflight: int.min(1),
    maxEntriesPerMsg: int.min(1),
  }),
  stack: z.object({ file: z.string(), name: z.string() }).nullable(),
  services: z.array(serviceSpec),
  behaviour: z.record(
    z.string(),
    z.object({ startupUs: nonNeg, exitAfterUs: nonNeg.nullable(), exitCode: int.min(0).max(255), failStart: prob, unhealthyAfterUs: nonNeg.nullable() }),
  ),
  timeline: z.array(z.object({ atUs: nonNeg, action, on: z.string().nullable() })),
  expect: z.object({
    outcome: z.string().min(1),
    disable: z.array(z.string()),
    convergeUs: int.min(1).nullable(),
    minRunning: z.array(z.object({ service: z.string().min(1), min: nonNeg, whileDownAtMost: nonNeg.nullable(), graceUs: nonNeg })),
    reached: z.array(z.string()),
  }),
  workload: z.object({ clients: int.min(1), rateHz: z.number().gt(0), timeoutUs: int.min(1), keys: int.min(1), readRatio: prob }).nullable(),
  bugs: z.array(z.string()),
});
const failureRecord = z.object({
  version: z.string(),
  seed: u32,
  scenario: scenarioRecord,
  violation: z.looseObject({ invariant: z.string(), event: nonNeg }).nullable(),
  outcome: z.string().min(1),
});

export function readFailureFile(path: string): FailureFile {
  const text = readInputFile(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const f = data as Partial<FailureFile>;
  if (typeof f !== "object" || f === null || Array.isArray(f) || !("seed" in f) || !("scenario" in f) || !("version" in f)) {
    throw new CliError(`${path}: not a swarmsim failure.json (expected {version, seed, scenario, violation})`);
  }
  const problem = failureProblem(data);
  if (problem !== null) throw new CliError(`${path}: ${problem}`);
  return f as FailureFile;
}

/** What is wrong with a parsed failure.json, as "<field>: <what>", or null when it is sound. */
export function failureProblem(data: unknown): string | null {
  const r = failureRecord.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    return `${fieldPath(issue.path)}: ${issueText(issue, valueAt(data, issue.path))}`;
  }
  return loaderProblem((data as FailureFile).scenario);
}

/**
 * The loader's verdict on the record: its text as toYaml writes it must load, and each `run:`
 * entry's op must be what its command parses to. Left out: `docker stack deploy` entries (their
 * `-c FILE` is relative to a scenario this record no longer has; their shape was checked above)
 * and the expectations, which may name what such an entry creates.
 */
function loaderProblem(s: Scenario): string | null {
  const kept: number[] = [];
  const timeline: TimelineEntry[] = [];
  s.timeline.forEach((e, i) => {
    if (e.action.kind === "run" && /^\s*docker\s+stack\s+(deploy|up)\b/.test(e.action.command)) return;
    kept.push(i);
    timeline.push(e);
  });
  const probe: Scenario = { ...s, stack: null, timeline, expect: { ...s.expect, minRunning: [], reached: [] } };
  let text: string;
  try {
    text = toYaml(probe);
  } catch (e) {
    return `scenario: not a scenario record (${(e as Error).message})`;
  }
  try {
    const loaded = loadScenarioText(text, "failure.json", ".").scenario;
    for (let k = 0; k < kept.length; k++) {
      const mine = timeline[k].action;
      const theirs = loaded.timeline[k]?.action;
      if (mine.kind !== "run" || theirs?.kind !== "run") continue;
      if (JSON.stringify(mine.op) !== JSON.stringify(theirs.op)) {
        return `scenario.timeline[${kept[k]}].action.op: is not what its command '${mine.command}' parses to`;
      }
    }
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    // The loader numbers the entries it saw (1-based); give the record's own numbers.
    const detail = e.detail.replace(/timeline entry (\d+)/g, (all, n: string) => (kept[Number(n) - 1] === undefined ? all : `timeline entry ${kept[Number(n) - 1] + 1}`));
    return `${yamlField(text, e.line, e.col, kept)}: ${detail}`;
  }
  return null;
}

/** Scenario-file key → record field. */
const RECORD_FIELD: Record<string, string> = { cluster: "nodes", duration: "durationUs" };

/** The record field a position in toYaml's text belongs to: `scenario.timeline[2]`, `scenario.nodes[0]`. */
function yamlField(text: string, line: number, col: number, kept: readonly number[]): string {
  if (line === 0) return "scenario";
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const off = (lc.lineStarts[line - 1] ?? 0) + col - 1;
  const root = doc.contents;
  if (!isMap(root)) return "scenario";
  for (const pair of root.items) {
    const [start, end] = span(pair);
    if (off < start || off > end) continue;
    const name = String((pair.key as { value?: unknown } | null)?.value);
    let path = `scenario.${RECORD_FIELD[name] ?? name}`;
    // One level down: the list item (timeline entries, cluster nodes) or service holding it.
    let items: unknown[] = [];
    if (name === "cluster" && isMap(pair.value)) {
      const nodes = pair.value.items.find((p) => (p.key as { value?: unknown } | null)?.value === "nodes")?.value;
      if (isSeq(nodes)) items = nodes.items;
    } else if (isSeq(pair.value) || isMap(pair.value)) {
      items = pair.value.items;
    }
    items.forEach((it, i) => {
      const [from, to] = span(it);
      if (off >= from && off <= to) path = `${path}[${name === "timeline" ? kept[i] : i}]`;
    });
    return path;
  }
  return "scenario";
}

type Ranged = { range?: readonly number[] | null } | null | undefined;

/** Source offsets [from, to] of a node, or of a key: value pair. */
function span(item: unknown): [number, number] {
  const it = item as Ranged & { key?: Ranged; value?: Ranged };
  if (it?.range) return [it.range[0], it.range[2]];
  const from = it?.key?.range?.[0] ?? -1;
  return [from, it?.value?.range?.[2] ?? it?.key?.range?.[2] ?? from];
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out === "" ? "the file" : out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (typeof v === "object") return "an object";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const TYPE_NAMES: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
  null: "null",
};

function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.path.at(-1) === "seed" && value !== undefined) return `is ${shown(value)}: expected an unsigned 32-bit integer (0 to ${U32_MAX})`;
  if (issue.path.at(-1) === "nodes" && Array.isArray(value) && value.length === 0) return "is an empty list: the cluster needs at least one manager";
  switch (issue.code) {
    case "invalid_type": {
      const want = TYPE_NAMES[issue.expected] ?? issue.expected;
      return value === undefined ? `missing (expected ${want})` : `expected ${want}, found ${shown(value)}`;
    }
    case "invalid_value":
      return `is ${shown(value)}: expected ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? (issue.inclusive === false ? "above" : "at least") : issue.inclusive === false ? "below" : "at most";
      if (Array.isArray(value)) return `has ${value.length} item(s): expected ${word} ${String(bound)}`;
      if (typeof value === "string") return `is ${value === "" ? "empty" : shown(value)}: expected ${word} ${String(bound)} character(s)`;
      if (issue.code === "too_small" && bound === 0 && Number.isInteger(value)) return `is ${shown(value)}: expected a non-negative integer`;
      return `is ${shown(value)}: expected ${word} ${String(bound)}`;
    }
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator) {
        const options = (issue as unknown as { options?: unknown[] }).options ?? [];
        return `is ${shown(value)}: expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}`;
      }
      return `is ${shown(value)}: not any of the accepted forms`;
    default:
      return issue.message;
  }
}
