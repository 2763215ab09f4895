// What must be identical between two runs of the same scenario and seed: the whole result JSON
// except wallMs (CONTRACT.md), including the traceHash.
import { loadScenarioFile } from "./load.ts";
import { runScenario } from "./runner.ts";

export interface Fingerprint {
  file: string;
  seed: number;
  json: string;
}

export function fingerprint(file: string, seed?: number): Fingerprint {
  const { scenario } = loadScenarioFile(file);
  const { result } = runScenario(scenario, { seed });
  const { wallMs: _wall, ...rest } = result;
  return { file, seed: result.seed, json: JSON.stringify(rest) };
}

/** Worker-thread entry (piscina, through sim/cli/worker.mjs). */
export default function job(task: { files: string[] }): Fingerprint[] {
  return task.files.map((f) => fingerprint(f));
}

// As a script (a fresh process): print the fingerprints of the files given as JSON.
if (process.argv[1]?.endsWith("fingerprint.ts") && process.argv.length > 2) {
  process.stdout.write(JSON.stringify(job({ files: process.argv.slice(2) })));
}
