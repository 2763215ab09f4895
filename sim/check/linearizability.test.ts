import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { checkHistory, type HistoryOp, LinearizabilityChecker } from "./linearizability.ts";
import { CheckerHarness } from "./testing.ts";

let nextId = 1;
function w(value: string, invokeUs: number, returnUs: number | null, pos: number | null = null, key = "k"): HistoryOp {
  return { opId: nextId++, client: "c", key, kind: "write", invokeUs, returnUs, input: value, output: pos === null ? null : String(pos) };
}
function r(value: string | null, invokeUs: number, returnUs: number | null, key = "k"): HistoryOp {
  return { opId: nextId++, client: "c", key, kind: "read", invokeUs, returnUs, input: null, output: value };
}
const BUDGET = { budget: 1_000_000 };

describe("checkHistory on small histories", () => {
  it("accepts a sequential history and concurrent reads that see either side of a write", () => {
    expect(checkHistory([w("1", 0, 10), r("1", 20, 30), w("2", 40, 50), r("2", 60, 70)], BUDGET).result).toBe("ok");
    // a read overlapping a write may see the old or the new value, and reads in between agree
    expect(checkHistory([w("1", 0, 10), w("2", 20, 60), r("1", 25, 30), r("2", 35, 40), r("2", 70, 80)], BUDGET).result).toBe("ok");
    expect(checkHistory([r(null, 0, 5), w("1", 10, 20), r(null, 11, 12)], BUDGET).result).toBe("ok");
  });

  it("flags a stale read, with the read as the culprit", () => {
    const stale = r("1", 40, 50);
    const res = checkHistory([w("1", 0, 10), w("2", 20, 30), stale], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.invariant).toBe("api.linearizable-reads");
    expect(res.key).toBe("k");
    expect(res.witness?.at(-1)).toBe(stale.opId);
  });

  it("flags a lost write: acknowledged, then never visible", () => {
    const res = checkHistory([w("1", 0, 10, 1), r(null, 20, 30)], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.invariant).toBe("api.linearizable-reads");
  });

  it("flags reordering across real time: two reads in sequence see the new value then the old", () => {
    const res = checkHistory([w("1", 0, 10), w("2", 15, 100), r("2", 20, 30), r("1", 40, 50)], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.invariant).toBe("api.linearizable-reads");
  });

  it("flags writes whose log positions contradict real time, without any read", () => {
    const res = checkHistory([w("1", 0, 10, 5), w("2", 20, 30, 3)], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.invariant).toBe("api.linearizable-writes");
    expect(checkHistory([w("1", 0, 10, 3), w("2", 20, 30, 5)], BUDGET).result).toBe("ok");
    // concurrent writes may take effect in either order
    expect(checkHistory([w("1", 0, 30, 5), w("2", 10, 40, 3)], BUDGET).result).toBe("ok");
  });

  it("flags a read of a value no write produced as a write problem", () => {
    const res = checkHistory([w("1", 0, 10), r("9", 20, 30)], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.invariant).toBe("api.linearizable-writes");
  });

  it("treats an operation without a response as taking effect later or never", () => {
    // never observed: fine
    expect(checkHistory([w("1", 0, 10), w("2", 20, null), r("1", 30, 40), r("1", 50, 60)], BUDGET).result).toBe("ok");
    // observed late, long after its call: fine
    expect(checkHistory([w("1", 0, 10), w("2", 20, null), r("1", 30, 40), r("2", 500, 600)], BUDGET).result).toBe("ok");
    // observed, then un-observed: no single point for it
    const back = r("1", 70, 80);
    const res = checkHistory([w("1", 0, 10), w("2", 20, null), r("2", 50, 60), back], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.witness?.at(-1)).toBe(back.opId);
    // a read without a response constrains nothing
    expect(checkHistory([w("1", 0, 10), r("7", 20, null)], BUDGET).result).toBe("ok");
  });

  it("checks keys independently and names the broken one", () => {
    const res = checkHistory([w("1", 0, 10, null, "a"), r("1", 20, 30, "a"), w("1", 0, 10, null, "b"), r(null, 20, 30, "b")], BUDGET);
    expect(res.result).toBe("violation");
    expect(res.key).toBe("b");
  });
});

/** A register history: each op takes effect atomically at a distinct point inside its window. */
function registerHistory(
  shape: { isWrite: boolean; before: number; after: number; lost: boolean; key: number }[],
  withPositions: boolean,
): HistoryOp[] {
  const state = new Map<string, string | null>();
  let pos = 0;
  return shape.map((s, i) => {
    const at = (i + 1) * 100;
    const key = `k${s.key}`;
    const invokeUs = at - s.before;
    if (s.isWrite) {
      const v = `v${i}`;
      state.set(key, v);
      pos++;
      const returnUs = s.lost ? null : at + s.after;
      return { opId: i, client: `c${i % 5}`, key, kind: "write", invokeUs, returnUs, input: v, output: withPositions && !s.lost ? String(pos) : null };
    }
    return { opId: i, client: `c${i % 5}`, key, kind: "read", invokeUs, returnUs: at + s.after, input: null, output: state.get(key) ?? null };
  });
}

const opShape = fc.record({
  isWrite: fc.boolean(),
  before: fc.integer({ min: 0, max: 450 }),
  after: fc.integer({ min: 0, max: 450 }),
  lost: fc.boolean(),
  key: fc.integer({ min: 0, max: 2 }),
});

describe("properties", () => {
  test.prop([fc.array(opShape, { maxLength: 60 }), fc.boolean()], { numRuns: 200 })(
    "histories of an atomic register with overlapping windows are linearizable",
    (shape, withPositions) => {
      expect(checkHistory(registerHistory(shape, withPositions), { budget: 1_000_000 }).result).toBe("ok");
    },
  );

  it("decides a 200-operation concurrent history on one key whatever the budget", () => {
    const shape = Array.from({ length: 200 }, (_, i) => ({
      isWrite: i % 3 !== 0,
      before: (i * 37) % 600,
      after: (i * 53) % 600,
      lost: i % 11 === 0,
      key: 0,
    }));
    const h = registerHistory(shape, false);
    const ok = checkHistory(h, { budget: 1 });
    expect(ok.result).toBe("ok");
    // the same history with one read corrupted to a stale value is decided as a violation
    const bad = h.map((o) => ({ ...o }));
    const lastRead = bad.filter((o) => o.kind === "read").at(-1)!;
    lastRead.output = "v1";
    const res = checkHistory(bad, { budget: 1 });
    expect(res.result).toBe("violation");
    expect(res.explored).toBeGreaterThan(1);
  });

  it("answers unknown when a large history exceeds the budget", () => {
    const shape = Array.from({ length: 400 }, (_, i) => ({ isWrite: i % 2 === 0, before: 300, after: 300, lost: false, key: 0 }));
    const res = checkHistory(registerHistory(shape, false), { budget: 10 });
    expect(res.result).toBe("unknown");
    expect(res.explored).toBeLessThanOrEqual(12);
  });
});

describe("LinearizabilityChecker", () => {
  it("reports a stale read at the end of the run with the ops' events as witness", () => {
    const h = new CheckerHarness(new LinearizabilityChecker(), ["m1", "m2", "m3"]);
    const s1 = h.at(0).emit("client.submit", "m1", 1, "c1", "m1", "k0", "v1");
    h.at(10).emit("client.result", "m1", 1, "c1", "ok", 5, null);
    h.at(20).emit("client.submit", "m2", 2, "c2", "m2", "k0", "v2");
    h.at(30).emit("client.result", "m2", 2, "c2", "ok", 6, null);
    const s3 = h.at(40).emit("client.submit", "m3", 3, "c1", "m3", "k0", null);
    const e3 = h.at(50).emit("client.result", "m3", 3, "c1", "ok", 0, "v1");
    h.finish(100);
    expect(h.ids).toEqual(["api.linearizable-reads"]);
    const v = h.violations[0];
    expect(v.witness).toContain(s3);
    expect(v.witness).toContain(e3);
    expect(v.witness).toContain(s1); // the longest valid order: write v1, write v2 — then the stale read
    expect(v.nodes).toContain("m3");
    expect(v.message).toContain("k0");
    expect(v.message).toContain(`#${s3}`);
  });

  it("stays silent on a valid history with timeouts, refusals and pending ops", () => {
    const h = new CheckerHarness(new LinearizabilityChecker(), ["m1", "m2"]);
    h.at(0).emit("client.submit", "m1", 1, "c1", "m1", "k0", "v1");
    h.at(10).emit("client.result", "m1", 1, "c1", "ok", 3, null);
    h.at(20).emit("client.submit", "m2", 2, "c2", "m2", "k0", "v2");
    h.at(25).emit("client.result", "m2", 2, "c2", "not-leader", 0, null);
    h.at(30).emit("client.submit", "m1", 3, "c1", "m1", "k0", "v3");
    h.at(90).emit("client.result", "m1", 3, "c1", "timeout", 0, null);
    h.at(100).emit("client.submit", "m1", 4, "c2", "m1", "k0", null);
    h.at(110).emit("client.result", "m1", 4, "c2", "ok", 0, "v3");
    h.at(120).emit("client.submit", "m2", 5, "c1", "m2", "k0", null);
    h.at(125).emit("client.result", "m2", 5, "c1", "error", 0, null);
    h.at(130).emit("client.submit", "m1", 6, "c2", "m1", "k1", "x"); // never answered
    h.finish(200);
    expect(h.violations).toEqual([]);
    expect(h.checker.lastResult?.result).toBe("ok");
  });

  it("reports a write whose log index contradicts real time", () => {
    const h = new CheckerHarness(new LinearizabilityChecker(), ["m1"]);
    h.at(0).emit("client.submit", "m1", 1, "c1", "m1", "k0", "a");
    h.at(10).emit("client.result", "m1", 1, "c1", "ok", 9, null);
    h.at(20).emit("client.submit", "m1", 2, "c2", "m1", "k0", "b");
    const e2 = h.at(30).emit("client.result", "m1", 2, "c2", "ok", 4, null);
    h.finish(40);
    expect(h.ids).toEqual(["api.linearizable-writes"]);
    expect(h.violations[0].witness).toContain(e2);
  });

  it("ignores submissions past maxOps, and reads that could have seen them", () => {
    const h = new CheckerHarness(new LinearizabilityChecker({ maxOps: 1 }), ["m1"]);
    h.at(0).emit("client.submit", "m1", 1, "c1", "m1", "k0", null);
    h.at(5).emit("client.submit", "m1", 2, "c2", "m1", "k0", "b"); // ignored
    h.at(10).emit("client.result", "m1", 2, "c2", "ok", 1, null);
    h.at(20).emit("client.result", "m1", 1, "c1", "ok", 0, "b"); // saw the ignored write: dropped
    h.finish(40);
    expect(h.violations).toEqual([]);
  });
});
