// Log replication on the pure Raft node, driven directly (etcd-io/raft raft_test.go style): the
// follower's append/heartbeat handling and rejection hints, the leader's fast backtracking,
// probe/replicate flow control, heartbeats, the commit rule and CheckQuorum.
import { describe, expect, test } from "vitest";
import type { LogIndex, NodeIx, } from "../kernel/types.ts";
import {
  EMPTY_ENTRIES,
  ENTRY_NORMAL,
  MSG_APP,
  MSG_APP_RESP,
  MSG_HEARTBEAT,
  MSG_HEARTBEAT_RESP,
  MSG_VOTE_RESP,
  msg,
  NONE,
  newEntry,
} from "./messages.ts";
import { PROBE, REPLICATE } from "./progress.ts";
import { bootNode, drain, type NodeInit } from "./testing/node.ts";
import type { RaftNode } from "./raft.ts";
import { FOLLOWER, LEADER, type Ready } from "./ready.ts";

const boot = bootNode;

/** Node 0 campaigns and wins the next term (it has appended its empty entry); outbox drained. */
function leader(o: NodeInit = {}): RaftNode {
  const r = boot(0, o);
  r.campaignNow();
  for (const v of r.voters) if (v !== 0 && r.role !== LEADER) r.step(msg(MSG_VOTE_RESP, v, 0, r.term));
  drain(r);
  return r;
}

const ack = (r: RaftNode, from: NodeIx, index: LogIndex): void => r.step(msg(MSG_APP_RESP, from, 0, r.term, index));

describe("follower side", () => {
  test("an append below the commit index is answered with the commit index", () => {
    const f = boot(1, { terms: [1, 1, 1, 1, 1], commit: 5 });
    drain(f);
    f.step(msg(MSG_APP, 0, 1, 1, 2, 1, 5, f.log.slice(3, 4)));
    expect(drain(f).messages).toEqual([msg(MSG_APP_RESP, 1, 0, 1, 5)]);
  });

  test("an empty log accepts the very first append (index 0)", () => {
    const f = boot(3, { voters: [] });
    f.step(msg(MSG_APP, 0, 3, 2, 0, 0, 0));
    expect(drain(f).messages).toEqual([msg(MSG_APP_RESP, 3, 0, 2, 0)]);
    const ents = [newEntry(1, 1, ENTRY_NORMAL, "a"), newEntry(2, 2, ENTRY_NORMAL, "b")];
    f.step(msg(MSG_APP, 0, 3, 2, 0, 0, 1, ents));
    expect(drain(f).messages).toEqual([msg(MSG_APP_RESP, 3, 0, 2, 2)]);
    expect([f.log.lastIndex(), f.committed, f.lead]).toEqual([2, 1, 0]);
  });

  test("a rejection hints at the last index whose term is ≤ the probe's, and carries that term", () => {
    const f = boot(1, { terms: [1, 1, 2, 2], term: 3 });
    f.step(msg(MSG_APP, 0, 1, 3, 7, 3)); // beyond our log
    f.step(msg(MSG_APP, 0, 1, 3, 4, 3)); // term mismatch at 4
    f.step(msg(MSG_APP, 0, 1, 3, 4, 1)); // mismatch, probe term below ours
    expect(drain(f).messages).toEqual([
      msg(MSG_APP_RESP, 1, 0, 3, 7, 2, 0, EMPTY_ENTRIES, true, 4),
      msg(MSG_APP_RESP, 1, 0, 3, 4, 2, 0, EMPTY_ENTRIES, true, 4),
      msg(MSG_APP_RESP, 1, 0, 3, 4, 1, 0, EMPTY_ENTRIES, true, 2),
    ]);
  });

  test("a heartbeat advances the commit index and is echoed with its context", () => {
    const f = boot(1, { terms: [1, 1, 1] });
    f.step(msg(MSG_HEARTBEAT, 0, 1, 1, 0, 0, 2, EMPTY_ENTRIES, false, 0, 9));
    const rd = drain(f);
    expect(rd.messages).toEqual([msg(MSG_HEARTBEAT_RESP, 1, 0, 1, 0, 0, 0, EMPTY_ENTRIES, false, 0, 9)]);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2]);
  });
});

describe("leader side", () => {
  test("a new leader probes every follower right after its last entry with its empty entry", () => {
    const r = boot(0, { terms: [1, 1, 2], term: 2 });
    r.campaignNow();
    drain(r);
    r.step(msg(MSG_VOTE_RESP, 1, 0, 3));
    const empty = r.log.slice(4, 5);
    expect(empty.map((e) => [e.term, e.data])).toEqual([[3, null]]);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 3, 3, 2, 0, empty), msg(MSG_APP, 0, 2, 3, 3, 2, 0, empty)]);
  });

  test("fast backtracking: one rejection skips the follower's whole divergent term", () => {
    const r = leader({ terms: [1, 1, 1, 4, 4, 5, 5, 5] }); // term 6, entry 9
    const f = boot(1, { terms: [1, 1, 1, 2, 2, 2, 2, 2, 2], term: 5 });
    f.step(msg(MSG_APP, 0, 1, 6, 8, 5, 0, r.log.slice(9, 10))); // the leader's first append
    const rej = drain(f).messages;
    expect(rej).toEqual([msg(MSG_APP_RESP, 1, 0, 6, 8, 2, 0, EMPTY_ENTRIES, true, 8)]);
    r.step(rej[0]);
    const probe = drain(r).messages;
    expect(probe).toEqual([msg(MSG_APP, 0, 1, 6, 3, 1, 0, r.log.slice(4, 10))]);
    expect(r.progress(1)!.state).toBe(PROBE);
    f.step(probe[0]);
    expect(drain(f).messages).toEqual([msg(MSG_APP_RESP, 1, 0, 6, 9)]);
    expect(f.log.entries.map((e) => e.term)).toEqual([1, 1, 1, 4, 4, 5, 5, 5, 6]);
  });

  test("a rejection while replicating falls back to probing from the match index", () => {
    const r = leader({ terms: [1] }); // term 2, entry 2
    ack(r, 1, 2);
    drain(r);
    r.propose("a");
    r.propose("b");
    drain(r); // in flight to 1: [3], [4]
    r.step(msg(MSG_APP_RESP, 1, 0, 2, 3, 2, 0, EMPTY_ENTRIES, true, 2)); // [3] was lost, [4] rejected
    expect(r.progress(1)!.state).toBe(PROBE);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 2, 2, 2, r.log.slice(3, 5))]);
    r.propose("c");
    expect(drain(r).messages).toEqual([]); // one probe at a time
  });

  test("an ack while replicating frees the window without re-sending what is in flight", () => {
    const r = leader({ terms: [1] });
    ack(r, 1, 2);
    drain(r);
    r.propose("a");
    r.propose("b");
    drain(r);
    ack(r, 1, 3);
    expect(r.committed).toBe(3);
    // Only the new commit index goes out ([4] is still in flight); 2 is still being probed.
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 4, 2, 3)]);
    expect(r.progress(1)!.inflights.count).toBe(1);
  });

  test("after a probe is acked the leader fills the follower's window, and no further", () => {
    const r = leader({ terms: [1], cfg: { maxInflight: 4, maxEntriesPerMsg: 1 } });
    for (const d of ["a", "b", "c", "d", "e"]) r.propose(d);
    expect(drain(r).messages).toEqual([]); // both followers are being probed
    ack(r, 1, 2);
    const sent = (rd: Ready) => rd.messages.map((m) => [m.to, m.index, m.commit, m.entries.map((e) => e.index)]);
    expect(sent(drain(r))).toEqual([
      [1, 2, 2, [3]],
      [1, 3, 2, [4]],
      [1, 4, 2, [5]],
      [1, 5, 2, [6]],
    ]);
    expect(r.progress(1)!.state).toBe(REPLICATE);
    ack(r, 1, 6);
    expect(sent(drain(r))).toEqual([[1, 6, 6, [7]]]);
    ack(r, 1, 7);
    expect(sent(drain(r))).toEqual([[1, 7, 7, []]]);
  });

  test("a follower that was probed and catches up without a new commit is sent the commit index", () => {
    const r = leader({ terms: [1] });
    ack(r, 1, 2);
    drain(r);
    ack(r, 2, 2);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 2, 2, 2, 2, 2)]);
    expect(r.progress(2)!.state).toBe(REPLICATE);
  });

  test("the leader counts its own entry only once it is durable (stableTo)", () => {
    const r = leader({ terms: [1] });
    ack(r, 1, 2);
    expect(r.committed).toBe(2);
    drain(r);
    r.propose("x");
    r.advance(r.ready()); // sent, not yet synced
    ack(r, 1, 3);
    expect(r.committed).toBe(2);
    r.stableTo(3, 1); // not our entry at 3
    expect([r.committed, r.stableIndex]).toEqual([2, 2]);
    r.stableTo(3, 2);
    expect(r.committed).toBe(3);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 3, 2, 3)]);
    r.propose("y");
    drain(r);
    r.stableTo(3, 2); // a late notice does not move the durable point back
    expect(r.stableIndex).toBe(4);
    ack(r, 1, 4);
    expect(r.committed).toBe(4);
  });

  test("commit is the highest index on a quorum: with 4 voters the third-highest match", () => {
    const r = leader({ voters: [0, 1, 2, 3], terms: [1] });
    for (const d of ["a", "b", "c"]) r.propose(d);
    drain(r); // leader durable up to 5
    ack(r, 1, 5);
    expect(r.committed).toBe(0);
    ack(r, 2, 3);
    expect(r.committed).toBe(3);
  });

  test("heartbeats go out every heartbeatTick with each follower's safe commit index", () => {
    const r = leader({ terms: [1], cfg: { heartbeatTick: 2, checkQuorum: false } });
    ack(r, 1, 2);
    drain(r);
    r.tick();
    expect(r.hasReady()).toBe(false);
    r.tick();
    expect(drain(r).messages).toEqual([msg(MSG_HEARTBEAT, 0, 1, 2, 0, 0, 2), msg(MSG_HEARTBEAT, 0, 2, 2, 0, 0, 0)]);
  });

  test("heartbeat responses: nothing for a caught-up follower, a resend for a lagging one, not a slot of the window", () => {
    const r = leader({ terms: [1], cfg: { maxInflight: 2, maxEntriesPerMsg: 1 } });
    ack(r, 1, 2);
    drain(r);
    r.step(msg(MSG_HEARTBEAT_RESP, 1, 0, 2));
    r.step(msg(MSG_HEARTBEAT_RESP, 3, 0, 2)); // not a member
    expect(r.hasReady()).toBe(false);
    r.propose("a");
    drain(r); // [3] in flight: one of two slots
    r.step(msg(MSG_HEARTBEAT_RESP, 1, 0, 2));
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 3, 2, 2)]);
    r.propose("b");
    r.propose("c");
    expect(drain(r).messages.map((m) => [m.to, m.entries.map((e) => e.index)])).toEqual([[1, [4]]]);
  });
});

describe("CheckQuorum", () => {
  test("append responses alone keep a leader in office; silence for an election timeout deposes it", () => {
    const r = leader({ terms: [1] });
    const round = (resps: (() => void)[]) => {
      for (let t = 0; t < r.cfg.electionTick; t++) {
        for (const f of resps) f();
        r.tick();
        drain(r);
      }
    };
    round([() => r.step(msg(MSG_HEARTBEAT_RESP, 1, 0, 2)), () => r.step(msg(MSG_HEARTBEAT_RESP, 2, 0, 2))]);
    expect(r.role).toBe(LEADER);
    round([() => ack(r, 1, 2)]);
    expect(r.role).toBe(LEADER);
    round([]);
    expect([r.role, r.lead, r.term]).toEqual([FOLLOWER, NONE, 2]);
  });
});
