// The small records under Raft: message kinds as traces and reports show them, entry content
// digests, SwarmKit's defaults, the forwarding messages and the Raft-only KV state machine.
import { describe, expect, it } from "vitest";
import { SWARMKIT_RAFT_DEFAULTS } from "./config.ts";
import { ProposeMsg, ProposeRespMsg } from "./forward.ts";
import { KvStateMachine } from "./kv.ts";
import { ENTRY_NORMAL, MSG_KINDS, msg, newEntry, proposedEntry } from "./messages.ts";

describe("Raft messages and entries", () => {
  it("names every message type as the trace's msg.* events report it", () => {
    const kinds = MSG_KINDS.map((_, type) => msg(type, 0, 1, 1).kind);
    expect(kinds).toEqual([
      "raft.append",
      "raft.append-resp",
      "raft.heartbeat",
      "raft.heartbeat-resp",
      "raft.vote",
      "raft.vote-resp",
      "raft.prevote",
      "raft.prevote-resp",
      "raft.snapshot",
      "raft.timeout-now",
      "raft.read-index",
      "raft.read-index-resp",
    ]);
    expect(new ProposeMsg(1, null, false).kind).toBe("raft.propose");
    expect(new ProposeRespMsg(1, "ok", 3, null).kind).toBe("raft.propose-resp");
  });

  it("hashes an entry's term and content: equal content, equal hash; null and absent data alike", () => {
    const a = newEntry(5, 2, ENTRY_NORMAL, { op: "put", key: "k", value: "v" });
    expect(newEntry(9, 2, ENTRY_NORMAL, { op: "put", key: "k", value: "v" }).hash).toBe(a.hash); // the index is not content
    expect(newEntry(5, 3, ENTRY_NORMAL, { op: "put", key: "k", value: "v" }).hash).not.toBe(a.hash);
    expect(newEntry(5, 2, ENTRY_NORMAL, { op: "put", key: "k", value: "w" }).hash).not.toBe(a.hash);
    expect(newEntry(5, 2, ENTRY_NORMAL, null).hash).toBe(newEntry(5, 2, ENTRY_NORMAL, undefined).hash);
    expect(newEntry(5, 2, ENTRY_NORMAL, null).hash).not.toBe(newEntry(5, 2, ENTRY_NORMAL, 0).hash);
  });

  it("digests a proposed entry by its identity: equal proposals differ, and so does each part of who made it where", () => {
    const cmd = { op: "put", key: "k", value: "v" };
    const a = proposedEntry(5, 2, ENTRY_NORMAL, cmd, 0, 1);
    expect(proposedEntry(5, 2, ENTRY_NORMAL, cmd, 0, 1).hash).toBe(a.hash); // deterministic
    const others = [
      proposedEntry(5, 2, ENTRY_NORMAL, cmd, 0, 2), // the same node's next proposal, same content
      proposedEntry(5, 2, ENTRY_NORMAL, cmd, 1, 1), // another node
      proposedEntry(5, 3, ENTRY_NORMAL, cmd, 0, 1), // another term
      proposedEntry(6, 2, ENTRY_NORMAL, cmd, 0, 1), // another index
    ];
    expect(new Set([a.hash, ...others.map((e) => e.hash)]).size).toBe(5);
    expect(a.hash).toBeGreaterThanOrEqual(0); // unsigned, like content digests
  });

  it("defaults to SwarmKit's Raft settings (no PreVote, CheckQuorum on, 1 s ticks)", () => {
    expect(SWARMKIT_RAFT_DEFAULTS).toMatchObject({ tickUs: 1_000_000, electionTick: 10, heartbeatTick: 1, checkQuorum: true, preVote: false, readIndex: false });
  });
});

describe("KvStateMachine", () => {
  it("applies puts and gets in log order; a get returns the value or null", () => {
    const kv = new KvStateMachine();
    expect(kv.apply(1, 1, { op: "get", key: "a" })).toBeNull();
    expect(kv.apply(2, 1, { op: "put", key: "a", value: "x" })).toBe("x");
    expect(kv.apply(3, 1, { op: "get", key: "a" })).toBe("x");
    expect(kv.get("a")).toBe("x");
    expect(kv.size).toBe(1);
    expect(kv.appliedIndex).toBe(3);
    expect(() => kv.apply(3, 1, { op: "get", key: "a" })).toThrow(/kv: apply 3 after 3/);
    expect(() => kv.apply(4, 1, { op: "del", key: "a" })).toThrow(/kv: unknown command/);
  });

  it("restores a snapshot by value", () => {
    const kv = new KvStateMachine();
    kv.apply(1, 1, { op: "put", key: "a", value: "x" });
    kv.apply(2, 1, { op: "put", key: "b", value: "y" });
    const snap = kv.snapshot();
    kv.apply(3, 1, { op: "put", key: "a", value: "z" });
    const other = new KvStateMachine();
    other.restore(snap);
    expect(other.appliedIndex).toBe(2);
    expect(other.get("a")).toBe("x");
    expect(other.query({ op: "get", key: "b" })).toBe("y");
    expect(other.query({ op: "get", key: "c" })).toBeNull();
  });
});
