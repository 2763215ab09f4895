// Minimal stand-ins for the scheduler and allocator, used only when no real implementation is
// wired in (unit tests of the control loop). Ready+active+constraints filter, then fewest tasks
// of the service, then fewest tasks in total; task addresses from 10.0.0.0/8 in order.
import type { Micros } from "../../kernel/types.ts";
import { matchConstraints, nodeToConstraintNode, parseConstraints } from "../constraints.ts";
import type { NodeObj, TaskObj } from "../objects.ts";
import { isActiveOnNode } from "../store/task-ops.ts";
import type { AllocateResult, AllocatorPort, LeaderPorts, SchedulerPort, SchedulingDecision } from "./ports.ts";

export class FallbackScheduler implements SchedulerPort {
  private readonly nodes = new Map<string, NodeObj>();
  private readonly tasks = new Map<string, TaskObj>();

  upsertNode(n: NodeObj): void {
    this.nodes.set(n.id, n);
  }
  removeNode(id: string): void {
    this.nodes.delete(id);
  }
  upsertTask(t: TaskObj, _nowUs: Micros): void {
    this.tasks.set(t.id, t);
  }
  removeTask(id: string): void {
    this.tasks.delete(id);
  }

  schedule(pending: readonly TaskObj[], _nowUs: Micros): SchedulingDecision[] {
    const perNode = new Map<string, number>();
    const perSvc = new Map<string, number>();
    for (const t of this.tasks.values()) {
      if (!isActiveOnNode(t) || t.desiredState === "shutdown" || t.desiredState === "remove") continue;
      perNode.set(t.nodeId!, (perNode.get(t.nodeId!) ?? 0) + 1);
      perSvc.set(`${t.service}\n${t.nodeId}`, (perSvc.get(`${t.service}\n${t.nodeId}`) ?? 0) + 1);
    }
    const out: SchedulingDecision[] = [];
    for (const t of pending) {
      const cs = parseConstraints(t.spec.placement.constraints);
      let best: NodeObj | null = null;
      let bestKey = [0, 0];
      let unavailable = 0;
      let constrained = 0;
      for (const n of this.nodes.values()) {
        if (n.status.state !== "ready" || n.spec.availability !== "active") {
          unavailable++;
          continue;
        }
        if (t.nodeId !== null && n.id !== t.nodeId) continue;
        if (!matchConstraints(cs, nodeToConstraintNode(n))) {
          constrained++;
          continue;
        }
        const key = [perSvc.get(`${t.service}\n${n.id}`) ?? 0, perNode.get(n.id) ?? 0];
        if (best === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
          best = n;
          bestKey = key;
        }
      }
      if (best === null) {
        const why: string[] = [];
        if (constrained > 0) why.push(`scheduling constraints not satisfied on ${constrained} node${constrained === 1 ? "" : "s"}`);
        if (unavailable > 0) why.push(`${unavailable} node${unavailable === 1 ? "" : "s"} not available for new tasks`);
        out.push({ taskId: t.id, nodeId: null, err: why.length ? `no suitable node (${why.join("; ")})` : "no suitable node" });
        continue;
      }
      perNode.set(best.id, bestKey[1] + 1);
      perSvc.set(`${t.service}\n${best.id}`, bestKey[0] + 1);
      out.push({ taskId: t.id, nodeId: best.id, err: null });
    }
    return out;
  }
}

export class FallbackAllocator implements AllocatorPort {
  private next = 2;
  allocateService(): AllocateResult {
    return { ok: true, endpoint: { vips: [], ports: [] } };
  }
  releaseService(): void {}
  allocateTaskAddr(_network: string): string {
    const n = this.next++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }
  releaseTaskAddr(): void {}
}

export const FALLBACK_PORTS: LeaderPorts = {
  newScheduler: () => new FallbackScheduler(),
  newAllocator: () => new FallbackAllocator(),
  validateEndpoint: () => null,
};
