// Inputs of the service checkers: what the scenario expects and the bounds liveness is judged by.
import type { Micros } from "../../kernel/types.ts";
import { MIN, SEC } from "../../kernel/types.ts";

/** A user floor (scenario `expect.minRunning`). */
export interface MinRunningFloor {
  service: string;
  min: number;
  /** Judged only while at most this many nodes are down (null = always). */
  whileDownAtMost: number | null;
  /** How long running may stay below `min` before it is a violation. */
  graceUs: Micros;
}

export interface ServiceCheckConfig {
  /** Initial Raft voters (manager names); later changes come from raft.member events. */
  managers: string[];
  /** svc.convergence bound, also the warn.replicas-on-one-node delay. */
  convergeUs: Micros;
  /** cluster.leader-available bound. */
  leaderUs: Micros;
  /**
   * cluster.quorum-guard counts a member unreachable only after it has been down or cut off this
   * long (SwarmKit's transport marks a peer inactive only after failed sends / an election timeout).
   */
  reachGraceUs: Micros;
  /** One Raft tick (the heartbeat interval at SwarmKit's settings): a delay window this slow can keep Raft leaderless. */
  raftTickUs: Micros;
  /** svc.spread-at-placement ignores nodes that became eligible less than this long ago (scheduler lag). */
  settleUs: Micros;
  /**
   * Time from which the timeline applies no more faults or operations (windows included). With it,
   * crashed nodes that stay crashed do not block svc.convergence; without it (null), any crashed
   * node might come back, so convergence is judged only while every node is up.
   */
  quietFromUs: Micros | null;
  minRunning: MinRunningFloor[];
  /** Raft PreVote (off in SwarmKit): without it a returning manager's higher term deposes leaders. */
  preVote: boolean;
}

export interface ServiceCheckInput {
  managers: string[];
  /** Raft timing (SwarmKit: 1 s tick, electionTick 10). */
  tickUs?: Micros;
  electionTick?: number;
  convergeUs?: Micros | null;
  quietFromUs?: Micros | null;
  minRunning?: MinRunningFloor[];
  preVote?: boolean;
}

export const DEFAULT_CONVERGE_US: Micros = 2 * MIN;

/** Fills the defaults: leader bound = 2 × 2 × electionTick × tick + 10 s (≈ 50 s with SwarmKit's settings). */
export function serviceCheckConfig(input: ServiceCheckInput): ServiceCheckConfig {
  const tickUs = input.tickUs ?? SEC;
  const electionTick = input.electionTick ?? 10;
  return {
    managers: [...input.managers],
    convergeUs: input.convergeUs ?? DEFAULT_CONVERGE_US,
    leaderUs: 2 * 2 * electionTick * tickUs + 10 * SEC,
    reachGraceUs: 2 * electionTick * tickUs,
    raftTickUs: tickUs,
    settleUs: 5 * SEC,
    quietFromUs: input.quietFromUs ?? null,
    minRunning: input.minRunning ?? [],
    preVote: input.preVote ?? false,
  };
}
