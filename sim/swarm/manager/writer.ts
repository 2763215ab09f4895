// The leader's single write pipeline. Components and API calls queue mutations; a flush runs
// them (and every component's reconcile) against one Tx and proposes it as one Raft entry.
// Only one entry is in flight: the next flush waits for the commit, so decisions always see
// the leader's own earlier writes (SwarmKit holds the store lock across a proposal).
import type { Micros } from "../../kernel/types.ts";
import type { SwarmStore } from "../store/store.ts";
import { Tx } from "../store/tx.ts";
import type { RaftHandle } from "./raft-port.ts";
import type { Callback, Scope } from "./scope.ts";

export type Mutation = (tx: Tx) => void;
export type WriteDone = (ok: boolean, error: string | null) => void;

interface QueuedMutation {
  fn: Mutation;
  done: WriteDone | null;
}

/** A leader component that reconciles its dirty objects inside each flush. */
export interface Reconciler {
  readonly name: string;
  reconcile(tx: Tx): void;
}

/** Bound on mutations per entry, so one entry never grows without limit. */
const MAX_MUTATIONS_PER_ENTRY = 20_000;

export class LeaderWriter {
  private queue: QueuedMutation[] = [];
  private readonly reconcilers: Reconciler[] = [];
  private inFlight = false;
  private flushArmed = false;
  /** Entries proposed by this leader term (for tests and stats). */
  proposed = 0;
  /** The flush timer's payload, made once (perf: a flush is armed after nearly every commit). */
  private readonly flushCall: Callback;

  constructor(
    private readonly store: SwarmStore,
    private readonly raft: RaftHandle,
    private readonly scope: Scope,
    private readonly now: () => Micros,
    /** Called when a proposal fails while we still think we lead (components resync). */
    private readonly onFailure: (error: string) => void,
  ) {
    this.flushCall = scope.call(() => {
      this.flushArmed = false;
      this.flush();
    });
  }

  addReconciler(r: Reconciler): void {
    this.reconcilers.push(r);
  }

  /** Queues a mutation; `done` hears whether its entry committed. */
  enqueue(fn: Mutation, done: WriteDone | null = null): void {
    this.queue.push({ fn, done });
    this.request();
  }

  /** Asks for a flush soon (components call this when they have dirty objects). */
  request(): void {
    if (this.flushArmed || !this.scope.alive) return;
    this.flushArmed = true;
    this.scope.schedule(0, this.flushCall);
  }

  get busy(): boolean {
    return this.inFlight;
  }

  private flush(): void {
    if (this.inFlight) return; // the commit callback re-arms
    const tx = new Tx(this.store, this.now());
    const batch = this.takeBatch();
    const dones: { done: WriteDone; err: string | null }[] = [];
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i];
      let err: string | null = null;
      try {
        m.fn(tx);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        err = e.message;
      }
      if (m.done) dones.push({ done: m.done, err });
    }
    const reconcilers = this.reconcilers;
    for (let i = 0; i < reconcilers.length; i++) reconcilers[i].reconcile(tx);
    if (tx.empty) {
      for (const d of dones) d.done(d.err === null, d.err);
      if (this.queue.length > 0) this.request();
      return;
    }
    this.inFlight = true;
    this.proposed++;
    this.raft.propose(tx.command(), (r) => {
      this.inFlight = false;
      if (!this.scope.alive) {
        for (const d of dones) d.done(false, d.err ?? "node lost leader status");
        return;
      }
      if (r.ok) {
        for (const d of dones) d.done(d.err === null, d.err);
      } else {
        for (const d of dones) d.done(false, d.err ?? proposeErrorText(r.error));
        this.onFailure(r.error);
      }
      this.request();
    });
  }

  /** The mutations of the next entry, oldest first (the whole queue, mostly: no copy then). */
  private takeBatch(): QueuedMutation[] {
    if (this.queue.length > MAX_MUTATIONS_PER_ENTRY) return this.queue.splice(0, MAX_MUTATIONS_PER_ENTRY);
    const batch = this.queue;
    this.queue = [];
    return batch;
  }
}

/** A mutation's user-facing refusal: the mutation's writes so far stay, so check before writing. */
export class ApiError extends Error {
  override name = "ApiError";
}

export function proposeErrorText(e: string): string {
  switch (e) {
    case "not-leader":
    case "lost-leadership":
      return "node lost leader status";
    case "no-leader":
      return "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";
    default:
      return `raft: ${e}`;
  }
}
