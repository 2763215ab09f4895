// Service specs and control-plane operations as plain records. A stack file, an inline
// `services:` block, `docker service create` flags and fast-check all produce these.
import type { Micros } from "../kernel/types.ts";

export type ServiceMode = "replicated" | "global" | "replicated-job" | "global-job";
export type RestartCondition = "none" | "on-failure" | "any";
export type FailureAction = "pause" | "continue" | "rollback";
export type UpdateOrder = "stop-first" | "start-first";

export interface RestartPolicy {
  /**
   * null = a restart_policy block without `condition`: SwarmKit's proto zero value NONE applies
   * (the "no-condition trap", SWARM.md §3). An absent block is {condition: "any", …defaults}.
   */
  condition: RestartCondition | null;
  delayUs: Micros;
  /** 0 = unlimited. */
  maxAttempts: number;
  /** 0 = unbounded. */
  windowUs: Micros;
}

export interface UpdateConfig {
  /** 0 = all dirty slots at once. */
  parallelism: number;
  delayUs: Micros;
  failureAction: FailureAction;
  monitorUs: Micros;
  maxFailureRatio: number;
  order: UpdateOrder;
}

export interface HealthcheckSpec {
  intervalUs: Micros;
  timeoutUs: Micros;
  retries: number;
  startPeriodUs: Micros;
}

export interface PortSpec {
  target: number;
  /** 0 = auto-assign from 30000–32767 (ingress). */
  published: number;
  protocol: "tcp" | "udp" | "sctp";
  mode: "ingress" | "host";
}

export interface ServiceSpec {
  /** Full name: `<stack>_<service>` for stack services. */
  name: string;
  stack: string | null;
  image: string;
  mode: ServiceMode;
  /** Replicated: desired replicas. Jobs: total completions. Ignored for global. */
  replicas: number;
  labels: Record<string, string>;
  env: string[];
  placement: {
    constraints: string[];
    /** spread descriptors, e.g. "node.labels.zone". */
    preferences: string[];
    /** 0 = unlimited. */
    maxReplicas: number;
    platforms: { os: string; arch: string }[];
  };
  resources: {
    reservations: { nanoCpus: number; memoryBytes: number };
    limits: { nanoCpus: number; memoryBytes: number };
  };
  restartPolicy: RestartPolicy;
  updateConfig: UpdateConfig;
  rollbackConfig: UpdateConfig;
  /** null = none declared, or `disable: true`. */
  healthcheck: HealthcheckSpec | null;
  endpoint: { mode: "vip" | "dnsrr"; ports: PortSpec[] };
  networks: string[];
  stopGracePeriodUs: Micros;
}

/** How tasks behave, keyed by image or service name (scenario `behaviour:`). */
export interface BehaviourSpec {
  startupUs: Micros;
  exitAfterUs: Micros | null;
  exitCode: number;
  /** Probability that a start attempt fails. */
  failStart: number;
  unhealthyAfterUs: Micros | null;
}

/** Changes requested by `docker service update` flags. Absent fields are unchanged. */
export interface ServiceUpdate {
  image?: string;
  replicas?: number;
  force?: boolean;
  constraintAdd?: string[];
  constraintRm?: string[];
  labelAdd?: Record<string, string>;
  labelRm?: string[];
  envAdd?: string[];
  envRm?: string[];
  placementPrefAdd?: string[];
  placementPrefRm?: string[];
  maxReplicasPerNode?: number;
  reserveNanoCpus?: number;
  reserveMemoryBytes?: number;
  publishAdd?: PortSpec[];
  publishRm?: number[];
  endpointMode?: "vip" | "dnsrr";
  update?: Partial<UpdateConfig>;
  rollback?: Partial<UpdateConfig>;
  restart?: Partial<RestartPolicy>;
  healthcheck?: HealthcheckSpec | null;
}

/** A parsed docker CLI command. `node` fields are node names (or selectors resolved at apply time). */
export type Operation =
  | { verb: "service.create"; spec: ServiceSpec }
  | { verb: "service.update"; service: string; update: ServiceUpdate }
  | { verb: "service.scale"; scales: { service: string; replicas: number }[] }
  | { verb: "service.rm"; services: string[] }
  | { verb: "service.inspect"; services: string[] }
  | { verb: "service.rollback"; service: string }
  | { verb: "node.update"; node: string; availability: "active" | "pause" | "drain" | null; labelAdd: Record<string, string>; labelRm: string[] }
  | { verb: "node.promote"; nodes: string[] }
  | { verb: "node.demote"; nodes: string[] }
  | { verb: "node.rm"; nodes: string[]; force: boolean }
  | { verb: "node.ls" }
  /** Run ON the joining node. token: "worker" | "manager" (current), "worker:N"/"manager:N" (generation N), or a literal. */
  | { verb: "swarm.join"; token: string }
  /** Run ON the leaving node. */
  | { verb: "swarm.leave"; force: boolean }
  | { verb: "swarm.join-token"; role: "worker" | "manager"; rotate: boolean }
  | { verb: "stack.deploy"; stack: string; file: string; services: ServiceSpec[] }
  | { verb: "stack.rm"; stack: string };
