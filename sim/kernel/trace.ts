// The trace: typed events, subscribers per type, optional full recording, and a running hash
// over every event whether recorded or not. Emitters pass fields positionally so that an event
// nobody listens to allocates nothing: its values are folded into the hash and forgotten.
import { EVENT_FIELDS, EVENT_TYPE_COUNT, EVENT_TYPES, type EventType, T, type TraceEvent, type TraceEventOf } from "./events.ts";
import { Hasher } from "./hash.ts";
import type { Micros, NodeIx } from "./types.ts";

const FIELDS: ReadonlyArray<ReadonlyArray<string>> = EVENT_TYPES.map((t) => EVENT_FIELDS[t]);

export interface TimeSource {
  readonly now: Micros;
}

type Listener = (e: TraceEvent) => void;

export class Trace {
  /** Sequence number of the last emitted event (events are numbered from 1). */
  seq = 0;
  readonly recorded: TraceEvent[] = [];
  private readonly hasher = new Hasher();
  private readonly listeners: Listener[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  /** Per type: 1 when an object must be built (recording, or a listener). */
  private readonly wanted = new Uint8Array(EVENT_TYPE_COUNT);

  constructor(
    private readonly clock: TimeSource,
    /** Node names by index; the world appends late joiners. */
    readonly nodeNames: string[],
    readonly recording: boolean,
  ) {
    if (recording) this.wanted.fill(1);
  }

  on<K extends EventType>(type: K, fn: (e: TraceEventOf<K>) => void): void {
    const code = T[type];
    this.listeners[code].push(fn as unknown as Listener);
    this.wanted[code] = 1;
  }

  /** True when an event of this type would be built (cheap guard for costly field values). */
  wants(code: number): boolean {
    return this.wanted[code] === 1;
  }

  /** Emits an event; fields are positional, in the order of EVENT_FIELDS. Use null for absent values. */
  emit(code: number, node: NodeIx, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown): void {
    const seq = ++this.seq;
    const timeUs = this.clock.now;
    const h = this.hasher;
    h.int(seq);
    h.int(timeUs);
    h.int(code);
    h.int(node);
    const names = FIELDS[code];
    const n = names.length;
    if (n > 0) h.value(a);
    if (n > 1) h.value(b);
    if (n > 2) h.value(c);
    if (n > 3) h.value(d);
    if (n > 4) h.value(e);
    if (n > 5) h.value(f);
    if (this.wanted[code] === 0) return;

    const ev: Record<string, unknown> = { seq, timeUs, node: node < 0 ? null : this.nodeNames[node], type: EVENT_TYPES[code] };
    if (n > 0) ev[names[0]] = a ?? null;
    if (n > 1) ev[names[1]] = b ?? null;
    if (n > 2) ev[names[2]] = c ?? null;
    if (n > 3) ev[names[3]] = d ?? null;
    if (n > 4) ev[names[4]] = e ?? null;
    if (n > 5) ev[names[5]] = f ?? null;
    const event = ev as unknown as TraceEvent;
    if (this.recording) this.recorded.push(event);
    const ls = this.listeners[code];
    for (let i = 0; i < ls.length; i++) ls[i](event);
  }

  /** The trace hash: covers every event emitted so far, recorded or not. */
  hash(): string {
    return this.hasher.digest();
  }
}
