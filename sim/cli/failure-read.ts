// Reading a failure.json back, with clear errors for anything that is not one.
import type { FailureFile } from "./failure-dir.ts";
import { CliError, readInputFile } from "./io.ts";

export function readFailureFile(path: string): FailureFile {
  const text = readInputFile(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const f = data as Partial<FailureFile>;
  if (typeof f !== "object" || f === null || typeof f.seed !== "number" || typeof f.version !== "string" || typeof f.scenario !== "object" || f.scenario === null) {
    throw new CliError(`${path}: not a swarmsim failure.json (expected {version, seed, scenario, violation})`);
  }
  const s = f.scenario as unknown as Record<string, unknown>;
  for (const key of ["name", "nodes", "network", "raft", "services", "timeline", "expect", "durationUs"]) {
    if (!(key in s)) throw new CliError(`${path}: scenario record lacks '${key}'`);
  }
  return f as FailureFile;
}
