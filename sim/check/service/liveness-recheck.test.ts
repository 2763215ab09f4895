// svc.convergence excuses a slot for convergeUs after a task failure (a crash-looping workload).
// The excuse ends by itself, with no event to re-settle the service: the checker must still judge
// the slot afterwards (found by scenarios/swarm/moby-35109-leader-flapping.yml, where a lost
// assignment left a replacement READY forever right after its predecessor failed).
import { describe, expect, it } from "vitest";
import { MIN, SEC } from "../../kernel/types.ts";
import { CheckerHarness } from "../testing.ts";
import { ServiceChecker } from "./checker.ts";
import { serviceCheckConfig } from "./config.ts";
import { spec } from "./fixtures.ts";


function failedThenStuck(): CheckerHarness<ServiceChecker> {
  const managers = ["m1"];
  const h = new CheckerHarness(new ServiceChecker(serviceCheckConfig({ managers, quietFromUs: 0 })), ["m1", "w1"]);
  for (const n of ["m1", "w1"]) {
    h.emit("node.status", n, "ready", "active", n === "m1" ? "manager" : "worker", null);
    h.emit("node.info", n, n, "linux", "amd64", {}, {}, null);
  }
  h.emit("raft.role", "m1", "leader", 1, "m1");
  h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
  h.emit("task.state", null, "web.1.1", "web", 1, "pending", "running", null);
  h.emit("task.state", "w1", "web.1.1", "web", 1, "assigned", "running", null);
  h.emit("task.state", "w1", "web.1.1", "web", 1, "running", "running", null);
  h.advance(10 * SEC);
  h.emit("task.state", "w1", "web.1.1", "web", 1, "failed", "running", "task: non-zero exit (1)");
  h.emit("task.state", "w1", "web.1.1", "web", 1, "failed", "shutdown", "task: non-zero exit (1)");
  h.emit("task.state", null, "web.1.2", "web", 1, "pending", "ready", null);
  h.emit("task.state", "w1", "web.1.2", "web", 1, "assigned", "ready", null);
  h.emit("task.state", "w1", "web.1.2", "web", 1, "ready", "running", null);
  return h;
}

describe("svc.convergence after a failure excuse expires", () => {
  it("fires at finish although no event followed the expiry", () => {
    const h = failedThenStuck();
    h.finish(h.clock.now + 4 * MIN + SEC);
    expect(h.ids).toEqual(["svc.convergence"]);
    expect(h.violations[0].message).toContain("0 of 1 replicas running");
  });

  it("stays quiet before the excuse plus the bound have passed, and once the replacement runs", () => {
    const h = failedThenStuck();
    h.finish(h.clock.now + 4 * MIN - SEC);
    expect(h.violations).toEqual([]);
    const ok = failedThenStuck();
    ok.advance(3 * MIN);
    ok.emit("task.state", "w1", "web.1.2", "web", 1, "running", "running", null);
    ok.finish(ok.clock.now + 10 * MIN);
    expect(ok.violations).toEqual([]);
  });
});
