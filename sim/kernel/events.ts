// The trace event catalogue: every event type, its numeric code and its field names, in order.
// Emitters pass field values positionally (no object is built unless someone listens), and the
// hash folds them in this order. CONTRACT.md fixes the type names; extend, never rename.

/** Field names per event type, in positional order. */
export const EVENT_FIELDS = {
  // node lifecycle faults (node = the affected node); `entry` = timeline index or -1
  "node.crash": ["loseUnsynced", "entry"],
  "node.restart": ["entry"],
  "node.pause": ["entry"],
  "node.resume": ["entry"],
  "node.remove": ["entry"],
  // network faults (node = null)
  "net.partition": ["shape", "groups", "blocked", "entry"],
  "net.heal": ["entry"],
  "net.loss": ["rate", "untilUs", "nodes", "entry"],
  "net.duplicate": ["rate", "untilUs", "nodes", "entry"],
  "net.delay": ["minUs", "maxUs", "untilUs", "nodes", "entry"],
  "net.window-end": ["window"],
  "clock.skew": ["offsetUs", "driftPpm", "entry"],
  // a timeline entry whose target could not be resolved (e.g. `crash: leader` with no leader)
  "timeline.skip": ["entry", "reason"],
  // messages (node = sender for send/drop-at-send, receiver for deliver/drop-at-delivery)
  "msg.send": ["msgId", "from", "to", "kind"],
  "msg.deliver": ["msgId", "from", "to", "kind"],
  "msg.drop": ["msgId", "from", "to", "kind", "reason"],
  // raft (node = the member)
  "raft.role": ["role", "term", "leader"],
  "raft.append": ["index", "term", "entryHash"],
  "raft.truncate": ["fromIndex"],
  "raft.commit": ["index", "term"],
  "raft.apply": ["index", "term", "entryHash"],
  "raft.snapshot": ["index", "term"],
  "raft.member": ["change", "member", "members"],
  // raft-only client workload
  "client.submit": ["opId", "client", "via", "key", "value"],
  "client.result": ["opId", "client", "result", "index", "value"],
  // control-plane operations from the timeline (docker CLI)
  "op.submit": ["opId", "command", "via", "entry"],
  "op.result": ["opId", "ok", "error", "output"],
  // swarm state as committed in the store (node = the task's node / the subject node)
  "task.state": ["task", "service", "slot", "state", "desiredState", "error"],
  "node.status": ["status", "availability", "role", "message"],
  "service.spec": ["service", "mode", "replicas", "version", "spec"],
  "service.update": ["service", "state", "message"],
  // what a worker actually runs (may differ from the store while partitioned)
  "container.state": ["task", "service", "slot", "state"],
  // checkers
  "check.violation": ["invariant", "message", "nodes", "witness"],
  "check.warning": ["invariant", "message", "nodes"],
  "node.info": ["hostname", "os", "arch", "labels", "engineLabels", "resources"],
} as const;

export type EventType = keyof typeof EVENT_FIELDS;
export const EVENT_TYPES = Object.keys(EVENT_FIELDS) as EventType[];
export const EVENT_TYPE_COUNT = EVENT_TYPES.length;

/** Numeric code per type, for hashing and subscriber tables. */
export const T: { readonly [K in EventType]: number } = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as never;

/** Message kinds that are heartbeats: hidden by default in reports (CONTRACT.md). */
export const HEARTBEAT_KINDS: ReadonlySet<string> = new Set([
  "raft.heartbeat",
  "raft.heartbeat-resp",
  "dispatcher.heartbeat",
  "dispatcher.heartbeat-resp",
]);

export type DropReason = "loss" | "partition" | "crashed" | "paused-timeout";
export type RaftRole = "follower" | "candidate" | "pre-candidate" | "leader";

interface Base {
  seq: number;
  timeUs: number;
  /** Node name, or null for world-level events. */
  node: string | null;
}

/** Field value types per event type (what a subscriber receives). */
export interface EventFieldTypes {
  "node.crash": { loseUnsynced: boolean; entry: number };
  "node.restart": { entry: number };
  "node.pause": { entry: number };
  "node.resume": { entry: number };
  "node.remove": { entry: number };
  "net.partition": { shape: string; groups: string[][]; blocked: [string, string][]; entry: number };
  "net.heal": { entry: number };
  "net.loss": { rate: number; untilUs: number; nodes: string[] | null; entry: number };
  "net.duplicate": { rate: number; untilUs: number; nodes: string[] | null; entry: number };
  "net.delay": { minUs: number; maxUs: number; untilUs: number; nodes: string[] | null; entry: number };
  "net.window-end": { window: "loss" | "duplicate" | "delay" };
  "clock.skew": { offsetUs: number; driftPpm: number; entry: number };
  "timeline.skip": { entry: number; reason: string };
  "msg.send": { msgId: number; from: string; to: string; kind: string };
  "msg.deliver": { msgId: number; from: string; to: string; kind: string };
  "msg.drop": { msgId: number; from: string; to: string; kind: string; reason: DropReason };
  "raft.role": { role: RaftRole; term: number; leader: string | null };
  "raft.append": { index: number; term: number; entryHash: number };
  "raft.truncate": { fromIndex: number };
  "raft.commit": { index: number; term: number };
  "raft.apply": { index: number; term: number; entryHash: number };
  "raft.snapshot": { index: number; term: number };
  "raft.member": { change: "add" | "remove"; member: string; members: string[] };
  "client.submit": { opId: number; client: string; via: string; key: string; value: string | null };
  "client.result": { opId: number; client: string; result: "ok" | "not-leader" | "timeout" | "error"; index: number; value: string | null };
  "op.submit": { opId: number; command: string; via: string; entry: number };
  "op.result": { opId: number; ok: boolean; error: string | null; output: unknown };
  "task.state": { task: string; service: string; slot: number; state: string; desiredState: string; error: string | null };
  "node.status": { status: string; availability: string; role: string; message: string | null };
  "service.spec": { service: string; mode: string; replicas: number; version: number; spec: unknown };
  "service.update": { service: string; state: string; message: string | null };
  "container.state": { task: string; service: string; slot: number; state: string };
  "check.violation": { invariant: string; message: string; nodes: string[]; witness: number[] };
  "check.warning": { invariant: string; message: string; nodes: string[] };
  "node.info": {
    hostname: string;
    os: string;
    arch: string;
    labels: Record<string, string>;
    engineLabels: Record<string, string>;
    /** The node's capacity (what the scheduler's resource filter reserves from); null when unknown. */
    resources: { nanoCpus: number; memoryBytes: number } | null;
  };
}

export type TraceEventOf<K extends EventType> = Base & { type: K } & EventFieldTypes[K];
export type TraceEvent = { [K in EventType]: TraceEventOf<K> }[EventType];

/** The first line of a trace file. */
export interface TraceMeta {
  type: "meta";
  version: string;
  seed: number;
  scenario: unknown;
}
