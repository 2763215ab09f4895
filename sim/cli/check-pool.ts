// Where `check` runs its work units: inline (one worker), or worker threads through piscina
// (parallelism across runs, never inside one). Same results either way: runs are deterministic.
import { Piscina } from "piscina";
import job, { type CheckTask, type RunRow, type ShrinkRow } from "./check-job.ts";

export interface CheckPool {
  readonly workers: number;
  runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]>;
  shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null>;
  close(): Promise<void>;
}

class InlinePool implements CheckPool {
  readonly workers = 1;
  async runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]> {
    return job(task) as RunRow[];
  }
  async shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null> {
    return job(task) as ShrinkRow | null;
  }
  async close(): Promise<void> {}
}

class ThreadPool implements CheckPool {
  private readonly pool: Piscina;
  constructor(readonly workers: number) {
    this.pool = new Piscina({
      filename: new URL("./worker.mjs", import.meta.url).href,
      workerData: { entry: new URL("./check-job.ts", import.meta.url).href },
      minThreads: workers,
      maxThreads: workers,
      // Each task is a batch of runs; queue freely, the caller bounds what is in flight.
      maxQueue: "auto",
    });
  }
  runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]> {
    return this.pool.run(task) as Promise<RunRow[]>;
  }
  shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null> {
    return this.pool.run(task) as Promise<ShrinkRow | null>;
  }
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

export function checkPool(workers: number): CheckPool {
  return workers <= 1 ? new InlinePool() : new ThreadPool(workers);
}
