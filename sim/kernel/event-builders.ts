// Object literals for the trace's busiest subscribed event types. The generic builder in trace.ts
// stores fields under computed keys, which V8 handles slowly when one site sees every type; a
// literal per type gets a fixed shape. Each entry must build exactly what the generic builder
// builds (same keys, same order, absent values as null): the field lists are asserted at load and
// trace.test.ts compares both builders.
import { assert } from "./assert.ts";
import { EVENT_FIELDS, type EventType, T, type TraceEvent } from "./events.ts";

export type EventBuilder = (seq: number, timeUs: number, node: string | null, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) => TraceEvent;

const BUILT: Partial<Record<EventType, { fields: readonly string[]; build: EventBuilder }>> = {
  "raft.append": {
    fields: ["index", "term", "entryHash"],
    build: (seq, timeUs, node, a, b, c) => ({ seq, timeUs, node, type: "raft.append", index: (a ?? null) as number, term: (b ?? null) as number, entryHash: (c ?? null) as number }),
  },
  "raft.commit": {
    fields: ["index", "term"],
    build: (seq, timeUs, node, a, b) => ({ seq, timeUs, node, type: "raft.commit", index: (a ?? null) as number, term: (b ?? null) as number }),
  },
  "raft.apply": {
    fields: ["index", "term", "entryHash"],
    build: (seq, timeUs, node, a, b, c) => ({ seq, timeUs, node, type: "raft.apply", index: (a ?? null) as number, term: (b ?? null) as number, entryHash: (c ?? null) as number }),
  },
  "client.submit": {
    fields: ["opId", "client", "via", "key", "value"],
    build: (seq, timeUs, node, a, b, c, d, e) =>
      ({ seq, timeUs, node, type: "client.submit", opId: a ?? null, client: b ?? null, via: c ?? null, key: d ?? null, value: e ?? null }) as TraceEvent,
  },
  "client.result": {
    fields: ["opId", "client", "result", "index", "value"],
    build: (seq, timeUs, node, a, b, c, d, e) =>
      ({ seq, timeUs, node, type: "client.result", opId: a ?? null, client: b ?? null, result: c ?? null, index: d ?? null, value: e ?? null }) as TraceEvent,
  },
  "task.state": {
    fields: ["task", "service", "slot", "state", "desiredState", "error"],
    build: (seq, timeUs, node, a, b, c, d, e, f) =>
      ({ seq, timeUs, node, type: "task.state", task: a ?? null, service: b ?? null, slot: c ?? null, state: d ?? null, desiredState: e ?? null, error: f ?? null }) as TraceEvent,
  },
  "container.state": {
    fields: ["task", "service", "slot", "state"],
    build: (seq, timeUs, node, a, b, c, d) => ({ seq, timeUs, node, type: "container.state", task: a ?? null, service: b ?? null, slot: c ?? null, state: d ?? null }) as TraceEvent,
  },
};

/** Builders by event code (null: use the generic builder). */
export const EVENT_BUILDERS: ReadonlyArray<EventBuilder | null> = (() => {
  const out: (EventBuilder | null)[] = Object.keys(T).map(() => null);
  for (const [type, b] of Object.entries(BUILT) as [EventType, { fields: readonly string[]; build: EventBuilder }][]) {
    const fields: readonly string[] = EVENT_FIELDS[type];
    assert(fields.length === b.fields.length && fields.every((f, i) => f === b.fields[i]), `event-builders: fields of ${type} changed; update its builder`);
    out[T[type]] = b.build;
  }
  return out;
})();
