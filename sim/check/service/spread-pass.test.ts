// svc.spread-at-placement judges a scheduling pass the way SwarmKit fills it (SWARM.md §4,
// scheduleNTasksOnNodes): nodes ordered by fewest tasks of the service, the first filled until the
// next compares better, never going back. A pass may therefore load a node well past one it filled
// earlier in the same pass, but never past an eligible node it has not reached.
//
// The false failure this guards against: `swarmsim check` on the dockercoins stack, seed 255, one
// entry `22.8s loss 80% on all links for 9516ms`. w1 and w2 went down, m2 was still unknown since
// the leader change, m1 held 5 worker tasks; the 5 replacements of w1's tasks went m3 ×1, w3 ×4 in
// one pass — exactly SwarmKit's fill for nodes holding 0, 0 and 5 — and the checker flagged the
// 4th task on w3 because m3 (already filled in that pass) had only 1.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../kernel/events.ts";
import { SEC } from "../../kernel/types.ts";
import { loadScenarioText } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";
import { CheckerHarness } from "../testing.ts";
import { ServiceChecker } from "./checker.ts";
import { serviceCheckConfig } from "./config.ts";
import { spec } from "./fixtures.ts";

const MANAGERS = ["m1", "m2", "m3"];
const WORKERS = ["w1", "w2", "w3"];
const SVC = "worker";

/** m1 leads; every node ready + active at t=0. */
function cluster(): CheckerHarness<ServiceChecker> {
  const cfg = serviceCheckConfig({ managers: MANAGERS, quietFromUs: null });
  const h = new CheckerHarness(new ServiceChecker(cfg), [...MANAGERS, ...WORKERS]);
  for (const n of [...MANAGERS, ...WORKERS]) {
    const role = MANAGERS.includes(n) ? "manager" : "worker";
    h.emit("node.status", n, "ready", "active", role, null);
    h.emit("node.info", n, n, "linux", "amd64", {}, {}, null);
  }
  for (const m of MANAGERS) h.emit("raft.role", m, m === "m1" ? "leader" : "follower", 1, "m1");
  return h;
}

function assign(h: CheckerHarness, slot: number, n: number, node: string, desired = "running"): number {
  return h.emit("task.state", node, `${SVC}.${slot}.${n}`, SVC, slot, "assigned", desired, null);
}

/**
 * The state before the replacement pass of seed 255: after a leader change only m1 and w1 were
 * ready when the 10 replicas were placed (5 each); m3, w2 and w3 came back ready a second later,
 * m2 stayed unknown (not eligible). Then w2 and w1 go down and w1's tasks are replaced by 5
 * pending tasks (desired ready: held by the restart delay, as the trace shows).
 */
function beforeReplacementPass(h: CheckerHarness<ServiceChecker>, m2: "unknown" | "ready" = "unknown"): void {
  h.at(10 * SEC);
  const unknown = 'Node moved to "unknown" state due to leadership change in cluster';
  for (const n of ["m2", "m3", "w2", "w3"]) h.emit("node.status", n, "unknown", "active", MANAGERS.includes(n) ? "manager" : "worker", unknown);
  h.emit("service.spec", null, SVC, "replicated", 10, 1, spec(SVC, { replicas: 10 }));
  for (let slot = 1; slot <= 10; slot++) {
    const node = slot % 2 === 1 ? "w1" : "m1";
    h.emit("task.state", null, `${SVC}.${slot}.1`, SVC, slot, "pending", "running", null);
    assign(h, slot, 1, node);
    h.emit("task.state", node, `${SVC}.${slot}.1`, SVC, slot, "running", "running", null);
  }
  h.at(12 * SEC);
  for (const n of m2 === "ready" ? ["m2", "m3", "w2", "w3"] : ["m3", "w2", "w3"]) {
    h.emit("node.status", n, "ready", "active", MANAGERS.includes(n) ? "manager" : "worker", null);
  }
  h.at(36 * SEC);
  h.emit("node.status", "w2", "down", "active", "worker", "heartbeat failure");
  h.emit("node.status", "w1", "down", "active", "worker", "heartbeat failure");
  for (const slot of [1, 3, 5, 7, 9]) {
    h.emit("task.state", "w1", `${SVC}.${slot}.1`, SVC, slot, "running", "shutdown", null);
    h.emit("task.state", null, `${SVC}.${slot}.2`, SVC, slot, "pending", "ready", null);
  }
  h.advance(50_000); // the scheduler's pass, 50 ms later: one store transaction, one instant
}

describe("svc.spread-at-placement judges a pass as SwarmKit fills it", () => {
  it("accepts SwarmKit's fill of nodes holding 0, 0 and 5: one task on the first, four on the second (seed 255)", () => {
    const h = cluster();
    beforeReplacementPass(h);
    assign(h, 1, 2, "m3", "ready");
    for (const slot of [3, 5, 7, 9]) assign(h, slot, 2, "w3", "ready");
    expect(h.violations).toEqual([]);
  });

  it("still fires when a pass loads a node past an eligible node it never reached", () => {
    const h = cluster();
    // m2 is ready here: m3 gets the first task, then w3 is loaded while m2 (0 tasks) gets none.
    beforeReplacementPass(h, "ready");
    assign(h, 1, 2, "m3", "ready");
    assign(h, 3, 2, "w3", "ready");
    assign(h, 5, 2, "w3", "ready");
    expect(h.violations).toEqual([]); // w3 had 1, m2 0: within the slack
    const bad = assign(h, 7, 2, "w3", "ready");
    expect(h.ids).toEqual(["svc.spread-at-placement"]);
    expect(h.violations[0].witness).toEqual([bad]);
    expect(h.violations[0].nodes).toEqual(["w3", "m2"]);
    expect(h.violations[0].message).toContain("got none of the tasks placed in this scheduling pass");
  });

  it("still fires when a whole pass goes to one node while another eligible node is emptier", () => {
    const h = cluster();
    beforeReplacementPass(h);
    assign(h, 1, 2, "w3", "ready");
    assign(h, 3, 2, "w3", "ready");
    const bad = assign(h, 5, 2, "w3", "ready"); // w3 had 2, m3 0
    expect(h.ids).toEqual(["svc.spread-at-placement"]);
    expect(h.violations[0].witness).toEqual([bad]);
    expect(h.violations[0].nodes).toEqual(["w3", "m3"]);
  });

  it("a node filled in an earlier pass counts again in the next one", () => {
    const h = cluster();
    beforeReplacementPass(h);
    assign(h, 1, 2, "m3", "ready");
    assign(h, 3, 2, "w3", "ready");
    h.advance(SEC); // a later pass: m3 (1 task) is no longer "filled in this pass"
    assign(h, 5, 2, "w3", "ready");
    expect(h.violations).toEqual([]); // w3 had 1
    const bad = assign(h, 7, 2, "w3", "ready"); // w3 had 2: not yet 1 + 2
    expect(h.violations).toEqual([]);
    h.advance(SEC);
    const worse = assign(h, 9, 2, "w3", "ready"); // w3 had 3, m3 1
    expect(bad).toBeLessThan(worse);
    expect(h.ids).toEqual(["svc.spread-at-placement"]);
    expect(h.violations[0].witness).toEqual([worse]);
    expect(h.violations[0].nodes).toEqual(["w3", "m3"]);
  });
});

// The shrunk failure of `swarmsim check --stack …/09-dockersamples-dockercoins.yml`, seed 255, as
// `swarmsim replay failure.json --save` wrote it (the stack inlined; expect set to pass).
const DOCKERCOINS_255 = `
name: dockercoins-loss-spread
seed: 255
duration: 168316ms
cluster:
  managers: 3
  workers: 3
network:
  latency:
    min: 500us
    max: 3ms
  loss: 0.02
  duplicate: 0.04
services:
  rng:
    image: 127.0.0.1:5000/rng:latest
    deploy:
      mode: global
  hasher:
    image: 127.0.0.1:5000/hasher:latest
    deploy:
      replicas: 7
      update_config:
        parallelism: 1
        delay: 5s
        failure_action: rollback
        monitor: 5s
        max_failure_ratio: 0.5
        order: stop-first
  webui:
    image: 127.0.0.1:5000/webui:latest
    ports:
      - target: 80
        published: 8000
        protocol: tcp
        mode: ingress
  redis:
    image: redis
  worker:
    image: 127.0.0.1:5000/worker:latest
    deploy:
      replicas: 10
timeline:
  - at: 22800ms
    loss:
      rate: 0.8
      for: 9516ms
expect:
  outcome: pass
  converge: 2m
`;

/** Per instant and service: how many tasks each node was assigned (first assignment only). */
function passes(events: readonly TraceEvent[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.type !== "task.state" || e.node === null || e.state !== "assigned" || seen.has(e.task)) continue;
    seen.add(e.task);
    const key = `${e.timeUs} ${e.service}`;
    const node = e.node;
    let m = out.get(key);
    if (m === undefined) {
      m = new Map();
      out.set(key, m);
    }
    m.set(node, (m.get(node) ?? 0) + 1);
  }
  return out;
}

describe("the dockercoins stack under 80% loss (check seed 255)", () => {
  it("passes, and its run still holds an uneven fill pass (not a vacuous pass)", () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const { scenario } = loadScenarioText(DOCKERCOINS_255, resolve(dir, "dockercoins-255.yml"), dir);
    const out = runScenario(scenario, { record: true });
    expect(out.result.violations.map((v) => v.message)).toEqual([]);
    expect(out.result.outcome).toBe("pass");
    // Some pass gave one node ≥ 3 more tasks of a service than another node of the same pass:
    // the shape the old checker called a violation.
    const uneven = [...passes(out.events ?? []).values()].filter((m) => m.size >= 2 && Math.max(...m.values()) - Math.min(...m.values()) >= 3);
    expect(uneven.length).toBeGreaterThan(0);
  });
});
