import { describe, expect, it } from "vitest";
import { contentHash32, StringDigests } from "./hash.ts";

/** A store-batch-like value with objects nested past the memo depth. */
function batch(state: string, labels: Record<string, string> = { tier: "web" }) {
  const spec = { image: "nginx:1.25", resources: { limits: { cpu: 1, mem: 512 } }, labels };
  return [3, { kind: "swarm.tx", atUs: 1_000, ops: [{ t: "task", v: { id: "t1", spec, status: { state, err: null } } }] }];
}

describe("contentHash32", () => {
  it("is a function of content: equal copies hash equal, memoized or fresh", () => {
    const a = batch("running");
    expect(contentHash32(a)).toBe(contentHash32(a)); // second call hits the memo
    expect(contentHash32(batch("running"))).toBe(contentHash32(a)); // fresh objects, same content
    expect(contentHash32(JSON.parse(JSON.stringify(a)))).toBe(contentHash32(a));
  });

  it("differs when any nested value differs, at every depth", () => {
    const base = contentHash32(batch("running"));
    expect(contentHash32(batch("failed"))).not.toBe(base);
    expect(contentHash32(batch("running", { tier: "db" }))).not.toBe(base); // 6 levels down
    const other = batch("running");
    (other as unknown[])[0] = 4; // the term
    expect(contentHash32(other)).not.toBe(base);
  });

  it("skips undefined fields as JSON does, and tells keys, arrays and strings apart", () => {
    expect(contentHash32({ a: 1, b: undefined })).toBe(contentHash32({ a: 1 }));
    expect(contentHash32({ a: 1 })).not.toBe(contentHash32({ b: 1 }));
    expect(contentHash32([1, 2])).not.toBe(contentHash32([2, 1]));
    expect(contentHash32(["ab"])).not.toBe(contentHash32(["a", "b"]));
    expect(contentHash32(null)).toBe(contentHash32(null));
    expect(contentHash32({ x: null })).not.toBe(contentHash32({ x: false }));
  });
});

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
