// Where `check` runs its work units: inline (one worker), or worker threads through piscina
// (parallelism across runs, never inside one). Same results either way: runs are deterministic.
import { Piscina } from "piscina";
import { jobUrl, WORKER_RESOURCE_LIMITS, WORKER_URL } from "./job-url.ts";
import job, { type CheckTask, type RunRow, type ShrinkRow } from "./check-job.ts";
import { rethrowUserError } from "./worker-errors.ts";

export interface CheckPool {
  readonly workers: number;
  /**
   * Work units the pool takes at once (running plus queued). Callers keep at most this many in
   * flight; the pool never queues more (piscina would reject: "Task queue is at limit").
   */
  readonly capacity: number;
  runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]>;
  shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null>;
  close(): Promise<void>;
}

/** Units per worker a sweep keeps in flight: one running, one queued so no worker idles between units. */
const UNITS_PER_WORKER = 2;

class InlinePool implements CheckPool {
  readonly workers = 1;
  readonly capacity = UNITS_PER_WORKER;
  async runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]> {
    return rethrowUserError(job(task)) as RunRow[];
  }
  async shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null> {
    return rethrowUserError(job(task)) as ShrinkRow | null;
  }
  async close(): Promise<void> {}
}

class ThreadPool implements CheckPool {
  private readonly pool: Piscina;
  readonly capacity: number;
  private inflight = 0;
  /** The first error a worker raised outside a task: later submissions fail with it. */
  private workerError: unknown = null;
  constructor(
    readonly workers: number,
    entry: string,
  ) {
    this.capacity = workers * UNITS_PER_WORKER;
    this.pool = new Piscina({
      filename: WORKER_URL,
      workerData: { entry },
      minThreads: workers,
      maxThreads: workers,
      // Room for everything a caller may have in flight, even while no worker is ready yet
      // (starting up, or between units); the caller bounds what is in flight to `capacity`.
      maxQueue: this.capacity,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    // A worker that fails outside a task (its module does not load) also rejects the task it was
    // given; unheard, the pool's 'error' event would end the process with a raw stack trace.
    this.pool.on("error", (e: unknown) => {
      this.workerError ??= e;
    });
  }
  runs(task: Extract<CheckTask, { type: "runs" }>): Promise<RunRow[]> {
    return this.submit(task) as Promise<RunRow[]>;
  }
  shrink(task: Extract<CheckTask, { type: "shrink" }>): Promise<ShrinkRow | null> {
    return this.submit(task) as Promise<ShrinkRow | null>;
  }
  private async submit(task: CheckTask): Promise<unknown> {
    // A caller over capacity is a bug in the caller: say so, rather than piscina's queue message.
    if (this.inflight >= this.capacity) throw new Error(`check pool: more than ${this.capacity} work units in flight`);
    if (this.workerError !== null) throw this.workerError;
    this.inflight++;
    try {
      return rethrowUserError(await this.pool.run(task));
    } finally {
      this.inflight--;
    }
  }
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** `entry`: the job module the worker threads load (the check job; another only in tests). */
export function checkPool(workers: number, entry = jobUrl("check-job")): CheckPool {
  return workers <= 1 ? new InlinePool() : new ThreadPool(workers, entry);
}
