// How one pass fills nodes (SwarmKit scheduleNTasksOnNodes, SWARM.md §4): nodes ordered by
// nodeLess (fewest tasks of the service, then fewest in total), the first filled until the next
// compares better, then the next — never back to a node already filled while nodes remain ahead;
// round-robin only once the last node is reached. This is what svc.spread-at-placement judges a
// pass by (sim/check/service/placement-rules.ts): a task never goes to a node holding more tasks
// of its service than an eligible node the pass has not reached yet.
import { describe, expect, it } from "vitest";
import type { NodeObj } from "../objects.ts";
import { Scheduler } from "./scheduler.ts";
import { mkNode, mkTask, mkTasks } from "./testkit.ts";

function sched(nodes: NodeObj[]): Scheduler {
  const s = new Scheduler();
  for (const n of nodes) s.upsertNode(n);
  return s;
}

/** `count` running tasks of `service` on `node`, slots from `first`. */
function load(s: Scheduler, service: string, node: string, count: number, first: number): void {
  for (let i = 0; i < count; i++) s.upsertTask(mkTask(service, first + i, { nodeId: node, state: "running" }), 0);
}

describe("one pass fills nodes in order, without going back", () => {
  it("5 tasks on nodes holding 0, 0 and 5 → 1, 4, 5 (the shape of check seed 255 on the dockercoins stack)", () => {
    // m3 and w3 empty, m1 with 5 worker tasks (w1, w2 down and m2 unknown: not in the pass).
    const s = sched([mkNode("m1"), mkNode("m2", { state: "unknown" }), mkNode("m3"), mkNode("w1", { state: "down" }), mkNode("w2", { state: "down" }), mkNode("w3")]);
    load(s, "worker", "m1", 5, 100);
    load(s, "rng", "w3", 1, 1); // w3 has one more task in total: m3 comes first
    const ds = s.schedule(mkTasks("worker", 5, { desired: "ready" }), 0);
    expect(ds.map((d) => d.nodeId)).toEqual(["m3", "w3", "w3", "w3", "w3"]);
    expect(s.activeTasks("m3", "worker")).toBe(1);
    expect(s.activeTasks("w3", "worker")).toBe(4);
  });

  it("each task goes to a node holding no more tasks of the service than any node not yet reached", () => {
    // Deterministic pseudo-random starting loads (an LCG), 200 passes.
    let x = 12345;
    const rnd = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    for (let round = 0; round < 200; round++) {
      const nodeCount = 2 + rnd(5);
      const names = Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`);
      const s = sched(names.map((n) => mkNode(n)));
      let slot = 1000;
      for (const n of names) {
        const own = rnd(6);
        load(s, "web", n, own, slot);
        slot += own;
        const other = rnd(3);
        load(s, "other", n, other, slot);
        slot += other;
      }
      const counts = new Map(names.map((n) => [n, s.activeTasks(n, "web")]));
      const reached = new Set<string>();
      for (const d of s.schedule(mkTasks("web", 1 + rnd(12)), 0)) {
        const node = d.nodeId;
        expect(node).not.toBeNull();
        const unreached = names.filter((n) => !reached.has(n) && n !== node).map((n) => counts.get(n) ?? 0);
        const before = counts.get(node!) ?? 0;
        if (unreached.length > 0) expect(before, `round ${round}`).toBeLessThanOrEqual(Math.min(...unreached));
        counts.set(node!, before + 1);
        reached.add(node!);
      }
    }
  });
});
