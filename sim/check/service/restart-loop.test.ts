// A slot whose task keeps exiting on its own (exit 0) under restart condition any is a restart
// loop: SwarmKit never holds it running, so svc.convergence excuses it like a crash loop —
// and stops excusing it once the loop ends.
import { describe, expect, it } from "vitest";
import { MIN, SEC } from "../../kernel/types.ts";
import { spec, swarm } from "./fixtures.ts";

function loop(h: ReturnType<typeof swarm>, cycles: number): void {
  for (let n = 1; n <= cycles; n++) {
    const id = `web.1.${n}`;
    h.emit("task.state", null, id, "web", 1, "pending", "running", null);
    h.emit("task.state", "w1", id, "web", 1, "assigned", "running", null);
    h.emit("task.state", "w1", id, "web", 1, "running", "running", null);
    h.advance(10 * SEC);
    h.emit("task.state", "w1", id, "web", 1, "complete", "running", null);
    h.emit("task.state", "w1", id, "web", 1, "complete", "shutdown", null);
    h.advance(8 * SEC);
  }
}

describe("svc.convergence and tasks that exit on their own", () => {
  it("excuses a slot in a restart loop of exit-0 tasks", () => {
    const h = swarm();
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    loop(h, 12); // 3.6 min of exit-and-restart
    h.finish(h.clock.now + 10 * SEC);
    expect(h.violations).toEqual([]);
  });

  it("fires once the loop stops and the slot stays empty past the bound", () => {
    const h = swarm();
    h.emit("service.spec", null, "web", "replicated", 1, 1, spec("web"));
    loop(h, 2);
    h.emit("task.state", null, "web.1.9", "web", 1, "pending", "running", null);
    h.emit("task.state", "w1", "web.1.9", "web", 1, "assigned", "running", null);
    // The excuse lasts a bound after the last exit; then the slot has a bound to fill.
    h.advance(2 * MIN);
    h.emit("task.state", "w1", "web.1.9", "web", 1, "accepted", "running", null);
    expect(h.violations).toEqual([]);
    h.advance(3 * MIN);
    h.emit("task.state", "w1", "web.1.9", "web", 1, "preparing", "running", null);
    expect(h.ids).toEqual(["svc.convergence"]);
  });
});
