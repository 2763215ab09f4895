import { describe, expect, it } from "vitest";
import { ConfigMemo } from "./config-memo.ts";

describe("ConfigMemo (the linearizability search's cache of explored configurations)", () => {
  it("knows a configuration again whatever order its set was built in", () => {
    const m = new ConfigMemo(100);
    for (const i of [3, 40, 7, 99]) m.add(i);
    expect(m.seen(5, 12)).toBe(false);
    expect(m.seen(5, 12)).toBe(true);
    for (const i of [3, 40, 7, 99]) m.remove(i);
    for (const i of [99, 7, 3, 40]) m.add(i);
    expect(m.seen(5, 12)).toBe(true);
    expect(m.size).toBe(1);
  });

  it("tells apart sets that differ in one operation, and states that differ in value or position", () => {
    const m = new ConfigMemo(70);
    for (let i = 0; i < 40; i++) m.add(i);
    expect(m.seen(1, 0)).toBe(false);
    expect(m.seen(2, 0)).toBe(false);
    expect(m.seen(1, 9)).toBe(false);
    m.remove(5); // a hole inside the full prefix
    expect(m.seen(1, 0)).toBe(false);
    m.add(5);
    m.add(64); // a member past the frontier
    expect(m.seen(1, 0)).toBe(false);
    m.remove(64);
    expect(m.seen(1, 0)).toBe(true);
    expect(m.size).toBe(5);
  });

  it("compares long sets by their frontier: full words below it, empty ones above", () => {
    const n = 3200;
    const m = new ConfigMemo(n);
    for (let i = 0; i < 3000; i++) m.add(i);
    m.add(3100);
    expect(m.seen(0, 0)).toBe(false);
    m.remove(2999);
    expect(m.seen(0, 0)).toBe(false); // last word of the prefix no longer full
    m.add(2999);
    expect(m.seen(0, 0)).toBe(true);
    for (let i = 0; i < n; i++) if (!m.has(i)) m.add(i);
    expect(m.seen(0, 0)).toBe(false); // everything: an empty frontier
    for (let i = n - 1; i >= 0; i--) m.remove(i);
    expect(m.seen(0, 0)).toBe(false); // nothing
    expect(m.seen(0, 0)).toBe(true);
    expect(m.size).toBe(4);
  });

  it("grows past its initial table and arena without losing entries", () => {
    const m = new ConfigMemo(4096);
    for (let i = 0; i < 2000; i++) {
      m.add(2 * i);
      expect(m.seen(i, i)).toBe(false);
    }
    for (let i = 1999; i >= 0; i--) {
      expect(m.seen(i, i)).toBe(true);
      m.remove(2 * i);
    }
    expect(m.size).toBe(2000);
  });
});
