// The agent ↔ dispatcher protocol. Agents may reach the leader's dispatcher through any manager:
// a non-leader forwards requests (setting `proxy`) and relays responses back, like SwarmKit's
// raft proxy. Every message names the agent, so any hop knows where a response goes.
import type { Micros, NodeIx } from "../../kernel/types.ts";
import type { TaskObj, TaskState } from "../objects.ts";

export interface StatusUpdate {
  taskId: string;
  state: TaskState;
  message: string;
  err: string | null;
  /** Agent's clock when the state was reached. */
  timestampUs: Micros;
}

interface AgentRequestBase {
  /** The agent's node id (name) and index. */
  node: string;
  agent: NodeIx;
  /** Manager that forwarded the request to the leader, or -1 when sent directly. */
  proxy: NodeIx;
  reqId: number;
}

export interface SessionRequest extends AgentRequestBase {
  kind: "dispatcher.session";
  sessionId: string | null;
}

export interface HeartbeatRequest extends AgentRequestBase {
  kind: "dispatcher.heartbeat";
  sessionId: string;
  /** Seq of the last assignments message the agent applied (absent: do not resend). */
  assignSeq?: number;
}

export interface StatusRequest extends AgentRequestBase {
  kind: "dispatcher.status";
  sessionId: string;
  updates: StatusUpdate[];
}

export type AgentRequest = SessionRequest | HeartbeatRequest | StatusRequest;

interface AgentResponseBase {
  agent: NodeIx;
  proxy: NodeIx;
  reqId: number;
  ok: boolean;
  error: string | null;
}

export interface SessionResponse extends AgentResponseBase {
  kind: "dispatcher.session-resp";
  sessionId: string | null;
  periodUs: Micros;
  /** Current managers (the weighted peer list of SwarmKit's session stream). */
  managers: NodeIx[];
  /** The node's observed role in the store (a node learns promotion/demotion from its session). */
  role: "manager" | "worker" | null;
}

export interface HeartbeatResponse extends AgentResponseBase {
  kind: "dispatcher.heartbeat-resp";
  periodUs: Micros;
  role: "manager" | "worker" | null;
}

export interface StatusResponse extends AgentResponseBase {
  kind: "dispatcher.status-resp";
}

/** The full set of tasks assigned to the node (observed ASSIGNED..RUNNING). */
export interface Assignments {
  kind: "dispatcher.assignments";
  agent: NodeIx;
  proxy: NodeIx;
  sessionId: string;
  /** Increases per session; an agent ignores an older set that arrives late. */
  seq: number;
  tasks: TaskObj[];
}

export type AgentResponse = SessionResponse | HeartbeatResponse | StatusResponse | Assignments;

const REQUEST_KINDS = new Set(["dispatcher.session", "dispatcher.heartbeat", "dispatcher.status"]);
const RESPONSE_KINDS = new Set(["dispatcher.session-resp", "dispatcher.heartbeat-resp", "dispatcher.status-resp", "dispatcher.assignments"]);

export function isAgentRequest(m: { kind: string }): m is AgentRequest {
  return REQUEST_KINDS.has(m.kind);
}

export function isAgentResponse(m: { kind: string }): m is AgentResponse {
  return RESPONSE_KINDS.has(m.kind);
}

export const ERR_SESSION_INVALID = "session invalid";
export const ERR_NODE_NOT_FOUND = "node not found";
export const ERR_NO_LEADER = "no leader";
