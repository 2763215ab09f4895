// The contract's invariant ids (CONTRACT.md) are exactly what the checkers can report:
// no checker reports an id users cannot name, and no contract id lacks a checker.
import { describe, expect, it } from "vitest";
import { LinearizabilityChecker, RaftSafetyChecker, ServiceChecker, serviceCheckConfig } from "../check/index.ts";
import { ALL_CHECK_IDS } from "./invariants.ts";

describe("invariant ids", () => {
  it("match the checkers", () => {
    const reported = [new RaftSafetyChecker(), new ServiceChecker(serviceCheckConfig({ managers: ["m1"] })), new LinearizabilityChecker()].flatMap((c) => [...c.ids]);
    expect([...reported].sort()).toEqual([...ALL_CHECK_IDS].sort());
  });
});
