// What a generator may produce: ranges for the cluster and the stack, which fault kinds, how long
// the two phases last. Plain data, so `check` can send it to worker threads and rebuild the same
// arbitrary there.
import { MIN, type Micros, SEC } from "../kernel/types.ts";
import type { RaftConfig } from "../raft/config.ts";
import type { FaultKind } from "../world/spec.ts";

/** Fault families a user names with --faults; each expands to the fault kinds it pairs with. */
export const FAULT_FAMILIES = {
  crash: ["crash", "restart"],
  pause: ["pause", "resume"],
  remove: ["remove"],
  partition: ["partition", "heal"],
  loss: ["loss"],
  duplicate: ["duplicate"],
  delay: ["delay"],
  skew: ["skew"],
} as const satisfies Record<string, readonly FaultKind[]>;

export type FaultFamily = keyof typeof FAULT_FAMILIES;
export const ALL_FAMILIES = Object.keys(FAULT_FAMILIES) as FaultFamily[];
/** `remove` is permanent and starves small clusters of quorum for good: opt-in only. */
export const DEFAULT_FAMILIES: readonly FaultFamily[] = ["crash", "pause", "partition", "loss", "duplicate", "delay", "skew"];

export interface Range {
  min: number;
  max: number;
}

export interface GenOptions {
  /** Scenario name (the failure directory is <name>-<seed>). */
  name: string;
  /** Fixed simulator seed; null = part of the generated value. */
  seed: number | null;
  managers: Range;
  workers: Range;
  /** Generated services; 0..0 = a Raft-only scenario. */
  services: Range;
  families: readonly FaultFamily[];
  /** Docker CLI operations in the timeline (needs services). */
  ops: boolean;
  /** Phase 1 (faults and operations) is at most this long. */
  faultWindowUs: Micros;
  /** Phase 1 has at most this many timeline entries (phase 2 appends its healing entries). */
  maxEntries: number;
  /** Bound for svc.convergence / cluster.leader-available after the heal. */
  convergeUs: Micros;
  /** Simulated time after the bound, so a late convergence is judged, not cut off. */
  settleMarginUs: Micros;
  /** Raft-only client workload; readRatio > 0 exercises the linearizability checker. */
  workload: { rateHz: number; readRatio: number } | null;
  raft: Partial<RaftConfig>;
  bugs: readonly string[];
}

export function families(text: string | undefined, fallback: readonly FaultFamily[] = DEFAULT_FAMILIES): FaultFamily[] {
  if (text === undefined || text.trim() === "") return [...fallback];
  const out: FaultFamily[] = [];
  for (const raw of text.split(",")) {
    const f = raw.trim();
    if (f === "") continue;
    if (!Object.hasOwn(FAULT_FAMILIES, f)) throw new RangeError(`unknown fault kind '${f}' (expected one of ${ALL_FAMILIES.join(", ")})`);
    if (!out.includes(f as FaultFamily)) out.push(f as FaultFamily);
  }
  return out;
}

/** Raft-only: managers under a client workload, node and network faults, no services. */
export function raftProfile(managers: number, over: Partial<GenOptions> = {}): GenOptions {
  return {
    name: `gen-raft-${managers}`,
    seed: null,
    managers: { min: managers, max: managers },
    workers: { min: 0, max: 0 },
    services: { min: 0, max: 0 },
    families: ["crash", "pause", "partition", "loss", "duplicate", "delay", "skew"],
    ops: false,
    faultWindowUs: 2 * MIN,
    maxEntries: 8,
    convergeUs: 60 * SEC,
    settleMarginUs: 10 * SEC,
    workload: { rateHz: 10, readRatio: 0 },
    raft: {},
    bugs: [],
    ...over,
  };
}

/** Whole clusters: managers, workers, services, faults and docker operations. */
export function swarmProfile(over: Partial<GenOptions> = {}): GenOptions {
  return {
    name: "gen-swarm",
    seed: null,
    managers: { min: 1, max: 7 },
    workers: { min: 0, max: 20 },
    services: { min: 1, max: 5 },
    families: DEFAULT_FAMILIES,
    ops: true,
    faultWindowUs: 3 * MIN,
    maxEntries: 10,
    convergeUs: 2 * MIN,
    settleMarginUs: 15 * SEC,
    workload: null,
    raft: {},
    bugs: [],
    ...over,
  };
}

/** `--cluster 3+5` → managers 3, workers 5. */
export function parseClusterShape(text: string): { managers: number; workers: number } {
  const m = /^(\d+)\+(\d+)$/.exec(text.trim());
  if (m === null) throw new RangeError(`--cluster expects M+W, e.g. 3+5 (got '${text}')`);
  const managers = Number(m[1]);
  const workers = Number(m[2]);
  if (managers < 1 || managers > 7) throw new RangeError("--cluster: 1 to 7 managers");
  if (workers > 50) throw new RangeError("--cluster: at most 50 workers");
  return { managers, workers };
}
