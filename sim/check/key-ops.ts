// One key's client operations, column by column, as the linearizability search reads them.
// Built either from HistoryOp records (checkHistory's callers, tests) or straight from the
// online checker's columns, so the end of a long run materializes no object per operation.
import { assert } from "../kernel/assert.ts";
import type { ValueTexts } from "./value-texts.ts";

export class KeyOps {
  n = 0;
  opId: Float64Array;
  write: Uint8Array;
  invokeUs: Float64Array;
  /** +∞: no response (the operation is indeterminate). */
  returnUs: Float64Array;
  /** The value written (write) or returned (read), interned per key: 1 + its index in `values`; 0 = absent. */
  value: Int32Array;
  /** A write's log position; -1 when unknown. */
  pos: Float64Array;

  // The key's distinct values (handles in `texts`), found by hash in an open-addressing table of
  // ids (0: free), at most half full. Interning the value strings in a Map instead was over a
  // third of the end-of-run search's CPU time in a one-hour run: it hashed 200,000 strings long
  // out of the cache, and searched large tables.
  private readonly values: number[] = [];
  private readonly slots: Int32Array;

  constructor(
    readonly key: string,
    capacity: number,
    private readonly texts: ValueTexts,
  ) {
    this.opId = new Float64Array(capacity);
    this.write = new Uint8Array(capacity);
    this.invokeUs = new Float64Array(capacity);
    this.returnUs = new Float64Array(capacity);
    this.value = new Int32Array(capacity);
    this.pos = new Float64Array(capacity);
    let slots = 2;
    while (slots < 2 * capacity) slots *= 2;
    this.slots = new Int32Array(slots);
  }

  /** Adds an operation; `value` is the handle of its value in `texts` (-1: none). */
  push(opId: number, write: boolean, invokeUs: number, returnUs: number | null, value: number, pos: number): void {
    const i = this.n++;
    assert(i < this.opId.length, () => `key ${this.key}: more operations than its capacity ${this.opId.length}`);
    assert(returnUs === null || returnUs >= invokeUs, () => `op ${opId} returns (${returnUs}) before its call (${invokeUs})`);
    this.opId[i] = opId;
    this.write[i] = write ? 1 : 0;
    this.invokeUs[i] = invokeUs;
    this.returnUs[i] = returnUs ?? Number.POSITIVE_INFINITY;
    this.value[i] = value < 0 ? 0 : this.valueId(value);
    this.pos[i] = pos;
  }

  /** True when some write of this key wrote value `v` (0: never). */
  written(v: number): boolean {
    if (v === 0) return false;
    for (let i = 0; i < this.n; i++) if (this.write[i] === 1 && this.value[i] === v) return true;
    return false;
  }

  hasReads(): boolean {
    for (let i = 0; i < this.n; i++) if (this.write[i] === 0) return true;
    return false;
  }

  /** 1 + the index in `values` of a value with v's text, added on first sight (ids in order of first appearance). */
  private valueId(v: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let at = this.texts.hash(v) & mask;
    for (let id = slots[at]; id !== 0; id = slots[at]) {
      if (this.texts.same(this.values[id - 1], v)) return id;
      at = (at + 1) & mask;
    }
    const id = this.values.push(v);
    slots[at] = id;
    return id;
  }
}
