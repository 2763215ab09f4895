// The pure Raft node, driven through the in-memory harness (which itself asserts election
// safety and state machine safety on every step).
import { describe, expect, test } from "vitest";
import { MSG_VOTE, MSG_VOTE_RESP, msg, NONE } from "./messages.ts";
import { FOLLOWER, LEADER } from "./ready.ts";
import { Cluster } from "./testing/cluster.ts";

function logTerms(c: Cluster, i: number): number[] {
  const log = c.raft(i).log;
  const out: number[] = [];
  for (let k = log.firstIndex(); k <= log.lastIndex(); k++) out.push(log.term(k));
  return out;
}

function leaders(c: Cluster): number[] {
  return c.nodes.filter((n) => n.alive && n.raft.role === LEADER).map((n) => n.id);
}

describe("election", () => {
  test.each([3, 5])("%i nodes elect exactly one leader that everyone follows", (n) => {
    const c = new Cluster(n, { seed: 7 });
    const l = c.electLeader();
    c.run(2);
    expect(leaders(c)).toEqual([l]);
    const term = c.raft(l).term;
    for (const h of c.nodes) {
      expect(h.raft.term).toBe(term);
      expect(h.raft.lead).toBe(l);
      if (h.id !== l) expect(h.raft.role).toBe(FOLLOWER);
    }
    // Election timeouts are drawn from [electionTick, 2×electionTick).
    for (const h of c.nodes) {
      expect(h.raft.randomizedElectionTimeout).toBeGreaterThanOrEqual(c.cfg.electionTick);
      expect(h.raft.randomizedElectionTimeout).toBeLessThan(2 * c.cfg.electionTick);
    }
  });

  test("a new leader is elected after the leader crashes, and the old one rejoins as follower", () => {
    const c = new Cluster(3, { seed: 3 });
    const l1 = c.electLeader();
    const t1 = c.raft(l1).term;
    c.propose(l1, "a");
    c.run(2);
    c.crash(l1, false);
    const ticks = c.runUntil(() => leaders(c).length === 1);
    expect(ticks).toBeLessThanOrEqual(3 * c.cfg.electionTick);
    const l2 = c.leader();
    expect(l2).not.toBe(l1);
    expect(c.raft(l2).term).toBeGreaterThan(t1);
    c.restart(l1);
    c.run(3);
    expect(c.raft(l1).role).toBe(FOLLOWER);
    expect(c.raft(l1).lead).toBe(l2);
    expect(c.nodes[l1].state).toEqual(["a"]);
  });
});

describe("log replication", () => {
  test("divergent uncommitted suffixes of an isolated leader are overwritten after the heal", () => {
    const c = new Cluster(5, { seed: 11 });
    const old = c.electLeader();
    c.propose(old, "committed");
    c.run(2);
    const others = [0, 1, 2, 3, 4].filter((x) => x !== old);
    const minority = [old, others[0]];
    const majority = others.slice(1);
    c.partition([minority, majority]);
    for (let i = 0; i < 5; i++) c.propose(old, `lost${i}`);
    c.deliverAll();
    // The minority holds the entries but cannot commit them.
    expect(c.raft(others[0]).log.lastIndex()).toBe(c.raft(old).log.lastIndex());
    const oldCommit = c.raft(old).committed;
    c.runUntil(() => leaders(c).some((x) => majority.includes(x)));
    const l2 = leaders(c).find((x) => majority.includes(x))!;
    for (let i = 0; i < 3; i++) c.propose(l2, `won${i}`);
    c.run(2);
    expect(c.raft(old).committed).toBe(oldCommit);
    c.heal();
    c.run(5);
    expect(leaders(c)).toEqual([l2]);
    const expected = logTerms(c, l2);
    for (let i = 0; i < 5; i++) {
      expect(logTerms(c, i)).toEqual(expected);
      expect(c.nodes[i].state).toEqual(["committed", "won0", "won1", "won2"]);
    }
  });

  test("Figure 8: an old-term entry on a majority is not committed by counting, only via a current-term entry", () => {
    for (const variant of ["overwritten", "committed-later"] as const) {
      // Elections happen only when we say so: no CheckQuorum lease, huge timeouts, one entry per append.
      const c = new Cluster(5, { seed: 5, cfg: { checkQuorum: false, electionTick: 1000, maxEntriesPerMsg: 1 } });
      const campaign = (id: number): void => {
        for (let i = 0; i < 5 && c.raft(id).role !== LEADER; i++) {
          c.raft(id).campaignNow();
          c.process(id);
          while (c.raft(id).role !== LEADER && c.deliverOne()) {}
        }
        expect(c.raft(id).role).toBe(LEADER);
      };
      campaign(0);
      c.deliverAll();
      c.run(1);
      // (a) S0 leads and writes X, which reaches nobody.
      c.isolate(0);
      const x = c.propose(0, "X");
      const xTerm = c.raft(0).term;
      c.deliverAll();
      expect(c.raft(1).log.lastIndex()).toBe(x - 1);
      // (b) S4 wins with votes from S2, S3 and writes its own entry at x, which reaches nobody.
      c.partition([[2, 3, 4], [0], [1]]);
      campaign(4);
      c.isolate(4);
      c.deliverAll();
      expect(c.raft(4).log.term(x)).toBeGreaterThan(xTerm);
      // (c) S0 restarts, leads a later term and gets X (not its current-term entry) onto S1 and S2.
      c.crash(0, false);
      c.restart(0);
      c.partition([[0, 1, 2, 3], [4]]);
      campaign(0);
      c.block(0, 3);
      while ((c.raft(1).log.lastIndex() < x || c.raft(2).log.lastIndex() < x) && c.deliverOne()) {
        for (const f of [1, 2]) if (c.raft(f).log.lastIndex() >= x) c.block(0, f);
      }
      c.deliverAll();
      expect([0, 1, 2].map((i) => c.raft(i).log.term(x))).toEqual([xTerm, xTerm, xTerm]);
      expect(c.raft(2).log.lastIndex()).toBe(x);
      expect(c.raft(0).progress(1)!.match).toBe(x); // the leader knows X is on a majority…
      expect(c.raft(0).progress(2)!.match).toBe(x);
      expect(c.raft(0).committed).toBeLessThan(x); // …and still does not commit it
      expect(c.committedHashes[x]).toBeUndefined();
      if (variant === "overwritten") {
        // (d) S0 crashes; S4 wins with S1, S2, S3 and overwrites X everywhere — legal, X never committed.
        c.crash(0, false);
        c.crash(4, false);
        c.restart(4);
        c.partition([[1, 2, 3, 4], [0]]);
        campaign(4);
        c.deliverAll();
        c.run(3);
        for (const i of [1, 2, 3, 4]) expect(c.raft(i).log.term(x)).toBe(c.raft(4).log.term(x));
        expect(c.raft(1).log.term(x)).not.toBe(xTerm);
        expect(c.nodes[1].state).not.toContain("X");
      } else {
        // (e) S0's current-term entry reaches a majority: now X commits with it.
        c.heal();
        c.isolate(4);
        c.run(3);
        expect(c.raft(0).committed).toBeGreaterThan(x);
        expect(c.nodes[0].state).toContain("X");
        expect(c.nodes[2].state).toContain("X");
      }
    }
  });
});

describe("CheckQuorum, lease, PreVote", () => {
  test("an isolated leader steps down within an election timeout (CheckQuorum)", () => {
    const c = new Cluster(3, { seed: 2 });
    const l = c.electLeader();
    c.isolate(l);
    c.run(2 * c.cfg.electionTick + 1);
    expect(c.raft(l).role).toBe(FOLLOWER);
    expect(leaders(c).filter((x) => x !== l)).toHaveLength(1);
  });

  test("without CheckQuorum the isolated leader keeps believing it leads", () => {
    const c = new Cluster(3, { seed: 2, cfg: { checkQuorum: false } });
    const l = c.electLeader();
    c.isolate(l);
    c.run(2 * c.cfg.electionTick + 1);
    expect(c.raft(l).role).toBe(LEADER);
  });

  test("a follower in a leader lease ignores a disruptive higher-term vote; outside the lease it grants it", () => {
    const c = new Cluster(3, { seed: 4 });
    const l = c.electLeader();
    const [f, d] = [0, 1, 2].filter((x) => x !== l);
    const term = c.raft(f).term;
    const log = c.raft(d).log;
    const vote = () => msg(MSG_VOTE, d, f, term + 5, log.lastIndex(), log.lastTerm());
    c.raft(f).step(vote());
    c.process(f);
    expect(c.raft(f).term).toBe(term);
    expect(c.raft(f).vote).not.toBe(d);
    expect(c.raft(f).lead).toBe(l);
    // The leader disappears; once the lease has run out the same request is granted.
    c.crash(l, false);
    for (let t = 0; t < c.cfg.electionTick; t++) c.raft(f).tick();
    expect(c.raft(f).inLease()).toBe(false);
    c.raft(f).step(vote());
    const rd = c.raft(f).ready();
    expect(c.raft(f).term).toBe(term + 5);
    expect(c.raft(f).vote).toBe(d);
    expect(rd.messages.some((m) => m.type === MSG_VOTE_RESP && m.to === d && !m.reject)).toBe(true);
  });

  test.each([
    [true, false],
    [false, true],
  ])("preVote=%s: a partitioned follower rejoining inflates terms: %s", (preVote, inflates) => {
    const c = new Cluster(3, { seed: 9, cfg: { preVote, checkQuorum: false } });
    const l = c.electLeader();
    const term = c.raft(l).term;
    const f = (l + 1) % 3;
    c.isolate(f);
    c.run(5 * c.cfg.electionTick);
    expect(c.raft(f).term > term).toBe(inflates);
    c.heal();
    c.run(3 * c.cfg.electionTick);
    const l2 = c.electLeader();
    if (!inflates) {
      expect(l2).toBe(l);
      expect(c.raft(l).term).toBe(term);
    } else {
      expect(c.raft(l2).term).toBeGreaterThan(term);
    }
  });
});

describe("persistence", () => {
  test("term, vote and log survive a crash; a restarted node does not vote twice in a term", () => {
    const c = new Cluster(3, { seed: 13, cfg: { checkQuorum: false } });
    const l = c.electLeader();
    c.propose(l, "p");
    c.run(2);
    const v = [0, 1, 2].find((i) => i !== l && c.raft(i).vote === l)!;
    const other = 3 - l - v;
    const before = { term: c.raft(v).term, vote: c.raft(v).vote, log: logTerms(c, v) };
    expect(before.vote).toBe(l);
    c.crash(v, true);
    c.restart(v);
    expect({ term: c.raft(v).term, vote: c.raft(v).vote, log: logTerms(c, v) }).toEqual(before);
    // `other` asks for v's vote in the same term with an up-to-date log: refused (already voted for l).
    const log = c.raft(other).log;
    c.raft(v).step(msg(MSG_VOTE, other, v, before.term, log.lastIndex() + 10, log.lastTerm()));
    const rd = c.raft(v).ready();
    const resp = rd.messages.find((m) => m.type === MSG_VOTE_RESP);
    expect(resp?.reject).toBe(true);
    expect(c.raft(v).vote).toBe(l);
  });

  test("a leader crash with loseUnsynced loses only its unsynced tail; committed entries survive", () => {
    const c = new Cluster(5, { seed: 17 });
    const l = c.electLeader();
    c.propose(l, "a");
    c.run(2);
    // b, c: written by the leader, not yet fsynced; the followers store them, their acks are lost.
    const followers = [0, 1, 2, 3, 4].filter((x) => x !== l);
    for (const f of followers) c.block(f, l);
    c.propose(l, "b");
    c.propose(l, "c");
    c.deliverAll();
    expect(c.nodes[l].pendingSync).toBe(true);
    const written = c.nodes[l].storage.lastIndex();
    c.crash(l, true);
    expect(c.nodes[l].storage.lastIndex()).toBe(written - 2);
    c.heal();
    c.restart(l);
    expect(c.raft(l).log.lastIndex()).toBe(written - 2);
    const nl = c.electLeader();
    c.propose(nl, "d");
    c.run(3);
    // The followers' copies survive: the new leader commits them; the old leader gets them back.
    for (const h of c.nodes) expect(h.state).toEqual(["a", "b", "c", "d"]);

    // e, f reach nobody but the leader's page cache: a crash loses them for good, consistently.
    const l2 = c.leader();
    for (const f of [0, 1, 2, 3, 4]) if (f !== l2) c.block(l2, f);
    c.propose(l2, "e");
    c.propose(l2, "f");
    c.deliverAll();
    c.crash(l2, true);
    c.heal();
    c.restart(l2);
    const l3 = c.electLeader();
    c.propose(l3, "g");
    c.run(3);
    for (const h of c.nodes) expect(h.state).toEqual(["a", "b", "c", "d", "g"]);
  });
});

describe("snapshots", () => {
  test("a far-behind follower gets InstallSnapshot; logs stay bounded", () => {
    const c = new Cluster(3, { seed: 21, cfg: { snapshotInterval: 20, logEntriesForSlowFollowers: 5 } });
    const l = c.electLeader();
    const f = (l + 1) % 3;
    c.crash(f, false);
    for (let i = 0; i < 100; i++) {
      c.propose(l, `v${i}`);
      c.deliverAll();
    }
    c.run(2);
    expect(c.nodes[l].snapshotsTaken).toBeGreaterThanOrEqual(4);
    expect(c.raft(l).log.entries.length).toBeLessThanOrEqual(20 + 5 + 2);
    expect(c.raft(l).log.firstIndex()).toBeGreaterThan(c.nodes[f].storage.lastIndex() + 1);
    c.restart(f);
    c.run(3);
    expect(c.nodes[f].snapshotsInstalled).toBe(1);
    expect(c.nodes[f].state).toEqual(c.nodes[l].state);
    expect(c.nodes[f].state).toHaveLength(100);
    // And it keeps replicating normally afterwards.
    c.propose(l, "after");
    c.run(2);
    expect(c.nodes[f].state.at(-1)).toBe("after");
  });
});

describe("leadership transfer and ReadIndex", () => {
  test("transferLeadership hands over at once (bypassing the lease)", () => {
    const c = new Cluster(3, { seed: 23 });
    const l = c.electLeader();
    const to = (l + 2) % 3;
    const term = c.raft(l).term;
    c.propose(l, "x");
    c.raft(l).transferLeadership(to);
    c.process(l);
    c.deliverAll();
    expect(c.raft(to).role).toBe(LEADER);
    expect(c.raft(to).term).toBe(term + 1);
    expect(c.raft(l).role).toBe(FOLLOWER);
    c.run(2);
    for (const h of c.nodes) expect(h.state).toEqual(["x"]);
  });

  test("ReadIndex completes after a quorum heartbeat round; an isolated stale leader never serves it", () => {
    const c = new Cluster(3, { seed: 29, cfg: { checkQuorum: false } });
    const l = c.electLeader();
    c.propose(l, "w");
    c.run(1);
    expect(c.raft(l).readIndex(42)).toBe(true);
    c.process(l);
    expect(c.nodes[l].reads).toEqual([]); // not before the round
    c.deliverAll();
    expect(c.nodes[l].reads).toEqual([{ index: c.raft(l).committed, ctx: 42 }]);
    // Follower read through the leader.
    const f = (l + 1) % 3;
    expect(c.raft(f).readIndex(7)).toBe(true);
    c.process(f);
    c.deliverAll();
    expect(c.nodes[f].reads).toEqual([{ index: c.raft(l).committed, ctx: 7 }]);
    // A deposed-but-unaware leader (no CheckQuorum here) cannot confirm its leadership.
    c.isolate(l);
    c.runUntil(() => leaders(c).some((x) => x !== l));
    c.raft(l).readIndex(43);
    c.process(l);
    c.run(5);
    expect(c.nodes[l].reads.map((r) => r.ctx)).toEqual([42]);
  });
});

describe("membership", () => {
  test("add a fourth member, then remove the leader: the rest elect and commit", () => {
    const c = new Cluster(4, { seed: 31, initial: [0, 1, 2] });
    const l = c.electLeader();
    expect(c.raft(3).voters).toEqual([]);
    c.propose(l, "before");
    expect(c.proposeConf(l, { conf: "add", node: 3, members: null })).toBeGreaterThan(0);
    // One change at a time.
    expect(c.proposeConf(l, { conf: "add", node: 3, members: null })).toBe(0);
    c.run(3);
    for (const h of c.nodes) expect(h.raft.voters).toEqual([0, 1, 2, 3]);
    expect(c.nodes[3].state).toEqual(["before"]);
    expect(c.proposeConf(l, { conf: "remove", node: l, members: null })).toBeGreaterThan(0);
    c.run(3);
    expect(c.raft(l).removed).toBe(true);
    const l2 = c.electLeader();
    expect(l2).not.toBe(l);
    expect(c.raft(l2).voters).not.toContain(l);
    c.propose(l2, "after");
    c.run(3);
    for (const h of c.nodes) if (h.id !== l) expect(h.state).toEqual(["before", "after"]);
    expect(c.nodes[l].state).toEqual(["before"]);
    expect(c.raft(l).lead).toBe(NONE);
  });
});
