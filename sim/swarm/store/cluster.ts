// The cluster object (SwarmKit api.Cluster, reduced): join tokens with rotation generations,
// the task history retention limit and the dispatcher heartbeat period.
import type { Micros } from "../../kernel/types.ts";
import { SEC } from "../../kernel/types.ts";

export interface ClusterObj {
  id: string;
  /** Token generations: a rotation bumps one; the old token stops working at once. */
  workerTokenGen: number;
  managerTokenGen: number;
  /** Tasks kept per slot (replicated) or per (service, node) (global); negative = keep all. */
  taskHistoryRetentionLimit: number;
  heartbeatPeriodUs: Micros;
  version: number;
}

export const DEFAULT_CLUSTER: Readonly<ClusterObj> = Object.freeze({
  id: "swarm",
  workerTokenGen: 1,
  managerTokenGen: 1,
  taskHistoryRetentionLimit: 5,
  heartbeatPeriodUs: 5 * SEC,
  version: 1,
});

const DIGEST = "0".repeat(30) + "swarmsimrootcadigest";

/** The literal token string of a role and generation (SWMTKN-1-<digest>-<secret>, as `docker swarm join-token` prints). */
export function joinTokenString(role: "worker" | "manager", gen: number): string {
  const secret = `${role === "worker" ? "w" : "m"}${gen}`.padStart(25, "0");
  return `SWMTKN-1-${DIGEST}-${secret}`;
}

/** The role a join token grants, or null ("A valid join token is necessary to join this cluster"). */
export function tokenRole(c: ClusterObj, token: string): "worker" | "manager" | null {
  for (const role of ["worker", "manager"] as const) {
    const gen = role === "worker" ? c.workerTokenGen : c.managerTokenGen;
    if (token === role || token === `${role}:${gen}` || token === joinTokenString(role, gen)) return role;
  }
  return null;
}
