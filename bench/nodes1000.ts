// `nodes1000`: 5 managers + 995 workers, 100 services × 100 replicas (10,000 tasks), heartbeats
// at SwarmKit's defaults, one simulated hour, no faults. Goals: ≤ 30 s wall, ≤ 1 GiB peak RSS.
import { loadScenarioText } from "../sim/scenario/load.ts";
import { measure, swarmBenchYaml } from "./scenarios.ts";

const MANAGERS = 5;
const WORKERS = 995;
const SERVICES = 100;
const REPLICAS = 100;

export function nodes1000Yaml(durationS = 3600): string {
  const lines = swarmBenchYaml({ name: "nodes1000", description: "5 managers, 995 workers, 100 services x 100 replicas, steady state.", durationS, managers: MANAGERS, workers: WORKERS, services: SERVICES, replicas: REPLICAS });
  return `${lines.join("\n")}\n`;
}

export function benchNodes1000(durationS = 3600) {
  const { scenario } = loadScenarioText(nodes1000Yaml(durationS), "bench/nodes1000", ".");
  return { ...measure(scenario), goalWallSeconds: 30, goalPeakRssMiB: 1024 };
}
