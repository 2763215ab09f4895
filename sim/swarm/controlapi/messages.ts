// Control-API calls forwarded from a non-leader manager (or a joining node) to the leader,
// like SwarmKit's raft proxy, and the answers coming back.
import type { NodeSpec } from "../../world/spec.ts";
import type { Operation } from "../spec.ts";

/** Operations the leader executes: the docker CLI ones plus the internal join of a node. */
export type LeaderOp = Operation | { verb: "internal.join"; node: NodeSpec; token: string };

export interface ApiRequest {
  kind: "api.request";
  reqId: number;
  op: LeaderOp;
}

export interface ApiResponse {
  kind: "api.response";
  reqId: number;
  ok: boolean;
  error: string | null;
  output: unknown;
}

export interface OpResult {
  ok: boolean;
  error: string | null;
  output: unknown;
}

export type OpDone = (r: OpResult) => void;

export const ERR_NO_LEADER =
  "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";
export const ERR_INVALID_TOKEN = "A valid join token is necessary to join this cluster";
export const ERR_NOT_IN_SWARM = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";
