// What a Raft entry of the Swarm store carries: one transaction = a batch of whole-object
// writes. Objects are immutable once written (a change writes a new object), so snapshots,
// messages and indexes can share them safely.
import type { Micros } from "../../kernel/types.ts";
import type { NetworkObj, NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import type { ClusterObj } from "./cluster.ts";

export type StoreOp =
  | { t: "node"; v: NodeObj }
  | { t: "node-del"; id: string }
  | { t: "service"; v: ServiceObj }
  | { t: "service-del"; id: string }
  | { t: "task"; v: TaskObj }
  | { t: "task-del"; id: string }
  | { t: "network"; v: NetworkObj }
  | { t: "cluster"; v: ClusterObj };

export interface StoreCommand {
  kind: "swarm.tx";
  /** Proposer's clock when the batch was built (deterministic for every applier). */
  atUs: Micros;
  ops: StoreOp[];
}

export function isStoreCommand(c: unknown): c is StoreCommand {
  return typeof c === "object" && c !== null && (c as { kind?: unknown }).kind === "swarm.tx";
}
