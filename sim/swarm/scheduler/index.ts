// Public face of the scheduler: the stateful Scheduler and its Decision records.
export { type Decision, Scheduler } from "./scheduler.ts";
export { MAX_FAILURES, MONITOR_FAILURES_US } from "./nodeinfo.ts";
