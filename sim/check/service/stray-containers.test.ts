// svc.convergence judges what workers really run (container.state): a container left running for a
// task that is desired past running, ended, or gone, on a node that is up, in the swarm and
// connected to the leader, is non-convergence once the bound has passed (swarmkit-562, moby#36553).
import { describe, expect, it } from "vitest";
import { MIN, SEC } from "../../kernel/types.ts";
import type { CheckerHarness } from "../testing.ts";
import type { ServiceChecker } from "./checker.ts";
import { runContainer, spec, swarm } from "./fixtures.ts";

/** web.1.1 runs on w1; w1's host crashes and comes back; the task is replaced on w1 (web.1.2). */
function rejoin(stopOld: boolean): { h: CheckerHarness<ServiceChecker>; oldRunning: number } {
  const h = swarm();
  h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
  const oldRunning = runContainer(h, "web", 1, 1, "w1");
  h.advance(30 * SEC);
  h.emit("node.crash", "w1", false, -1);
  h.advance(3 * SEC);
  h.emit("node.restart", "w1", -1);
  // the fixed agent reports the previous incarnation's containers gone
  if (stopOld) h.emit("container.state", "w1", "web.1.1", "web", 1, "shutdown");
  h.advance(SEC);
  h.emit("task.state", "w1", "web.1.1", "web", 1, "failed", "running", "task lost");
  h.emit("task.state", "w1", "web.1.1", "web", 1, "failed", "shutdown", "task lost");
  runContainer(h, "web", 1, 2, "w1");
  return { h, oldRunning };
}

describe("svc.convergence: stray containers", () => {
  it("fires when a restarted agent keeps the container of a task desired shutdown", () => {
    const { h, oldRunning } = rejoin(false);
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    const v = h.violations[0];
    expect(v.witness).toEqual([oldRunning]);
    expect(v.nodes).toEqual(["w1"]);
    expect(v.message).toContain("a container of task web.1.1 still runs on w1");
  });

  it("stays quiet when the agent stops it, and before the bound", () => {
    const { h } = rejoin(true);
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
    const early = rejoin(false).h;
    early.finish(early.clock.now + 2 * MIN - SEC);
    expect(early.violations).toEqual([]);
  });

  it("gives the agent the bound to stop a container once its task is desired shutdown", () => {
    const h = swarm();
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(h, "web", 1, 1, "w1");
    h.advance(10 * SEC);
    h.emit("service.spec", null, "web", "replicated", 0, 2, spec("web", { replicas: 0 }));
    h.emit("task.state", "w1", "web.1.1", "web", 1, "running", "shutdown", null);
    h.advance(100_000);
    h.emit("container.state", "w1", "web.1.1", "web", 1, "shutdown");
    h.emit("task.state", "w1", "web.1.1", "web", 1, "shutdown", "shutdown", null);
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
    // the same container left running is reported
    const bad = swarm();
    bad.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(bad, "web", 1, 1, "w1");
    bad.advance(10 * SEC);
    bad.emit("service.spec", null, "web", "replicated", 0, 2, spec("web", { replicas: 0 }));
    bad.emit("task.state", "w1", "web.1.1", "web", 1, "running", "shutdown", null);
    bad.finish(bad.clock.now + 2 * MIN + SEC);
    expect(bad.ids).toEqual(["svc.convergence"]);
    expect(bad.violations[0].message).toContain("running, desired shutdown");
  });

  it("fires for a removed service whose container keeps running, and for a task the store never had", () => {
    const h = swarm();
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(h, "web", 1, 1, "w1");
    h.advance(10 * SEC);
    h.emit("service.spec", null, "web", "replicated", 0, 2, null);
    h.emit("task.state", "w1", "web.1.1", "web", 1, "running", "remove", null);
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);

    const u = swarm();
    u.emit("service.spec", null, "web", "replicated", 0, 1, spec("web", { replicas: 0 }));
    u.emit("container.state", "w2", "web.9.1", "web", 9, "running");
    u.finish(2 * MIN + SEC);
    expect(u.ids).toEqual(["svc.convergence"]);
    expect(u.violations[0].message).toContain("gone from the store or ended");
  });

  it("does not judge containers on nodes that are crashed, paused, removed or cut off from the leader", () => {
    const crashed = swarm();
    crashed.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(crashed, "web", 1, 1, "w1");
    crashed.advance(10 * SEC);
    crashed.emit("node.crash", "w1", false, -1);
    crashed.advance(10 * SEC);
    crashed.emit("node.status", "w1", "down", "active", "worker", "heartbeat failure");
    crashed.emit("task.state", "w1", "web.1.1", "web", 1, "running", "shutdown", null);
    crashed.emit("task.state", "w1", "web.1.1", "web", 1, "orphaned", "shutdown", null);
    crashed.emit("task.state", null, "web.1.2", "web", 1, "pending", "running", null);
    crashed.emit("task.state", "w2", "web.1.2", "web", 1, "running", "running", null);
    crashed.finish(crashed.clock.now + 10 * MIN);
    expect(crashed.violations).toEqual([]);

    const removed = swarm();
    removed.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(removed, "web", 1, 1, "w1");
    removed.advance(10 * SEC);
    removed.emit("node.status", "w1", "removed", "active", "worker", "node removed from the swarm");
    removed.emit("task.state", "w1", "web.1.1", "web", 1, "orphaned", "running", null);
    removed.emit("task.state", "w1", "web.1.1", "web", 1, "orphaned", "shutdown", null);
    removed.emit("task.state", null, "web.1.2", "web", 1, "pending", "running", null);
    removed.emit("task.state", "w2", "web.1.2", "web", 1, "running", "running", null);
    removed.finish(removed.clock.now + 10 * MIN);
    expect(removed.violations).toEqual([]);

    // cut off from the leader by a partition that never heals (quiet never comes: not judged either way)
    const cut = swarm({ quietFromUs: null });
    cut.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runContainer(cut, "web", 1, 1, "w1");
    cut.advance(10 * SEC);
    cut.emit("net.partition", null, "isolate:w1", [["w1"], ["m1", "w2"]], [], -1);
    cut.emit("task.state", "w1", "web.1.1", "web", 1, "running", "shutdown", null);
    cut.finish(cut.clock.now + 10 * MIN);
    expect(cut.violations).toEqual([]);
  });
});
