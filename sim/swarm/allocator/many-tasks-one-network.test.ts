// End to end: 200 replicas on ONE overlay network (the stack's default /24, 253 addresses)
// through worker crash/restart cycles and leader crashes. Each worker crash replaces its ~40
// tasks; before the fix their addresses stayed taken until the reaper deleted the tasks (and a
// new leader re-reserved every address in the store, dead tasks included), so the run stopped
// with "no available IP addresses" at 130 s. Now a task's addresses are freed once it is dead.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadScenarioText } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";
import { Pool } from "./ipam.ts";

const SCENARIO = `name: many-tasks-one-network
seed: 1
duration: 6m
cluster: { managers: 3, workers: 5 }
services:
  a: { image: "nginx:1.25", deploy: { replicas: 50 } }
  b: { image: "nginx:1.25", deploy: { replicas: 50 } }
  c: { image: "nginx:1.25", deploy: { replicas: 50 } }
  d: { image: "nginx:1.25", deploy: { replicas: 50 } }
timeline:
  - { at: 40s, crash: w1 }
  - { at: 70s, restart: w1 }
  - { at: 100s, crash: leader }
  - { at: 130s, restart: all }
  - { at: 160s, crash: w2 }
  - { at: 190s, restart: w2 }
  - { at: 220s, crash: leader }
  - { at: 250s, restart: all }
  - { at: 280s, crash: w3 }
  - { at: 310s, restart: w3 }
expect:
  outcome: pass
  reached:
    - event:node.crash>=5
    - leaderChanges>=3
    - taskState:a=shutdown
    - serviceRunning:a>=50
    - serviceRunning:d>=50
`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("many tasks on one overlay network", () => {
  it("survives worker and leader crash cycles without running out of addresses", () => {
    // Highest count of addresses in use on the overlay network over the whole run.
    let peak = 0;
    const allocate = Pool.prototype.allocate;
    vi.spyOn(Pool.prototype, "allocate").mockImplementation(function (this: Pool) {
      const addr = allocate.call(this);
      if (!this.ingress) peak = Math.max(peak, this.inUse);
      return addr;
    });
    const { scenario } = loadScenarioText(SCENARIO, "many-tasks-one-network.yml", ".");
    const r = runScenario(scenario).result;
    expect(r.error ?? null, "internal error").toBeNull();
    expect(r.outcome, r.violations[0]?.message ?? "no violation").toBe("pass");
    expect(r.reached.filter((c) => !c.ok)).toEqual([]);
    // 200 running tasks + 4 VIPs + at most one crashed worker's 40 tasks, which keep their
    // addresses (desired SHUTDOWN, still RUNNING as far as the store knows) until it returns.
    expect(peak).toBeGreaterThan(200);
    expect(peak).toBeLessThanOrEqual(244);
  });
});
