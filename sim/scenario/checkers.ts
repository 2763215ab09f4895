// Which checkers a scenario runs, configured from its expect block and Raft timing.
import { type Checker, LinearizabilityChecker, RaftSafetyChecker, ServiceChecker, serviceCheckConfig } from "../check/index.ts";
import type { Micros } from "../kernel/types.ts";
import type { Scenario } from "./types.ts";

/** When the timeline stops injecting: after its last entry and the end of its last window. */
export function quietFrom(s: Scenario): Micros {
  let t = 0;
  for (const e of s.timeline) {
    const a = e.action;
    const end = a.kind === "loss" || a.kind === "duplicate" || a.kind === "delay" ? e.atUs + a.forUs : e.atUs;
    if (end > t) t = end;
  }
  return t;
}

export function buildCheckers(s: Scenario): Checker[] {
  const managers = s.nodes.filter((n) => n.role === "manager" && !n.joinLater).map((n) => n.name);
  const checkers: Checker[] = [
    new RaftSafetyChecker(),
    new ServiceChecker(
      serviceCheckConfig({
        managers,
        tickUs: s.raft.tickUs,
        electionTick: s.raft.electionTick,
        convergeUs: s.expect.convergeUs,
        quietFromUs: quietFrom(s),
        minRunning: s.expect.minRunning,
        preVote: s.raft.preVote,
      }),
    ),
  ];
  if (s.workload) checkers.push(new LinearizabilityChecker());
  return checkers;
}
