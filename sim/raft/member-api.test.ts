// RaftMember's client-facing API: errors for every refused call (SwarmKit's ErrLostLeadership,
// ErrCannotRemoveMember, ...), stop(), command forwarding between members and the host contract
// (which timers and messages are the member's).
import { describe, expect, test } from "vitest";
import type { Host, Message, TimerHandle } from "../kernel/host.ts";
import { SEC } from "../kernel/types.ts";
import type { ProposeResult, SubmitResult } from "./api.ts";
import { type RaftConfig, SWARMKIT_RAFT_DEFAULTS } from "./config.ts";
import { ProposeMsg, ProposeRespMsg } from "./forward.ts";
import { createRaftManager } from "./manager-process.ts";
import { LEADER } from "./ready.ts";
import { FakeWorld } from "./testing/fake-host.ts";

const TAG = 100;
const put = (key: string, value: string) => ({ op: "put", key, value });

interface Spy {
  sent: { to: number; msg: Message }[];
  timers: { tag: number; data: unknown; handle: TimerHandle }[];
}

/** A host that records what the member sends and which timers it arms. */
function spyHost(h: Host, spy: Spy): Host {
  return Object.create(h, {
    send: {
      value(to: number, msg: Message) {
        spy.sent.push({ to, msg });
        h.send(to, msg);
      },
    },
    setTimer: {
      value(afterUs: number, tag: number, data?: unknown) {
        const handle = h.setTimer(afterUs, tag, data);
        spy.timers.push({ tag, data, handle });
        return handle;
      },
    },
  });
}

/** `n` bootstrap members (elected), plus `extra` empty nodes that wait to be added. */
function cluster(n: number, cfg: Partial<RaftConfig> = {}, extra = 0) {
  const names = Array.from({ length: n + extra }, (_, i) => `m${i + 1}`);
  const world = new FakeWorld(names, 1);
  const full = { ...SWARMKIT_RAFT_DEFAULTS, ...cfg };
  const ids = Array.from({ length: n }, (_, i) => i);
  const spies: Spy[] = names.map(() => ({ sent: [], timers: [] }));
  const procs = names.map((_, i) => world.spawn(i, (h) => createRaftManager(spyHost(h, spies[i]), full, i < n ? ids : [], TAG)));
  world.runFor(40 * SEC);
  const l = procs.findIndex((p) => p.member.isLeader);
  expect(l).toBeGreaterThanOrEqual(0);
  const followers = ids.filter((i) => i !== l);
  return { world, procs, spies, l, leader: procs[l].member, followers };
}

function collect<T>(): [T[], (r: T) => void] {
  const out: T[] = [];
  return [out, (r: T) => out.push(r)];
}

describe("refused calls", () => {
  test("a follower refuses proposals, barriers and membership changes with not-leader", () => {
    const c = cluster(3);
    const f = c.procs[c.followers[0]].member;
    const [res, cb] = collect<ProposeResult>();
    f.propose(put("a", "1"), cb);
    f.addMember(5, cb);
    f.removeMember(c.l, cb);
    expect(res).toEqual([0, 1, 2].map(() => ({ ok: false, error: "not-leader" })));
    const [reads, rcb] = collect<boolean>();
    f.readBarrier(rcb);
    expect(reads).toEqual([false]);
    c.world.runFor(2 * SEC);
    expect(reads).toEqual([false]);
    expect(c.leader.members).toEqual([0, 1, 2]);
  });

  test("a member with no known leader says no-leader", () => {
    const c = cluster(3);
    const f = c.followers[0];
    c.world.crash(c.l, false);
    c.world.crash(c.followers[1], false);
    c.world.runFor(30 * SEC);
    const m = c.procs[f].member;
    expect(m.leader).toBe(-1);
    const [res, cb] = collect<ProposeResult>();
    m.propose(put("a", "1"), cb);
    m.addMember(2, cb);
    expect(res).toEqual([
      { ok: false, error: "no-leader" },
      { ok: false, error: "no-leader" },
    ]);
    const [sub, scb] = collect<SubmitResult>();
    m.submit(put("a", "1"), false, scb);
    expect(sub).toEqual([{ outcome: "no-leader", index: 0, value: null }]);
  });

  test("null commands are rejected (null is the leader's empty entry)", () => {
    const c = cluster(3);
    expect(() => c.leader.propose(null, () => {})).toThrow(/must not be null/);
    expect(() => c.leader.propose(undefined, () => {})).toThrow(/must not be null/);
  });

  test("membership: adding a member is idempotent, removing a stranger fails, one change at a time", () => {
    const c = cluster(3, {}, 2);
    const [res, cb] = collect<ProposeResult>();
    c.leader.addMember(c.followers[0], cb);
    expect(res).toEqual([{ ok: true, index: 0, value: undefined }]);
    c.leader.removeMember(7, cb);
    expect(res[1]).toEqual({ ok: false, error: "not-member" });
    const before = c.leader.raft.log.lastIndex();
    c.leader.addMember(3, cb);
    c.leader.addMember(4, cb);
    expect(res[2]).toEqual({ ok: false, error: "conf-change-pending" });
    expect(c.leader.raft.log.lastIndex()).toBe(before + 1);
    c.world.runFor(1 * SEC);
    expect(res[3]).toMatchObject({ ok: true, index: before + 1 });
    expect(c.leader.members).toEqual([0, 1, 2, 3]);
  });

  test("during a leadership transfer the leader refuses new proposals and conf changes with not-leader", () => {
    const c = cluster(3);
    const t = c.followers[0];
    c.world.block(c.l, t);
    c.world.block(t, c.l);
    c.leader.transferLeadership(t);
    expect(c.leader.raft.leadTransferee).toBe(t);
    const [res, cb] = collect<ProposeResult>();
    c.leader.propose(put("a", "1"), cb);
    c.leader.addMember(3, cb);
    expect(res).toEqual([
      { ok: false, error: "not-leader" },
      { ok: false, error: "not-leader" },
    ]);
    const [sub, scb] = collect<SubmitResult>();
    c.leader.submit(put("a", "1"), false, scb);
    expect(sub).toEqual([{ outcome: "not-leader", index: 0, value: null }]);
  });

  test("a fresh leader publishes itself, and serves read barriers, only once an entry of its term is applied", () => {
    const names = ["m1", "m2", "m3"];
    const world = new FakeWorld(names, 5);
    const procs = names.map((_, i) => world.spawn(i, (h) => createRaftManager(h, SWARMKIT_RAFT_DEFAULTS, [0, 1, 2], TAG)));
    world.runFor(9 * SEC); // nobody campaigns before electionTick ticks
    let l = -1;
    for (let step = 0; step < 40_000 && l < 0; step++) {
      world.runFor(500);
      l = procs.findIndex((p) => p.member.raft.role === LEADER);
    }
    const m = procs[l].member;
    expect(m.isLeader).toBe(false);
    const [reads, rcb] = collect<boolean>();
    m.readBarrier(rcb);
    expect(reads).toEqual([false]);
    const [res, cb] = collect<ProposeResult>();
    m.propose(put("a", "1"), cb);
    expect(res).toEqual([]);
    world.runFor(10_000);
    expect(m.isLeader).toBe(true);
    expect(res).toEqual([{ ok: true, index: m.raft.leaderStartIndex + 1, value: "1" }]);
    m.readBarrier(rcb);
    world.runFor(10_000);
    expect(reads).toEqual([false, true]);
  });
});

describe("removal of the leader itself", () => {
  test("the leader applies its own removal: pending work fails with lost-leadership, it unpublishes and stops once", () => {
    const c = cluster(3);
    const changes: boolean[] = [];
    c.leader.onLeadershipChange((v) => changes.push(v));
    let removedCalls = 0;
    c.leader.onRemoved(() => removedCalls++);
    const [res, cb] = collect<ProposeResult>();
    const [after, acb] = collect<ProposeResult>();
    expect(c.leader.canRemoveMember(c.l)).toBe(true);
    c.leader.removeMember(c.l, (r) => {
      cb(r);
      c.leader.propose(put("x", "1"), acb); // the removal is applied: no more proposals
    });
    // The removal entry reaches the followers; later entries do not.
    c.world.runFor(1_500);
    for (const f of c.followers) c.world.block(c.l, f);
    c.leader.propose(put("y", "1"), cb);
    const [sub, scb] = collect<SubmitResult>();
    c.leader.submit(put("z", "1"), false, scb);
    c.world.runFor(1_000);
    expect(res).toEqual([
      { ok: true, index: expect.any(Number), value: undefined },
      { ok: false, error: "lost-leadership" },
    ]);
    expect(after).toEqual([{ ok: false, error: "removed" }]);
    expect(sub).toEqual([{ outcome: "lost-leadership", index: 0, value: null }]);
    c.leader.submit(put("z", "1"), false, scb);
    expect(sub[1]).toEqual({ outcome: "stopped", index: 0, value: null });
    expect(c.leader.removed).toBe(true);
    expect(c.leader.isLeader).toBe(false);
    expect(changes).toEqual([false]);
    expect(removedCalls).toBe(1);
    expect(c.spies[c.l].timers.filter((t) => t.tag === TAG).at(-1)!.handle.cancelled).toBe(true);
    c.world.heal();
    c.world.runFor(30 * SEC);
    expect(removedCalls).toBe(1);
    expect(changes).toEqual([false]);
    const rest = c.followers.map((f) => c.procs[f].member);
    expect(rest.filter((m) => m.isLeader)).toHaveLength(1);
    for (const m of rest) expect(m.members).toEqual(c.followers);
  });
});

describe("stop()", () => {
  test("fails pending proposals and barriers with stopped, unpublishes once, and goes quiet", () => {
    const c = cluster(3);
    const changes: boolean[] = [];
    c.leader.onLeadershipChange((v) => changes.push(v));
    for (const f of c.followers) c.world.block(c.l, f);
    const [res, cb] = collect<ProposeResult>();
    c.leader.propose(put("a", "1"), cb);
    const [reads, rcb] = collect<boolean>();
    c.leader.readBarrier(rcb);
    const [sub, scb] = collect<SubmitResult>();
    c.leader.submit(put("b", "2"), false, scb);
    expect(res).toEqual([]);
    c.leader.stop();
    expect(res).toEqual([{ ok: false, error: "stopped" }]);
    expect(reads).toEqual([false]);
    expect(sub).toEqual([{ outcome: "stopped", index: 0, value: null }]);
    expect(changes).toEqual([false]);
    expect(c.leader.isLeader).toBe(false);
    // The tick timer is cancelled; nothing more is sent.
    const ticks = c.spies[c.l].timers.filter((t) => t.tag === TAG);
    expect(ticks.at(-1)!.handle.cancelled).toBe(true);
    const sent = c.spies[c.l].sent.length;
    const timers = c.spies[c.l].timers.length;
    c.leader.stop();
    expect(changes).toEqual([false]);
    expect(res).toHaveLength(1);
    c.world.heal();
    c.world.runFor(30 * SEC);
    expect(c.spies[c.l].sent.length).toBe(sent);
    expect(c.spies[c.l].timers.length).toBe(timers);
    // Every later call is refused with stopped.
    c.leader.propose(put("c", "3"), cb);
    c.leader.addMember(3, cb);
    c.leader.removeMember(c.followers[0], cb);
    expect(res.slice(1)).toEqual([0, 1, 2].map(() => ({ ok: false, error: "stopped" })));
    c.leader.readBarrier(rcb);
    expect(reads).toEqual([false, false]);
    c.leader.submit(put("c", "3"), true, scb);
    expect(sub[1]).toEqual({ outcome: "stopped", index: 0, value: null });
  });

  test("a stopped member ignores Raft traffic: its term stays where it stopped", () => {
    const c = cluster(3);
    const [f, g] = c.followers;
    const m = c.procs[f].member;
    const term = m.term;
    expect(term).toBeGreaterThan(1);
    expect(m.appliedIndex).toBe(c.leader.commitIndex);
    expect(m.appliedIndex).toBeGreaterThan(1);
    m.stop();
    c.leader.transferLeadership(g);
    c.world.runFor(2 * SEC);
    expect(c.procs[g].member.isLeader).toBe(true);
    expect(c.procs[g].member.term).toBe(term + 1);
    expect(m.term).toBe(term);
    expect(m.leader).toBe(c.l);
  });

  test("a stopped follower refuses to submit; its pending forwards fail with stopped at once", () => {
    const c = cluster(3);
    const f = c.followers[0];
    const m = c.procs[f].member;
    c.world.block(f, c.l);
    const [sub, scb] = collect<SubmitResult>();
    m.submit(put("a", "1"), false, scb);
    const fwd = c.spies[f].timers.filter((t) => t.tag === TAG + 1);
    expect(fwd).toHaveLength(1);
    m.stop();
    expect(sub).toEqual([{ outcome: "stopped", index: 0, value: null }]);
    expect(fwd[0].handle.cancelled).toBe(true);
    c.world.heal();
    m.submit(put("b", "2"), false, scb);
    expect(sub[1]).toEqual({ outcome: "stopped", index: 0, value: null });
    c.world.runFor(5 * SEC);
    expect(sub).toHaveLength(2);
    expect(c.procs[c.l].kv.get("b")).toBe(null);
  });

  test("a member not started yet is not leader, and stopping it is harmless", () => {
    const world = new FakeWorld(["m1"], 1);
    const p = createRaftManager(world.hosts[0], SWARMKIT_RAFT_DEFAULTS, [0], TAG);
    const changes: boolean[] = [];
    p.member.onLeadershipChange((v) => changes.push(v));
    expect(p.member.isLeader).toBe(false);
    expect(() => p.member.stop()).not.toThrow();
    expect(changes).toEqual([]);
  });
});

describe("forwarding (SwarmKit's raft proxy)", () => {
  test("a stopped leader answers forwarded commands with stopped", () => {
    const c = cluster(3);
    c.leader.stop();
    const [sub, scb] = collect<SubmitResult>();
    c.procs[c.followers[0]].member.submit(put("a", "1"), false, scb);
    c.world.runFor(10_000);
    expect(sub).toEqual([{ outcome: "stopped", index: 0, value: null }]);
  });

  test("a member that is not the leader answers a forwarded command (even a read) with not-leader", () => {
    const c = cluster(3);
    const [f, g] = c.followers;
    c.procs[c.l].member.submit(put("k", "v"), false, () => {});
    c.world.runFor(1 * SEC);
    const spy = c.spies[f];
    for (const read of [true, false]) {
      spy.sent.length = 0;
      expect(c.procs[f].member.onMessage(g, new ProposeMsg(7, { op: "get", key: "k" }, read))).toBe(true);
      expect(spy.sent).toEqual([{ to: g, msg: new ProposeRespMsg(7, "not-leader", 0, null) }]);
    }
  });

  test("a forward survives the follower's own leader change and times out if never answered", () => {
    const c = cluster(3);
    const [f, g] = c.followers;
    c.world.block(c.l, f);
    const [sub, scb] = collect<SubmitResult>();
    c.procs[f].member.submit(put("a", "1"), false, scb);
    c.world.runFor(100_000);
    c.leader.transferLeadership(g);
    c.world.runFor(1 * SEC);
    expect(c.procs[f].member.leader).toBe(g);
    expect(sub).toEqual([]);
    c.world.runFor(1 * SEC);
    expect(sub).toEqual([{ outcome: "timeout", index: 0, value: null }]);
    // The command did commit: a timeout is indeterminate.
    expect(c.procs[g].kv.get("a")).toBe("1");
  });

  test("pending forwards are bounded: past 65536 a follower fails fast with timeout", () => {
    const c = cluster(3);
    const f = c.followers[0];
    c.world.block(f, c.l);
    const m = c.procs[f].member;
    const [sub, scb] = collect<SubmitResult>();
    for (let i = 0; i < 65_536; i++) m.submit(put("a", "1"), false, scb);
    expect(sub).toEqual([]);
    m.submit(put("a", "1"), false, scb);
    expect(sub).toEqual([{ outcome: "timeout", index: 0, value: null }]);
  });
});

describe("host contract", () => {
  test("the member owns timer tags timerTag and timerTag + 1 and Raft/forwarding messages only", () => {
    const c = cluster(3);
    const f = c.followers[0];
    const m = c.procs[f].member;
    expect(c.spies[f].timers.every((t) => t.tag === TAG)).toBe(true);
    c.world.block(f, c.l);
    m.submit(put("a", "1"), false, () => {});
    const fwd = c.spies[f].timers.at(-1)!;
    expect(fwd.tag).toBe(TAG + 1);
    expect(m.onTimer(TAG - 1, fwd.data)).toBe(false);
    expect(m.onTimer(TAG + 2, fwd.data)).toBe(false);
    expect(m.onTimer(TAG + 1, 12_345)).toBe(true); // a stale timeout: nothing pending under that id
    expect(m.onMessage(c.l, { kind: "other" })).toBe(false);
    expect(m.onMessage(c.l, new ProposeRespMsg(12_345, "ok", 1, null))).toBe(true);
    const raftMsg = c.spies[c.l].sent.find((s) => s.to === f && s.msg.kind.startsWith("raft.heartbeat"))!.msg;
    expect(m.onMessage(c.l, raftMsg)).toBe(true);
    expect(m.onTimer(TAG, undefined)).toBe(true);
    expect(c.leader.onMessage(f, new ProposeMsg(99, put("z", "9"), false))).toBe(true);
    m.stop();
    expect(m.onTimer(TAG, undefined)).toBe(true);
    expect(m.onMessage(c.l, raftMsg)).toBe(true);
    expect(m.onMessage(c.l, { kind: "other" })).toBe(false);
  });
});

describe("reachability (SwarmKit's active transport)", () => {
  test("a peer stays reachable for electionTick ticks after it was last heard, then not", () => {
    const c = cluster(3);
    const [up, down] = c.followers;
    expect(c.leader.isReachable(c.l)).toBe(true);
    // Crash mid-tick: the last heartbeat response arrived just after the previous tick.
    const now = c.world.kernel.now;
    c.world.runFor(SEC / 2 - (now % SEC));
    c.world.crash(down, false);
    c.world.runFor(10 * SEC);
    expect(c.leader.isReachable(down)).toBe(true);
    c.world.runFor(1 * SEC);
    expect(c.leader.isReachable(down)).toBe(false);
    expect(c.leader.isReachable(up)).toBe(true);
  });
});
