// Runs library scenarios across worker threads (parallelism across runs, never inside one).
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { type LibraryRow, runLibraryFile } from "./library-job.ts";

export type { LibraryRow };

export async function runLibraryFiles(files: string[], outDir: string, workers?: number): Promise<LibraryRow[]> {
  const n = Math.max(1, Math.min(workers ?? availableParallelism(), files.length));
  if (n === 1) return files.map((f) => runLibraryFile(f, outDir));
  const pool = new Piscina({
    filename: new URL("./worker.mjs", import.meta.url).href,
    workerData: { entry: new URL("./library-job.ts", import.meta.url).href },
    minThreads: n,
    maxThreads: n,
  });
  try {
    return await Promise.all(files.map((file) => pool.run({ file, outDir }) as Promise<LibraryRow>));
  } finally {
    await pool.destroy();
  }
}
