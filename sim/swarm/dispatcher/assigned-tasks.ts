// The tasks each node holds (observed ASSIGNED..RUNNING, isActiveOnNode), kept from the store's
// changes for the dispatcher's assignment sets. A node's set lists them as a scan of the store's
// node index would (ascending index stamp), without walking every task the node ever had: ended
// tasks stay in the store until the reaper deletes them, and a set goes out after every entry
// that touches the node.
import { assert } from "../../kernel/assert.ts";
import type { TaskObj } from "../objects.ts";
import type { SwarmStore } from "../store/store.ts";
import { isActiveOnNode } from "../store/task-ops.ts";

interface Held {
  /** The task's position in the store's node index (it changes only when the task moves node). */
  stamp: number;
  task: TaskObj;
}

export class AssignedTasks {
  /** Per node, in ascending stamp order. */
  private readonly byNode = new Map<string, Held[]>();

  constructor(private readonly store: SwarmStore) {}

  /** Rebuilds from the committed store (a new leader, a restored snapshot). */
  load(): void {
    this.byNode.clear();
    for (const t of this.store.tasks.values()) if (isActiveOnNode(t)) this.insert(t);
  }

  /** A committed change, heard after the store re-indexed it (prev null: created; next null: deleted). */
  changed(prev: TaskObj | null, next: TaskObj | null): void {
    const was = prev !== null && isActiveOnNode(prev);
    const is = next !== null && isActiveOnNode(next);
    if (!was && !is) return;
    if (was && is && prev.nodeId === next.nodeId) {
      // Same node, same place in the index: the newer object takes the entry.
      this.entry(prev).task = next;
      return;
    }
    if (was) this.remove(prev);
    if (is) this.insert(next);
  }

  /** The node's tasks in index order, as a fresh array (it goes out in a message). */
  of(nodeId: string): TaskObj[] {
    const out: TaskObj[] = [];
    const list = this.byNode.get(nodeId);
    if (list !== undefined) for (let i = 0; i < list.length; i++) out.push(list[i].task);
    return out;
  }

  private insert(t: TaskObj): void {
    const stamp = this.store.index.stampOf(t.id);
    assert(stamp >= 0 && t.nodeId !== null, () => `assigned tasks: ${t.id} is not indexed on a node`);
    let list = this.byNode.get(t.nodeId);
    if (list === undefined) {
      list = [];
      this.byNode.set(t.nodeId, list);
    }
    // Usually the newest on its node: look from the end.
    let i = list.length;
    while (i > 0 && list[i - 1].stamp > stamp) i--;
    list.splice(i, 0, { stamp, task: t });
  }

  private remove(t: TaskObj): void {
    const list = this.listOf(t);
    list.splice(indexIn(list, t), 1);
    if (list.length === 0) this.byNode.delete(t.nodeId!);
  }

  private entry(t: TaskObj): Held {
    const list = this.listOf(t);
    return list[indexIn(list, t)];
  }

  private listOf(t: TaskObj): Held[] {
    const list = t.nodeId === null ? undefined : this.byNode.get(t.nodeId);
    assert(list !== undefined, () => `assigned tasks: nothing held on ${t.nodeId} for ${t.id}`);
    return list;
  }
}

/** Where `t` is in its node's list (a few entries: a scan). */
function indexIn(list: readonly Held[], t: TaskObj): number {
  for (let i = 0; i < list.length; i++) if (list[i].task.id === t.id) return i;
  assert(false, `assigned tasks: ${t.id} is not held on ${t.nodeId}`);
}
