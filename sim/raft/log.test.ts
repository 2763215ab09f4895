// Unit tests of the in-memory Raft log, in the spirit of etcd-io/raft log_test.go
// (TestFindConflict, TestIsUpToDate, TestAppend, TestLogMaybeAppend, TestCompactionSideEffects,
// TestCommitTo, TestSlice, TestTerm...): boundaries at the compaction point and at the end.
import { describe, expect, it } from "vitest";
import { RaftLog, TERM_UNAVAILABLE } from "./log.ts";
import { ENTRY_NORMAL, newEntry, type RaftEntry, type Snapshot } from "./messages.ts";

function snap(index: number, term: number): Snapshot {
  return { index, term, voters: [0, 1, 2], data: null };
}

/** Entries first..first+terms.length-1 with the given terms. */
function ents(first: number, terms: number[]): RaftEntry[] {
  return terms.map((t, k) => newEntry(first + k, t, ENTRY_NORMAL, null));
}

/** A log after a snapshot at (offset, offsetTerm) holding entries with `terms`. */
function mkLog(offset: number, offsetTerm: number, terms: number[], commit = 0): RaftLog {
  return new RaftLog(snap(offset, offsetTerm), ents(offset + 1, terms), commit);
}

function indices(es: readonly RaftEntry[]): number[] {
  return es.map((e) => e.index);
}

function terms(l: RaftLog): number[] {
  return l.entries.map((e) => e.term);
}

describe("RaftLog construction", () => {
  it("sets cursors from the snapshot and the entries", () => {
    const l = mkLog(3, 2, [2, 3, 3], 5);
    expect(l.offset).toBe(3);
    expect(l.offsetTerm).toBe(2);
    expect(l.firstIndex()).toBe(4);
    expect(l.lastIndex()).toBe(6);
    expect(l.committed).toBe(5);
    expect(l.applied).toBe(3);
    expect(l.applying).toBe(3);
    expect(l.unstableFrom).toBe(7);
    expect(l.pendingSnapshot).toBeNull();
  });

  it("clamps the commit index into [snapshot index, last index]", () => {
    expect(mkLog(3, 2, [2, 3], 100).committed).toBe(5);
    expect(mkLog(3, 2, [2, 3], 0).committed).toBe(3);
    expect(mkLog(5, 1, [], 0).committed).toBe(5);
  });

  it("rejects entries that do not follow the snapshot contiguously", () => {
    expect(() => new RaftLog(snap(2, 1), [...ents(3, [1]), ...ents(5, [1])], 0)).toThrow("log: entry 1 has index 5, expected 4");
    expect(() => new RaftLog(snap(2, 1), ents(4, [1]), 0)).toThrow("log: entry 0 has index 4, expected 3");
    expect(() => new RaftLog(snap(2, 1), ents(3, [1, 1, 2]), 0)).not.toThrow();
  });
});

describe("RaftLog terms", () => {
  it("lastTerm is the snapshot term for an empty log, else the last entry's", () => {
    expect(mkLog(4, 3, []).lastTerm()).toBe(3);
    expect(mkLog(4, 3, [3, 5]).lastTerm()).toBe(5);
    expect(mkLog(0, 0, [1, 2]).lastTerm()).toBe(2);
  });

  it("term() is known from the compaction point to the last index, unavailable outside", () => {
    const l = mkLog(3, 2, [2, 4, 5]);
    expect(l.term(2)).toBe(TERM_UNAVAILABLE);
    expect(l.term(3)).toBe(2);
    expect(l.term(4)).toBe(2);
    expect(l.term(5)).toBe(4);
    expect(l.term(6)).toBe(5);
    expect(l.term(7)).toBe(TERM_UNAVAILABLE);
    expect(l.term(0)).toBe(TERM_UNAVAILABLE);
  });

  it("entry() returns entries after the compaction point and asserts outside", () => {
    const l = mkLog(3, 2, [2, 4, 5]);
    expect(l.entry(4).index).toBe(4);
    expect(l.entry(6).term).toBe(5);
    expect(() => l.entry(3)).toThrow("log: entry 3 outside (3, 6]");
    expect(() => l.entry(7)).toThrow("log: entry 7 outside (3, 6]");
  });

  it("matchTerm never matches an unavailable index", () => {
    const l = mkLog(3, 2, [2, 4]);
    expect(l.matchTerm(3, 2)).toBe(true);
    expect(l.matchTerm(5, 4)).toBe(true);
    expect(l.matchTerm(5, 3)).toBe(false);
    expect(l.matchTerm(9, TERM_UNAVAILABLE)).toBe(false);
    expect(l.matchTerm(1, TERM_UNAVAILABLE)).toBe(false);
  });

  it("isUpToDate compares last term first, then last index (Raft §5.4.1)", () => {
    const l = mkLog(0, 0, [1, 2, 3]);
    // Higher term wins regardless of index.
    expect(l.isUpToDate(1, 4)).toBe(true);
    // Lower term loses regardless of index.
    expect(l.isUpToDate(10, 2)).toBe(false);
    // Same term: index decides.
    expect(l.isUpToDate(2, 3)).toBe(false);
    expect(l.isUpToDate(3, 3)).toBe(true);
    expect(l.isUpToDate(4, 3)).toBe(true);
  });
});

describe("RaftLog.slice", () => {
  const l = mkLog(2, 1, [1, 2, 2, 3]); // indices 3..6

  it("returns [lo, hi) relative to the compaction point", () => {
    expect(indices(l.slice(3, 7))).toEqual([3, 4, 5, 6]);
    expect(indices(l.slice(4, 6))).toEqual([4, 5]);
    expect(indices(l.slice(6, 7))).toEqual([6]);
    expect(l.slice(5, 5)).toEqual([]);
  });

  it("returns a copy", () => {
    const s = l.slice(3, 5);
    s.length = 0;
    expect(l.lastIndex()).toBe(6);
  });

  it("asserts on compacted, beyond-end and inverted ranges", () => {
    expect(() => l.slice(2, 4)).toThrow("log: slice [2, 4) outside (2, 6]");
    expect(() => l.slice(3, 8)).toThrow("log: slice [3, 8) outside (2, 6]");
    expect(() => l.slice(5, 4)).toThrow("log: slice [5, 4) outside (2, 6]");
  });
});

describe("RaftLog.append", () => {
  it("appending nothing is a no-op", () => {
    const l = mkLog(0, 0, [1, 1]);
    expect(l.append([])).toBe(0);
    expect(l.lastIndex()).toBe(2);
    expect(l.unstableFrom).toBe(3);
  });

  it("appends at the end without truncating and keeps the unstable mark", () => {
    const l = mkLog(2, 1, [1, 1]); // 3..4, all stable (unstableFrom 5)
    expect(l.append(ents(5, [2]))).toBe(0);
    expect(l.unstableFrom).toBe(5);
    expect(l.append(ents(6, [2, 2]))).toBe(0);
    expect(l.lastIndex()).toBe(7);
    expect(terms(l)).toEqual([1, 1, 2, 2, 2]);
    // Still the first unstable entry, not the latest append point.
    expect(l.unstableFrom).toBe(5);
  });

  it("truncates a conflicting suffix after the compaction point and lowers the unstable mark", () => {
    const l = mkLog(2, 1, [1, 1, 1, 1]); // 3..6
    expect(l.append(ents(4, [3, 3]))).toBe(4);
    expect(indices(l.entries)).toEqual([3, 4, 5]);
    expect(terms(l)).toEqual([1, 3, 3]);
    expect(l.unstableFrom).toBe(4);
  });

  it("refuses to overwrite committed entries or to leave a gap", () => {
    const l = mkLog(2, 1, [1, 1, 1], 4); // 3..5, committed 4
    expect(() => l.append(ents(4, [2]))).toThrow("log: append at 4 would overwrite committed 4");
    expect(() => l.append(ents(7, [2]))).toThrow("log: append at 7 leaves a gap after 5");
    expect(l.append(ents(5, [2]))).toBe(5);
    expect(l.append(ents(6, [2]))).toBe(0);
  });
});

describe("RaftLog.findConflict", () => {
  // etcd TestFindConflict: existing 1..3 with terms 1, 2, 3.
  const l = mkLog(0, 0, [1, 2, 3]);
  it.each([
    [[], 0],
    [ents(1, [1, 2, 3]), 0],
    [ents(2, [2, 3]), 0],
    [ents(3, [3]), 0],
    [ents(1, [1, 2, 3, 4, 4]), 4],
    [ents(2, [2, 3, 4, 4]), 4],
    [ents(4, [4, 4]), 4],
    [ents(1, [4, 4]), 1],
    [ents(2, [1, 4, 4]), 2],
    [ents(3, [1, 2, 4, 4]), 3],
  ] as [RaftEntry[], number][])("case %#", (es, want) => {
    expect(l.findConflict(es)).toBe(want);
  });
});

describe("RaftLog.findConflictByTerm", () => {
  it("walks back to the last index whose term is ≤ the given term", () => {
    const l = mkLog(0, 0, [1, 1, 2, 2, 3, 3]);
    expect(l.findConflictByTerm(6, 3)).toBe(6);
    expect(l.findConflictByTerm(6, 2)).toBe(4);
    expect(l.findConflictByTerm(6, 1)).toBe(2);
    expect(l.findConflictByTerm(3, 1)).toBe(2);
    expect(l.findConflictByTerm(6, 0)).toBe(0);
    expect(l.findConflictByTerm(0, 5)).toBe(0);
  });

  it("stops at an unknown term (beyond the end or compacted)", () => {
    const l = mkLog(3, 1, [2, 3, 3]); // 4..6
    expect(l.findConflictByTerm(9, 3)).toBe(9);
    expect(l.findConflictByTerm(6, 1)).toBe(3);
    expect(l.findConflictByTerm(6, 0)).toBe(2);
  });
});

describe("RaftLog.maybeAppend", () => {
  it("rejects when the previous entry does not match", () => {
    const l = mkLog(0, 0, [1, 2, 3], 1);
    expect(l.maybeAppend(3, 2, 3, ents(4, [4]))).toBe(-1);
    expect(l.maybeAppend(4, 3, 3, ents(5, [4]))).toBe(-1);
    expect(l.lastIndex()).toBe(3);
    expect(l.committed).toBe(1);
  });

  it("appends only from the first conflict, leaving matching entries stable", () => {
    const l = mkLog(0, 0, [1, 1, 1], 1); // all stable: unstableFrom 4
    expect(l.maybeAppend(0, 0, 1, ents(1, [1, 1, 2, 2]))).toBe(4);
    expect(terms(l)).toEqual([1, 1, 2, 2]);
    expect(l.unstableFrom).toBe(3);
    expect(l.committed).toBe(1);
  });

  it("truncates from the first entry when that one conflicts", () => {
    const l = mkLog(0, 0, [1, 1, 1], 1);
    expect(l.maybeAppend(1, 1, 1, ents(2, [3, 3]))).toBe(3);
    expect(terms(l)).toEqual([1, 3, 3]);
    expect(l.unstableFrom).toBe(2);
  });

  it("does not truncate when all entries match, even if the log is longer", () => {
    const l = mkLog(0, 0, [1, 1, 2, 2]);
    expect(l.maybeAppend(1, 1, 2, ents(2, [1, 2]))).toBe(3);
    expect(l.lastIndex()).toBe(4);
    expect(l.unstableFrom).toBe(5);
    expect(l.committed).toBe(2);
  });

  it("commits min(commit, last new index)", () => {
    const l = mkLog(0, 0, [1, 1]);
    expect(l.maybeAppend(2, 1, 10, ents(3, [1]))).toBe(3);
    expect(l.committed).toBe(3);
    expect(l.maybeAppend(1, 1, 10, [])).toBe(1);
    expect(l.committed).toBe(3);
  });

  it("asserts when a conflict lies at or below the commit index", () => {
    const l = mkLog(0, 0, [1, 1, 1], 2);
    expect(() => l.maybeAppend(1, 1, 3, ents(2, [2]))).toThrow("log: conflict at 2 is at or below commit 2");
  });
});

describe("RaftLog commit", () => {
  it("commitTo never decreases and asserts beyond the last index", () => {
    const l = mkLog(0, 0, [1, 1, 1], 2);
    l.commitTo(1);
    expect(l.committed).toBe(2);
    l.commitTo(3);
    expect(l.committed).toBe(3);
    expect(() => l.commitTo(4)).toThrow("log: commit 4 beyond last index 3");
  });

  it("maybeCommit only commits forward and only entries of the given term (Figure 8)", () => {
    const l = mkLog(0, 0, [1, 2, 2, 3], 1);
    expect(l.maybeCommit(3, 3)).toBe(false);
    expect(l.committed).toBe(1);
    expect(l.maybeCommit(1, 1)).toBe(false);
    expect(l.maybeCommit(3, 2)).toBe(true);
    expect(l.committed).toBe(3);
    expect(l.maybeCommit(3, 2)).toBe(false);
    expect(l.maybeCommit(2, 2)).toBe(false);
    expect(l.committed).toBe(3);
    expect(l.maybeCommit(4, 3)).toBe(true);
    expect(l.committed).toBe(4);
  });
});

describe("RaftLog.nextCommitted", () => {
  it("hands out committed entries after applying, at most max", () => {
    const l = mkLog(0, 0, [1, 1, 1, 1, 1], 4);
    expect(indices(l.nextCommitted(2) ?? [])).toEqual([1, 2]);
    expect(indices(l.nextCommitted(1) ?? [])).toEqual([1]);
    expect(indices(l.nextCommitted(10) ?? [])).toEqual([1, 2, 3, 4]);
    l.applying = 2;
    expect(indices(l.nextCommitted(10) ?? [])).toEqual([3, 4]);
    l.applying = 4;
    expect(l.nextCommitted(10)).toBeNull();
  });

  it("starts after the compaction point", () => {
    const l = mkLog(3, 1, [1, 1], 5);
    l.applying = 0;
    expect(indices(l.nextCommitted(10) ?? [])).toEqual([4, 5]);
  });
});

describe("RaftLog snapshots", () => {
  it("restore replaces the whole log", () => {
    const l = mkLog(0, 0, [1, 1, 2], 2);
    const s = snap(10, 4);
    l.restore(s);
    expect(l.offset).toBe(10);
    expect(l.offsetTerm).toBe(4);
    expect(l.entries).toEqual([]);
    expect(l.firstIndex()).toBe(11);
    expect(l.lastIndex()).toBe(10);
    expect(l.lastTerm()).toBe(4);
    expect(l.committed).toBe(10);
    expect(l.applying).toBe(10);
    expect(l.unstableFrom).toBe(11);
    expect(l.snapshot).toBe(s);
    expect(l.pendingSnapshot).toBe(s);
  });

  it("compact drops entries up to compactIndex and keeps the newest snapshot", () => {
    const l = mkLog(0, 0, [1, 1, 2, 2, 3], 5); // 1..5
    l.applied = 5;
    const s4 = snap(4, 2);
    l.compact(s4, 3);
    expect(l.snapshot).toBe(s4);
    expect(l.offset).toBe(3);
    expect(l.offsetTerm).toBe(2);
    expect(indices(l.entries)).toEqual([4, 5]);
    expect(l.term(3)).toBe(2);
    expect(l.term(2)).toBe(TERM_UNAVAILABLE);
    // Compacting exactly to the snapshot index is allowed.
    const s5 = snap(5, 3);
    l.compact(s5, 5);
    expect(l.snapshot).toBe(s5);
    expect(l.offset).toBe(5);
    expect(l.offsetTerm).toBe(3);
    expect(l.entries).toEqual([]);
    expect(l.lastIndex()).toBe(5);
  });

  it("compact ignores an older or same-index snapshot and a compact point at or before the offset", () => {
    const l = mkLog(0, 0, [1, 1, 2, 2, 3], 5);
    l.applied = 5;
    const s4 = snap(4, 2);
    l.compact(s4, 4);
    l.compact(snap(3, 2), 2);
    expect(l.snapshot).toBe(s4);
    l.compact(snap(4, 2), 4);
    expect(l.snapshot).toBe(s4);
    l.compact(snap(4, 2), 1);
    expect(l.offset).toBe(4);
    expect(l.offsetTerm).toBe(2);
    expect(indices(l.entries)).toEqual([5]);
  });

  it("compact asserts on a snapshot beyond applied or a compact point beyond the snapshot", () => {
    const l = mkLog(0, 0, [1, 1, 2], 3);
    l.applied = 2;
    expect(() => l.compact(snap(3, 2), 2)).toThrow("log: snapshot at 3 beyond applied 2");
    expect(() => l.compact(snap(2, 1), 3)).toThrow("log: compact 3 beyond snapshot 2");
    expect(() => l.compact(snap(2, 1), 2)).not.toThrow();
    expect(l.offset).toBe(2);
  });
});
