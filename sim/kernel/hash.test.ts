import { describe, expect, it } from "vitest";
import { StringDigests } from "./hash.ts";

describe("StringDigests", () => {
  it("gives a string the same digest whether its lookup hits the cache, collides in it or starts over", () => {
    // Ids share prefixes and lengths: many land in the same cache entries and evict each other.
    const ids = Array.from({ length: 3_000 }, (_, i) => `svc${i % 7}.${i % 13}.${i}`);
    const lanesOf = (d: StringDigests, s: string) => {
      const slot = d.slot(s);
      return [d.lanes[2 * slot], d.lanes[2 * slot + 1]];
    };
    const fresh = (s: string) => lanesOf(new StringDigests(), s);
    const shared = new StringDigests(1_000); // bounded: it starts over twice along the way
    for (let round = 0; round < 2; round++) for (const s of ids) expect(lanesOf(shared, s)).toEqual(fresh(s));
    expect(fresh("svc1.2.3")).not.toEqual(fresh("svc1.2.4"));
    expect(fresh("")).toEqual(fresh(""));
  });

  it("keeps a slot for each string, and a pinned vocabulary never starts over: it stops", () => {
    const d = new StringDigests(4, true);
    const words = ["raft.append", "loss", "partition", "crashed"];
    const slots = words.map((w) => d.slot(w));
    expect(new Set(slots).size).toBe(words.length);
    expect(words.map((w) => d.slot(w))).toEqual(slots);
    expect(() => d.slot("paused-timeout")).toThrow(/pinned vocabulary outgrew its 4 strings/);
  });
});
