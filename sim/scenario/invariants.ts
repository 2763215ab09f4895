// Invariant and warning ids (CONTRACT.md "Invariant ids"): what `expect.outcome`,
// `expect.disable` and `reached: violation:<id>` may name.

export const INVARIANT_IDS = [
  "raft.election-safety",
  "raft.leader-append-only",
  "raft.log-matching",
  "raft.leader-completeness",
  "raft.state-machine-safety",
  "svc.convergence",
  "svc.constraints",
  "svc.slot-unique",
  "svc.spread-at-placement",
  "svc.min-running",
  "cluster.leader-available",
  "cluster.quorum-guard",
  "api.linearizable-writes",
  "api.linearizable-reads",
] as const;

/** Reported, never a failure. */
export const WARNING_IDS = ["warn.spof-managers", "warn.replicas-on-one-node"] as const;

export const ALL_CHECK_IDS: readonly string[] = [...INVARIANT_IDS, ...WARNING_IDS];

