// Fault genomes: what fast-check generates and shrinks (small integers, node indices, selector
// names), and their mapping onto sim/world/spec.ts Fault records against a concrete node list.
// Node references are indices taken modulo the node count, so shrinking the cluster keeps every
// entry valid instead of discarding it.
import fc from "fast-check";
import { MS, type Micros } from "../kernel/types.ts";
import type { Fault, PartitionSpec } from "../world/spec.ts";
import type { FaultMix } from "./mix.ts";
import type { FaultFamily } from "./options.ts";

/** A selector name or a node index (mod node count). */
export type RawTarget = string | number;

export type RawFault =
  | { k: "crash"; t: RawTarget; lose: boolean }
  | { k: "restart"; t: RawTarget }
  | { k: "pause"; t: RawTarget }
  | { k: "resume"; t: RawTarget }
  | { k: "remove"; t: RawTarget }
  | { k: "partition"; p: RawPartition }
  | { k: "heal" }
  | { k: "loss" | "duplicate"; pct: number; forMs: number; nodes: number[] | null }
  | { k: "delay"; maxMs: number; forMs: number; nodes: number[] | null }
  | { k: "skew"; t: RawTarget; offset: number | null; drift: number | null };

export type RawPartition =
  | { s: "isolate-leader" | "halves" | "bridge" | "majority-ring" | "random" }
  | { s: "isolate"; t: RawTarget }
  | { s: "groups"; of: number[] }
  | { s: "blocked"; links: [number, number][] };

/** Where a fault may point: the node names and whether workers exist (for the `worker` selector). */
export interface TargetPool {
  names: readonly string[];
  managers: readonly string[];
  workers: readonly string[];
}

const MAX_NODE_REF = 63;
const nodeRef = fc.nat(MAX_NODE_REF);
const windowMs = fc.integer({ min: 1_000, max: 60_000 });
const windowNodes = fc.option(fc.uniqueArray(nodeRef, { minLength: 1, maxLength: 3 }), { nil: null, freq: 2 });

function target(withWorkers: boolean, withAll: boolean): fc.Arbitrary<RawTarget> {
  const sels = ["leader", "follower", "manager", ...(withWorkers ? ["worker"] : []), ...(withAll ? ["all"] : [])];
  return fc.oneof(fc.constantFrom(...sels), nodeRef);
}

const partition: fc.Arbitrary<RawPartition> = fc.oneof(
  fc.record({ s: fc.constantFrom("isolate-leader" as const, "halves" as const, "bridge" as const, "majority-ring" as const, "random" as const) }),
  fc.record({ s: fc.constant("isolate" as const), t: nodeRef as fc.Arbitrary<RawTarget> }),
  fc.record({ s: fc.constant("groups" as const), of: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 32 }) }),
  fc.record({ s: fc.constant("blocked" as const), links: fc.array(fc.tuple(nodeRef, nodeRef), { minLength: 1, maxLength: 6 }) }),
);

/** Raw faults of each family; `withWorkers` allows the `worker` selector. */
export function rawFaultArbs(families: readonly FaultFamily[], withWorkers: boolean): { family: FaultFamily; arb: fc.Arbitrary<RawFault> }[] {
  const t = target(withWorkers, false);
  const tAll = target(withWorkers, true);
  const out: { family: FaultFamily; arb: fc.Arbitrary<RawFault> }[] = [];
  for (const family of families) {
    switch (family) {
      case "crash":
        out.push({ family, arb: fc.record({ k: fc.constant("crash" as const), t, lose: fc.boolean() }) });
        out.push({ family, arb: fc.record({ k: fc.constant("restart" as const), t: tAll }) });
        break;
      case "pause":
        out.push({ family, arb: fc.record({ k: fc.constant("pause" as const), t }) });
        out.push({ family, arb: fc.record({ k: fc.constant("resume" as const), t: tAll }) });
        break;
      case "remove":
        out.push({ family, arb: fc.record({ k: fc.constant("remove" as const), t }) });
        break;
      case "partition":
        out.push({ family, arb: fc.record({ k: fc.constant("partition" as const), p: partition }) });
        out.push({ family, arb: fc.constant({ k: "heal" as const }) });
        break;
      case "loss":
      case "duplicate":
        out.push({ family, arb: fc.record({ k: fc.constant(family), pct: fc.integer({ min: 1, max: 100 }), forMs: windowMs, nodes: windowNodes }) });
        break;
      case "delay":
        out.push({ family, arb: fc.record({ k: fc.constant("delay" as const), maxMs: fc.integer({ min: 10, max: 3_000 }), forMs: windowMs, nodes: windowNodes }) });
        break;
      case "skew": {
        const permille = fc.integer({ min: -1000, max: 1000 });
        // Skews name a node (a clock belongs to a host), so phase 2 knows whose clock to reset.
        out.push({ family, arb: fc.record({ k: fc.constant("skew" as const), t: nodeRef as fc.Arbitrary<RawTarget>, offset: fc.option(permille, { nil: null }), drift: fc.option(permille, { nil: null }) }) });
        break;
      }
    }
  }
  return out;
}

export function familyOf(k: RawFault["k"]): FaultFamily {
  switch (k) {
    case "crash":
    case "restart":
      return "crash";
    case "pause":
    case "resume":
      return "pause";
    case "partition":
    case "heal":
      return "partition";
    default:
      return k;
  }
}

function nameAt(pool: TargetPool, ix: number): string {
  return pool.names[ix % pool.names.length];
}

function resolveTarget(pool: TargetPool, t: RawTarget): string {
  return typeof t === "number" ? nameAt(pool, t) : t;
}

function windowTargets(pool: TargetPool, nodes: number[] | null): string[] | null {
  if (nodes === null) return null;
  return [...new Set(nodes.map((ix) => nameAt(pool, ix)))];
}

function partitionSpec(pool: TargetPool, p: RawPartition): PartitionSpec {
  switch (p.s) {
    case "isolate":
      return { shape: "isolate", node: resolveTarget(pool, p.t) };
    case "groups": {
      const groups: string[][] = [[], [], []];
      for (let i = 0; i < pool.names.length; i++) groups[p.of[i % p.of.length]].push(pool.names[i]);
      const nonEmpty = groups.filter((g) => g.length > 0);
      if (pool.names.length < 2) return { shape: "halves" };
      // A partition has at least two sides: split the last node off when the genome put all in one.
      if (nonEmpty.length < 2) return { groups: [pool.names.slice(0, -1), pool.names.slice(-1)] };
      return { groups: nonEmpty };
    }
    case "blocked": {
      const seen = new Set<string>();
      const blocked: [string, string][] = [];
      for (const [a, b] of p.links) {
        const from = nameAt(pool, a);
        const to = nameAt(pool, b);
        const key = `${from}>${to}`;
        if (from === to || seen.has(key)) continue;
        seen.add(key);
        blocked.push([from, to]);
      }
      if (blocked.length > 0) return { blocked };
      // Only self-links drawn (or a one-node cluster): block one real link if there is one.
      return pool.names.length < 2 ? { shape: "halves" } : { blocked: [[pool.names[0], pool.names[1]]] };
    }
    default:
      return { shape: p.s };
  }
}

/** The fault record for a raw fault; `forUs` of windows is capped by `windowEndUs - atUs`. */
export function toFault(raw: RawFault, pool: TargetPool, mix: FaultMix, atUs: Micros, windowEndUs: Micros): Fault {
  const forUs = (ms: number) => Math.max(MS, Math.min(ms * MS, windowEndUs - atUs));
  switch (raw.k) {
    case "crash":
      return { kind: "crash", target: resolveTarget(pool, raw.t), loseUnsynced: raw.lose };
    case "restart":
    case "pause":
    case "resume":
    case "remove":
      return { kind: raw.k, target: resolveTarget(pool, raw.t) };
    case "partition":
      return { kind: "partition", partition: partitionSpec(pool, raw.p) };
    case "heal":
      return { kind: "heal" };
    case "loss":
    case "duplicate": {
      const rate = Math.max(1, Math.round((raw.pct * mix.windowRateMaxPct) / 100)) / 100;
      return { kind: raw.k, rate, forUs: forUs(raw.forMs), nodes: windowTargets(pool, raw.nodes) };
    }
    case "delay":
      return { kind: "delay", latency: { minUs: 1 * MS, maxUs: raw.maxMs * MS, tailP: 0, tailMeanUs: 0 }, forUs: forUs(raw.forMs), nodes: windowTargets(pool, raw.nodes) };
    case "skew": {
      // Offsets in whole milliseconds, drift in whole ppm: they print exactly in YAML.
      const offsetUs = raw.offset === null ? null : Math.round((raw.offset * mix.skewMaxMs) / 1000) * MS;
      const driftPpm = raw.drift === null ? null : Math.round((raw.drift * mix.driftMaxPpm) / 1000);
      // Neither set would be a no-op skew: make it an offset of zero (a visible clock.skew event).
      return { kind: "skew", target: resolveTarget(pool, raw.t), offsetUs: offsetUs === null && driftPpm === null ? 0 : offsetUs, driftPpm };
    }
  }
}

