import { describe, expect, it } from "vitest";
import { OpColumns } from "./op-columns.ts";

describe("OpColumns", () => {
  it("gives back each operation as submitted and answered, past several growths", () => {
    const ops = new OpColumns();
    const n = 1_000;
    for (let i = 0; i < n; i++) ops.submit(100 + i, 10 * i, 2 * i + 1, `c${i % 3}`, `m${i % 5}`, `k${i % 7}`, i % 2 === 0 ? `v${i}` : null);
    for (let i = 0; i < n; i += 3) {
      const r = ops.row(100 + i);
      expect(ops.answer(r, 5_000 + i)).toBe(true);
      expect(ops.answer(r, 6_000 + i)).toBe(false); // one result per operation
      if (i % 4 === 0) ops.returned(r, 10 * i + 7, i + 1, i % 2 === 0 ? null : `v${i - 1}`);
      else ops.drop(r);
    }
    expect(ops.size).toBe(n);
    expect(ops.row(99)).toBe(-1);
    expect(ops.op(ops.row(100))).toEqual({ opId: 100, client: "c0", key: "k0", kind: "write", invokeUs: 0, returnUs: 7, input: "v0", output: "1", submitSeq: 1, resultSeq: 5_000, via: "m0" });
    expect(ops.op(ops.row(103))).toMatchObject({ kind: "read", returnUs: null, output: null, resultSeq: 5_003 });
    expect(ops.isDropped(ops.row(103))).toBe(true);
    expect(ops.op(ops.row(112))).toMatchObject({ kind: "write", returnUs: 127, output: "13" });
    expect(ops.op(ops.row(100 + 998))).toEqual({ opId: 1_098, client: "c2", key: "k4", kind: "write", invokeUs: 9_980, returnUs: null, input: "v998", output: null, submitSeq: 1_997, resultSeq: -1, via: "m3" });
  });

  it("keeps a read's value and a write's unknown position apart", () => {
    const ops = new OpColumns();
    ops.submit(1, 0, 1, "c", "m1", "k", "a");
    ops.submit(2, 1, 2, "c", "m1", "k", null);
    ops.returned(ops.row(1), 5, 0, "a"); // acknowledged at no known index
    ops.returned(ops.row(2), 6, 9, "a");
    expect(ops.op(0)).toMatchObject({ kind: "write", input: "a", output: null, returnUs: 5 });
    expect(ops.op(1)).toMatchObject({ kind: "read", input: null, output: "a", returnUs: 6 });
  });

  it("finds rows by opId whether or not opIds count up by one", () => {
    const ops = new OpColumns();
    const ids = [5, 6, 7, 42, 8, 3, 9, 1e12, 10];
    for (const [i, id] of ids.entries()) ops.submit(id, i, i, "c", "m1", "k", null);
    for (const [i, id] of ids.entries()) expect(ops.row(id)).toBe(i);
    for (const id of [4, 11, 41, 0, -1, 5.5]) expect(ops.row(id)).toBe(-1);
    // a second submission is refused on either path
    for (const id of [6, 9, 42]) expect(() => ops.submit(id, 0, 0, "c", "m1", "k", null)).toThrow(`operation ${id} submitted twice`);
  });

  it("refuses an operation submitted twice (a broken trace)", () => {
    const ops = new OpColumns();
    ops.submit(1, 0, 1, "c", "m1", "k", "a");
    expect(() => ops.submit(1, 2, 3, "c", "m1", "k", "b")).toThrow(/operation 1 submitted twice/);
  });
});
