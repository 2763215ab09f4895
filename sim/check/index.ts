// The checkers, for the runner to attach (sim/scenario builds them from the scenario's expect block).
export type { Checker, CheckerContext, Violation, Warning } from "./api.ts";
export { checkHistory, type HistoryOp, LinearizabilityChecker, type LinearizabilityConfig } from "./linearizability.ts";
export { RAFT_IDS, RaftSafetyChecker } from "./raft-safety.ts";
export { SERVICE_IDS, ServiceChecker } from "./service/checker.ts";
export { DEFAULT_CONVERGE_US, type MinRunningFloor, type ServiceCheckConfig, type ServiceCheckInput, serviceCheckConfig } from "./service/config.ts";
