// Raft configuration with SwarmKit's defaults (SWARM.md §1). Every field is per scenario.
import type { Micros } from "../kernel/types.ts";

export interface RaftConfig {
  /** Length of one tick (SwarmKit: 1s). */
  tickUs: Micros;
  /** Election timeout is uniform in [electionTick, 2×electionTick) ticks (SwarmKit: 10). */
  electionTick: number;
  /** Leader heartbeat period in ticks (SwarmKit: 1). */
  heartbeatTick: number;
  /** Leader steps down without majority contact; followers ignore votes while a lease holds (SwarmKit: on). */
  checkQuorum: boolean;
  /** Pre-vote phase (SwarmKit: off). */
  preVote: boolean;
  /** Snapshot when applied − lastSnapshot ≥ this many entries (SwarmKit: 10000). */
  snapshotInterval: number;
  /** Entries kept in the log after a snapshot, for slow followers (SwarmKit: 500). */
  logEntriesForSlowFollowers: number;
  /** Serve reads through a ReadIndex quorum round (the fix for stale reads; SwarmKit: off). */
  readIndex: boolean;
  /** Max in-flight append messages per follower (etcd MaxInflightMsgs; SwarmKit: 256). */
  maxInflight: number;
  /** Max entries per append message (stands in for MaxSizePerMsg). */
  maxEntriesPerMsg: number;
}

export const SWARMKIT_RAFT_DEFAULTS: Readonly<RaftConfig> = Object.freeze({
  tickUs: 1_000_000,
  electionTick: 10,
  heartbeatTick: 1,
  checkQuorum: true,
  preVote: false,
  snapshotInterval: 10_000,
  logEntriesForSlowFollowers: 500,
  readIndex: false,
  maxInflight: 256,
  maxEntriesPerMsg: 64,
});
