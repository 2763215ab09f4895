import { describe, expect, it } from "vitest";
import { SEC } from "../kernel/types.ts";
import { KNOWN_BUGS } from "./bugs.ts";
import { nodeSpec, serviceSpec, type TestCluster, testCluster } from "./testing/fixtures.ts";

function maxRunnablePerSlot(c: TestCluster, service: string): number {
  const counts = new Map<number, number>();
  for (const t of c.proc("m1").finalState()!.tasks) {
    if (t.service !== service || !["new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"].includes(t.desiredState)) continue;
    counts.set(t.slot, (counts.get(t.slot) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

function drainScenario(bugs: string[]): TestCluster {
  const c = testCluster({
    nodes: [nodeSpec("m1", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker"), nodeSpec("w3", "worker")],
    services: [serviceSpec("web", { replicas: 3 })],
    bugs,
  });
  c.run(10 * SEC);
  c.proc("m1").submitOperation({ verb: "node.update", node: "w1", availability: "drain", labelAdd: {}, labelRm: [] }, 1, () => {});
  c.run(30 * SEC);
  return c;
}

describe("bug switches", () => {
  it("every switch has a description", () => {
    expect(Object.keys(KNOWN_BUGS).length).toBeGreaterThanOrEqual(10);
    for (const d of Object.values(KNOWN_BUGS)) expect(d.length).toBeGreaterThan(20);
  });

  it("swarmkit-575: drain duplicates runnable tasks only with the bug on", () => {
    expect(maxRunnablePerSlot(drainScenario([]), "web")).toBe(1);
    expect(maxRunnablePerSlot(drainScenario(["swarmkit-575"]), "web")).toBe(2);
  });

  it("swarmkit-921: a leader change takes healthy nodes down only with the bug on", () => {
    const downs = (bugs: string[]) => {
      const c = testCluster({
        nodes: [nodeSpec("m1", "manager"), nodeSpec("m2", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker")],
        services: [serviceSpec("web", { replicas: 2 })],
        bugs,
      });
      c.run(20 * SEC);
      c.group!.setLeader(c.ix("m2"));
      c.run(60 * SEC);
      return c.events.filter((e) => e.type === "node.status" && (e as { status: string }).status === "down" && e.timeUs > 20 * SEC).length;
    };
    expect(downs([])).toBe(0);
    expect(downs(["swarmkit-921"])).toBeGreaterThan(0);
  });
});
