// Snapshots on the pure Raft node, driven directly: when a leader sends one (and when not), how
// it tracks and retries it, and how a follower or candidate installs, skips or fast-forwards.
import { describe, expect, test } from "vitest";
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";
import type { RaftConfig, } from "./config.ts";
import { EMPTY_ENTRIES, MSG_APP, MSG_APP_RESP, MSG_HEARTBEAT_RESP, MSG_SNAP, MSG_VOTE_RESP, msg, type Snapshot } from "./messages.ts";
import { PROBE, REPLICATE, SNAPSHOT } from "./progress.ts";
import { bootNode, drain, type NodeInit } from "./testing/node.ts";
import type { RaftNode } from "./raft.ts";
import { FOLLOWER, } from "./ready.ts";

/** A node of {0, 1, 2} recovered from a snapshot (default: none) and the entries after it. */
const boot = (id: NodeIx, o: { terms: Term[]; commit: LogIndex } & NodeInit): RaftNode => bootNode(id, o);

const snapMsg = (to: NodeIx, term: Term, s: Snapshot) => msg(MSG_SNAP, 0, to, term, 0, 0, 0, EMPTY_ENTRIES, false, 0, 0, s);

/**
 * Node 0 restarted from a snapshot at 5 (entries 6, 7 committed), leads term 2 (entry 8) and
 * replicates to 2 (all committed); 1 holds only 1..3 and rejects the first probe: it needs the snapshot.
 */
function leaderWithLaggard(cfg: Partial<RaftConfig> = {}): RaftNode {
  const r = boot(0, { snap: { index: 5, term: 1 }, terms: [1, 1], commit: 7, cfg });
  drain(r);
  r.campaignNow();
  r.step(msg(MSG_VOTE_RESP, 1, 0, 2));
  drain(r);
  r.step(msg(MSG_APP_RESP, 2, 0, 2, 8));
  drain(r);
  expect(r.committed).toBe(8);
  r.step(msg(MSG_APP_RESP, 1, 0, 2, 7, 1, 0, EMPTY_ENTRIES, true, 3));
  return r;
}

describe("leader", () => {
  test("sends its snapshot when the follower's next entry is compacted, retries a lost one after an election timeout", () => {
    const r = leaderWithLaggard({ checkQuorum: false });
    const snap = r.log.snapshot;
    expect(snap).toMatchObject({ index: 5, term: 1, data: "s5" });
    expect(drain(r).messages).toEqual([snapMsg(1, 2, snap)]);
    const pr = r.progress(1)!;
    expect([pr.state, pr.pendingSnapshot]).toEqual([SNAPSHOT, 5]);
    for (let t = 1; t < r.cfg.electionTick; t++) r.tick();
    expect(pr.state).toBe(SNAPSHOT);
    r.tick();
    expect([pr.state, pr.next]).toEqual([PROBE, 6]);
    expect(r.progress(2)!.state).toBe(REPLICATE);
    drain(r);
    // The retry: probe after the snapshot, rejected again (1 still holds 1..3), snapshot again.
    r.step(msg(MSG_HEARTBEAT_RESP, 1, 0, 2));
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 5, 1, 8, r.log.slice(6, 9))]);
    r.step(msg(MSG_APP_RESP, 1, 0, 2, 5, 1, 0, EMPTY_ENTRIES, true, 3));
    expect(drain(r).messages).toEqual([snapMsg(1, 2, snap)]);
    // A late ack below the snapshot changes nothing: still waiting for the snapshot.
    r.step(msg(MSG_APP_RESP, 1, 0, 2, 3));
    expect(drain(r).messages).toEqual([]);
    expect([pr.state, pr.match]).toEqual([SNAPSHOT, 3]);
    // Installed (the follower acks the snapshot index): replicate the rest.
    r.step(msg(MSG_APP_RESP, 1, 0, 2, 5));
    expect(pr.state).toBe(REPLICATE);
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 1, 2, 5, 1, 8, r.log.slice(6, 9))]);
  });

  test("does not send a snapshot to a follower it has not heard from since the last CheckQuorum round", () => {
    const r = leaderWithLaggard();
    drain(r);
    for (let t = 0; t < r.cfg.electionTick; t++) r.tick(); // quorum check: activity flags reset; snapshot retry
    drain(r);
    expect(r.progress(1)!.state).toBe(PROBE);
    const s8 = { index: 8, term: 2, voters: [0, 1, 2], data: "s8" };
    r.compact(s8, 8);
    r.propose("x");
    expect(drain(r).messages).toEqual([msg(MSG_APP, 0, 2, 2, 8, 2, 8, r.log.slice(9, 10))]);
    r.step(msg(MSG_HEARTBEAT_RESP, 1, 0, 2));
    expect(drain(r).messages).toEqual([snapMsg(1, 2, s8)]);
  });
});

describe("follower", () => {
  test("installs a newer snapshot: log, commit and configuration replaced; applied once the host installs it", () => {
    const f = boot(1, { terms: [1, 1], commit: 2 });
    drain(f);
    const s = { index: 8, term: 2, voters: [0, 1, 2, 3], data: "s8" };
    f.step(snapMsg(1, 2, s));
    expect([f.log.lastIndex(), f.committed, f.term, f.lead, f.voters]).toEqual([8, 8, 2, 0, [0, 1, 2, 3]]);
    const rd = drain(f);
    expect(rd.snapshot).toBe(s);
    expect(rd.messages).toEqual([msg(MSG_APP_RESP, 1, 0, 2, 8)]);
    expect(rd.committedEntries).toEqual([]);
    expect(f.log.applied).toBe(8);
    // The snapshot is shared and immutable: later configuration changes do not write into it.
    f.applyConfChange({ conf: "add", node: 4, members: null });
    expect([s.voters, f.voters]).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3, 4],
    ]);
  });

  test("a snapshot of an entry it already has only fast-forwards the commit index", () => {
    const f = boot(1, { terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], commit: 3 });
    drain(f);
    f.step(snapMsg(1, 1, { index: 6, term: 1, voters: [0, 1, 2], data: "s6" }));
    expect([f.log.lastIndex(), f.committed]).toEqual([10, 6]);
    const rd = drain(f);
    expect(rd.snapshot).toBeNull();
    expect(rd.messages).toEqual([msg(MSG_APP_RESP, 1, 0, 1, 6)]);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([4, 5, 6]);
  });

  test.each([
    ["behind its commit index", { terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], commit: 8 }, 8, 10],
    ["behind its own compaction point", { snap: { index: 10, term: 1 }, terms: [1, 1], commit: 12 }, 12, 12],
  ])("a stale snapshot (%s) is ignored and answered with the commit index", (_, init, commit, last) => {
    const f = boot(1, init);
    drain(f);
    f.step(snapMsg(1, 1, { index: 6, term: 1, voters: [0, 1, 2], data: "s6" }));
    const rd = drain(f);
    expect(rd.snapshot).toBeNull();
    expect(rd.messages).toEqual([msg(MSG_APP_RESP, 1, 0, 1, commit)]);
    expect([f.log.lastIndex(), f.committed]).toEqual([last, commit]);
  });

  test("a candidate that receives the term's snapshot follows its sender and installs it", () => {
    const f = boot(1, { terms: [1], commit: 1 });
    drain(f);
    f.campaignNow();
    drain(f);
    f.step(snapMsg(1, 2, { index: 5, term: 2, voters: [0, 1, 2], data: "s5" }));
    expect([f.role, f.lead, f.term, f.log.lastIndex()]).toEqual([FOLLOWER, 0, 2, 5]);
    expect(drain(f).messages).toEqual([msg(MSG_APP_RESP, 1, 0, 2, 5)]);
  });
});
