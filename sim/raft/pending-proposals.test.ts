import { describe, expect, it } from "vitest";
import { PendingProposals } from "./pending-proposals.ts";

const cb = () => {};

describe("PendingProposals (a leader's proposals waiting to apply)", () => {
  it("hands proposals out oldest first, only up to the index applied", () => {
    const q = new PendingProposals();
    q.add(5, 2, cb);
    q.add(7, 2, cb);
    expect(q.takeThrough(4)).toBeNull();
    expect(q.takeThrough(5)?.index).toBe(5);
    expect(q.takeThrough(6)).toBeNull();
    q.add(9, 2, cb);
    // An entry applied past a proposal that never applied hands both out, in order.
    expect([q.takeThrough(9)?.index, q.takeThrough(9)?.index, q.takeThrough(9)]).toEqual([7, 9, null]);
    expect(q.size).toBe(0);
  });

  it("refuses a proposal that does not follow the pending ones, and grows past its ring", () => {
    const q = new PendingProposals();
    q.add(3, 1, cb);
    expect(() => q.add(3, 1, cb)).toThrow("proposal at index 3 after one at 3");
    for (let i = 4; i < 100; i++) q.add(i, 1, cb);
    expect(q.takeThrough(10)?.index).toBe(3);
    expect(q.takeAll().map((p) => p.index)).toEqual(Array.from({ length: 96 }, (_, k) => k + 4));
    expect(q.size).toBe(0);
  });
});
