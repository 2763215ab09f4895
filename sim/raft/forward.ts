// Client-command forwarding between members (SwarmKit's raft proxy): a follower hands a command
// to the leader and gets the result back. These are not Raft protocol messages.
import type { LogIndex } from "../kernel/types.ts";
import type { SubmitOutcome } from "./api.ts";

export class ProposeMsg {
  readonly kind = "raft.propose";
  constructor(
    readonly reqId: number,
    readonly command: unknown,
    /** A read-only command: served with a ReadIndex barrier when cfg.readIndex is on. */
    readonly read: boolean,
  ) {}
}

export class ProposeRespMsg {
  readonly kind = "raft.propose-resp";
  constructor(
    readonly reqId: number,
    readonly outcome: SubmitOutcome,
    readonly index: LogIndex,
    readonly value: unknown,
  ) {}
}
