import { describe, expect, it } from "vitest";
import { SimAssertionError } from "../kernel/assert.ts";
import { SEC } from "../kernel/types.ts";
import { RaftSafetyChecker } from "./raft-safety.ts";
import { CheckerHarness } from "./testing.ts";

const NODES = ["m1", "m2", "m3"];

function harness(): CheckerHarness<RaftSafetyChecker> {
  return new CheckerHarness(new RaftSafetyChecker(), NODES);
}

/** Appends entries [index, term, hash] on each named node. */
function appendAll(h: CheckerHarness, nodes: string[], entries: [number, number, number][]): void {
  for (const n of nodes) for (const [i, t, x] of entries) h.emit("raft.append", n, i, t, x);
}

describe("raft.election-safety", () => {
  it("fires when two nodes lead the same term, naming both role events", () => {
    const h = harness();
    const a = h.emit("raft.role", "m1", "leader", 2, "m1");
    h.advance(SEC);
    const b = h.emit("raft.role", "m2", "leader", 2, "m2");
    expect(h.ids).toEqual(["raft.election-safety"]);
    const v = h.violations[0];
    expect(v.witness).toEqual([a, b]);
    expect(v.nodes).toEqual(["m1", "m2"]);
    expect(v.message).toContain("term 2");
    expect(v.message).toContain(`#${a}`);
    expect(v.message).toContain(`#${b}`);
  });

  it("stays silent for one leader per term, repeated announcements and step-downs", () => {
    const h = harness();
    h.emit("raft.role", "m1", "leader", 2, "m1");
    h.emit("raft.role", "m1", "leader", 2, "m1");
    h.emit("raft.role", "m2", "follower", 2, "m1");
    h.emit("raft.role", "m1", "follower", 3, null);
    h.emit("raft.role", "m2", "candidate", 3, null);
    h.emit("raft.role", "m2", "leader", 3, "m2");
    h.emit("node.crash", "m2", false, -1);
    h.emit("raft.role", "m3", "leader", 4, "m3");
    expect(h.violations).toEqual([]);
  });
});

describe("raft.leader-append-only", () => {
  it("fires when a leader truncates its own log", () => {
    const h = harness();
    const lead = h.emit("raft.role", "m1", "leader", 1, "m1");
    const first = h.emit("raft.append", "m1", 1, 1, 0xa);
    h.emit("raft.append", "m1", 2, 1, 0xb);
    const tr = h.emit("raft.truncate", "m1", 1);
    expect(h.ids).toEqual(["raft.leader-append-only"]);
    expect(h.violations[0].witness).toEqual([lead, first, tr]);
    expect(h.violations[0].message).toContain("entries 1..2");
  });

  it("fires when a leader overwrites an entry in place", () => {
    const h = harness();
    h.emit("raft.role", "m1", "leader", 1, "m1");
    h.emit("raft.append", "m1", 1, 1, 0xa);
    const w = h.emit("raft.append", "m1", 1, 1, 0xbad);
    expect(h.ids).toEqual(["raft.leader-append-only"]);
    expect(h.violations[0].witness.at(-1)).toBe(w);
  });

  it("lets followers truncate, a leader re-append the same entry, and truncation past the end", () => {
    const h = harness();
    h.emit("raft.role", "m1", "leader", 1, "m1");
    h.emit("raft.append", "m1", 1, 1, 0xa);
    h.emit("raft.append", "m1", 1, 1, 0xa);
    h.emit("raft.truncate", "m1", 5);
    h.emit("raft.append", "m2", 1, 1, 0xa);
    h.emit("raft.append", "m2", 2, 1, 0xb);
    h.emit("raft.truncate", "m2", 2);
    // a crashed leader is no longer leader: losing its unsynced tail is allowed
    h.emit("raft.append", "m1", 2, 1, 0xb);
    h.emit("node.crash", "m1", true, -1);
    h.emit("raft.truncate", "m1", 2);
    expect(h.violations).toEqual([]);
  });
});

describe("raft.log-matching", () => {
  it("fires when two entries share index and term but differ", () => {
    const h = harness();
    const a = h.emit("raft.append", "m1", 1, 1, 0xa);
    const b = h.emit("raft.append", "m2", 1, 1, 0xb);
    expect(h.ids).toEqual(["raft.log-matching"]);
    expect(h.violations[0].witness).toEqual([a, b]);
  });

  it("fires when logs share an entry but differ before it, naming the first difference", () => {
    const h = harness();
    const a1 = h.emit("raft.append", "m1", 1, 1, 0xa);
    h.emit("raft.append", "m1", 2, 2, 0xc);
    const b1 = h.emit("raft.append", "m2", 1, 3, 0xb);
    const b2 = h.emit("raft.append", "m2", 2, 2, 0xc);
    expect(h.ids).toEqual(["raft.log-matching"]);
    const v = h.violations[0];
    expect(v.witness).toContain(b2);
    expect(v.witness).toContain(a1);
    expect(v.witness).toContain(b1);
    expect(v.message).toContain("first differ at index 1");
  });

  it("accepts an implicit follower overwrite and a later matching prefix", () => {
    const h = harness();
    appendAll(h, ["m1", "m2"], [
      [1, 1, 0xa],
      [2, 1, 0xb],
    ]);
    h.emit("raft.append", "m3", 1, 1, 0xa);
    h.emit("raft.append", "m3", 2, 1, 0xb);
    h.emit("raft.append", "m3", 3, 1, 0xdead); // uncommitted, never replicated
    h.emit("raft.append", "m3", 3, 2, 0xc); // overwritten by the term-2 leader without an explicit truncate
    h.emit("raft.append", "m1", 3, 2, 0xc);
    expect(h.violations).toEqual([]);
  });

  it("fires on an entry of a later term at an index that already holds one of an earlier term", () => {
    // Index 2 is first seen with term 1; the term-2 entries there are kept beside it, and judged.
    const differ = harness();
    appendAll(differ, ["m1", "m2"], [[1, 1, 0xa]]);
    differ.emit("raft.append", "m3", 1, 1, 0xa);
    differ.emit("raft.append", "m3", 2, 1, 0xdead);
    const a = differ.emit("raft.append", "m1", 2, 2, 0xc);
    const b = differ.emit("raft.append", "m2", 2, 2, 0xd);
    expect(differ.ids).toEqual(["raft.log-matching"]);
    expect(differ.violations[0].witness).toEqual([a, b]);
    expect(differ.violations[0].nodes).toEqual(["m1", "m2"]);

    const prefix = harness();
    prefix.emit("raft.append", "m3", 1, 1, 0xa);
    prefix.emit("raft.append", "m3", 2, 1, 0xdead);
    const p1 = prefix.emit("raft.append", "m1", 1, 1, 0xa);
    prefix.emit("raft.append", "m1", 2, 2, 0xc);
    const q1 = prefix.emit("raft.append", "m2", 1, 3, 0xb);
    const q2 = prefix.emit("raft.append", "m2", 2, 2, 0xc);
    expect(prefix.ids).toEqual(["raft.log-matching"]);
    expect(prefix.violations[0].witness).toEqual(expect.arrayContaining([p1, q1, q2]));
    expect(prefix.violations[0].message).toContain("first differ at index 1");
  });
});

describe("raft.leader-completeness", () => {
  it("fires when a leader lacks a committed entry", () => {
    const h = harness();
    h.emit("raft.role", "m1", "leader", 1, "m1");
    appendAll(h, ["m1", "m2"], [
      [1, 1, 0xa],
      [2, 1, 0xb],
    ]);
    h.emit("raft.append", "m3", 1, 1, 0xa);
    const c = h.emit("raft.commit", "m1", 2, 1);
    h.emit("node.crash", "m1", false, -1);
    const l = h.emit("raft.role", "m3", "leader", 2, "m3");
    expect(h.ids).toEqual(["raft.leader-completeness"]);
    expect(h.violations[0].witness).toEqual([c, l]);
    expect(h.violations[0].message).toContain("index 2");
  });

  it("fires when a leader's log is long enough but differs from the committed prefix", () => {
    const h = harness();
    appendAll(h, ["m1", "m2"], [
      [1, 1, 0xa],
      [2, 1, 0xb],
    ]);
    const c = h.emit("raft.commit", "m1", 2, 1);
    // m3 has a different history (its entries were never compared: different terms)
    h.emit("raft.append", "m3", 1, 2, 0xe);
    h.emit("raft.append", "m3", 2, 2, 0xf);
    const l = h.emit("raft.role", "m3", "leader", 3, "m3");
    expect(h.ids).toEqual(["raft.leader-completeness"]);
    expect(h.violations[0].witness).toEqual([c, l]);
  });

  it("a realistic run: new leader truncates an uncommitted suffix, restarts, snapshot install", () => {
    const h = harness();
    // term 1: m1 leads; index 1 committed everywhere; 2..3 only partly replicated
    h.emit("raft.role", "m1", "leader", 1, "m1");
    appendAll(h, NODES, [[1, 1, 0xa]]);
    for (const n of NODES) h.emit("raft.commit", n, 1, 1);
    for (const n of NODES) h.emit("raft.apply", n, 1, 1, 0xa);
    h.emit("raft.append", "m1", 2, 1, 0xb);
    h.emit("raft.append", "m1", 3, 1, 0xc);
    h.emit("raft.append", "m2", 2, 1, 0xb);
    h.advance(SEC);
    h.emit("node.crash", "m1", false, -1);
    // term 2: m2 (most up to date) wins and appends its no-op at 3
    h.advance(15 * SEC);
    h.emit("raft.role", "m2", "leader", 2, "m2");
    h.emit("raft.append", "m2", 3, 2, 0xd);
    h.emit("raft.append", "m3", 2, 1, 0xb);
    h.emit("raft.append", "m3", 3, 2, 0xd);
    h.emit("raft.commit", "m2", 3, 2);
    h.emit("raft.commit", "m3", 3, 2);
    for (const n of ["m2", "m3"]) for (const [i, x] of [[2, 0xb], [3, 0xd]] as const) h.emit("raft.apply", n, i, i === 2 ? 1 : 2, x);
    // m1 restarts as a follower: its uncommitted 3@1 is truncated and replaced
    h.emit("node.restart", "m1", -1);
    h.emit("raft.role", "m1", "follower", 2, "m2");
    h.emit("raft.truncate", "m1", 3);
    h.emit("raft.append", "m1", 3, 2, 0xd);
    h.emit("raft.commit", "m1", 3, 2);
    h.emit("raft.apply", "m1", 2, 1, 0xb);
    h.emit("raft.apply", "m1", 3, 2, 0xd);
    // m2 snapshots at 3 and keeps going; a wiped m3 gets the snapshot installed
    h.emit("raft.snapshot", "m2", 3, 2);
    h.emit("raft.append", "m2", 4, 2, 0xe);
    h.emit("raft.append", "m1", 4, 2, 0xe);
    h.emit("raft.commit", "m2", 4, 2);
    h.emit("node.crash", "m3", true, -1);
    h.emit("raft.truncate", "m3", 2);
    h.emit("node.restart", "m3", -1);
    h.emit("raft.snapshot", "m3", 3, 2);
    h.emit("raft.append", "m3", 4, 2, 0xe);
    h.emit("raft.commit", "m3", 4, 2);
    h.emit("raft.apply", "m3", 4, 2, 0xe);
    // m3 later leads term 3: it holds every committed entry
    h.emit("raft.role", "m2", "follower", 3, null);
    h.emit("raft.role", "m3", "leader", 3, "m3");
    h.emit("raft.append", "m3", 5, 3, 0xf);
    expect(h.violations).toEqual([]);
  });
});

describe("raft.state-machine-safety", () => {
  it("fires when two members apply different entries at one index", () => {
    const h = harness();
    const a = h.emit("raft.apply", "m1", 7, 2, 0xa);
    h.emit("raft.apply", "m2", 6, 2, 0x1);
    const b = h.emit("raft.apply", "m2", 7, 2, 0xb);
    expect(h.ids).toEqual(["raft.state-machine-safety"]);
    expect(h.violations[0].witness).toEqual([a, b]);
    expect(h.violations[0].nodes).toEqual(["m1", "m2"]);
  });

  it("fires when a member commits a prefix that disagrees with what another committed", () => {
    const h = harness();
    h.emit("raft.append", "m1", 1, 1, 0xa);
    const c1 = h.emit("raft.commit", "m1", 1, 1);
    h.emit("raft.append", "m2", 1, 2, 0xb);
    h.emit("raft.append", "m2", 2, 2, 0xc);
    const c2 = h.emit("raft.commit", "m2", 2, 2);
    expect(h.ids).toEqual(["raft.state-machine-safety"]);
    expect(h.violations[0].witness).toEqual([c1, c2]);
  });

  it("accepts identical applies, re-applies after a restart, and snapshot-covered indexes", () => {
    const h = harness();
    for (const n of NODES) h.emit("raft.apply", n, 1, 1, 0xa);
    h.emit("node.crash", "m1", false, -1);
    h.emit("node.restart", "m1", -1);
    h.emit("raft.apply", "m1", 1, 1, 0xa);
    h.emit("raft.apply", "m2", 2, 1, 0xb);
    h.emit("raft.snapshot", "m3", 2, 1);
    h.emit("raft.apply", "m3", 3, 1, 0xc);
    h.emit("raft.apply", "m2", 3, 1, 0xc);
    expect(h.violations).toEqual([]);
  });
});

describe("memory and input shape", () => {
  it("keeps bounded state over a long run with commits and applies", () => {
    const h = harness();
    h.emit("raft.role", "m1", "leader", 1, "m1");
    for (let i = 1; i <= 30_000; i++) {
      for (const n of NODES) h.emit("raft.append", n, i, 1, i * 7);
      for (const n of NODES) h.emit("raft.commit", n, i, 1);
      for (const n of NODES) h.emit("raft.apply", n, i, 1, i * 7);
      if (i % 10_000 === 0) for (const n of NODES) h.emit("raft.snapshot", n, i, 1);
    }
    expect(h.violations).toEqual([]);
    const mem = h.checker.memory;
    expect(mem.entries).toBeLessThan(1_000);
    expect(mem.applied).toBeLessThan(1_000);
  });

  it("asserts on an append that leaves a gap in a log", () => {
    const h = harness();
    h.emit("raft.append", "m1", 1, 1, 0xa);
    expect(() => h.emit("raft.append", "m1", 3, 1, 0xc)).toThrow(SimAssertionError);
  });
});
