import { describe, expect, it } from "vitest";
import { IndexWindow } from "./index-window.ts";

describe("IndexWindow (values by log index over a sliding window)", () => {
  it("holds values by index, drops those below a rising floor, and counts what it holds", () => {
    const w = new IndexWindow<string>();
    w.set(1, "a");
    w.set(2, "b");
    w.set(5, "e");
    expect([w.get(1), w.get(2), w.get(3), w.get(5), w.get(6)]).toEqual(["a", "b", undefined, "e", undefined]);
    expect(w.size).toBe(3);
    w.set(2, "B");
    expect(w.size).toBe(3);
    w.dropBelow(3);
    expect([w.get(1), w.get(2), w.get(5)]).toEqual([undefined, undefined, "e"]);
    expect(w.size).toBe(1);
    w.dropBelow(2); // the floor never goes back down
    expect(w.floor).toBe(3);
    expect(() => w.set(2, "x")).toThrow("below its floor 3");
  });

  it("grows when the window outgrows its ring, keeping every value, and reuses slots after drops", () => {
    const w = new IndexWindow<number>();
    for (let i = 1; i <= 1000; i++) w.set(i, i * 10);
    expect(w.size).toBe(1000);
    for (let i = 1; i <= 1000; i++) expect(w.get(i)).toBe(i * 10);
    w.dropBelow(990);
    expect(w.size).toBe(11);
    for (let i = 1001; i <= 5000; i++) {
      w.set(i, i);
      w.dropBelow(i - 10);
    }
    expect(w.size).toBe(11);
    expect([w.get(4989), w.get(4990), w.get(5000), w.get(5001)]).toEqual([undefined, 4990, 5000, undefined]);
  });

  it("jumps far ahead of its floor (a member restored from a snapshot) without losing the values below", () => {
    const w = new IndexWindow<string>();
    w.set(3, "c");
    w.set(100_000, "far");
    expect([w.get(3), w.get(100_000), w.get(99_999)]).toEqual(["c", "far", undefined]);
    w.dropBelow(100_000);
    expect([w.get(3), w.get(100_000)]).toEqual([undefined, "far"]);
    expect(w.size).toBe(1);
    w.dropBelow(200_000);
    expect(w.size).toBe(0);
    w.set(200_001, "next");
    expect(w.get(200_001)).toBe("next");
  });
});

