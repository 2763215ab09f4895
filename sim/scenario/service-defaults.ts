// SwarmKit's and docker's defaults for a service spec (SWARM.md §3, §6; api/defaults/service.go),
// shared by the stack importer and `docker service create`.
import { SEC } from "../kernel/types.ts";
import type { HealthcheckSpec, RestartPolicy, ServiceSpec, UpdateConfig } from "../swarm/spec.ts";

/** An absent restart_policy block: condition any, 5s delay, unlimited attempts, no window. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  condition: "any",
  delayUs: 5 * SEC,
  maxAttempts: 0,
  windowUs: 0,
});

/** update_config and rollback_config defaults. */
export const DEFAULT_UPDATE_CONFIG: Readonly<UpdateConfig> = Object.freeze({
  parallelism: 1,
  delayUs: 0,
  failureAction: "pause",
  monitorUs: 5 * SEC,
  maxFailureRatio: 0,
  order: "stop-first",
});

/** Docker's healthcheck defaults (interval 30s, timeout 30s, 3 retries, no start period). */
export const DEFAULT_HEALTHCHECK: Readonly<HealthcheckSpec> = Object.freeze({
  intervalUs: 30 * SEC,
  timeoutUs: 30 * SEC,
  retries: 3,
  startPeriodUs: 0,
});

export const DEFAULT_STOP_GRACE_US = 10 * SEC;

export const MAX_REPLICAS = 100_000;

/** A fresh spec with every default: replicated ×1, no constraints, no resources, no healthcheck. */
export function defaultServiceSpec(name: string, stack: string | null, image: string): ServiceSpec {
  return {
    name,
    stack,
    image,
    mode: "replicated",
    replicas: 1,
    labels: {},
    env: [],
    placement: { constraints: [], preferences: [], maxReplicas: 0, platforms: [] },
    resources: {
      reservations: { nanoCpus: 0, memoryBytes: 0 },
      limits: { nanoCpus: 0, memoryBytes: 0 },
    },
    restartPolicy: { ...DEFAULT_RESTART_POLICY },
    updateConfig: { ...DEFAULT_UPDATE_CONFIG },
    rollbackConfig: { ...DEFAULT_UPDATE_CONFIG },
    healthcheck: null,
    endpoint: { mode: "vip", ports: [] },
    networks: [],
    stopGracePeriodUs: DEFAULT_STOP_GRACE_US,
  };
}

/** Docker's rule for service (and stack) names. */
export const SERVICE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62})$/;
