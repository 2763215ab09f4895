// A write transaction on the leader: reads see the committed store overlaid with this batch's
// own writes, and the writes become one Raft entry. Only one batch is in flight at a time
// (SwarmKit holds the store lock across the proposal), so the committed store plus the open
// batch is always the whole truth the leader's components decide from.
import type { Micros } from "../../kernel/types.ts";
import type { NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import type { ClusterObj } from "./cluster.ts";
import type { StoreCommand, StoreOp } from "./commands.ts";
import type { SwarmStore } from "./store.ts";
import { slotPart } from "./task-index.ts";

// The staging maps are made on first write (null until then): the leader opens a Tx per flush,
// and most flushes stage a few tasks or nothing at all.
export class Tx {
  readonly ops: StoreOp[] = [];
  private tasks: Map<string, TaskObj | null> | null = null;
  private nodes: Map<string, NodeObj | null> | null = null;
  private services: Map<string, ServiceObj | null> | null = null;
  /**
   * Tasks created in this batch (not yet in the store's indexes), by service and by service and
   * slot (see slotPart; nested like the store's index: no key string built per read).
   */
  private createdByService: Map<string, TaskObj[]> | null = null;
  private createdBySlot: Map<string, Map<number | string, TaskObj[]>> | null = null;
  private seqs: Map<string, number> | null = null;
  /** Staged tasks whose node differs from the committed one, by their new node. */
  private movedTo: Map<string, Set<string>> | null = null;
  private clusterObj: ClusterObj | null = null;

  constructor(
    readonly store: SwarmStore,
    readonly nowUs: Micros,
  ) {}

  get empty(): boolean {
    return this.ops.length === 0;
  }

  command(): StoreCommand {
    return { kind: "swarm.tx", atUs: this.nowUs, ops: this.ops };
  }

  // --- reads ------------------------------------------------------------------------------

  task(id: string): TaskObj | null {
    const s = this.tasks === null ? undefined : this.tasks.get(id);
    if (s !== undefined) return s;
    return this.store.tasks.get(id) ?? null;
  }

  node(id: string): NodeObj | null {
    const s = this.nodes === null ? undefined : this.nodes.get(id);
    if (s !== undefined) return s;
    return this.store.nodes.get(id) ?? null;
  }

  service(id: string): ServiceObj | null {
    const s = this.services === null ? undefined : this.services.get(id);
    if (s !== undefined) return s;
    return this.store.services.get(id) ?? null;
  }

  /** A task written in this batch (null: deleted in it), or undefined when the batch has not touched it. */
  private staged(id: string): TaskObj | null | undefined {
    return this.tasks === null ? undefined : this.tasks.get(id);
  }

  get cluster(): ClusterObj {
    return this.clusterObj ?? this.store.cluster;
  }

  tasksOfService(service: string): TaskObj[] {
    const out: TaskObj[] = [];
    for (const id of this.store.index.ofService(service)) {
      const t = this.task(id);
      if (t !== null) out.push(t);
    }
    const created = this.createdByService?.get(service);
    if (created !== undefined) for (const t of created) if (this.staged(t.id) !== null) out.push(this.task(t.id)!);
    return out;
  }

  tasksOfSlot(service: string, slot: number, nodeId: string | null): TaskObj[] {
    const out: TaskObj[] = [];
    for (const id of this.store.index.ofSlot(service, slot, nodeId)) {
      const t = this.task(id);
      if (t !== null) out.push(t);
    }
    const created = this.createdBySlot?.get(service)?.get(slotPart(slot, nodeId));
    if (created !== undefined) for (const t of created) if (this.staged(t.id) !== null) out.push(this.task(t.id)!);
    return out;
  }

  tasksOfNode(nodeId: string): TaskObj[] {
    const out: TaskObj[] = [];
    for (const id of this.store.index.ofNode(nodeId)) {
      const t = this.task(id);
      if (t !== null && t.nodeId === nodeId) out.push(t);
    }
    const moved = this.movedTo?.get(nodeId);
    if (moved !== undefined) {
      const committed = this.store.index.ofNode(nodeId);
      for (const id of moved) {
        const t = this.task(id);
        if (t !== null && t.nodeId === nodeId && !committed.has(id)) out.push(t);
      }
    }
    return out;
  }

  /** Tasks written or deleted in this batch so far (a deleted one as committed). */
  stagedTasks(): TaskObj[] {
    const out: TaskObj[] = [];
    if (this.tasks === null) return out;
    for (const [id, t] of this.tasks) {
      const v = t ?? this.store.tasks.get(id);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  /** Whether this batch writes any node or service so far. */
  stagesNodesOrServices(): boolean {
    return this.nodes !== null || this.services !== null;
  }

  /** Whether this batch created tasks of `service` so far. */
  createdOf(service: string): boolean {
    return this.createdByService?.has(service) === true;
  }

  /** A fresh task sequence number for a slot key (ids are never reused). */
  nextSeq(key: string): number {
    this.seqs ??= new Map();
    const n = Math.max(this.seqs.get(key) ?? 0, this.store.nextSeq(key) - 1) + 1;
    this.seqs.set(key, n);
    return n;
  }

  // --- writes -----------------------------------------------------------------------------

  putTask(t: TaskObj): void {
    const before = this.task(t.id);
    if (before === null && !this.store.tasks.has(t.id)) {
      push((this.createdByService ??= new Map()), t.service, t);
      this.createdBySlot ??= new Map();
      let slots = this.createdBySlot.get(t.service);
      if (slots === undefined) {
        slots = new Map();
        this.createdBySlot.set(t.service, slots);
      }
      push(slots, slotPart(t.slot, t.nodeId), t);
    }
    if (t.nodeId !== null && (before === null || before.nodeId !== t.nodeId)) {
      this.movedTo ??= new Map();
      let s = this.movedTo.get(t.nodeId);
      if (s === undefined) {
        s = new Set();
        this.movedTo.set(t.nodeId, s);
      }
      s.add(t.id);
    }
    (this.tasks ??= new Map()).set(t.id, t);
    this.ops.push({ t: "task", v: t });
  }

  delTask(id: string): void {
    if (this.task(id) === null) return;
    (this.tasks ??= new Map()).set(id, null);
    this.ops.push({ t: "task-del", id });
  }

  putNode(n: NodeObj): void {
    (this.nodes ??= new Map()).set(n.id, n);
    this.ops.push({ t: "node", v: n });
  }

  delNode(id: string): void {
    if (this.node(id) === null) return;
    (this.nodes ??= new Map()).set(id, null);
    this.ops.push({ t: "node-del", id });
  }

  putService(s: ServiceObj): void {
    (this.services ??= new Map()).set(s.id, s);
    this.ops.push({ t: "service", v: s });
  }

  delService(id: string): void {
    if (this.service(id) === null) return;
    (this.services ??= new Map()).set(id, null);
    this.ops.push({ t: "service-del", id });
  }

  putCluster(c: ClusterObj): void {
    this.clusterObj = c;
    this.ops.push({ t: "cluster", v: c });
  }
}

function push<K, T>(m: Map<K, T[]>, k: K, v: T): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else a.push(v);
}
