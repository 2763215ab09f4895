// Where the worker-thread modules are: beside the running code, which is sim/cli/*.ts under tsx
// or vitest, and dist/*.mjs in the compiled build (bin/build.mjs bundles each job as its own file).
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".mjs";

/** The piscina bootstrap (sim/cli/worker.mjs, copied to dist/worker.mjs by the build). */
export const WORKER_URL = new URL("./worker.mjs", import.meta.url).href;

/** A job module by name ("check-job", "library-job"), for workerData.entry. */
export function jobUrl(name: "check-job" | "library-job"): string {
  return new URL(`./${name}${EXT}`, import.meta.url).href;
}

/**
 * Worker-thread heap settings. A run allocates briskly and most of it dies young: a larger young
 * generation than a worker's default means fewer scavenges and less promoted garbage. Measured on
 * the sweep bench (2 workers, alternating runs): ~1,750 runs/min by default, 2,000-2,400 with 32-128.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 64 } as const;
