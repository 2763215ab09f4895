// The durable Raft state and its fsync model: what is written, what a sync makes durable, what a
// crash with loseUnsynced takes away, and how snapshots compact or replace the log.
import { describe, expect, it } from "vitest";
import { Trace } from "../kernel/trace.ts";
import { ENTRY_CONF, ENTRY_NORMAL, NONE, newEntry, type RaftEntry, type Snapshot } from "./messages.ts";
import { RaftStorage } from "./storage.ts";

const e = (index: number, term: number): RaftEntry => newEntry(index, term, ENTRY_NORMAL, { index, term });
const snap = (index: number, term: number): Snapshot => ({ index, term, voters: [0, 1, 2], data: { at: index } });
const terms = (s: RaftStorage) => s.entries.map((x) => `${x.index}@${x.term}`);

/** A storage holding entries 1..n of term 1, synced. */
function filled(n: number): RaftStorage {
  const s = new RaftStorage();
  s.write(Array.from({ length: n }, (_, i) => e(i + 1, 1)));
  s.sync();
  return s;
}

describe("RaftStorage", () => {
  it("bootstrap writes the initial configuration once, members sorted, committed and synced", () => {
    const s = new RaftStorage();
    s.bootstrap([2, 0, 1]);
    expect(s.initialized).toBe(true);
    expect(s.snapshot.voters).toEqual([0, 1, 2]);
    expect(s.entries).toHaveLength(1);
    expect(s.entries[0].index).toBe(1);
    expect(s.entries[0].term).toBe(1);
    expect(s.entries[0].type).toBe(ENTRY_CONF);
    expect(s.entries[0].data).toEqual({ conf: "set", node: NONE, members: [0, 1, 2] });
    expect(s.hardState).toEqual({ term: 1, vote: NONE, commit: 1 });
    expect(s.dirty()).toBe(false);
    expect(s.syncedLast).toBe(1);
    s.bootstrap([5]); // a second call changes nothing
    expect(s.snapshot.voters).toEqual([0, 1, 2]);
    expect(s.entries).toHaveLength(1);
  });

  it("bootstrap without members leaves an empty log for a node waiting to be added", () => {
    const s = new RaftStorage();
    const members = [1, 0];
    s.bootstrap([]);
    expect(s.initialized).toBe(true);
    expect(s.lastIndex()).toBe(0);
    expect(s.hardState.commit).toBe(0);
    const t = new RaftStorage();
    t.bootstrap(members);
    expect(members).toEqual([1, 0]); // the caller's list is not sorted in place
  });

  it("is dirty after a write or a new hard state, clean after sync", () => {
    const s = new RaftStorage();
    expect(s.dirty()).toBe(false);
    s.write([e(1, 1)]);
    expect(s.dirty()).toBe(true);
    s.sync();
    expect(s.dirty()).toBe(false);
    s.setHardState({ term: 2, vote: 1, commit: 0 });
    expect(s.dirty()).toBe(true);
    s.sync();
    expect(s.dirty()).toBe(false);
  });

  it("appends return 0; an empty write does nothing", () => {
    const s = new RaftStorage();
    expect(s.write([])).toBe(0);
    expect(s.write([e(1, 1), e(2, 1)])).toBe(0);
    expect(s.write([e(3, 1)])).toBe(0);
    expect(terms(s)).toEqual(["1@1", "2@1", "3@1"]);
    expect(s.lastIndex()).toBe(3);
  });

  it("an overlapping write truncates the synced log from its first index and returns that index", () => {
    const s = filled(5);
    expect(s.write([e(3, 2), e(4, 2)])).toBe(3);
    expect(terms(s)).toEqual(["1@1", "2@1", "3@2", "4@2"]);
    expect(s.syncedLast).toBe(2); // what replaced the synced tail is not durable yet
    expect(s.dirty()).toBe(true);
    // Rewriting the last entry only.
    s.sync();
    expect(s.write([e(4, 3)])).toBe(4);
    expect(terms(s)).toEqual(["1@1", "2@1", "3@2", "4@3"]);
    expect(s.syncedLast).toBe(3);
  });

  it("refuses writes outside the log and truncations of an unsynced tail", () => {
    const s = filled(3);
    expect(() => s.write([e(5, 1)])).toThrow(/write at 5 outside \(0, 4\]/);
    s.saveSnapshot(snap(2, 1), 2);
    expect(() => s.write([e(2, 2)])).toThrow(/write at 2 outside \(2, 4\]/);
    expect(s.write([e(3, 2)])).toBe(3); // just above the compaction point is fine
    s.write([e(4, 2)]); // unsynced, like the rewritten entry 3
    expect(() => s.write([e(4, 3)])).toThrow(/truncation at 4 over an unsynced tail \(2 < 4\)/);
  });

  it("saveSnapshot syncs, keeps the newest snapshot and compacts up to the given index", () => {
    const s = new RaftStorage();
    s.write([e(1, 1), e(2, 1), e(3, 2), e(4, 2), e(5, 3)]);
    s.saveSnapshot(snap(4, 2), 3);
    expect(s.dirty()).toBe(false);
    expect(s.snapshot.index).toBe(4);
    expect(s.offset).toBe(3);
    expect(s.offsetTerm).toBe(2);
    expect(terms(s)).toEqual(["4@2", "5@3"]);
    expect(s.lastIndex()).toBe(5);
    // An older snapshot is not kept; compacting to the offset (or below) changes nothing.
    s.saveSnapshot(snap(3, 2), 3);
    expect(s.snapshot.index).toBe(4);
    expect(s.offset).toBe(3);
    expect(terms(s)).toEqual(["4@2", "5@3"]);
    s.saveSnapshot(snap(4, 2), 2);
    expect(s.offset).toBe(3);
    expect(s.offsetTerm).toBe(2);
    expect(terms(s)).toEqual(["4@2", "5@3"]);
    // Compacting right up to the end empties the entry list; the term at the offset is kept.
    s.saveSnapshot(snap(5, 3), 5);
    expect(s.offset).toBe(5);
    expect(s.offsetTerm).toBe(3);
    expect(s.entries).toEqual([]);
    expect(() => s.saveSnapshot(snap(6, 3), 5)).toThrow(/snapshot 6 \/ compact 5 beyond log 5/);
    expect(() => s.saveSnapshot(snap(5, 3), 6)).toThrow(/beyond log/);
  });

  it("saveSnapshot can compact to the offset's own term after an earlier compaction", () => {
    const s = filled(4);
    s.saveSnapshot(snap(2, 1), 2);
    s.write([e(5, 4)]);
    s.saveSnapshot(snap(5, 4), 4);
    expect(s.offset).toBe(4);
    expect(s.offsetTerm).toBe(1);
    expect(terms(s)).toEqual(["5@4"]);
  });

  it("installSnapshot replaces the log, raises the commit index only upwards, and syncs", () => {
    const s = filled(3);
    s.setHardState({ term: 4, vote: 2, commit: 2 });
    s.installSnapshot(snap(10, 3));
    expect(s.snapshot.index).toBe(10);
    expect(s.entries).toEqual([]);
    expect(s.offset).toBe(10);
    expect(s.offsetTerm).toBe(3);
    expect(s.lastIndex()).toBe(10);
    expect(s.hardState).toEqual({ term: 4, vote: 2, commit: 10 });
    expect(s.dirty()).toBe(false);
    const t = filled(3);
    t.setHardState({ term: 4, vote: 2, commit: 12 });
    const hs = t.hardState;
    t.installSnapshot(snap(10, 3));
    expect(t.hardState).toBe(hs); // already past the snapshot: untouched
  });

  it("recover hands back a copy of the log with the commit index capped at the last entry", () => {
    const s = filled(3);
    s.saveSnapshot(snap(1, 1), 1);
    s.setHardState({ term: 2, vote: 1, commit: 7 });
    const r = s.recover();
    expect(r.hardState).toEqual({ term: 2, vote: 1, commit: 3 });
    expect(r.offset).toBe(1);
    expect(r.offsetTerm).toBe(1);
    expect(r.snapshot.index).toBe(1);
    expect(r.entries.map((x) => x.index)).toEqual([2, 3]);
    r.entries.length = 0;
    expect(s.entries).toHaveLength(2); // a copy: the member cannot change the disk's list
  });

  it("a crash keeps everything written unless told to lose the unsynced tail", () => {
    const s = filled(2);
    s.write([e(3, 2)]);
    s.setHardState({ term: 2, vote: 0, commit: 2 });
    s.onCrash(false);
    expect(s.lastIndex()).toBe(3);
    expect(s.hardState).toEqual({ term: 2, vote: 0, commit: 2 });
  });

  it("a crash losing the unsynced tail reverts log and hard state to the last sync and traces the loss", () => {
    const names = ["m1", "m2"];
    const trace = new Trace({ now: 0 }, names, true);
    const s = filled(2);
    s.setHardState({ term: 1, vote: 1, commit: 1 });
    s.sync();
    const synced = s.hardState;
    s.attach(trace, 1);
    s.write([e(3, 2), e(4, 2)]);
    s.setHardState({ term: 2, vote: 0, commit: 2 });
    s.onCrash(true);
    expect(terms(s)).toEqual(["1@1", "2@1"]);
    expect(s.hardState).toBe(synced);
    expect(s.dirty()).toBe(false);
    const lost = trace.recorded.filter((x) => x.type === "raft.truncate");
    expect(lost).toEqual([expect.objectContaining({ type: "raft.truncate", node: "m2", fromIndex: 3 })]);
  });

  it("a crash losing the unsynced tail after a compaction keeps the entries below it", () => {
    const s = filled(4);
    s.saveSnapshot(snap(2, 1), 2);
    s.write([e(5, 2)]);
    s.onCrash(true);
    expect(s.offset).toBe(2);
    expect(terms(s)).toEqual(["3@1", "4@1"]);
  });

  it("a crash of a fully synced disk traces nothing", () => {
    const trace = new Trace({ now: 0 }, ["m1"], true);
    const s = filled(3);
    s.attach(trace, 0);
    s.onCrash(true);
    expect(s.lastIndex()).toBe(3);
    expect(trace.recorded).toEqual([]);
  });
});
