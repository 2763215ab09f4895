// Store changes as trace events (task.state, node.status, node.info, service.spec,
// service.update). Every manager applies every entry; the StoreEventGate lets only the first
// apply of an index in the run emit, so each committed change is traced exactly once.
import { T } from "../../kernel/events.ts";
import type { Host } from "../../kernel/host.ts";
import type { LogIndex, Micros } from "../../kernel/types.ts";
import { NO_NODE } from "../../kernel/types.ts";
import type { NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import type { StoreEventGate } from "../store-events.ts";
import type { StoreSnapshot, StoreTracer } from "./store.ts";

const TASK_STATE = T["task.state"];
const NODE_STATUS = T["node.status"];
const NODE_INFO = T["node.info"];
const SERVICE_SPEC = T["service.spec"];
const SERVICE_UPDATE = T["service.update"];

export class StoreTraceEmitter implements StoreTracer {
  private emitting = false;

  constructor(
    private readonly host: Host,
    private readonly gate: StoreEventGate,
  ) {}

  beginEntry(index: LogIndex, _atUs: Micros): void {
    this.emitting = this.gate.shouldEmit(index);
  }

  /** Traces the bootstrap state (index 0) once per run, as if init + join had just happened. */
  bootstrap(s: StoreSnapshot): void {
    if (!this.gate.shouldEmit(0)) return;
    this.emitting = true;
    for (const n of s.nodes) this.nodeChanged(null, n);
    for (const sv of s.services) this.serviceChanged(null, sv);
    for (const t of s.tasks) this.taskChanged(null, t);
    this.emitting = false;
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    if (!this.emitting || next === null) return;
    // A change of error alone is traced too: "no suitable node (…)" on a pending task is what tells
    // readers (and svc.convergence) that a replica is missing by design.
    if (prev !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState && prev.status.err === next.status.err) return;
    const ix = next.nodeId === null ? NO_NODE : this.host.indexOf(next.nodeId);
    this.host.trace.emit(TASK_STATE, ix, next.id, next.service, next.slot, next.status.state, next.desiredState, next.status.err);
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    if (!this.emitting) return;
    const tr = this.host.trace;
    if (next === null) {
      // Deleted (docker node rm): a status no live node ever has.
      if (prev !== null) tr.emit(NODE_STATUS, prev.ix, "removed", prev.spec.availability, prev.role, "node removed from the swarm");
      return;
    }
    if (
      prev === null ||
      prev.status.state !== next.status.state ||
      prev.spec.availability !== next.spec.availability ||
      prev.role !== next.role ||
      prev.status.message !== next.status.message
    ) {
      tr.emit(NODE_STATUS, next.ix, next.status.state, next.spec.availability, next.role, next.status.message || null);
    }
    if (prev === null || prev.spec.labels !== next.spec.labels || prev.description !== next.description) {
      const d = next.description;
      tr.emit(NODE_INFO, next.ix, d.hostname, d.platform.os, d.platform.arch, next.spec.labels, d.engineLabels, d.resources);
    }
  }

  serviceChanged(prev: ServiceObj | null, next: ServiceObj | null): void {
    if (!this.emitting) return;
    const tr = this.host.trace;
    if (next === null) {
      // Removed (docker service rm): desired replicas 0, spec null.
      if (prev !== null) tr.emit(SERVICE_SPEC, NO_NODE, prev.id, prev.spec.mode, 0, prev.version + 1, null);
      return;
    }
    if (prev === null || prev.spec !== next.spec) {
      tr.emit(SERVICE_SPEC, NO_NODE, next.id, next.spec.mode, next.spec.replicas, next.version, next.spec);
    }
    const a = prev?.updateStatus ?? null;
    const b = next.updateStatus;
    if (b !== null && (a === null || a.state !== b.state || a.message !== b.message)) {
      tr.emit(SERVICE_UPDATE, NO_NODE, next.id, b.state, b.message || null);
    }
  }
}
