// `docker service create` and `docker service update` flags → ServiceSpec / ServiceUpdate.
import type { HealthcheckSpec, PortSpec, RestartPolicy, ServiceMode, ServiceSpec, ServiceUpdate, UpdateConfig } from "../swarm/spec.ts";
import { type FlagReader, type FlagSpec, parseFloatIn, parseIntIn } from "./cli-flags.ts";
import { InputError } from "./errors.ts";
import { parsePublishFlag, parseShortPort } from "./ports.ts";
import { DEFAULT_HEALTHCHECK, defaultServiceSpec, MAX_REPLICAS, SERVICE_NAME } from "./service-defaults.ts";
import { pick } from "./stack/compose.ts";
import { parseCpus, parseGoDuration, parseSize } from "./units.ts";

const v = (long: string, short?: string): FlagSpec => ({ long, short, value: true });
const b = (long: string, short?: string): FlagSpec => ({ long, short, value: false });
const ignoredV = (long: string, short?: string): FlagSpec => ({ long, short, value: true, ignored: true });
const ignoredB = (long: string, short?: string): FlagSpec => ({ long, short, value: false, ignored: true });

const UPDATE_KEYS = ["parallelism", "delay", "failure-action", "monitor", "max-failure-ratio", "order"];

/** Flags both create and update take with the same meaning. */
const COMMON: FlagSpec[] = [
  v("replicas"),
  v("replicas-max-per-node"),
  v("reserve-cpu"),
  v("reserve-memory"),
  v("limit-cpu"),
  v("limit-memory"),
  v("restart-condition"),
  v("restart-delay"),
  v("restart-max-attempts"),
  v("restart-window"),
  ...UPDATE_KEYS.map((k) => v(`update-${k}`)),
  ...UPDATE_KEYS.map((k) => v(`rollback-${k}`)),
  v("health-cmd"),
  v("health-interval"),
  v("health-timeout"),
  v("health-retries"),
  v("health-start-period"),
  b("no-healthcheck"),
  v("endpoint-mode"),
  v("stop-grace-period"),
  b("detach", "d"),
  b("quiet", "q"),
  b("with-registry-auth"),
  b("no-resolve-image"),
  // Container-level settings the model does not simulate.
  ignoredV("mount"),
  ignoredV("secret"),
  ignoredV("config"),
  ignoredV("hostname"),
  ignoredV("user", "u"),
  ignoredV("workdir", "w"),
  ignoredV("entrypoint"),
  ignoredV("container-label"),
  ignoredV("log-driver"),
  ignoredV("log-opt"),
  ignoredV("dns"),
  ignoredV("stop-signal"),
  ignoredV("health-start-interval"),
  ignoredB("init"),
  ignoredB("tty", "t"),
  ignoredB("read-only"),
];

export const CREATE_FLAGS: FlagSpec[] = [
  v("name"),
  v("mode"),
  v("constraint"),
  v("placement-pref"),
  v("publish", "p"),
  v("env", "e"),
  v("label"),
  v("network"),
  ignoredV("env-file"),
  ...COMMON,
];

export const UPDATE_FLAGS: FlagSpec[] = [
  v("image"),
  b("force"),
  b("rollback"),
  v("constraint-add"),
  v("constraint-rm"),
  v("label-add"),
  v("label-rm"),
  v("env-add"),
  v("env-rm"),
  v("placement-pref-add"),
  v("placement-pref-rm"),
  v("publish-add"),
  v("publish-rm"),
  ignoredV("network-add"),
  ignoredV("network-rm"),
  ignoredV("args"),
  ...COMMON,
];

const MODES: readonly ServiceMode[] = ["replicated", "global", "replicated-job", "global-job"];
const DUR = (s: string): number => {
  const us = parseGoDuration(s);
  if (us < 0) throw new InputError(`negative duration '${s}'`);
  return us;
};

/** `--placement-pref spread=node.labels.zone` → `node.labels.zone`. */
function parsePref(s: string): string {
  const m = /^spread=(.+)$/.exec(s);
  if (m === null) throw new InputError(`invalid placement preference '${s}': expected 'spread=<descriptor>', e.g. spread=node.labels.zone`);
  return m[1];
}

function parseKeyValue(s: string): [string, string] {
  const eq = s.indexOf("=");
  if (eq === 0) throw new InputError(`invalid label '${s}': empty key`);
  return eq < 0 ? [s, ""] : [s.slice(0, eq), s.slice(eq + 1)];
}

function updateConfigPart(f: FlagReader, prefix: "update" | "rollback"): Partial<UpdateConfig> {
  const out: Partial<UpdateConfig> = {};
  const actions = prefix === "update" ? (["pause", "continue", "rollback"] as const) : (["pause", "continue"] as const);
  const set = <K extends keyof UpdateConfig>(k: K, val: UpdateConfig[K] | undefined): void => {
    if (val !== undefined) out[k] = val;
  };
  set("parallelism", f.parse(`${prefix}-parallelism`, (s) => parseIntIn(s, 0, MAX_REPLICAS)));
  set("delayUs", f.parse(`${prefix}-delay`, DUR));
  set("failureAction", f.parse(`${prefix}-failure-action`, (s) => pick(s, actions, "failure action")));
  set("monitorUs", f.parse(`${prefix}-monitor`, DUR));
  set("maxFailureRatio", f.parse(`${prefix}-max-failure-ratio`, (s) => parseFloatIn(s, 0, 1)));
  set("order", f.parse(`${prefix}-order`, (s) => pick(s, ["stop-first", "start-first"] as const, "update order")));
  return out;
}

function restartPart(f: FlagReader): Partial<RestartPolicy> {
  const out: Partial<RestartPolicy> = {};
  const c = f.parse("restart-condition", (s) => pick(s, ["none", "on-failure", "any"] as const, "restart condition"));
  if (c !== undefined) out.condition = c;
  const d = f.parse("restart-delay", DUR);
  if (d !== undefined) out.delayUs = d;
  const n = f.parse("restart-max-attempts", (s) => parseIntIn(s, 0, 1_000_000));
  if (n !== undefined) out.maxAttempts = n;
  const w = f.parse("restart-window", DUR);
  if (w !== undefined) out.windowUs = w;
  return out;
}

/** undefined = no health flag; null = --no-healthcheck; else the full spec (docker defaults fill in). */
function healthPart(f: FlagReader): HealthcheckSpec | null | undefined {
  const any = ["health-cmd", "health-interval", "health-timeout", "health-retries", "health-start-period"].some((k) => f.has(k));
  if (f.bool("no-healthcheck")) {
    if (any) throw new InputError("--no-healthcheck conflicts with the --health-* options");
    return null;
  }
  if (!any) return undefined;
  return {
    intervalUs: f.parse("health-interval", DUR) ?? DEFAULT_HEALTHCHECK.intervalUs,
    timeoutUs: f.parse("health-timeout", DUR) ?? DEFAULT_HEALTHCHECK.timeoutUs,
    retries: f.parse("health-retries", (s) => parseIntIn(s, 0, 1000)) ?? DEFAULT_HEALTHCHECK.retries,
    startPeriodUs: f.parse("health-start-period", DUR) ?? DEFAULT_HEALTHCHECK.startPeriodUs,
  };
}

export function serviceCreateSpec(f: FlagReader, image: string): ServiceSpec {
  const name = f.last("name");
  if (name === undefined) throw new InputError("docker service create needs --name (generated names would not be deterministic)");
  f.parse("name", (s) => {
    if (!SERVICE_NAME.test(s)) throw new InputError(`invalid service name '${s}'`);
  });
  const spec = defaultServiceSpec(name, null, image);
  spec.mode = f.parse("mode", (s) => pick(s, MODES, "service mode")) ?? "replicated";
  const global = spec.mode === "global" || spec.mode === "global-job";
  if (global && f.has("replicas")) throw new InputError(`--replicas can't be used with --mode ${spec.mode}`);
  spec.replicas = global ? 0 : (f.parse("replicas", (s) => parseIntIn(s, 0, MAX_REPLICAS)) ?? 1);
  spec.labels = Object.fromEntries(f.parseAll("label", parseKeyValue));
  spec.env = f.all("env");
  spec.placement.constraints = f.all("constraint").map((c) => c.trim());
  spec.placement.preferences = f.parseAll("placement-pref", parsePref);
  spec.placement.maxReplicas = f.parse("replicas-max-per-node", (s) => parseIntIn(s, 0, MAX_REPLICAS)) ?? 0;
  spec.resources.reservations = {
    nanoCpus: f.parse("reserve-cpu", parseCpus) ?? 0,
    memoryBytes: f.parse("reserve-memory", parseSize) ?? 0,
  };
  spec.resources.limits = {
    nanoCpus: f.parse("limit-cpu", parseCpus) ?? 0,
    memoryBytes: f.parse("limit-memory", parseSize) ?? 0,
  };
  spec.restartPolicy = { ...spec.restartPolicy, ...restartPart(f) };
  spec.updateConfig = { ...spec.updateConfig, ...updateConfigPart(f, "update") };
  spec.rollbackConfig = { ...spec.rollbackConfig, ...updateConfigPart(f, "rollback") };
  spec.healthcheck = healthPart(f) ?? null;
  spec.endpoint.mode = f.parse("endpoint-mode", (s) => pick(s, ["vip", "dnsrr"] as const, "endpoint mode")) ?? "vip";
  spec.endpoint.ports = f.parseAll("publish", parsePublishFlag).flat();
  if (spec.endpoint.mode === "dnsrr" && spec.endpoint.ports.some((p) => p.mode === "ingress")) {
    throw new InputError("ports published in ingress mode can't be used with --endpoint-mode dnsrr (use mode=host)");
  }
  spec.networks = f.all("network");
  spec.stopGracePeriodUs = f.parse("stop-grace-period", DUR) ?? spec.stopGracePeriodUs;
  return spec;
}

/** `--publish-rm` names a port by its target: `80`, `80/tcp`, `8080:80` or `target=80`. */
function parsePublishRm(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const ports: PortSpec[] = s.includes("=") ? parsePublishFlag(s) : parseShortPort(s);
  return ports[0].target;
}

/** Flags of `docker service update` that only make sense alone with --rollback. */
export function serviceUpdateChanges(f: FlagReader, warnings: string[]): ServiceUpdate {
  const u: ServiceUpdate = {};
  const image = f.last("image");
  if (image !== undefined) {
    if (image === "") throw new InputError("--image needs a non-empty image name");
    u.image = image;
  }
  const replicas = f.parse("replicas", (s) => parseIntIn(s, 0, MAX_REPLICAS));
  if (replicas !== undefined) u.replicas = replicas;
  if (f.bool("force")) u.force = true;
  if (f.has("constraint-add")) u.constraintAdd = f.all("constraint-add").map((c) => c.trim());
  if (f.has("constraint-rm")) u.constraintRm = f.all("constraint-rm").map((c) => c.trim());
  if (f.has("label-add")) u.labelAdd = Object.fromEntries(f.parseAll("label-add", parseKeyValue));
  if (f.has("label-rm")) u.labelRm = f.all("label-rm");
  if (f.has("env-add")) u.envAdd = f.all("env-add");
  if (f.has("env-rm")) u.envRm = f.all("env-rm");
  if (f.has("placement-pref-add")) u.placementPrefAdd = f.parseAll("placement-pref-add", parsePref);
  if (f.has("placement-pref-rm")) u.placementPrefRm = f.parseAll("placement-pref-rm", parsePref);
  if (f.has("publish-add")) u.publishAdd = f.parseAll("publish-add", parsePublishFlag).flat();
  if (f.has("publish-rm")) u.publishRm = f.parseAll("publish-rm", parsePublishRm);
  const maxPerNode = f.parse("replicas-max-per-node", (s) => parseIntIn(s, 0, MAX_REPLICAS));
  if (maxPerNode !== undefined) u.maxReplicasPerNode = maxPerNode;
  const cpu = f.parse("reserve-cpu", parseCpus);
  if (cpu !== undefined) u.reserveNanoCpus = cpu;
  const mem = f.parse("reserve-memory", parseSize);
  if (mem !== undefined) u.reserveMemoryBytes = mem;
  const ep = f.parse("endpoint-mode", (s) => pick(s, ["vip", "dnsrr"] as const, "endpoint mode"));
  if (ep !== undefined) u.endpointMode = ep;
  const upd = updateConfigPart(f, "update");
  if (Object.keys(upd).length > 0) u.update = upd;
  const rb = updateConfigPart(f, "rollback");
  if (Object.keys(rb).length > 0) u.rollback = rb;
  const rp = restartPart(f);
  if (Object.keys(rp).length > 0) u.restart = rp;
  const hc = healthPart(f);
  if (hc !== undefined) u.healthcheck = hc;
  // Checked for validity above or here, then dropped: ServiceUpdate has no field for them.
  f.parse("limit-cpu", parseCpus);
  f.parse("limit-memory", parseSize);
  f.parse("stop-grace-period", DUR);
  const dropped = ["limit-cpu", "limit-memory", "stop-grace-period"].filter((k) => f.has(k));
  if (dropped.length > 0) warnings.push(`docker service update: ${dropped.map((k) => `--${k}`).join(", ")} not modelled for updates (ignored)`);
  return u;
}
