import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { Rng, RngRoot } from "./rng.ts";

describe("Rng", () => {
  it("draws exactly seedrandom's alea stream (next and u32 interleaved)", () => {
    for (const seed of ["", "a", "swarmsim/1/net", "swarmsim/4294967295/node:m1"]) {
      const ref = seedrandom.alea(seed);
      const r = new Rng("x", seed);
      for (let i = 0; i < 20_000; i++) {
        if (i % 3 === 0) expect(r.u32()).toBe(ref.int32() >>> 0);
        else expect(r.next()).toBe(ref());
      }
    }
  });

  it("derives int, chance, pick and exp from the same draws", () => {
    const ref = seedrandom.alea("swarmsim/7/net");
    const r = new RngRoot(7).stream("net");
    for (let i = 0; i < 1_000; i++) {
      expect(r.int(3, 10)).toBe(3 + Math.floor(ref() * 7));
      expect(r.chance(0.25)).toBe(ref() < 0.25);
      expect(r.pick(["a", "b", "c"])).toBe(["a", "b", "c"][Math.floor(ref() * 3)]);
      expect(r.exp(100)).toBe(-Math.log(1 - ref()) * 100);
    }
    // Zero and certain rates draw nothing.
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(r.next()).toBe(ref());
  });

  it("rejects empty ranges and empty picks", () => {
    const r = new Rng("x", "s");
    expect(() => r.int(5, 5)).toThrow(/empty range/);
    expect(() => r.pick([])).toThrow(/empty list/);
  });
});
