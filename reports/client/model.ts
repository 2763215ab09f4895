// The decoded report: typed arrays over the embedded columns, and accessors that rebuild a full
// event object only when a view asks for one (the details panel, a tooltip).
import { MSG_STATUS, type ReportData } from "./data.ts";
import { humanizeTimes } from "./dom.ts";

export interface Model {
  d: ReportData;
  n: number;
  seq: Float64Array;
  t: Float64Array;
  node: Int32Array;
  type: Int32Array;
  /** Row of each event within its type's columns. */
  row: Int32Array;
  typeNames: string[];
  /** Per node: event indexes on that lane (ascending). */
  laneEvents: Int32Array[];
  /** World events (node = null). */
  worldEvents: Int32Array;
  msgCount: number;
  msgHeartbeat: Uint8Array;
  /** Per message: send time and end time (in-flight ends at the run end). */
  msgT0: Float64Array;
  msgT1: Float64Array;
  /** Event index → message record (its send or end), -1 for none. First record wins for sends. */
  msgOfEvent: Int32Array;
  kindNames: string[];
  /** Distinct message kinds (string indexes) in first-seen order. */
  kinds: number[];
}

export function decode(d: ReportData): Model {
  const n = d.ev.type.length;
  const seq = new Float64Array(n);
  const t = new Float64Array(n);
  const node = Int32Array.from(d.ev.node);
  const type = Int32Array.from(d.ev.type);
  const row = new Int32Array(n);
  const perType = new Int32Array(d.tc.length);
  let s = 0;
  let tt = 0;
  for (let i = 0; i < n; i++) {
    s += d.ev.seq[i];
    tt += d.ev.t[i];
    seq[i] = s;
    t[i] = tt;
    row[i] = perType[type[i]]++;
  }
  const lanes: number[][] = d.nodes.map(() => []);
  const world: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = node[i];
    if (k >= 0) lanes[k].push(i);
    else world.push(i);
  }
  const m = d.msg.a.length;
  const hbSet = new Set(d.heartbeatKinds);
  const msgHeartbeat = new Uint8Array(m);
  const msgT0 = new Float64Array(m);
  const msgT1 = new Float64Array(m);
  const msgOfEvent = new Int32Array(n).fill(-1);
  const kinds: number[] = [];
  const seenKind = new Set<number>();
  for (let j = 0; j < m; j++) {
    const a = d.msg.a[j];
    const b = d.msg.b[j];
    msgHeartbeat[j] = hbSet.has(d.strs[d.msg.kind[j]]) ? 1 : 0;
    msgT0[j] = a >= 0 ? t[a] : t[b];
    msgT1[j] = b >= 0 ? t[b] : d.endUs;
    if (a >= 0 && msgOfEvent[a] < 0) msgOfEvent[a] = j;
    if (b >= 0) msgOfEvent[b] = j;
    if (!seenKind.has(d.msg.kind[j])) {
      seenKind.add(d.msg.kind[j]);
      kinds.push(d.msg.kind[j]);
    }
  }
  return {
    d,
    n,
    seq,
    t,
    node,
    type,
    row,
    typeNames: d.tc.map((c) => c.type),
    laneEvents: lanes.map((l) => Int32Array.from(l)),
    worldEvents: Int32Array.from(world),
    msgCount: m,
    msgHeartbeat,
    msgT0,
    msgT1,
    msgOfEvent,
    kindNames: d.strs,
    kinds,
  };
}

/** A field of event i, decoded (strings from the table). */
export function field(m: Model, i: number, name: string): unknown {
  const c = m.d.tc[m.type[i]];
  const f = c.fields.indexOf(name);
  if (f < 0) return undefined;
  const v = c.cols[f][m.row[i]];
  if (c.enc[f] === "s") return (v as number) < 0 ? null : m.d.strs[v as number];
  return v;
}

/** The full event as it appears in the trace. */
export function eventObject(m: Model, i: number): Record<string, unknown> {
  const c = m.d.tc[m.type[i]];
  const k = m.node[i];
  const o: Record<string, unknown> = { seq: m.seq[i], timeUs: m.t[i], node: k >= 0 ? m.d.nodes[k].name : null, type: c.type };
  for (let f = 0; f < c.fields.length; f++) o[c.fields[f]] = field(m, i, c.fields[f]);
  return o;
}

/** Index of the event with this seq, or -1. */
export function indexOfSeq(m: Model, s: number): number {
  let lo = 0;
  let hi = m.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m.seq[mid] === s) return mid;
    if (m.seq[mid] < s) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First index with time ≥ tUs within an ascending index list (or all events when list is null). */
export function lowerBound(times: Float64Array, idx: Int32Array | null, tUs: number): number {
  let lo = 0;
  let hi = idx === null ? times.length : idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = idx === null ? times[mid] : times[idx[mid]];
    if (v < tUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function msgStatusName(st: number): string {
  return MSG_STATUS[st] ?? "?";
}

/** One-line summary of an event for tables and tooltips. */
export function summary(m: Model, i: number): string {
  const type = m.typeNames[m.type[i]];
  const g = (k: string) => field(m, i, k);
  switch (type) {
    case "msg.send":
    case "msg.deliver":
      return `${g("kind")} ${g("from")}→${g("to")} #${g("msgId")}`;
    case "msg.drop":
      return `${g("kind")} ${g("from")}→${g("to")} #${g("msgId")} dropped (${g("reason")})`;
    case "raft.role":
      return `${g("role")} term ${g("term")}${g("leader") ? ` leader ${g("leader")}` : ""}`;
    case "raft.append":
      return `index ${g("index")} term ${g("term")}`;
    case "raft.commit":
    case "raft.apply":
    case "raft.snapshot":
      return `index ${g("index")} term ${g("term")}`;
    case "raft.truncate":
      return `from index ${g("fromIndex")}`;
    case "task.state":
      return `${g("service")}.${g("slot")} ${g("task")} ${g("state")} (desired ${g("desiredState")})${g("error") ? ` ${g("error")}` : ""}`;
    case "container.state":
      return `${g("service")}.${g("slot")} ${g("task")} ${g("state")}`;
    case "check.violation":
    case "check.warning":
      return `${g("invariant")}: ${humanizeTimes(String(g("message")))}`;
    case "op.submit":
      return `${g("command")}`;
    case "node.status":
      return `${g("status")} ${g("availability")}${g("message") ? ` (${g("message")})` : ""}`;
    default: {
      const c = m.d.tc[m.type[i]];
      return c.fields
        .map((f) => {
          const v = field(m, i, f);
          return `${f}=${typeof v === "string" ? v : JSON.stringify(v)}`;
        })
        .join(" ");
    }
  }
}
