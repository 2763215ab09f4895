// Runs library scenarios across worker threads (parallelism across runs, never inside one).
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { jobUrl, WORKER_RESOURCE_LIMITS, WORKER_URL } from "./job-url.ts";
import { type LibraryRow, runLibraryFile } from "./library-job.ts";
import { rethrowUserError, type UserErrorData } from "./worker-errors.ts";

export type { LibraryRow };

export async function runLibraryFiles(files: string[], outDir: string, workers?: number): Promise<LibraryRow[]> {
  const n = Math.max(1, Math.min(workers ?? availableParallelism(), files.length));
  if (n === 1) return files.map((f) => runLibraryFile(f, outDir));
  const pool = new Piscina({
    filename: WORKER_URL,
    workerData: { entry: jobUrl("library-job") },
    minThreads: n,
    maxThreads: n,
    resourceLimits: WORKER_RESOURCE_LIMITS,
  });
  // A worker whose module fails to load rejects its task; unheard, the pool's 'error' event would
  // also end the process with a raw stack trace (see check-pool.ts).
  pool.on("error", () => {});
  try {
    const rows = await Promise.all(files.map((file) => pool.run({ file, outDir }) as Promise<LibraryRow | UserErrorData>));
    return rows.map(rethrowUserError);
  } finally {
    await pool.destroy();
  }
}
