// The online checker's path (OpColumns.byKey → checkKeys) against checkHistory over the same
// operations: same verdict, key, invariant, witness and step count, on random register histories
// with indeterminate writes, phantom reads, drops and a maxOps-style cutoff. Also: KeyOps' value
// ids, and the search's forward walk against the depth-first search alone.
import { describe, expect, it } from "vitest";
import { KeyOps } from "./key-ops.ts";
import { checkHistory, checkKeys, type HistoryOp, searchKey } from "./linearizability.ts";
import { OpColumns } from "./op-columns.ts";
import { ValueTexts } from "./value-texts.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A register history: each op takes effect at a random point of its span (or not, without a
 * response). Calls come 0..gapUs-1 apart and last 0..7: the larger the gap, the fewer overlap.
 */
function history(seed: number, gapUs = 3): HistoryOp[] {
  const r = rng(seed);
  const keys = 1 + Math.floor(r() * 3);
  const n = 1 + Math.floor(r() * 40);
  const ops: { op: HistoryOp; at: number; effect: boolean }[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * gapUs);
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

/** The history's operations as KeyOps, one per key in order of first appearance. */
function keyOpsOf(ops: readonly HistoryOp[]): KeyOps[] {
  const byKey = new Map<string, HistoryOp[]>();
  for (const o of ops) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  const texts = new ValueTexts();
  return [...byKey].map(([key, list]) => {
    const k = new KeyOps(key, list.length, texts);
    for (const o of list) {
      const w = o.kind === "write";
      const value = w ? o.input : o.output;
      const pos = w && o.output !== null && /^\d+$/.test(o.output) ? Number(o.output) : -1;
      k.push(o.opId, w, o.invokeUs, o.returnUs, value === null ? -1 : texts.add(value), pos);
    }
    return k;
  });
}

describe("value texts and KeyOps' value ids", () => {
  it("gives back each text as added, and tells equal texts from different ones", () => {
    const texts = new ValueTexts();
    const long = "x".repeat(10_000) + "\u{1F600}\ud800"; // past one String.fromCharCode call, a pair and a lone surrogate
    const all = ["v1", "", "v1", long, "é", long.slice(0, -1) + "y"];
    const handles = all.map((s) => texts.add(s));
    expect(handles.map((v) => texts.text(v))).toEqual(all);
    expect(texts.same(handles[0], handles[2])).toBe(true);
    expect(texts.hash(handles[0])).toBe(texts.hash(handles[2]));
    expect(texts.same(handles[3], handles[5])).toBe(false);
    expect(texts.same(handles[0], handles[1])).toBe(false);
  });

  it("numbers a key's values by text, in order of first appearance (0: none), even when all hashes collide", () => {
    const texts = new (class extends ValueTexts {
      override hash(): number {
        return 7;
      }
    })();
    const k = new KeyOps("k", 6, texts);
    for (const [i, v] of ["a", "b", null, "a", "c", "b"].entries()) k.push(i + 1, v !== null, i, i + 1, v === null ? -1 : texts.add(v), -1);
    expect(Array.from(k.value)).toEqual([1, 2, 0, 1, 3, 2]);
    expect(k.written(2)).toBe(true);
  });
});

describe("the search's forward walk", () => {
  it("gives the depth-first search's result and step count, walk or not (600 random histories)", () => {
    let straight = 0;
    let backtracked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      for (const gapUs of [3, 30]) {
        for (const k of keyOpsOf(history(seed, gapUs))) {
          for (const writesOnly of [true, false]) {
            for (const budget of [2, 1e6]) {
              const alone = searchKey(k, writesOnly, budget, false);
              expect(searchKey(k, writesOnly, budget), `seed ${seed}, gap ${gapUs}, ${k.key}, budget ${budget}`).toEqual(alone);
            }
          }
          // Without a backtrack the search of the writes takes one step per write.
          const writes = k.write.subarray(0, k.n).filter((w) => w === 1).length;
          if (searchKey(k, true, 1e6, false).explored === writes) straight++;
          else backtracked++;
        }
      }
    }
    // Both ways are exercised: histories the walk decides alone, and ones it hands to the search.
    expect(straight).toBeGreaterThan(100);
    expect(backtracked).toBeGreaterThan(100);
  });
});
