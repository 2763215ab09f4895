// Scenario files (CONTRACT.md "Scenario file") → the Scenario record. Every error is a
// ScenarioError pointing at the offending node; warnings are returned, never printed here.
import { basename, dirname, extname, join, resolve } from "node:path";
import { isMap } from "yaml";
import { DAY, MIN, SEC } from "../kernel/types.ts";
import type { BehaviourSpec, ServiceSpec } from "../swarm/spec.ts";
import { isKnownBug, KNOWN_BUGS } from "../swarm/bugs.ts";
import { didYouMean, InputError, ScenarioError } from "./errors.ts";
import { readExpect } from "./load-expect.ts";
import { readTimeline } from "./load-timeline.ts";
import { readCluster, readNetwork, readRaft } from "./load-world.ts";
import { SERVICE_NAME } from "./service-defaults.ts";
import { type ComposeContext, readComposeServices } from "./stack/compose.ts";
import { interpolate } from "./stack/interpolate.ts";
import { loadStackFile } from "./stack/load.ts";
import type { Scenario, TimelineEntry, WorkloadSpec } from "./types.ts";
import { parseDuration } from "./units.ts";
import { MapView, parseYamlText, readTextFile, type Src, type YNode } from "./yaml-source.ts";

export const SCENARIO_KEYS = [
  "name", "description", "seed", "duration", "env", "cluster", "network", "raft", "stack", "services",
  "behaviour", "workload", "bugs", "timeline", "expect",
];
export const DEFAULT_DURATION_US = 5 * MIN;
const MAX_DURATION_US = 365 * DAY;
const U32_MAX = 0xffff_ffff;

export interface ScenarioLoad {
  scenario: Scenario;
  warnings: string[];
}

export function loadScenarioFile(path: string): ScenarioLoad {
  return loadScenarioText(readTextFile(path), path, dirname(resolve(path)));
}

/** `file` is shown in errors and gives the default name; `baseDir` resolves stack paths. */
export function loadScenarioText(text: string, file: string, baseDir: string): ScenarioLoad {
  const warnings: string[] = [];
  const { src, root } = parseYamlText(text, file, "scenario", warnings);
  const top = new MapView(src, root, "scenario", SCENARIO_KEYS, true);

  const name = top.str("name", basename(file, extname(file)));
  if (name.trim() === "") src.fail(top.where("name"), "the scenario name is empty");
  const description = top.str("description", "");
  const seed = top.int("seed", 1, 0, U32_MAX);
  const durationUs = top.parse("duration", DEFAULT_DURATION_US, (s) => {
    const us = parseDuration(s);
    if (us <= 0) throw new InputError("the duration must be longer than 0s");
    if (us > MAX_DURATION_US) throw new InputError(`duration '${s}' is longer than the 365d limit`);
    return us;
  });
  const env = src.strMap(top.get("env"), "env");
  const nodes = readCluster(src, top.get("cluster"), root);
  const nodeNames = nodes.map((n) => n.name);
  const network = readNetwork(src, top.get("network"));
  const raft = readRaft(src, top.get("raft"));

  const { stack, stackName, services } = readServices(src, top, name, env, baseDir, warnings);

  const cliServices = services.map((s) => s.name);
  const timeline = readTimeline(src, top.get("timeline"), {
    nodes: nodeNames,
    durationUs,
    warnings,
    cli: {
      stack: stackName,
      services: cliServices,
      nodes: nodeNames,
      warnings,
      loadStack: (rel, stackArg) => {
        const r = readStackFile(baseDir, rel, stackArg, env, join(dirname(file), rel));
        warnings.push(...r.warnings);
        return r.services;
      },
    },
  });

  const behaviour = readBehaviour(src, top.get("behaviour"), warnings, services, cliServices, timeline);
  const expect = readExpect(src, top.get("expect"), {
    nodes: nodeNames,
    runEntries: timeline.filter((e) => e.action.kind === "run").length,
    stack: stackName,
    floorServices: floorServices(services, timeline),
    warnings,
  });
  const workload = top.has("workload") ? readWorkload(src, top.get("workload")) : null;
  const bugs = src.list(top.get("bugs"), "bugs").map((n) => {
    const id = src.str(n, "bugs");
    const known = Object.keys(KNOWN_BUGS);
    if (!isKnownBug(id)) src.fail(n, `unknown bug id '${id}'${didYouMean(id, known)} (known: ${known.join(", ") || "none"})`);
    return id;
  });

  const scenario: Scenario = { name, description, seed, durationUs, env, nodes, network, raft, stack, services, behaviour, timeline, expect, workload, bugs };
  return { scenario, warnings };
}

/**
 * `stack` and `services`:
 * - `stack: <file>` or `{file, name?}`: the file's services, named `<name>_<service>`;
 * - `services:` inline (stack name = `stack.name` if given, else the scenario name);
 * - both a file and inline services: the inline services are used and the file is kept only as
 *   provenance, with a warning (`toYaml` writes the services inline and no file).
 */
function readServices(src: Src, top: MapView, scenarioName: string, env: Record<string, string>, baseDir: string, warnings: string[]) {
  let stack: Scenario["stack"] = null;
  let stackName = scenarioName;
  let file: string | null = null;
  if (top.has("stack")) {
    const node = top.get("stack");
    if (node !== null && isMap(node)) {
      const m = new MapView(src, node, "stack", ["file", "name"]);
      if (m.has("file")) file = m.str("file", "");
      stackName = m.str("name", scenarioName);
      if (!SERVICE_NAME.test(stackName)) src.fail(m.where("name"), `invalid stack name '${stackName}': use letters, digits, '-', '_' or '.'`);
    } else {
      file = src.str(node, "stack");
    }
    if (file === "") src.fail(top.where("stack"), "the stack file path is empty");
  }
  if (!SERVICE_NAME.test(stackName) && (file !== null || top.has("services"))) {
    src.fail(top.where("name"), `the scenario name '${stackName}' can't name a stack (use letters, digits, '-', '_' or '.'); set stack: {name: …}`);
  }
  let services: ServiceSpec[] = [];
  if (top.has("services")) {
    const ctx: ComposeContext = { stack: stackName, networks: null, warnings, ignored: [] };
    services = readComposeServices(src.withInterp((raw) => interpolate(raw, env)), top.get("services"), ctx);
    if (ctx.ignored.length > 0) warnings.push(`${src.file}: ignored keys in services (not modelled): ${ctx.ignored.join(", ")}`);
    if (file !== null) {
      const p = src.pos(top.where("stack"));
      warnings.push(`${src.file}:${p.line}:${p.col}: stack file '${file}' not read: the scenario lists its services inline`);
    }
  } else if (file !== null) {
    const where = top.where("stack");
    const r = src.at(where, () => readStackFile(baseDir, file, stackName, env, join(dirname(src.file), file)));
    warnings.push(...r.warnings);
    services = r.services;
  }
  if (file !== null) stack = { file, name: stackName };
  return { stack, stackName: file !== null || top.has("services") ? stackName : null, services };
}

/**
 * Loads a stack file for the scenario. A file that can't be read is an InputError, reported at
 * the scenario node naming it; errors inside the file point into the file itself.
 */
function readStackFile(baseDir: string, rel: string, stack: string, env: Record<string, string>, shownAs: string) {
  try {
    return loadStackFile(resolve(baseDir, rel), stack, env, shownAs);
  } catch (e) {
    if (e instanceof ScenarioError && e.line === 0) throw new InputError(`stack file '${rel}': ${e.detail}`);
    throw e;
  }
}

function readBehaviour(
  src: Src,
  node: YNode | null,
  warnings: string[],
  services: readonly ServiceSpec[],
  known: readonly string[],
  timeline: Scenario["timeline"],
): Record<string, BehaviourSpec> {
  const m = new MapView(src, node, "behaviour", null);
  const out: Record<string, BehaviourSpec> = {};
  const images = new Set(services.map((s) => s.image));
  for (const e of timeline) {
    if (e.action.kind !== "run") continue;
    const op = e.action.op;
    if (op.verb === "service.create") images.add(op.spec.image);
    if (op.verb === "stack.deploy") for (const s of op.services) images.add(s.image);
    if (op.verb === "service.update" && op.update.image) images.add(op.update.image);
  }
  for (const e of m.entries.values()) {
    const label = `behaviour '${e.key}'`;
    const b = new MapView(src, e.value, label, ["startup", "exitAfter", "exitCode", "failStart", "unhealthyAfter"]);
    const dur = (s: string) => parseDuration(s);
    out[e.key] = {
      startupUs: b.parse("startup", 1 * SEC, dur),
      exitAfterUs: b.parse("exitAfter", null, dur),
      exitCode: b.int("exitCode", 0, 0, 255),
      failStart: b.prob("failStart", 0),
      unhealthyAfterUs: b.parse("unhealthyAfter", null, dur),
    };
    const matches = images.has(e.key) || known.some((s) => s === e.key || s.endsWith(`_${e.key}`));
    if (!matches) {
      const p = src.pos(e.keyNode);
      warnings.push(`${src.file}:${p.line}:${p.col}: ${label} matches no image or service${didYouMean(e.key, [...images, ...known])}`);
    }
  }
  return out;
}

function readWorkload(src: Src, node: YNode | null): WorkloadSpec {
  const m = new MapView(src, node, "workload", ["clients", "rate", "timeout", "keys", "readRatio"]);
  const rateHz = m.num("rate", 100, 0, 1_000_000);
  if (rateHz === 0) src.fail(m.where("rate"), "workload rate must be above 0 (proposals per second)");
  return {
    clients: m.int("clients", 3, 1, 10_000),
    rateHz,
    timeoutUs: m.parse("timeout", 5 * SEC, (s) => {
      const us = parseDuration(s);
      if (us <= 0) throw new InputError("timeout must be longer than 0s");
      return us;
    }),
    keys: m.int("keys", 8, 1, 1_000_000),
    readRatio: m.prob("readRatio", 0),
  };
}

/**
 * The services a minRunning floor may name: the stack's and those the timeline creates, each with
 * the most replicas the scenario ever asks of it (null for global services and jobs).
 */
function floorServices(services: readonly ServiceSpec[], timeline: readonly TimelineEntry[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  // Scaling raises a known service's count; it never makes a service known (`scale wbe=3` fails).
  const raise = (name: string, replicas: number): void => {
    const had = out.get(name);
    if (had !== undefined && had !== null && replicas > had) out.set(name, replicas);
  };
  const add = (spec: ServiceSpec): void => {
    if (spec.mode !== "replicated") out.set(spec.name, null);
    else if (!out.has(spec.name)) out.set(spec.name, spec.replicas);
    else raise(spec.name, spec.replicas);
  };
  for (const spec of services) add(spec);
  for (const e of timeline) {
    if (e.action.kind !== "run") continue;
    const op = e.action.op;
    if (op.verb === "service.create") add(op.spec);
    else if (op.verb === "stack.deploy") for (const spec of op.services) add(spec);
    else if (op.verb === "service.scale") for (const x of op.scales) raise(x.service, x.replicas);
    else if (op.verb === "service.update" && op.update.replicas !== undefined) raise(op.service, op.update.replicas);
  }
  return out;
}
