// The Swarm store's objects (SwarmKit api/objects.proto, reduced to what the model needs).
// IDs are readable and deterministic: node IDs are node names; task IDs are
// `<service>.<slot>.<n>` (global: `<service>.<node>.<n>`), as `docker service ps` shows them.
import { assert } from "../kernel/assert.ts";
import type { Micros, NodeIx } from "../kernel/types.ts";
import type { Role } from "../world/spec.ts";
import type { ServiceSpec } from "./spec.ts";

export type NodeState = "unknown" | "down" | "ready" | "disconnected";
export type Availability = "active" | "pause" | "drain";

export interface NodeObj {
  id: string;
  ix: NodeIx;
  spec: { desiredRole: Role; availability: Availability; labels: Record<string, string> };
  /** Observed role (changes once the role manager reconciles DesiredRole). */
  role: Role;
  status: { state: NodeState; message: string; addr: string };
  description: {
    hostname: string;
    platform: { os: string; arch: string };
    resources: { nanoCpus: number; memoryBytes: number };
    engineLabels: Record<string, string>;
  };
  version: number;
}

/** Task states in SwarmKit's order (api/types.proto TaskState); values only move forward. */
export const TASK_STATE_VALUE = {
  new: 0,
  pending: 64,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832,
} as const;
export type TaskState = keyof typeof TASK_STATE_VALUE;

export function stateValue(s: TaskState): number {
  return stateValueOrUndefined(s)!;
}

/**
 * TASK_STATE_VALUE[s] (undefined for a name that is no state) as a switch, the common states
 * first: states are interned literals, so each case is a pointer compare, where a keyed load by a
 * varying name is several times slower (and this runs for nearly every task a component reads).
 */
export function stateValueOrUndefined(s: string): number | undefined {
  switch (s) {
    case "running":
      return 512;
    case "shutdown":
      return 640;
    case "pending":
      return 64;
    case "assigned":
      return 192;
    case "new":
      return 0;
    case "ready":
      return 384;
    case "complete":
      return 576;
    case "failed":
      return 704;
    case "accepted":
      return 256;
    case "preparing":
      return 320;
    case "starting":
      return 448;
    case "rejected":
      return 768;
    case "remove":
      return 800;
    case "orphaned":
      return 832;
  }
  return undefined;
}

// The switch must say what the table says (checked once, at load).
for (const [name, v] of Object.entries(TASK_STATE_VALUE)) {
  assert(stateValueOrUndefined(name) === v, () => `stateValueOrUndefined("${name}") is not ${v}`);
}

export interface TaskObj {
  id: string;
  service: string;
  /** 1..N for replicated services; 0 for global ones (keyed by node). */
  slot: number;
  nodeId: string | null;
  /** Service spec version the task was created from. */
  specVersion: number;
  /** The spec the task runs (a copy at creation: image, resources, constraints, healthcheck…). */
  spec: ServiceSpec;
  desiredState: TaskState;
  status: {
    state: TaskState;
    message: string;
    /** e.g. "no suitable node (1 node not available for new tasks)". */
    err: string | null;
    /** Agent's local clock when it reported the state. */
    timestampUs: Micros;
    /** Manager's clock when the change was applied (SwarmKit's AppliedAt). */
    appliedAtUs: Micros;
  };
  createdAtUs: Micros;
  /** Published host-mode / allocated ports, task IP. */
  networksAttachments: { network: string; addr: string }[];
}

export type UpdateState = "updating" | "paused" | "completed" | "rollback_started" | "rollback_paused" | "rollback_completed";

export interface ServiceObj {
  id: string;
  spec: ServiceSpec;
  /** Bumped on every spec or update-status write. */
  version: number;
  /** Version of `spec` itself (tasks compare against it to be "dirty"). */
  specVersion: number;
  previousSpec: ServiceSpec | null;
  updateStatus: { state: UpdateState; message: string } | null;
  endpoint: { vips: { network: string; addr: string }[]; ports: { target: number; published: number; protocol: string; mode: string }[] };
}

export interface NetworkObj {
  id: string;
  name: string;
  driver: "overlay";
  ingress: boolean;
  subnet: string;
}
