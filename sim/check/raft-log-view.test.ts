import { describe, expect, it } from "vitest";
import { Rng } from "../kernel/rng.ts";
import { EMPTY_PREFIX_DIGEST, mixEntry } from "./digest.ts";
import { RaftLogView } from "./raft-log-view.ts";

/** The obvious model: every entry from index 1 in plain arrays, and a base index. */
class ModelLog {
  base = 0;
  terms: number[] = [];
  hashes: number[] = [];
  digests: number[] = [];
  seqs: number[] = [];
  get last(): number {
    return this.terms.length;
  }
  push(term: number, hash: number, seq: number): number {
    const d = mixEntry(this.terms.length === 0 ? EMPTY_PREFIX_DIGEST : this.digests[this.digests.length - 1], term, hash);
    this.terms.push(term);
    this.hashes.push(hash);
    this.digests.push(d);
    this.seqs.push(seq);
    return d;
  }
}

describe("RaftLogView", () => {
  it("matches a plain-array model through appends, truncations and compactions (slides and growth included)", () => {
    const rng = new Rng("log-view", "7");
    const view = new RaftLogView();
    const model = new ModelLog();
    let seq = 0;
    for (let step = 0; step < 8_000; step++) {
      const r = rng.next();
      if (r < 0.8 || model.last === model.base) {
        const term = 1 + rng.int(0, 5);
        const hash = rng.u32();
        seq++;
        expect(view.push(term, hash, seq)).toBe(model.push(term, hash, seq));
      } else if (r < 0.85) {
        const from = model.base + 1 + rng.int(0, model.last - model.base);
        view.truncateFrom(from);
        for (const a of [model.terms, model.hashes, model.digests, model.seqs]) a.length = from - 1;
      } else {
        const to = model.base + rng.int(0, model.last - model.base + 1);
        view.compactTo(to);
        if (to > model.base) model.base = to;
      }
      expect(view.baseIndex).toBe(model.base);
      expect(view.lastIndex).toBe(model.last);
      if (step % 97 === 0) {
        if (model.base > 0) expect(view.digestAt(model.base)).toBe(model.digests[model.base - 1]);
        for (let i = model.base + 1; i <= model.last; i++) {
          expect(view.termAt(i)).toBe(model.terms[i - 1]);
          expect(view.hashAt(i)).toBe(model.hashes[i - 1]);
          expect(view.digestAt(i)).toBe(model.digests[i - 1]);
          expect(view.seqAt(i)).toBe(model.seqs[i - 1]);
        }
      }
    }
    expect(model.last).toBeGreaterThan(1000); // the log grew past several capacities
  });

  it("refuses reads outside the stored entries", () => {
    const view = new RaftLogView();
    view.push(1, 11, 1);
    view.push(1, 12, 2);
    view.compactTo(1);
    expect(view.hasDigest(1)).toBe(true);
    expect(view.has(1)).toBe(false);
    expect(() => view.hashAt(1)).toThrow(/outside stored log/);
    expect(() => view.termAt(3)).toThrow(/outside stored log/);
    expect(view.hashAt(2)).toBe(12);
    view.resetTo(10, 3, 5, false);
    expect(view.lastIndex).toBe(10);
    expect(view.termAt(10)).toBe(3);
    expect(() => view.seqAt(10)).toThrow(/outside stored log/);
  });
});
