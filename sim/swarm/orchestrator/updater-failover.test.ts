// A new leader takes up an update its predecessor left started: every slot was replaced and the
// old leader crashed during the final monitor wait, so no task is outdated; SwarmKit's updater,
// run for every service when the orchestrator starts, completes it at once.
import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../kernel/events.ts";
import { loadScenarioText } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";

const SCENARIO = `name: update-failover
duration: 5m
cluster: { managers: 3, workers: 2 }
services:
  web:
    image: nginx:1.25
    deploy:
      replicas: 2
      update_config: { parallelism: 2, monitor: 60s }
timeline:
  - { at: 40s, run: "docker service update --image nginx:1.26 web" }
  - { at: 60s, crash: leader }
`;

describe("rolling updater across a leader change", () => {
  it("completes, on the new leader, an update left in its final monitor wait", () => {
    const out = runScenario(loadScenarioText(SCENARIO, "update-failover.yml", ".").scenario, { record: true });
    const ev = out.events as TraceEvent[];
    const updates = ev.filter((e): e is Extract<TraceEvent, { type: "service.update" }> => e.type === "service.update");
    expect(updates.map((e) => e.state)).toEqual(["updating", "completed"]);
    const crash = ev.find((e) => e.type === "node.crash")!;
    const newLeader = ev.find((e) => e.type === "raft.role" && e.role === "leader" && e.timeUs > crash.timeUs)!;
    // Completed by the new leader, as soon as it leads (not by the crashed one's monitor timer).
    expect(updates[1].timeUs).toBeGreaterThan(newLeader.timeUs);
    expect(updates[1].timeUs - newLeader.timeUs).toBeLessThan(1_000_000);
  });
});
