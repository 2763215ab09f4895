// One key's client operations, column by column, as the linearizability search reads them.
// Built either from HistoryOp records (checkHistory's callers, tests) or straight from the
// online checker's columns, so the end of a long run materializes no object per operation.
import { assert } from "../kernel/assert.ts";
import { Interner } from "../kernel/interner.ts";

export class KeyOps {
  n = 0;
  opId: Float64Array;
  write: Uint8Array;
  invokeUs: Float64Array;
  /** +∞: no response (the operation is indeterminate). */
  returnUs: Float64Array;
  /** The value written (write) or returned (read), interned per key: 1 + its id in `values`; 0 = absent. */
  value: Int32Array;
  /** A write's log position; -1 when unknown. */
  pos: Float64Array;
  private readonly values = new Interner();

  constructor(readonly key: string, capacity: number) {
    this.opId = new Float64Array(capacity);
    this.write = new Uint8Array(capacity);
    this.invokeUs = new Float64Array(capacity);
    this.returnUs = new Float64Array(capacity);
    this.value = new Int32Array(capacity);
    this.pos = new Float64Array(capacity);
  }

  push(opId: number, write: boolean, invokeUs: number, returnUs: number | null, value: string | null, pos: number): void {
    const i = this.n++;
    assert(i < this.opId.length, () => `key ${this.key}: more operations than its capacity ${this.opId.length}`);
    assert(returnUs === null || returnUs >= invokeUs, () => `op ${opId} returns (${returnUs}) before its call (${invokeUs})`);
    this.opId[i] = opId;
    this.write[i] = write ? 1 : 0;
    this.invokeUs[i] = invokeUs;
    this.returnUs[i] = returnUs ?? Number.POSITIVE_INFINITY;
    this.value[i] = value === null ? 0 : this.values.id(value) + 1;
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
}

