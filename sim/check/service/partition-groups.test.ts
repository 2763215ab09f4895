// Group-shaped partitions (halves, isolate, bridge, explicit groups) reach the checkers as
// `groups` with no link list — as the world traces them. The service checkers must see them.
import { describe, expect, it } from "vitest";
import { MIN, SEC } from "../../kernel/types.ts";
import { CheckerHarness } from "../testing.ts";
import { ServiceChecker } from "./checker.ts";
import { serviceCheckConfig } from "./config.ts";

const MANAGERS = ["m1", "m2", "m3"];

function cluster(): CheckerHarness<ServiceChecker> {
  const h = new CheckerHarness(new ServiceChecker(serviceCheckConfig({ managers: MANAGERS, quietFromUs: null })), MANAGERS);
  for (const n of MANAGERS) {
    h.emit("node.status", n, "ready", "active", "manager", null);
    h.emit("node.info", n, n, "linux", "amd64", {}, {}, null);
  }
  for (const m of MANAGERS) h.emit("raft.role", m, m === "m1" ? "leader" : "follower", 1, "m1");
  return h;
}

describe("group partitions in the service checkers", () => {
  it("a leader isolated by groups does not count as available", () => {
    const h = cluster();
    h.advance(SEC);
    h.emit("net.partition", null, "isolate-leader", [["m1"], ["m2", "m3"]], [], -1);
    h.finish(2 * MIN);
    expect(h.ids).toEqual(["cluster.leader-available"]);
    expect(h.violations[0].nodes).toEqual(["m2", "m3"]);
  });

  it("no connected majority, no judgement: the clock starts at the heal", () => {
    const h = cluster();
    h.emit("node.crash", "m1", false, -1);
    h.emit("raft.role", "m2", "candidate", 2, null);
    h.emit("net.partition", null, "isolate:m2", [["m2"], ["m1", "m3"]], [], -1);
    h.advance(44 * SEC);
    h.emit("net.heal", null, -1);
    h.advance(30 * SEC);
    h.emit("raft.role", "m3", "leader", 3, "m3");
    h.finish(2 * MIN);
    expect(h.violations).toEqual([]);
  });

  it("the same partition given as blocked links behaves the same", () => {
    const h = cluster();
    h.advance(SEC);
    const cut: [string, string][] = [
      ["m1", "m2"],
      ["m2", "m1"],
      ["m1", "m3"],
      ["m3", "m1"],
    ];
    h.emit("net.partition", null, "blocked", [], cut, -1);
    h.finish(2 * MIN);
    expect(h.ids).toEqual(["cluster.leader-available"]);
  });
});
