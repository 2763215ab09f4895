// Building blocks every generated scenario shares: node specs, the quiet default network, the
// default expectations. They mirror what a YAML file without those keys loads into, so a
// generated scenario written with toYaml() reads like a hand-written one.
import type { Micros } from "../kernel/types.ts";
import { SWARMKIT_RAFT_DEFAULTS } from "../raft/config.ts";
import { DEFAULT_NETWORK, defaultNode } from "../scenario/load-world.ts";
import type { ExpectSpec, Scenario } from "../scenario/types.ts";
import type { NetworkSpec, NodeSpec, Role } from "../world/spec.ts";

export function genNode(name: string, role: Role, labels: Record<string, string>): NodeSpec {
  return { ...defaultNode(name, role), labels };
}

/** Names as CONTRACT.md generates them: m1…mN, then w1…wN. */
export function nodeNames(managers: number, workers: number): string[] {
  const names: string[] = [];
  for (let i = 1; i <= managers; i++) names.push(`m${i}`);
  for (let i = 1; i <= workers; i++) names.push(`w${i}`);
  return names;
}

/** The loader's default network (sub-millisecond LAN), copied so generators can vary it. */
export function quietNetwork(): NetworkSpec {
  return { ...DEFAULT_NETWORK, latency: { ...DEFAULT_NETWORK.latency } };
}

export function passExpect(convergeUs: Micros | null): ExpectSpec {
  return { outcome: "pass", disable: [], convergeUs, minRunning: [], reached: [] };
}

/** An empty scenario over `nodes`: no services, no timeline, SwarmKit's Raft defaults. */
export function baseScenario(name: string, seed: number, nodes: NodeSpec[], durationUs: Micros): Scenario {
  return {
    name,
    description: "",
    seed,
    durationUs,
    env: {},
    nodes,
    network: quietNetwork(),
    raft: { ...SWARMKIT_RAFT_DEFAULTS },
    stack: null,
    services: [],
    behaviour: {},
    timeline: [],
    expect: passExpect(null),
    workload: null,
    bugs: [],
  };
}
