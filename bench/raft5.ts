// `raft5`: 5 managers, 100 proposals/s through random managers (forwarded to the leader),
// SwarmKit timings, one simulated hour. Goal ≥ 1 M kernel events/s on one core.
import { loadScenarioText } from "../sim/scenario/load.ts";
import { measure } from "./scenarios.ts";

const YAML = `
name: raft5
duration: 1h
cluster: { managers: 5 }
workload: { clients: 5, rate: 100, timeout: 5s, keys: 64 }
`;

export function benchRaft5() {
  const { scenario } = loadScenarioText(YAML, "bench/raft5", ".");
  measure(scenario); // warm-up
  return { ...measure(scenario), goalEventsPerSec: 1_000_000 };
}
