// The pure Raft node driven directly with crafted messages (in the style of etcd-io/raft's
// raft_test.go): configuration checks, recovery, election timeouts, campaigns and the vote
// tally, the vote rules (lease, pre-vote, stale terms) and what each Ready reports.
import { describe, expect, test } from "vitest";
import type { NodeIx, Term } from "../kernel/types.ts";
import {
  CAMPAIGN_TRANSFER,
  EMPTY_ENTRIES,
  MSG_APP,
  MSG_APP_RESP,
  MSG_HEARTBEAT,
  MSG_HEARTBEAT_RESP,
  MSG_PREVOTE,
  MSG_PREVOTE_RESP,
  MSG_TIMEOUT_NOW,
  MSG_VOTE,
  MSG_VOTE_RESP,
  msg,
  NONE,
} from "./messages.ts";
import { bootNode, drain } from "./testing/node.ts";
import { CANDIDATE, FOLLOWER, LEADER } from "./ready.ts";

const boot = bootNode;

const reject = (type: number, from: NodeIx, to: NodeIx, term: Term) => msg(type, from, to, term, 0, 0, 0, EMPTY_ENTRIES, true);

describe("construction and recovery", () => {
  test.each([
    [{ electionTick: 1, heartbeatTick: 1 }, "raft: need electionTick > heartbeatTick > 0"],
    [{ electionTick: 10, heartbeatTick: 0 }, "raft: need electionTick > heartbeatTick > 0"],
    [{ maxEntriesPerMsg: 0 }, "raft: maxEntriesPerMsg and maxInflight must be positive"],
    [{ maxInflight: 0 }, "raft: maxEntriesPerMsg and maxInflight must be positive"],
  ])("rejects the configuration %o", (cfg, error) => {
    expect(() => boot(0, { cfg })).toThrow(error);
  });

  test("accepts the smallest valid configuration", () => {
    const r = boot(0, { cfg: { electionTick: 2, heartbeatTick: 1, maxEntriesPerMsg: 1, maxInflight: 1 } });
    expect(r.randomizedElectionTimeout).toBe(2);
  });

  test("a restarted node applies from its snapshot up to the persisted commit, and has nothing else to do", () => {
    const r = boot(1, { snap: { index: 5, term: 1 }, terms: [1, 1, 2, 2, 2], term: 2, vote: 0, commit: 8 });
    expect(r.committed).toBe(8);
    expect(r.log.applied).toBe(5);
    expect(r.progress(0)).toBeNull(); // only a leader tracks followers
    expect(r.hasReady()).toBe(true);
    const rd = drain(r);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([6, 7, 8]);
    expect(rd.hardStateChanged).toBe(false);
    expect(rd.termOrVoteChanged).toBe(false);
    expect(rd.mustSync).toBe(false);
    expect(rd.entries).toEqual([]);
    expect(rd.messages).toEqual([]);
    expect(r.log.applied).toBe(8);
    expect(r.hasReady()).toBe(false);
  });

  test("committed entries are handed out once, even if ready() is called again before advance()", () => {
    const r = boot(1, { terms: [1, 1, 1], commit: 3 });
    const rd = r.ready();
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(r.hasReady()).toBe(false);
    expect(r.ready().committedEntries).toEqual([]);
    r.advance(rd);
    expect(r.log.applied).toBe(3);
  });

  test("stepping a message addressed to another node, or going back in term, is a bug", () => {
    const r = boot(1, { terms: [1], term: 3 });
    expect(() => r.step(msg(MSG_HEARTBEAT, 0, 2, 3))).toThrow("raft 1: message for 2");
    expect(() => r.becomeFollower(2, 0)).toThrow("raft 1: term goes back from 3 to 2");
  });
});

describe("election timeout and campaign", () => {
  test("a follower campaigns exactly when its randomized election timeout elapses", () => {
    for (const [random, timeout] of [
      [0, 10],
      [0.55, 15],
    ]) {
      const r = boot(1, { terms: [1], random });
      expect(r.randomizedElectionTimeout).toBe(timeout);
      for (let t = 1; t < timeout; t++) r.tick();
      expect(r.role).toBe(FOLLOWER);
      expect(r.hasReady()).toBe(false);
      r.tick();
      expect(r.role).toBe(CANDIDATE);
      expect(r.term).toBe(2);
    }
  });

  test("a node that is not a voter never campaigns", () => {
    const r = boot(3, { terms: [1] });
    for (let t = 0; t < 50; t++) r.tick();
    r.campaignNow();
    expect(r.role).toBe(FOLLOWER);
    expect(r.term).toBe(1);
    expect(r.hasReady()).toBe(false);
  });

  test("a candidate votes for itself, persists that, and asks every other voter with its last log position", () => {
    const r = boot(0, { terms: [1, 1, 2], term: 2 });
    r.campaignNow();
    expect([r.role, r.term, r.vote, r.lead]).toEqual([CANDIDATE, 3, 0, NONE]);
    const rd = drain(r);
    expect(rd.messages).toEqual([msg(MSG_VOTE, 0, 1, 3, 3, 2), msg(MSG_VOTE, 0, 2, 3, 3, 2)]);
    expect(rd.hardState).toEqual({ term: 3, vote: 0, commit: 0 });
    expect([rd.termOrVoteChanged, rd.mustSync, rd.softStateChanged, rd.role]).toEqual([true, true, true, CANDIDATE]);
  });

  test("TimeoutNow starts a transfer campaign, marked so that it bypasses leases", () => {
    const r = boot(1, { terms: [1, 2], term: 2 });
    r.step(msg(MSG_TIMEOUT_NOW, 0, 1, 2));
    expect(drain(r).messages).toEqual([
      msg(MSG_VOTE, 1, 0, 3, 2, 2, 0, EMPTY_ENTRIES, false, 0, CAMPAIGN_TRANSFER),
      msg(MSG_VOTE, 1, 2, 3, 2, 2, 0, EMPTY_ENTRIES, false, 0, CAMPAIGN_TRANSFER),
    ]);
  });

  test.each([false, true])("a single voter (preVote=%s) wins at once in the next term", (preVote) => {
    const r = boot(0, { voters: [0], terms: [1], cfg: { preVote } });
    r.campaignNow();
    expect([r.role, r.term, r.lead]).toEqual([LEADER, 2, 0]);
    r.campaignNow(); // already leading: nothing happens
    expect([r.role, r.term]).toEqual([LEADER, 2]);
  });

  test("campaignNow on a leader is a no-op", () => {
    const r = boot(0, { terms: [1] });
    r.campaignNow();
    r.step(msg(MSG_VOTE_RESP, 1, 0, 2));
    drain(r);
    r.campaignNow();
    expect([r.role, r.term]).toEqual([LEADER, 2]);
    expect(r.hasReady()).toBe(false);
  });
});

describe("vote tally", () => {
  const five = () => {
    const r = boot(0, { voters: [0, 1, 2, 3, 4], terms: [1] });
    r.campaignNow();
    drain(r);
    return r;
  };

  test("each voter counts once: a later, different answer from the same voter is ignored", () => {
    const r = five();
    r.step(msg(MSG_VOTE_RESP, 1, 0, 2));
    r.step(reject(MSG_VOTE_RESP, 1, 0, 2));
    expect(r.role).toBe(CANDIDATE);
    r.step(msg(MSG_VOTE_RESP, 2, 0, 2));
    expect(r.role).toBe(LEADER);
  });

  test("a candidate waits while it can still win and steps down once a majority rejects", () => {
    const r = five();
    r.step(reject(MSG_VOTE_RESP, 1, 0, 2));
    r.step(reject(MSG_VOTE_RESP, 2, 0, 2));
    expect(r.role).toBe(CANDIDATE);
    drain(r);
    r.step(reject(MSG_VOTE_RESP, 3, 0, 2));
    expect([r.role, r.term, r.lead, r.vote]).toEqual([FOLLOWER, 2, NONE, 0]);
    // Only the role changed, and that is still news for the host.
    expect(r.hasReady()).toBe(true);
    const rd = drain(r);
    expect([rd.softStateChanged, rd.role, rd.hardStateChanged, rd.messages]).toEqual([true, FOLLOWER, false, []]);
  });
});

describe("vote rules", () => {
  test("a voter repeats its vote to the same candidate and refuses any other in the term", () => {
    const r = boot(2, { terms: [1, 5], term: 5, vote: 1 });
    r.step(msg(MSG_VOTE, 1, 2, 5, 2, 5));
    r.step(msg(MSG_VOTE, 0, 2, 5, 2, 5));
    expect(drain(r).messages).toEqual([msg(MSG_VOTE_RESP, 2, 1, 5), reject(MSG_VOTE_RESP, 2, 0, 5)]);
    expect(r.vote).toBe(1);
  });

  test("a follower that knows the term's leader refuses votes and pre-votes of that term", () => {
    const r = boot(2, { terms: [1, 5], term: 5 });
    r.step(msg(MSG_HEARTBEAT, 0, 2, 5));
    drain(r);
    r.step(msg(MSG_VOTE, 1, 2, 5, 2, 5));
    r.step(msg(MSG_PREVOTE, 1, 2, 5, 2, 5));
    expect(drain(r).messages).toEqual([reject(MSG_VOTE_RESP, 2, 1, 5), reject(MSG_PREVOTE_RESP, 2, 1, 5)]);
    expect([r.vote, r.lead]).toEqual([NONE, 0]);
  });

  test("a pre-vote for the next term is granted without touching term, vote or election timer", () => {
    const r = boot(2, { terms: [1, 5], term: 5, vote: 1 });
    for (let t = 0; t < 3; t++) r.tick();
    drain(r);
    r.step(msg(MSG_PREVOTE, 0, 2, 6, 2, 5));
    expect(drain(r).messages).toEqual([msg(MSG_PREVOTE_RESP, 2, 0, 6)]);
    expect([r.term, r.vote, r.electionElapsed]).toEqual([5, 1, 3]);
  });

  test("within a leader lease higher-term votes and pre-votes are dropped; a transfer vote is not", () => {
    const r = boot(2, { terms: [1, 5], term: 5 });
    r.step(msg(MSG_HEARTBEAT, 0, 2, 5));
    drain(r);
    expect(r.inLease()).toBe(true);
    r.step(msg(MSG_PREVOTE, 1, 2, 6, 2, 5));
    r.step(msg(MSG_VOTE, 1, 2, 6, 2, 5));
    expect(r.hasReady()).toBe(false);
    expect([r.term, r.lead]).toEqual([5, 0]);
    r.step(msg(MSG_VOTE, 1, 2, 6, 2, 5, 0, EMPTY_ENTRIES, false, 0, CAMPAIGN_TRANSFER));
    expect(drain(r).messages).toEqual([msg(MSG_VOTE_RESP, 2, 1, 6)]);
    expect([r.term, r.vote]).toEqual([6, 1]);
  });

  test.each([
    // checkQuorum, preVote, answer to a stale heartbeat / append
    [true, false, true],
    [false, true, true],
    [false, false, false],
  ])("stale messages (checkQuorum=%s, preVote=%s): a stale leader learns our term: %s", (checkQuorum, preVote, told) => {
    const r = boot(2, { terms: [1, 5], term: 5, cfg: { checkQuorum, preVote } });
    r.step(msg(MSG_HEARTBEAT, 0, 2, 4));
    r.step(msg(MSG_APP, 0, 2, 4, 2, 5));
    r.step(msg(MSG_VOTE_RESP, 1, 2, 4));
    r.step(msg(MSG_VOTE, 1, 2, 4, 9, 4));
    r.step(msg(MSG_PREVOTE, 1, 2, 4, 9, 4));
    const expected = told ? [msg(MSG_APP_RESP, 2, 0, 5), msg(MSG_APP_RESP, 2, 0, 5)] : [];
    // A stale pre-vote is always refused explicitly (the pre-candidate must not wait forever).
    expect(drain(r).messages).toEqual([...expected, reject(MSG_PREVOTE_RESP, 2, 1, 5)]);
    expect([r.term, r.role]).toEqual([5, FOLLOWER]);
  });
});

describe("what a Ready reports", () => {
  test("a vote in the current term must be synced before the answer is sent", () => {
    const r = boot(2, { terms: [1, 5], term: 5 });
    r.step(msg(MSG_VOTE, 1, 2, 5, 2, 5));
    const rd = drain(r);
    expect(rd.hardState).toEqual({ term: 5, vote: 1, commit: 0 });
    expect([rd.termOrVoteChanged, rd.hardStateChanged, rd.mustSync, rd.softStateChanged]).toEqual([true, true, true, false]);
  });

  test("a higher term alone must be persisted; a new leader alone is a soft-state change", () => {
    const r = boot(2, { terms: [1, 5], term: 5 });
    r.step(msg(MSG_HEARTBEAT_RESP, 1, 2, 6));
    expect([r.term, r.vote, r.lead, r.role]).toEqual([6, NONE, NONE, FOLLOWER]);
    expect(r.hasReady()).toBe(true);
    let rd = drain(r);
    expect([rd.termOrVoteChanged, rd.mustSync, rd.softStateChanged, rd.messages]).toEqual([true, true, false, []]);
    r.step(msg(MSG_HEARTBEAT, 0, 2, 6));
    rd = drain(r);
    expect([rd.softStateChanged, rd.leader, rd.hardStateChanged, rd.termOrVoteChanged, rd.mustSync]).toEqual([true, 0, false, false, false]);
    expect(rd.messages).toEqual([msg(MSG_HEARTBEAT_RESP, 2, 0, 6)]);
    // Nothing changed but a message: nothing to persist, no soft state.
    r.step(msg(MSG_HEARTBEAT, 0, 2, 6, 0, 0, 0, EMPTY_ENTRIES, false, 0, 4));
    rd = drain(r);
    expect(rd.messages).toEqual([msg(MSG_HEARTBEAT_RESP, 2, 0, 6, 0, 0, 0, EMPTY_ENTRIES, false, 0, 4)]);
    expect([rd.softStateChanged, rd.hardStateChanged, rd.termOrVoteChanged, rd.mustSync, rd.entries]).toEqual([false, false, false, false, []]);
  });
});
