// The scenario record: what a YAML file loads into, what fast-check generates, what a failure
// directory stores and what the trace's meta line carries. Durations are integer microseconds.
import type { Micros } from "../kernel/types.ts";
import type { RaftConfig } from "../raft/config.ts";
import type { BehaviourSpec, Operation, ServiceSpec } from "../swarm/spec.ts";
import type { Fault, NetworkSpec, NodeSpec } from "../world/spec.ts";

/** A docker CLI command from the timeline: the string as written, and what it parses to. */
export interface RunAction {
  kind: "run";
  command: string;
  op: Operation;
}

export type Action = Fault | RunAction;

export interface TimelineEntry {
  atUs: Micros;
  action: Action;
  /** Node the command runs on (`on:`); default: a live manager chosen from the `ops` stream. */
  on: string | null;
}

export interface MinRunning {
  service: string;
  min: number;
  /** Only judged while at most this many nodes are down (null = always). */
  whileDownAtMost: number | null;
  /** Tolerated dip after a fault before the floor is judged. */
  graceUs: Micros;
}

export interface ExpectSpec {
  /** "pass" or "violation:<invariant-id>". */
  outcome: string;
  disable: string[];
  /** Bound for liveness invariants (svc.convergence, cluster.leader-available); null = default. */
  convergeUs: Micros | null;
  minRunning: MinRunning[];
  /** Conditions proving the trigger happened, e.g. "leaderChanges>=2", "nodeStatus:w3=down". */
  reached: string[];
}

/** Raft-only client workload: proposals to random managers, forwarded to the leader. */
export interface WorkloadSpec {
  clients: number;
  /** Total proposals per second across clients. */
  rateHz: number;
  timeoutUs: Micros;
  keys: number;
  /** Fraction of operations that are reads (linearizability checks). */
  readRatio: number;
}

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  durationUs: Micros;
  env: Record<string, string>;
  nodes: NodeSpec[];
  network: NetworkSpec;
  raft: RaftConfig;
  /** Provenance of `services` when they came from a stack file. */
  stack: { file: string; name: string } | null;
  services: ServiceSpec[];
  behaviour: Record<string, BehaviourSpec>;
  timeline: TimelineEntry[];
  expect: ExpectSpec;
  workload: WorkloadSpec | null;
  /** Historical SwarmKit misbehaviours switched on inside the model (e.g. "swarmkit-921"). */
  bugs: string[];
}
