// Builders for scheduler and allocator tests: minimal, valid store objects with overrides.
import type { Availability, NodeObj, NodeState, TaskObj, TaskState } from "../objects.ts";
import type { PortSpec, ServiceSpec } from "../spec.ts";

export interface NodeOpts {
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  state?: NodeState;
  availability?: Availability;
  role?: "manager" | "worker";
  os?: string;
  arch?: string;
  nanoCpus?: number;
  memoryBytes?: number;
  addr?: string;
}

export function mkNode(id: string, o: NodeOpts = {}): NodeObj {
  const role = o.role ?? "worker";
  return {
    id,
    ix: 0,
    spec: { desiredRole: role, availability: o.availability ?? "active", labels: o.labels ?? {} },
    role,
    status: { state: o.state ?? "ready", message: "", addr: o.addr ?? "10.0.0.1" },
    description: {
      hostname: id,
      platform: { os: o.os ?? "linux", arch: o.arch ?? "x86_64" },
      resources: { nanoCpus: o.nanoCpus ?? 4e9, memoryBytes: o.memoryBytes ?? 8 * 2 ** 30 },
      engineLabels: o.engineLabels ?? {},
    },
    version: 1,
  };
}

export interface SpecOpts {
  constraints?: string[];
  preferences?: string[];
  maxReplicas?: number;
  platforms?: { os: string; arch: string }[];
  nanoCpus?: number;
  memoryBytes?: number;
  ports?: PortSpec[];
  endpointMode?: "vip" | "dnsrr";
  networks?: string[];
  mode?: ServiceSpec["mode"];
  replicas?: number;
}

export function mkSpec(name: string, o: SpecOpts = {}): ServiceSpec {
  const update = { parallelism: 1, delayUs: 0, failureAction: "pause" as const, monitorUs: 5_000_000, maxFailureRatio: 0, order: "stop-first" as const };
  return {
    name,
    stack: null,
    image: "nginx:1.25",
    mode: o.mode ?? "replicated",
    replicas: o.replicas ?? 1,
    labels: {},
    env: [],
    placement: {
      constraints: o.constraints ?? [],
      preferences: o.preferences ?? [],
      maxReplicas: o.maxReplicas ?? 0,
      platforms: o.platforms ?? [],
    },
    resources: {
      reservations: { nanoCpus: o.nanoCpus ?? 0, memoryBytes: o.memoryBytes ?? 0 },
      limits: { nanoCpus: 0, memoryBytes: 0 },
    },
    restartPolicy: { condition: "any", delayUs: 5_000_000, maxAttempts: 0, windowUs: 0 },
    updateConfig: update,
    rollbackConfig: update,
    healthcheck: null,
    endpoint: { mode: o.endpointMode ?? "vip", ports: o.ports ?? [] },
    networks: o.networks ?? [],
    stopGracePeriodUs: 10_000_000,
  };
}

export interface TaskOpts {
  nodeId?: string | null;
  state?: TaskState;
  desired?: TaskState;
  specVersion?: number;
  spec?: ServiceSpec;
}

export function mkTask(service: string, slot: number, o: TaskOpts = {}): TaskObj {
  return {
    id: `${service}.${slot}.${o.specVersion ?? 1}`,
    service,
    slot,
    nodeId: o.nodeId ?? null,
    specVersion: o.specVersion ?? 1,
    spec: o.spec ?? mkSpec(service),
    desiredState: o.desired ?? "running",
    status: { state: o.state ?? "pending", message: "", err: null, timestampUs: 0, appliedAtUs: 0 },
    createdAtUs: 0,
    networksAttachments: [],
  };
}

/** `n` pending tasks of one service (slots 1..n). */
export function mkTasks(service: string, n: number, o: TaskOpts = {}, firstSlot = 1): TaskObj[] {
  const out: TaskObj[] = [];
  for (let i = 0; i < n; i++) out.push(mkTask(service, firstSlot + i, o));
  return out;
}
