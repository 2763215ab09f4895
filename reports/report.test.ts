// Node-side report tests: determinism, safe embedding, size, the compiled data, the Perfetto
// export and each validator rule, the trace reader and the index page.
import { HEARTBEAT_KINDS } from "../sim/kernel/events.ts";
import { describe, expect, it } from "vitest";
import { compileReport } from "./compact.ts";
import { describeAction } from "../sim/scenario/describe.ts";
import { scriptJson } from "./embed.ts";
import { readTraceJsonl, renderIndex, renderReport, toPerfetto, validatePerfetto } from "./render.ts";
import { syntheticRun } from "./testing/synthetic.ts";
import type { IndexRow, TraceEvent } from "./types.ts";
import { fmtMs, humanizeTimes } from "./client/dom.ts";
import { decode } from "./client/model.ts";
import { stackTasks } from "./client/services.ts";
import { openingWindow } from "./client/view.ts";

const REPLAY = "npx tsx sim/cli.ts replay reports/failures/x/failure.json";

function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]);
}

describe("renderReport", () => {
  it("is byte-identical for the same run, and differs for another seed", () => {
    const a = syntheticRun();
    const b = syntheticRun();
    const ha = renderReport({ ...a, replayCommand: REPLAY });
    expect(renderReport({ ...b, replayCommand: REPLAY })).toBe(ha);
    expect(renderReport({ ...syntheticRun({ seed: 8 }), replayCommand: REPLAY })).not.toBe(ha);
  });

  it("embeds user data so that it cannot end the script or open a comment", () => {
    const evil = `</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> \u2028`;
    const run = syntheticRun({ description: evil, serviceName: `web</script>` });
    const html = renderReport({ ...run, replayCommand: `echo "</script>"` });
    const data = embedded(html) as { description: string; replay: string };
    expect(data.description).toBe(evil);
    expect(data.replay).toBe(`echo "</script>"`);
    // Exactly the two script elements of the template close; the data never does.
    expect(html.match(/<\/script>/gi)?.length).toBe(2);
    expect(html).not.toContain("<!-- <img");
    expect(html).not.toContain("alert(1)</script>");
    expect(scriptJson("<!--\u2029")).toBe('"\\u003c!--\\u2029"');
  });

  it("makes no external references", () => {
    const html = renderReport({ ...syntheticRun(), replayCommand: REPLAY });
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("keeps a 100,000-event run under 10 MB", () => {
    const run = syntheticRun({ targetEvents: 100_000 });
    expect(run.events.length).toBeGreaterThanOrEqual(100_000);
    const html = renderReport({ ...run, replayCommand: REPLAY });
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(10 * 1024 * 1024);
  });
});

describe("compileReport", () => {
  const run = syntheticRun();
  const data = compileReport({ ...run, replayCommand: REPLAY });

  it("round-trips every event through the columns", () => {
    let seq = 0;
    let t = 0;
    for (let i = 0; i < run.events.length; i++) {
      seq += data.ev.seq[i];
      t += data.ev.t[i];
      const e = run.events[i] as unknown as Record<string, unknown>;
      expect(seq).toBe(e.seq);
      expect(t).toBe(e.timeUs);
      const k = data.ev.node[i];
      expect(k >= 0 ? data.nodes[k].name : null).toBe(e.node);
      expect(data.tc[data.ev.type[i]].type).toBe(e.type);
    }
    // One field decoded from a string column.
    const drops = run.events.filter((e) => e.type === "msg.drop");
    const tc = data.tc.find((c) => c.type === "msg.drop")!;
    const f = tc.fields.indexOf("reason");
    expect(tc.enc[f]).toBe("s");
    expect(tc.cols[f].map((v) => data.strs[v as number])).toEqual(drops.map((e) => (e as { reason: string }).reason));
  });

  it("puts managers first and makes one role band per raft.role event", () => {
    expect(data.nodes.map((n) => n.name)).toEqual(["m1", "m2", "m3", "w1", "w2"]);
    const roles = run.events.filter((e) => e.type === "raft.role");
    expect(data.roles.node.length).toBe(roles.length);
    expect(data.roles.term).toEqual(roles.map((e) => (e as { term: number }).term));
  });

  it("pairs every message end with its send and keeps in-flight sends", () => {
    const ends = run.events.filter((e) => e.type === "msg.deliver" || e.type === "msg.drop").length;
    const endedIds = new Set(run.events.filter((e) => e.type === "msg.deliver" || e.type === "msg.drop").map((e) => (e as { msgId: number }).msgId));
    const inflight = run.events.filter((e) => e.type === "msg.send" && !endedIds.has((e as { msgId: number }).msgId)).length;
    expect(inflight).toBeGreaterThan(0);
    expect(data.msg.a.length).toBe(ends + inflight);
    expect(data.msg.st.filter((s) => s === 4).length).toBe(inflight);
    expect(data.msg.st.filter((s) => s === 2).length).toBe(run.events.filter((e) => e.type === "msg.drop" && (e as { reason: string }).reason === "partition").length);
    for (let j = 0; j < data.msg.a.length; j++) if (data.msg.a[j] >= 0 && data.msg.b[j] >= 0) expect(data.msg.a[j]).toBeLessThan(data.msg.b[j]);
  });

  it("resolves the violation and its witnesses to event indexes", () => {
    const v = run.result.violations[0];
    expect(run.events[data.verdict.idx].seq).toBe(v.event);
    const ve = run.events[data.verdict.idx] as unknown as { witness: number[] };
    expect(data.verdict.witness.map((i) => run.events[i].seq)).toEqual(ve.witness);
  });

  it("lists the shrunk schedule and links each row to the event that applied it", () => {
    const d2 = compileReport({ ...run, shrunk: run.shrunk, replayCommand: REPLAY });
    expect(d2.schedule.shrunk).toBe(true);
    expect(d2.schedule.rows.map((r) => r.text)).toEqual(run.shrunk.map((e) => describeAction(e.action)));
    for (const r of d2.schedule.rows) {
      expect(r.idx).toBeGreaterThanOrEqual(0);
      expect(run.events[r.idx].timeUs).toBe(r.atUs);
    }
  });
});

describe("describeAction", () => {
  it("describes every fault kind and commands", () => {
    expect(describeAction({ kind: "crash", target: "m2", loseUnsynced: true })).toBe("crash m2 (lose unsynced tail)");
    expect(describeAction({ kind: "partition", partition: { groups: [["m1"], ["m2", "m3"]] } })).toBe("partition [m1] | [m2, m3]");
    expect(describeAction({ kind: "partition", partition: { shape: "isolate", node: "leader" } })).toBe("partition isolate leader");
    expect(describeAction({ kind: "partition", partition: { blocked: [["m1", "m2"]] } })).toBe("partition blocked m1→m2");
    expect(describeAction({ kind: "loss", rate: 0.2, forUs: 30_000_000, nodes: ["w1"] })).toBe("loss 20% on links of w1 for 30s");
    expect(describeAction({ kind: "delay", latency: { minUs: 100_000, maxUs: 2_000_000, tailP: 0, tailMeanUs: 0 }, forUs: 60_000_000, nodes: null })).toBe("delay 100ms–2s on all links for 1m");
    expect(describeAction({ kind: "skew", target: "m3", offsetUs: -3_000_000, driftPpm: 50 })).toBe("skew m3 offset -3s, drift 50ppm");
    expect(describeAction({ kind: "heal" })).toBe("heal");
    expect(describeAction({ kind: "run", command: "docker service scale web=5", op: { verb: "service.scale", scales: [{ service: "web", replicas: 5 }] } })).toBe("docker service scale web=5");
  });
});

describe("readTraceJsonl", () => {
  it("reads the meta line and the events", () => {
    const run = syntheticRun();
    const text = [run.meta, ...run.events].map((x) => JSON.stringify(x)).join("\n") + "\n";
    const back = readTraceJsonl(text);
    expect(back.meta).toEqual(run.meta);
    expect(back.events).toEqual(run.events);
  });

  it("names the bad line", () => {
    expect(() => readTraceJsonl(`{"type":"meta","version":"1","seed":1,"scenario":{}}\n{"seq":1,"timeUs":0,"node":null,"type":"net.heal"}\n{oops`)).toThrow(/line 3/);
    expect(() => readTraceJsonl(`{"seq":1,"timeUs":0,"type":"x"}`)).toThrow(/meta/);
    expect(() => readTraceJsonl(`{"type":"meta"}\n{"seq":2,"timeUs":0,"type":"a"}\n{"seq":2,"timeUs":0,"type":"a"}`)).toThrow(/line 3/);
  });
});

describe("Perfetto export", () => {
  const run = syntheticRun();
  const trace = toPerfetto(run.meta, run.events, run.result);

  it("passes the validator", () => {
    expect(validatePerfetto(trace)).toEqual([]);
    expect(validatePerfetto(JSON.parse(JSON.stringify(trace)))).toEqual([]);
  });

  it("has a process per node, a flow per delivered message and a global violation instant", () => {
    const names = trace.traceEvents.filter((e) => e.ph === "M" && e.name === "process_name").map((e) => (e.args as { name: string }).name);
    expect(names.slice(1)).toEqual(["m1 (manager)", "m2 (manager)", "m3 (manager)", "w1 (worker)", "w2 (worker)"]);
    const delivered = run.events.filter((e) => e.type === "msg.deliver").length;
    expect(trace.traceEvents.filter((e) => e.ph === "s").length).toBe(delivered);
    expect(trace.traceEvents.filter((e) => e.ph === "f").length).toBe(delivered);
    const v = trace.traceEvents.filter((e) => e.ph === "i" && e.s === "g" && e.name.startsWith("violation"));
    expect(v.length).toBe(1);
    expect(v[0].ts).toBe(run.result.violations[0].timeUs);
    const counters = new Set(trace.traceEvents.filter((e) => e.ph === "C").map((e) => e.name));
    expect([...counters].sort()).toEqual(["commit index", "running tasks", "term"]);
  });

  it("is valid for a 100,000-event run too", () => {
    const big = syntheticRun({ targetEvents: 100_000 });
    expect(validatePerfetto(toPerfetto(big.meta, big.events, big.result))).toEqual([]);
  });

  const named = (extra: object[]) => ({
    traceEvents: [{ ph: "M", name: "process_name", pid: 1, tid: 0, args: { name: "p" } }, { ph: "M", name: "thread_name", pid: 1, tid: 1, args: { name: "t" } }, ...extra],
  });
  const x = (ts: number, dur: number) => ({ ph: "X", name: "x", pid: 1, tid: 1, ts, dur });

  it("rejects each broken rule", () => {
    expect(validatePerfetto(named([x(0, 10), x(2, 3), x(10, 1)]))).toEqual([]);
    expect(validatePerfetto({})).toEqual(["traceEvents: missing or not an array"]);
    expect(validatePerfetto(named([{ ph: "Q", name: "q", pid: 1, tid: 1, ts: 0 }])).join()).toMatch(/unknown phase/);
    expect(validatePerfetto(named([x(0, 10), x(5, 10)])).join()).toMatch(/overlap without nesting/);
    expect(validatePerfetto(named([{ ph: "B", name: "b", pid: 1, tid: 1, ts: 0 }])).join()).toMatch(/never ended/);
    expect(validatePerfetto(named([{ ph: "E", name: "e", pid: 1, tid: 1, ts: 0 }])).join()).toMatch(/E without an open B/);
    expect(
      validatePerfetto(
        named([
          { ph: "B", name: "b", pid: 1, tid: 1, ts: 0 },
          { ph: "E", name: "b", pid: 1, tid: 1, ts: 10 },
          x(5, 10),
        ]),
      ).join(),
    ).toMatch(/overlap without nesting/);
    expect(validatePerfetto(named([x(0, 10), { ...x(1, 1), dur: -1 }])).join()).toMatch(/dur ≥ 0/);
    const s = (id: number, ts: number) => ({ ph: "s", name: "m", pid: 1, tid: 1, ts, id });
    const f = (id: number, ts: number) => ({ ph: "f", bp: "e", name: "m", pid: 1, tid: 1, ts, id });
    expect(validatePerfetto(named([s(1, 0), f(1, 2)]))).toEqual([]);
    expect(validatePerfetto(named([s(1, 0), f(1, 2), s(1, 3), f(1, 4)])).join()).toMatch(/flow id 1: bound 2 start/);
    expect(validatePerfetto(named([s(1, 0)])).join()).toMatch(/flow id 1: bound 1 start\(s\) and 0 finish/);
    expect(validatePerfetto(named([s(1, 5), f(1, 2)])).join()).toMatch(/finishes before it starts/);
    expect(validatePerfetto(named([{ ph: "C", name: "c", pid: 1, tid: 1, ts: 0, args: { value: "3" } }])).join()).toMatch(/counter arg value is not a number/);
    expect(validatePerfetto(named([{ ph: "C", name: "c", pid: 1, tid: 1, ts: 0 }])).join()).toMatch(/counter without args/);
    expect(validatePerfetto(named([{ ...x(0, 1), pid: 2 }])).join()).toMatch(/pid 2: no process_name/);
    expect(validatePerfetto(named([{ ...x(0, 1), tid: 7 }])).join()).toMatch(/thread 1:7: no thread_name/);
    expect(validatePerfetto(named([{ ...x(0, 1), ts: -1 }])).join()).toMatch(/ts must be/);
  });

  it("rejects a broken export of our own", () => {
    const broken = JSON.parse(JSON.stringify(trace)) as typeof trace;
    const f = broken.traceEvents.find((e) => e.ph === "f")!;
    broken.traceEvents.push({ ...f });
    expect(validatePerfetto(broken).join()).toMatch(/flow id/);
  });
});

describe("renderIndex", () => {
  const row = (over: Partial<IndexRow>): IndexRow => ({
    scenario: "leader-crash",
    description: "Crash the leader",
    ok: true,
    outcome: "pass",
    expected: "pass",
    violation: null,
    warnings: [],
    events: 1234,
    simulatedUs: 90_000_000,
    wallMs: 42,
    traceHash: "abcd",
    reportHref: "leader-crash/report.html",
    ...over,
  });

  it("lists every row with its link and escapes user text", () => {
    const html = renderIndex([
      row({}),
      row({ scenario: "evil", description: `<img src=x onerror=alert(1)>`, ok: false, outcome: "violation:raft.log-matching", violation: "raft.log-matching", reportHref: "javascript:alert(1)" }),
    ]);
    // The scenario name is the link to its report (no separate, clippable "report" column).
    expect(html).toContain('<td class="name"><a href="leader-crash/report.html">leader-crash</a></td>');
    expect(html).not.toContain(">report</a>");
    expect(html).toContain('<td class="name">evil</td>');
    expect(html).toContain('<div id="nomatch">');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:alert");
    expect(html).toContain("1 of 2 scenarios not as expected");
    expect(html).toContain("1m30s");
    expect(renderIndex([row({})])).toBe(renderIndex([row({})]));
  });
});

it("hides heartbeats by the CONTRACT kinds", () => {
  const data = compileReport({ ...syntheticRun(), replayCommand: REPLAY });
  expect(new Set(data.heartbeatKinds)).toEqual(HEARTBEAT_KINDS);
});

/** A small hand-made run: the events given (seq and time in order), no violation. */
function miniRun(events: Record<string, unknown>[], scenario: Record<string, unknown> = {}): Parameters<typeof compileReport>[0] {
  const evs = events.map((e, i) => ({ seq: i + 1, node: null, ...e })) as unknown as TraceEvent[];
  const end = evs.length > 0 ? evs[evs.length - 1].timeUs : 0;
  return {
    meta: { type: "meta", version: "0.1.0", seed: 1, scenario: { name: "mini", description: "", nodes: [{ name: "m1", role: "manager" }, { name: "w1", role: "worker" }, { name: "w2", role: "worker" }], ...scenario } },
    events: evs,
    result: { scenario: "mini", seed: 1, ok: true, violations: [], warnings: [], traceHash: "00", events: evs.length, simulatedUs: end },
    replayCommand: REPLAY,
  } as unknown as Parameters<typeof compileReport>[0];
}

describe("report fixes from the on-call review", () => {
  it("ends the axis, role bands, down intervals, fault windows and task bars where a run stopped at a violation", () => {
    const run = syntheticRun();
    const stop = run.result.simulatedUs;
    const scenario = { ...(run.meta.scenario as object), durationUs: stop + 120_000_000 };
    const data = compileReport({ ...run, meta: { ...run.meta, scenario }, replayCommand: REPLAY });
    expect(data.endUs).toBe(stop);
    for (const t of [...data.roles.t1, ...data.down.t1, ...data.tasks.t1, ...data.windows.map((w) => w.t1)]) expect(t).toBeLessThanOrEqual(stop);
    expect(Math.max(...data.roles.t1)).toBe(stop);
  });

  it("tells one reschedule per replacement in the Story, naming the new task's node, while old and new tasks' events alternate", () => {
    const task = (timeUs: number, node: string | null, id: string, state: string, desiredState = "running") => ({ timeUs, node, type: "task.state", task: id, service: "api", slot: 1, state, desiredState, error: null });
    const data = compileReport(
      miniRun([
        task(0, null, "api.1.1", "new"),
        task(1, "w1", "api.1.1", "assigned"),
        task(2, "w1", "api.1.1", "running"),
        task(10, "w1", "api.1.1", "running", "shutdown"),
        task(10, null, "api.1.2", "new", "ready"),
        task(11, null, "api.1.2", "pending", "ready"),
        task(12, "w1", "api.1.1", "shutdown", "shutdown"),
        task(13, "w2", "api.1.2", "assigned", "ready"),
        task(14, "w1", "api.1.1", "shutdown", "shutdown"),
        task(15, "w2", "api.1.2", "running"),
      ]),
    );
    const chips = data.story.filter((s) => s.kind === "reschedule");
    expect(chips.map((c) => c.text)).toEqual(["api.1 rescheduled → w2"]);
    expect(chips[0].idx).toBe(7);
  });

  it("keeps a stop-first replacement on its slot's line: only tasks that both want to run are stacked", () => {
    const task = (timeUs: number, node: string | null, id: string, state: string, desiredState = "running") => ({ timeUs, node, type: "task.state", task: id, service: "api", slot: 1, state, desiredState, error: null });
    const replacement = [
      task(0, "w1", "api.1.1", "running"),
      task(10, "w1", "api.1.1", "running", "shutdown"), // told to stop…
      task(10, null, "api.1.2", "new", "ready"), // …and replaced in the same transaction
      task(12, "w1", "api.1.1", "shutdown", "shutdown"),
      task(13, "w2", "api.1.2", "running"),
    ];
    const one = compileReport(miniRun(replacement));
    expect(stackTasks(one, one.tasks.slot.map((_, r) => r)).subs).toBe(1);
    // The same two tasks both wanting to run (the old one never told to stop) are stacked.
    const dup = compileReport(miniRun(replacement.map((e) => (e.task === "api.1.1" ? { ...e, desiredState: "running" } : e))));
    expect(stackTasks(dup, dup.tasks.slot.map((_, r) => r)).subs).toBe(2);
  });

  it("keeps a global service's mode so the page does not claim 'desired 0'", () => {
    const data = compileReport(miniRun([{ timeUs: 0, type: "service.spec", service: "agent", mode: "global", replicas: 0, version: 1, spec: {} }]));
    expect(data.services.map((s) => [s.name, s.mode, s.desired.length])).toEqual([["agent", "global", 0]]);
  });

  it("stacks tasks of one slot that overlap in time, so a duplicate stays visible", () => {
    const data = compileReport({ ...syntheticRun({ duplicateSlot: true }), replayCommand: REPLAY });
    const rowsOf = (slot: number) => data.tasks.slot.map((s, r) => (s === slot ? r : -1)).filter((r) => r >= 0);
    const dup = stackTasks(data, rowsOf(1));
    expect(dup.subs).toBe(2);
    const lineOf = new Map<string, Set<number>>();
    rowsOf(1).forEach((r, q) => {
      const id = data.strs[data.tasks.task[r]];
      if (!lineOf.has(id)) lineOf.set(id, new Set());
      lineOf.get(id)!.add(dup.sub[q]);
    });
    expect([...lineOf.values()].map((s) => [...s])).toEqual([[0], [1]]);
    // Slot 2's replacement starts after its predecessor was orphaned: one line, and the old bar stops where the new task starts.
    const seq = stackTasks(data, rowsOf(2));
    expect(seq.subs).toBe(1);
    const rows2 = rowsOf(2);
    const firstNew = rows2.findIndex((r) => data.strs[data.tasks.task[r]] !== data.strs[data.tasks.task[rows2[0]]]);
    for (let q = 0; q < firstNew; q++) expect(seq.end[q]).toBeLessThanOrEqual(data.tasks.t0[rows2[firstNew]]);
  });

  it("opens a failing run on the violation together with the timeline entries and witnesses before it", () => {
    const run = syntheticRun({ targetEvents: 20_000 });
    const m = decode(compileReport({ ...run, replayCommand: REPLAY }));
    const w = openingWindow(m)!;
    const tv = m.t[m.d.verdict.idx];
    expect(tv).toBeGreaterThanOrEqual(w.t0);
    expect(tv).toBeLessThanOrEqual(w.t1);
    for (const i of m.d.verdict.witness) expect(m.t[i]).toBeGreaterThanOrEqual(w.t0);
    for (const r of m.d.schedule.rows) if (r.idx >= 0) expect(m.t[r.idx]).toBeGreaterThanOrEqual(w.t0);
  });

  it("opens a long passing run on its timeline entries, not on its first events", () => {
    const run = syntheticRun({ targetEvents: 20_000, violation: false });
    const m = decode(compileReport({ ...run, replayCommand: REPLAY }));
    const w = openingWindow(m)!;
    for (const r of m.d.schedule.rows) {
      expect(m.t[r.idx]).toBeGreaterThanOrEqual(w.t0);
      expect(m.t[r.idx]).toBeLessThanOrEqual(w.t1);
    }
    // Still a window, not the whole (long) run.
    expect(w.t1 - w.t0).toBeLessThan((m.d.endUs - m.d.startUs) / 4);
  });

  it("writes checker times as the CLI's formatTime does, and Story times to the millisecond", () => {
    expect(humanizeTimes("read → v212 (33055727..33055727us, events #2558/#2559); write (from 31069234us, no response); (32535501..32540224us)")).toBe(
      "read → v212 (at 33.055727s, events #2558/#2559); write (from 31.069234s, no response); (32.535501s–32.540224s)",
    );
    expect(humanizeTimes("index 55 and 12 nodes")).toBe("index 55 and 12 nodes");
    expect(fmtMs(43_478_282)).toBe("43.478s");
    expect(fmtMs(100_287_400)).toBe("1m40.287s");
  });
});
