// `swarmsim list`: the scenario library, one line each.
import { relative } from "node:path";
import { formatDuration } from "../kernel/types.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { findScenarioFiles } from "./scenario-files.ts";
import { table } from "./summary.ts";

export function listCommand(o: { dir: string; json?: boolean }): number {
  const rows = findScenarioFiles(o.dir).map((file) => {
    const { scenario } = loadScenarioFile(file);
    return {
      file: relative(process.cwd(), file),
      name: scenario.name,
      expect: scenario.expect.outcome,
      duration: formatDuration(scenario.durationUs),
      nodes: scenario.nodes.length,
      services: scenario.services.length,
      description: scenario.description.split("\n")[0],
    };
  });
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const body = rows.map((r) => [r.name, r.expect, r.duration, String(r.nodes), String(r.services), r.description.slice(0, 70)]);
  process.stdout.write(`${table(["scenario", "expect", "duration", "nodes", "services", "description"], body)}\n${rows.length} scenarios\n`);
  return 0;
}
