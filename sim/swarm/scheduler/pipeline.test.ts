// Unit tests of the scheduler's filter pipeline, in the spirit of SwarmKit
// manager/scheduler/filter_test.go and pipeline_test.go: each filter's pass/fail boundary, which
// filter a node is charged to, and the "no suitable node" explanation texts.
import { describe, expect, it } from "vitest";
import type { TaskState } from "../objects.ts";
import type { PortSpec } from "../spec.ts";
import { NodeInfo, trackTask } from "./nodeinfo.ts";
import { Pipeline } from "./pipeline.ts";
import { mkNode, mkSpec, mkTask, type NodeOpts, type SpecOpts } from "./testkit.ts";

const GIB = 2 ** 30;

function info(id: string, o: NodeOpts = {}): NodeInfo {
  return new NodeInfo(mkNode(id, o), 0);
}

function pipe(o: SpecOpts = {}, service = "web"): Pipeline {
  const p = new Pipeline();
  p.setTask(mkTask(service, 1, { spec: mkSpec(service, o) }));
  return p;
}

/** Puts a running task of `service` (with the given spec options) on the node. */
function place(n: NodeInfo, service: string, slot: number, o: SpecOpts = {}, desired: TaskState = "running"): void {
  const t = mkTask(service, slot, { nodeId: n.id, state: "running", desired, spec: mkSpec(service, o) });
  n.addTask(trackTask(t, false));
}

function hostPort(published: number, protocol: PortSpec["protocol"] = "tcp"): PortSpec {
  return { target: 80, published, protocol, mode: "host" };
}

describe("Pipeline: ready filter", () => {
  it("passes only ready, active nodes", () => {
    const p = pipe();
    expect(p.process(info("a"))).toBe(true);
    expect(p.process(info("b", { state: "down" }))).toBe(false);
    expect(p.process(info("c", { availability: "drain" }))).toBe(false);
    expect(p.process(info("d", { availability: "pause" }))).toBe(false);
    expect(p.explain()).toBe("3 nodes not available for new tasks");
  });

  it("uses the singular for one node", () => {
    const p = pipe();
    expect(p.process(info("b", { state: "down" }))).toBe(false);
    expect(p.explain()).toBe("1 node not available for new tasks");
  });

  it("explains nothing when no node failed", () => {
    const p = pipe();
    expect(p.explain()).toBe("");
    expect(p.process(info("a"))).toBe(true);
    expect(p.explain()).toBe("");
  });
});

describe("Pipeline: resources filter", () => {
  it("passes when the reservation fits exactly and fails one unit over", () => {
    const n = info("a", { nanoCpus: 2e9, memoryBytes: 4 * GIB });
    expect(pipe({ nanoCpus: 2e9 }).process(n)).toBe(true);
    expect(pipe({ memoryBytes: 4 * GIB }).process(n)).toBe(true);
    expect(pipe({ nanoCpus: 2e9, memoryBytes: 4 * GIB }).process(n)).toBe(true);
    expect(pipe({ nanoCpus: 2e9 + 1 }).process(n)).toBe(false);
    expect(pipe({ memoryBytes: 4 * GIB + 1 }).process(n)).toBe(false);
  });

  it("counts what placed tasks already reserve", () => {
    const n = info("a", { nanoCpus: 2e9, memoryBytes: 4 * GIB });
    place(n, "db", 1, { nanoCpus: 1e9, memoryBytes: 3 * GIB });
    expect(pipe({ memoryBytes: GIB }).process(n)).toBe(true);
    const p = pipe({ memoryBytes: GIB + 1 });
    expect(p.process(n)).toBe(false);
    expect(p.process(info("b", { memoryBytes: GIB }))).toBe(false);
    expect(p.explain()).toBe("insufficient resources on 2 nodes");
  });

  it("is not consulted without a reservation, even on an overcommitted node", () => {
    // The node shrank below what its tasks reserve: available resources are negative.
    const n = info("a", { nanoCpus: 4e9, memoryBytes: 8 * GIB });
    place(n, "db", 1, { nanoCpus: 3e9, memoryBytes: 6 * GIB });
    n.setNode(mkNode("a", { nanoCpus: 1e9, memoryBytes: 1 * GIB }));
    expect(n.availNanoCpus).toBeLessThan(0);
    expect(n.availMemoryBytes).toBeLessThan(0);
    expect(pipe().process(n)).toBe(true);
    expect(pipe({ nanoCpus: 1 }).process(n)).toBe(false);
    expect(pipe({ memoryBytes: 1 }).process(n)).toBe(false);
  });
});

describe("Pipeline: plugin filter", () => {
  it("always passes: a task with networks schedules, and a constraint failure is charged to the constraint filter", () => {
    const p = pipe({ networks: ["overlay1"], constraints: ["node.labels.zone==a"] });
    expect(p.process(info("a", { labels: { zone: "a" } }))).toBe(true);
    expect(p.process(info("b", { labels: { zone: "b" } }))).toBe(false);
    expect(p.explain()).toBe("scheduling constraints not satisfied on 1 node");
  });
});

describe("Pipeline: constraint filter", () => {
  it("applies the task's constraints", () => {
    const p = pipe({ constraints: ["node.labels.zone==a", "node.role==worker"] });
    expect(p.process(info("a", { labels: { zone: "a" } }))).toBe(true);
    expect(p.process(info("b", { labels: { zone: "a" }, role: "manager" }))).toBe(false);
    expect(p.process(info("c", { labels: { zone: "b" } }))).toBe(false);
    expect(p.explain()).toBe("scheduling constraints not satisfied on 2 nodes");
  });

  it("an unparsable constraint disables the filter", () => {
    const p = pipe({ constraints: ["node.labels.zone"] });
    expect(p.process(info("a", { labels: { zone: "b" } }))).toBe(true);
  });

  it("setTask replaces the previous task's constraints", () => {
    const p = pipe({ constraints: ["node.labels.zone==a"] });
    const b = info("b", { labels: { zone: "b" } });
    expect(p.process(b)).toBe(false);
    p.setTask(mkTask("web", 2, { spec: mkSpec("web") }));
    expect(p.process(b)).toBe(true);
    p.setTask(mkTask("web", 3, { spec: mkSpec("web", { constraints: ["node.labels.zone==b"] }) }));
    expect(p.process(b)).toBe(true);
    expect(p.process(info("a", { labels: { zone: "a" } }))).toBe(false);
  });
});

describe("Pipeline: platform filter", () => {
  it("normalises x86_64/aarch64 on both sides", () => {
    expect(pipe({ platforms: [{ os: "linux", arch: "amd64" }] }).process(info("a", { arch: "x86_64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "linux", arch: "x86_64" }] }).process(info("a", { arch: "amd64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "linux", arch: "arm64" }] }).process(info("a", { arch: "aarch64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "linux", arch: "aarch64" }] }).process(info("a", { arch: "arm64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "linux", arch: "arm64" }] }).process(info("a", { arch: "x86_64" }))).toBe(false);
  });

  it("an empty os or arch in the task's platform is a wildcard", () => {
    expect(pipe({ platforms: [{ os: "", arch: "amd64" }] }).process(info("a", { os: "windows", arch: "x86_64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "linux", arch: "" }] }).process(info("a", { os: "linux", arch: "s390x" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "", arch: "" }] }).process(info("a", { os: "linux", arch: "arm64" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "windows", arch: "" }] }).process(info("a", { os: "linux", arch: "arm64" }))).toBe(false);
  });

  it("passes when any listed platform matches", () => {
    const p = pipe({
      platforms: [
        { os: "windows", arch: "amd64" },
        { os: "linux", arch: "arm64" },
      ],
    });
    expect(p.process(info("a", { os: "linux", arch: "aarch64" }))).toBe(true);
    expect(p.process(info("b", { os: "linux", arch: "x86_64" }))).toBe(false);
    expect(p.explain()).toBe("unsupported platform on 1 node");
  });

  it("a node reporting no platform at all fails; one with only os or only arch is judged", () => {
    const any = pipe({ platforms: [{ os: "", arch: "" }] });
    expect(any.process(info("a", { os: "", arch: "" }))).toBe(false);
    expect(pipe({ platforms: [{ os: "linux", arch: "" }] }).process(info("b", { os: "linux", arch: "" }))).toBe(true);
    expect(pipe({ platforms: [{ os: "", arch: "amd64" }] }).process(info("c", { os: "", arch: "x86_64" }))).toBe(true);
  });

  it("no platforms listed: any node passes", () => {
    expect(pipe().process(info("a", { os: "", arch: "" }))).toBe(true);
  });
});

describe("Pipeline: host port filter", () => {
  it("fails a node where the host port/protocol is already published", () => {
    const n = info("a");
    place(n, "other", 1, { ports: [hostPort(8080)] });
    const p = pipe({ ports: [hostPort(8080)] });
    expect(p.process(n)).toBe(false);
    expect(p.process(info("b"))).toBe(true);
    expect(p.process(n)).toBe(false);
    expect(p.explain()).toBe("host-mode port already in use on 1 node");
    expect(pipe({ ports: [hostPort(8080, "udp")] }).process(n)).toBe(true);
    expect(pipe({ ports: [hostPort(8081)] }).process(n)).toBe(true);
  });

  it("ignores ingress ports and unpublished host ports", () => {
    const n = info("a");
    place(n, "other", 1, { ports: [hostPort(8080)] });
    expect(pipe({ ports: [{ target: 80, published: 8080, protocol: "tcp", mode: "ingress" }] }).process(n)).toBe(true);
    expect(pipe({ ports: [hostPort(0)] }).process(n)).toBe(true);
  });
});

describe("Pipeline: max replicas filter", () => {
  it("allows fewer active tasks of the service than the limit", () => {
    const n = info("a");
    const p = pipe({ maxReplicas: 2 }, "web");
    expect(p.process(n)).toBe(true);
    place(n, "web", 1);
    place(n, "other", 1);
    place(n, "other", 2);
    expect(p.process(n)).toBe(true);
    place(n, "web", 2);
    expect(p.process(n)).toBe(false);
    expect(p.explain()).toBe("max replicas per node limit exceed");
  });

  it("does not count tasks that are being shut down", () => {
    const n = info("a");
    place(n, "web", 1, {}, "shutdown");
    expect(pipe({ maxReplicas: 1 }, "web").process(n)).toBe(true);
  });

  it("0 means unlimited", () => {
    const n = info("a");
    for (let i = 1; i <= 5; i++) place(n, "web", i);
    expect(pipe({ maxReplicas: 0 }, "web").process(n)).toBe(true);
  });
});

describe("Pipeline: failure accounting and explanation", () => {
  it("charges a node to the first failing filter in pipeline order", () => {
    const p = pipe({ nanoCpus: 8e9, constraints: ["node.labels.zone==a"] });
    // Fails ready, resources and constraint: counted only as not available.
    expect(p.process(info("a", { state: "down", nanoCpus: 1e9 }))).toBe(false);
    expect(p.explain()).toBe("1 node not available for new tasks");
  });

  it("orders explanations by failure count, ties in pipeline order", () => {
    const p = pipe({ nanoCpus: 2e9, platforms: [{ os: "linux", arch: "" }] });
    p.process(info("w1", { os: "windows" }));
    p.process(info("small", { nanoCpus: 1e9 }));
    p.process(info("down", { state: "down" }));
    expect(p.explain()).toBe("1 node not available for new tasks; insufficient resources on 1 node; unsupported platform on 1 node");
    p.process(info("w2", { os: "windows" }));
    expect(p.explain()).toBe("unsupported platform on 2 nodes; 1 node not available for new tasks; insufficient resources on 1 node");
  });

  it("a passing node resets the counts; so does setTask", () => {
    const p = pipe();
    p.process(info("down", { state: "down" }));
    expect(p.explain()).not.toBe("");
    expect(p.process(info("ok"))).toBe(true);
    expect(p.explain()).toBe("");
    p.process(info("down", { state: "down" }));
    p.setTask(mkTask("web", 2, { spec: mkSpec("web") }));
    expect(p.explain()).toBe("");
  });

  it("a fresh pipeline (no task set) filters nothing", () => {
    const p = new Pipeline();
    expect(p.process(info("down", { state: "down", os: "", arch: "" }))).toBe(true);
    expect(p.explain()).toBe("");
  });
});
