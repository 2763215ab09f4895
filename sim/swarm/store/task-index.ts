// Incremental secondary indexes over tasks: by service, by slot (service + slot, or service +
// node for global services) and by node. Sets keep insertion order, so iteration is defined.
import type { TaskObj } from "../objects.ts";

const EMPTY: ReadonlySet<string> = new Set();

/** The slot key of a task: replicated tasks by slot number, global ones by node. */
export function slotKey(service: string, slot: number, nodeId: string | null): string {
  return slot > 0 ? `${service}\n${slot}` : `${service}\n@${nodeId ?? ""}`;
}

export function taskSlotKey(t: TaskObj): string {
  return slotKey(t.service, t.slot, t.nodeId);
}

export class TaskIndex {
  private readonly byService = new Map<string, Set<string>>();
  private readonly bySlot = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, Set<string>>();

  add(t: TaskObj): void {
    put(this.byService, t.service, t.id);
    put(this.bySlot, taskSlotKey(t), t.id);
    if (t.nodeId !== null) put(this.byNode, t.nodeId, t.id);
  }

  remove(t: TaskObj): void {
    take(this.byService, t.service, t.id);
    take(this.bySlot, taskSlotKey(t), t.id);
    if (t.nodeId !== null) take(this.byNode, t.nodeId, t.id);
  }

  /** Re-indexes when a write changes the node (slot and service never change for a task id). */
  replace(prev: TaskObj, next: TaskObj): void {
    if (prev.nodeId === next.nodeId) return;
    this.remove(prev);
    this.add(next);
  }

  ofService(service: string): ReadonlySet<string> {
    return this.byService.get(service) ?? EMPTY;
  }

  ofSlot(key: string): ReadonlySet<string> {
    return this.bySlot.get(key) ?? EMPTY;
  }

  ofNode(nodeId: string): ReadonlySet<string> {
    return this.byNode.get(nodeId) ?? EMPTY;
  }

  clear(): void {
    this.byService.clear();
    this.bySlot.clear();
    this.byNode.clear();
  }
}

function put(m: Map<string, Set<string>>, k: string, id: string): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(id);
}

function take(m: Map<string, Set<string>>, k: string, id: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(id);
  if (s.size === 0) m.delete(k);
}
