import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../kernel/events.ts";
import { SEC } from "../kernel/types.ts";
import type { OpResult } from "./controlapi/messages.ts";
import type { Operation } from "./spec.ts";
import { nodeSpec, serviceSpec, type TestCluster, testCluster } from "./testing/fixtures.ts";

function op(c: TestCluster, on: string, o: Operation): () => OpResult | null {
  let res: OpResult | null = null;
  c.proc(on).submitOperation(o, 1, (r) => {
    res = r;
  });
  return () => res;
}

const live = (c: TestCluster, service: string) =>
  c
    .proc("m1")
    .finalState()!
    .tasks.filter((t) => t.service === service && t.state === "running" && t.desiredState === "running");

/** Ids of the tasks of `service` created so far, in creation order (from task.state events). */
const created = (c: TestCluster, service: string) =>
  c.events.filter((e): e is Extract<TraceEvent, { type: "task.state" }> => e.type === "task.state" && e.service === service && e.state === "new").map((e) => e.task);

const cluster = (extra: Parameters<typeof testCluster>[0] = { nodes: [] }) =>
  testCluster({
    ...extra,
    nodes: extra.nodes.length > 0 ? extra.nodes : [nodeSpec("m1", "manager"), nodeSpec("w1", "worker", { storage: "ssd" }), nodeSpec("w2", "worker"), nodeSpec("w3", "worker")],
  });

/** `web` (update failure_action rollback) updated at 10s to an image whose tasks never start. */
function updatedToFailingImage(replicas: number): TestCluster {
  const upd = { parallelism: 1, delayUs: 0, failureAction: "rollback" as const, monitorUs: 5 * SEC, maxFailureRatio: 0, order: "stop-first" as const };
  const c = cluster({
    nodes: [],
    services: [serviceSpec("web", { replicas, updateConfig: upd })],
    behaviours: { "web:bad": { startupUs: 1 * SEC, exitAfterUs: null, exitCode: 0, failStart: 1, unhealthyAfterUs: null } },
  });
  c.run(10 * SEC);
  op(c, "m1", { verb: "service.update", service: "web", update: { image: "web:bad" } });
  return c;
}

describe("control API and orchestration (instant raft)", () => {
  it("creates, scales and removes a service; errors use SwarmKit's texts", () => {
    const c = cluster();
    c.run(1 * SEC);
    const created = op(c, "m1", { verb: "service.create", spec: serviceSpec("api", { replicas: 2 }) });
    c.run(8 * SEC);
    expect(created()?.ok).toBe(true);
    expect(live(c, "api").length).toBe(2);
    op(c, "m1", { verb: "service.scale", scales: [{ service: "api", replicas: 4 }] });
    c.run(16 * SEC);
    expect(live(c, "api").map((t) => t.slot).sort()).toEqual([1, 2, 3, 4]);
    const missing = op(c, "m1", { verb: "service.scale", scales: [{ service: "nope", replicas: 1 }] });
    const badConstraint = op(c, "m1", { verb: "service.create", spec: serviceSpec("bad", { placement: { constraints: ["node.labels.x"], preferences: [], maxReplicas: 0, platforms: [] } }) });
    const job = op(c, "m1", { verb: "service.create", spec: serviceSpec("job", { mode: "replicated-job" }) });
    const demoteLast = op(c, "m1", { verb: "node.demote", nodes: ["m1"] });
    c.run(17 * SEC);
    expect(missing()).toEqual({ ok: false, error: "service nope not found", output: null });
    expect(badConstraint()?.error).toBe("constraint expected one operator from ==, !=");
    expect(job()?.ok).toBe(false);
    expect(demoteLast()?.error).toBe("attempting to demote the last manager of the swarm");
    op(c, "m1", { verb: "service.rm", services: ["api"] });
    c.run(25 * SEC);
    expect(c.proc("m1").finalState()!.tasks.filter((t) => t.service === "api").length).toBe(0);
  });

  it("drain moves replicated tasks off the node without waiting", () => {
    const c = cluster({ nodes: [], services: [serviceSpec("web", { replicas: 3 })] });
    c.run(10 * SEC);
    const victim = live(c, "web").find((t) => t.node !== "m1")!.node!;
    op(c, "m1", { verb: "node.update", node: victim, availability: "drain", labelAdd: {}, labelRm: [] });
    c.run(20 * SEC);
    const r = live(c, "web");
    expect(r.length).toBe(3);
    expect(r.some((t) => t.node === victim)).toBe(false);
    expect(c.proc("m1").finalState()!.nodes.find((n) => n.name === victim)!.availability).toBe("drain");
  });

  it("honours node.labels.storage==ssd", () => {
    const c = cluster({
      nodes: [],
      services: [serviceSpec("db", { replicas: 2, placement: { constraints: ["node.labels.storage==ssd"], preferences: [], maxReplicas: 0, platforms: [] } })],
    });
    c.run(10 * SEC);
    const r = live(c, "db");
    expect(r.length).toBe(2);
    expect(r.every((t) => t.node === "w1")).toBe(true);
  });

  it("runs a global service on a late joiner, and rejects a stale join token", () => {
    const c = testCluster({
      nodes: [nodeSpec("m1", "manager"), nodeSpec("w1", "worker"), nodeSpec("w2", "worker", {}, true), nodeSpec("w3", "worker", {}, true)],
      services: [serviceSpec("agent", { mode: "global" })],
    });
    c.run(5 * SEC);
    expect(live(c, "agent").length).toBe(2);
    const rotate = op(c, "m1", { verb: "swarm.join-token", role: "worker", rotate: true });
    c.run(6 * SEC);
    expect(rotate()?.ok).toBe(true);
    const stale = op(c, "w3", { verb: "swarm.join", token: "worker:1" });
    const good = op(c, "w2", { verb: "swarm.join", token: "worker" });
    c.run(15 * SEC);
    expect(stale()?.error).toBe("A valid join token is necessary to join this cluster");
    expect(good()?.ok).toBe(true);
    const r = live(c, "agent");
    expect(r.map((t) => t.node).sort()).toEqual(["m1", "w1", "w2"]);
  });

  it("promotes a worker into raft and demotes it again", () => {
    const c = cluster();
    c.run(5 * SEC);
    const p = op(c, "m1", { verb: "node.promote", nodes: ["w1"] });
    c.run(20 * SEC);
    expect(p()?.ok).toBe(true);
    expect(c.group!.members).toContain(c.ix("w1"));
    expect(c.proc("w1").manager).not.toBeNull();
    expect(c.proc("m1").finalState()!.nodes.find((n) => n.name === "w1")!.role).toBe("manager");
    const d = op(c, "m1", { verb: "node.demote", nodes: ["w1"] });
    c.run(40 * SEC);
    expect(d()?.ok).toBe(true);
    expect(c.group!.members).not.toContain(c.ix("w1"));
    expect(c.proc("w1").manager).toBeNull();
    expect(c.proc("m1").finalState()!.nodes.find((n) => n.name === "w1")!.role).toBe("worker");
  });

  it("rolls back an update whose image fails to start", () => {
    const c = updatedToFailingImage(3);
    c.run(120 * SEC);
    const updates = c.events.filter((e): e is Extract<TraceEvent, { type: "service.update" }> => e.type === "service.update").map((e) => e.state);
    expect(updates).toEqual(["updating", "rollback_started", "rollback_completed"]);
    const st = c.proc("m1").finalState()!;
    const r = live(c, "web");
    expect(r.length).toBe(3);
    expect(st.services.find((s) => s.name === "web")!.running).toBe(3);
    const images = c.events.filter((e) => e.type === "service.spec").map((e) => (e as { spec: { image: string } }).spec.image);
    expect(images.at(-1)).toBe("nginx:1.25");
    // Only slot 1 got the failing image; the rollback leaves slots 2 and 3 running their first tasks.
    expect(created(c, "web")).toEqual(["web.1.1", "web.2.1", "web.3.1", "web.1.2", "web.1.3"]);
    // The updater names the task whose failure triggered the rollback.
    const started = c.events.find((e) => e.type === "service.update" && e.state === "rollback_started") as { message: string };
    expect(started.message).toBe("update rolled back due to failure or early termination of task web.1.2");
  });

  it("restarts no task for a change outside the task template (labels, update config), nor for a constraint the nodes meet", () => {
    const c = cluster({ nodes: [], services: [serviceSpec("web", { replicas: 3 })] });
    c.run(10 * SEC);
    expect(created(c, "web")).toEqual(["web.1.1", "web.2.1", "web.3.1"]);
    op(c, "m1", { verb: "service.update", service: "web", update: { labelAdd: { team: "a" } } });
    c.run(20 * SEC);
    op(c, "m1", { verb: "service.update", service: "web", update: { update: { parallelism: 2 } } });
    c.run(30 * SEC);
    op(c, "m1", { verb: "service.update", service: "web", update: { constraintAdd: ["node.role!=nosuchrole"] } });
    c.run(40 * SEC);
    expect(created(c, "web")).toHaveLength(3);
    // A constraint one node no longer meets moves only that node's task.
    const onW1 = live(c, "web").filter((t) => t.node === "w1");
    expect(onW1).toHaveLength(1);
    op(c, "m1", { verb: "service.update", service: "web", update: { constraintAdd: ["node.hostname!=w1"] } });
    c.run(60 * SEC);
    expect(created(c, "web")).toEqual(["web.1.1", "web.2.1", "web.3.1", `web.${onW1[0].slot}.2`]);
    const after = live(c, "web");
    expect(after).toHaveLength(3);
    expect(after.some((t) => t.node === "w1")).toBe(false);
    // An image change still replaces every task.
    op(c, "m1", { verb: "service.update", service: "web", update: { image: "nginx:1.26" } });
    c.run(120 * SEC);
    expect(created(c, "web")).toHaveLength(7);
    expect(live(c, "web")).toHaveLength(3);
  });

  it("keeps the spec before every update, a scale too: rollback after a scale undoes the scale", () => {
    const c = cluster({ nodes: [], services: [serviceSpec("web", { replicas: 2 })] });
    c.run(10 * SEC);
    op(c, "m1", { verb: "service.update", service: "web", update: { image: "nginx:1.26" } });
    c.run(40 * SEC);
    op(c, "m1", { verb: "service.scale", scales: [{ service: "web", replicas: 4 }] });
    c.run(50 * SEC);
    const rb = op(c, "m1", { verb: "service.rollback", service: "web" });
    c.run(70 * SEC);
    expect(rb()?.ok).toBe(true);
    const spec = c.events.filter((e) => e.type === "service.spec").at(-1) as unknown as { spec: { image: string; replicas: number } };
    expect([spec.spec.image, spec.spec.replicas]).toEqual(["nginx:1.26", 2]);
    expect(live(c, "web").map((t) => t.slot).sort()).toEqual([1, 2]);
    const states = c.events.filter((e): e is Extract<TraceEvent, { type: "service.update" }> => e.type === "service.update").map((e) => e.state);
    expect(states.slice(-2)).toEqual(["rollback_started", "rollback_completed"]);
  });

  it("an automatic rollback forgets the failed spec: it is never rolled back again", () => {
    const c = updatedToFailingImage(2);
    c.run(60 * SEC);
    const again = op(c, "m1", { verb: "service.rollback", service: "web" });
    c.run(61 * SEC);
    expect(again()).toEqual({ ok: false, error: "service web does not have a previous spec", output: null });
  });
});
