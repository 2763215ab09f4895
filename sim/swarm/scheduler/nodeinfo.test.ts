// The scheduler's per-node accounting (SwarmKit nodeinfo.go): resources, host ports, active counts
// per service, and recent failures with their expiry window.
import { describe, expect, it } from "vitest";
import { failureKey, hostPortKey, isActive, NodeInfo, trackTask } from "./nodeinfo.ts";
import { mkNode, mkSpec, mkTask } from "./testkit.ts";

const GiB = 2 ** 30;
const MIN = 60_000_000;

describe("hostPortKey and trackTask", () => {
  it("packs (protocol, port) into distinct numbers and refuses unknown protocols", () => {
    expect(hostPortKey("tcp", 80)).toBe(320);
    expect(hostPortKey("udp", 80)).toBe(321);
    expect(hostPortKey("sctp", 80)).toBe(322);
    expect(hostPortKey("tcp", 81)).toBe(324);
    expect(() => hostPortKey("icmp", 80)).toThrow(/unknown port protocol icmp/);
  });

  it("tracks only host-mode published ports, and the task's reservations", () => {
    const spec = mkSpec("web", {
      nanoCpus: 5e8,
      memoryBytes: GiB,
      ports: [
        { target: 80, published: 8080, protocol: "tcp", mode: "host" },
        { target: 53, published: 5353, protocol: "udp", mode: "host" },
        { target: 443, published: 443, protocol: "tcp", mode: "ingress" },
        { target: 9000, published: 0, protocol: "tcp", mode: "host" },
      ],
    });
    const t = trackTask(mkTask("web", 1, { spec, nodeId: "n1", state: "running", desired: "running", specVersion: 3 }), true);
    expect(t).toEqual({
      id: "web.1.3",
      service: "web",
      specVersion: 3,
      nodeId: "n1",
      state: "running",
      desiredState: "running",
      nanoCpus: 5e8,
      memoryBytes: GiB,
      hostPorts: [hostPortKey("tcp", 8080), hostPortKey("udp", 5353)],
      preassigned: true,
    });
    expect(trackTask(mkTask("web", 2), false).hostPorts).toEqual([]);
  });

  it("counts a task active while its desired state is at most COMPLETE", () => {
    expect(isActive(trackTask(mkTask("s", 1, { desired: "running" }), false))).toBe(true);
    expect(isActive(trackTask(mkTask("s", 1, { desired: "complete" }), false))).toBe(true);
    expect(isActive(trackTask(mkTask("s", 1, { desired: "shutdown" }), false))).toBe(false);
    expect(isActive(trackTask(mkTask("s", 1, { desired: "remove" }), false))).toBe(false);
  });
});

describe("NodeInfo", () => {
  const port = { target: 80, published: 8080, protocol: "tcp" as const, mode: "host" as const };
  const task = (service: string, slot: number, desired: "running" | "shutdown" = "running", cpu = 1e9, mem = GiB) =>
    trackTask(mkTask(service, slot, { nodeId: "n1", desired, spec: mkSpec(service, { nanoCpus: cpu, memoryBytes: mem, ports: [port] }) }), false);

  it("adds and removes tasks: resources, host port refcounts, active counts per service", () => {
    const n = new NodeInfo(mkNode("n1", { nanoCpus: 4e9, memoryBytes: 8 * GiB }), 0);
    const k = hostPortKey("tcp", 8080);
    expect(n.addTask(task("a", 1))).toBe(true);
    expect(n.addTask(task("a", 2))).toBe(true);
    expect(n.addTask(task("b", 1, "shutdown"))).toBe(true);
    expect(n.availNanoCpus).toBe(1e9);
    expect(n.availMemoryBytes).toBe(5 * GiB);
    expect(n.usedHostPorts.get(k)).toBe(3);
    expect(n.activeTasksCount).toBe(2);
    expect(n.activeOf("a")).toBe(2);
    expect(n.activeOf("b")).toBe(0);
    expect(n.activeByService.has("b")).toBe(false);

    expect(n.removeTask("a.1.1")).toBe(true);
    expect(n.usedHostPorts.get(k)).toBe(2);
    expect(n.activeOf("a")).toBe(1);
    expect(n.availNanoCpus).toBe(2e9);
    expect(n.availMemoryBytes).toBe(6 * GiB);
    expect(n.removeTask("a.1.1")).toBe(false); // unknown: nothing changes
    expect(n.availNanoCpus).toBe(2e9);
    expect(n.removeTask("a.2.1")).toBe(true);
    expect(n.activeByService.has("a")).toBe(false); // a count back at 0 is dropped
    expect(n.removeTask("b.1.1")).toBe(true);
    expect(n.usedHostPorts.has(k)).toBe(false);
    expect(n.activeTasksCount).toBe(0);
    expect(n.availNanoCpus).toBe(4e9);
    expect(n.availMemoryBytes).toBe(8 * GiB);
    expect(n.tasks.size).toBe(0);
  });

  it("a known task changes only the active counts, and only when its desired state crosses COMPLETE", () => {
    const n = new NodeInfo(mkNode("n1"), 0);
    n.addTask(task("a", 1));
    const cpu = n.availNanoCpus;
    expect(n.addTask(task("a", 1))).toBe(false); // same activity: no change
    expect(n.addTask(task("a", 1, "shutdown"))).toBe(true);
    expect(n.activeOf("a")).toBe(0);
    expect(n.activeTasksCount).toBe(0);
    expect(n.tasks.get("a.1.1")?.desiredState).toBe("shutdown");
    expect(n.availNanoCpus).toBe(cpu); // resources stay reserved until the task is removed
    expect(n.usedHostPorts.get(hostPortKey("tcp", 8080))).toBe(1);
    expect(n.addTask(task("a", 1, "shutdown"))).toBe(false);
    expect(n.addTask(task("a", 1))).toBe(true);
    expect(n.activeOf("a")).toBe(1);
    // Removing the task that was active again releases everything.
    expect(n.removeTask("a.1.1")).toBe(true);
    expect(n.activeTasksCount).toBe(0);
  });

  it("setNode re-derives available resources from the node and the tracked tasks", () => {
    const n = new NodeInfo(mkNode("n1", { nanoCpus: 4e9, memoryBytes: 8 * GiB }), 3);
    expect(n.order).toBe(3);
    n.addTask(task("a", 1));
    n.setNode(mkNode("n1", { nanoCpus: 2e9, memoryBytes: 4 * GiB, labels: { zone: "b" } }));
    expect(n.availNanoCpus).toBe(1e9);
    expect(n.availMemoryBytes).toBe(3 * GiB);
    expect(n.node.spec.labels).toEqual({ zone: "b" });
    expect(() => n.setNode(mkNode("n2"))).toThrow(/id changed/);
  });

  it("counts recent failures per (service, version) within the monitor window", () => {
    const n = new NodeInfo(mkNode("n1"), 0);
    const key = failureKey("a", 1);
    expect(n.countRecentFailures(key, 0, 5 * MIN)).toBe(0);
    n.taskFailed("a", 1, 1 * MIN, 5 * MIN);
    n.taskFailed("a", 1, 2 * MIN, 5 * MIN);
    n.taskFailed("a", 2, 2 * MIN, 5 * MIN);
    expect(n.countRecentFailures(key, 3 * MIN, 5 * MIN)).toBe(2);
    expect(n.countRecentFailures(failureKey("a", 2), 3 * MIN, 5 * MIN)).toBe(1);
    expect(n.countRecentFailures(failureKey("b", 1), 3 * MIN, 5 * MIN)).toBe(0);
    // Exactly the window old still counts; older does not.
    expect(n.countRecentFailures(key, 6 * MIN, 5 * MIN)).toBe(2);
    expect(n.countRecentFailures(key, 6 * MIN + 1, 5 * MIN)).toBe(1);
    expect(n.countRecentFailures(key, 7 * MIN + 1, 5 * MIN)).toBe(0);
  });

  it("a new failure drops the expired ones of its key", () => {
    const n = new NodeInfo(mkNode("n1"), 0);
    const key = failureKey("a", 1);
    n.taskFailed("a", 1, 1 * MIN, 5 * MIN);
    n.taskFailed("a", 1, 2 * MIN, 5 * MIN);
    n.taskFailed("a", 1, 6 * MIN, 5 * MIN); // 1 min is exactly 5 min old: expired
    // With a huge window every failure kept would count: the expired one is gone.
    expect(n.countRecentFailures(key, 6 * MIN, 60 * MIN)).toBe(2);
    n.taskFailed("a", 1, 20 * MIN, 5 * MIN);
    expect(n.countRecentFailures(key, 20 * MIN, 60 * MIN)).toBe(1);
  });

  it("cleans up keys whose last failure expired, at most once per window", () => {
    const n = new NodeInfo(mkNode("n1"), 0);
    n.taskFailed("a", 1, 1 * MIN, 5 * MIN);
    n.taskFailed("b", 1, 4 * MIN, 5 * MIN); // 4 min since the last cleanup (at 0): none
    // 7 min: cleanup (7 ≥ 5 since 0): a's last failure is 6 min old (gone), b's 3 min (kept).
    n.taskFailed("c", 1, 7 * MIN, 5 * MIN);
    expect(n.countRecentFailures(failureKey("a", 1), 7 * MIN, 60 * MIN)).toBe(0);
    expect(n.countRecentFailures(failureKey("b", 1), 7 * MIN, 60 * MIN)).toBe(1);
    // 10 min: b's failure expired, but the last cleanup was 3 min ago: it stays until the next one.
    n.taskFailed("c", 1, 10 * MIN, 5 * MIN);
    expect(n.countRecentFailures(failureKey("b", 1), 10 * MIN, 60 * MIN)).toBe(1);
    n.taskFailed("c", 1, 12 * MIN, 5 * MIN);
    expect(n.countRecentFailures(failureKey("b", 1), 12 * MIN, 60 * MIN)).toBe(0);
    // c's own list dropped its 7 min failure (5 min old at 12): 10 and 12 remain.
    expect(n.countRecentFailures(failureKey("c", 1), 12 * MIN, 60 * MIN)).toBe(2);
  });
});
