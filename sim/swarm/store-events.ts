// Every manager applies every committed entry, but a store change must appear in the trace once.
// The gate is a run-wide high-water mark over log indexes: the first node to apply an index
// emits its events; every later apply of the same (or an older) index stays silent.
// Index 0 stands for the bootstrap state every manager starts from (traced once at t=0).
import type { LogIndex } from "../kernel/types.ts";

export class StoreEventGate {
  private highWater: LogIndex = -1;

  /** True the first time any node applies `index` (indexes only move forward). */
  shouldEmit(index: LogIndex): boolean {
    if (index <= this.highWater) return false;
    this.highWater = index;
    return true;
  }

  get emittedUpTo(): LogIndex {
    return this.highWater;
  }
}
