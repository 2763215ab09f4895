// Test fixtures for the service checkers: a service spec with SwarmKit's defaults and a harness
// whose cluster is bootstrapped the way the store tracer traces it (node.status + node.info per
// node, then the leader's raft.role).
import type { ServiceSpec } from "../../swarm/spec.ts";
import { CheckerHarness } from "../testing.ts";
import { ServiceChecker } from "./checker.ts";
import { serviceCheckConfig } from "./config.ts";
import { serviceSpec } from "../../swarm/testing/fixtures.ts";

export const CPU = 1_000_000_000;
export const GIB = 2 ** 30;

/** A replicated nginx service with SwarmKit's defaults (one builder for every test). */
export const spec = serviceSpec;

export function reserving(name: string, nanoCpus: number, over: Partial<ServiceSpec> = {}): ServiceSpec {
  return spec(name, { resources: { reservations: { nanoCpus, memoryBytes: 0 }, limits: { nanoCpus: 0, memoryBytes: 0 } }, ...over });
}

export interface ClusterOpts {
  managers?: string[];
  workers?: string[];
  labels?: Record<string, Record<string, string>>;
  /** Capacity per node (null: not traced); default 2 CPUs, 4 GiB. */
  resources?: Record<string, { nanoCpus: number; memoryBytes: number } | null>;
  quietFromUs?: number | null;
}

/** One manager (leader) and two workers by default, all ready + active at t=0, quiet from t=0. */
export function swarm(o: ClusterOpts = {}): CheckerHarness<ServiceChecker> {
  const managers = o.managers ?? ["m1"];
  const workers = o.workers ?? ["w1", "w2"];
  const cfg = serviceCheckConfig({ managers, quietFromUs: o.quietFromUs === undefined ? 0 : o.quietFromUs });
  const h = new CheckerHarness(new ServiceChecker(cfg), [...managers, ...workers]);
  for (const n of [...managers, ...workers]) {
    h.emit("node.status", n, "ready", "active", managers.includes(n) ? "manager" : "worker", null);
    const r = o.resources?.[n];
    h.emit("node.info", n, n, "linux", "amd64", o.labels?.[n] ?? {}, {}, r === undefined ? { nanoCpus: 2 * CPU, memoryBytes: 4 * GIB } : r);
  }
  for (const m of managers) h.emit("raft.role", m, m === managers[0] ? "leader" : "follower", 1, managers[0]);
  return h;
}

/** Creates task `<svc>.<slot>.<n>` and walks it to running on `node` (store only); returns its id. */
export function runTask(h: CheckerHarness, svc: string, slot: number, n: number, node: string): string {
  const id = `${svc}.${slot}.${n}`;
  h.emit("task.state", null, id, svc, slot, "pending", "running", null);
  h.emit("task.state", node, id, svc, slot, "assigned", "running", null);
  h.emit("task.state", node, id, svc, slot, "running", "running", null);
  return id;
}

/** Like runTask, with the worker's container.state events; returns the seq of "running". */
export function runContainer(h: CheckerHarness, svc: string, slot: number, n: number, node: string): number {
  const id = runTask(h, svc, slot, n, node);
  h.emit("container.state", node, id, svc, slot, "starting");
  return h.emit("container.state", node, id, svc, slot, "running");
}
