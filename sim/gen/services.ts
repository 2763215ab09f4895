// Service genomes → ServiceSpec records (the shape a stack file loads into) and task behaviour.
// Every field shrinks toward the plain service a tutorial would create: replicated, one replica,
// no constraints, default restart and update policies, no health check, tasks that just run.
import fc from "fast-check";
import { MS, SEC } from "../kernel/types.ts";
import { DEFAULT_HEALTHCHECK, defaultServiceSpec } from "../scenario/service-defaults.ts";
import type { BehaviourSpec, FailureAction, RestartCondition, ServiceSpec } from "../swarm/spec.ts";

export const SERVICE_NAMES = ["web", "api", "db", "cache", "queue", "auth", "search", "mail"] as const;
const IMAGES = ["nginx:1.25", "redis:7.2", "postgres:16.1", "traefik:2.10"];

/** Constraints over what the cluster generator labels (zone a/b/c, disk ssd/hdd) and roles. */
export const CONSTRAINTS = [
  "node.role==worker",
  "node.labels.zone==a",
  "node.labels.zone!=b",
  "node.labels.disk==ssd",
  "node.role==manager",
  "node.labels.zone==c",
] as const;

export interface RawService {
  global: boolean;
  replicas: number;
  constraint: number | null;
  spread: boolean;
  maxPerNode: number;
  restart: { condition: number; delayS: number; maxAttempts: number };
  update: { parallelism: number; delayS: number; startFirst: boolean; failureAction: number };
  health: boolean;
  behaviour: { startupMs: number; exitAfterS: number | null; exitCode: number; failStartPct: number; unhealthyAfterS: number | null };
}

const CONDITIONS: readonly RestartCondition[] = ["any", "on-failure", "none"];
const FAILURE_ACTIONS: readonly FailureAction[] = ["pause", "continue", "rollback"];

export const rawServiceArb: fc.Arbitrary<RawService> = fc.record({
  global: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 6 }),
  constraint: fc.option(fc.nat(CONSTRAINTS.length - 1), { nil: null, freq: 3 }),
  spread: fc.boolean(),
  maxPerNode: fc.integer({ min: 0, max: 3 }),
  restart: fc.record({
    condition: fc.nat(CONDITIONS.length - 1),
    delayS: fc.integer({ min: 0, max: 10 }),
    maxAttempts: fc.integer({ min: 0, max: 5 }),
  }),
  update: fc.record({
    parallelism: fc.integer({ min: 1, max: 3 }),
    delayS: fc.integer({ min: 0, max: 10 }),
    startFirst: fc.boolean(),
    failureAction: fc.nat(FAILURE_ACTIONS.length - 1),
  }),
  health: fc.boolean(),
  behaviour: fc.record({
    startupMs: fc.integer({ min: 100, max: 5_000 }),
    exitAfterS: fc.option(fc.integer({ min: 10, max: 300 }), { nil: null, freq: 4 }),
    exitCode: fc.constantFrom(0, 1),
    failStartPct: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
    unhealthyAfterS: fc.option(fc.integer({ min: 10, max: 300 }), { nil: null, freq: 6 }),
  }),
});

/** Generated services live in one stack, named as `docker stack deploy` names them. */
export const GEN_STACK = "gen";

export function toService(raw: RawService, ix: number): { spec: ServiceSpec; behaviour: BehaviourSpec } {
  const short = ix < SERVICE_NAMES.length ? SERVICE_NAMES[ix] : `svc${ix + 1}`;
  const spec = defaultServiceSpec(`${GEN_STACK}_${short}`, GEN_STACK, IMAGES[ix % IMAGES.length]);
  spec.networks = [`${GEN_STACK}_default`];
  spec.mode = raw.global ? "global" : "replicated";
  spec.replicas = raw.global ? 0 : raw.replicas;
  if (raw.constraint !== null) spec.placement.constraints = [CONSTRAINTS[raw.constraint]];
  if (raw.spread) spec.placement.preferences = ["node.labels.zone"];
  if (!raw.global) spec.placement.maxReplicas = raw.maxPerNode;
  spec.restartPolicy = {
    condition: CONDITIONS[raw.restart.condition],
    delayUs: raw.restart.delayS * SEC,
    maxAttempts: raw.restart.maxAttempts,
    windowUs: 0,
  };
  spec.updateConfig = {
    ...spec.updateConfig,
    parallelism: raw.update.parallelism,
    delayUs: raw.update.delayS * SEC,
    order: raw.update.startFirst ? "start-first" : "stop-first",
    failureAction: FAILURE_ACTIONS[raw.update.failureAction],
  };
  if (raw.health) spec.healthcheck = { ...DEFAULT_HEALTHCHECK, intervalUs: 5 * SEC, timeoutUs: 2 * SEC };
  const b = raw.behaviour;
  const behaviour: BehaviourSpec = {
    startupUs: b.startupMs * MS,
    exitAfterUs: b.exitAfterS === null ? null : b.exitAfterS * SEC,
    exitCode: b.exitCode,
    failStart: b.failStartPct / 100,
    unhealthyAfterUs: raw.health && b.unhealthyAfterS !== null ? b.unhealthyAfterS * SEC : null,
  };
  return { spec, behaviour };
}
