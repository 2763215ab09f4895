// svc.convergence and nodes that are gone (moby-37320, ghost tasks): a task the store still holds
// (assigned..running) on a removed node, or on a node down for 24 h, must become ORPHANED within
// the bound; and a task "running" on a node the store lists as down or removed is no replica.
import { describe, expect, it } from "vitest";
import { HOUR, MIN, SEC } from "../../kernel/types.ts";
import type { CheckerHarness } from "../testing.ts";
import type { ServiceChecker } from "./checker.ts";
import { runTask, spec, swarm } from "./fixtures.ts";
import { ORPHAN_DOWN_US } from "./liveness-rules.ts";

/** web (2 replicas) on w1 and w2; w2's host dies, goes DOWN, and slot 2 is replaced on w3. */
function w2Down(): { h: CheckerHarness<ServiceChecker>; stale: number } {
  const h = swarm({ workers: ["w1", "w2", "w3"] });
  h.emit("service.spec", null, "web", "replicated", 2, 1, spec("web", { replicas: 2 }));
  runTask(h, "web", 1, 1, "w1");
  runTask(h, "web", 2, 1, "w2");
  h.advance(30 * SEC);
  h.emit("node.crash", "w2", false, -1);
  h.advance(10 * SEC);
  h.emit("node.status", "w2", "down", "active", "worker", "heartbeat failure");
  const stale = h.emit("task.state", "w2", "web.2.1", "web", 2, "running", "shutdown", null);
  runTask(h, "web", 2, 2, "w3");
  return { h, stale };
}

/** Then `docker node rm w2`; the fixed control API orphans its tasks in the same transaction. */
function removeW2(h: CheckerHarness<ServiceChecker>, orphan: boolean): void {
  h.advance(30 * SEC);
  h.emit("op.submit", null, 1, "docker node rm w2", "m1", 0);
  h.advance(10_000);
  h.emit("node.status", "w2", "removed", "active", "worker", "node removed from the swarm");
  if (orphan) h.emit("task.state", "w2", "web.2.1", "web", 2, "orphaned", "shutdown", null);
  h.emit("op.result", null, 1, true, null, null);
}

describe("svc.convergence: tasks on removed or long-down nodes", () => {
  it("fires when a removed node's task stays running in the store", () => {
    const { h, stale } = w2Down();
    removeW2(h, false);
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    const v = h.violations[0];
    expect(v.witness).toEqual([stale]);
    expect(v.nodes).toEqual(["w2"]);
    expect(v.message).toContain("task web.2.1 is still running (desired shutdown) in the store on w2, which was removed");
  });

  it("stays quiet when the removal orphans the task, and before the bound", () => {
    const { h } = w2Down();
    removeW2(h, true);
    h.finish(h.clock.now + 10 * MIN);
    expect(h.violations).toEqual([]);
    const early = w2Down().h;
    removeW2(early, false);
    early.finish(early.clock.now + 2 * MIN - SEC);
    expect(early.violations).toEqual([]);
  });

  it("fires 24 h plus the bound after a node went down if its tasks were never orphaned", () => {
    const { h, stale } = w2Down();
    const downUs = h.clock.now;
    h.finish(downUs + ORPHAN_DOWN_US + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    expect(h.violations[0].witness).toEqual([stale]);
    expect(h.violations[0].message).toContain("which was down since");

    const early = w2Down().h;
    early.finish(downUs + ORPHAN_DOWN_US + 2 * MIN - SEC);
    expect(early.violations).toEqual([]);

    const orphaned = w2Down().h;
    orphaned.at(downUs + ORPHAN_DOWN_US);
    orphaned.emit("task.state", "w2", "web.2.1", "web", 2, "orphaned", "shutdown", null);
    orphaned.finish(downUs + ORPHAN_DOWN_US + 10 * MIN);
    expect(orphaned.violations).toEqual([]);
  });

  it("restarts the 24 h at a leader change, as SwarmKit's new dispatcher does", () => {
    const { h } = w2Down();
    const downUs = h.clock.now;
    h.at(downUs + 12 * HOUR);
    h.emit("raft.role", "m1", "leader", 2, "m1");
    h.advance(SEC);
    h.emit("task.state", "w1", "web.1.1", "web", 1, "running", "running", null);
    h.at(downUs + ORPHAN_DOWN_US + 10 * MIN);
    h.emit("task.state", "w1", "web.1.1", "web", 1, "running", "running", null);
    expect(h.violations).toEqual([]);
    h.finish(downUs + 12 * HOUR + ORPHAN_DOWN_US + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
  });

  it("does not count a task running on a node the store lists as down as a replica", () => {
    const h = swarm();
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runTask(h, "web", 1, 1, "w1");
    h.advance(10 * SEC);
    // the world still runs w1, but the store marked it down and nothing replaced the task
    const down = h.emit("node.status", "w1", "down", "active", "worker", "heartbeat failure");
    h.finish(h.clock.now + 2 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    expect(h.violations[0].message).toContain("0 of 1 replicas running");
    expect(h.violations[0].witness.every((s) => s < down)).toBe(true);

    // back to ready within the bound: converged again
    const ok = swarm();
    ok.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    runTask(ok, "web", 1, 1, "w1");
    ok.advance(10 * SEC);
    ok.emit("node.status", "w1", "down", "active", "worker", "heartbeat failure");
    ok.advance(20 * SEC);
    ok.emit("node.status", "w1", "ready", "active", "worker", null);
    ok.finish(ok.clock.now + 10 * MIN);
    expect(ok.violations).toEqual([]);
  });
});
