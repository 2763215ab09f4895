// Synthetic traces for report tests and the load benchmark: a plausible 3-manager, 2-worker
// Raft + tasks run with an election, a partition, a loss window, a crash, clock skew, dropped and
// in-flight messages, and a check.violation at the end. Deterministic for the same options.
import type { Scenario, TimelineEntry } from "../../sim/scenario/types.ts";
import type { RunResultLike, TraceEvent, TraceMeta } from "../types.ts";

export interface SyntheticOptions {
  /** Grow the steady state until the trace has at least this many events (default: ~1,500). */
  targetEvents?: number;
  description?: string;
  /** Service name (user data; tests put markup in it). */
  serviceName?: string;
  seed?: number;
  /** End with a check.violation (default true). */
  violation?: boolean;
  /** Start a second task in slot 1 at 50 s while the first still runs (a duplicate, as svc.slot-unique reports). */
  duplicateSlot?: boolean;
}

export interface SyntheticRun {
  meta: TraceMeta;
  events: TraceEvent[];
  result: RunResultLike;
  shrunk: TimelineEntry[];
}

const S = 1_000_000;
const MANAGERS = ["m1", "m2", "m3"];
const WORKERS = ["w1", "w2"];

type Pending = { t: number; order: number; ev: Record<string, unknown> };

export function syntheticRun(opts: SyntheticOptions = {}): SyntheticRun {
  const seed = opts.seed ?? 7;
  const svcName = opts.serviceName ?? "web";
  let rng = seed >>> 0 || 1;
  const rand = () => {
    rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
    return rng / 4294967296;
  };
  const out: Pending[] = [];
  let order = 0;
  const emit = (t: number, node: string | null, type: string, fields: Record<string, unknown>) => {
    out.push({ t, order: order++, ev: { node, type, ...fields } });
  };

  // World state the generator consults.
  let partition: string[][] | null = null;
  let lossUntil = -1;
  const down = new Set<string>();
  let msgId = 0;
  const sameSide = (a: string, b: string) => partition === null || partition.some((g) => g.includes(a) && g.includes(b));
  const send = (t: number, from: string, to: string, kind: string, onDeliver?: (t: number) => void) => {
    const id = ++msgId;
    emit(t, from, "msg.send", { msgId: id, from, to, kind });
    if (t < lossUntil && rand() < 0.3) {
      emit(t, from, "msg.drop", { msgId: id, from, to, kind, reason: "loss" });
      return;
    }
    const at = t + 300 + Math.floor(rand() * 4_000);
    if (at >= endUs) return; // in flight at the end of the run
    if (!sameSide(from, to)) emit(at, to, "msg.drop", { msgId: id, from, to, kind, reason: "partition" });
    else if (down.has(to)) emit(at, to, "msg.drop", { msgId: id, from, to, kind, reason: "crashed" });
    else {
      emit(at, to, "msg.deliver", { msgId: id, from, to, kind });
      onDeliver?.(at);
    }
  };

  const target = opts.targetEvents ?? 0;
  // Roughly 12 events per simulated second in steady state.
  let endUs = Math.max(60 * S, Math.ceil(target / 13) * S + 20 * S);

  const entries: TimelineEntry[] = [
    { atUs: 10 * S, action: { kind: "skew", target: "m3", offsetUs: -3 * S, driftPpm: 200 }, on: null },
    { atUs: 20 * S, action: { kind: "partition", partition: { groups: [["m1"], ["m2", "m3", "w1", "w2"]] } }, on: null },
    { atUs: 25 * S, action: { kind: "loss", rate: 0.3, forUs: 10 * S, nodes: null }, on: null },
    { atUs: 30 * S, action: { kind: "crash", target: "w2", loseUnsynced: false }, on: null },
    { atUs: 40 * S, action: { kind: "restart", target: "w2" }, on: null },
    { atUs: 45 * S, action: { kind: "heal" }, on: null },
  ];

  const role = new Map<string, string>();
  const term = new Map<string, number>();
  const logs = new Map<string, number[]>(MANAGERS.map((m) => [m, []]));
  let leader: string | null = null;
  const setRole = (t: number, n: string, r: string, tm: number, l: string | null) => {
    role.set(n, r);
    term.set(n, tm);
    emit(t, n, "raft.role", { role: r, term: tm, leader: l });
  };
  for (const m of MANAGERS) setRole(0, m, "follower", 0, null);

  const elect = (t: number, cand: string, tm: number) => {
    setRole(t, cand, "candidate", tm, null);
    for (const m of MANAGERS) if (m !== cand) send(t + 10, cand, m, "raft.vote", (at) => send(at + 50, m, cand, "raft.vote-resp"));
    setRole(t + 9_000, cand, "leader", tm, cand);
    for (const m of MANAGERS) if (m !== cand && sameSide(m, cand)) setRole(t + 9_500, m, "follower", tm, cand);
    leader = cand;
  };

  const append = (t: number, ld: string) => {
    const log = logs.get(ld)!;
    const tm = term.get(ld)!;
    log.push(tm);
    const index = log.length;
    emit(t, ld, "raft.append", { index, term: tm, entryHash: (index * 2654435761 + tm) >>> 0 });
    let acks = 1;
    for (const m of MANAGERS) {
      if (m === ld) continue;
      send(t + 5, ld, m, "raft.append", (at) => {
        const fl = logs.get(m)!;
        fl.length = index - 1;
        fl.push(tm);
        emit(at, m, "raft.append", { index, term: tm, entryHash: (index * 2654435761 + tm) >>> 0 });
        send(at + 20, m, ld, "raft.append-resp", (back) => {
          acks++;
          if (acks === 2) emit(back, ld, "raft.commit", { index, term: tm });
        });
      });
    }
  };

  // Tasks of one service on the workers.
  let taskNo = 0;
  const taskNode = new Map<number, string>();
  const taskId = new Map<number, string>();
  const startTask = (t: number, slot: number, node: string) => {
    const id = `t${++taskNo}`;
    taskNode.set(slot, node);
    taskId.set(slot, id);
    for (const [dt, st] of [
      [0, "new"],
      [200_000, "pending"],
      [400_000, "assigned"],
      [2_000_000, "running"],
    ] as const) {
      emit(t + dt, node, "task.state", { task: id, service: svcName, slot, state: st, desiredState: "running", error: null });
    }
    emit(t + 1_900_000, node, "container.state", { task: id, service: svcName, slot, state: "running" });
  };

  elect(1_200_000, "m1", 1);
  emit(3 * S, null, "service.spec", { service: svcName, mode: "replicated", replicas: 3, version: 1, spec: { image: "nginx:1.25" } });
  emit(3 * S, "m1", "op.submit", { opId: 1, command: `docker service create --name ${svcName} --replicas 3 nginx:1.25`, via: "m1", entry: -1 });
  startTask(4 * S, 1, "w1");
  startTask(4 * S, 2, "w2");
  startTask(4 * S, 3, "w1");
  for (const n of [...MANAGERS, ...WORKERS]) emit(2 * S, n, "node.status", { status: "ready", availability: "active", role: MANAGERS.includes(n) ? "manager" : "worker", message: null });

  const steps = Math.floor(endUs / (100 * 1000));
  for (let step = 1; step < steps; step++) {
    const t = step * 100_000;
    if (t === 10 * S) emit(t, "m3", "clock.skew", { offsetUs: -3 * S, driftPpm: 200, entry: 0 });
    if (t === 20 * S) {
      partition = [["m1"], ["m2", "m3", "w1", "w2"]];
      emit(t, null, "net.partition", { shape: "groups", groups: partition, blocked: [["m1", "m2"], ["m1", "m3"], ["m2", "m1"]], entry: 1 });
    }
    if (t === 23 * S) elect(t, "m2", 2);
    if (t === 25 * S) {
      lossUntil = 35 * S;
      emit(t, null, "net.loss", { rate: 0.3, untilUs: lossUntil, nodes: null, entry: 2 });
    }
    if (t === 30 * S) {
      down.add("w2");
      emit(t, "w2", "node.crash", { loseUnsynced: false, entry: 3 });
      emit(t + 1_000, "w2", "container.state", { task: taskId.get(2), service: svcName, slot: 2, state: "shutdown" });
    }
    if (t === 36 * S) {
      emit(t, "w2", "node.status", { status: "down", availability: "active", role: "worker", message: "heartbeat failure" });
      emit(t + 100_000, "w2", "task.state", { task: taskId.get(2), service: svcName, slot: 2, state: "orphaned", desiredState: "shutdown", error: null });
      startTask(t + 300_000, 2, "w1");
    }
    if (t === 50 * S && opts.duplicateSlot) startTask(t, 1, "w2");
    if (t === 40 * S) {
      down.delete("w2");
      emit(t, "w2", "node.restart", { entry: 4 });
      emit(t + 2 * S, "w2", "node.status", { status: "ready", availability: "active", role: "worker", message: null });
    }
    if (t === 45 * S) {
      partition = null;
      emit(t, null, "net.heal", { entry: 5 });
      setRole(t + 600_000, "m1", "follower", 2, "m2");
    }
    // Heartbeats every second from whoever believes it leads; appends every 2 s.
    if (step % 10 === 0) {
      for (const m of MANAGERS) {
        if (role.get(m) !== "leader") continue;
        for (const f of MANAGERS) if (f !== m) send(t, m, f, "raft.heartbeat", (at) => send(at + 30, f, m, "raft.heartbeat-resp"));
      }
    }
    if (step % 20 === 5 && leader !== null && t > 2 * S) append(t, leader);
    if (step % 20 === 15 && role.get("m1") === "leader" && leader !== "m1") append(t, "m1"); // the stale leader keeps appending
    if (step % 50 === 0) for (const w of WORKERS) if (!down.has(w)) send(t, w, leader ?? "m1", "dispatcher.heartbeat", (at) => send(at + 40, leader ?? "m1", w, "dispatcher.heartbeat-resp"));
  }
  // A final in-flight message.
  send(endUs - 100, "m2", "m3", "raft.append");

  out.sort((a, b) => a.t - b.t || a.order - b.order);
  const events: TraceEvent[] = [];
  let seq = 0;
  for (const p of out) {
    if (p.t > endUs) continue;
    events.push({ seq: ++seq, timeUs: p.t, ...p.ev } as unknown as TraceEvent);
  }
  const withViolation = opts.violation ?? true;
  let violations: RunResultLike["violations"] = [];
  if (withViolation) {
    // Witness: the two appends at the same index with different terms on m1 and m2.
    const appendsBy = (n: string) => events.filter((e) => e.type === "raft.append" && e.node === n);
    const a1 = appendsBy("m1").at(-1)!;
    const a2 = appendsBy("m2").at(-1)!;
    const message = `m1 and m2 hold different entries at index ${(a1 as { index: number }).index} (events #${a1.seq} and #${a2.seq})`;
    const tV = endUs;
    const ve = { seq: ++seq, timeUs: tV, node: null, type: "check.violation", invariant: "raft.log-matching", message, nodes: ["m1", "m2"], witness: [a1.seq, a2.seq] };
    events.push(ve as unknown as TraceEvent);
    violations = [{ invariant: "raft.log-matching", timeUs: tV, event: ve.seq, message, nodes: ["m1", "m2"] }];
  }
  endUs = events[events.length - 1].timeUs;
  const scenario: Partial<Scenario> = {
    name: "synthetic-partition",
    description: opts.description ?? "Isolate the first leader, lose messages, crash a worker; a stale leader keeps appending.",
    seed,
    durationUs: endUs,
    nodes: [...MANAGERS.map((name) => ({ name, role: "manager" as const })), ...WORKERS.map((name) => ({ name, role: "worker" as const }))].map((n) => ({
      ...n,
      labels: {},
      engineLabels: {},
      hostname: n.name,
      platform: { os: "linux", arch: "x86_64" },
      resources: { nanoCpus: 2e9, memoryBytes: 2 ** 31 },
    })),
    timeline: entries,
    expect: { outcome: "pass", disable: [], convergeUs: null, minRunning: [], reached: [] },
  };
  const meta: TraceMeta = { type: "meta", version: "0.1.0", seed, scenario };
  const result: RunResultLike = {
    scenario: "synthetic-partition",
    seed,
    ok: !withViolation,
    violations,
    warnings: withViolation ? [] : [{ invariant: "warn.spof-managers", message: "synthetic warning", nodes: ["m1"] }],
    traceHash: "0123abcd",
    events: events.length,
    simulatedUs: endUs,
    wallMs: 12,
    final: null,
  };
  return { meta, events, result, shrunk: entries.slice(1, 4) };
}
