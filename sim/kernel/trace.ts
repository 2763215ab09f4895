// The trace: typed events, subscribers per type, optional full recording, and a running hash
// over every event whether recorded or not. Emitters pass fields positionally so that an event
// nobody listens to allocates nothing: its values are folded into the hash and forgotten.
import { EVENT_FIELDS, EVENT_TYPE_COUNT, EVENT_TYPES, type EventType, T, type TraceEvent, type TraceEventOf } from "./events.ts";
import { assert } from "./assert.ts";
import { EVENT_BUILDERS } from "./event-builders.ts";
import { Hasher, mix, StringDigests } from "./hash.ts";
import type { Micros, NodeIx } from "./types.ts";

const FIELDS: ReadonlyArray<ReadonlyArray<string>> = EVENT_TYPES.map((t) => EVENT_FIELDS[t]);
const FIELD_COUNT = Uint8Array.from(FIELDS, (f) => f.length);
// The header folds (node + 1) << 6 | code into one word.
assert(EVENT_TYPE_COUNT <= 64, "trace: event codes must fit in 6 bits");
const TAG_TIME = 0x54494d45;

export interface TimeSource {
  readonly now: Micros;
}

type Listener = (e: TraceEvent) => void;

/**
 * A positional subscriber: the event's header and its fields in the order of EVENT_FIELDS, as the
 * emitter passed them (absent values may be undefined or null). `node` is the emitting node's
 * index (-1: none; names are in Trace.nodeNames). For msg.send / msg.deliver / msg.drop the
 * `from` and `to` fields are node indices too. Nothing is allocated to call it.
 */
export type FieldListener = (seq: number, timeUs: Micros, node: NodeIx, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) => void;

export class Trace {
  /** Sequence number of the last emitted event (events are numbered from 1). */
  seq = 0;
  readonly recorded: TraceEvent[] = [];
  private readonly hasher = new Hasher();
  /** Message kinds and drop reasons: a vocabulary fixed by the code, so pinned (slots never move). */
  private readonly digests = new StringDigests(1 << 12, true);
  /** Time of the last event folded into the hash (-1: none yet). */
  private lastTimeUs = -1;
  /** Per type, in subscription order: object listeners (on) and positional ones (onFields). */
  private readonly listeners: (Listener | FieldListener)[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  /** Per type, parallel to `listeners`: 1 for a positional listener. */
  private readonly positional: number[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  /** Per type: 1 when the event must be delivered (recording, or any listener). */
  private readonly wanted = new Uint8Array(EVENT_TYPE_COUNT);
  /** Per type: 1 when an object must be built (recording, or an object listener). */
  private readonly wantsObject = new Uint8Array(EVENT_TYPE_COUNT);

  constructor(
    private readonly clock: TimeSource,
    /** Node names by index; the world appends late joiners. */
    readonly nodeNames: string[],
    readonly recording: boolean,
  ) {
    if (recording) {
      this.wanted.fill(1);
      this.wantsObject.fill(1);
    }
  }

  on<K extends EventType>(type: K, fn: (e: TraceEventOf<K>) => void): void {
    const code = T[type];
    this.listeners[code].push(fn as unknown as Listener);
    this.positional[code].push(0);
    this.wanted[code] = 1;
    this.wantsObject[code] = 1;
  }

  /**
   * Subscribes positionally (see FieldListener): for hot event types, no event object is built
   * unless recording or an object listener of the same type needs one. Listeners of a type run
   * in subscription order, whichever way they subscribed.
   */
  onFields(type: EventType, fn: FieldListener): void {
    const code = T[type];
    this.listeners[code].push(fn);
    this.positional[code].push(1);
    this.wanted[code] = 1;
  }

  /** True when an event of this type would be built (cheap guard for costly field values). */
  wants(code: number): boolean {
    return this.wanted[code] === 1;
  }

  /** Emits an event; fields are positional, in the order of EVENT_FIELDS. Use null for absent values. */
  emit(code: number, node: NodeIx, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown): void {
    const seq = this.foldHeader(code, node);
    const h = this.hasher;
    const n = FIELD_COUNT[code];
    if (n > 0) h.value(a);
    if (n > 1) h.value(b);
    if (n > 2) h.value(c);
    if (n > 3) h.value(d);
    if (n > 4) h.value(e);
    if (n > 5) h.value(f);
    if (this.wanted[code] === 1) this.deliver(code, seq, node, a, b, c, d, e, f);
  }

  /**
   * emit() for a type whose fields are all numbers, at most three (raft.append, raft.commit,
   * raft.apply: three per entry per member): the same hash and event, without a type dispatch
   * per field. Fields past the type's count are ignored.
   */
  emitNumbers(code: number, node: NodeIx, a: number, b: number, c: number): void {
    const n = FIELD_COUNT[code];
    if (n > 3) assert(false, `emitNumbers: ${EVENT_TYPES[code]} has ${n} fields`);
    const seq = this.foldHeader(code, node);
    const h = this.hasher;
    if (n > 0) h.int(a);
    if (n > 1) h.int(b);
    if (n > 2) h.int(c);
    if (this.wanted[code] === 1) this.deliver(code, seq, node, a, n > 1 ? b : undefined, n > 2 ? c : undefined, undefined, undefined, undefined);
  }

  /**
   * Emits a msg.send / msg.deliver / msg.drop event (the hottest types): `from` and `to` are node
   * indices, folded as numbers; the kind and the drop reason (null for send and deliver) fold as
   * memoized string digests. The built event is the same as emit() would build with node names.
   */
  emitMsg(code: number, node: NodeIx, msgId: number, from: NodeIx, to: NodeIx, kind: string, reason: string | null): void {
    this.emitMsgSlot(code, node, msgId, from, to, kind, this.digests.slot(kind), reason);
  }

  /** The slot of a message kind's digest, for emitMsgSlot (valid for the trace's lifetime). */
  kindSlot(kind: string): number {
    return this.digests.slot(kind);
  }

  /**
   * emitMsg with the kind's digest slot given (kindSlot(kind)): the network looks a message's kind
   * up once, at send, for every event of the message. A drop reason is looked up here (drops are rare).
   */
  emitMsgSlot(code: number, node: NodeIx, msgId: number, from: NodeIx, to: NodeIx, kind: string, kindSlot: number, reason: string | null): void {
    const seq = this.foldHeader(code, node);
    const h = this.hasher;
    const digests = this.digests;
    let h1 = mix(h.h1, msgId | 0);
    let h2 = mix(h.h2, Math.floor(msgId / 4294967296) | 0);
    h1 = mix(h1, from);
    h2 = mix(h2, to);
    h1 = mix(h1, digests.lanes[2 * kindSlot]);
    h2 = mix(h2, digests.lanes[2 * kindSlot + 1]);
    if (reason !== null) {
      const slot = digests.slot(reason);
      h1 = mix(h1, digests.lanes[2 * slot]);
      h2 = mix(h2, digests.lanes[2 * slot + 1]);
    }
    h.h1 = h1;
    h.h2 = h2;
    if (this.wanted[code] === 1) this.deliverMsg(code, seq, node, msgId, from, to, kind, reason);
  }

  /**
   * Numbers the event and folds its header. The time folds only when it changed since the last
   * event (events at one instant share it), which the hash still pins down: a TAG_TIME word
   * marks every change.
   */
  private foldHeader(code: number, node: NodeIx): number {
    const seq = ++this.seq;
    const h = this.hasher;
    const timeUs = this.clock.now;
    if (timeUs !== this.lastTimeUs) {
      this.lastTimeUs = timeUs;
      h.h1 = mix(h.h1, TAG_TIME);
      h.int(timeUs);
    }
    // The seq needs no folding: every event mixes its header, so the chain already counts them.
    h.h1 = mix(h.h1, ((node + 1) << 6) | code);
    return seq;
  }

  /** Builds the event object (when needed) for the recording and the listeners of its type. */
  private deliver(code: number, seq: number, node: NodeIx, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown): void {
    const timeUs = this.clock.now;
    let event: TraceEvent | null = null;
    if (this.wantsObject[code] === 1) {
      const nodeName = node < 0 ? null : this.nodeNames[node];
      const builder = EVENT_BUILDERS[code];
      event = builder !== null ? builder(seq, timeUs, nodeName, a, b, c, d, e, f) : buildEvent(code, seq, timeUs, nodeName, a, b, c, d, e, f);
      if (this.recording) this.recorded.push(event);
    }
    const ls = this.listeners[code];
    const pos = this.positional[code];
    for (let i = 0; i < ls.length; i++) {
      if (pos[i] === 1) (ls[i] as FieldListener)(seq, timeUs, node, a, b, c, d, e, f);
      else (ls[i] as Listener)(event as TraceEvent);
    }
  }

  /** deliver() for message events: objects carry node names, positional listeners get indices. */
  private deliverMsg(code: number, seq: number, node: NodeIx, msgId: number, from: NodeIx, to: NodeIx, kind: string, reason: string | null): void {
    const timeUs = this.clock.now;
    let event: TraceEvent | null = null;
    if (this.wantsObject[code] === 1) {
      const names = this.nodeNames;
      const nodeName = node < 0 ? null : names[node];
      const builder = EVENT_BUILDERS[code];
      event =
        builder !== null
          ? builder(seq, timeUs, nodeName, msgId, names[from], names[to], kind, reason, null)
          : buildEvent(code, seq, timeUs, nodeName, msgId, names[from], names[to], kind, reason, null);
      if (this.recording) this.recorded.push(event);
    }
    const ls = this.listeners[code];
    const pos = this.positional[code];
    for (let i = 0; i < ls.length; i++) {
      if (pos[i] === 1) (ls[i] as FieldListener)(seq, timeUs, node, msgId, from, to, kind, reason, null);
      else (ls[i] as Listener)(event as TraceEvent);
    }
  }

  /** The trace hash: covers every event emitted so far, recorded or not. */
  hash(): string {
    return this.hasher.digest();
  }
}

/** The generic builder: fields under their names from EVENT_FIELDS, absent values as null. */
export function buildEvent(code: number, seq: number, timeUs: number, node: string | null, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown): TraceEvent {
  const names = FIELDS[code];
  const n = names.length;
  const ev: Record<string, unknown> = { seq, timeUs, node, type: EVENT_TYPES[code] };
  if (n > 0) ev[names[0]] = a ?? null;
  if (n > 1) ev[names[1]] = b ?? null;
  if (n > 2) ev[names[2]] = c ?? null;
  if (n > 3) ev[names[3]] = d ?? null;
  if (n > 4) ev[names[4]] = e ?? null;
  if (n > 5) ev[names[5]] = f ?? null;
  return ev as unknown as TraceEvent;
}
