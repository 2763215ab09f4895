// Unit tests of the leader's per-follower progress, in the spirit of etcd-io/raft
// tracker/progress_test.go (TestProgressIsPaused, TestProgressResume, TestProgressBecomeProbe,
// TestProgressBecomeReplicate, TestProgressBecomeSnapshot, TestProgressUpdate,
// TestProgressMaybeDecr) and tracker/inflights_test.go (TestInflightsAdd/FreeTo/FreeFirstOne).
import { describe, expect, it } from "vitest";
import { Inflights, PROBE, Progress, REPLICATE, SNAPSHOT } from "./progress.ts";

/** Frees one message at a time and returns the order in which the window drains. */
function drain(w: Inflights, candidates: number[]): number[] {
  const freed: number[] = [];
  for (const c of candidates) {
    const before = w.count;
    w.freeLE(c);
    for (let k = 0; k < before - w.count; k++) freed.push(c);
  }
  return freed;
}

describe("Inflights", () => {
  it("requires a positive capacity", () => {
    expect(() => new Inflights(0)).toThrow("inflights: capacity must be positive");
    expect(() => new Inflights(-1)).toThrow("inflights: capacity must be positive");
    expect(new Inflights(1).capacity).toBe(1);
  });

  it("is full exactly at capacity and refuses one more", () => {
    const w = new Inflights(3);
    expect(w.full()).toBe(false);
    w.add(1);
    w.add(2);
    expect(w.full()).toBe(false);
    expect(w.count).toBe(2);
    w.add(3);
    expect(w.full()).toBe(true);
    expect(w.count).toBe(3);
    expect(() => w.add(4)).toThrow("inflights: add to a full window");
    expect(w.count).toBe(3);
  });

  it("freeLE frees in order every message up to and including `to`", () => {
    const w = new Inflights(10);
    for (let i = 0; i < 10; i++) w.add(i);
    w.freeLE(4);
    expect(w.count).toBe(5);
    expect(w.full()).toBe(false);
    w.freeLE(3); // stale
    expect(w.count).toBe(5);
    w.freeLE(8);
    expect(w.count).toBe(1);
    w.freeLE(9);
    expect(w.count).toBe(0);
    w.freeLE(100); // empty window
    expect(w.count).toBe(0);
  });

  it("freeLE stops at the first message above `to`", () => {
    const w = new Inflights(4);
    w.add(5);
    w.add(7);
    w.add(9);
    w.freeLE(6);
    expect(w.count).toBe(2);
    w.freeLE(7);
    expect(w.count).toBe(1);
  });

  it("wraps around the ring on add and on free", () => {
    const w = new Inflights(3);
    w.add(1);
    w.add(2);
    w.add(3);
    w.freeLE(1); // start 1
    w.add(4); // lands in slot 0
    expect(w.full()).toBe(true);
    w.freeLE(2); // start 2
    w.add(5); // lands in slot 1
    expect(w.full()).toBe(true);
    expect(drain(w, [3, 4, 5])).toEqual([3, 4, 5]);
    expect(w.count).toBe(0);
    // The ring keeps working after going around more than once.
    for (let round = 0; round < 4; round++) {
      const base = 10 * (round + 1);
      w.add(base);
      w.add(base + 1);
      expect(drain(w, [base, base + 1])).toEqual([base, base + 1]);
    }
  });

  it("a message left behind in the old slot is not freed early after wrap-around", () => {
    const w = new Inflights(3);
    w.add(1);
    w.add(2);
    w.add(3);
    w.freeLE(2); // start 2, holding [3]
    w.add(10); // slot 0
    w.add(11); // slot 1
    w.freeLE(3);
    expect(w.count).toBe(2);
    w.freeLE(9);
    expect(w.count).toBe(2);
    w.freeLE(10);
    expect(w.count).toBe(1);
    w.freeLE(11);
    expect(w.count).toBe(0);
  });

  it("freeFirstOne frees the oldest message, wrapping, and is a no-op when empty", () => {
    const w = new Inflights(2);
    w.freeFirstOne();
    expect(w.count).toBe(0);
    w.add(1);
    w.add(2);
    w.freeFirstOne(); // start 1
    expect(w.count).toBe(1);
    w.add(3); // slot 0
    w.freeFirstOne(); // frees 2, start wraps to 0
    expect(w.count).toBe(1);
    // What is left is 3: freeing ≤ 2 does nothing, ≤ 3 empties.
    w.freeLE(2);
    expect(w.count).toBe(1);
    w.freeLE(3);
    expect(w.count).toBe(0);
    w.freeFirstOne();
    expect(w.count).toBe(0);
  });

  it("freeFirstOne advances the start so the next oldest is the one kept", () => {
    const w = new Inflights(3);
    w.add(1);
    w.add(2);
    w.add(3);
    w.freeFirstOne();
    w.freeLE(1);
    expect(w.count).toBe(2);
    w.freeLE(2);
    expect(w.count).toBe(1);
  });

  it("reset empties the window and restarts at slot 0", () => {
    const w = new Inflights(2);
    w.add(1);
    w.add(2);
    w.freeLE(1);
    w.reset();
    expect(w.count).toBe(0);
    expect(w.full()).toBe(false);
    w.add(7);
    w.add(8);
    expect(w.full()).toBe(true);
    expect(drain(w, [7, 8])).toEqual([7, 8]);
  });
});

describe("Progress", () => {
  it("starts probing with nothing matched", () => {
    const p = new Progress(5, 4);
    expect(p.state).toBe(PROBE);
    expect(p.match).toBe(0);
    expect(p.next).toBe(5);
    expect(p.probeSent).toBe(false);
    expect(p.pendingSnapshot).toBe(0);
    expect(p.recentActive).toBe(false);
    expect(p.isPaused()).toBe(false);
    expect(p.inflights.capacity).toBe(4);
  });

  it("isPaused: probe after a send, replicate when the window is full, always in snapshot", () => {
    const p = new Progress(1, 2);
    p.sentEntries(3);
    expect(p.probeSent).toBe(true);
    expect(p.isPaused()).toBe(true);
    expect(p.next).toBe(1); // probing does not move next optimistically

    p.becomeReplicate();
    expect(p.isPaused()).toBe(false);
    p.sentEntries(1);
    expect(p.isPaused()).toBe(false);
    p.sentEntries(2);
    expect(p.isPaused()).toBe(true);
    p.inflights.freeLE(1);
    expect(p.isPaused()).toBe(false);

    p.becomeSnapshot(10);
    expect(p.inflights.count).toBe(0);
    expect(p.isPaused()).toBe(true);
  });

  it("becomeProbe from replicate resumes at match+1 and clears the window", () => {
    const p = new Progress(1, 4);
    p.maybeUpdate(4);
    p.becomeReplicate();
    p.sentEntries(8);
    expect(p.next).toBe(9);
    p.becomeProbe();
    expect(p.state).toBe(PROBE);
    expect(p.next).toBe(5);
    expect(p.inflights.count).toBe(0);
    expect(p.isPaused()).toBe(false);
  });

  it("becomeProbe clears probeSent", () => {
    const p = new Progress(3, 4);
    p.sentEntries(3);
    expect(p.isPaused()).toBe(true);
    p.becomeProbe();
    expect(p.probeSent).toBe(false);
    expect(p.isPaused()).toBe(false);
  });

  it("becomeProbe from snapshot resumes after the larger of match and the pending snapshot", () => {
    // etcd TestProgressBecomeProbe.
    const a = new Progress(1, 4);
    a.maybeUpdate(1);
    a.becomeSnapshot(10);
    a.becomeProbe();
    expect(a.state).toBe(PROBE);
    expect(a.next).toBe(11);
    expect(a.pendingSnapshot).toBe(0);

    const b = new Progress(1, 4);
    b.maybeUpdate(1);
    b.becomeSnapshot(10);
    b.maybeUpdate(12); // the follower got further than the snapshot meanwhile
    b.becomeProbe();
    expect(b.next).toBe(13);
  });

  it("becomeReplicate starts right after match with a clean window", () => {
    const p = new Progress(1, 2);
    p.maybeUpdate(5);
    p.next = 20;
    p.sentEntries(6); // probe: probeSent
    p.becomeReplicate();
    expect(p.state).toBe(REPLICATE);
    expect(p.next).toBe(6);
    expect(p.probeSent).toBe(false);
    expect(p.pendingSnapshot).toBe(0);
    p.sentEntries(6);
    p.sentEntries(7);
    expect(p.inflights.full()).toBe(true);
    p.becomeReplicate();
    expect(p.inflights.count).toBe(0);
  });

  it("becomeSnapshot records the snapshot, resets ticks, clears probe and window", () => {
    const p = new Progress(1, 2);
    p.becomeReplicate();
    p.sentEntries(3);
    p.snapshotTicks = 7;
    p.becomeSnapshot(40);
    expect(p.state).toBe(SNAPSHOT);
    expect(p.pendingSnapshot).toBe(40);
    expect(p.snapshotTicks).toBe(0);
    expect(p.inflights.count).toBe(0);

    const q = new Progress(1, 2);
    q.sentEntries(0);
    expect(q.probeSent).toBe(true);
    q.becomeSnapshot(5);
    expect(q.probeSent).toBe(false);
  });

  it("maybeUpdate moves match and next forward only (TestProgressUpdate)", () => {
    const prevM = 3;
    const prevN = 5;
    const cases: [number, number, number, boolean][] = [
      [prevM - 1, prevM, prevN, false], // stale ack
      [prevM, prevM, prevN, false], // duplicate ack
      [prevM + 1, prevM + 1, prevN, true], // match moves, next stays
      [prevM + 2, prevM + 2, prevN + 1, true], // both move
    ];
    for (const [update, wm, wn, wok] of cases) {
      const p = new Progress(prevN, 4);
      p.match = prevM;
      expect(p.maybeUpdate(update)).toBe(wok);
      expect(p.match).toBe(wm);
      expect(p.next).toBe(wn);
    }
  });

  it("maybeUpdate resumes a paused probe only when match moves", () => {
    const p = new Progress(3, 4);
    p.match = 2;
    p.sentEntries(3);
    expect(p.maybeUpdate(2)).toBe(false);
    expect(p.isPaused()).toBe(true);
    expect(p.maybeUpdate(3)).toBe(true);
    expect(p.isPaused()).toBe(false);
  });

  it("maybeDecrTo in replicate: stale rejections are ignored, others fall back to match+1", () => {
    const p = new Progress(1, 4);
    p.maybeUpdate(5);
    p.becomeReplicate();
    p.sentEntries(10);
    expect(p.next).toBe(11);
    expect(p.maybeDecrTo(5, 5)).toBe(false);
    expect(p.maybeDecrTo(4, 0)).toBe(false);
    expect(p.next).toBe(11);
    expect(p.maybeDecrTo(6, 2)).toBe(true);
    expect(p.next).toBe(6);
    expect(p.state).toBe(REPLICATE);
  });

  it("maybeDecrTo in probe: only the rejection of next-1 counts (TestProgressMaybeDecr)", () => {
    type Case = [state: number, m: number, n: number, rejected: number, hint: number, ok: boolean, wn: number];
    const cases: Case[] = [
      // Rejection not of next-1: stale.
      [PROBE, 0, 10, 5, 5, false, 10],
      [PROBE, 0, 10, 10, 10, false, 10],
      // next-1 rejected: go to min(rejected, hint+1), not below match+1.
      [PROBE, 0, 10, 9, 9, true, 9],
      [PROBE, 0, 2, 1, 1, true, 1],
      [PROBE, 0, 1, 0, 0, true, 1],
      [PROBE, 0, 10, 9, 2, true, 3],
      [PROBE, 0, 10, 9, 0, true, 1],
      [PROBE, 4, 10, 9, 2, true, 5],
      [PROBE, 4, 10, 9, 6, true, 7],
    ];
    for (const [state, m, n, rejected, hint, ok, wn] of cases) {
      const p = new Progress(n, 4);
      p.match = m;
      expect(p.state).toBe(state);
      expect(p.maybeDecrTo(rejected, hint)).toBe(ok);
      expect(p.next).toBe(wn);
    }
  });

  it("maybeDecrTo in probe resumes sending after a real rejection only", () => {
    const p = new Progress(10, 4);
    p.sentEntries(12);
    expect(p.maybeDecrTo(5, 5)).toBe(false);
    expect(p.isPaused()).toBe(true);
    expect(p.maybeDecrTo(9, 3)).toBe(true);
    expect(p.isPaused()).toBe(false);
    expect(p.next).toBe(4);
  });

  it("maybeDecrTo in snapshot follows the probe rule", () => {
    const p = new Progress(10, 4);
    p.becomeSnapshot(20);
    expect(p.maybeDecrTo(9, 4)).toBe(true);
    expect(p.next).toBe(5);
    expect(p.state).toBe(SNAPSHOT);
  });

  it("sentEntries: replicate advances next and fills the window; empty sends do not", () => {
    const p = new Progress(1, 3);
    p.becomeReplicate();
    p.sentEntries(0);
    expect(p.next).toBe(1);
    expect(p.inflights.count).toBe(0);
    expect(p.probeSent).toBe(false);
    p.sentEntries(4);
    expect(p.next).toBe(5);
    expect(p.inflights.count).toBe(1);
    p.sentEntries(6);
    expect(p.next).toBe(7);
    expect(p.inflights.count).toBe(2);
  });

  it("sentEntries in snapshot changes nothing", () => {
    const p = new Progress(3, 3);
    p.becomeSnapshot(8);
    p.sentEntries(9);
    expect(p.probeSent).toBe(false);
    expect(p.next).toBe(3);
    expect(p.inflights.count).toBe(0);
    p.becomeProbe();
    expect(p.isPaused()).toBe(false);
    expect(p.next).toBe(9);
  });
});
