// What every leader-only component gets: the host, the committed store, the write pipeline,
// a timer scope that dies with leadership, and the enabled bug switches.
import type { Host, Message } from "../../kernel/host.ts";
import type { Micros, NodeIx } from "../../kernel/types.ts";
import type { BehaviourSpec } from "../spec.ts";
import type { SwarmStore } from "../store/store.ts";
import type { RaftHandle } from "./raft-port.ts";
import type { Scope } from "./scope.ts";
import type { LeaderWriter } from "./writer.ts";

export interface LeaderCtx {
  readonly host: Host;
  readonly store: SwarmStore;
  readonly writer: LeaderWriter;
  readonly scope: Scope;
  readonly raft: RaftHandle;
  readonly bugs: ReadonlySet<string>;
  /** Send to a node; to self it is delivered through a zero timer (no network hop). */
  send<M extends Message>(to: NodeIx, msg: M): void;
  now(): Micros;
  readonly behaviours: Readonly<Record<string, BehaviourSpec>>;
}
