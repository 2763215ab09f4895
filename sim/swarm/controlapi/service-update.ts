// `docker service update` flags applied to a spec (a new object; absent fields unchanged).
import type { ServiceSpec, ServiceUpdate } from "../spec.ts";

export function applyServiceUpdate(s: ServiceSpec, u: ServiceUpdate): ServiceSpec {
  const constraints = s.placement.constraints.filter((c) => !(u.constraintRm ?? []).includes(c)).concat(u.constraintAdd ?? []);
  const preferences = s.placement.preferences.filter((p) => !(u.placementPrefRm ?? []).includes(p)).concat(u.placementPrefAdd ?? []);
  const labels = { ...s.labels, ...(u.labelAdd ?? {}) };
  for (const k of u.labelRm ?? []) delete labels[k];
  const envRm = new Set(u.envRm ?? []);
  const env = s.env.filter((e) => !envRm.has(e.split("=")[0])).concat(u.envAdd ?? []);
  const ports = s.endpoint.ports.filter((p) => !(u.publishRm ?? []).includes(p.target)).concat(u.publishAdd ?? []);
  return {
    ...s,
    image: u.image ?? s.image,
    replicas: u.replicas ?? s.replicas,
    labels,
    env,
    placement: { ...s.placement, constraints, preferences, maxReplicas: u.maxReplicasPerNode ?? s.placement.maxReplicas },
    resources: {
      ...s.resources,
      reservations: {
        nanoCpus: u.reserveNanoCpus ?? s.resources.reservations.nanoCpus,
        memoryBytes: u.reserveMemoryBytes ?? s.resources.reservations.memoryBytes,
      },
    },
    restartPolicy: { ...s.restartPolicy, ...(u.restart ?? {}) },
    updateConfig: { ...s.updateConfig, ...(u.update ?? {}) },
    rollbackConfig: { ...s.rollbackConfig, ...(u.rollback ?? {}) },
    healthcheck: u.healthcheck === undefined ? s.healthcheck : u.healthcheck,
    endpoint: { mode: u.endpointMode ?? s.endpoint.mode, ports },
  };
}
