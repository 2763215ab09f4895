// The scheduler and allocator as the leader uses them (implemented in sim/swarm/scheduler/ and
// sim/swarm/allocator/ by their owner; the leader depends only on these shapes).
import type { NodeObj, TaskObj } from "../objects.ts";
import type { ServiceSpec } from "../spec.ts";
import type { Micros } from "../../kernel/types.ts";

export interface SchedulingDecision {
  taskId: string;
  nodeId: string | null;
  /** SwarmKit's "no suitable node (…)" when unschedulable. */
  err: string | null;
}

export interface SchedulerPort {
  upsertNode(n: NodeObj): void;
  removeNode(id: string): void;
  upsertTask(t: TaskObj, nowUs: Micros): void;
  removeTask(id: string): void;
  schedule(pending: readonly TaskObj[], nowUs: Micros): SchedulingDecision[];
}

export interface EndpointAllocation {
  vips: { network: string; addr: string }[];
  ports: { target: number; published: number; protocol: string; mode: string }[];
}

export type AllocateResult = { ok: true; endpoint: EndpointAllocation } | { ok: false; error: string };

export interface AllocatorPort {
  allocateService(name: string, spec: ServiceSpec, previous: EndpointAllocation | null): AllocateResult;
  /** Marks an address recorded in the store as used (a new leader rebuilding). */
  reserveTaskAddr?(network: string, addr: string): boolean;
  releaseService(name: string): void;
  allocateTaskAddr(network: string): string;
  /** Like allocateTaskAddr, but null when the network has no free address (the task stays NEW). */
  tryAllocateTaskAddr?(network: string): string | null;
  releaseTaskAddr(network: string, addr: string): void;
}

export interface LeaderPorts {
  newScheduler(): SchedulerPort;
  newAllocator(): AllocatorPort;
  /** Endpoint validation at service create/update (null = valid). */
  validateEndpoint(spec: ServiceSpec): string | null;
}
