// Leader services on the pure Raft node, driven directly: proposals, leadership transfer (target
// choice, catch-up, TimeoutNow) and ReadIndex (quorum confirmation rounds, follower reads).
import { describe, expect, test } from "vitest";
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";
import type { RaftConfig, } from "./config.ts";
import {
  EMPTY_ENTRIES,
  MSG_APP,
  MSG_APP_RESP,
  MSG_HEARTBEAT,
  MSG_HEARTBEAT_RESP,
  MSG_READ_INDEX,
  MSG_READ_INDEX_RESP,
  MSG_TIMEOUT_NOW,
  MSG_VOTE_RESP,
  msg,
  NONE,
} from "./messages.ts";
import { bootNode, drain, } from "./testing/node.ts";
import type { RaftNode } from "./raft.ts";
import { LEADER, } from "./ready.ts";

/** A member of `voters` holding entry 1 (term 1). */
const boot = (id: NodeIx, voters: NodeIx[] = [0, 1, 2], cfg: Partial<RaftConfig> = {}): RaftNode => bootNode(id, { voters, terms: [1], cfg });

/** Node 0 leads term 2 (empty entry at 2); the followers in `acked` have acked it (committed). */
function leader(acked: NodeIx[] = [], voters: NodeIx[] = [0, 1, 2], cfg: Partial<RaftConfig> = {}): RaftNode {
  const r = boot(0, voters, cfg);
  r.campaignNow();
  for (const v of voters) if (v !== 0 && r.role !== LEADER) r.step(msg(MSG_VOTE_RESP, v, 0, 2));
  for (const v of acked) ack(r, v, 2);
  while (r.hasReady()) drain(r); // the commit of entry 2 is sent once the leader has it durable
  return r;
}

const ack = (r: RaftNode, from: NodeIx, index: LogIndex): void => r.step(msg(MSG_APP_RESP, from, 0, r.term, index));
const hbResp = (from: NodeIx, term: Term, ctx: number) => msg(MSG_HEARTBEAT_RESP, from, 0, term, 0, 0, 0, EMPTY_ENTRIES, false, 0, ctx);
const readReq = (from: NodeIx, term: Term, ctx: number) => msg(MSG_READ_INDEX, from, 0, term, 0, 0, 0, EMPTY_ENTRIES, false, 0, ctx);

describe("proposals", () => {
  test("only a leader accepts proposals", () => {
    const f = boot(1);
    expect(f.propose("x")).toBe(0);
    expect(f.proposeConfChange({ conf: "remove", node: 2, members: null })).toBe(0);
    expect(f.log.lastIndex()).toBe(1);
    const r = leader([1, 2]);
    expect(r.propose("x")).toBe(3);
    expect(r.proposeConfChange({ conf: "remove", node: 2, members: null })).toBe(4);
  });
});

describe("leadership transfer", () => {
  test("a lagging target is caught up first, then sent TimeoutNow; proposals wait meanwhile", () => {
    const r = leader([1, 2]);
    r.propose("a");
    r.propose("b");
    drain(r);
    ack(r, 1, 4);
    drain(r);
    r.transferLeadership(2); // 2 is behind: nothing left to send, an empty append
    expect(r.leadTransferee).toBe(2);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 2, 2, 4, 2, 4)]);
    expect(r.propose("c")).toBe(0);
    expect(r.proposeConfChange({ conf: "remove", node: 1, members: null })).toBe(0);
    r.transferLeadership(2); // already under way
    expect(r.hasReady()).toBe(false);
    ack(r, 2, 3);
    expect(drain(r).messages).toEqual([]);
    ack(r, 2, 4);
    expect(drain(r).messages).toEqual([msg(MSG_TIMEOUT_NOW, 0, 2, 2)]);
  });

  test("a transfer that does not finish within an election timeout is abandoned", () => {
    const r = leader([1, 2], [0, 1, 2], { checkQuorum: false });
    r.propose("a");
    drain(r);
    r.transferLeadership(2);
    for (let t = 0; t < r.cfg.electionTick; t++) r.tick();
    expect(r.leadTransferee).toBe(NONE);
    expect(r.propose("b")).toBe(4);
  });

  test.each([
    ["1 ahead", [4, 3], 1],
    ["2 ahead", [3, 4], 2],
    ["a tie: the lowest id", [4, 4], 1],
  ])("without a target the most up-to-date voter is chosen (%s)", (_, [m1, m2], chosen) => {
    const r = leader([1, 2]);
    r.propose("a");
    r.propose("b");
    drain(r);
    ack(r, 1, m1);
    ack(r, 2, m2);
    drain(r);
    r.transferLeadership(NONE);
    expect(r.leadTransferee).toBe(chosen);
    expect(drain(r).messages).toEqual([msg(MSG_TIMEOUT_NOW, 0, chosen, 2)]);
  });

  test("voters heard from since the last CheckQuorum round are preferred, however far behind", () => {
    const r = leader([1, 2]);
    r.propose("a");
    drain(r);
    ack(r, 2, 3);
    for (let t = 0; t < r.cfg.electionTick; t++) r.tick();
    r.step(hbResp(1, 2, 0));
    drain(r);
    r.transferLeadership(NONE);
    expect(r.leadTransferee).toBe(1);
  });

  test("with nothing known about the voters the first one is chosen", () => {
    const r = leader();
    for (let t = 0; t < r.cfg.electionTick; t++) {
      r.step(hbResp(1, 2, 0));
      r.step(hbResp(2, 2, 0));
      r.tick();
    }
    drain(r);
    expect([r.role, r.progress(1)!.match, r.progress(1)!.recentActive]).toEqual([LEADER, 0, false]);
    r.transferLeadership(NONE);
    expect(r.leadTransferee).toBe(1);
  });

  test("to itself, to a non-voter, or by a follower: nothing happens", () => {
    const r = leader([1, 2]);
    r.transferLeadership(0);
    r.transferLeadership(5);
    expect(r.leadTransferee).toBe(NONE);
    expect(r.hasReady()).toBe(false);
    const f = boot(1);
    f.transferLeadership(2);
    f.transferLeadership(NONE);
    expect(f.leadTransferee).toBe(NONE);
    expect(f.hasReady()).toBe(false);
  });

  test("removing the target aborts the transfer; removing another voter does not", () => {
    const r = leader([1, 2]);
    r.propose("a");
    drain(r);
    r.transferLeadership(2);
    r.applyConfChange({ conf: "remove", node: 1, members: null });
    expect(r.leadTransferee).toBe(2);
    r.applyConfChange({ conf: "remove", node: 2, members: null });
    expect(r.leadTransferee).toBe(NONE);
    expect(r.propose("b")).toBe(4);
  });
});

describe("ReadIndex", () => {
  test("a new leader serves no read before it has committed an entry of its term", () => {
    const r = leader();
    expect(r.readIndex(1)).toBe(false);
    r.step(readReq(1, 2, 7));
    expect(drain(r).messages).toEqual([msg(MSG_READ_INDEX_RESP, 0, 1, 2, 0, 0, 0, EMPTY_ENTRIES, true, 0, 7)]);
  });

  test("a read is confirmed by a quorum answering its heartbeat round, at the commit index of the request", () => {
    const r = leader([1]);
    expect(r.readIndex(5)).toBe(true);
    const hbs = drain(r).messages;
    const ctx = hbs[0].context;
    expect(ctx).not.toBe(0);
    expect(hbs).toEqual([msg(MSG_HEARTBEAT, 0, 1, 2, 0, 0, 2, EMPTY_ENTRIES, false, 0, ctx), msg(MSG_HEARTBEAT, 0, 2, 2, 0, 0, 0, EMPTY_ENTRIES, false, 0, ctx)]);
    r.propose("x");
    drain(r);
    ack(r, 1, 3);
    expect(r.committed).toBe(3);
    r.step(hbResp(2, 2, ctx));
    expect(drain(r).readStates).toEqual([{ index: 2, ctx: 5 }]);
  });

  test("a single voter confirms a read at once", () => {
    const r = boot(0, [0]);
    r.campaignNow();
    drain(r);
    expect(r.committed).toBe(2);
    expect(r.readIndex(8)).toBe(true);
    expect(drain(r).readStates).toEqual([{ index: 2, ctx: 8 }]);
  });

  test("an ack of a later round confirms the earlier reads too; an ack of an earlier round only those", () => {
    const r = leader([1]);
    const round = (ctx: number): number => {
      r.readIndex(ctx);
      return drain(r).messages[0].context;
    };
    const c1 = round(1);
    const c2 = round(2);
    const c3 = round(3);
    r.step(hbResp(2, 2, c1));
    expect(drain(r).readStates.map((s) => s.ctx)).toEqual([1]);
    r.step(hbResp(2, 2, c3));
    expect(drain(r).readStates.map((s) => s.ctx)).toEqual([2, 3]);
    r.step(hbResp(1, 2, c2)); // late: nothing left
    expect(drain(r).readStates).toEqual([]);
  });

  test("the periodic heartbeat carries the latest pending round, so a lost round is retried", () => {
    const r = leader([1], [0, 1, 2], { checkQuorum: false });
    r.readIndex(4);
    const lost = drain(r).messages[0].context;
    r.tick();
    const hbs = drain(r).messages;
    expect(hbs.map((m) => [m.type, m.context])).toEqual([
      [MSG_HEARTBEAT, lost],
      [MSG_HEARTBEAT, lost],
    ]);
    r.step(hbResp(1, 2, lost));
    expect(drain(r).readStates).toEqual([{ index: 2, ctx: 4 }]);
    r.tick();
    expect(drain(r).messages.map((m) => m.context)).toEqual([0, 0]);
  });

  test("each voter's ack counts once, and acks of a member removed meanwhile do not count", () => {
    const r = leader([1, 2, 3, 4], [0, 1, 2, 3, 4]);
    r.readIndex(1);
    const ctx = drain(r).messages[0].context;
    r.step(hbResp(1, 2, ctx));
    r.step(hbResp(1, 2, ctx));
    expect(drain(r).readStates).toEqual([]);
    r.applyConfChange({ conf: "remove", node: 1, members: null }); // 4 voters: 3 needed
    r.step(hbResp(2, 2, ctx));
    expect(drain(r).readStates).toEqual([]);
    r.step(hbResp(3, 2, ctx));
    expect(drain(r).readStates).toEqual([{ index: 2, ctx: 1 }]);
  });

  test("a follower asks its leader and gets the confirmed index back", () => {
    const f = boot(1);
    expect(f.readIndex(3)).toBe(false); // no leader known
    expect(f.hasReady()).toBe(false);
    f.step(msg(MSG_HEARTBEAT, 0, 1, 2));
    drain(f);
    expect(f.readIndex(3)).toBe(true);
    const req = drain(f).messages;
    expect(req).toEqual([readReq(1, 2, 3)]);
    const r = leader([1]);
    r.step(req[0]);
    const ctx = drain(r).messages[0].context;
    r.step(hbResp(2, 2, ctx));
    const resp = drain(r).messages.filter((m) => m.type === MSG_READ_INDEX_RESP);
    expect(resp).toEqual([msg(MSG_READ_INDEX_RESP, 0, 1, 2, 2, 0, 0, EMPTY_ENTRIES, false, 0, 3)]);
    f.step(resp[0]);
    expect(drain(f).readStates).toEqual([{ index: 2, ctx: 3 }]);
  });

  test("a refused read gives the follower no read state (its caller times out and retries)", () => {
    const f = boot(1);
    f.step(msg(MSG_HEARTBEAT, 0, 1, 2));
    drain(f);
    expect(f.readIndex(7)).toBe(true);
    const req = drain(f).messages[0];
    const r = leader(); // has not committed an entry of its term yet: refuses
    r.step(req);
    const resp = drain(r).messages.filter((m) => m.type === MSG_READ_INDEX_RESP);
    expect(resp).toEqual([msg(MSG_READ_INDEX_RESP, 0, 1, 2, 0, 0, 0, EMPTY_ENTRIES, true, 0, 7)]);
    f.step(resp[0]);
    // A read state at index 0 would count as applied already: a possibly stale read.
    expect(f.hasReady()).toBe(false);
    expect(drain(f).readStates).toEqual([]);
  });

  test("a leader holds at most 4096 pending reads", () => {
    const r = leader([1]);
    for (let i = 0; i < 4096; i++) expect(r.readIndex(i)).toBe(true);
    expect(r.readIndex(4096)).toBe(false);
  });
});
