import { describe, expect, it } from "vitest";
import { contentHash32 } from "./hash.ts";

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
