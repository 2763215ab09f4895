// What the layers above (the Raft-only manager, the Swarm manager) use of a Raft member.
// The member wraps the pure state machine (step/tick/outbox) and drives it through a Host:
// it persists before sending, applies committed entries, and emits raft.* trace events.
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";

/** The replicated application (a KV map, the Swarm store). Must be deterministic. */
export interface StateMachine {
  /** Applies a committed command in log order; the result goes to the local proposer, if any. */
  apply(index: LogIndex, term: Term, command: unknown): unknown;
  /** A self-contained copy of the state (for snapshots and InstallSnapshot). */
  snapshot(): unknown;
  /** Replaces the state with a snapshot's data. */
  restore(data: unknown): void;
  /** Optional: answers a read-only command without the log (served after a ReadIndex barrier). */
  query?(command: unknown): unknown;
}

export type ProposeError =
  /** This member is not the leader (callers forward to `leader`, as SwarmKit's raft proxy does). */
  | "not-leader"
  /** Leadership was lost before the entry committed (SwarmKit's ErrLostLeadership); it may still commit. */
  | "lost-leadership"
  /** No leader known. */
  | "no-leader"
  /** Membership change refused by the quorum safeguard (ErrCannotRemoveMember). */
  | "cannot-remove-member"
  /** This member was removed from the cluster. */
  | "removed"
  | "stopped"
  /** removeMember of a node that is not a member (SwarmKit: member not found). */
  | "not-member"
  /** Another membership change is still pending (single-server changes, one at a time). */
  | "conf-change-pending";

export type ProposeResult = { ok: true; index: LogIndex; value: unknown } | { ok: false; error: ProposeError };
export type ProposeCallback = (r: ProposeResult) => void;

export interface RaftMemberApi {
  readonly id: NodeIx;
  readonly isLeader: boolean;
  /** Known leader, or -1. */
  readonly leader: NodeIx;
  readonly term: Term;
  readonly commitIndex: LogIndex;
  readonly appliedIndex: LogIndex;
  /** Current voting members (from the applied configuration). */
  readonly members: readonly NodeIx[];
  /** Proposes a command; fails at once with not-leader on a follower. */
  propose(command: unknown, cb: ProposeCallback): void;
  /** Leader only: a ReadIndex barrier. ok=true once a quorum confirmed leadership and the index is applied. */
  readBarrier(cb: (ok: boolean) => void): void;
  addMember(id: NodeIx, cb: ProposeCallback): void;
  /** Applies SwarmKit's CanRemoveMember safeguard first. */
  removeMember(id: NodeIx, cb: ProposeCallback): void;
  /** SwarmKit's CanRemoveMember: would a majority of the remaining members stay reachable? */
  canRemoveMember(id: NodeIx): boolean;
  /** Peers this member heard from within the last election timeout (SwarmKit's "active" transport). */
  isReachable(id: NodeIx): boolean;
  /** Hands leadership to `to` (or the most up-to-date peer when -1). */
  transferLeadership(to: NodeIx): void;
  /** Called when this member becomes leader (log caught up, SwarmKit's IsLeader) or stops being one. */
  onLeadershipChange(fn: (isLeader: boolean, term: Term) => void): void;
}

/** Outcome of RaftMember.submit: a command proposed locally on the leader or forwarded to it. */
export type SubmitOutcome =
  | "ok"
  /** The (forwarded-to) member is not the leader; nothing was proposed. */
  | "not-leader"
  /** No leader known; nothing was proposed. */
  | "no-leader"
  /** No answer from the leader in time: the command may or may not commit. */
  | "timeout"
  /** The leader lost leadership before the entry committed: it may still commit. */
  | "lost-leadership"
  /** This member stopped or was removed. */
  | "stopped";

export interface SubmitResult {
  outcome: SubmitOutcome;
  /** Log index of the applied command (ok), or 0. For ReadIndex reads: the read index. */
  index: LogIndex;
  /** StateMachine.apply's (or query's) result when ok; null otherwise. */
  value: unknown;
}
