// Scenario keys that build the world: `cluster` → NodeSpec[], `network` → NetworkSpec,
// `raft` → RaftConfig.
import { DAY, MS, SEC } from "../kernel/types.ts";
import { type RaftConfig, SWARMKIT_RAFT_DEFAULTS } from "../raft/config.ts";
import { type LatencySpec, type NetworkSpec, type NodeSpec, type Role, SELECTORS } from "../world/spec.ts";
import { InputError } from "./errors.ts";
import { pick } from "./stack/compose.ts";
import { parseCpus, parseDuration, parseSize } from "./units.ts";
import { MapView, type Src, type YNode } from "./yaml-source.ts";

export const MAX_MANAGERS = 100;
export const MAX_WORKERS = 5000;
export const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
export const DEFAULT_NODE_RESOURCES = Object.freeze({ nanoCpus: 4_000_000_000, memoryBytes: 8 * 2 ** 30 });
export const DEFAULT_PLATFORM = Object.freeze({ os: "linux", arch: "amd64" });
export const DEFAULT_NETWORK: Readonly<NetworkSpec> = Object.freeze({
  latency: Object.freeze({ minUs: 500, maxUs: 2 * MS, tailP: 0, tailMeanUs: 0 }),
  loss: 0,
  duplicate: 0,
  reorder: 0,
});

/** A generated node: hostname = name, linux/amd64, 4 CPUs / 8 GiB, no labels. */
export function defaultNode(name: string, role: Role): NodeSpec {
  return { name, role, labels: {}, engineLabels: {}, hostname: name, platform: { ...DEFAULT_PLATFORM }, resources: { ...DEFAULT_NODE_RESOURCES } };
}

export function readCluster(src: Src, node: YNode | null, where: YNode | null): NodeSpec[] {
  const c = new MapView(src, node, "cluster", ["managers", "workers", "nodes"]);
  let nodes: NodeSpec[];
  if (c.has("nodes")) {
    if (c.has("managers") || c.has("workers")) {
      src.fail(c.where(c.has("managers") ? "managers" : "workers"), "cluster: use either 'managers'/'workers' counts or a 'nodes' list, not both");
    }
    nodes = src.list(c.get("nodes"), "'nodes' in cluster").map((n, i) => readNode(src, n, i));
    const seen = new Map<string, number>();
    for (const [i, n] of nodes.entries()) {
      if (seen.has(n.name)) src.fail(src.list(c.get("nodes"), "")[i], `duplicate node name '${n.name}' (also node ${seen.get(n.name)! + 1})`);
      seen.set(n.name, i);
    }
  } else {
    const managers = c.int("managers", 3, 0, MAX_MANAGERS);
    const workers = c.int("workers", 0, 0, MAX_WORKERS);
    nodes = [];
    for (let i = 1; i <= managers; i++) nodes.push(defaultNode(`m${i}`, "manager"));
    for (let i = 1; i <= workers; i++) nodes.push(defaultNode(`w${i}`, "worker"));
  }
  if (!nodes.some((n) => n.role === "manager" && !n.joinLater)) {
    src.fail(c.node ?? where, "the cluster needs at least one manager in the initial swarm");
  }
  if (nodes.filter((n) => n.role === "manager").length > MAX_MANAGERS) src.fail(c.node, `more than ${MAX_MANAGERS} managers`);
  if (nodes.filter((n) => n.role === "worker").length > MAX_WORKERS) src.fail(c.node, `more than ${MAX_WORKERS} workers`);
  return nodes;
}

function readNode(src: Src, node: YNode, i: number): NodeSpec {
  const label = `cluster node ${i + 1}`;
  const m = new MapView(src, node, label, ["name", "role", "labels", "hostname", "platform", "engineLabels", "resources", "joinLater"]);
  const name = src.str(m.require("name"), `'name' in ${label}`);
  if (!NODE_NAME.test(name)) src.fail(m.where("name"), `invalid node name '${name}': use letters, digits, '-', '_' or '.'`);
  if ((SELECTORS as readonly string[]).includes(name)) src.fail(m.where("name"), `node name '${name}' is reserved (it is a target selector)`);
  const l = `node '${name}'`;
  const role = m.parse("role", "worker" as Role, (s) => pick(s, ["manager", "worker"] as const, "role"));
  if (!m.has("role")) src.fail(node, `${l} needs a 'role' (manager or worker)`);
  const spec = defaultNode(name, role);
  spec.labels = src.strMap(m.get("labels"), `'labels' in ${l}`);
  spec.engineLabels = src.strMap(m.get("engineLabels"), `'engineLabels' in ${l}`);
  spec.hostname = m.str("hostname", name);
  if (m.has("platform")) {
    const p = new MapView(src, m.get("platform"), `'platform' in ${l}`, ["os", "arch"]);
    spec.platform = { os: p.str("os", DEFAULT_PLATFORM.os), arch: p.str("arch", DEFAULT_PLATFORM.arch) };
  }
  if (m.has("resources")) {
    const r = new MapView(src, m.get("resources"), `'resources' in ${l}`, ["cpus", "memory"]);
    spec.resources = { nanoCpus: r.parse("cpus", DEFAULT_NODE_RESOURCES.nanoCpus, parseCpus), memoryBytes: r.parse("memory", DEFAULT_NODE_RESOURCES.memoryBytes, parseSize) };
  }
  if (m.bool("joinLater", false)) spec.joinLater = true;
  return spec;
}

/** A duration in [0, 1 day] (latency and similar). */
export function shortDuration(s: string): number {
  const us = parseDuration(s);
  if (us > DAY) throw new InputError(`duration '${s}' is absurdly long here (at most 1d)`);
  return us;
}



export function readLatency(src: Src, m: MapView, dflt: LatencySpec, required: boolean): LatencySpec {
  if (required) {
    m.require("min");
    m.require("max");
  }
  const lat: LatencySpec = {
    minUs: m.parse("min", dflt.minUs, shortDuration),
    maxUs: m.parse("max", dflt.maxUs, shortDuration),
    tailP: m.prob("tailP", dflt.tailP),
    tailMeanUs: m.parse("tailMean", dflt.tailMeanUs, shortDuration),
  };
  if (lat.minUs > lat.maxUs) src.fail(m.where("max"), `latency max (${m.str("max", "")}) is below min`);
  return lat;
}

export function readNetwork(src: Src, node: YNode | null): NetworkSpec {
  const m = new MapView(src, node, "network", ["latency", "loss", "duplicate", "reorder"]);
  const lat = new MapView(src, m.get("latency"), "'latency' in network", ["min", "max", "tailP", "tailMean"]);
  return {
    latency: readLatency(src, lat, DEFAULT_NETWORK.latency, false),
    loss: m.prob("loss", 0),
    duplicate: m.prob("duplicate", 0),
    reorder: m.prob("reorder", 0),
  };
}

const RAFT_KEYS = ["tick", "electionTick", "heartbeatTick", "checkQuorum", "preVote", "snapshotInterval", "readIndex", "logEntriesForSlowFollowers", "maxInflight", "maxEntriesPerMsg"];

export function readRaft(src: Src, node: YNode | null): RaftConfig {
  const m = new MapView(src, node, "raft", RAFT_KEYS);
  const d = SWARMKIT_RAFT_DEFAULTS;
  const cfg: RaftConfig = {
    tickUs: m.parse("tick", d.tickUs, (s) => {
      const us = parseDuration(s);
      if (us < MS || us > 60 * SEC) throw new InputError(`tick '${s}' must be between 1ms and 1m`);
      return us;
    }),
    electionTick: m.int("electionTick", d.electionTick, 2, 1000),
    heartbeatTick: m.int("heartbeatTick", d.heartbeatTick, 1, 999),
    checkQuorum: m.bool("checkQuorum", d.checkQuorum),
    preVote: m.bool("preVote", d.preVote),
    snapshotInterval: m.int("snapshotInterval", d.snapshotInterval, 1, 1_000_000_000),
    logEntriesForSlowFollowers: m.int("logEntriesForSlowFollowers", d.logEntriesForSlowFollowers, 0, 1_000_000_000),
    readIndex: m.bool("readIndex", d.readIndex),
    maxInflight: m.int("maxInflight", d.maxInflight, 1, 1_000_000),
    maxEntriesPerMsg: m.int("maxEntriesPerMsg", d.maxEntriesPerMsg, 1, 1_000_000),
  };
  if (cfg.heartbeatTick >= cfg.electionTick) src.fail(m.where("heartbeatTick"), `raft heartbeatTick (${cfg.heartbeatTick}) must be less than electionTick (${cfg.electionTick})`);
  return cfg;
}
