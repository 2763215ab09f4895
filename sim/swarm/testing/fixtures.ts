// Test fixtures: node and service specs with SwarmKit's defaults, and a small world running
// Swarm processes over the instant Raft stand-in.
import type { TraceEvent } from "../../kernel/events.ts";
import type { NodeIx } from "../../kernel/types.ts";
import { MS, SEC } from "../../kernel/types.ts";
import { SWARMKIT_RAFT_DEFAULTS } from "../../raft/config.ts";
import type { NodeSpec } from "../../world/spec.ts";
import { World } from "../../world/world.ts";
import type { RaftFactory } from "../manager/raft-port.ts";
import { raftMemberFactory } from "../manager/raft-member-factory.ts";
import { createSwarmManager, type SwarmNode, type SwarmProcessOptions } from "../process.ts";
import type { BehaviourSpec, ServiceSpec } from "../spec.ts";
import { StoreEventGate } from "../store-events.ts";
import { InstantRaftGroup } from "./instant-raft.ts";

export function nodeSpec(name: string, role: "manager" | "worker", labels: Record<string, string> = {}, joinLater = false): NodeSpec {
  return {
    name,
    role,
    labels,
    engineLabels: {},
    hostname: name,
    platform: { os: "linux", arch: "amd64" },
    resources: { nanoCpus: 4e9, memoryBytes: 8 * 2 ** 30 },
    joinLater,
  };
}

export function serviceSpec(name: string, over: Partial<ServiceSpec> = {}): ServiceSpec {
  const update = { parallelism: 1, delayUs: 0, failureAction: "pause" as const, monitorUs: 5 * SEC, maxFailureRatio: 0, order: "stop-first" as const };
  return {
    name,
    stack: null,
    image: "nginx:1.25",
    mode: "replicated",
    replicas: 1,
    labels: {},
    env: [],
    placement: { constraints: [], preferences: [], maxReplicas: 0, platforms: [] },
    resources: { reservations: { nanoCpus: 0, memoryBytes: 0 }, limits: { nanoCpus: 0, memoryBytes: 0 } },
    restartPolicy: { condition: "any", delayUs: 5 * SEC, maxAttempts: 0, windowUs: 0 },
    updateConfig: update,
    rollbackConfig: update,
    healthcheck: null,
    endpoint: { mode: "vip", ports: [] },
    networks: [],
    stopGracePeriodUs: 10 * SEC,
    ...over,
  };
}

export interface TestCluster {
  world: World;
  group: InstantRaftGroup | null;
  events: TraceEvent[];
  proc(name: string): SwarmNode;
  ix(name: string): NodeIx;
  run(untilUs: number): void;
}

export interface TestClusterOptions {
  nodes: NodeSpec[];
  services?: ServiceSpec[];
  behaviours?: Record<string, BehaviourSpec>;
  bugs?: string[];
  seed?: number;
  /** Use the real Raft member (elections, network) instead of the instant stand-in. */
  realRaft?: boolean;
  /** Keep every trace event (default true). */
  record?: boolean;
}

export function testCluster(o: TestClusterOptions): TestCluster {
  const world = new World({
    seed: o.seed ?? 1,
    record: o.record ?? true,
    nodes: o.nodes,
    network: { latency: { minUs: 200, maxUs: 2 * MS, tailP: 0, tailMeanUs: 0 }, loss: 0, duplicate: 0, reorder: 0 },
  });
  const members = o.nodes.map((n, i) => (n.role === "manager" && !n.joinLater ? i : -1)).filter((i) => i >= 0);
  const group = o.realRaft ? null : new InstantRaftGroup(members);
  const raftFactory: RaftFactory = o.realRaft ? raftMemberFactory : group!.factory();
  const gate = new StoreEventGate();
  const procs = new Map<NodeIx, SwarmNode>();
  world.start((node) => {
    const opts: SwarmProcessOptions = {
      raftConfig: SWARMKIT_RAFT_DEFAULTS,
      raftMembers: members,
      node: node.spec,
      cluster: o.nodes,
      services: o.services ?? [],
      behaviours: o.behaviours ?? {},
      gate,
      bugs: o.bugs ?? [],
      timerTagBase: 1000,
      raftFactory,
    };
    const p = createSwarmManager(node.host, opts);
    procs.set(node.ix, p);
    return p;
  });
  return {
    world,
    group,
    events: world.kernel.trace.recorded,
    proc: (name) => procs.get(world.indexOf(name))!,
    ix: (name) => world.indexOf(name),
    run: (untilUs) => {
      world.kernel.run(untilUs, 50_000_000);
    },
  };
}
