// Secondary indexes over tasks: by service, by slot (service + slot, or service + node for global
// services) and by node. Sets keep insertion order, so iteration is defined. Kept incrementally
// while read (on the leader), rebuilt in the same order when read again (see TaskIndex).
import { assert } from "../../kernel/assert.ts";
import type { TaskObj } from "../objects.ts";

const EMPTY: ReadonlySet<string> = new Set();

/** The slot key of a task: replicated tasks by slot number, global ones by node. */
export function slotKey(service: string, slot: number, nodeId: string | null): string {
  return slot > 0 ? `${service}\n${slot}` : `${service}\n@${nodeId ?? ""}`;
}

export function taskSlotKey(t: TaskObj): string {
  return slotKey(t.service, t.slot, t.nodeId);
}

/** A task's key within its service's slots: the slot number, or the node for global tasks. */
export function slotPart(slot: number, nodeId: string | null): number | string {
  return slot > 0 ? slot : (nodeId ?? "");
}

/**
 * Built on demand: every manager applies every task write, but only the leader reads the sets.
 * Until they are read (and again after release()), only the order of tasks is kept — `stamps` —
 * from which build() makes exactly the sets that incremental upkeep would have made.
 */
export class TaskIndex {
  private readonly byService = new Map<string, Set<string>>();
  /**
   * Per service, per slot (see slotPart). Nested rather than keyed by slotKey(): a concatenated
   * key costs an allocation and a flattening hash at each update.
   */
  private readonly bySlot = new Map<string, Map<number | string, Set<string>>>();
  private readonly byNode = new Map<string, Set<string>>();
  /**
   * Every indexed task, in the order the sets list them (a re-index on a node change appends,
   * here and there alike), with a stamp that grows along that order: comparing stamps compares
   * positions without walking a set.
   */
  private readonly stamps = new Map<string, number>();
  private clock = 0;
  private built = false;

  /** `tasks`: the indexed tasks by id (the store's map), read when the sets are built. */
  constructor(private readonly tasks: ReadonlyMap<string, TaskObj>) {}

  add(t: TaskObj): void {
    this.stamps.set(t.id, ++this.clock);
    if (this.built) this.insert(t);
  }

  remove(t: TaskObj): void {
    this.stamps.delete(t.id);
    if (!this.built) return;
    take(this.byService, t.service, t.id);
    const slots = this.bySlot.get(t.service);
    if (slots !== undefined) {
      take(slots, slotPart(t.slot, t.nodeId), t.id);
      if (slots.size === 0) this.bySlot.delete(t.service);
    }
    if (t.nodeId !== null) take(this.byNode, t.nodeId, t.id);
  }

  /** Re-indexes when a write changes the node (slot and service never change for a task id). */
  replace(prev: TaskObj, next: TaskObj): void {
    if (prev.nodeId === next.nodeId) return;
    this.remove(prev);
    this.add(next);
  }

  ofService(service: string): ReadonlySet<string> {
    if (!this.built) this.build();
    return this.byService.get(service) ?? EMPTY;
  }

  /** Tasks of a slot (replicated: slot ≥ 1) or of a node (global: slot 0). */
  ofSlot(service: string, slot: number, nodeId: string | null): ReadonlySet<string> {
    if (!this.built) this.build();
    return this.bySlot.get(service)?.get(slotPart(slot, nodeId)) ?? EMPTY;
  }

  ofNode(nodeId: string): ReadonlySet<string> {
    if (!this.built) this.build();
    return this.byNode.get(nodeId) ?? EMPTY;
  }

  /** The indexed task's position stamp (see `stamps`); -1 if not indexed. */
  stampOf(id: string): number {
    return this.stamps.get(id) ?? -1;
  }

  /** Drops the sets (no reader for now); the next read builds them again. */
  release(): void {
    if (!this.built) return;
    this.built = false;
    this.byService.clear();
    this.bySlot.clear();
    this.byNode.clear();
  }

  clear(): void {
    this.stamps.clear();
    this.byService.clear();
    this.bySlot.clear();
    this.byNode.clear();
  }

  private build(): void {
    this.built = true;
    for (const id of this.stamps.keys()) {
      const t = this.tasks.get(id);
      assert(t !== undefined, () => `task index: ${id} is indexed but not stored`);
      this.insert(t);
    }
  }

  private insert(t: TaskObj): void {
    put(this.byService, t.service, t.id);
    let slots = this.bySlot.get(t.service);
    if (slots === undefined) {
      slots = new Map();
      this.bySlot.set(t.service, slots);
    }
    put(slots, slotPart(t.slot, t.nodeId), t.id);
    if (t.nodeId !== null) put(this.byNode, t.nodeId, t.id);
  }
}

function put<K>(m: Map<K, Set<string>>, k: K, id: string): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(id);
}

function take<K>(m: Map<K, Set<string>>, k: K, id: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(id);
  if (s.size === 0) m.delete(k);
}
