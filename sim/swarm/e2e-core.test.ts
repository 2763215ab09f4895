import { describe, expect, it } from "vitest";
import { SEC } from "../kernel/types.ts";
import { nodeSpec, serviceSpec, testCluster } from "./testing/fixtures.ts";

function running(c: ReturnType<typeof testCluster>, service: string) {
  const st = c.proc("m1").finalState()!;
  return st.tasks.filter((t) => t.service === service && t.state === "running" && t.desiredState === "running");
}

describe("swarm core loop (instant raft)", () => {
  it("converges a 3-replica service onto the workers", () => {
    const c = testCluster({
      nodes: [nodeSpec("m1", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker"), nodeSpec("w3", "worker")],
      services: [serviceSpec("web", { replicas: 3 })],
    });
    c.run(10 * SEC);
    const r = running(c, "web");
    expect(r.length).toBe(3);
    expect(new Set(r.map((t) => t.slot))).toEqual(new Set([1, 2, 3]));
    // spread: 4 nodes, 3 tasks → distinct nodes
    expect(new Set(r.map((t) => t.node)).size).toBe(3);
    const states = c.events.filter((e) => e.type === "task.state").map((e) => (e as { state: string }).state);
    expect(states).toContain("assigned");
    expect(states).toContain("running");
    const containers = c.events.filter((e) => e.type === "container.state" && (e as { state: string }).state === "running");
    expect(containers.length).toBe(3);
  });

  it("reschedules the tasks of a crashed worker after the heartbeat TTL (~15 s)", () => {
    const c = testCluster({
      nodes: [nodeSpec("m1", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker"), nodeSpec("w3", "worker")],
      services: [serviceSpec("web", { replicas: 3 })],
    });
    c.run(20 * SEC);
    const victim = running(c, "web").find((t) => t.node !== "m1")!.node!;
    c.world.crash(c.ix(victim), false, -1);
    const crashAt = c.world.kernel.now;
    c.run(crashAt + 60 * SEC);
    const down = c.events.find((e) => e.type === "node.status" && e.node === victim && (e as { status: string }).status === "down")!;
    expect(down).toBeDefined();
    const delay = down.timeUs - crashAt;
    expect(delay).toBeGreaterThan(9 * SEC);
    expect(delay).toBeLessThan(17 * SEC);
    const r = running(c, "web");
    expect(r.length).toBe(3);
    expect(r.every((t) => t.node !== victim)).toBe(true);
  });
});

describe("swarm over the real raft member", () => {
  it("elects a leader, converges, and reschedules after a worker shutdown", () => {
    const c = testCluster({
      realRaft: true,
      nodes: [nodeSpec("m1", "manager"), nodeSpec("m2", "manager"), nodeSpec("m3", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker")],
      services: [serviceSpec("web", { replicas: 4 })],
    });
    c.run(40 * SEC);
    const leaderName = ["m1", "m2", "m3"].find((n) => c.proc(n).isLeader)!;
    expect(leaderName).toBeDefined();
    const st = () => c.proc(leaderName).finalState()!;
    expect(st().tasks.filter((t) => t.state === "running").length).toBe(4);
    const onW1 = st().tasks.filter((t) => t.node === "w1").length;
    expect(onW1).toBeGreaterThan(0);
    c.world.crash(c.ix("w1"), false, -1);
    c.run(90 * SEC);
    const r = st().tasks.filter((t) => t.state === "running" && t.desiredState === "running");
    expect(r.length).toBe(4);
    expect(r.some((t) => t.node === "w1")).toBe(false);
    expect(st().nodes.find((n) => n.name === "w1")!.status).toBe("down");
  });
});
