// Compose v3 services (with `deploy:`) → ServiceSpec records, as `docker stack deploy` converts
// them (docker/cli cli/compose/convert). Used for stack files and a scenario's inline `services:`.
import type { Micros } from "../../kernel/types.ts";
import type { HealthcheckSpec, PortSpec, RestartPolicy, ServiceMode, ServiceSpec, UpdateConfig } from "../../swarm/spec.ts";
import { isMap, isSeq } from "yaml";
import { constraintsError } from "../../swarm/constraints.ts";
import { ERR_JOBS } from "../../swarm/controlapi/api.ts";
import { didYouMean, InputError, oneOf } from "../errors.ts";
import { checkPort, checkPortMode, checkProtocol, parseShortPort } from "../ports.ts";
import { DEFAULT_HEALTHCHECK, DEFAULT_UPDATE_CONFIG, defaultServiceSpec, MAX_REPLICAS, SERVICE_NAME } from "../service-defaults.ts";
import { parseCpus, parseGoDuration, parseSize } from "../units.ts";
import { MapView, type Src, type YNode } from "../yaml-source.ts";

/** Keys the model reads, plus resources the stack owns (accepted without a warning). */
const USED_KEYS = ["image", "deploy", "healthcheck", "ports", "networks", "stop_grace_period", "environment"];
const SILENT_KEYS = ["secrets", "configs", "volumes"];
/** Valid compose service keys the simulation does not model: ignored with one warning per file. */
const IGNORED_KEYS = [
  "build", "cap_add", "cap_drop", "cgroup_parent", "cgroupns_mode", "command", "container_name",
  "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
  "cpus", "cpuset", "credential_spec", "depends_on", "device_cgroup_rules", "devices", "dns", "dns_opt",
  "dns_search", "domainname", "entrypoint", "env_file", "expose", "external_links", "extra_hosts",
  "group_add", "hostname", "init", "ipc", "isolation", "labels", "links", "logging", "mac_address",
  "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "network_mode", "oom_kill_disable",
  "oom_score_adj", "pid", "pids_limit", "platform", "privileged", "profiles", "pull_policy", "read_only",
  "restart", "runtime", "scale", "security_opt", "shm_size", "stdin_open", "stop_signal", "storage_opt",
  "sysctls", "tmpfs", "tty", "ulimits", "user", "userns_mode", "working_dir",
];
const SERVICE_KEYS = [...USED_KEYS, ...SILENT_KEYS, ...IGNORED_KEYS];

const DEPLOY_KEYS = ["mode", "replicas", "labels", "placement", "resources", "restart_policy", "update_config", "rollback_config", "endpoint_mode"];
/** `platforms` is a swarmsim extension (the engine derives it from the image manifest). */
const PLACEMENT_KEYS = ["constraints", "preferences", "max_replicas_per_node", "platforms"];
const MODES: readonly ServiceMode[] = ["replicated", "global", "replicated-job", "global-job"];
const RESTART_CONDITIONS = ["none", "on-failure", "any"] as const;
const FAILURE_ACTIONS = ["pause", "continue", "rollback"] as const;
const ORDERS = ["stop-first", "start-first"] as const;

export const RESTART_WITHOUT_CONDITION_WARNING =
  "restart_policy without condition: SwarmKit applies condition none (the task is never restarted)";

export interface ComposeContext {
  stack: string;
  /** Network key → full network name (declared at the file's top level); null = names as written. */
  networks: ReadonlyMap<string, string> | null;
  warnings: string[];
  /** Ignored service keys seen, in first-seen order (one warning per file lists them). */
  ignored: string[];
}

export function readComposeServices(src: Src, node: YNode | null, ctx: ComposeContext): ServiceSpec[] {
  const services = new MapView(src, node, "services", null);
  const out: ServiceSpec[] = [];
  for (const e of services.entries.values()) {
    if (!SERVICE_NAME.test(e.key)) src.fail(e.keyNode, `invalid service name '${e.key}': use letters, digits, '-', '_' or '.'`);
    out.push(readService(src, e.key, e.value, ctx));
  }
  return out;
}

function readService(src: Src, short: string, node: YNode | null, ctx: ComposeContext): ServiceSpec {
  const label = `service '${short}'`;
  const m = new MapView(src, node, label, SERVICE_KEYS, true);
  for (const key of m.entries.keys()) if (IGNORED_KEYS.includes(key) && !ctx.ignored.includes(key)) ctx.ignored.push(key);
  if (!m.has("image")) src.fail(m.node ?? node, `${label} has no image (docker stack deploy needs an image; 'build' is ignored)`);
  const spec = defaultServiceSpec(`${ctx.stack}_${short}`, ctx.stack, m.str("image", ""));
  if (spec.image === "") src.fail(m.where("image"), `${label} has an empty image`);
  spec.env = readEnvironment(src, m.get("environment"), `'environment' in ${label}`);
  spec.stopGracePeriodUs = m.parse("stop_grace_period", spec.stopGracePeriodUs, nonNegative(parseGoDuration));
  spec.healthcheck = readHealthcheck(src, m, label);
  spec.endpoint.ports = readPorts(src, m.get("ports"), `'ports' in ${label}`);
  spec.networks = readServiceNetworks(src, m, label, ctx);
  if (m.has("deploy")) readDeploy(src, m.get("deploy"), spec, `'deploy' in ${label}`, ctx);
  if (spec.endpoint.mode === "dnsrr" && spec.endpoint.ports.some((p) => p.mode === "ingress")) {
    src.fail(m.where("ports"), `${label}: ports published in ingress mode can't be used with endpoint_mode dnsrr (use mode: host)`);
  }
  return spec;
}

function nonNegative(fn: (s: string) => Micros): (s: string) => Micros {
  return (s) => {
    const us = fn(s);
    if (us < 0) throw new InputError(`negative duration '${s}'`);
    return us;
  };
}

function readEnvironment(src: Src, node: YNode | null, label: string): string[] {
  if (node === null || isSeq(node)) return src.strList(node, label);
  const env = new MapView(src, node, label, null);
  const out: string[] = [];
  for (const e of env.entries.values()) {
    const v = e.value === null ? null : src.scalar(e.value, `'${e.key}' in ${label}`);
    out.push(v === null ? e.key : `${e.key}=${String(v)}`);
  }
  return out;
}

function readHealthcheck(src: Src, svc: MapView, label: string): HealthcheckSpec | null {
  if (!svc.has("healthcheck")) return null;
  const l = `'healthcheck' in ${label}`;
  const m = new MapView(src, svc.get("healthcheck"), l, ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"]);
  if (m.bool("disable", false)) return null;
  const test = m.get("test");
  if (test !== null) {
    const words = isSeq(test) ? src.strList(test, `'test' in ${l}`) : [src.text(test, `'test' in ${l}`)];
    if (words[0] === "NONE") return null;
  }
  const dur = nonNegative(parseGoDuration);
  return {
    intervalUs: m.parse("interval", DEFAULT_HEALTHCHECK.intervalUs, dur),
    timeoutUs: m.parse("timeout", DEFAULT_HEALTHCHECK.timeoutUs, dur),
    retries: m.int("retries", DEFAULT_HEALTHCHECK.retries, 0, 1000),
    startPeriodUs: m.parse("start_period", DEFAULT_HEALTHCHECK.startPeriodUs, dur),
  };
}

function readPorts(src: Src, node: YNode | null, label: string): PortSpec[] {
  const out: PortSpec[] = [];
  for (const [i, item] of src.list(node, label).entries()) {
    const l = `${label}[${i}]`;
    if (isMap(item)) {
      const m = new MapView(src, item, l, ["target", "published", "protocol", "mode", "host_ip", "name", "app_protocol"]);
      const target = m.int("target", 0, 1, 65535);
      if (target === 0) src.fail(item, `${l} needs 'target'`);
      out.push({
        target,
        published: m.parse("published", 0, parsePublished),
        protocol: m.parse("protocol", "tcp", checkProtocol),
        mode: m.parse("mode", "ingress", checkPortMode),
      });
    } else {
      const text = src.text(item, l);
      out.push(...src.at(item, () => parseShortPort(text), `${l}: `));
    }
  }
  return out;
}

function parsePublished(s: string): number {
  if (!/^\d+$/.test(s.trim())) throw new InputError(`invalid published port '${s}': expected a port number`);
  return checkPort(Number(s), "published", true);
}

function readServiceNetworks(src: Src, svc: MapView, label: string, ctx: ComposeContext): string[] {
  const def = `${ctx.stack}_default`;
  if (!svc.has("networks")) return [def];
  const node = svc.get("networks");
  const l = `'networks' in ${label}`;
  let names: { name: string; at: YNode | null }[];
  if (node !== null && isMap(node)) {
    names = [...new MapView(src, node, l, null).entries.values()].map((e) => ({ name: e.key, at: e.keyNode }));
  } else {
    names = src.list(node, l).map((n, i) => ({ name: src.text(n, `${l}[${i}]`), at: n }));
  }
  return names.map(({ name, at }) => {
    if (ctx.networks === null) return name === "default" ? def : name;
    const full = ctx.networks.get(name);
    if (full !== undefined) return full;
    if (name === "default") return def;
    return src.fail(at, `${label} uses network '${name}', which the file does not declare under top-level 'networks'${didYouMean(name, ctx.networks.keys())}`);
  });
}

function readDeploy(src: Src, node: YNode | null, spec: ServiceSpec, label: string, ctx: ComposeContext): void {
  const d = new MapView(src, node, label, DEPLOY_KEYS, true);
  spec.mode = d.parse("mode", spec.mode, (s) => pick(s, MODES, "deploy mode"));
  // docker stack deploy sends the spec to the control API, which rejects job modes here (api.ts).
  const modeEntry = d.entries.get("mode");
  if (modeEntry && (spec.mode === "replicated-job" || spec.mode === "global-job")) src.fail(modeEntry.keyNode, `service '${shortName(spec, ctx)}': ${ERR_JOBS}`);
  const global = spec.mode === "global" || spec.mode === "global-job";
  if (global && d.has("replicas")) src.fail(d.where("replicas"), `'replicas' can't be used with mode ${spec.mode} (${label})`);
  spec.replicas = global ? 0 : d.int("replicas", 1, 0, MAX_REPLICAS);
  if (d.has("labels")) spec.labels = readLabels(src, d.get("labels"), `'labels' in ${label}`);
  spec.endpoint.mode = d.parse("endpoint_mode", spec.endpoint.mode, (s) => pick(s, ["vip", "dnsrr"] as const, "endpoint_mode"));

  const p = new MapView(src, d.get("placement"), `'placement' in ${label}`, PLACEMENT_KEYS);
  // Parsed as the control API parses them (SwarmKit's grammar and texts): a bad constraint fails
  // `docker stack deploy` and `docker service create` alike, so it is a load error at the string.
  const cl = `'constraints' in ${p.label}`;
  spec.placement.constraints = src.list(p.get("constraints"), cl).map((n, i) => {
    const c = src.text(n, `${cl}[${i}]`).trim();
    const err = constraintsError([c]);
    if (err !== null) src.fail(n, `service '${shortName(spec, ctx)}': ${err}`);
    return c;
  });
  spec.placement.preferences = src.list(p.get("preferences"), `'preferences' in ${p.label}`).map((n, i) => {
    const pref = new MapView(src, n, `'preferences[${i}]' in ${p.label}`, ["spread"]);
    return src.text(pref.require("spread"), `'spread' in ${pref.label}`);
  });
  spec.placement.maxReplicas = p.int("max_replicas_per_node", 0, 0, MAX_REPLICAS);
  spec.placement.platforms = src.list(p.get("platforms"), `'platforms' in ${p.label}`).map((n, i) => {
    const pl = new MapView(src, n, `'platforms[${i}]' in ${p.label}`, ["os", "arch"]);
    return { os: pl.str("os", ""), arch: pl.str("arch", "") };
  });

  const r = new MapView(src, d.get("resources"), `'resources' in ${label}`, ["limits", "reservations"]);
  const lim = new MapView(src, r.get("limits"), `'limits' in ${r.label}`, ["cpus", "memory", "pids"]);
  const res = new MapView(src, r.get("reservations"), `'reservations' in ${r.label}`, ["cpus", "memory", "generic_resources", "devices"]);
  spec.resources.limits = { nanoCpus: lim.parse("cpus", 0, parseCpus), memoryBytes: lim.parse("memory", 0, parseSize) };
  spec.resources.reservations = { nanoCpus: res.parse("cpus", 0, parseCpus), memoryBytes: res.parse("memory", 0, parseSize) };

  if (d.has("restart_policy")) spec.restartPolicy = readRestartPolicy(src, d.get("restart_policy"), `'restart_policy' in ${label}`, spec.name, ctx);
  if (d.has("update_config")) spec.updateConfig = readUpdateConfig(src, d.get("update_config"), `'update_config' in ${label}`);
  if (d.has("rollback_config")) spec.rollbackConfig = readUpdateConfig(src, d.get("rollback_config"), `'rollback_config' in ${label}`);
}

/** The service's name as the stack file writes it (without the `<stack>_` prefix). */
function shortName(spec: ServiceSpec, ctx: ComposeContext): string {
  return spec.name.slice(ctx.stack.length + 1);
}

function readLabels(src: Src, node: YNode | null, label: string): Record<string, string> {
  if (node !== null && isMap(node)) return src.strMap(node, label);
  const out: Record<string, string> = {};
  for (const item of src.strList(node, label)) {
    const eq = item.indexOf("=");
    if (eq < 0) out[item] = "";
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function readRestartPolicy(src: Src, node: YNode | null, label: string, service: string, ctx: ComposeContext): RestartPolicy {
  const m = new MapView(src, node, label, ["condition", "delay", "max_attempts", "window"]);
  const hasCondition = m.has("condition");
  if (!hasCondition) {
    const p = src.pos(m.node ?? node);
    ctx.warnings.push(`${src.file}:${p.line}:${p.col}: service '${service}': ${RESTART_WITHOUT_CONDITION_WARNING}`);
  }
  return {
    condition: hasCondition ? m.parse("condition", null, (s) => pick(s, RESTART_CONDITIONS, "restart condition")) : null,
    delayUs: m.parse("delay", 5_000_000, nonNegative(parseGoDuration)),
    maxAttempts: m.int("max_attempts", 0, 0, 1_000_000),
    windowUs: m.parse("window", 0, nonNegative(parseGoDuration)),
  };
}

function readUpdateConfig(src: Src, node: YNode | null, label: string): UpdateConfig {
  const m = new MapView(src, node, label, ["parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"]);
  const d = DEFAULT_UPDATE_CONFIG;
  return {
    parallelism: m.int("parallelism", d.parallelism, 0, MAX_REPLICAS),
    delayUs: m.parse("delay", d.delayUs, nonNegative(parseGoDuration)),
    failureAction: m.parse("failure_action", d.failureAction, (s) => pick(s, FAILURE_ACTIONS, "failure_action")),
    monitorUs: m.parse("monitor", d.monitorUs, nonNegative(parseGoDuration)),
    maxFailureRatio: m.num("max_failure_ratio", d.maxFailureRatio, 0, 1),
    order: m.parse("order", d.order, (s) => pick(s, ORDERS, "order")),
  };
}

/** One of a fixed set of words, or an InputError listing them (with a did-you-mean). */
export function pick<T extends string>(s: string, options: readonly T[], what: string): T {
  if ((options as readonly string[]).includes(s)) return s as T;
  throw new InputError(`unknown ${what} '${s}': expected ${oneOf(options)}${didYouMean(s, options)}`);
}
