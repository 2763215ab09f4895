// `timeline:` entries → TimelineEntry records: faults (sim/world/spec.ts Fault) and `run:`
// docker commands (parsed here, at load time). Entries must be in time order.
import { isMap, isScalar, isSeq } from "yaml";
import type { Micros } from "../kernel/types.ts";
import type { ServiceSpec } from "../swarm/spec.ts";
import { type Fault, type LatencySpec, PARTITION_SHAPES, type PartitionSpec, SELECTORS, type Target } from "../world/spec.ts";
import { type DockerCliContext, parseDockerCommand } from "./docker-cli.ts";
import { didYouMean, oneOf } from "./errors.ts";
import { readLatency } from "./load-world.ts";
import type { TimelineEntry } from "./types.ts";
import { formatDuration } from "../kernel/types.ts";
import { parseDuration } from "./units.ts";
import { describe, MapView, type Src, type YNode } from "./yaml-source.ts";

export const ACTION_KEYS = ["crash", "restart", "pause", "resume", "remove", "partition", "heal", "loss", "duplicate", "delay", "skew", "run"] as const;
const ENTRY_KEYS = ["at", "on", ...ACTION_KEYS];
const MAX_ENTRIES = 100_000;
const MAX_DRIFT_PPM = 500_000;

export interface TimelineContext {
  nodes: readonly string[];
  durationUs: Micros;
  /** For docker commands: stack name, known services (grows with create/deploy), stack loader. */
  cli: DockerCliContext & { services: string[] };
  warnings: string[];
}

export function readTimeline(src: Src, node: YNode | null, ctx: TimelineContext): TimelineEntry[] {
  const items = src.list(node, "timeline");
  if (items.length > MAX_ENTRIES) src.fail(node, `timeline has more than ${MAX_ENTRIES} entries`);
  const out: TimelineEntry[] = [];
  let prevAt = 0;
  for (const [i, item] of items.entries()) {
    const label = `timeline entry ${i + 1}`;
    const m = new MapView(src, item, label, ENTRY_KEYS);
    const at = m.parse("at", -1, (s) => parseDuration(s));
    if (at < 0) src.fail(item, `${label} needs 'at' (when it applies, e.g. at: 30s)`);
    if (at > ctx.durationUs) src.fail(m.where("at"), `${label} at ${formatDuration(at)} is past the scenario duration ${formatDuration(ctx.durationUs)}`);
    if (at < prevAt) src.fail(m.where("at"), `${label} at ${formatDuration(at)} comes after an entry at ${formatDuration(prevAt)}: keep timeline entries in time order`);
    prevAt = at;
    const actions = ACTION_KEYS.filter((k) => m.has(k));
    if (actions.length === 0) src.fail(item, `${label} has no action: expected one of ${ACTION_KEYS.join(", ")}`);
    if (actions.length > 1) src.fail(m.entries.get(actions[1])!.keyNode, `${label} has two actions '${actions[0]}' and '${actions[1]}': write one action per entry`);
    const kind = actions[0];
    let on: string | null = null;
    if (m.has("on")) {
      if (kind !== "run") src.fail(m.entries.get("on")!.keyNode, `'on' applies only to 'run' entries (${label} is '${kind}')`);
      on = target(src, m.where("on"), `'on' in ${label}`, ctx.nodes, false);
    }
    if (kind === "run") {
      const cmdNode = m.where("run");
      const command = src.str(cmdNode, `'run' in ${label}`);
      const op = src.at(cmdNode, () => parseDockerCommand(command, ctx.cli));
      if ((op.verb === "swarm.join" || op.verb === "swarm.leave") && on === null) {
        src.fail(cmdNode, `'${op.verb === "swarm.join" ? "docker swarm join" : "docker swarm leave"}' runs on the joining/leaving node: add 'on: <node>' to ${label}`);
      }
      if (op.verb === "service.create") addKnown(ctx.cli.services, [op.spec]);
      if (op.verb === "stack.deploy") addKnown(ctx.cli.services, op.services);
      out.push({ atUs: at, action: { kind: "run", command, op }, on });
    } else {
      out.push({ atUs: at, action: readFault(src, kind, m.where(kind), label, ctx), on: null });
    }
  }
  return out;
}

function addKnown(known: string[], specs: readonly ServiceSpec[]): void {
  for (const s of specs) if (!known.includes(s.name)) known.push(s.name);
}

/** A node name or a selector; `all` only where `allowAll`. */
function target(src: Src, node: YNode | null, label: string, nodes: readonly string[], allowAll: boolean): Target {
  const t = src.str(node, label);
  if (nodes.includes(t)) return t;
  const selectors = SELECTORS.filter((s) => allowAll || s !== "all");
  if ((selectors as readonly string[]).includes(t)) return t;
  if (t === "all") src.fail(node, `${label}: 'all' is allowed only for restart and resume`);
  return src.fail(node, `unknown node '${t}' in ${label}: expected a node name or ${oneOf(selectors)}${didYouMean(t, [...nodes, ...selectors])}`);
}

function targets(src: Src, node: YNode | null, label: string, nodes: readonly string[]): Target[] | null {
  if (node === null) return null;
  return src.list(node, label).map((n, i) => target(src, n, `${label}[${i}]`, nodes, false));
}

function forDuration(src: Src, m: MapView): Micros {
  m.require("for");
  const us = m.parse("for", 0, (s) => parseDuration(s));
  if (us <= 0) src.fail(m.where("for"), `'for' in ${m.label} must be longer than 0s`);
  return us;
}

function readFault(src: Src, kind: (typeof ACTION_KEYS)[number], node: YNode | null, entry: string, ctx: TimelineContext): Fault {
  const label = `'${kind}' in ${entry}`;
  const nodes = ctx.nodes;
  switch (kind) {
    case "crash": {
      if (node !== null && isMap(node)) {
        const m = new MapView(src, node, label, ["node", "loseUnsynced"]);
        return { kind, target: target(src, m.require("node"), `'node' in ${label}`, nodes, false), loseUnsynced: m.bool("loseUnsynced", false) };
      }
      return { kind, target: target(src, node, label, nodes, false), loseUnsynced: false };
    }
    case "restart":
    case "resume":
      return { kind, target: target(src, node, label, nodes, true) };
    case "pause":
    case "remove":
      return { kind, target: target(src, node, label, nodes, false) };
    case "heal": {
      const v = src.scalar(node, label);
      if (v !== true && v !== "all") src.fail(node, `${label}: write 'heal: true' (or 'heal: all'), found ${describe(node)}`);
      return { kind };
    }
    case "partition":
      return { kind, partition: readPartition(src, node, label, ctx) };
    case "loss":
    case "duplicate": {
      const m = new MapView(src, node, label, ["rate", "for", "nodes"]);
      m.require("rate");
      return { kind, rate: m.prob("rate", 0), forUs: forDuration(src, m), nodes: targets(src, m.get("nodes"), `'nodes' in ${label}`, nodes) };
    }
    case "delay": {
      // CONTRACT's form nests the latency as the network block does ({latency: {min, max, …}, for});
      // the flat form ({min, max, …, for}) reads the same. One or the other, not both.
      const m = new MapView(src, node, label, ["latency", "min", "max", "tailP", "tailMean", "for", "nodes"]);
      const flat = ["min", "max", "tailP", "tailMean"].filter((k) => m.has(k));
      if (m.has("latency") && flat.length > 0) src.fail(m.where(flat[0]), `${label}: give the latency either as 'latency: {min, max, …}' or as flat keys, not both`);
      const lat = m.has("latency") ? new MapView(src, m.get("latency"), `'latency' in ${label}`, ["min", "max", "tailP", "tailMean"]) : m;
      const latency: LatencySpec = readLatency(src, lat, { minUs: 0, maxUs: 0, tailP: 0, tailMeanUs: 0 }, true);
      return { kind, latency, forUs: forDuration(src, m), nodes: targets(src, m.get("nodes"), `'nodes' in ${label}`, nodes) };
    }
    case "skew": {
      const m = new MapView(src, node, label, ["node", "offset", "driftPpm"]);
      if (!m.has("offset") && !m.has("driftPpm")) src.fail(node, `${label} needs 'offset' and/or 'driftPpm'`);
      return {
        kind,
        target: target(src, m.require("node"), `'node' in ${label}`, nodes, false),
        offsetUs: m.has("offset") ? m.parse("offset", 0, (s) => parseDuration(s, true)) : null,
        driftPpm: m.has("driftPpm") ? m.num("driftPpm", 0, -MAX_DRIFT_PPM, MAX_DRIFT_PPM) : null,
      };
    }
    default:
      return src.fail(node, `unexpected action '${kind}'`);
  }
}

function readPartition(src: Src, node: YNode | null, label: string, ctx: TimelineContext): PartitionSpec {
  const nodes = ctx.nodes;
  const shapes = [...PARTITION_SHAPES, "isolate:<node>"];
  if (node !== null && isScalar(node)) {
    const s = src.str(node, label);
    if (s.startsWith("isolate:")) {
      const nodeName = s.slice("isolate:".length);
      if (!nodes.includes(nodeName) && !(["leader", "follower", "manager", "worker"] as string[]).includes(nodeName)) {
        src.fail(node, `unknown node '${nodeName}' in ${label}${didYouMean(nodeName, nodes)}`, "isolate:".length);
      }
      return { shape: "isolate", node: nodeName };
    }
    if ((PARTITION_SHAPES as readonly string[]).includes(s)) return { shape: s as (typeof PARTITION_SHAPES)[number] };
    return src.fail(node, `unknown partition shape '${s}': expected ${oneOf(shapes)}, a list of groups or {blocked: [[from, to], …]}${didYouMean(s, shapes)}`);
  }
  if (node !== null && isSeq(node)) {
    const seen = new Map<string, number>();
    const groups = src.list(node, label).map((g, gi) =>
      src.list(g, `group ${gi + 1} of ${label}`).map((n) => {
        const name = src.str(n, `group ${gi + 1} of ${label}`);
        if (!nodes.includes(name)) src.fail(n, `unknown node '${name}' in ${label}${didYouMean(name, nodes)}`);
        if (seen.has(name)) src.fail(n, `node '${name}' is in two partition groups (${seen.get(name)! + 1} and ${gi + 1})`);
        seen.set(name, gi);
        return name;
      }),
    );
    if (groups.length < 2) src.fail(node, `${label} needs at least two groups`);
    const missing = nodes.filter((n) => !seen.has(n));
    if (missing.length > 0) {
      const p = src.pos(node);
      ctx.warnings.push(`${src.file}:${p.line}:${p.col}: ${label}: ${missing.join(", ")} in no group, so cut off from every node`);
    }
    return { groups };
  }
  if (node !== null && isMap(node)) {
    const m = new MapView(src, node, label, ["blocked"]);
    const blocked = src.list(m.require("blocked"), `'blocked' in ${label}`).map((pair, i) => {
      const ends = src.list(pair, `'blocked[${i}]' in ${label}`);
      if (ends.length !== 2) src.fail(pair, `each blocked link is [from, to], found ${ends.length} names`);
      const [from, to] = ends.map((n) => {
        const name = src.str(n, `'blocked[${i}]' in ${label}`);
        if (!nodes.includes(name)) src.fail(n, `unknown node '${name}' in ${label}${didYouMean(name, nodes)}`);
        return name;
      });
      if (from === to) src.fail(pair, `a blocked link needs two different nodes, found [${from}, ${to}]`);
      return [from, to] as [string, string];
    });
    if (blocked.length === 0) src.fail(node, `${label}: 'blocked' lists no links`);
    return { blocked };
  }
  return src.fail(node, `${label}: expected a shape (${shapes.join(", ")}), a list of groups or {blocked: […]}, found ${describe(node)}`);
}

