import { describe, expect, it } from "vitest";
import { compare, parseReached } from "./reached-grammar.ts";

describe("parseReached", () => {
  it("parses every condition kind", () => {
    expect(parseReached("leaderChanges>=2")).toEqual({ kind: "leaderChanges", op: ">=", n: 2 });
    expect(parseReached("elections < 5")).toEqual({ kind: "elections", op: "<", n: 5 });
    expect(parseReached("nodeStatus:w3=down")).toEqual({ kind: "nodeStatus", node: "w3", status: "down" });
    expect(parseReached("nodeRole:m2=leader")).toEqual({ kind: "nodeRole", node: "m2", role: "leader" });
    expect(parseReached("taskState:web=failed")).toEqual({ kind: "taskState", service: "web", state: "failed" });
    expect(parseReached("serviceRunning:stack_web>=3")).toEqual({ kind: "serviceRunning", service: "stack_web", op: ">=", n: 3 });
    expect(parseReached("dropped:partition>0")).toEqual({ kind: "dropped", reason: "partition", op: ">", n: 0 });
    expect(parseReached("messages:raft.vote==4")).toEqual({ kind: "messages", msgKind: "raft.vote", op: "==", n: 4 });
    expect(parseReached("event:node.crash<=1")).toEqual({ kind: "event", type: "node.crash", op: "<=", n: 1 });
    expect(parseReached("violation:svc.convergence")).toEqual({ kind: "violation", id: "svc.convergence" });
    expect(parseReached("violation:warn.spof-managers")).toEqual({ kind: "violation", id: "warn.spof-managers" });
    expect(parseReached("warning:warn.replicas-on-one-node")).toEqual({ kind: "warning", id: "warn.replicas-on-one-node" });
    expect(parseReached("op:2=error")).toEqual({ kind: "op", n: 2, result: "error" });
  });
  it("rejects malformed conditions with what was expected", () => {
    expect(() => parseReached("leaderChanges=>2")).toThrow("malformed reached condition 'leaderChanges=>2': expected leaderChanges<op>N with op >=, <=, ==, > or <, e.g. 'leaderChanges>=2'");
    expect(() => parseReached("leaderChange>=2")).toThrow(/did you mean 'leaderChanges'/);
    expect(() => parseReached("nodeStatus:w3=dwn")).toThrow(/unknown node status 'dwn'.*did you mean 'down'/);
    expect(() => parseReached("taskState:web=runing")).toThrow(/did you mean 'running'/);
    expect(() => parseReached("event:node.crsh>=1")).toThrow(/unknown event type 'node.crsh'.*did you mean 'node.crash'/);
    expect(() => parseReached("dropped:lost>=1")).toThrow(/unknown drop reason 'lost'.*did you mean 'loss'/);
    expect(() => parseReached("warning:svc.convergence")).toThrow(/unknown warning id/);
    expect(() => parseReached("op:0=ok")).toThrow(/names run entry 0/);
    expect(() => parseReached("op:3=ok", { runEntries: 2 })).toThrow(/the timeline has 2 run: entries/);
    expect(() => parseReached("nodeStatus:w9=down", { nodes: ["w1"] })).toThrow(/unknown node 'w9'/);
    expect(() => parseReached("serviceRunning:web")).toThrow(/malformed/);
  });
  it("compares", () => {
    expect([compare(">=", 2, 2), compare(">", 2, 2), compare("<", 1, 2), compare("<=", 3, 2), compare("==", 2, 2)]).toEqual([true, false, true, false, true]);
  });
});
