// The Raft-only manager: a RaftMember replicating a KvStateMachine, serving client requests on
// whichever manager the runner's client reached (forwarded to the leader, as SwarmKit's proxy).
import type { Host, Message, NodeProcess } from "../kernel/host.ts";
import type { LogIndex, NodeIx } from "../kernel/types.ts";
import type { SubmitResult } from "./api.ts";
import type { RaftConfig } from "./config.ts";
import { type KvCommand, KvStateMachine } from "./kv.ts";
import { RaftMember } from "./member.ts";

export interface ClientRequest {
  opId: number;
  client: string;
  key: string;
  kind: "put" | "get";
  value: string | null;
}

export interface ClientResult {
  result: "ok" | "not-leader" | "timeout" | "error";
  /** Log index of the write (or read through the log); the read index with ReadIndex reads; 0 on failure. */
  index: LogIndex;
  /** put: the value written; get: the value read (null when absent or on failure). */
  value: string | null;
}

export class RaftManagerProcess implements NodeProcess {
  readonly kv = new KvStateMachine();
  readonly member: RaftMember;

  constructor(host: Host, cfg: RaftConfig, initialMembers: readonly NodeIx[], timerTagBase: number) {
    this.member = new RaftMember(host, cfg, { initialMembers, stateMachine: this.kv, timerTag: timerTagBase });
  }

  start(): void {
    this.member.start();
  }

  onMessage(from: NodeIx, msg: Message): void {
    this.member.onMessage(from, msg);
  }

  onTimer(tag: number, data: unknown): void {
    this.member.onTimer(tag, data);
  }

  /** A client's request reached this manager; `done` is called exactly once. */
  clientRequest(req: ClientRequest, done: (r: ClientResult) => void): void {
    const cmd: KvCommand = req.kind === "put" ? { op: "put", key: req.key, value: req.value ?? "" } : { op: "get", key: req.key };
    this.member.submit(cmd, req.kind === "get", (r) => done(toClientResult(r)));
  }
}

function toClientResult(r: SubmitResult): ClientResult {
  switch (r.outcome) {
    case "ok":
      return { result: "ok", index: r.index, value: (r.value as string | null) ?? null };
    case "not-leader":
    case "no-leader":
      return { result: "not-leader", index: 0, value: null };
    // Indeterminate: the command may still commit.
    case "timeout":
    case "lost-leadership":
      return { result: "timeout", index: 0, value: null };
    default:
      return { result: "error", index: 0, value: null };
  }
}

/** The runner's factory: a Raft-only manager on `host`. Uses timer tags [timerTagBase, timerTagBase + 2). */
export function createRaftManager(host: Host, cfg: RaftConfig, initialMembers: readonly NodeIx[], timerTagBase = 0): RaftManagerProcess {
  return new RaftManagerProcess(host, cfg, initialMembers, timerTagBase);
}
