// The client history as the linearizability checker collects it during a run: one row per
// operation, column by column. A long run keeps up to 200,000 operations until the end, and an
// object per operation (plus a string per write's log index) was ~10% of a Raft-only run's work,
// most of it the garbage collector tracing and promoting them. Typed columns are opaque to it;
// names are interned, and the values written and read are kept as text (ValueTexts).
import { assert } from "../kernel/assert.ts";
import { grown } from "../kernel/grow.ts";
import { Interner } from "../kernel/interner.ts";
import { KeyOps } from "./key-ops.ts";
import type { HistoryOp } from "./linearizability.ts";
import { ValueTexts } from "./value-texts.ts";

const WRITE = 1;
const DROPPED = 2;

/** A collected operation, materialized: the history entry plus where it came from. */
export interface Collected extends HistoryOp {
  submitSeq: number;
  resultSeq: number;
  via: string;
}

export class OpColumns {
  /** Rows in use; row r is the r-th operation submitted. */
  size = 0;
  /**
   * Row by opId for the operations whose opId is not row 0's plus their row. The workload numbers
   * its operations 1, 2, 3…, so this stays empty and a row is found by subtraction: a map of every
   * operation (200,000 entries, looked up three times per operation) was ~15% of the collection's
   * instructions.
   */
  private readonly offsetRows = new Map<number, number>();
  private opId = new Float64Array(256);
  private invokeUs = new Float64Array(256);
  /** NaN: no response (yet). */
  private returnUs = new Float64Array(256);
  private submitSeq = new Float64Array(256);
  /** -1: no result event yet. */
  private resultSeq = new Float64Array(256);
  /** A write's log index once acknowledged (0: none). */
  private writeIndex = new Float64Array(256);
  private client = new Int32Array(256);
  private via = new Int32Array(256);
  private key = new Int32Array(256);
  private flags = new Uint8Array(256);
  /** Write: the value written. Read: the value returned. A handle in `texts`; -1: none (a read absent or unanswered). */
  private value = new Int32Array(256);
  private readonly texts = new ValueTexts();
  /** Client, manager and key names. */
  private readonly names = new Interner();

  /** Adds a row; a second submission of a known opId is a broken trace. */
  submit(opId: number, timeUs: number, seq: number, client: string, via: string, key: string, value: string | null): void {
    assert(this.row(opId) < 0, () => `linearizability: operation ${opId} submitted twice (event #${seq})`);
    if (this.size === this.opId.length) this.grow();
    const r = this.size++;
    this.opId[r] = opId;
    if (opId !== this.opId[0] + r) this.offsetRows.set(opId, r);
    this.invokeUs[r] = timeUs;
    this.returnUs[r] = Number.NaN;
    this.submitSeq[r] = seq;
    this.resultSeq[r] = -1;
    this.writeIndex[r] = 0;
    this.client[r] = this.names.id(client);
    this.via[r] = this.names.id(via);
    this.key[r] = this.names.id(key);
    this.flags[r] = value === null ? 0 : WRITE;
    this.value[r] = value === null ? -1 : this.texts.add(value);
  }

  /** Row of an operation, or -1 when it was never collected. */
  row(opId: number): number {
    // Where the opId would be if opIds counted up by one from row 0's; else in offsetRows.
    const r = opId - this.opId[0];
    if (r >= 0 && r < this.size && this.opId[r] === opId) return r;
    return this.offsetRows.size === 0 ? -1 : (this.offsetRows.get(opId) ?? -1);
  }

  isWrite(r: number): boolean {
    return (this.flags[r] & WRITE) !== 0;
  }

  isDropped(r: number): boolean {
    return (this.flags[r] & DROPPED) !== 0;
  }

  /** The operation's result event, once: false when it already had one. */
  answer(r: number, seq: number): boolean {
    if (this.resultSeq[r] >= 0) return false;
    this.resultSeq[r] = seq;
    return true;
  }

  /** An ok result: a write took effect at `index` (0: unknown); a read returned `value`. */
  returned(r: number, timeUs: number, index: number, value: string | null): void {
    this.returnUs[r] = timeUs;
    if (this.isWrite(r)) this.writeIndex[r] = index > 0 ? index : 0;
    else this.value[r] = value === null ? -1 : this.texts.add(value);
  }

  drop(r: number): void {
    this.flags[r] |= DROPPED;
  }

  /** Response time, or null for none. */
  returnOf(r: number): number | null {
    const t = this.returnUs[r];
    return Number.isNaN(t) ? null : t;
  }

  /** Row r as a history entry (with where it came from), built on demand. */
  op(r: number): Collected {
    assert(r >= 0 && r < this.size, () => `linearizability: no row ${r}`);
    const write = this.isWrite(r);
    const wi = this.writeIndex[r];
    const value = this.value[r] < 0 ? null : this.texts.text(this.value[r]);
    return {
      opId: this.opId[r],
      client: this.names.list[this.client[r]],
      key: this.names.list[this.key[r]],
      kind: write ? "write" : "read",
      invokeUs: this.invokeUs[r],
      returnUs: this.returnOf(r),
      input: write ? value : null,
      // A write's output is the position it took effect at, as a decimal string (see HistoryOp).
      output: write ? (wi > 0 ? String(wi) : null) : value,
      submitSeq: this.submitSeq[r],
      resultSeq: this.resultSeq[r],
      via: this.names.list[this.via[r]],
    };
  }

  /**
   * The rows that `keep` accepts, grouped by key (keys in order of first appearance, rows in
   * submission order) as the linearizability search reads them, and how many rows that is.
   */
  byKey(keep: (r: number) => boolean): { keys: KeyOps[]; total: number } {
    const counts = new Int32Array(this.names.list.length);
    let total = 0;
    for (let r = 0; r < this.size; r++) {
      if (!keep(r)) continue;
      counts[this.key[r]]++;
      total++;
    }
    const byId: (KeyOps | undefined)[] = [];
    const keys: KeyOps[] = [];
    for (let r = 0; r < this.size; r++) {
      if (!keep(r)) continue;
      const id = this.key[r];
      let k = byId[id];
      if (k === undefined) {
        k = byId[id] = new KeyOps(this.names.list[id], counts[id], this.texts);
        keys.push(k);
      }
      const write = this.isWrite(r);
      const wi = this.writeIndex[r];
      k.push(this.opId[r], write, this.invokeUs[r], this.returnOf(r), this.value[r], write && wi > 0 ? wi : -1);
    }
    return { keys, total };
  }

  private grow(): void {
    const cap = 2 * this.opId.length;
    this.opId = grown(this.opId, cap);
    this.invokeUs = grown(this.invokeUs, cap);
    this.returnUs = grown(this.returnUs, cap);
    this.submitSeq = grown(this.submitSeq, cap);
    this.resultSeq = grown(this.resultSeq, cap);
    this.writeIndex = grown(this.writeIndex, cap);
    this.client = grown(this.client, cap);
    this.via = grown(this.via, cap);
    this.key = grown(this.key, cap);
    this.flags = grown(this.flags, cap);
    this.value = grown(this.value, cap);
  }
}
