// `reached` counters agree with the trace they summarise (they count through positional
// listeners, so no event object is built for them).
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "./load.ts";
import { runScenario } from "./runner.ts";

const YAML = `
name: counters
duration: 40s
cluster: { managers: 3 }
network: { loss: 0.1 }
expect:
  outcome: pass
  reached: ["messages:raft.heartbeat>=10", "dropped:loss>=1", "elections>=1", "leaderChanges>=1"]
`;

describe("reached counters", () => {
  it("count exactly what the recorded trace holds", () => {
    const { scenario } = loadScenarioText(YAML, "counters.yml", ".");
    const out = runScenario(scenario, { record: true });
    const events = out.events ?? [];
    const heartbeats = events.filter((e) => e.type === "msg.send" && e.kind === "raft.heartbeat").length;
    const lost = events.filter((e) => e.type === "msg.drop" && e.reason === "loss").length;
    const elections = events.filter((e) => e.type === "raft.role" && e.role === "candidate").length;
    const leaders = events.filter((e) => e.type === "raft.role" && e.role === "leader").length;
    expect(out.result.reached.map((r) => r.observed)).toEqual([
      `messages(raft.heartbeat) = ${heartbeats}`,
      `dropped(loss) = ${lost}`,
      `elections = ${elections}`,
      `leaderChanges = ${leaders}`,
    ]);
    expect(heartbeats).toBeGreaterThan(10);
    expect(lost).toBeGreaterThan(0);
    // Recording or not, the counts are the same.
    expect(runScenario(scenario).result.reached).toEqual(out.result.reached);
  });
});

describe("nodeRole in a Raft-only scenario", () => {
  it("sees managers through raft.role, since no node.status is traced without the Swarm layer", () => {
    const { scenario } = loadScenarioText(
      'name: roles\nduration: 1m\ncluster: { managers: 3 }\nexpect:\n  reached: ["nodeRole:m1=manager", "nodeRole:m3=manager", "nodeRole:m2=worker"]\n',
      "roles.yml",
      ".",
    );
    const r = runScenario(scenario).result.reached;
    expect(r.map((x) => x.ok)).toEqual([true, true, false]);
  });
});
