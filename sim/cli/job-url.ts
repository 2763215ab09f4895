// Where the worker-thread modules are: beside the running code, which is sim/cli/*.ts under tsx
// or vitest, and dist/*.mjs in the compiled build (bin/build.mjs bundles each job as its own file).
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".mjs";

/** The piscina bootstrap (sim/cli/worker.mjs, copied to dist/worker.mjs by the build). */
export const WORKER_URL = new URL("./worker.mjs", import.meta.url).href;

/** A job module by name ("check-job", "library-job"), for workerData.entry. */
export function jobUrl(name: "check-job" | "library-job"): string {
  return new URL(`./${name}${EXT}`, import.meta.url).href;
}
