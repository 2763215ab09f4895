// How the Swarm manager drives its Raft member: the RaftMemberApi plus the NodeProcess-like
// entry points the member needs (messages whose kind starts with "raft.", its own timers).
import type { Host, Message } from "../../kernel/host.ts";
import type { NodeIx } from "../../kernel/types.ts";
import type { RaftMemberApi, StateMachine } from "../../raft/api.ts";
import type { RaftConfig } from "../../raft/config.ts";

export interface RaftHandle extends RaftMemberApi {
  start(): void;
  onMessage(from: NodeIx, msg: Message): void;
  onTimer(tag: number, data: unknown): void;
  /** Stops participating (demotion, leave): pending work fails. */
  stop?(): void;
}

export interface RaftFactoryArgs {
  host: Host;
  config: RaftConfig;
  /** Initial voting members (bootstrap); empty for a member that joins an existing cluster. */
  members: readonly NodeIx[];
  stateMachine: StateMachine;
  /** Raft's timers use tags ≥ this (the swarm layer keeps the tags below it); `tagBase` itself is the tick. */
  tagBase: number;
}

export type RaftFactory = (args: RaftFactoryArgs) => RaftHandle;

/** A Raft message's kind (the node reads `kind` once and dispatches on it). */
export function isRaftKind(kind: string): boolean {
  return kind.charCodeAt(0) === 114 /* r */ && kind.startsWith("raft.");
}
