// The outbox of the pure Raft node (etcd's Ready): everything the host must do, in order —
// install the snapshot, persist entries + hard state (fsync when mustSync), send messages,
// apply committed entries — then call advance().
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";
import type { HardState, RaftEntry, RaftMessage, Snapshot } from "./messages.ts";

export const FOLLOWER = 0;
export const PRE_CANDIDATE = 1;
export const CANDIDATE = 2;
export const LEADER = 3;
export type Role = typeof FOLLOWER | typeof PRE_CANDIDATE | typeof CANDIDATE | typeof LEADER;
export const ROLE_NAMES = ["follower", "pre-candidate", "candidate", "leader"] as const;

export interface ReadState {
  /** Reads are linearizable once this index is applied. */
  index: LogIndex;
  /** The caller's request context (readIndex(ctx)). */
  ctx: number;
}

export interface Ready {
  /** Role or leader changed since the last Ready. */
  softStateChanged: boolean;
  role: Role;
  leader: NodeIx;
  term: Term;
  /** Term, vote or commit changed: persist `hardState`. */
  hardStateChanged: boolean;
  /** Term or vote changed: these must be on disk before any message of this Ready is sent. */
  termOrVoteChanged: boolean;
  hardState: HardState;
  /** A snapshot from the leader to install (log, state machine) before anything else. */
  snapshot: Snapshot | null;
  /** Entries to write; they replace the stored log from entries[0].index on. */
  entries: readonly RaftEntry[];
  /** Entries or term/vote changed: etcd's MustSync. */
  mustSync: boolean;
  /** Committed entries to apply, in order. */
  committedEntries: readonly RaftEntry[];
  messages: RaftMessage[];
  readStates: ReadState[];
}
