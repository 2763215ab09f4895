// The leader's scheduler and allocator: the real implementations from sim/swarm/scheduler/ and
// sim/swarm/allocator/, behind the ports the leader components use.
import { Allocator, validateEndpoint } from "../allocator/index.ts";
import { Scheduler } from "../scheduler/index.ts";
import type { AllocatorPort, LeaderPorts } from "./ports.ts";

export function realAllocator(): AllocatorPort & Allocator {
  return new Allocator();
}

export const REAL_PORTS: LeaderPorts = {
  newScheduler: () => new Scheduler(),
  newAllocator: realAllocator,
  validateEndpoint,
};
