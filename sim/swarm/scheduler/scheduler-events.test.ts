// How the scheduler follows store changes (SWARM.md §4): node create/update/delete, task
// create/update/delete in any order, which task transitions count as failures, and which tasks a
// pass groups together. Complements scheduler.test.ts (placement outcomes).
import { describe, expect, it } from "vitest";
import type { TaskObj, TaskState } from "../objects.ts";
import { type Decision, Scheduler } from "./scheduler.ts";
import { mkNode, mkSpec, mkTask, mkTasks } from "./testkit.ts";

function sched(ids: string[]): Scheduler {
  const s = new Scheduler();
  for (const id of ids) s.upsertNode(mkNode(id));
  return s;
}

function at(t: TaskObj, state: TaskState, nodeId: string | null = t.nodeId): TaskObj {
  return { ...t, nodeId, status: { ...t.status, state } };
}

/** The node one new task of `service` goes to (for a fresh service: the first node in tie-break order). */
function firstChoice(s: Scheduler, service = "fresh"): string | null {
  return s.schedule([mkTask(service, 1)], 0)[0].nodeId;
}

function perNode(ds: Decision[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of ds) if (d.nodeId !== null) out[d.nodeId] = (out[d.nodeId] ?? 0) + 1;
  return out;
}

/** n2 runs two tasks of "a", so on task counts alone n1 is the better node for "a". */
function n2Loaded(): Scheduler {
  const s = sched(["n1", "n2"]);
  s.upsertTask(mkTask("a", 90, { nodeId: "n2", state: "running" }), 0);
  s.upsertTask(mkTask("a", 91, { nodeId: "n2", state: "running" }), 0);
  return s;
}

describe("options", () => {
  it("rejects a failure threshold below 1 or a non-positive monitor window", () => {
    expect(() => new Scheduler({ maxFailures: 0 })).toThrow(/bad failure-monitor options/);
    expect(() => new Scheduler({ monitorFailuresUs: 0 })).toThrow(/bad failure-monitor options/);
    expect(() => new Scheduler({ maxFailures: 1, monitorFailuresUs: 1 })).not.toThrow();
  });
});

describe("node events", () => {
  it("a node updated in place keeps its position in the tie-break order", () => {
    const s = sched(["n1", "n2"]);
    s.upsertNode(mkNode("n1", { labels: { zone: "a" } }));
    expect(firstChoice(s)).toBe("n1");
  });

  it("a deleted node that is created again is scheduled on, after the nodes that stayed", () => {
    const s = sched(["n1", "n2"]);
    s.removeNode("n1");
    expect(firstChoice(s, "x")).toBe("n2");
    s.upsertNode(mkNode("n1"));
    const onN1 = mkTasks("b", 1, { spec: mkSpec("b", { constraints: ["node.hostname==n1"] }) });
    expect(s.schedule(onN1, 0)).toEqual([{ taskId: "b.1.1", nodeId: "n1", err: null }]);
    // Each returning node goes behind every node present at that time.
    const s2 = sched(["n1", "n2", "n3"]);
    s2.removeNode("n1");
    s2.upsertNode(mkNode("n1"));
    s2.removeNode("n2");
    s2.upsertNode(mkNode("n2"));
    expect(firstChoice(s2)).toBe("n3");
    s2.removeNode("n3");
    expect(firstChoice(s2, "other")).toBe("n1");
  });

  it("deleting an unknown or already deleted node is a no-op", () => {
    const s = sched(["n1", "n2"]);
    expect(() => s.removeNode("n9")).not.toThrow();
    s.removeNode("n1");
    s.removeNode("n1");
    expect(perNode(s.schedule(mkTasks("a", 2), 0))).toEqual({ n2: 2 });
  });
});

describe("task events", () => {
  it("tasks that complete or shut down are not failures: their node stays preferred", () => {
    const s = n2Loaded();
    for (let i = 0; i < 6; i++) {
      const t = mkTask("a", 100 + i, { nodeId: "n1", state: "running" });
      s.upsertTask(t, 0);
      s.upsertTask(at(t, i % 2 === 0 ? "complete" : "shutdown"), 0);
    }
    expect(s.activeTasks("n1", "a")).toBe(0);
    expect(firstChoice(s, "a")).toBe("n1");
  });

  it("failures of a task first seen unassigned and then placed by the store are tracked", () => {
    // E.g. a previous leader's scheduler placed it: the store shows pending, then running on n1.
    const s = n2Loaded();
    for (let i = 0; i < 5; i++) {
      const t = mkTask("a", 100 + i);
      s.upsertTask(t, 0);
      s.upsertTask(at(t, "running", "n1"), 0);
      s.upsertTask(at(t, "failed", "n1"), 0);
    }
    expect(firstChoice(s, "a")).toBe("n2");
  });

  it("failures of preassigned tasks placed through schedule() are not tracked", () => {
    const s = n2Loaded();
    for (let i = 0; i < 6; i++) {
      const t = mkTask("a", 100 + i, { nodeId: "n1" });
      s.upsertTask(t, 0);
      expect(s.schedule([t], 0)).toEqual([{ taskId: t.id, nodeId: "n1", err: null }]);
      s.upsertTask(at(t, "running"), 0);
      s.upsertTask(at(t, "failed"), 0);
    }
    expect(firstChoice(s, "a")).toBe("n1");
  });

  it("a task failing on a node not seen yet is dropped without a trace", () => {
    const s = sched(["n1"]);
    const spec = mkSpec("a", { nanoCpus: 1e9 });
    const t = mkTask("a", 1, { nodeId: "n9", state: "running", spec });
    s.upsertTask(t, 0);
    expect(() => s.upsertTask(at(t, "failed"), 0)).not.toThrow();
    s.upsertNode(mkNode("n9"));
    expect(s.activeTasks("n9", "a")).toBe(0);
    expect(s.availableResources("n9")?.nanoCpus).toBe(4e9);
  });

  it("a preassigned task for a node not seen yet can be shut down or deleted", () => {
    const s = sched(["n1"]);
    const spec = mkSpec("g", { mode: "global" });
    const t1 = mkTask("g", 1, { nodeId: "n9", spec });
    const t2 = mkTask("g", 2, { nodeId: "n9", spec });
    s.upsertTask(t1, 0);
    s.upsertTask(t2, 0);
    expect(() => s.upsertTask(at(t1, "shutdown"), 0)).not.toThrow();
    expect(() => s.removeTask(t2.id)).not.toThrow();
    s.upsertNode(mkNode("n9"));
    expect(s.activeTasks("n9")).toBe(0);
  });

  it("deleting a task the scheduler never tracked is a no-op", () => {
    const s = sched(["n1"]);
    s.upsertTask(mkTask("a", 1, { nodeId: "n1", state: "new" }), 0);
    expect(() => s.removeTask("a.1.1")).not.toThrow();
    expect(() => s.removeTask("nope")).not.toThrow();
    expect(s.activeTasks("n1")).toBe(0);
  });

  it("when the store places a task on another node than decided, the accounting moves", () => {
    // The scheduler decided n1, but the store committed another decision (n2) for the task.
    const s = sched(["n1", "n2"]);
    const spec = mkSpec("a", { nanoCpus: 1e9 });
    const [t] = mkTasks("a", 1, { spec });
    expect(s.schedule([t], 0)[0].nodeId).toBe("n1");
    expect(s.availableResources("n1")?.nanoCpus).toBe(3e9);
    s.upsertTask(at(t, "assigned", "n2"), 0);
    expect([s.activeTasks("n1"), s.activeTasks("n2", "a")]).toEqual([0, 1]);
    expect(s.availableResources("n1")?.nanoCpus).toBe(4e9);
    expect(s.availableResources("n2")?.nanoCpus).toBe(3e9);
  });
});

describe("failure avoidance past the threshold", () => {
  /** n1 and n2 with `fails` recent failures of "a" v1 and `load` running tasks of "a" each. */
  function nodes(fails: [number, number], load: [number, number]): Scheduler {
    const s = sched(["n1", "n2"]);
    ["n1", "n2"].forEach((id, i) => {
      for (let j = 0; j < load[i]; j++) s.upsertTask(mkTask("a", 90 + 10 * i + j, { nodeId: id, state: "running" }), 0);
      for (let j = 0; j < fails[i]; j++) {
        const t = mkTask("a", 100 + 10 * i + j, { nodeId: id, state: "running" });
        s.upsertTask(t, 0);
        s.upsertTask(at(t, "failed"), 0);
      }
    });
    return s;
  }

  it("avoids the failing node whichever position it has", () => {
    expect(firstChoice(nodes([5, 0], [0, 2]), "a")).toBe("n2");
    expect(firstChoice(nodes([0, 5], [2, 0]), "a")).toBe("n1");
  });

  it("between two nodes past the threshold, fewer failures win; equal failures fall back to task counts", () => {
    expect(firstChoice(nodes([6, 5], [0, 2]), "a")).toBe("n2");
    expect(firstChoice(nodes([5, 6], [2, 0]), "a")).toBe("n1");
    expect(firstChoice(nodes([5, 5], [0, 2]), "a")).toBe("n1");
    expect(firstChoice(nodes([5, 5], [2, 0]), "a")).toBe("n2");
  });

  it("failures of tasks the scheduler placed are tracked", () => {
    const s = n2Loaded();
    for (let i = 0; i < 5; i++) {
      const t = mkTask("a", 100 + i);
      expect(s.schedule([t], 0)).toEqual([{ taskId: t.id, nodeId: "n1", err: null }]);
      s.upsertTask(at(t, "running", "n1"), 0);
      s.upsertTask(at(t, "failed", "n1"), 0);
    }
    expect(firstChoice(s, "a")).toBe("n2");
  });
});

describe("read-only views", () => {
  it("active tasks per node, in total or of one service; unknown nodes have none", () => {
    const s = sched(["n1"]);
    s.upsertTask(mkTask("a", 1, { nodeId: "n1", state: "running" }), 0);
    s.upsertTask(mkTask("b", 1, { nodeId: "n1", state: "running" }), 0);
    s.upsertTask(mkTask("b", 2, { nodeId: "n1", state: "running" }), 0);
    expect([s.activeTasks("n1"), s.activeTasks("n1", "a"), s.activeTasks("n1", "b"), s.activeTasks("n1", "c")]).toEqual([3, 1, 2, 0]);
    expect([s.activeTasks("n9"), s.activeTasks("n9", "a")]).toEqual([0, 0]);
    expect(s.availableResources("n9")).toBeNull();
  });
});

describe("task groups", () => {
  it("tasks of different services in one pass are each filtered by their own spec", () => {
    const s = new Scheduler();
    s.upsertNode(mkNode("n1", { labels: { zone: "a" } }));
    s.upsertNode(mkNode("n2", { labels: { zone: "b" } }));
    const a = mkTasks("a", 2, { spec: mkSpec("a", { constraints: ["node.labels.zone==a"] }) });
    const b = mkTasks("b", 2, { spec: mkSpec("b", { constraints: ["node.labels.zone==b"] }) });
    const ds = s.schedule([a[0], b[0], a[1], b[1]], 0);
    expect(ds.map((d) => [d.taskId, d.nodeId])).toEqual([
      ["a.1.1", "n1"],
      ["a.2.1", "n1"],
      ["b.1.1", "n2"],
      ["b.2.1", "n2"],
    ]);
  });
});
