// `nodes1000`: 5 managers + 995 workers, 100 services × 100 replicas (10,000 tasks), heartbeats
// at SwarmKit's defaults, one simulated hour, no faults. Goals: ≤ 30 s wall, ≤ 1 GiB peak RSS.
import { loadScenarioText } from "../sim/scenario/load.ts";
import { measure } from "./scenarios.ts";

const MANAGERS = 5;
const WORKERS = 995;
const SERVICES = 100;
const REPLICAS = 100;

export function nodes1000Yaml(durationS = 3600): string {
  const lines: string[] = [
    "name: nodes1000",
    "description: 5 managers, 995 workers, 100 services x 100 replicas, steady state.",
    "seed: 1",
    `duration: ${durationS}s`,
    `cluster: { managers: ${MANAGERS}, workers: ${WORKERS} }`,
    "services:",
  ];
  // One overlay network per service: 100 tasks + a VIP fit a /24.
  for (let i = 1; i <= SERVICES; i++) {
    lines.push(`  svc${i}:`, "    image: nginx:1.25", `    networks: [net${i}]`, `    deploy: { replicas: ${REPLICAS} }`);
  }
  return `${lines.join("\n")}\n`;
}

export function benchNodes1000(durationS = 3600) {
  const { scenario } = loadScenarioText(nodes1000Yaml(durationS), "bench/nodes1000", ".");
  return { ...measure(scenario), goalWallSeconds: 30, goalPeakRssMiB: 1024 };
}
