// Membership on the pure Raft node (v2-style single-server changes, effective when applied),
// driven directly: the voter set, removed members, the leader's bookkeeping for added and
// removed voters, and followers whose leader is removed.
import { describe, expect, test } from "vitest";
import type { NodeIx } from "../kernel/types.ts";
import type { RaftConfig, } from "./config.ts";
import {
  type ConfChange,
  ENTRY_NORMAL,
  MSG_APP,
  MSG_APP_RESP,
  MSG_HEARTBEAT,
  MSG_HEARTBEAT_RESP,
  MSG_VOTE,
  MSG_VOTE_RESP,
  msg,
  NONE,
  newEntry,
} from "./messages.ts";
import { bootNode, drain, TEST_CFG } from "./testing/node.ts";
import { RaftNode, type RaftState } from "./raft.ts";
import { CANDIDATE, FOLLOWER, LEADER, } from "./ready.ts";

/** The durable state of a member of `voters` holding entry 1 (term 1). */
function state(voters: NodeIx[]): RaftState {
  return {
    hardState: { term: 1, vote: NONE, commit: 0 },
    snapshot: { index: 0, term: 0, voters, data: null },
    entries: [newEntry(1, 1, ENTRY_NORMAL, "e1")],
    offset: 0,
    offsetTerm: 0,
  };
}

const boot = (id: NodeIx, voters: NodeIx[] = [0, 1, 2], cfg: Partial<RaftConfig> = {}): RaftNode => bootNode(id, { voters, terms: [1], cfg });

/** Node 0 leads term 2 (empty entry at 2), acked by the followers in `acked`. */
function leader(acked: NodeIx[], voters: NodeIx[] = [0, 1, 2], cfg: Partial<RaftConfig> = {}): RaftNode {
  const r = boot(0, voters, cfg);
  r.campaignNow();
  for (const v of voters) if (v !== 0 && r.role !== LEADER) r.step(msg(MSG_VOTE_RESP, v, 0, 2));
  for (const v of acked) r.step(msg(MSG_APP_RESP, v, 0, 2, 2));
  while (r.hasReady()) drain(r);
  return r;
}

const add = (node: NodeIx): ConfChange => ({ conf: "add", node, members: null });
const remove = (node: NodeIx): ConfChange => ({ conf: "remove", node, members: null });
/** A higher-term vote request from `from` (outside any lease: granted unless ignored). */
const voteFrom = (from: NodeIx, to: NodeIx, term: number) => msg(MSG_VOTE, from, to, term, 9, 9);

describe("the voter set", () => {
  test("set, add and remove keep the voters sorted and without duplicates, and copy what they are given", () => {
    const st = state([0, 1, 2]);
    const r = new RaftNode({ id: 0, cfg: TEST_CFG, random: () => 0, state: st });
    r.applyConfChange(add(5));
    expect(r.voters).toEqual([0, 1, 2, 5]);
    expect(st.snapshot.voters).toEqual([0, 1, 2]); // the recovered snapshot is not written into
    const members = Object.freeze([4, 0, 3, 1]);
    r.applyConfChange({ conf: "set", node: NONE, members });
    expect(r.voters).toEqual([0, 1, 3, 4]);
    expect(members).toEqual([4, 0, 3, 1]);
    r.applyConfChange(remove(1));
    r.applyConfChange(add(2));
    r.applyConfChange(add(1));
    r.applyConfChange(add(3));
    expect(r.voters).toEqual([0, 1, 2, 3, 4]);
    r.applyConfChange(remove(7)); // not a member
    expect(r.voters).toEqual([0, 1, 2, 3, 4]);
  });

  test("messages from removed members are ignored until they are added again", () => {
    const f = boot(2, [0, 1, 2, 3]);
    f.applyConfChange(remove(0));
    f.applyConfChange(remove(1));
    f.applyConfChange(remove(0)); // applied twice (e.g. replayed): still one removal
    f.step(voteFrom(0, 2, 5));
    f.step(voteFrom(1, 2, 5));
    expect([f.term, f.hasReady()]).toEqual([1, false]);
    f.applyConfChange(add(4)); // an unrelated addition forgives nobody
    f.applyConfChange(add(0));
    f.step(voteFrom(1, 2, 5));
    expect([f.term, f.hasReady()]).toEqual([1, false]);
    f.step(voteFrom(0, 2, 5));
    expect([f.term, f.vote]).toEqual([5, 0]);
    expect(drain(f).messages).toEqual([msg(MSG_VOTE_RESP, 2, 0, 5)]);
  });

  test("a removed node stops participating", () => {
    const f = boot(2);
    f.step(msg(MSG_HEARTBEAT, 0, 2, 1));
    drain(f);
    f.applyConfChange(remove(2));
    expect([f.removed, f.role, f.lead]).toEqual([true, FOLLOWER, NONE]);
    drain(f);
    f.step(msg(MSG_HEARTBEAT, 0, 2, 3));
    for (let t = 0; t < 3 * f.cfg.electionTick; t++) f.tick();
    expect(f.readIndex(1)).toBe(false);
    f.campaignNow();
    expect([f.term, f.role, f.hasReady()]).toEqual([1, FOLLOWER, false]);
  });
});

describe("followers", () => {
  test("a follower whose leader is removed campaigns at once; other removals change nothing", () => {
    const f = boot(2, [0, 1, 2, 3]);
    f.step(msg(MSG_HEARTBEAT, 0, 2, 1));
    drain(f);
    f.applyConfChange(remove(3));
    f.applyConfChange(add(5));
    expect([f.role, f.lead, f.hasReady()]).toEqual([FOLLOWER, 0, false]);
    expect(f.progress(5)).toBeNull(); // only a leader tracks followers
    f.applyConfChange(remove(0));
    expect([f.role, f.term, f.lead, f.vote]).toEqual([CANDIDATE, 2, NONE, 2]);
    expect(drain(f).messages).toEqual([msg(MSG_VOTE, 2, 1, 2, 1, 1), msg(MSG_VOTE, 2, 5, 2, 1, 1)]);
  });

  test("a node that cannot campaign just forgets its removed leader, and tells the host", () => {
    const f = boot(3); // not (yet) a voter itself
    f.step(msg(MSG_HEARTBEAT, 0, 3, 1));
    drain(f);
    f.applyConfChange(remove(0));
    expect([f.role, f.lead, f.term]).toEqual([FOLLOWER, NONE, 1]);
    expect(f.hasReady()).toBe(true);
    const rd = drain(f);
    expect([rd.softStateChanged, rd.leader, rd.messages, rd.hardStateChanged]).toEqual([true, NONE, [], false]);
  });
});

describe("leader", () => {
  test("an added voter is probed right after the leader's last entry; re-adding keeps a voter's progress", () => {
    const r = leader([1]);
    const pr1 = r.progress(1)!;
    r.applyConfChange(add(1));
    expect(r.progress(1)).toBe(pr1);
    expect(pr1.match).toBe(2);
    r.applyConfChange(add(3));
    expect(r.voters).toEqual([0, 1, 2, 3]);
    r.step(msg(MSG_HEARTBEAT_RESP, 3, 0, 2));
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 3, 2, 2, 2, 2)]);
  });

  test("an added voter counts as active for the CheckQuorum round it joins in", () => {
    const r = leader([1, 2]);
    const round = (resps: NodeIx[], mid?: () => void) => {
      for (let t = 0; t < r.cfg.electionTick; t++) {
        for (const f of resps) r.step(msg(MSG_HEARTBEAT_RESP, f, 0, 2));
        if (t === 3 && mid) mid();
        r.tick();
        drain(r);
      }
    };
    round([1, 2]);
    round([1], () => r.applyConfChange(add(3))); // 4 voters: self, 1 and the newcomer are a quorum
    expect(r.role).toBe(LEADER);
  });

  test("removing a lagging voter shrinks the quorum: what the rest hold commits at once", () => {
    const r = leader([1], [0, 1, 2, 3]);
    expect(r.committed).toBe(0);
    r.applyConfChange(remove(3));
    expect(r.committed).toBe(2);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 2, 2, 2)]);
  });
});
