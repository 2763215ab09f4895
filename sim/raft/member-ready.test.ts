// RaftMember's Ready loop: what it traces (raft.* events the checkers read), what it makes durable
// before replying, the order and bounds of its work, ReadIndex reads waiting for apply, and
// snapshots (cadence, compaction, restore on restart).
import { describe, expect, test } from "vitest";
import type { TraceEvent } from "../kernel/events.ts";
import { SEC } from "../kernel/types.ts";
import type { ProposeResult } from "./api.ts";
import { type RaftConfig, SWARMKIT_RAFT_DEFAULTS } from "./config.ts";
import { createRaftManager } from "./manager-process.ts";
import { FakeWorld } from "./testing/fake-host.ts";

const TAG = 100;
const put = (key: string, value: string) => ({ op: "put", key, value });

function world(names: string[], cfg: Partial<RaftConfig>, initial: (i: number) => number[]) {
  const w = new FakeWorld(names, 1);
  const full = { ...SWARMKIT_RAFT_DEFAULTS, ...cfg };
  const spawn = (i: number) => w.spawn(i, (h) => createRaftManager(h, full, initial(i), TAG));
  return { w, spawn, procs: names.map((_, i) => spawn(i)) };
}

/** A lone member: leader at once, commits synchronously (bootstrap entry 1, leader's empty entry 2). */
function lone(cfg: Partial<RaftConfig> = {}, names = ["m1"]) {
  const c = world(names, cfg, (i) => (i === 0 ? [0] : []));
  const m = c.procs[0].member;
  expect(m.isLeader).toBe(true);
  return { ...c, m };
}

function three(cfg: Partial<RaftConfig> = {}) {
  const c = world(["m1", "m2", "m3"], cfg, () => [0, 1, 2]);
  c.w.runFor(40 * SEC);
  const l = c.procs.findIndex((p) => p.member.isLeader);
  expect(l).toBeGreaterThanOrEqual(0);
  return { ...c, l, followers: [0, 1, 2].filter((i) => i !== l) };
}

function events<K extends TraceEvent["type"]>(w: FakeWorld, type: K, node?: string): Extract<TraceEvent, { type: K }>[] {
  return w.kernel.trace.recorded.filter((e) => e.type === type && (node === undefined || e.node === node)) as Extract<TraceEvent, { type: K }>[];
}

describe("traces", () => {
  test("boot: each fresh member traces follower, the bootstrap entry and its commit; nobody campaigns early", () => {
    const c = world(["m1", "m2", "m3", "m4"], {}, (i) => (i < 3 ? [0, 1, 2] : []));
    c.w.runFor(5 * SEC);
    for (const node of ["m1", "m2", "m3"]) {
      expect(events(c.w, "raft.role", node).map((e) => [e.role, e.term, e.leader])).toEqual([["follower", 1, null]]);
      expect(events(c.w, "raft.append", node).map((e) => [e.index, e.term])).toEqual([[1, 1]]);
      expect(events(c.w, "raft.commit", node).map((e) => [e.index, e.term])).toEqual([[1, 1]]);
    }
    // A node waiting to be added has no log yet.
    expect(events(c.w, "raft.role", "m4")).toHaveLength(1);
    expect(events(c.w, "raft.append", "m4")).toEqual([]);
    expect(events(c.w, "raft.commit", "m4")).toEqual([]);
    expect(c.procs.map((p) => p.member.term)).toEqual([1, 1, 1, 0]);
    expect(() => c.procs[0].member.start()).toThrow(/started twice/);
  });

  test("a new term traces raft.role even when role and leader stay: a candidate campaigning again", () => {
    const c = three();
    const f = c.followers[0];
    c.w.crash(c.l, false);
    c.w.crash(c.followers[1], false);
    const name = `m${f + 1}`;
    const before = events(c.w, "raft.role", name).length;
    c.w.runFor(120 * SEC);
    const after = events(c.w, "raft.role", name).slice(before);
    // Alone, it campaigns over and over: every campaign is a new term, each one traced.
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((e) => e.role === "candidate" && e.leader === null)).toBe(true);
    const terms = after.map((e) => e.term);
    expect(terms).toEqual(terms.map((_, i) => terms[0] + i));
    expect(c.procs[f].member.term).toBe(terms.at(-1));
  });

  test("a restarted member does not trace its bootstrap entry again", () => {
    const c = three();
    const f = c.followers[0];
    const name = `m${f + 1}`;
    c.w.crash(f, false);
    c.spawn(f);
    c.w.runFor(2 * SEC);
    expect(events(c.w, "raft.append", name).filter((e) => e.index === 1)).toHaveLength(1);
    expect(events(c.w, "raft.commit", name).filter((e) => e.index === 1)).toHaveLength(1);
  });

  test("role changes are traced once each, naming the leader; commits and applies are traced in order", () => {
    const c = three();
    const leaderName = `m${c.l + 1}`;
    for (const f of c.followers) {
      const roles = events(c.w, "raft.role", `m${f + 1}`);
      expect(roles.at(-1)).toMatchObject({ role: "follower", leader: leaderName });
      expect(roles.filter((e) => e.role === "candidate").every((e) => e.leader === null)).toBe(true);
    }
    const count = events(c.w, "raft.role").length;
    c.w.runFor(20 * SEC); // stable cluster: heartbeats only
    expect(events(c.w, "raft.role")).toHaveLength(count);
    const res: ProposeResult[] = [];
    c.procs[c.l].member.propose(put("a", "1"), (r) => res.push(r));
    c.w.runFor(2 * SEC);
    const index = (res[0] as { index: number }).index;
    // A transfer changes term and vote: the commit index is not traced again.
    c.procs[c.l].member.transferLeadership(c.followers[0]);
    c.w.runFor(3 * SEC);
    for (const node of ["m1", "m2", "m3"]) {
      const commits = events(c.w, "raft.commit", node).map((e) => e.index);
      for (let i = 1; i < commits.length; i++) expect(commits[i]).toBeGreaterThan(commits[i - 1]);
      expect(commits).toContain(index);
      const applies = events(c.w, "raft.apply", node).map((e) => e.index);
      expect(applies).toEqual(Array.from({ length: applies.length }, (_, i) => i + 1));
      expect(applies.length).toBeGreaterThanOrEqual(index);
    }
  });

  test("a member whose unreplicated tail is overwritten by a new leader traces raft.truncate", () => {
    const c = three();
    const old = c.procs[c.l];
    for (const f of c.followers) c.w.block(c.l, f);
    const i = old.member.raft.log.lastIndex() + 1;
    old.member.propose(put("lost", "1"), () => {});
    c.w.isolate(c.l);
    c.w.runFor(30 * SEC);
    c.w.heal();
    c.w.runFor(3 * SEC);
    expect(events(c.w, "raft.truncate", `m${c.l + 1}`).map((e) => e.fromIndex)).toEqual([i]);
    expect(old.kv.get("lost")).toBe(null);
    expect(old.member.commitIndex).toBeGreaterThanOrEqual(i);
  });

  test("membership changes are traced with the resulting member names", () => {
    const c = lone({}, ["m1", "m2"]);
    const res: ProposeResult[] = [];
    c.m.addMember(1, (r) => res.push(r));
    c.w.runFor(2 * SEC);
    expect(res).toMatchObject([{ ok: true }]);
    expect(events(c.w, "raft.member", "m1")).toMatchObject([{ change: "add", member: "m2", members: ["m1", "m2"] }]);
  });
});

describe("durability before replies", () => {
  test("a follower has synced an entry, and then its commit index, before acknowledging them", () => {
    const c = three();
    const [f] = c.followers;
    const now = c.w.kernel.now;
    c.w.runFor(SEC / 2 - (now % SEC)); // mid-tick: no heartbeat in flight
    const res: ProposeResult[] = [];
    c.procs[c.l].member.propose(put("a", "1"), (r) => res.push(r));
    const i = c.procs[c.l].member.raft.log.lastIndex();
    c.w.runFor(2_500); // the append arrived and was acknowledged; commit reached the leader
    expect(res).toMatchObject([{ ok: true, index: i }]);
    const storage = c.procs[f].member.storage;
    expect(storage.dirty()).toBe(false);
    expect(storage.lastIndex()).toBe(i);
    c.w.runFor(SEC); // the next heartbeat carries the commit index
    expect(c.procs[f].member.commitIndex).toBe(i);
    c.w.crash(f, true);
    expect(storage.lastIndex()).toBe(i);
    expect(storage.hardState.commit).toBe(i);
  });
});

describe("order and bounds of the work", () => {
  test("proposals made from callbacks are logged and answered in call order", () => {
    const { m } = lone();
    const order: [string, number][] = [];
    const done = (name: string, then?: () => void) => (r: ProposeResult) => {
      order.push([name, r.ok ? r.index : -1]);
      then?.();
    };
    m.propose(
      put("p", "0"),
      done("P", () => {
        m.propose(
          put("a", "1"),
          done("A", () => m.propose(put("c", "3"), done("C"))),
        );
        m.propose(put("b", "2"), done("B"));
      }),
    );
    expect(order).toEqual([
      ["P", 3],
      ["A", 4],
      ["B", 5],
      ["C", 6],
    ]);
  });

  test("each host step does bounded work: an endless chain of proposals yields to the next tick", () => {
    const c = lone();
    const N = 1000;
    let n = 0;
    const next = (r: ProposeResult) => {
      if (r.ok && ++n < N) c.m.propose(put("k", `${n}`), next);
    };
    c.m.propose(put("k", "0"), next);
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(N);
    c.w.runFor(20 * SEC);
    expect(n).toBe(N);
    expect(c.procs[0].kv.get("k")).toBe(`${N - 1}`);
  });

  test("stop() from a callback takes effect at once: nothing more is written, applied or published", () => {
    const c = lone();
    const changes: boolean[] = [];
    c.m.onLeadershipChange((v) => changes.push(v));
    const res: ProposeResult[] = [];
    c.m.propose(put("p", "0"), (r) => {
      res.push(r);
      c.m.propose(put("a", "1"), (r2) => res.push(r2));
      c.m.stop();
    });
    expect(res).toEqual([
      { ok: true, index: 3, value: "0" },
      { ok: false, error: "stopped" },
    ]);
    expect(changes).toEqual([false]);
    expect(c.m.isLeader).toBe(false);
    expect(c.m.storage.lastIndex()).toBe(3);
    c.w.runFor(5 * SEC);
    expect(events(c.w, "raft.apply").map((e) => e.index)).toEqual([1, 2, 3]);
  });
});

describe("ReadIndex reads wait for apply", () => {
  // 3000 entries committed at once are applied in batches of 1024: a read issued while the first
  // batch is applied has read index 3003 and must wait for the third batch.
  function bigBatch(stopAt: number | null) {
    const c = lone({ readIndex: true });
    const reads: [boolean, number][] = [];
    c.m.propose(put("p", "0"), () => {
      for (let i = 0; i < 3000; i++) {
        c.m.propose(put(`k${i}`, `${i}`), (r) => {
          if (i === 0) c.m.readBarrier((ok) => reads.push([ok, c.m.appliedIndex]));
          if (r.ok && r.index === stopAt) c.m.stop();
        });
      }
    });
    return { ...c, reads };
  }

  test("a barrier whose read index is not applied yet resolves once it is", () => {
    const c = bigBatch(null);
    expect(c.reads).toEqual([[true, 3003]]);
    expect(c.m.appliedIndex).toBe(3003);
  });

  test("a barrier still waiting for apply fails when the member stops", () => {
    const c = bigBatch(2500);
    expect(c.reads).toEqual([[false, 2500]]);
  });
});

describe("snapshots", () => {
  test("taken every snapshotInterval applied entries, keeping logEntriesForSlowFollowers; restored on restart", () => {
    const c = lone({ snapshotInterval: 5, logEntriesForSlowFollowers: 2 });
    c.m.propose(put("early", "e"), () => {});
    for (let i = 4; i <= 10; i++) c.m.propose(put("k", `${i}`), () => {});
    expect(events(c.w, "raft.snapshot").map((e) => [e.index, e.term])).toEqual([
      [5, 2],
      [10, 2],
    ]);
    expect(c.m.storage.offset).toBe(8);
    expect(c.m.raft.log.firstIndex()).toBe(9);
    c.m.propose(put("k", "11"), () => {});
    const term = c.m.term;
    c.w.crash(0, false);
    const p = c.spawn(0);
    // The state machine starts from the snapshot (index 10), re-applies 11, then its new term's entry.
    expect(p.kv.get("early")).toBe("e");
    expect(p.kv.get("k")).toBe("11");
    expect(p.member.appliedIndex).toBe(12);
    expect(p.member.term).toBe(term + 1);
  });

  test("a snapshot keeps the configuration of its index, not later ones", () => {
    const c = lone({ snapshotInterval: 5 }, ["m1", "m2"]);
    for (let i = 3; i <= 5; i++) c.m.propose(put("k", `${i}`), () => {});
    expect(c.m.storage.snapshot).toMatchObject({ index: 5, voters: [0] });
    c.m.addMember(1, () => {});
    c.w.runFor(2 * SEC);
    expect(c.m.members).toEqual([0, 1]);
    expect(c.m.storage.snapshot).toMatchObject({ index: 5, voters: [0] });
  });
});
