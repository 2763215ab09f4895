// Scenario record → scenario file text, so `replay --save` turns a failure into a regression
// scenario. Services are written inline as compose (no stack file needed), durations as strings,
// `run:` entries as their command strings; defaults are left out. loadScenarioText(toYaml(s))
// gives back s, except `stack` (the provenance of services read from a stack file), which is
// null: the saved file names no stack file.
import { stringify } from "yaml";
import { assert } from "../kernel/assert.ts";
import { formatDuration } from "../kernel/types.ts";
import { SWARMKIT_RAFT_DEFAULTS } from "../raft/config.ts";
import type { BehaviourSpec, RestartPolicy, ServiceSpec, UpdateConfig } from "../swarm/spec.ts";
import type { Fault, LatencySpec, NodeSpec } from "../world/spec.ts";
import { DEFAULT_NETWORK, defaultNode } from "./load-world.ts";
import { DEFAULT_RESTART_POLICY, DEFAULT_STOP_GRACE_US, DEFAULT_UPDATE_CONFIG } from "./service-defaults.ts";
import type { ExpectSpec, Scenario, TimelineEntry } from "./types.ts";
import { formatCpus, formatGoDuration } from "./units.ts";

type Obj = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Compose strings are interpolated on load: a literal `$` is written `$$`. */
const esc = (s: string): string => s.replace(/\$/g, () => "$$");

export function toYaml(s: Scenario): string {
  const doc: Obj = { name: s.name };
  if (s.description !== "") doc.description = s.description;
  doc.seed = s.seed;
  doc.duration = formatDuration(s.durationUs);
  if (Object.keys(s.env).length > 0) doc.env = { ...s.env };
  doc.cluster = clusterYaml(s.nodes);
  const network = networkYaml(s);
  if (network) doc.network = network;
  const raft: Obj = {};
  const rd = SWARMKIT_RAFT_DEFAULTS;
  if (s.raft.tickUs !== rd.tickUs) raft.tick = formatDuration(s.raft.tickUs);
  for (const k of ["electionTick", "heartbeatTick", "checkQuorum", "preVote", "snapshotInterval", "readIndex", "logEntriesForSlowFollowers", "maxInflight", "maxEntriesPerMsg"] as const) {
    if (s.raft[k] !== rd[k]) raft[k] = s.raft[k];
  }
  if (Object.keys(raft).length > 0) doc.raft = raft;
  if (s.services.length > 0 || s.stack) {
    // Self-contained: the services are written inline and the stack file is not named (its path
    // was relative to the original scenario, and a file beside inline services is never read).
    // Only the stack name matters, for the `<stack>_<service>` names.
    const stackName = s.stack?.name ?? s.services[0].stack ?? s.name;
    if (stackName !== s.name) doc.stack = { name: stackName };
    if (s.services.length > 0) doc.services = Object.fromEntries(s.services.map((svc) => serviceYaml(svc, stackName)));
  }
  if (Object.keys(s.behaviour).length > 0) doc.behaviour = Object.fromEntries(Object.entries(s.behaviour).map(([k, b]) => [k, behaviourYaml(b)]));
  if (s.workload) {
    const w = s.workload;
    doc.workload = { clients: w.clients, rate: w.rateHz, timeout: formatDuration(w.timeoutUs), keys: w.keys, readRatio: w.readRatio };
  }
  if (s.bugs.length > 0) doc.bugs = [...s.bugs];
  if (s.timeline.length > 0) doc.timeline = s.timeline.map(entryYaml);
  const expect = expectYaml(s.expect);
  if (expect) doc.expect = expect;
  return stringify(doc, { lineWidth: 0 });
}

function clusterYaml(nodes: NodeSpec[]): Obj {
  const managers = nodes.filter((n) => n.role === "manager").length;
  const workers = nodes.length - managers;
  const generated = [
    ...Array.from({ length: managers }, (_, i) => defaultNode(`m${i + 1}`, "manager")),
    ...Array.from({ length: workers }, (_, i) => defaultNode(`w${i + 1}`, "worker")),
  ];
  if (same(nodes, generated)) return workers > 0 ? { managers, workers } : { managers };
  return {
    nodes: nodes.map((n) => {
      const d = defaultNode(n.name, n.role);
      const o: Obj = { name: n.name, role: n.role };
      if (Object.keys(n.labels).length > 0) o.labels = { ...n.labels };
      if (n.hostname !== d.hostname) o.hostname = n.hostname;
      if (!same(n.platform, d.platform)) o.platform = { ...n.platform };
      if (Object.keys(n.engineLabels).length > 0) o.engineLabels = { ...n.engineLabels };
      if (!same(n.resources, d.resources)) o.resources = { cpus: formatCpus(n.resources.nanoCpus), memory: n.resources.memoryBytes };
      if (n.joinLater) o.joinLater = true;
      return o;
    }),
  };
}

function latencyYaml(l: LatencySpec): Obj {
  const o: Obj = { min: formatDuration(l.minUs), max: formatDuration(l.maxUs) };
  if (l.tailP !== 0) o.tailP = l.tailP;
  if (l.tailMeanUs !== 0) o.tailMean = formatDuration(l.tailMeanUs);
  return o;
}

function networkYaml(s: Scenario): Obj | null {
  const n = s.network;
  const o: Obj = {};
  if (!same(n.latency, DEFAULT_NETWORK.latency)) o.latency = latencyYaml(n.latency);
  if (n.loss !== 0) o.loss = n.loss;
  if (n.duplicate !== 0) o.duplicate = n.duplicate;
  if (n.reorder !== 0) o.reorder = n.reorder;
  return Object.keys(o).length > 0 ? o : null;
}

function updateYaml(u: UpdateConfig): Obj {
  return {
    parallelism: u.parallelism,
    delay: formatGoDuration(u.delayUs),
    failure_action: u.failureAction,
    monitor: formatGoDuration(u.monitorUs),
    max_failure_ratio: u.maxFailureRatio,
    order: u.order,
  };
}

function restartYaml(r: RestartPolicy): Obj {
  const o: Obj = {};
  if (r.condition !== null) o.condition = r.condition;
  o.delay = formatGoDuration(r.delayUs);
  o.max_attempts = r.maxAttempts;
  o.window = formatGoDuration(r.windowUs);
  return o;
}

function serviceYaml(svc: ServiceSpec, stack: string): [string, Obj] {
  assert(svc.stack === stack && svc.name.startsWith(`${stack}_`), () => `toYaml: service '${svc.name}' is not in stack '${stack}' (inline services share one stack)`);
  const short = svc.name.slice(stack.length + 1);
  const o: Obj = { image: esc(svc.image) };
  if (svc.env.length > 0) o.environment = svc.env.map(esc);
  if (svc.stopGracePeriodUs !== DEFAULT_STOP_GRACE_US) o.stop_grace_period = formatGoDuration(svc.stopGracePeriodUs);
  if (svc.healthcheck) {
    const h = svc.healthcheck;
    o.healthcheck = { interval: formatGoDuration(h.intervalUs), timeout: formatGoDuration(h.timeoutUs), retries: h.retries, start_period: formatGoDuration(h.startPeriodUs) };
  }
  if (svc.endpoint.ports.length > 0) o.ports = svc.endpoint.ports.map((p) => ({ target: p.target, published: p.published, protocol: p.protocol, mode: p.mode }));
  if (!same(svc.networks, [`${stack}_default`])) o.networks = svc.networks.map(esc);

  const d: Obj = {};
  if (svc.mode !== "replicated") d.mode = svc.mode;
  if (svc.mode === "replicated" || svc.mode === "replicated-job") {
    if (svc.replicas !== 1) d.replicas = svc.replicas;
  } else {
    assert(svc.replicas === 0, () => `toYaml: ${svc.mode} service '${svc.name}' has replicas ${svc.replicas} (global services carry 0)`);
  }
  if (Object.keys(svc.labels).length > 0) d.labels = Object.fromEntries(Object.entries(svc.labels).map(([k, v]) => [k, esc(v)]));
  if (svc.endpoint.mode !== "vip") d.endpoint_mode = svc.endpoint.mode;
  const pl = svc.placement;
  const placement: Obj = {};
  if (pl.constraints.length > 0) placement.constraints = pl.constraints.map(esc);
  if (pl.preferences.length > 0) placement.preferences = pl.preferences.map((p) => ({ spread: esc(p) }));
  if (pl.maxReplicas !== 0) placement.max_replicas_per_node = pl.maxReplicas;
  if (pl.platforms.length > 0) placement.platforms = pl.platforms.map((p) => ({ os: esc(p.os), arch: esc(p.arch) }));
  if (Object.keys(placement).length > 0) d.placement = placement;
  const res: Obj = {};
  for (const k of ["limits", "reservations"] as const) {
    const r = svc.resources[k];
    const o2: Obj = {};
    if (r.nanoCpus !== 0) o2.cpus = formatCpus(r.nanoCpus);
    if (r.memoryBytes !== 0) o2.memory = r.memoryBytes;
    if (Object.keys(o2).length > 0) res[k] = o2;
  }
  if (Object.keys(res).length > 0) d.resources = res;
  if (!same(svc.restartPolicy, DEFAULT_RESTART_POLICY)) d.restart_policy = restartYaml(svc.restartPolicy);
  if (!same(svc.updateConfig, DEFAULT_UPDATE_CONFIG)) d.update_config = updateYaml(svc.updateConfig);
  if (!same(svc.rollbackConfig, DEFAULT_UPDATE_CONFIG)) d.rollback_config = updateYaml(svc.rollbackConfig);
  if (Object.keys(d).length > 0) o.deploy = d;
  return [short, o];
}

function behaviourYaml(b: BehaviourSpec): Obj {
  const o: Obj = { startup: formatDuration(b.startupUs) };
  if (b.exitAfterUs !== null) o.exitAfter = formatDuration(b.exitAfterUs);
  if (b.exitCode !== 0) o.exitCode = b.exitCode;
  if (b.failStart !== 0) o.failStart = b.failStart;
  if (b.unhealthyAfterUs !== null) o.unhealthyAfter = formatDuration(b.unhealthyAfterUs);
  return o;
}

function faultYaml(f: Fault): unknown {
  switch (f.kind) {
    case "crash":
      return f.loseUnsynced ? { node: f.target, loseUnsynced: true } : f.target;
    case "restart":
    case "pause":
    case "resume":
    case "remove":
      return f.target;
    case "heal":
      return true;
    case "partition": {
      const p = f.partition;
      if ("groups" in p) return p.groups.map((g) => [...g]);
      if ("blocked" in p) return { blocked: p.blocked.map((l) => [...l]) };
      return p.shape === "isolate" ? `isolate:${p.node}` : p.shape;
    }
    case "loss":
    case "duplicate": {
      const o: Obj = { rate: f.rate, for: formatDuration(f.forUs) };
      if (f.nodes) o.nodes = [...f.nodes];
      return o;
    }
    case "delay": {
      const o: Obj = { ...latencyYaml(f.latency), for: formatDuration(f.forUs) };
      if (f.nodes) o.nodes = [...f.nodes];
      return o;
    }
    case "skew": {
      const o: Obj = { node: f.target };
      if (f.offsetUs !== null) o.offset = formatDuration(f.offsetUs);
      if (f.driftPpm !== null) o.driftPpm = f.driftPpm;
      return o;
    }
  }
}

function entryYaml(e: TimelineEntry): Obj {
  const o: Obj = { at: formatDuration(e.atUs) };
  if (e.action.kind === "run") {
    o.run = e.action.command;
    if (e.on !== null) o.on = e.on;
  } else {
    o[e.action.kind] = faultYaml(e.action);
  }
  return o;
}

function expectYaml(x: ExpectSpec): Obj | null {
  const o: Obj = {};
  if (x.outcome !== "pass") o.outcome = x.outcome;
  if (x.disable.length > 0) o.disable = [...x.disable];
  if (x.convergeUs !== null) o.converge = formatDuration(x.convergeUs);
  if (x.minRunning.length > 0) {
    o.minRunning = x.minRunning.map((m) => {
      const r: Obj = { service: m.service, min: m.min };
      if (m.whileDownAtMost !== null) r.whileDownAtMost = m.whileDownAtMost;
      if (m.graceUs !== 0) r.grace = formatDuration(m.graceUs);
      return r;
    });
  }
  if (x.reached.length > 0) o.reached = [...x.reached];
  return Object.keys(o).length > 0 ? o : null;
}
