// Whole-scenario arbitraries. Each is a genome (small integers, indices, booleans — what shrinks
// well) mapped onto the same Scenario record a YAML file loads into. Mapping instead of chaining
// keeps shrinking simple and effective: fast-check shrinks the genome (fewer entries, fewer nodes
// and services, earlier times, shorter windows, fewer fault families) and the map re-derives a
// valid scenario from each smaller genome.
import fc from "fast-check";
import { assert } from "../kernel/assert.ts";
import { MS, type Micros } from "../kernel/types.ts";
import type { Scenario } from "../scenario/types.ts";
import type { BehaviourSpec, ServiceSpec } from "../swarm/spec.ts";
import type { NetworkSpec, NodeSpec } from "../world/spec.ts";
import { baseScenario, genNode, nodeNames, passExpect, quietNetwork } from "./defaults.ts";
import { type RawFault, rawFaultArbs, type TargetPool } from "./faults.ts";
import { type FaultMix, mixArb } from "./mix.ts";
import { type OpPool, type RawOp, rawOpArb } from "./ops.ts";
import type { GenOptions } from "./options.ts";
import { rawServiceArb, type RawService, toService } from "./services.ts";
import { buildTimeline, ENTRY_STEP_US, type RawEntry } from "./timeline.ts";

const U32 = 0xffffffff;

export interface NodeLabels {
  zone: number;
  ssd: boolean;
}

/** A generated scenario together with how it was built (for reports and shrinking stats). */
export interface Generated {
  scenario: Scenario;
  /** Phase-1 entries (faults and operations); the rest of the timeline heals. */
  faultEntries: number;
  mix: FaultMix;
}

const seedArb = (fixed: number | null): fc.Arbitrary<number> => (fixed === null ? fc.noShrink(fc.integer({ min: 0, max: U32 })) : fc.constant(fixed));

function entriesArb(o: GenOptions, acts: fc.Arbitrary<RawFault | RawOp> | null): fc.Arbitrary<RawEntry[]> {
  if (acts === null) return fc.constant([]);
  const steps = Math.floor(o.faultWindowUs / ENTRY_STEP_US);
  return fc.array(fc.record({ at: fc.integer({ min: 0, max: steps }), roll: fc.integer({ min: 0, max: 99 }), act: acts }), { maxLength: o.maxEntries });
}

function actsArb(o: GenOptions, withWorkers: boolean, withOps: boolean): fc.Arbitrary<RawFault | RawOp> | null {
  const arbs: fc.Arbitrary<RawFault | RawOp>[] = rawFaultArbs(o.families, withWorkers).map((f) => f.arb);
  if (withOps) arbs.push(rawOpArb);
  return arbs.length === 0 ? null : fc.oneof(...arbs);
}

function mixedNetwork(mix: FaultMix): NetworkSpec {
  const n = quietNetwork();
  n.loss = mix.netLossPct / 100;
  n.duplicate = mix.netDupPct / 100;
  n.reorder = mix.netReorderPct / 100;
  n.latency.maxUs = Math.max(n.latency.minUs, mix.latencyMaxMs * MS);
  return n;
}

const ZONE_NAMES = ["a", "b", "c"];

function clusterNodes(managers: number, workers: number, labels: readonly NodeLabels[]): NodeSpec[] {
  return nodeNames(managers, workers).map((name, i) => {
    const l = labels[i % labels.length];
    return genNode(name, i < managers ? "manager" : "worker", { zone: ZONE_NAMES[l.zone], disk: l.ssd ? "ssd" : "hdd" });
  });
}

function pools(nodes: readonly NodeSpec[], services: readonly ServiceSpec[]): { targets: TargetPool; ops: OpPool } {
  const names = nodes.map((n) => n.name);
  const managers = nodes.filter((n) => n.role === "manager").map((n) => n.name);
  const workers = nodes.filter((n) => n.role === "worker").map((n) => n.name);
  return {
    targets: { names, managers, workers },
    ops: { services: services.map((s) => s.name), images: services.map((s) => s.image), managers, workers, nodes: names },
  };
}

/** Lengths of both phases: phase 2 lasts the convergence bound plus a margin, so a late recovery is judged. */
function timing(o: GenOptions, healAtUs: Micros, convergeUs: Micros): Micros {
  return healAtUs + convergeUs + o.settleMarginUs;
}

/** Generated clusters (and, when o.services allows, stacks): the `check --generated` arbitrary. */
export function generatedArb(o: GenOptions): fc.Arbitrary<Generated> {
  assert(o.managers.min >= 1 && o.managers.max <= 7 && o.managers.min <= o.managers.max, "gen: 1..7 managers");
  assert(o.workers.min >= 0 && o.workers.min <= o.workers.max, "gen: workers range");
  const maxNodes = o.managers.max + o.workers.max;
  const withWorkers = o.workers.max > 0;
  const withOps = o.ops && o.services.max > 0;
  const genome = fc.record({
    seed: seedArb(o.seed),
    managers: fc.integer(o.managers),
    workers: fc.integer(o.workers),
    labels: fc.array(fc.record({ zone: fc.nat(2), ssd: fc.boolean() }), { minLength: maxNodes, maxLength: maxNodes }),
    mix: mixArb(o.families, withOps),
    services: fc.array(rawServiceArb, { minLength: o.services.min, maxLength: o.services.max }),
    entries: entriesArb(o, actsArb(o, withWorkers, withOps)),
  });
  return genome.map((g) => buildGenerated(o, g.seed, clusterNodes(g.managers, g.workers, g.labels), g.services, g.mix, g.entries));
}

function buildGenerated(o: GenOptions, seed: number, nodes: NodeSpec[], raws: readonly RawService[], mix: FaultMix, entries: readonly RawEntry[]): Generated {
  const services: ServiceSpec[] = [];
  const behaviour: Record<string, BehaviourSpec> = {};
  raws.forEach((r, i) => {
    const { spec, behaviour: b } = toService(r, i);
    services.push(spec);
    behaviour[spec.name] = b;
  });
  const p = pools(nodes, services);
  const built = buildTimeline(entries, p.targets, services.length > 0 ? p.ops : null, mix, o.faultWindowUs);
  const s = baseScenario(o.name, seed, nodes, timing(o, built.healAtUs, o.convergeUs));
  s.description = `generated: ${nodes.filter((n) => n.role === "manager").length} managers, ${nodes.filter((n) => n.role === "worker").length} workers, ${services.length} services, ${built.faultEntries} faults/operations`;
  s.network = mixedNetwork(mix);
  s.raft = { ...s.raft, ...o.raft };
  s.services = services;
  s.behaviour = behaviour;
  s.timeline = built.timeline;
  s.expect = passExpect(o.convergeUs);
  s.bugs = [...o.bugs];
  if (o.workload !== null) s.workload = { clients: 3, rateHz: o.workload.rateHz, timeoutUs: 5_000 * MS, keys: 8, readRatio: o.workload.readRatio };
  return { scenario: s, faultEntries: built.faultEntries, mix };
}

/**
 * Fault timelines against a fixed cluster and stack (`check --stack`, or `check scenario.yml
 * --generated`): the user's nodes, services, behaviour and expect floors stay as written; the
 * generator draws the fault mix, the phase-1 timeline (faults and operations on their own service
 * names) and the healing phase.
 */
export function fixedClusterArb(base: Scenario, o: GenOptions): fc.Arbitrary<Generated> {
  assert(base.nodes.length > 0, "gen: the fixed scenario has nodes");
  const withWorkers = base.nodes.some((n) => n.role === "worker");
  const withOps = o.ops && base.services.length > 0;
  const genome = fc.record({
    seed: seedArb(o.seed),
    mix: mixArb(o.families, withOps),
    entries: entriesArb(o, actsArb(o, withWorkers, withOps)),
  });
  return genome.map((g) => {
    const p = pools(base.nodes, base.services);
    const built = buildTimeline(g.entries, p.targets, withOps ? p.ops : null, g.mix, o.faultWindowUs);
    const convergeUs = base.expect.convergeUs ?? o.convergeUs;
    const scenario: Scenario = {
      ...base,
      name: o.name,
      seed: g.seed,
      durationUs: timing(o, built.healAtUs, convergeUs),
      network: mixedNetwork(g.mix),
      timeline: built.timeline,
      expect: { ...base.expect, outcome: "pass", reached: [], convergeUs },
      bugs: [...new Set([...base.bugs, ...o.bugs])],
    };
    return { scenario, faultEntries: built.faultEntries, mix: g.mix };
  });
}
