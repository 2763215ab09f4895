// What the world is built from, and the faults it can apply. These records are the one
// representation of a fault: YAML loads into them, fast-check generates them, the world applies
// them, the trace and the report show them, failure.json stores them.
import type { Micros } from "../kernel/types.ts";

export type Role = "manager" | "worker";

export interface NodeSpec {
  name: string;
  role: Role;
  /** Node labels (docker node update --label-add), matched by node.labels.* constraints. */
  labels: Record<string, string>;
  /** Engine labels (daemon.json), matched by engine.labels.* constraints. */
  engineLabels: Record<string, string>;
  /** Description.Hostname; defaults to the name. */
  hostname: string;
  platform: { os: string; arch: string };
  /** Schedulable capacity: CPU in nano-CPUs (1 CPU = 1e9) and memory in bytes. */
  resources: { nanoCpus: number; memoryBytes: number };
  /** Joins later with `docker swarm join` instead of being part of the initial swarm. */
  joinLater?: boolean;
}

export interface LatencySpec {
  minUs: Micros;
  maxUs: Micros;
  /** Probability that a message gets an extra exponential delay (a latency tail). */
  tailP: number;
  tailMeanUs: Micros;
}

export interface NetworkSpec {
  latency: LatencySpec;
  loss: number;
  duplicate: number;
  /** Probability that a message may overtake earlier ones on its link (links are FIFO otherwise). */
  reorder: number;
}

/** A node name, or a selector resolved when the entry applies. */
export type Target = string;
export const SELECTORS = ["leader", "follower", "manager", "worker", "all"] as const;

export const PARTITION_SHAPES = ["halves", "isolate-leader", "bridge", "majority-ring", "random"] as const;
export type PartitionShape = (typeof PARTITION_SHAPES)[number];

/** Explicit groups (a link is open iff some group holds both ends), a named shape, or isolate:<node>. */
export type PartitionSpec =
  | { groups: string[][] }
  | { shape: PartitionShape }
  | { shape: "isolate"; node: Target }
  /** Explicit directed links to block, e.g. asymmetric partitions: [[from, to], …]. */
  | { blocked: [string, string][] };

export type Fault =
  | { kind: "crash"; target: Target; loseUnsynced: boolean }
  | { kind: "restart"; target: Target }
  | { kind: "pause"; target: Target }
  | { kind: "resume"; target: Target }
  | { kind: "remove"; target: Target }
  | { kind: "partition"; partition: PartitionSpec }
  | { kind: "heal" }
  /** Windows: apply to links touching `nodes` (all links when null) for `forUs`. */
  | { kind: "loss"; rate: number; forUs: Micros; nodes: Target[] | null }
  | { kind: "duplicate"; rate: number; forUs: Micros; nodes: Target[] | null }
  | { kind: "delay"; latency: LatencySpec; forUs: Micros; nodes: Target[] | null }
  | { kind: "skew"; target: Target; offsetUs: Micros | null; driftPpm: number | null };

export type FaultKind = Fault["kind"];
export const FAULT_KINDS: readonly FaultKind[] = [
  "crash",
  "restart",
  "pause",
  "resume",
  "remove",
  "partition",
  "heal",
  "loss",
  "duplicate",
  "delay",
  "skew",
];
