// The filter pipeline (SwarmKit manager/scheduler/pipeline.go + filter.go). Filters run in
// SwarmKit's order; each takes part only when relevant for the task, and a node is checked until
// the first filter fails. Failure counts per filter feed the "no suitable node (…)" explanation;
// like SwarmKit, a node that passes resets them, and setTask resets them.
import { type Constraint, matchConstraints, parsedConstraints } from "../constraints.ts";
import type { TaskObj } from "../objects.ts";
import { hostPortKey, type NodeInfo } from "./nodeinfo.ts";

export const FILTER_READY = 0;
export const FILTER_RESOURCES = 1;
export const FILTER_PLUGIN = 2;
export const FILTER_CONSTRAINT = 3;
export const FILTER_PLATFORM = 4;
export const FILTER_HOST_PORT = 5;
export const FILTER_MAX_REPLICAS = 6;
const FILTER_COUNT = 7;

function nodes(n: number): string {
  return n === 1 ? "1 node" : `${n} nodes`;
}

/** SwarmKit's Explain texts, by filter index. */
const EXPLAIN: readonly ((n: number) => string)[] = [
  (n) => `${nodes(n)} not available for new tasks`,
  (n) => `insufficient resources on ${nodes(n)}`,
  (n) => `missing plugin on ${nodes(n)}`,
  (n) => `scheduling constraints not satisfied on ${nodes(n)}`,
  (n) => `unsupported platform on ${nodes(n)}`,
  (n) => `host-mode port already in use on ${nodes(n)}`,
  () => "max replicas per node limit exceed",
];

/** PlatformFilter's normalisation (the constraint matcher does none). */
function normArch(arch: string): string {
  if (arch === "x86_64") return "amd64";
  if (arch === "aarch64") return "arm64";
  return arch;
}

export class Pipeline {
  private readonly enabled: boolean[] = new Array(FILTER_COUNT).fill(false);
  private readonly failures: number[] = new Array(FILTER_COUNT).fill(0);
  private service = "";
  private nanoCpus = 0;
  private memoryBytes = 0;
  private constraints: readonly Constraint[] = [];
  private platforms: { os: string; arch: string }[] = [];
  private hostPorts: number[] = [];
  private maxReplicas = 0;

  setTask(t: TaskObj): void {
    const spec = t.spec;
    const placement = spec.placement;
    this.service = t.service;
    this.failures.fill(0);
    // 0. Ready: always.
    this.enabled[FILTER_READY] = true;
    // 1. Resources: only with a non-zero reservation.
    this.nanoCpus = spec.resources.reservations.nanoCpus;
    this.memoryBytes = spec.resources.reservations.memoryBytes;
    this.enabled[FILTER_RESOURCES] = this.nanoCpus !== 0 || this.memoryBytes !== 0;
    // 2. Plugin: relevant when the task has networks, but our nodes report every plugin, so it
    //    always passes. The slot stays so the order (and the explanation sort) matches SwarmKit.
    this.enabled[FILTER_PLUGIN] = spec.networks.length > 0;
    // 3. Constraint: a parse error silently disables the filter (the control API validates first).
    this.constraints = [];
    this.enabled[FILTER_CONSTRAINT] = false;
    if (placement.constraints.length > 0) {
      const cs = parsedConstraints(placement.constraints);
      if (cs !== null) {
        this.constraints = cs;
        this.enabled[FILTER_CONSTRAINT] = true;
      }
    }
    // 4. Platform.
    this.platforms = placement.platforms;
    this.enabled[FILTER_PLATFORM] = this.platforms.length > 0;
    // 5. Host port: host-mode ports with a published port.
    this.hostPorts = [];
    for (const p of spec.endpoint.ports) {
      if (p.mode === "host" && p.published !== 0) this.hostPorts.push(hostPortKey(p.protocol, p.published));
    }
    this.enabled[FILTER_HOST_PORT] = this.hostPorts.length > 0;
    // 6. Max replicas.
    this.maxReplicas = placement.maxReplicas;
    this.enabled[FILTER_MAX_REPLICAS] = this.maxReplicas > 0;
  }

  /** True when the node passes every enabled filter; otherwise counts the first failing one. */
  process(n: NodeInfo): boolean {
    for (let i = 0; i < FILTER_COUNT; i++) {
      if (!this.enabled[i]) continue;
      if (!this.check(i, n)) {
        this.failures[i]++;
        return false;
      }
    }
    this.failures.fill(0);
    return true;
  }

  /** "; "-joined explanations, most failures first (ties in pipeline order). "" when none. */
  explain(): string {
    const idx: number[] = [];
    for (let i = 0; i < FILTER_COUNT; i++) if (this.failures[i] > 0) idx.push(i);
    idx.sort((a, b) => this.failures[b] - this.failures[a] || a - b);
    let out = "";
    for (const i of idx) {
      if (out.length > 0) out += "; ";
      out += EXPLAIN[i](this.failures[i]);
    }
    return out;
  }

  private check(filter: number, n: NodeInfo): boolean {
    switch (filter) {
      case FILTER_READY:
        return n.node.status.state === "ready" && n.node.spec.availability === "active";
      case FILTER_RESOURCES:
        return this.nanoCpus <= n.availNanoCpus && this.memoryBytes <= n.availMemoryBytes;
      case FILTER_PLUGIN:
        return true;
      case FILTER_CONSTRAINT:
        return matchConstraints(this.constraints, n.cnode);
      case FILTER_PLATFORM:
        return this.platformOk(n);
      case FILTER_HOST_PORT:
        for (const k of this.hostPorts) if (n.usedHostPorts.has(k)) return false;
        return true;
      case FILTER_MAX_REPLICAS:
        return n.activeOf(this.service) < this.maxReplicas;
    }
    return false;
  }

  private platformOk(n: NodeInfo): boolean {
    const np = n.node.description.platform;
    // A node that reports no platform fails.
    if (np.os === "" && np.arch === "") return false;
    const nodeArch = normArch(np.arch);
    for (const p of this.platforms) {
      const arch = normArch(p.arch);
      if ((arch === "" || arch === nodeArch) && (p.os === "" || p.os === np.os)) return true;
    }
    return false;
  }
}
