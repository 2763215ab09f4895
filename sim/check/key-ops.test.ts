// The online checker's path (OpColumns.byKey → checkKeys) against checkHistory over the same
// operations: same verdict, key, invariant, witness and step count, on random register histories
// with indeterminate writes, phantom reads, drops and a maxOps-style cutoff.
import { describe, expect, it } from "vitest";
import { checkHistory, checkKeys, type HistoryOp } from "./linearizability.ts";
import { OpColumns } from "./op-columns.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A register history: each op takes effect at a random point of its span (or not, without a response). */
function history(seed: number): HistoryOp[] {
  const r = rng(seed);
  const keys = 1 + Math.floor(r() * 3);
  const n = 1 + Math.floor(r() * 40);
  const ops: { op: HistoryOp; at: number; effect: boolean }[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 3);
    const write = r() < 0.5;
    const dur = Math.floor(r() * 8);
    const answered = r() >= 0.05;
    const op: HistoryOp = { opId: i + 1, client: "c", key: `k${Math.floor(r() * keys)}`, kind: write ? "write" : "read", invokeUs: t, returnUs: answered ? t + dur : null, input: write ? `v${Math.floor(r() * 5)}` : null, output: null };
    ops.push({ op, at: t + r() * dur, effect: answered || r() < 0.5 });
  }
  const state = new Map<string, string | null>();
  let pos = 0;
  for (const p of [...ops].sort((a, b) => a.at - b.at)) {
    if (p.op.kind === "read") p.op.output = state.get(p.op.key) ?? null;
    else if (p.effect) {
      state.set(p.op.key, p.op.input);
      pos++;
      if (p.op.returnUs !== null && r() < 0.8) p.op.output = String(pos);
    }
  }
  // Some noise: phantom or stale reads, positions going backwards.
  if (r() < 0.3) {
    for (const p of ops) {
      if (r() >= 0.1) continue;
      if (p.op.kind === "read") p.op.output = r() < 0.3 ? "phantom" : `v${Math.floor(r() * 5)}`;
      else if (p.op.output !== null) p.op.output = String(Number(p.op.output) - 2);
    }
  }
  return ops.map((p) => p.op);
}

describe("the linearizability checker's column path", () => {
  it("gives checkHistory's result on the same operations (500 random histories, drops and cutoffs)", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 500; seed++) {
      const ops = history(seed);
      const r = rng(seed * 7 + 1);
      const cols = new OpColumns();
      for (const [i, o] of ops.entries()) cols.submit(o.opId, o.invokeUs, i, o.client, `m${i % 2}`, o.key, o.kind === "write" ? o.input : null);
      for (const o of ops) {
        const row = cols.row(o.opId);
        if (o.returnUs !== null) cols.returned(row, o.returnUs, o.kind === "write" && o.output !== null ? Number(o.output) : 0, o.kind === "read" ? o.output : null);
        if (r() < 0.03) cols.drop(row);
      }
      const cutoffUs = r() < 0.5 ? null : Math.floor(r() * 40);
      const keep = (row: number): boolean => {
        if (cols.isDropped(row)) return false;
        if (cols.isWrite(row) || cutoffUs === null) return true;
        const ret = cols.returnOf(row);
        return ret !== null && ret < cutoffUs;
      };
      const kept: HistoryOp[] = [];
      for (let row = 0; row < cols.size; row++) if (keep(row)) kept.push(cols.op(row));
      for (const budget of [3, 1e6]) {
        const { keys, total } = cols.byKey(keep);
        const viaColumns = checkKeys(keys, total, budget);
        expect(viaColumns, `seed ${seed}, budget ${budget}`).toEqual(checkHistory(kept, { budget }));
        seen.add(viaColumns.result + (viaColumns.invariant ?? ""));
      }
    }
    // The histories reach every verdict, so the comparison covers each path.
    expect([...seen].sort()).toEqual(["ok", "violationapi.linearizable-reads", "violationapi.linearizable-writes"]);
  });
});
