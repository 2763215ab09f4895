// svc.convergence excuses a pending "no suitable node" task only while no eligible node has room
// for it: ready + active + up, matching its constraints, under max_replicas, and with capacity
// (node.info) minus the reservations held there (tasks assigned..running) ≥ its reservations.
// A node with room for longer than the bound while the task stays pending is moby-32999.
import { describe, expect, it } from "vitest";
import { MIN, SEC } from "../../kernel/types.ts";
import type { CheckerHarness } from "../testing.ts";
import type { ServiceChecker } from "./checker.ts";
import { CPU, type ClusterOpts, reserving, runTask, spec, swarm } from "./fixtures.ts";

const NO_ROOM = "no suitable node (insufficient resources on 2 nodes; scheduling constraints not satisfied on 1 node)";
const WORKERS_ONLY = { constraints: ["node.role==worker"], preferences: [], maxReplicas: 0, platforms: [] };

/** Workers w1 and w2 (2 CPUs each) are full with `filler` (2 × 2 CPUs); `big` (2 CPUs, workers only) is pending. */
function full(o: ClusterOpts = {}, bigOver: Parameters<typeof reserving>[2] = {}): { h: CheckerHarness<ServiceChecker>; pending: number } {
  const h = swarm(o);
  h.emit("service.spec", null, "filler", "replicated", 2, 1, reserving("filler", 2 * CPU, { replicas: 2, placement: WORKERS_ONLY }));
  h.emit("service.spec", null, "big", "replicated", 1, 1, reserving("big", 2 * CPU, { placement: WORKERS_ONLY, ...bigOver }));
  runTask(h, "filler", 1, 1, "w1");
  runTask(h, "filler", 2, 1, "w2");
  h.emit("task.state", null, "big.1.1", "big", 1, "pending", "running", null);
  const pending = h.emit("task.state", null, "big.1.1", "big", 1, "pending", "running", NO_ROOM);
  return { h, pending };
}

/** `docker service rm filler`: its tasks shut down, freeing both workers. */
function freeFiller(h: CheckerHarness<ServiceChecker>): void {
  h.advance(30 * SEC);
  h.emit("service.spec", null, "filler", "replicated", 0, 2, null);
  h.emit("task.state", "w1", "filler.1.1", "filler", 1, "running", "remove", null);
  h.emit("task.state", "w2", "filler.2.1", "filler", 2, "running", "remove", null);
  h.advance(100_000);
  h.emit("task.state", "w1", "filler.1.1", "filler", 1, "shutdown", "remove", null);
  h.emit("task.state", "w2", "filler.2.1", "filler", 2, "shutdown", "remove", null);
}

describe("svc.convergence: unschedulable tasks and free room", () => {
  it("excuses the pending task while every eligible node is full", () => {
    const { h } = full();
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
  });

  it("fires when a node has room for the bound and the task stays pending", () => {
    const { h, pending } = full();
    freeFiller(h);
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    const v = h.violations[0];
    expect(v.message).toContain("missing slot 1 (newest task big.1.1: pending");
    expect(v.message).toContain("although w1 has room for it");
    expect(v.witness).toEqual([pending]);
    expect(v.nodes).toEqual(["w1"]);
  });

  it("stays quiet when the scheduler places the task after the room appears, and before the bound", () => {
    const { h } = full();
    freeFiller(h);
    h.advance(SEC);
    runTask(h, "big", 1, 1, "w2");
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
    const early = full().h;
    freeFiller(early);
    early.finish(early.clock.now + 2 * MIN - SEC);
    expect(early.violations).toEqual([]);
  });

  it("excuses it again when other tasks take the room before the bound", () => {
    const { h } = full();
    freeFiller(h);
    h.advance(30 * SEC);
    // a new service takes both workers' CPUs (task events of another service only)
    h.emit("service.spec", null, "other", "replicated", 2, 1, reserving("other", 2 * CPU, { replicas: 2 }));
    runTask(h, "other", 1, 1, "w1");
    runTask(h, "other", 2, 1, "w2");
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
  });

  it("counts tasks desired shutdown as holding their reservation until they stop", () => {
    const { h } = full();
    h.advance(30 * SEC);
    h.emit("service.spec", null, "filler", "replicated", 0, 2, null);
    h.emit("task.state", "w1", "filler.1.1", "filler", 1, "running", "remove", null);
    h.emit("task.state", "w2", "filler.2.1", "filler", 2, "running", "remove", null);
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
  });

  it("requires a node that also matches the constraints, max_replicas and a known capacity", () => {
    // constraints: only w1 qualifies, and it stays full
    const c = swarm({ labels: { w1: { disk: "ssd" } } });
    c.emit("service.spec", null, "filler", "replicated", 1, 1, reserving("filler", 2 * CPU));
    c.emit("service.spec", null, "big", "replicated", 1, 1, reserving("big", 2 * CPU, { placement: { constraints: ["node.labels.disk==ssd"], preferences: [], maxReplicas: 0, platforms: [] } }));
    runTask(c, "filler", 1, 1, "w1");
    c.emit("task.state", null, "big.1.1", "big", 1, "pending", "running", "no suitable node (scheduling constraints not satisfied on 2 nodes; insufficient resources on 1 node)");
    c.finish(c.clock.now + 10 * MIN);
    expect(c.violations).toEqual([]);

    // unknown capacity: the checker cannot tell, so the task stays excused
    const u = full({ resources: { w1: null, w2: null } }).h;
    freeFiller(u);
    u.finish(u.clock.now + 10 * MIN);
    expect(u.violations).toEqual([]);

    // max_replicas 1 with a replica already on each node (no reservations involved)
    const m = swarm();
    const capped = spec("web", { replicas: 3, placement: { constraints: [], preferences: [], maxReplicas: 1, platforms: [] } });
    m.emit("service.spec", null, "web", "replicated", 3, 1, capped);
    runTask(m, "web", 1, 1, "w1");
    runTask(m, "web", 2, 1, "w2");
    runTask(m, "web", 3, 1, "m1");
    m.advance(SEC);
    m.emit("service.spec", null, "web", "replicated", 4, 2, { ...capped, replicas: 4 });
    m.emit("task.state", null, "web.4.1", "web", 4, "pending", "running", "no suitable node (max replicas per node limit exceed)");
    m.finish(m.clock.now + 10 * MIN);
    expect(m.violations).toEqual([]);
  });

  it("a task without reservations is unschedulable only while no eligible node exists", () => {
    const h = swarm({ workers: ["w1"] });
    h.emit("node.status", "w1", "ready", "drain", "worker", null);
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web", { placement: { constraints: ["node.role==worker"], preferences: [], maxReplicas: 0, platforms: [] } }));
    h.emit("task.state", null, "web.1.1", "web", 1, "pending", "running", "no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node)");
    h.advance(5 * MIN);
    h.emit("op.submit", null, 1, "docker node update --availability active w1", "m1", 0);
    h.emit("node.status", "w1", "ready", "active", "worker", null);
    h.emit("op.result", null, 1, true, null, null);
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    expect(h.violations[0].message).toContain("although w1 has room for it");
  });
});

describe("svc.convergence: unschedulable tasks of global services", () => {
  it("judges a preassigned task against its own node only", () => {
    // the agent task for w1 does not fit on w1 (full); w2 has room but w2 runs its own task
    const h = swarm();
    const agent = reserving("agent", CPU, { mode: "global", placement: WORKERS_ONLY });
    h.emit("service.spec", null, "filler", "replicated", 1, 1, reserving("filler", 2 * CPU));
    h.emit("service.spec", null, "agent", "global", 0, 1, agent);
    runTask(h, "filler", 1, 1, "w1");
    h.emit("task.state", "w2", "agent.w2.1", "agent", 0, "running", "running", null);
    h.emit("task.state", "w1", "agent.w1.1", "agent", 0, "pending", "running", "no suitable node (insufficient resources on 1 node)");
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);

    // once w1 is freed, the preassigned task must be placed there
    const f = swarm();
    f.emit("service.spec", null, "filler", "replicated", 1, 1, reserving("filler", 2 * CPU));
    f.emit("service.spec", null, "agent", "global", 0, 1, agent);
    runTask(f, "filler", 1, 1, "w1");
    f.emit("task.state", "w2", "agent.w2.1", "agent", 0, "running", "running", null);
    f.emit("task.state", "w1", "agent.w1.1", "agent", 0, "pending", "running", "no suitable node (insufficient resources on 1 node)");
    f.advance(10 * SEC);
    f.emit("task.state", "w1", "filler.1.1", "filler", 1, "failed", "running", "task: non-zero exit (1)");
    f.emit("task.state", "w1", "filler.1.1", "filler", 1, "failed", "shutdown", "task: non-zero exit (1)");
    f.emit("service.spec", null, "filler", "replicated", 0, 2, null);
    f.finish(f.clock.now + 2 * MIN + SEC);
    expect(f.ids).toEqual(["svc.convergence"]);
    expect(f.violations[0].message).toContain("node w1 (newest task agent.w1.1: pending");
    expect(f.violations[0].nodes).toEqual(["w1"]);
  });
});
