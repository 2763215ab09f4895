// Placement-preference parsing and the per-leaf candidate selection (SwarmKit nodeset.go tree,
// decision_tree.go orderedNodes, scheduler.go scheduleNTasksOnSubtree) as SWARM.md §4 describes.
import { describe, expect, it } from "vitest";
import type { NodeObj } from "../objects.ts";
import { type Decision, Scheduler } from "./scheduler.ts";
import { mkNode, mkSpec, mkTask, mkTasks, type SpecOpts } from "./testkit.ts";
import { parsePreferences } from "./tree.ts";

function perNode(ds: Decision[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of ds) if (d.nodeId !== null) out[d.nodeId] = (out[d.nodeId] ?? 0) + 1;
  return out;
}

function run(nodes: NodeObj[], n: number, spec: SpecOpts = {}): Decision[] {
  const s = new Scheduler();
  for (const node of nodes) s.upsertNode(node);
  return s.schedule(mkTasks("a", n, { spec: mkSpec("a", spec) }), 0);
}

describe("parsePreferences", () => {
  it("keeps node.labels.* and engine.labels.* spreads; prefix case-insensitive, label name kept as written", () => {
    expect(parsePreferences([])).toEqual([]);
    expect(parsePreferences(["node.labels.zone", "NODE.Labels.Zone", "engine.labels.rack", "Engine.LABELS.rack"])).toEqual([
      { engine: false, label: "zone" },
      { engine: false, label: "Zone" },
      { engine: true, label: "rack" },
      { engine: true, label: "rack" },
    ]);
  });

  it("accepts the CLI's spread= form", () => {
    expect(parsePreferences(["spread=node.labels.zone", "SPREAD=engine.labels.rack"])).toEqual([
      { engine: false, label: "zone" },
      { engine: true, label: "rack" },
    ]);
  });

  it("ignores other descriptors and prefixes without a label name", () => {
    expect(parsePreferences(["node.labels.", "engine.labels.", "spread=", "", "node.hostname", "node.platform.arch", "labels.zone"])).toEqual([]);
    // Ignored entries do not shift the ones that count.
    expect(parsePreferences(["node.id", "node.labels.zone"])).toEqual([{ engine: false, label: "zone" }]);
  });
});

describe("spread branches", () => {
  it("a node without the label and one with an empty value share the '' branch", () => {
    const nodes = [mkNode("n1"), mkNode("n2", { labels: { zone: "a" } }), mkNode("n3", { labels: { zone: "" } })];
    // Two branches (""; "a"), 2 tasks each; the '' branch splits over n1 and n3.
    expect(perNode(run(nodes, 4, { preferences: ["node.labels.zone"] }))).toEqual({ n1: 1, n2: 2, n3: 1 });
  });
});

describe("candidate nodes", () => {
  /** Nodes n1..nk, where node i runs loads[i] tasks of other services (and none of "a"). */
  function loaded(loads: number[], drained: boolean[] = []): Scheduler {
    const s = new Scheduler();
    loads.forEach((load, i) => {
      const id = `n${i + 1}`;
      s.upsertNode(mkNode(id, { availability: drained[i] ? "drain" : "active" }));
      for (let j = 0; j < load; j++) s.upsertTask(mkTask(`other${j}`, i, { nodeId: id, state: "running" }), 0);
    });
    return s;
  }

  /** The k active nodes with the fewest tasks, ties in node order: where k tasks of a new service go. */
  function leastLoaded(loads: number[], drained: boolean[], k: number): string[] {
    const ix = loads.map((_, i) => i).filter((i) => !drained[i]);
    ix.sort((a, b) => loads[a] - loads[b] || a - b);
    return ix
      .slice(0, k)
      .map((i) => `n${i + 1}`)
      .sort();
  }

  function chosen(s: Scheduler, k: number): string[] {
    const ds = s.schedule(mkTasks("a", k), 0);
    expect(ds.every((d) => d.nodeId !== null)).toBe(true);
    return ds.map((d) => d.nodeId as string).sort();
  }

  it("k new tasks go one each to the k least-loaded nodes", () => {
    // A loaded first node is dropped for later, emptier ones.
    expect(chosen(loaded([1, 0, 0]), 2)).toEqual(["n2", "n3"]);
    expect(chosen(loaded([3, 1, 2, 0, 1]), 3)).toEqual(["n2", "n4", "n5"]);
    // Ties go to the earlier node.
    expect(chosen(loaded([1, 1, 0]), 2)).toEqual(["n1", "n3"]);
    // A node failing the filters never displaces a candidate, however empty it is.
    expect(chosen(loaded([1, 0], [false, true]), 1)).toEqual(["n1"]);
  });

  it("k least-loaded nodes over generated clusters", () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let c = 0; c < 150; c++) {
      const size = 2 + rand(9);
      const loads = Array.from({ length: size }, () => rand(5));
      const drained = loads.map(() => rand(5) === 0);
      const active = drained.filter((d) => !d).length;
      if (active === 0) continue;
      const k = 1 + rand(active);
      expect(chosen(loaded(loads, drained), k), JSON.stringify({ loads, drained, k })).toEqual(leastLoaded(loads, drained, k));
    }
  });
});

describe("branch shares", () => {
  const pref = { preferences: ["node.labels.zone"] };

  /** A scheduler over `nodes` where each node id in `running` already runs that many tasks of "a". */
  function withRunning(nodes: NodeObj[], running: Record<string, number>, spec: SpecOpts): Scheduler {
    const s = new Scheduler();
    for (const node of nodes) s.upsertNode(node);
    let slot = 100;
    for (const [id, count] of Object.entries(running)) {
      for (let i = 0; i < count; i++) s.upsertTask(mkTask("a", slot++, { nodeId: id, state: "running", spec: mkSpec("a", spec) }), 0);
    }
    return s;
  }

  it("a branch already above its share gets nothing, even with a remainder", () => {
    const s = withRunning([mkNode("n1", { labels: { zone: "a" } }), mkNode("n2", { labels: { zone: "b" } })], { n1: 3 }, pref);
    // 5 in total: target 2 (+1); zone a already has 3.
    expect(perNode(s.schedule(mkTasks("a", 2, { spec: mkSpec("a", pref) }), 0))).toEqual({ n2: 2 });
  });

  it("a branch below its share gets only the difference", () => {
    const s = withRunning([mkNode("n1", { labels: { zone: "a" } }), mkNode("n2", { labels: { zone: "b" } })], { n1: 1 }, pref);
    // 4 in total: 2 per zone, zone a has 1.
    expect(perNode(s.schedule(mkTasks("a", 3, { spec: mkSpec("a", pref) }), 0))).toEqual({ n1: 1, n2: 2 });
  });
});

describe("branches that run out of room", () => {
  const cpu = { preferences: ["node.labels.zone"], nanoCpus: 1e9 };
  const zone = (id: string, z: string, cpus: number): NodeObj => mkNode(id, { labels: { zone: z }, nanoCpus: cpus * 1e9 });

  it("a leaf visited again re-checks its nodes and skips the full ones", () => {
    // zone a: n1 (room for 1), n3 (room for 8); zone b: n2 (room for 1).
    const nodes = [
      mkNode("n1", { labels: { zone: "a" }, nanoCpus: 1e9 }),
      mkNode("n2", { labels: { zone: "b" }, nanoCpus: 1e9 }),
      mkNode("n3", { labels: { zone: "a" }, nanoCpus: 8e9 }),
    ];
    // Round 1: a takes 3 (n1, n3, n3), b only 1 of 2. Round 2: a's leaf again, n1 is full.
    const ds = run(nodes, 5, cpu);
    expect(ds.every((d) => d.err === null)).toBe(true);
    expect(perNode(ds)).toEqual({ n1: 1, n2: 1, n3: 3 });
  });

  it("the explanation counts each full node once", () => {
    const nodes = [mkNode("n1", { labels: { zone: "a" }, nanoCpus: 1e9 }), mkNode("n2", { labels: { zone: "b" }, nanoCpus: 1e9 })];
    const ds = run(nodes, 3, cpu);
    expect(perNode(ds)).toEqual({ n1: 1, n2: 1 });
    expect(ds.filter((d) => d.nodeId === null).map((d) => d.err)).toEqual(["no suitable node (insufficient resources on 2 nodes)"]);
  });

  it("a full branch's share is spread evenly over the remaining branches", () => {
    // 16 tasks over 4 zones: 4 each, but zone a holds 1; its 3 go one each to b, c, d.
    const nodes = [zone("n1", "a", 1), zone("n2", "b", 8), zone("n3", "c", 8), zone("n4", "d", 8)];
    expect(perNode(run(nodes, 16, cpu))).toEqual({ n1: 1, n2: 5, n3: 5, n4: 5 });
  });

  it("tasks already in a full branch leave the target of the others", () => {
    // zone a runs 1 task and has room for 1 more. 15 in total → 5 per zone; a ends at 2, so
    // b and c share the 13 remaining: 7 and 6.
    const s = new Scheduler();
    for (const n of [zone("n1", "a", 2), zone("n2", "b", 16), zone("n3", "c", 16)]) s.upsertNode(n);
    const spec = mkSpec("a", cpu);
    s.upsertTask(mkTask("a", 100, { nodeId: "n1", state: "running", spec }), 0);
    expect(perNode(s.schedule(mkTasks("a", 14, { spec }), 0))).toEqual({ n1: 1, n2: 7, n3: 6 });
  });

  it("branches filling up in successive rounds: each full branch is set aside once", () => {
    // zone a: 1 running + room for 1; zone b: room for 9; c, d: plenty. 32 in total → 8 per zone;
    // a's 6 spill over (2 each); b fills at 9; its last 1 goes to c.
    const s = new Scheduler();
    for (const n of [zone("n1", "a", 2), zone("n2", "b", 9), zone("n3", "c", 16), zone("n4", "d", 16)]) s.upsertNode(n);
    const spec = mkSpec("a", cpu);
    s.upsertTask(mkTask("a", 100, { nodeId: "n1", state: "running", spec }), 0);
    const ds = s.schedule(mkTasks("a", 31, { spec }), 0);
    expect(ds.every((d) => d.err === null)).toBe(true);
    expect(perNode(ds)).toEqual({ n1: 1, n2: 9, n3: 11, n4: 10 });
  });
});

describe("round-robin over a leaf's nodes", () => {
  it("a node already found full is skipped without being counted again", () => {
    // n1 fills first (counted, then a passing node resets the counts); when every node is full
    // at the end, n1 is skipped as known-full: like SwarmKit, the explanation names 2 nodes.
    const nodes = [mkNode("n1", { nanoCpus: 1e9 }), mkNode("n2", { nanoCpus: 2e9 }), mkNode("n3", { nanoCpus: 2e9 })];
    const ds = run(nodes, 6, { nanoCpus: 1e9 });
    expect(perNode(ds)).toEqual({ n1: 1, n2: 2, n3: 2 });
    expect(ds.filter((d) => d.nodeId === null).map((d) => d.err)).toEqual(["no suitable node (insufficient resources on 2 nodes)"]);
  });
});
