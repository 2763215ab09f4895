// Perfetto / Chrome trace-event JSON export (open in ui.perfetto.dev): one process per node,
// threads for role, messages, per-task state and counters; flow arrows for delivered messages;
// a global instant for the violation. validatePerfetto checks what the importers rely on.
import type { RunResultLike, TraceEvent, TraceMeta } from "./types.ts";

export interface PerfettoEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: string;
  id?: number;
  bp?: string;
  args?: Record<string, unknown>;
}

export interface PerfettoTrace {
  traceEvents: PerfettoEvent[];
  displayTimeUnit: "ms";
  metadata: Record<string, unknown>;
}

const TID_ROLE = 1;
const TID_MSG = 2;
const TID_COUNTERS = 3;
const TID_TASK0 = 100;
const PID_CLUSTER = 0;

function scenarioName(meta: TraceMeta, result: RunResultLike): string {
  const sc = meta.scenario as { name?: unknown } | null;
  return sc && typeof sc.name === "string" ? sc.name : result.scenario;
}

/** Builds the trace-event JSON object for a recorded run. */
export function toPerfetto(meta: TraceMeta, events: readonly TraceEvent[], result: RunResultLike): PerfettoTrace {
  const out: PerfettoEvent[] = [];
  const pids = new Map<string, number>();
  const sc = meta.scenario as { nodes?: { name: string; role: string }[] } | null;
  const declared = Array.isArray(sc?.nodes) ? sc.nodes : [];
  // Managers first, then workers, then names only the trace knows.
  for (const n of declared) if (n.role === "manager") pids.set(n.name, pids.size + 1);
  for (const n of declared) if (!pids.has(n.name)) pids.set(n.name, pids.size + 1);
  for (const e of events) if (e.node !== null && !pids.has(e.node)) pids.set(e.node, pids.size + 1);
  const endUs = Math.max(events.length > 0 ? events[events.length - 1].timeUs : 0, result.simulatedUs || 0);

  const threads = new Map<string, string>(); // "pid:tid" → name
  const useThread = (pid: number, tid: number, name: string) => {
    const key = `${pid}:${tid}`;
    if (!threads.has(key)) threads.set(key, name);
  };

  // Role slices: one X slice per raft.role interval, closed by the next role change or a crash.
  const openRole = new Map<string, { ts: number; name: string; term: number }>();
  const closeRole = (node: string, ts: number) => {
    const r = openRole.get(node);
    if (!r) return;
    const pid = pids.get(node)!;
    useThread(pid, TID_ROLE, "raft role");
    out.push({ ph: "X", name: r.name, cat: "raft", pid, tid: TID_ROLE, ts: r.ts, dur: Math.max(0, ts - r.ts), args: { term: r.term } });
    openRole.delete(node);
  };
  // Task state slices per task thread.
  const taskTid = new Map<string, { pid: number; tid: number }>();
  const nextTid = new Map<number, number>();
  const openTask = new Map<string, { ts: number; state: string }>();
  const closeTask = (task: string, ts: number) => {
    const o = openTask.get(task);
    const where = taskTid.get(task);
    if (!o || !where) return;
    out.push({ ph: "X", name: o.state, cat: "task", pid: where.pid, tid: where.tid, ts: o.ts, dur: Math.max(0, ts - o.ts), args: { task } });
    openTask.delete(task);
  };
  const running = new Map<string, Set<string>>();
  const counter = (node: string, name: string, ts: number, value: number) => {
    const pid = pids.get(node)!;
    useThread(pid, TID_COUNTERS, "counters");
    out.push({ ph: "C", name, pid, tid: TID_COUNTERS, ts, args: { value } });
  };
  const sendOf = new Map<number, TraceEvent & { type: "msg.send" }>();
  let flowId = 0;

  for (const e of events) {
    const node = e.node;
    const pid = node !== null ? pids.get(node)! : PID_CLUSTER;
    switch (e.type) {
      case "raft.role":
        if (node === null) break;
        closeRole(node, e.timeUs);
        openRole.set(node, { ts: e.timeUs, name: e.role, term: e.term });
        counter(node, "term", e.timeUs, e.term);
        break;
      case "raft.commit":
        if (node !== null) counter(node, "commit index", e.timeUs, e.index);
        break;
      case "node.crash":
      case "node.remove":
        if (node !== null) closeRole(node, e.timeUs);
        out.push({ ph: "i", name: e.type, cat: "fault", pid, tid: TID_ROLE, ts: e.timeUs, s: "p" });
        if (node !== null) useThread(pid, TID_ROLE, "raft role");
        break;
      case "node.restart":
      case "node.pause":
      case "node.resume":
      case "clock.skew":
        if (node !== null) {
          useThread(pid, TID_ROLE, "raft role");
          out.push({ ph: "i", name: e.type, cat: "fault", pid, tid: TID_ROLE, ts: e.timeUs, s: "p" });
        }
        break;
      case "net.partition":
      case "net.heal":
      case "net.loss":
      case "net.duplicate":
      case "net.delay":
        out.push({ ph: "i", name: e.type, cat: "fault", pid: PID_CLUSTER, tid: 0, ts: e.timeUs, s: "g", args: { event: e.seq } });
        break;
      case "msg.send":
        sendOf.set(e.msgId, e);
        break;
      case "msg.deliver":
      case "msg.drop": {
        const send = sendOf.get(e.msgId);
        const toPid = pids.get(e.to);
        const fromPid = pids.get(e.from);
        if (toPid === undefined || fromPid === undefined) break;
        const name = e.type === "msg.drop" ? `${e.kind} ✕ ${e.reason}` : e.kind;
        useThread(toPid, TID_MSG, "messages");
        out.push({ ph: "X", name: e.type === "msg.drop" ? `drop ${name}` : `recv ${name}`, cat: "msg", pid: toPid, tid: TID_MSG, ts: e.timeUs, dur: 0, args: { msgId: e.msgId, from: e.from } });
        if (send !== undefined && e.type === "msg.deliver") {
          const id = ++flowId;
          useThread(fromPid, TID_MSG, "messages");
          out.push({ ph: "X", name: `send ${e.kind}`, cat: "msg", pid: fromPid, tid: TID_MSG, ts: send.timeUs, dur: 0, args: { msgId: e.msgId, to: e.to } });
          out.push({ ph: "s", name: e.kind, cat: "msg", pid: fromPid, tid: TID_MSG, ts: send.timeUs, id });
          out.push({ ph: "f", bp: "e", name: e.kind, cat: "msg", pid: toPid, tid: TID_MSG, ts: e.timeUs, id });
        }
        break;
      }
      case "task.state": {
        if (node === null) break;
        closeTask(e.task, e.timeUs);
        if (!taskTid.has(e.task)) {
          const tid = TID_TASK0 + (nextTid.get(pid) ?? 0);
          nextTid.set(pid, tid - TID_TASK0 + 1);
          taskTid.set(e.task, { pid, tid });
          useThread(pid, tid, `task ${e.service}.${e.slot} (${e.task})`);
        }
        openTask.set(e.task, { ts: e.timeUs, state: e.state });
        const set = running.get(node) ?? new Set<string>();
        running.set(node, set);
        const before = set.size;
        if (e.state === "running") set.add(e.task);
        else set.delete(e.task);
        if (set.size !== before) counter(node, "running tasks", e.timeUs, set.size);
        break;
      }
      case "check.violation":
        out.push({ ph: "i", name: `violation ${e.invariant}`, cat: "check", pid: PID_CLUSTER, tid: 0, ts: e.timeUs, s: "g", args: { message: e.message, nodes: e.nodes, event: e.seq } });
        break;
      case "check.warning":
        out.push({ ph: "i", name: `warning ${e.invariant}`, cat: "check", pid: PID_CLUSTER, tid: 0, ts: e.timeUs, s: "g", args: { message: e.message } });
        break;
      default:
        break;
    }
  }
  for (const node of [...openRole.keys()]) closeRole(node, endUs);
  for (const task of [...openTask.keys()]) closeTask(task, endUs);

  // Metadata for every process and thread used.
  const meta0: PerfettoEvent[] = [];
  meta0.push({ ph: "M", name: "process_name", pid: PID_CLUSTER, tid: 0, args: { name: `cluster · ${scenarioName(meta, result)} · seed ${meta.seed}` } });
  meta0.push({ ph: "M", name: "process_sort_index", pid: PID_CLUSTER, tid: 0, args: { sort_index: 0 } });
  meta0.push({ ph: "M", name: "thread_name", pid: PID_CLUSTER, tid: 0, args: { name: "faults and checks" } });
  const roleOf = new Map(declared.map((n) => [n.name, n.role]));
  for (const [name, pid] of pids) {
    meta0.push({ ph: "M", name: "process_name", pid, tid: 0, args: { name: `${name}${roleOf.has(name) ? ` (${roleOf.get(name)})` : ""}` } });
    meta0.push({ ph: "M", name: "process_sort_index", pid, tid: 0, args: { sort_index: pid } });
  }
  for (const [key, name] of threads) {
    const [pid, tid] = key.split(":").map(Number);
    meta0.push({ ph: "M", name: "thread_name", pid, tid, args: { name } });
    meta0.push({ ph: "M", name: "thread_sort_index", pid, tid, args: { sort_index: tid } });
  }
  return {
    traceEvents: [...meta0, ...out],
    displayTimeUnit: "ms",
    metadata: { scenario: scenarioName(meta, result), seed: meta.seed, version: meta.version, traceHash: result.traceHash, ok: result.ok },
  };
}

const PHASES = new Set(["B", "E", "X", "i", "I", "C", "M", "s", "t", "f", "b", "e", "n", "P", "O", "N", "D"]);

/** Problems with a trace-event object; empty when valid. */
export function validatePerfetto(obj: unknown): string[] {
  const problems: string[] = [];
  if (typeof obj !== "object" || obj === null || !Array.isArray((obj as { traceEvents?: unknown }).traceEvents)) return ["traceEvents: missing or not an array"];
  const evs = (obj as { traceEvents: unknown[] }).traceEvents;
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const usedPids = new Set<number>();
  const usedThreads = new Set<string>();
  const slices = new Map<string, { ts: number; end: number; at: number }[]>();
  const openB = new Map<string, number[]>();
  const flows = new Map<number, { s: number; f: number; sTs: number; fTs: number }>();
  evs.forEach((raw, at) => {
    const where = `traceEvents[${at}]`;
    if (typeof raw !== "object" || raw === null) {
      problems.push(`${where}: not an object`);
      return;
    }
    const e = raw as PerfettoEvent;
    if (typeof e.ph !== "string" || !PHASES.has(e.ph)) {
      problems.push(`${where}: unknown phase ${JSON.stringify(e.ph)}`);
      return;
    }
    if (typeof e.pid !== "number" || typeof e.tid !== "number") problems.push(`${where}: pid and tid must be numbers`);
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === "M") {
      const name = (e.args as { name?: unknown } | undefined)?.name;
      if (e.name === "process_name") {
        if (typeof name !== "string") problems.push(`${where}: process_name without args.name`);
        processNames.add(e.pid);
      }
      if (e.name === "thread_name") {
        if (typeof name !== "string") problems.push(`${where}: thread_name without args.name`);
        threadNames.add(key);
      }
      return;
    }
    if (typeof e.ts !== "number" || !Number.isFinite(e.ts) || e.ts < 0) problems.push(`${where}: ts must be a finite number ≥ 0`);
    if (typeof e.name !== "string") problems.push(`${where}: name must be a string`);
    usedPids.add(e.pid);
    usedThreads.add(key);
    const ts = e.ts ?? 0;
    switch (e.ph) {
      case "X": {
        if (typeof e.dur !== "number" || !(e.dur >= 0)) problems.push(`${where}: X needs dur ≥ 0`);
        const list = slices.get(key) ?? [];
        slices.set(key, list);
        list.push({ ts, end: ts + (e.dur ?? 0), at });
        break;
      }
      case "B": {
        const st = openB.get(key) ?? [];
        openB.set(key, st);
        st.push(ts);
        break;
      }
      case "E": {
        const st = openB.get(key);
        const b = st?.pop();
        if (b === undefined) problems.push(`${where}: E without an open B on ${key}`);
        else {
          const list = slices.get(key) ?? [];
          slices.set(key, list);
          list.push({ ts: b, end: ts, at });
        }
        break;
      }
      case "C": {
        const args = e.args;
        if (typeof args !== "object" || args === null || Object.keys(args).length === 0) problems.push(`${where}: counter without args`);
        else for (const [k, v] of Object.entries(args)) if (typeof v !== "number" || !Number.isFinite(v)) problems.push(`${where}: counter arg ${k} is not a number`);
        break;
      }
      case "s":
      case "f":
      case "t": {
        if (typeof e.id !== "number") {
          problems.push(`${where}: flow event without a numeric id`);
          break;
        }
        const fl = flows.get(e.id) ?? { s: 0, f: 0, sTs: 0, fTs: 0 };
        flows.set(e.id, fl);
        if (e.ph === "s") {
          fl.s++;
          fl.sTs = ts;
        }
        if (e.ph === "f") {
          fl.f++;
          fl.fTs = ts;
        }
        break;
      }
      default:
        break;
    }
  });
  for (const [key, st] of openB) if (st.length > 0) problems.push(`thread ${key}: ${st.length} B slice(s) never ended`);
  for (const [key, list] of slices) {
    // Properly nested: sorted by start (longer first on ties), each slice lies inside or after the enclosing one.
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.end - a.end || a.at - b.at);
    const stack: { ts: number; end: number; at: number }[] = [];
    for (const s of sorted) {
      while (stack.length > 0 && stack[stack.length - 1].end <= s.ts) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined && s.end > top.end) {
        problems.push(`thread ${key}: slices overlap without nesting (traceEvents[${top.at}] and traceEvents[${s.at}])`);
        break;
      }
      stack.push(s);
    }
  }
  for (const [id, fl] of flows) {
    if (fl.s !== 1 || fl.f !== 1) problems.push(`flow id ${id}: bound ${fl.s} start(s) and ${fl.f} finish(es), expected exactly one of each`);
    else if (fl.fTs < fl.sTs) problems.push(`flow id ${id}: finishes before it starts`);
  }
  for (const pid of usedPids) if (!processNames.has(pid)) problems.push(`pid ${pid}: no process_name metadata`);
  for (const key of usedThreads) if (!threadNames.has(key)) problems.push(`thread ${key}: no thread_name metadata`);
  return problems;
}
