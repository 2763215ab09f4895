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

/**
 * The copy of `req` a non-leader manager forwards to the leader (a duplicated delivery shares
 * `req`, so it is never changed in place). Literals per kind: a generic Object.assign copy was
 * the costliest step of proxying a heartbeat.
 */
export function proxiedRequest(req: AgentRequest, proxy: NodeIx): AgentRequest {
  switch (req.kind) {
    case "dispatcher.heartbeat":
      return { kind: req.kind, sessionId: req.sessionId, assignSeq: req.assignSeq, node: req.node, agent: req.agent, proxy, reqId: req.reqId };
    case "dispatcher.status":
      return { kind: req.kind, sessionId: req.sessionId, updates: req.updates, node: req.node, agent: req.agent, proxy, reqId: req.reqId };
    case "dispatcher.session":
      return { kind: req.kind, sessionId: req.sessionId, node: req.node, agent: req.agent, proxy, reqId: req.reqId };
  }
}

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

// Compared one by one, heartbeats first: kinds are interned literals, so a miss is a pointer
// compare, cheaper than hashing into a Set (this runs for every message a node receives). They
// take the kind, not the message: a node reads it once (a load from messages of many shapes).
export function isAgentRequestKind(k: string): boolean {
  return k === "dispatcher.heartbeat" || k === "dispatcher.status" || k === "dispatcher.session";
}

export function isAgentResponseKind(k: string): boolean {
  return k === "dispatcher.heartbeat-resp" || k === "dispatcher.assignments" || k === "dispatcher.status-resp" || k === "dispatcher.session-resp";
}

export const ERR_SESSION_INVALID = "session invalid";
export const ERR_NODE_NOT_FOUND = "node not found";
export const ERR_NO_LEADER = "no leader";
