import { describe, expect, it } from "vitest";
import { T } from "./events.ts";
import { hash32 } from "./hash.ts";
import { Kernel } from "./kernel.ts";
import { EventQueue } from "./queue.ts";
import { RngRoot } from "./rng.ts";

describe("EventQueue", () => {
  it("pops in time order, FIFO among equal times", () => {
    const q = new EventQueue<string>(1000, 2);
    const input: [number, string][] = [[5, "a"], [1, "b"], [5, "c"], [3, "d"], [1, "e"], [5, "f"], [0, "g"]];
    for (const [t, s] of input) q.push(t, s);
    const out: string[] = [];
    while (q.size > 0) out.push(q.pop());
    expect(out).toEqual(["g", "b", "e", "d", "a", "c", "f"]);
  });

  // A narrow span makes equal times (FIFO ties) common; a wide one makes them rare. Shapes:
  // the default buckets (~65 ms, a ring of ~67 s), and tiny ones (4 µs, a ring of 16 µs) under
  // which nearly every event is parked, many a year or more ahead.
  const SHAPES = [
    { name: "default buckets", shift: 16, ringBits: 10 },
    { name: "tiny buckets", shift: 2, ringBits: 2 },
  ];
  const CASES = SHAPES.flatMap((shape) => [50, 200_000, 300_000_000].map((span) => ({ ...shape, span })));

  it.each(CASES)("stays ordered under random interleaved pushes and pops ($name, times 0..$span µs)", ({ shift, ringBits, span }) => {
    const rng = new RngRoot(7).stream("q");
    const q = new EventQueue<number>(1_000_000, 4, shift, ringBits);
    let seq = 0;
    const ref: { t: number; s: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      if (ref.length === 0 || rng.chance(0.6)) {
        const t = rng.int(0, span);
        q.push(t, seq);
        ref.push({ t, s: seq++ });
      } else {
        ref.sort((a, b) => a.t - b.t || a.s - b.s);
        const want = ref.shift()!;
        expect(q.peekTime()).toBe(want.t);
        expect(q.pop()).toBe(want.s);
      }
    }
  });

  it.each(CASES)("removes pending items anywhere and keeps the rest in order ($name, times 0..$span µs)", ({ shift, ringBits, span }) => {
    const rng = new RngRoot(11).stream("q");
    const q = new EventQueue<number>(1_000_000, 4, shift, ringBits);
    let seq = 0;
    const live = new Map<number, { t: number; slot: number }>();
    const gone: { item: number; slot: number }[] = [];
    for (let i = 0; i < 8000; i++) {
      const r = rng.next();
      if (live.size === 0 || r < 0.5) {
        const t = rng.int(0, span);
        live.set(seq, { t, slot: q.push(t, seq) });
        seq++;
      } else if (r < 0.75) {
        // remove a random live item: it must be found exactly once
        const keys = [...live.keys()];
        const item = keys[rng.int(0, keys.length)];
        const { slot } = live.get(item)!;
        expect(q.remove(slot, item)).toBe(true);
        expect(q.remove(slot, item)).toBe(false);
        live.delete(item);
        gone.push({ item, slot });
      } else {
        const want = [...live].sort((a, b) => a[1].t - b[1].t || a[0] - b[0])[0];
        expect(q.peekTime()).toBe(want[1].t);
        expect(q.pop()).toBe(want[0]);
        gone.push({ item: want[0], slot: want[1].slot });
        live.delete(want[0]);
      }
      expect(q.size).toBe(live.size);
    }
    // A popped or removed item is never removed again, even when its slot now holds another.
    for (const g of gone) expect(q.remove(g.slot, g.item)).toBe(false);
    expect(q.size).toBe(live.size);
    const rest: number[] = [];
    while (q.size > 0) rest.push(q.pop());
    expect(rest).toEqual([...live].sort((a, b) => a[1].t - b[1].t || a[0] - b[0]).map(([item]) => item));
  });

  it("keeps time order as the clock moves on: pushes land in the heap, the current and next buckets, and later years", () => {
    // Like the kernel: pushes never go back before the last pop, and most go a little ahead.
    for (const { shift, ringBits } of SHAPES) {
      const rng = new RngRoot(5).stream("q");
      const q = new EventQueue<number>(1_000_000, 4, shift, ringBits);
      let now = 0;
      let seq = 0;
      let pops = 0;
      const live = new Map<number, { t: number; slot: number }>();
      for (let i = 0; i < 20_000; i++) {
        const r = rng.next();
        if (live.size === 0 || r < 0.45) {
          // Near: within the next eight buckets (often the current one); far: up to four rings on.
          const far = rng.chance(0.1);
          const t = now + (far ? rng.int(0, 2 ** (shift + ringBits + 2)) : rng.int(0, 2 ** (shift + 3)));
          live.set(seq, { t, slot: q.push(t, seq) });
          seq++;
        } else if (r < 0.6) {
          const keys = [...live.keys()];
          const item = keys[rng.int(0, keys.length)];
          expect(q.remove(live.get(item)!.slot, item)).toBe(true);
          live.delete(item);
        } else {
          // The least (time, seq) live now; seqs grow with insertion, so the first minimum found.
          let want = -1;
          let wantT = Number.POSITIVE_INFINITY;
          for (const [item, { t }] of live) if (t < wantT) [want, wantT] = [item, t];
          expect(q.peekTime()).toBe(wantT);
          expect(q.pop()).toBe(want);
          live.delete(want);
          now = wantT;
          pops++;
        }
        expect(q.size).toBe(live.size);
      }
      expect(pops).toBeGreaterThan(7_000);
    }
  });

  it("finds an event a long quiet stretch ahead (many rings of empty buckets) and keeps FIFO ties", () => {
    const q = new EventQueue<string>(100, 2, 2, 2);
    q.push(10 * 3600 * 1e6, "late-a");
    q.push(5, "early");
    q.push(10 * 3600 * 1e6, "late-b");
    q.push(10 * 3600 * 1e6 - 1, "just-before");
    expect([q.pop(), q.peekTime()]).toEqual(["early", 10 * 3600 * 1e6 - 1]);
    expect([q.pop(), q.pop(), q.pop(), q.size]).toEqual(["just-before", "late-a", "late-b", 0]);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it("sorts an event pushed into the bucket after the heap's with that bucket's parked events, not before", () => {
    // 4 µs buckets: 1 and 2 fill the heap (bucket 0); 6 is parked in bucket 1, where 5 and 7
    // must join it (5 before it, 7 after); 3 still goes to the heap.
    const q = new EventQueue<number>(100, 2, 2, 2);
    for (const t of [1, 2, 6]) q.push(t, t);
    expect(q.pop()).toBe(1);
    for (const t of [5, 7, 3]) q.push(t, t);
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([2, 3, 5, 6, 7]);
  });

  it("cancels a parked event, and a cancelled slot reused by a later push is that push's", () => {
    const q = new EventQueue<string>(100, 2);
    const a = q.push(60_000_000, "a");
    const b = q.push(61_000_000, "b");
    expect(q.remove(a, "a")).toBe(true);
    const c = q.push(59_000_000, "c");
    expect(c).toBe(a);
    expect(q.remove(a, "a")).toBe(false);
    expect([q.size, q.pop(), q.pop(), q.size]).toEqual([2, "c", "b", 0]);
    expect(q.remove(b, "b")).toBe(false);
  });

  it("fails loudly past its bound", () => {
    const q = new EventQueue<number>(4, 2);
    expect(() => {
      for (let i = 0; i < 10; i++) q.push(i, i);
    }).toThrow(/bound of 4/);
  });
});

describe("RngRoot", () => {
  it("gives independent, reproducible named streams", () => {
    const a = new RngRoot(1);
    const b = new RngRoot(1);
    const xs = [a.stream("net").next(), a.stream("net").next()];
    // Drawing from another stream first must not shift `net`.
    b.stream("faults").next();
    b.stream("faults").next();
    expect([b.stream("net").next(), b.stream("net").next()]).toEqual(xs);
    expect(new RngRoot(2).stream("net").next()).not.toBe(xs[0]);
  });

  it("rejects seeds that are not u32", () => {
    expect(() => new RngRoot(-1)).toThrow(/unsigned 32-bit/);
    expect(() => new RngRoot(2 ** 32)).toThrow(/unsigned 32-bit/);
  });
});

describe("Kernel", () => {
  it("runs events in order and stops at the time limit", () => {
    const k = new Kernel({ seed: 1, record: false, nodeNames: [] });
    const log: number[] = [];
    for (const t of [30, 10, 20, 40]) k.at(t, { fire: () => log.push(k.now) });
    expect(k.run(35, 100)).toBe("time-limit");
    expect(log).toEqual([10, 20, 30]);
    expect(k.now).toBe(35);
  });

  it("reports an exhausted budget instead of hanging", () => {
    const k = new Kernel({ seed: 1, record: false, nodeNames: [] });
    const loop = { fire: () => k.after(1, loop) };
    k.at(0, loop);
    expect(k.run(1e12, 1000)).toBe("budget-exhausted");
    expect(k.fired).toBe(1000);
  });

  it("refuses to schedule in the past", () => {
    const k = new Kernel({ seed: 1, record: false, nodeNames: [] });
    k.at(10, { fire: () => k.at(5, { fire: () => {} }) });
    expect(() => k.run(100, 10)).toThrow(/not in the past/);
  });
});

describe("Trace", () => {
  function run(record: boolean, listen: boolean, tweak = 0) {
    const k = new Kernel({ seed: 1, record, nodeNames: ["m1", "m2"] });
    const seen: unknown[] = [];
    if (listen) k.trace.on("raft.append", (e) => seen.push(e));
    k.at(5, {
      fire: () => {
        k.trace.emit(T["raft.append"], 0, 1, 1, 0xabc + tweak);
        k.trace.emit(T["msg.send"], 1, 7, "m2", "m1", "raft.append");
      },
    });
    k.run(100, 10);
    return { hash: k.trace.hash(), seen, recorded: k.trace.recorded };
  }

  it("hashes every event whether recorded or not", () => {
    expect(run(false, false).hash).toBe(run(true, true).hash);
    expect(run(false, false, 1).hash).not.toBe(run(false, false).hash);
  });

  it("builds events only for listeners or recording", () => {
    expect(run(false, false).recorded).toEqual([]);
    expect(run(false, true).seen).toEqual([{ seq: 1, timeUs: 5, node: "m1", type: "raft.append", index: 1, term: 1, entryHash: 0xabc }]);
    expect(run(true, false).recorded.map((e) => e.type)).toEqual(["raft.append", "msg.send"]);
  });

  it("hash32 is stable and sensitive", () => {
    expect(hash32({ a: 1, b: "x" })).toBe(hash32({ a: 1, b: "x" }));
    expect(hash32({ a: 1, b: "x" })).not.toBe(hash32({ a: 1, b: "y" }));
    expect(hash32([1, 2])).not.toBe(hash32([2, 1]));
  });
});
