// Per-node accounting the scheduler keeps incrementally (SwarmKit manager/scheduler/nodeinfo.go):
// tracked tasks, active counts (total and per service), available resources, host ports in use,
// and recent task failures per (service, spec version).
import { assert } from "../../kernel/assert.ts";
import type { Micros } from "../../kernel/types.ts";
import { type ConstraintNode, nodeToConstraintNode } from "../constraints.ts";
import type { NodeObj, TaskObj, TaskState } from "../objects.ts";
import { stateValue } from "../objects.ts";

/** FAILED/REJECTED tasks of one (service, spec version) on a node before it is underweighted. */
export const MAX_FAILURES = 5;
/** How long a failure counts (SwarmKit monitorFailures). */
export const MONITOR_FAILURES_US: Micros = 5 * 60 * 1_000_000;

const COMPLETE = stateValue("complete");

/** What the scheduler remembers of a task: only the fields its accounting reads. */
export interface TrackedTask {
  readonly id: string;
  readonly service: string;
  readonly specVersion: number;
  readonly nodeId: string | null;
  readonly state: TaskState;
  readonly desiredState: TaskState;
  readonly nanoCpus: number;
  readonly memoryBytes: number;
  /** Host-mode published ports as hostPortKey() values. */
  readonly hostPorts: readonly number[];
  /** Created with a node already chosen (global services): failures are not tracked. */
  readonly preassigned: boolean;
}

const PROTOCOL_IX: Record<string, number> = { tcp: 0, udp: 1, sctp: 2 };

/** (protocol, published port) as one number: no string building on the hot path. */
export function hostPortKey(protocol: string, port: number): number {
  const ix = PROTOCOL_IX[protocol];
  assert(ix !== undefined, () => `unknown port protocol ${protocol}`);
  return port * 4 + ix;
}

/** What to track of `t` (as if on `nodeId` in `state`, for an assignment not yet committed). */
const NO_PORTS: readonly number[] = [];

export function trackTask(t: TaskObj, preassigned: boolean, nodeId: string | null = t.nodeId, state: TaskState = t.status.state): TrackedTask {
  // NO_PORTS when there is none (most tasks): this runs for every task change the scheduler hears.
  let ports: number[] | null = null;
  for (const p of t.spec.endpoint.ports) {
    if (p.mode === "host" && p.published !== 0) (ports ??= []).push(hostPortKey(p.protocol, p.published));
  }
  const r = t.spec.resources.reservations;
  return {
    id: t.id,
    service: t.service,
    specVersion: t.specVersion,
    nodeId,
    state,
    desiredState: t.desiredState,
    nanoCpus: r.nanoCpus,
    memoryBytes: r.memoryBytes,
    hostPorts: ports ?? NO_PORTS,
    preassigned,
  };
}

export function isActive(t: TrackedTask): boolean {
  return stateValue(t.desiredState) <= COMPLETE;
}

/** Key of a (service, spec version) in the recent-failure table. */
export function failureKey(service: string, specVersion: number): string {
  return `${service}\u0000${specVersion}`;
}

export class NodeInfo {
  readonly id: string;
  node: NodeObj;
  cnode: ConstraintNode;
  /** Store insertion order: the deterministic tie-break where SwarmKit iterates a Go map. */
  order: number;
  /** False after removeNode: accounting continues so a node that comes back (same id) is right. */
  present = true;
  readonly tasks = new Map<string, TrackedTask>();
  activeTasksCount = 0;
  readonly activeByService = new Map<string, number>();
  availNanoCpus: number;
  availMemoryBytes: number;
  /** hostPortKey → number of tracked tasks publishing it. */
  readonly usedHostPorts = new Map<number, number>();
  private readonly recentFailures = new Map<string, Micros[]>();
  private lastCleanupUs: Micros = 0;

  constructor(node: NodeObj, order: number) {
    this.id = node.id;
    this.node = node;
    this.cnode = nodeToConstraintNode(node);
    this.order = order;
    this.availNanoCpus = node.description.resources.nanoCpus;
    this.availMemoryBytes = node.description.resources.memoryBytes;
  }

  /** New node object from the store: resources are re-derived from the tracked tasks. */
  setNode(node: NodeObj): void {
    assert(node.id === this.id, "NodeInfo.setNode: id changed");
    this.node = node;
    this.cnode = nodeToConstraintNode(node);
    let cpu = node.description.resources.nanoCpus;
    let mem = node.description.resources.memoryBytes;
    for (const t of this.tasks.values()) {
      cpu -= t.nanoCpus;
      mem -= t.memoryBytes;
    }
    this.availNanoCpus = cpu;
    this.availMemoryBytes = mem;
  }

  activeOf(service: string): number {
    return this.activeByService.get(service) ?? 0;
  }

  /** SwarmKit addTask: a known task only changes the active counts when its desired state crosses COMPLETE. */
  addTask(t: TrackedTask): boolean {
    const old = this.tasks.get(t.id);
    if (old !== undefined) {
      const wasActive = isActive(old);
      const nowActive = isActive(t);
      if (wasActive === nowActive) return false;
      this.tasks.set(t.id, t);
      this.bumpActive(t.service, nowActive ? 1 : -1);
      return true;
    }
    this.tasks.set(t.id, t);
    this.availNanoCpus -= t.nanoCpus;
    this.availMemoryBytes -= t.memoryBytes;
    for (const k of t.hostPorts) this.usedHostPorts.set(k, (this.usedHostPorts.get(k) ?? 0) + 1);
    if (isActive(t)) this.bumpActive(t.service, 1);
    return true;
  }

  removeTask(id: string): boolean {
    const old = this.tasks.get(id);
    if (old === undefined) return false;
    this.tasks.delete(id);
    if (isActive(old)) this.bumpActive(old.service, -1);
    for (const k of old.hostPorts) {
      const n = this.usedHostPorts.get(k) ?? 0;
      assert(n > 0, () => `host port refcount underflow on ${this.id}`);
      if (n === 1) this.usedHostPorts.delete(k);
      else this.usedHostPorts.set(k, n - 1);
    }
    this.availNanoCpus += old.nanoCpus;
    this.availMemoryBytes += old.memoryBytes;
    return true;
  }

  private bumpActive(service: string, delta: 1 | -1): void {
    this.activeTasksCount += delta;
    const n = (this.activeByService.get(service) ?? 0) + delta;
    assert(this.activeTasksCount >= 0 && n >= 0, () => `active task count underflow on ${this.id}`);
    if (n === 0) this.activeByService.delete(service);
    else this.activeByService.set(service, n);
  }

  /** SwarmKit taskFailed: remembers a FAILED/REJECTED of this (service, version) at nowUs. */
  taskFailed(service: string, specVersion: number, nowUs: Micros, monitorUs: Micros): void {
    if (nowUs - this.lastCleanupUs >= monitorUs) this.cleanupFailures(nowUs, monitorUs);
    const key = failureKey(service, specVersion);
    const list = this.recentFailures.get(key) ?? [];
    let expired = 0;
    while (expired < list.length && nowUs - list[expired] >= monitorUs) expired++;
    const kept = expired === 0 ? list : list.slice(expired);
    kept.push(nowUs);
    this.recentFailures.set(key, kept);
  }

  /** SwarmKit countRecentFailures: failures of failureKey(service, version) newer than monitorUs. */
  countRecentFailures(key: string, nowUs: Micros, monitorUs: Micros): number {
    if (this.recentFailures.size === 0) return 0;
    const list = this.recentFailures.get(key);
    if (list === undefined) return 0;
    for (let i = list.length - 1; i >= 0; i--) {
      if (nowUs - list[i] > monitorUs) return list.length - (i + 1);
    }
    return list.length;
  }

  private cleanupFailures(nowUs: Micros, monitorUs: Micros): void {
    for (const [key, list] of this.recentFailures) {
      const last = list[list.length - 1];
      if (last === undefined || nowUs - last >= monitorUs) this.recentFailures.delete(key);
    }
    this.lastCleanupUs = nowUs;
  }
}
