// The Swarm store: the Raft state machine every manager holds. Applies batches of whole-object
// writes in log order, keeps incremental task indexes, and tells its local listeners (the
// leader's components, the trace) what changed. Deterministic: the same log gives the same state.
import { assert, SimAssertionError } from "../../kernel/assert.ts";
import type { LogIndex, Micros, Term } from "../../kernel/types.ts";
import type { StateMachine } from "../../raft/api.ts";
import type { NetworkObj, NodeObj, ServiceObj, TaskObj } from "../objects.ts";
import { type ClusterObj, DEFAULT_CLUSTER } from "./cluster.ts";
import { isStoreCommand, type StoreOp } from "./commands.ts";
import { TaskIndex, taskSlotKey } from "./task-index.ts";

/** Who hears about applied changes (prev null = created, next null = deleted). */
export interface StoreListener {
  nodeChanged?(prev: NodeObj | null, next: NodeObj | null): void;
  serviceChanged?(prev: ServiceObj | null, next: ServiceObj | null): void;
  taskChanged?(prev: TaskObj | null, next: TaskObj | null): void;
  clusterChanged?(next: ClusterObj): void;
  /** After a whole entry applied (the batch is visible). */
  entryApplied?(index: LogIndex): void;
  /** The state was replaced by a snapshot: rebuild everything derived from it. */
  restored?(): void;
}

/** Trace hook: told per entry whether this apply is the first of its index in the run. */
export interface StoreTracer extends StoreListener {
  beginEntry(index: LogIndex, atUs: Micros): void;
}

export interface StoreSnapshot {
  appliedIndex: LogIndex;
  nodes: NodeObj[];
  services: ServiceObj[];
  tasks: TaskObj[];
  networks: NetworkObj[];
  cluster: ClusterObj;
  slotSeq: [string, number][];
}

/** Sequence number of a task id `<service>.<slot|node>.<n>`. */
export function taskSeq(id: string): number {
  // Digits read backwards up to the last dot: no substring, no closure. Orchestrators compare
  // sequence numbers of every task of a slot at every reconcile, so this runs millions of times.
  let n = 0;
  let scale = 1;
  for (let i = id.length - 1; i >= 0; i--) {
    const d = id.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      n += d * scale;
      scale *= 10;
      continue;
    }
    if (d === -2 /* "." */ && n > 0) return n;
    break;
  }
  throw new SimAssertionError(`task id ${id} has no sequence number`);
}

export class SwarmStore implements StateMachine {
  readonly nodes = new Map<string, NodeObj>();
  readonly services = new Map<string, ServiceObj>();
  readonly tasks = new Map<string, TaskObj>();
  readonly networks = new Map<string, NetworkObj>();
  cluster: ClusterObj = { ...DEFAULT_CLUSTER };
  readonly index = new TaskIndex(this.tasks);
  /** Highest task sequence number used per slot key (task ids are never reused). */
  private readonly slotSeq = new Map<string, number>();
  appliedIndex: LogIndex = 0;
  /** Proposer clock of the last applied entry. */
  lastAtUs: Micros = 0;
  /** Walked with an index, not for-of, wherever a write is applied (every op on every manager). */
  private readonly listeners: StoreListener[] = [];
  private tracer: StoreTracer | null = null;

  constructor(initial: StoreSnapshot | null) {
    if (initial) this.load(initial);
  }

  setTracer(t: StoreTracer): void {
    this.tracer = t;
  }

  listen(l: StoreListener): () => void {
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
      // No leader components read the index any more (a follower's apply only keeps its order).
      if (this.listeners.length === 0) this.index.release();
    };
  }

  nextSeq(key: string): number {
    return (this.slotSeq.get(key) ?? 0) + 1;
  }

  // --- StateMachine -----------------------------------------------------------------------

  apply(index: LogIndex, _term: Term, command: unknown): unknown {
    if (index <= this.appliedIndex) assert(false, `store: apply ${index} after ${this.appliedIndex}`);
    this.appliedIndex = index;
    if (!isStoreCommand(command)) return null; // not ours (raft no-ops, membership entries)
    this.lastAtUs = command.atUs;
    this.tracer?.beginEntry(index, command.atUs);
    const ops = command.ops;
    for (let i = 0; i < ops.length; i++) this.applyOp(ops[i]);
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i].entryApplied?.(index);
    return index;
  }

  snapshot(): StoreSnapshot {
    return {
      appliedIndex: this.appliedIndex,
      nodes: [...this.nodes.values()],
      services: [...this.services.values()],
      tasks: [...this.tasks.values()],
      networks: [...this.networks.values()],
      cluster: this.cluster,
      slotSeq: [...this.slotSeq],
    };
  }

  restore(data: unknown): void {
    this.load(data as StoreSnapshot);
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i].restored?.();
  }

  // --- writes -----------------------------------------------------------------------------

  private applyOp(op: StoreOp): void {
    switch (op.t) {
      case "node": {
        const prev = this.nodes.get(op.v.id) ?? null;
        this.nodes.set(op.v.id, op.v);
        this.tracer?.nodeChanged?.(prev, op.v);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].nodeChanged?.(prev, op.v);
        return;
      }
      case "node-del": {
        const prev = this.nodes.get(op.id);
        if (!prev) return;
        this.nodes.delete(op.id);
        this.tracer?.nodeChanged?.(prev, null);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].nodeChanged?.(prev, null);
        return;
      }
      case "service": {
        const prev = this.services.get(op.v.id) ?? null;
        this.services.set(op.v.id, op.v);
        this.tracer?.serviceChanged?.(prev, op.v);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].serviceChanged?.(prev, op.v);
        return;
      }
      case "service-del": {
        const prev = this.services.get(op.id);
        if (!prev) return;
        this.services.delete(op.id);
        this.tracer?.serviceChanged?.(prev, null);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].serviceChanged?.(prev, null);
        return;
      }
      case "task": {
        const t = op.v;
        const prev = this.tasks.get(t.id) ?? null;
        if (prev) {
          if (prev.service !== t.service || prev.slot !== t.slot) assert(false, `store: task ${t.id} changed service or slot`);
          this.index.replace(prev, t);
        } else {
          this.index.add(t);
          const key = taskSlotKey(t);
          const seq = taskSeq(t.id);
          if (seq > (this.slotSeq.get(key) ?? 0)) this.slotSeq.set(key, seq);
        }
        this.tasks.set(t.id, t);
        this.tracer?.taskChanged?.(prev, t);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].taskChanged?.(prev, t);
        return;
      }
      case "task-del": {
        const prev = this.tasks.get(op.id);
        if (!prev) return;
        this.tasks.delete(op.id);
        this.index.remove(prev);
        this.tracer?.taskChanged?.(prev, null);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].taskChanged?.(prev, null);
        return;
      }
      case "network":
        this.networks.set(op.v.id, op.v);
        return;
      case "cluster":
        this.cluster = op.v;
        this.tracer?.clusterChanged?.(op.v);
        for (let i = 0; i < this.listeners.length; i++) this.listeners[i].clusterChanged?.(op.v);
        return;
    }
  }

  private load(s: StoreSnapshot): void {
    this.nodes.clear();
    this.services.clear();
    this.tasks.clear();
    this.networks.clear();
    this.index.clear();
    this.slotSeq.clear();
    for (const n of s.nodes) this.nodes.set(n.id, n);
    for (const sv of s.services) this.services.set(sv.id, sv);
    for (const t of s.tasks) {
      this.tasks.set(t.id, t);
      this.index.add(t);
    }
    for (const nw of s.networks) this.networks.set(nw.id, nw);
    for (const [k, n] of s.slotSeq) this.slotSeq.set(k, n);
    this.cluster = s.cluster;
    this.appliedIndex = s.appliedIndex;
  }

  // --- reads ------------------------------------------------------------------------------

  tasksOfService(service: string): TaskObj[] {
    const out: TaskObj[] = [];
    for (const id of this.index.ofService(service)) out.push(this.tasks.get(id)!);
    return out;
  }

  tasksOfNode(nodeId: string): TaskObj[] {
    const out: TaskObj[] = [];
    for (const id of this.index.ofNode(nodeId)) out.push(this.tasks.get(id)!);
    return out;
  }

  nodeByIx(ix: number): NodeObj | null {
    for (const n of this.nodes.values()) if (n.ix === ix) return n;
    return null;
  }
}
