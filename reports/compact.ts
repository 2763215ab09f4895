// Compiles a recorded trace into the report's embedded data: events as typed columns with a
// string table, plus what the views derive (message pairs, role bands, down intervals, fault
// windows, the story, service series). Pure and deterministic: same input, same output.
import { assert } from "../sim/kernel/assert.ts";
import { HEARTBEAT_KINDS } from "../sim/kernel/events.ts";
import { Interner } from "../sim/kernel/interner.ts";
import type { Scenario } from "../sim/scenario/types.ts";
import {
  type ClockSkew,
  DOWN_KINDS,
  type FaultWindow,
  ROLES,
  type ReportData,
  ST_BLOCKED,
  ST_DELIVERED,
  ST_DROPPED_OTHER,
  ST_INFLIGHT,
  ST_LOST,
  type ScheduleRow,
  type ServiceSeries,
  type StoryItem,
  type TypeColumns,
} from "./client/data.ts";
import { describeAction } from "../sim/scenario/describe.ts";
import type { ReportInput, TimelineEntry, TraceEvent } from "./types.ts";

/** Story items beyond this many are thinned to the important kinds (and announced). */
const STORY_MAX = 400;
const FAULT_TYPES = new Set(["node.crash", "node.restart", "node.pause", "node.resume", "node.remove", "net.partition", "net.heal", "net.loss", "net.duplicate", "net.delay", "clock.skew"]);

type Rec = Record<string, unknown>;

class NodeTable {
  readonly list: { name: string; manager: boolean }[] = [];
  private readonly ix = new Map<string, number>();
  add(name: string, manager: boolean): number {
    const have = this.ix.get(name);
    if (have !== undefined) return have;
    this.ix.set(name, this.list.length);
    this.list.push({ name, manager });
    return this.list.length - 1;
  }
  /** Index of a node name (late or unknown names are appended as workers), -1 for null. */
  of(name: unknown): number {
    if (typeof name !== "string") return -1;
    return this.ix.get(name) ?? this.add(name, false);
  }
}

function scenarioOf(meta: unknown): Partial<Scenario> {
  if (typeof meta === "object" && meta !== null) return meta as Partial<Scenario>;
  return {};
}

function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** Lane order: managers first (scenario order), then workers; nodes with a Raft role count as managers. */
function buildNodes(sc: Partial<Scenario>, events: readonly TraceEvent[]): NodeTable {
  const raftNodes = new Set<string>();
  for (const e of events) if (e.type === "raft.role" && e.node !== null) raftNodes.add(e.node);
  const specs = Array.isArray(sc.nodes) ? sc.nodes : [];
  const t = new NodeTable();
  for (const n of specs) if (n.role === "manager" || raftNodes.has(n.name)) t.add(n.name, true);
  for (const e of events) if (e.node !== null && raftNodes.has(e.node)) t.add(e.node, true);
  for (const n of specs) t.add(n.name, false);
  return t;
}

function encodeEvents(events: readonly TraceEvent[], strings: Interner, nodes: NodeTable): Pick<ReportData, "ev" | "tc"> {
  const ev = { seq: [] as number[], t: [] as number[], node: [] as number[], type: [] as number[] };
  const tc: TypeColumns[] = [];
  const typeIx = new Map<string, number>();
  let prevSeq = 0;
  let prevT = 0;
  for (const e of events) {
    const rec = e as unknown as Rec;
    let ti = typeIx.get(e.type);
    if (ti === undefined) {
      ti = tc.length;
      typeIx.set(e.type, ti);
      const fields = Object.keys(rec).filter((k) => k !== "seq" && k !== "timeUs" && k !== "node" && k !== "type");
      tc.push({ type: e.type, fields, enc: "", cols: fields.map(() => []) });
    }
    const cols = tc[ti];
    for (let f = 0; f < cols.fields.length; f++) cols.cols[f].push(rec[cols.fields[f]] ?? null);
    ev.seq.push(e.seq - prevSeq);
    ev.t.push(e.timeUs - prevT);
    prevSeq = e.seq;
    prevT = e.timeUs;
    ev.node.push(nodes.of(e.node));
    ev.type.push(ti);
  }
  // Choose each column's encoding now that all values are known.
  for (const c of tc) {
    let enc = "";
    for (let f = 0; f < c.fields.length; f++) {
      const col = c.cols[f];
      const allStr = col.every((v) => v === null || typeof v === "string");
      const allNum = col.every((v) => v === null || typeof v === "number");
      if (allStr && col.some((v) => v !== null)) {
        enc += "s";
        c.cols[f] = col.map((v) => (v === null ? -1 : strings.id(v as string)));
      } else if (allNum) enc += "n";
      else enc += "j";
    }
    c.enc = enc;
  }
  return { ev, tc };
}

function buildMessages(events: readonly TraceEvent[], strings: Interner, nodes: NodeTable): ReportData["msg"] {
  const sendOf = new Map<number, number>();
  const ended = new Set<number>();
  type M = { a: number; b: number; st: number; kind: number; from: number; to: number };
  const list: M[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === "msg.send") {
      sendOf.set(e.msgId, i);
    } else if (e.type === "msg.deliver" || e.type === "msg.drop") {
      const a = sendOf.get(e.msgId) ?? -1;
      if (a >= 0) ended.add(a);
      let st = ST_DELIVERED;
      if (e.type === "msg.drop") st = e.reason === "loss" ? ST_LOST : e.reason === "partition" ? ST_BLOCKED : ST_DROPPED_OTHER;
      list.push({ a, b: i, st, kind: strings.id(e.kind), from: nodes.of(e.from), to: nodes.of(e.to) });
    }
  }
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === "msg.send" && !ended.has(i)) list.push({ a: i, b: -1, st: ST_INFLIGHT, kind: strings.id(e.kind), from: nodes.of(e.from), to: nodes.of(e.to) });
  }
  // Order by start event; records are distinct in (start, end), so the order is total.
  const start = (m: M) => (m.a >= 0 ? m.a : m.b);
  list.sort((x, y) => start(x) - start(y) || x.b - y.b);
  return {
    a: list.map((m) => m.a),
    b: list.map((m) => m.b),
    st: list.map((m) => m.st),
    kind: list.map((m) => m.kind),
    from: list.map((m) => m.from),
    to: list.map((m) => m.to),
  };
}

function buildRolesAndDown(events: readonly TraceEvent[], nodes: NodeTable, endUs: number): Pick<ReportData, "roles" | "down"> {
  const roles = { node: [] as number[], t0: [] as number[], t1: [] as number[], role: [] as number[], term: [] as number[], idx: [] as number[] };
  const down = { node: [] as number[], t0: [] as number[], t1: [] as number[], kind: [] as number[] };
  const openRole = new Map<number, number>(); // node → band index
  const openDown = new Map<number, number>();
  const closeRole = (n: number, t: number) => {
    const b = openRole.get(n);
    if (b !== undefined) {
      roles.t1[b] = t;
      openRole.delete(n);
    }
  };
  const closeDown = (n: number, t: number) => {
    const d = openDown.get(n);
    if (d !== undefined) {
      down.t1[d] = t;
      openDown.delete(n);
    }
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const n = nodes.of(e.node);
    switch (e.type) {
      case "raft.role": {
        closeRole(n, e.timeUs);
        const code = (ROLES as readonly string[]).indexOf(e.role);
        openRole.set(n, roles.node.length);
        roles.node.push(n);
        roles.t0.push(e.timeUs);
        roles.t1.push(endUs);
        roles.role.push(Math.max(code, 0));
        roles.term.push(num(e.term));
        roles.idx.push(i);
        break;
      }
      case "node.crash":
      case "node.pause":
      case "node.remove": {
        if (e.type !== "node.pause") closeRole(n, e.timeUs);
        closeDown(n, e.timeUs);
        openDown.set(n, down.node.length);
        down.node.push(n);
        down.t0.push(e.timeUs);
        down.t1.push(endUs);
        down.kind.push(DOWN_KINDS.indexOf(e.type === "node.crash" ? "crashed" : e.type === "node.pause" ? "paused" : "removed"));
        break;
      }
      case "node.restart":
      case "node.resume":
        closeDown(n, e.timeUs);
        break;
      default:
        break;
    }
  }
  return { roles, down };
}

function buildFaults(events: readonly TraceEvent[], nodes: NodeTable, endUs: number): { windows: FaultWindow[]; skews: ClockSkew[] } {
  const windows: FaultWindow[] = [];
  const skews: ClockSkew[] = [];
  let openPartition: FaultWindow | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === "net.partition" || e.type === "net.heal") {
      if (openPartition !== null) openPartition.t1 = e.timeUs;
      openPartition = null;
      if (e.type === "net.partition") {
        const groups = Array.isArray(e.groups) ? e.groups.map((g) => g.map((x) => String(x))) : null;
        const text = groups && groups.length > 0 ? groups.map((g) => g.join(" ")).join(" | ") : `${str(e.shape, "partition")} (${(e.blocked ?? []).length} links blocked)`;
        openPartition = { kind: "partition", t0: e.timeUs, t1: endUs, text: `${str(e.shape, "partition")}: ${text}`, groups, idx: i };
        windows.push(openPartition);
      }
    } else if (e.type === "net.loss" || e.type === "net.duplicate" || e.type === "net.delay") {
      const kind = e.type === "net.loss" ? "loss" : e.type === "net.duplicate" ? "duplicate" : "delay";
      const on = Array.isArray(e.nodes) ? ` on ${e.nodes.join(", ")}` : "";
      const what = e.type === "net.delay" ? `delay ${num(e.minUs) / 1000}–${num(e.maxUs) / 1000}ms` : `${kind} ${Math.round(num(e.rate) * 1000) / 10}%`;
      windows.push({ kind, t0: e.timeUs, t1: Math.max(e.timeUs, Math.min(num(e.untilUs, endUs), endUs)), text: what + on, groups: null, idx: i });
    } else if (e.type === "clock.skew") {
      skews.push({ t: e.timeUs, node: nodes.of(e.node), offsetUs: typeof e.offsetUs === "number" ? e.offsetUs : null, driftPpm: typeof e.driftPpm === "number" ? e.driftPpm : null, idx: i });
    }
  }
  return { windows, skews };
}

function buildStory(events: readonly TraceEvent[]): { story: StoryItem[]; note: string | null } {
  const items: (StoryItem & { important: boolean })[] = [];
  let leader: string | null = null;
  const slotSeen = new Set<string>();
  const seenTasks = new Set<string>();
  /** New tasks whose chip waits for their node: task id → slot label. */
  const awaitingNode = new Map<string, string>();
  const firstIdx = new Map<string, number>();
  const lastStatus = new Map<string, string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const who = e.node ?? "cluster";
    if (FAULT_TYPES.has(e.type)) {
      items.push({ idx: i, kind: "fault", text: `${e.type.replace(/^(node|net|clock)\./, "")}${e.node !== null ? ` ${e.node}` : ""}`, important: true });
      continue;
    }
    switch (e.type) {
      case "raft.role":
        if (e.role === "leader") {
          const change = leader !== null && leader !== e.node;
          items.push({ idx: i, kind: "leader", text: `${who} leader t${e.term}${change ? ` (was ${leader})` : ""}`, important: true });
          leader = e.node;
        } else if (e.role === "candidate") {
          items.push({ idx: i, kind: "election", text: `${who} election t${e.term}`, important: false });
        }
        break;
      case "op.submit":
        items.push({ idx: i, kind: "op", text: `${str(e.command)}${e.via ? ` via ${e.via}` : ""}`, important: true });
        break;
      case "task.state": {
        // One chip per replacement: the first time a new task id appears in a slot that already
        // had a task. Events of the old task that follow (it shuts down after its replacement
        // was created) are not replacements. The chip names the new task's node, so it waits
        // for the first event of the new task that carries one.
        if (seenTasks.has(e.task)) {
          const p = awaitingNode.get(e.task);
          if (p !== undefined && e.node !== null) {
            awaitingNode.delete(e.task);
            items.push({ idx: i, kind: "reschedule", text: `${p} rescheduled → ${e.node}`, important: false });
          }
          break;
        }
        seenTasks.add(e.task);
        const key = `${e.service}\u0000${e.slot > 0 ? e.slot : e.node}`;
        const had = slotSeen.has(key);
        slotSeen.add(key);
        if (!had) break;
        const label = `${e.service}.${e.slot > 0 ? e.slot : e.node}`;
        if (e.node !== null) items.push({ idx: i, kind: "reschedule", text: `${label} rescheduled → ${e.node}`, important: false });
        else {
          awaitingNode.set(e.task, label);
          firstIdx.set(e.task, i);
        }
        break;
      }
      case "node.status":
        if (e.node !== null && lastStatus.get(e.node) !== e.status) {
          if (lastStatus.has(e.node)) items.push({ idx: i, kind: "status", text: `${e.node} ${e.status}`, important: false });
          lastStatus.set(e.node, e.status);
        }
        break;
      case "check.violation":
        items.push({ idx: i, kind: "violation", text: `violation ${e.invariant}`, important: true });
        break;
      case "check.warning":
        items.push({ idx: i, kind: "warning", text: `warning ${e.invariant}`, important: true });
        break;
      default:
        break;
    }
  }
  // Replacements never placed on a node (still pending at the end) get their chip at creation.
  for (const [task, label] of awaitingNode) items.push({ idx: firstIdx.get(task) ?? 0, kind: "reschedule", text: `${label} rescheduled (not placed)`, important: false });
  if (awaitingNode.size > 0) items.sort((a, b) => a.idx - b.idx);
  if (items.length <= STORY_MAX) return { story: items.map(({ idx, kind, text }) => ({ idx, kind, text })), note: null };
  const kept = items.filter((it) => it.important).slice(0, STORY_MAX);
  return {
    story: kept.map(({ idx, kind, text }) => ({ idx, kind, text })),
    note: `Story strip: ${items.length - kept.length} of ${items.length} transitions (elections, reschedules, status changes) omitted; they remain in the event table.`,
  };
}

function buildServices(events: readonly TraceEvent[], strings: Interner, nodes: NodeTable, endUs: number): Pick<ReportData, "services" | "tasks"> {
  const services: ServiceSeries[] = [];
  const svcIx = new Map<string, number>();
  const running = new Map<number, number>();
  const svc = (name: string) => {
    let i = svcIx.get(name);
    if (i === undefined) {
      i = services.length;
      svcIx.set(name, i);
      services.push({ name, mode: "replicated", desired: [], running: [] });
    }
    return i;
  };
  const tasks = { svc: [] as number[], slot: [] as number[], node: [] as number[], t0: [] as number[], t1: [] as number[], state: [] as number[], desired: [] as number[], task: [] as number[] };
  const open = new Map<string, { row: number; running: boolean }>();
  const pushStep = (arr: number[], t: number, v: number) => {
    if (arr.length >= 2 && arr[arr.length - 2] === t) arr[arr.length - 1] = v;
    else if (arr.length < 2 || arr[arr.length - 1] !== v) arr.push(t, v);
  };
  for (const e of events) {
    if (e.type === "service.spec") {
      const s = svc(e.service);
      services[s].mode = str(e.mode, services[s].mode);
      if (e.mode === "replicated" || e.mode === "replicated-job") pushStep(services[s].desired, e.timeUs, num(e.replicas));
    } else if (e.type === "task.state") {
      const s = svc(e.service);
      const prev = open.get(e.task);
      const isRunning = e.state === "running";
      let delta = isRunning ? 1 : 0;
      if (prev !== undefined) {
        tasks.t1[prev.row] = e.timeUs;
        if (prev.running) delta -= 1;
      }
      open.set(e.task, { row: tasks.svc.length, running: isRunning });
      tasks.svc.push(s);
      tasks.slot.push(num(e.slot));
      tasks.node.push(nodes.of(e.node));
      tasks.t0.push(e.timeUs);
      tasks.t1.push(endUs);
      tasks.state.push(strings.id(str(e.state, "?")));
      tasks.desired.push(strings.id(str(e.desiredState, "?")));
      tasks.task.push(strings.id(str(e.task, "?")));
      if (delta !== 0) {
        const r = (running.get(s) ?? 0) + delta;
        running.set(s, r);
        pushStep(services[s].running, e.timeUs, r);
      }
    }
  }
  return { services, tasks };
}

/** The trace event type that applies each timeline action kind. */
const APPLIED_BY: Record<string, string> = {
  crash: "node.crash",
  restart: "node.restart",
  pause: "node.pause",
  resume: "node.resume",
  remove: "node.remove",
  partition: "net.partition",
  heal: "net.heal",
  loss: "net.loss",
  duplicate: "net.duplicate",
  delay: "net.delay",
  skew: "clock.skew",
  run: "op.submit",
};

function buildSchedule(entries: readonly TimelineEntry[], shrunk: boolean, events: readonly TraceEvent[]): ReportData["schedule"] {
  // Match each row to the first event that applied it: same entry index, else same type and time
  // (a shrunk schedule may be numbered differently from the recorded scenario).
  const used = new Set<number>();
  const rows: ScheduleRow[] = entries.map((en, k) => {
    const kind = str(en.action?.kind, "?");
    const type = APPLIED_BY[kind];
    let idx = -1;
    let fallback = -1;
    for (let i = 0; i < events.length && idx < 0; i++) {
      const e = events[i];
      if (e.type !== type || used.has(i)) continue;
      const entry = (e as unknown as Rec).entry;
      if (e.timeUs === en.atUs && entry === k) idx = i;
      else if (e.timeUs >= en.atUs && fallback < 0) fallback = i;
    }
    if (idx < 0) idx = fallback;
    if (idx >= 0) used.add(idx);
    return { atUs: num(en.atUs), kind, text: en.action ? describeAction(en.action) : "?", on: typeof en.on === "string" ? en.on : null, idx };
  });
  return { shrunk, rows };
}

/** Builds the embedded report data from a run. */
export function compileReport(input: ReportInput): ReportData {
  const { meta, events, result } = input;
  const sc = scenarioOf(meta.scenario);
  for (let i = 1; i < events.length; i++) assert(events[i].seq > events[i - 1].seq, `report: events out of order at seq ${events[i].seq}`);
  const strings = new Interner();
  const nodes = buildNodes(sc, events);
  const startUs = 0;
  const lastT = events.length > 0 ? events[events.length - 1].timeUs : 0;
  // The run's own end: a run stopped at a violation ends there, before the scenario's duration
  // (which is only a fallback when the result carries no simulated time).
  const simulated = num(result.simulatedUs);
  const endUs = Math.max(lastT, simulated > 0 ? simulated : num(sc.durationUs), 1);
  const { ev, tc } = encodeEvents(events, strings, nodes);
  const msg = buildMessages(events, strings, nodes);
  const { roles, down } = buildRolesAndDown(events, nodes, endUs);
  const { windows, skews } = buildFaults(events, nodes, endUs);
  const { story, note } = buildStory(events);
  const { services, tasks } = buildServices(events, strings, nodes, endUs);

  const v = result.violations.length > 0 ? result.violations[0] : null;
  let vIdx = -1;
  let witness: number[] = [];
  if (v !== null) {
    const bySeq = new Map<number, number>();
    for (let i = 0; i < events.length; i++) bySeq.set(events[i].seq, i);
    vIdx = bySeq.get(v.event) ?? -1;
    const ve = vIdx >= 0 ? events[vIdx] : null;
    if (ve !== null && ve.type === "check.violation" && Array.isArray(ve.witness)) {
      witness = ve.witness.map((s) => bySeq.get(s) ?? -1).filter((i) => i >= 0);
    }
  }
  const timeline = input.shrunk ?? (Array.isArray(sc.timeline) ? sc.timeline : []);
  const notes: string[] = [];
  if (note !== null) notes.push(note);
  return {
    v: 1,
    scenario: str(sc.name, result.scenario),
    description: str(sc.description),
    seed: result.seed,
    version: str(meta.version),
    verdict: {
      ok: result.ok,
      invariant: v?.invariant ?? null,
      message: v?.message ?? "",
      nodes: v?.nodes ?? [],
      timeUs: v?.timeUs ?? null,
      idx: vIdx,
      witness,
      warnings: result.warnings.map((w) => ({ invariant: w.invariant, message: w.message, nodes: w.nodes ?? [] })),
      expected: str(result.expected, str(sc.expect?.outcome, "pass")),
      status: str(result.status),
      error: typeof result.error === "string" ? result.error : null,
      traceHash: result.traceHash,
      events: result.events,
      simulatedUs: result.simulatedUs,
    },
    replay: input.replayCommand,
    exports: { perfetto: input.exports?.perfetto ?? null, jsonl: input.exports?.jsonl ?? null },
    schedule: buildSchedule(timeline, input.shrunk !== undefined && input.shrunk !== null, events),
    nodes: nodes.list,
    startUs,
    endUs,
    strs: strings.list,
    ev,
    tc,
    heartbeatKinds: [...HEARTBEAT_KINDS],
    msg,
    roles,
    down,
    windows,
    skews,
    story,
    services,
    tasks,
    notes,
  };
}
