import { describe, expect, it } from "vitest";
import { T } from "./events.ts";
import { StringDigests } from "./hash.ts";
import { EVENT_BUILDERS } from "./event-builders.ts";
import { Kernel } from "./kernel.ts";
import { buildEvent } from "./trace.ts";

const NAMES = ["m1", "m2", "w1"];

/** Runs `emits` at time 5 (and one more event at 9) and returns the hash and what was recorded. */
function run(record: boolean, emits: (k: Kernel) => void) {
  const k = new Kernel({ seed: 1, record, nodeNames: NAMES });
  k.at(5, { fire: () => emits(k) });
  k.at(9, { fire: () => k.trace.emit(T["raft.commit"], 0, 3, 1) });
  k.run(100, 10);
  return { hash: k.trace.hash(), recorded: k.trace.recorded };
}

describe("Trace.emitMsg", () => {
  it("builds exactly the event emit() builds with node names", () => {
    const viaMsg = run(true, (k) => {
      k.trace.emitMsg(T["msg.send"], 0, 7, 0, 2, "raft.append", null);
      k.trace.emitMsg(T["msg.drop"], 2, 7, 0, 2, "raft.append", "partition");
    });
    const viaEmit = run(true, (k) => {
      k.trace.emit(T["msg.send"], 0, 7, "m1", "w1", "raft.append");
      k.trace.emit(T["msg.drop"], 2, 7, "m1", "w1", "raft.append", "partition");
    });
    expect(viaMsg.recorded).toEqual(viaEmit.recorded);
    expect(JSON.stringify(viaMsg.recorded)).toBe(JSON.stringify(viaEmit.recorded));
    expect(viaMsg.recorded[0]).toEqual({ seq: 1, timeUs: 5, node: "m1", type: "msg.send", msgId: 7, from: "m1", to: "w1", kind: "raft.append" });
    expect(Object.keys(viaMsg.recorded[1])).toEqual(["seq", "timeUs", "node", "type", "msgId", "from", "to", "kind", "reason"]);
  });

  it("emits through slots exactly what it emits through strings (the network's path)", () => {
    const viaSlots = (record: boolean) =>
      run(record, (k) => {
        const kind = k.trace.kindSlot("raft.append");
        k.trace.emitMsgSlot(T["msg.send"], 0, 7, 0, 2, "raft.append", kind, null);
        k.trace.emitMsgSlot(T["msg.drop"], 2, 7, 0, 2, "raft.append", kind, "partition");
      });
    const viaStrings = (record: boolean) =>
      run(record, (k) => {
        k.trace.emitMsg(T["msg.send"], 0, 7, 0, 2, "raft.append", null);
        k.trace.emitMsg(T["msg.drop"], 2, 7, 0, 2, "raft.append", "partition");
      });
    expect(viaSlots(true).recorded).toEqual(viaStrings(true).recorded);
    expect(viaSlots(false).hash).toBe(viaStrings(false).hash);
    expect(viaSlots(false).hash).toBe(viaSlots(true).hash);
  });

  it("emitNumbers emits exactly what emit() does, and refuses a type with more than three fields", () => {
    const entryHash = 0xfedcba98; // above 2^31: folds as a safe integer, not an int32
    const viaNumbers = (record: boolean) =>
      run(record, (k) => {
        k.trace.emitNumbers(T["raft.append"], 1, 4, 2, entryHash);
        k.trace.emitNumbers(T["raft.commit"], 1, 4, 2, 99);
      });
    const viaEmit = (record: boolean) =>
      run(record, (k) => {
        k.trace.emit(T["raft.append"], 1, 4, 2, entryHash);
        k.trace.emit(T["raft.commit"], 1, 4, 2);
      });
    expect(viaNumbers(true).recorded).toEqual(viaEmit(true).recorded);
    expect(viaNumbers(true).recorded[1]).toEqual({ seq: 2, timeUs: 5, node: "m2", type: "raft.commit", index: 4, term: 2 });
    expect(viaNumbers(false).hash).toBe(viaEmit(false).hash);
    const k = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    expect(() => k.trace.emitNumbers(T["client.submit"], 0, 1, 2, 3)).toThrow(/client.submit has 5 fields/);
  });

  it("hashes the same whether recorded, listened to, or neither", () => {
    const emits = (k: Kernel) => k.trace.emitMsg(T["msg.deliver"], 1, 3, 0, 1, "dispatcher.heartbeat", null);
    const plain = run(false, emits).hash;
    expect(run(true, emits).hash).toBe(plain);
    const k = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    const seen: unknown[] = [];
    k.trace.on("msg.deliver", (e) => seen.push(e));
    k.at(5, { fire: () => emits(k) });
    k.at(9, { fire: () => k.trace.emit(T["raft.commit"], 0, 3, 1) });
    k.run(100, 10);
    expect(k.trace.hash()).toBe(plain);
    expect(seen).toHaveLength(1);
  });

  it("folds every field: id, sender, receiver, kind, reason, node, time", () => {
    const base = run(false, (k) => k.trace.emitMsg(T["msg.drop"], 1, 3, 0, 1, "raft.append", "loss")).hash;
    const variants = [
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 1, 4, 0, 1, "raft.append", "loss"),
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 1, 3, 2, 1, "raft.append", "loss"),
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 1, 3, 0, 2, "raft.append", "loss"),
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 1, 3, 0, 1, "raft.append-resp", "loss"),
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 1, 3, 0, 1, "raft.append", "partition"),
      (k: Kernel) => k.trace.emitMsg(T["msg.drop"], 0, 3, 0, 1, "raft.append", "loss"),
      (k: Kernel) => k.trace.emitMsg(T["msg.deliver"], 1, 3, 0, 1, "raft.append", null),
    ];
    const hashes = variants.map((v) => run(false, v).hash);
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
    // the time folds too, even though it is folded only when it changes
    const k = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    k.at(6, { fire: () => k.trace.emitMsg(T["msg.drop"], 1, 3, 0, 1, "raft.append", "loss") });
    k.at(9, { fire: () => k.trace.emit(T["raft.commit"], 0, 3, 1) });
    k.run(100, 10);
    expect(k.trace.hash()).not.toBe(base);
  });

  it("distinguishes two events at one instant from the same two events at different instants", () => {
    const same = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    same.at(5, {
      fire: () => {
        same.trace.emit(T["raft.commit"], 0, 1, 1);
        same.trace.emit(T["raft.commit"], 0, 2, 1);
      },
    });
    same.run(100, 10);
    const apart = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    apart.at(5, { fire: () => apart.trace.emit(T["raft.commit"], 0, 1, 1) });
    apart.at(6, { fire: () => apart.trace.emit(T["raft.commit"], 0, 2, 1) });
    apart.run(100, 10);
    expect(same.trace.hash()).not.toBe(apart.trace.hash());
  });
});

describe("StringDigests", () => {
  it("gives a string the same digest whether memoized, evicted or fresh", () => {
    const digest = (d: StringDigests, s: string) => {
      const i = d.slot(s);
      return [d.lanes[2 * i], d.lanes[2 * i + 1]];
    };
    const small = new StringDigests(4);
    const fresh = (s: string) => digest(new StringDigests(), s);
    const words = ["raft.append", "raft.append-resp", "a", "", "dispatcher.heartbeat", "loss", "b", "c", "d", "e"];
    for (let round = 0; round < 3; round++) for (const w of words) expect(digest(small, w)).toEqual(fresh(w));
    expect(fresh("ab")).not.toEqual(fresh("ba"));
    expect(fresh("raft.append")).not.toEqual(fresh("raft.append-resp"));
  });
});

describe("event builders", () => {
  it("build exactly what the generic builder builds, for every type that has one", () => {
    const values = ["x", 7, null, undefined, { k: 1 }, ["a"]];
    let covered = 0;
    EVENT_BUILDERS.forEach((b, code) => {
      if (b === null) return;
      covered++;
      for (let shift = 0; shift < values.length; shift++) {
        const args = Array.from({ length: 6 }, (_, i) => values[(i + shift) % values.length]) as [unknown, unknown, unknown, unknown, unknown, unknown];
        const want = buildEvent(code, 3, 11, shift % 2 === 0 ? "m1" : null, ...args);
        const got = b(3, 11, shift % 2 === 0 ? "m1" : null, ...args);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        expect(Object.keys(got)).toEqual(Object.keys(want));
      }
    });
    expect(covered).toBeGreaterThanOrEqual(5);
  });
});

describe("Trace.onFields", () => {
  it("passes the header and positional fields, builds no object unless someone needs one, and keeps subscription order", () => {
    const k = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    const calls: unknown[][] = [];
    k.trace.onFields("raft.append", (seq, timeUs, node, a, b, c) => calls.push(["fields1", seq, timeUs, node, a, b, c]));
    k.trace.on("raft.append", (e) => calls.push(["object", e]));
    k.trace.onFields("raft.append", (seq) => calls.push(["fields2", seq]));
    k.trace.onFields("msg.deliver", (seq, timeUs, node, a, b, c, d, e) => calls.push(["msg", seq, timeUs, node, a, b, c, d, e]));
    k.at(5, {
      fire: () => {
        k.trace.emit(T["raft.append"], 1, 4, 2, 99);
        k.trace.emitMsg(T["msg.deliver"], 2, 7, 0, 2, "raft.append", null);
      },
    });
    k.run(100, 10);
    expect(calls).toEqual([
      ["fields1", 1, 5, 1, 4, 2, 99],
      ["object", { seq: 1, timeUs: 5, node: "m2", type: "raft.append", index: 4, term: 2, entryHash: 99 }],
      ["fields2", 1],
      ["msg", 2, 5, 2, 7, 0, 2, "raft.append", null],
    ]);
    expect(k.trace.recorded).toEqual([]);
  });

  it("hashes the same with positional listeners", () => {
    const emits = (k: Kernel) => k.trace.emit(T["raft.append"], 1, 4, 2, 99);
    const plain = run(false, emits).hash;
    const k = new Kernel({ seed: 1, record: false, nodeNames: NAMES });
    let n = 0;
    k.trace.onFields("raft.append", () => n++);
    k.trace.onFields("raft.commit", () => n++);
    k.at(5, { fire: () => emits(k) });
    k.at(9, { fire: () => k.trace.emit(T["raft.commit"], 0, 3, 1) });
    k.run(100, 10);
    expect(n).toBe(2);
    expect(k.trace.hash()).toBe(plain);
  });
});
