// Timeline assembly. Phase 1 (safety): the generated faults and operations, at generated times,
// filtered by the run's fault mix. Phase 2 (liveness): one instant after the last fault ends, heal
// what phase 1 broke — clear the partition, restart crashed nodes, resume paused ones, reset
// skewed clocks — and stop injecting, so svc.convergence and cluster.leader-available are judged
// against a cluster that has every reason to recover.
import { assert } from "../kernel/assert.ts";
import { MS, type Micros, SEC } from "../kernel/types.ts";
import type { Action, TimelineEntry } from "../scenario/types.ts";
import { familyOf, type RawFault, type TargetPool, toFault } from "./faults.ts";
import { type FaultMix, keeps } from "./mix.ts";
import { type OpPool, opCommand, type RawOp, runAction } from "./ops.ts";

export interface RawEntry {
  /** Time in steps of ENTRY_STEP_US from the start. */
  at: number;
  /** 0..99: survival roll against the family's weight in the mix. */
  roll: number;
  act: RawFault | RawOp;
}

/** Timeline times are multiples of this: shrunk timelines read as round numbers. */
export const ENTRY_STEP_US: Micros = 100 * MS;
/** Phase 2 starts this long after the last phase-1 effect ends. */
export const HEAL_GAP_US: Micros = 1 * SEC;

export interface BuiltTimeline {
  timeline: TimelineEntry[];
  /** Number of phase-1 entries (the rest are the healing entries). */
  faultEntries: number;
  /** When phase 2 begins. */
  healAtUs: Micros;
}

export function buildTimeline(raw: readonly RawEntry[], pool: TargetPool, ops: OpPool | null, mix: FaultMix, windowUs: Micros): BuiltTimeline {
  // Stable sort: entries at the same instant keep their generated order.
  const sorted = [...raw].sort((a, b) => a.at - b.at);
  const timeline: TimelineEntry[] = [];
  let lastEffectUs = 0;
  let partitioned = false;
  let crashed = false;
  let paused = false;
  const skewed: string[] = [];
  for (const e of sorted) {
    const atUs = Math.min(e.at * ENTRY_STEP_US, windowUs);
    let action: Action;
    if (e.act.k === "op") {
      if (ops === null || !keeps(mix, "ops", e.roll)) continue;
      const command = opCommand(e.act, ops);
      if (command === null) continue;
      action = runAction(command, ops);
    } else {
      if (!keeps(mix, familyOf(e.act.k), e.roll)) continue;
      const fault = toFault(e.act, pool, mix, atUs, windowUs);
      action = fault;
      if (fault.kind === "partition") partitioned = true;
      else if (fault.kind === "heal") partitioned = false;
      else if (fault.kind === "crash") crashed = true;
      else if (fault.kind === "pause") paused = true;
      else if (fault.kind === "skew" && !skewed.includes(fault.target)) skewed.push(fault.target);
      if (fault.kind === "loss" || fault.kind === "duplicate" || fault.kind === "delay") lastEffectUs = Math.max(lastEffectUs, atUs + fault.forUs);
    }
    lastEffectUs = Math.max(lastEffectUs, atUs);
    timeline.push({ atUs, action, on: null });
  }
  const faultEntries = timeline.length;
  const healAtUs = faultEntries === 0 ? 0 : lastEffectUs + HEAL_GAP_US;
  const heal = (action: Action) => timeline.push({ atUs: healAtUs, action, on: null });
  if (partitioned) heal({ kind: "heal" });
  if (crashed) heal({ kind: "restart", target: "all" });
  if (paused) heal({ kind: "resume", target: "all" });
  // `all` is not a skew target (CONTRACT.md): reset each skewed clock, in first-skewed order.
  for (const target of skewed) heal({ kind: "skew", target, offsetUs: 0, driftPpm: 0 });
  for (let i = 1; i < timeline.length; i++) assert(timeline[i - 1].atUs <= timeline[i].atUs, "generated timeline is sorted");
  return { timeline, faultEntries, healAtUs };
}
