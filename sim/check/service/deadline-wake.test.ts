// A deadline is judged when it passes, not at whichever event the checker reads next: the
// min-running floor of the docs-9917 scenario breaks when its 3 s grace runs out (drain at 40 s),
// though the next task event comes only when the replacements start, seconds later.
import { describe, expect, it } from "vitest";
import { SEC } from "../../kernel/types.ts";
import { loadScenarioFile } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";
import { CheckerHarness } from "../testing.ts";
import { ServiceChecker } from "./checker.ts";
import { serviceCheckConfig } from "./config.ts";
import { spec } from "./fixtures.ts";

const FILE = new URL("../../../scenarios/swarm/docker-docs-9917-drain-downtime.yml", import.meta.url).pathname;

describe("service checker: deadlines", () => {
  it("reports svc.min-running the moment the grace is over", () => {
    const { scenario } = loadScenarioFile(FILE);
    const r = runScenario(scenario, { record: true });
    const v = r.result.violations[0];
    expect(v.invariant).toBe("svc.min-running");
    expect(v.timeUs).toBe(43 * SEC + 1);
    expect(v.message).toContain("from 40s to 43.000001s");
    // The wake-up adds no trace event: the violation follows the last event before it.
    const before = r.events!.filter((e) => e.timeUs < 43 * SEC + 1);
    expect(v.event).toBe(before.at(-1)!.seq + 1);
  });

  it("changes nothing before the deadline: the same trace up to it as without the floor", () => {
    const { scenario } = loadScenarioFile(FILE);
    const free = runScenario({ ...scenario, expect: { ...scenario.expect, minRunning: [], outcome: "pass" } }, { record: true });
    const floored = runScenario(scenario, { record: true });
    const n = floored.result.violations[0].event - 1;
    expect(JSON.stringify(floored.events!.slice(0, n))).toBe(JSON.stringify(free.events!.slice(0, n)));
  });
});

describe("service checker: deadlines asked for while another wake-up is pending", () => {
  it("a floor that dips, recovers and dips again within one grace is judged at the second deadline", () => {
    const managers = ["m1", "m2", "m3"];
    const workers = ["w1", "w2", "w3"];
    const cfg = serviceCheckConfig({ managers, minRunning: [{ service: "web", min: 2, whileDownAtMost: 1, graceUs: 3 * SEC }], quietFromUs: null });
    // A harness whose context queues wake-ups and fires them as the clock moves.
    const wakes: { t: number; fn: () => void }[] = [];
    const h = new CheckerHarness({ ids: [], attach() {} }, [...managers, ...workers]);
    (h.ctx as { wakeAt?: (t: number, fn: () => void) => void }).wakeAt = (t, fn) => {
      wakes.push({ t, fn });
      wakes.sort((a, b) => a.t - b.t);
    };
    new ServiceChecker(cfg).attach(h.ctx);
    const advanceTo = (t: number) => {
      while (wakes.length > 0 && wakes[0].t <= t) {
        const w = wakes.shift()!;
        h.at(w.t);
        w.fn();
      }
      h.at(t);
    };
    for (const n of [...managers, ...workers]) {
      h.emit("node.status", n, "ready", "active", managers.includes(n) ? "manager" : "worker", null);
      h.emit("node.info", n, n, "linux", "amd64", {}, {}, null);
    }
    for (const m of managers) h.emit("raft.role", m, m === "m1" ? "leader" : "follower", 1, "m1");
    h.emit("service.spec", null, "web", "replicated", 2, 1, spec("web", { replicas: 2 }));
    const run = (slot: number, n: number, node: string) => {
      const id = `web.${slot}.${n}`;
      h.emit("task.state", null, id, "web", slot, "pending", "running", null);
      h.emit("task.state", node, id, "web", slot, "assigned", "running", null);
      h.emit("task.state", node, id, "web", slot, "running", "running", null);
    };
    run(1, 1, "w1");
    run(2, 1, "w2");
    advanceTo(40 * SEC);
    h.emit("task.state", "w1", "web.1.1", "web", 1, "failed", "running", null); // below from 40s: deadline 43s
    advanceTo(41 * SEC);
    run(1, 2, "w3"); // back at 41s
    advanceTo(41.5 * SEC);
    h.emit("task.state", "w3", "web.1.2", "web", 1, "failed", "running", null); // below again: deadline 44.5s
    advanceTo(41.6 * SEC);
    h.emit("node.status", "w2", "ready", "active", "worker", null);
    advanceTo(60 * SEC);
    expect(h.violations.map((v) => [v.invariant, v.timeUs])).toEqual([["svc.min-running", 44.5 * SEC + 1]]);
  });
});
