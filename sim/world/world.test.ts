import { describe, expect, it } from "vitest";
import { T, type TraceEvent } from "../kernel/events.ts";
import type { Message, NodeProcess } from "../kernel/host.ts";
import { MS, SEC } from "../kernel/types.ts";
import { applyFault } from "./faults.ts";
import type { SimNode } from "./node.ts";
import type { NetworkSpec, NodeSpec } from "./spec.ts";
import { World } from "./world.ts";

function spec(name: string, role: "manager" | "worker" = "manager"): NodeSpec {
  return { name, role, labels: {}, engineLabels: {}, hostname: name, platform: { os: "linux", arch: "amd64" }, resources: { nanoCpus: 4e9, memoryBytes: 8 * 2 ** 30 } };
}

const NET: NetworkSpec = { latency: { minUs: 1 * MS, maxUs: 1 * MS, tailP: 0, tailMeanUs: 0 }, loss: 0, duplicate: 0, reorder: 0 };

interface Ping extends Message {
  n: number;
}

/** Records what it receives; m1 sends `count` numbered messages to m2 at start. */
function makeWorld(net: Partial<NetworkSpec> = {}, count = 5, names = ["m1", "m2", "m3"]) {
  const world = new World({ seed: 1, record: true, nodes: names.map((n) => spec(n)), network: { ...NET, ...net } });
  const got: Record<string, number[]> = {};
  const timers: Record<string, number[]> = {};
  world.start((node: SimNode): NodeProcess => {
    const host = node.host;
    got[node.name] ??= [];
    timers[node.name] ??= [];
    return {
      start() {
        if (node.name === "m1") for (let i = 0; i < count; i++) host.send(1, { kind: "test.ping", n: i } as Ping);
      },
      onMessage(_from, msg) {
        got[node.name].push((msg as Ping).n);
      },
      onTimer(tag) {
        timers[node.name].push(tag);
      },
    };
  });
  return { world, got, timers, events: () => world.kernel.trace.recorded as TraceEvent[] };
}

const drops = (events: TraceEvent[]) => events.filter((e) => e.type === "msg.drop").map((e) => (e as { reason: string }).reason);

describe("network", () => {
  it("delivers FIFO per link and traces send and deliver", () => {
    const { world, got, events } = makeWorld({ latency: { minUs: 1 * MS, maxUs: 50 * MS, tailP: 0.5, tailMeanUs: 20 * MS } }, 50);
    world.kernel.run(10 * SEC, 10_000);
    expect(got.m2).toEqual([...Array(50).keys()]);
    const types = events().map((e) => e.type);
    expect(types.filter((t) => t === "msg.send")).toHaveLength(50);
    expect(types.filter((t) => t === "msg.deliver")).toHaveLength(50);
  });

  it("reorders when asked", () => {
    const { world, got } = makeWorld({ latency: { minUs: 1 * MS, maxUs: 50 * MS, tailP: 0, tailMeanUs: 0 }, reorder: 1 }, 50);
    world.kernel.run(10 * SEC, 10_000);
    expect([...got.m2].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(got.m2).not.toEqual([...Array(50).keys()]);
  });

  it("drops by loss with the reason traced", () => {
    const { world, got, events } = makeWorld({ loss: 0.5 }, 200);
    world.kernel.run(10 * SEC, 10_000);
    const lost = drops(events()).filter((r) => r === "loss").length;
    expect(lost + got.m2.length).toBe(200);
    expect(lost).toBeGreaterThan(60);
    expect(lost).toBeLessThan(140);
  });

  it("duplicates", () => {
    const { world, got } = makeWorld({ duplicate: 1 }, 10);
    world.kernel.run(10 * SEC, 10_000);
    expect(got.m2).toHaveLength(20);
  });

  it("checks partitions at delivery time, per direction", () => {
    const { world, got, events } = makeWorld({}, 3);
    // Block m1→m2 only, before the in-flight messages arrive.
    applyFault(world, { kind: "partition", partition: { blocked: [["m1", "m2"]] } }, 0, world.kernel.rng.stream("faults"));
    world.kernel.run(10 * SEC, 10_000);
    expect(got.m2).toEqual([]);
    expect(drops(events())).toEqual(["partition", "partition", "partition"]);
    expect(world.net.isBlocked(1, 0)).toBe(false);
  });

  it("drops messages to a crashed node, and to a restarted one from the old incarnation", () => {
    const { world, got, events } = makeWorld({}, 2);
    world.crash(1, false, 0);
    world.kernel.at(500, { fire: () => world.restart(1, 1) });
    world.kernel.run(10 * SEC, 10_000);
    expect(got.m2).toEqual([]);
    expect(drops(events())).toEqual(["crashed", "crashed"]);
  });

  it("holds messages at a paused node; drops those older than the send timeout", () => {
    const { world, got, events } = makeWorld({}, 2);
    world.pause(1, 0);
    world.kernel.at(1 * SEC, { fire: () => world.resume(1, 1) });
    world.kernel.run(10 * SEC, 10_000);
    expect(got.m2).toEqual([0, 1]);

    const late = makeWorld({}, 2);
    late.world.pause(1, 0);
    late.world.kernel.at(5 * SEC, { fire: () => late.world.resume(1, 1) });
    late.world.kernel.run(10 * SEC, 10_000);
    expect(late.got.m2).toEqual([]);
    expect(drops(late.events())).toEqual(["paused-timeout", "paused-timeout"]);
    expect(events().some((e) => e.type === "node.resume")).toBe(true);
  });
});

describe("nodes and clocks", () => {
  it("runs timers on the node's drifting clock and defers them while paused", () => {
    const { world, timers } = makeWorld({}, 0);
    const m2 = world.node(1);
    applyFault(world, { kind: "skew", target: "m2", offsetUs: -3 * SEC, driftPpm: 100_000 }, 0, world.kernel.rng.stream("faults"));
    m2.host.setTimer(1.1 * SEC, 7); // 1.1 s local at +10 % → 1 s true
    world.node(2).host.setTimer(1 * SEC, 9);
    world.pause(2, 1);
    world.kernel.at(1 * SEC - 1, { fire: () => expect(timers.m2).toEqual([]) });
    world.kernel.at(1 * SEC, { fire: () => expect(timers.m2).toEqual([7]) });
    world.kernel.at(3 * SEC, { fire: () => world.resume(2, 2) });
    world.kernel.at(2 * SEC, { fire: () => expect(timers.m3).toEqual([]) });
    world.kernel.run(10 * SEC, 10_000);
    expect(timers.m3).toEqual([9]);
    // Offset is a wall-clock jump; drift scales elapsed time.
    expect(world.kernel.now).toBe(3 * SEC); // the queue emptied after the resume
    expect(m2.host.now()).toBe(Math.round(3 * SEC * 1.1) - 3 * SEC);
  });

  it("loses timers on crash", () => {
    const { world, timers } = makeWorld({}, 0);
    world.node(1).host.setTimer(1 * SEC, 1);
    world.crash(1, false, 0);
    world.restart(1, 1);
    world.kernel.run(10 * SEC, 10_000);
    expect(timers.m2).toEqual([]);
  });

  it("resolves selectors when the entry applies and skips what cannot resolve", () => {
    const { world, events } = makeWorld({}, 0);
    const rng = world.kernel.rng.stream("faults");
    expect(applyFault(world, { kind: "crash", target: "leader", loseUnsynced: false }, 0, rng)).toBe(false);
    expect(events().at(-1)).toMatchObject({ type: "timeline.skip", entry: 0, reason: "crash: no leader" });
    world.kernel.trace.emit(T["raft.role"], 1, "leader", 3, "m2");
    expect(applyFault(world, { kind: "crash", target: "leader", loseUnsynced: false }, 1, rng)).toBe(true);
    expect(world.node(1).state).toBe("crashed");
    expect(applyFault(world, { kind: "restart", target: "all" }, 2, rng)).toBe(true);
    expect(world.node(1).state).toBe("up");
    expect(world.leader()).toBe(-1); // a restarted node has no role until it says so
  });
});

describe("partition shapes", () => {
  const names = ["m1", "m2", "m3", "m4", "m5"];
  function layout(shape: "halves" | "bridge" | "majority-ring") {
    const { world } = makeWorld({}, 0, names);
    applyFault(world, { kind: "partition", partition: { shape } }, 0, world.kernel.rng.stream("faults"));
    const open: string[] = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) if (a !== b && !world.net.isBlocked(a, b)) open.push(`${names[a]}>${names[b]}`);
    return open;
  }

  it("halves puts ⌊n/2⌋ nodes on one side", () => {
    expect(layout("halves")).toEqual(["m1>m2", "m2>m1", "m3>m4", "m3>m5", "m4>m3", "m4>m5", "m5>m3", "m5>m4"]);
  });

  it("bridge connects both halves through the middle node only", () => {
    const open = layout("bridge");
    expect(open).toContain("m3>m1");
    expect(open).toContain("m3>m5");
    expect(open).not.toContain("m1>m5");
  });

  it("majority-ring lets every node see a distinct majority", () => {
    const open = layout("majority-ring");
    for (const n of names) expect(open.filter((l) => l.startsWith(`${n}>`))).toHaveLength(2);
  });
});
