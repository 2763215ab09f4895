import { describe, expect, it } from "vitest";
import { parseShard, runSeed, shardRuns } from "./plan.ts";

describe("run plan", () => {
  it("shards partition the runs without overlap (k mod n = i-1)", () => {
    const all: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const ks = [...shardRuns(10, { index: i, count: 3 })];
      expect(ks.every((k) => k % 3 === i - 1)).toBe(true);
      all.push(...ks);
    }
    expect(all.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect([...shardRuns(4, null)]).toEqual([0, 1, 2, 3]);
  });

  it("an unbounded plan is lazy", () => {
    const it = shardRuns(Number.POSITIVE_INFINITY, { index: 2, count: 2 });
    expect([it.next().value, it.next().value, it.next().value]).toEqual([1, 3, 5]);
  });

  it("run k uses seed S+k, wrapping at 2^32", () => {
    expect(runSeed(1, 0)).toBe(1);
    expect(runSeed(1, 41)).toBe(42);
    expect(runSeed(0xffffffff, 2)).toBe(1);
  });

  it("parses --shard i/n and rejects nonsense", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("0/4")).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard("5/4")).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard("2-4")).toThrow(/i\/n/);
  });
});
