// The leader's view of one follower (etcd's tracker.Progress + Inflights).
import { assert } from "../kernel/assert.ts";
import type { LogIndex } from "../kernel/types.ts";

export const PROBE = 0;
export const REPLICATE = 1;
export const SNAPSHOT = 2;
export type ProgressState = typeof PROBE | typeof REPLICATE | typeof SNAPSHOT;

/** A ring of the last indices of in-flight append messages, bounded by maxInflight. */
export class Inflights {
  private readonly buf: Float64Array;
  private start = 0;
  count = 0;

  constructor(readonly capacity: number) {
    assert(capacity > 0, "inflights: capacity must be positive");
    this.buf = new Float64Array(capacity);
  }

  full(): boolean {
    return this.count === this.capacity;
  }

  add(last: LogIndex): void {
    assert(!this.full(), "inflights: add to a full window");
    let i = this.start + this.count;
    if (i >= this.capacity) i -= this.capacity;
    this.buf[i] = last;
    this.count++;
  }

  /** Frees every in-flight message whose last index is ≤ to. */
  freeLE(to: LogIndex): void {
    while (this.count > 0 && this.buf[this.start] <= to) {
      this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
      this.count--;
    }
  }

  freeFirstOne(): void {
    if (this.count === 0) return;
    this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
    this.count--;
  }

  reset(): void {
    this.start = 0;
    this.count = 0;
  }
}

export class Progress {
  match: LogIndex = 0;
  next: LogIndex;
  state: ProgressState = PROBE;
  /** Probe: an append is out, wait for its answer (etcd's MsgAppFlowPaused). */
  probeSent = false;
  /** Snapshot: the index of the snapshot in flight. */
  pendingSnapshot: LogIndex = 0;
  /** Ticks spent waiting in SNAPSHOT state (a lost snapshot is resent after an election timeout). */
  snapshotTicks = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = false;
  readonly inflights: Inflights;

  constructor(next: LogIndex, maxInflight: number) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  isPaused(): boolean {
    if (this.state === PROBE) return this.probeSent;
    if (this.state === REPLICATE) return this.inflights.full();
    return true;
  }

  becomeProbe(): void {
    if (this.state === SNAPSHOT) {
      this.next = Math.max(this.match + 1, this.pendingSnapshot + 1);
    } else {
      this.next = this.match + 1;
    }
    this.state = PROBE;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeReplicate(): void {
    this.state = REPLICATE;
    this.next = this.match + 1;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeSnapshot(index: LogIndex): void {
    this.state = SNAPSHOT;
    this.pendingSnapshot = index;
    this.snapshotTicks = 0;
    this.probeSent = false;
    this.inflights.reset();
  }

  /** An ack for index n. Returns whether match moved. */
  maybeUpdate(n: LogIndex): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    if (this.next < n + 1) this.next = n + 1;
    return updated;
  }

  /** A rejection of the append after `rejected`; hint = follower's suggestion. False if stale. */
  maybeDecrTo(rejected: LogIndex, hint: LogIndex): boolean {
    if (this.state === REPLICATE) {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  /** Bookkeeping after sending an append whose last entry is `last` (0 = no entries). */
  sentEntries(last: LogIndex): void {
    if (this.state === REPLICATE) {
      if (last > 0) {
        this.next = last + 1;
        this.inflights.add(last);
      }
    } else if (this.state === PROBE) {
      this.probeSent = true;
    }
  }
}
