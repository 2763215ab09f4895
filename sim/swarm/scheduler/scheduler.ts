// The incremental scheduler (SwarmKit manager/scheduler/scheduler.go), as a pure stateful class
// the leader's scheduler component owns. It tracks node accounting from store changes
// (upsert/remove of nodes and tasks) and, per pass, decides a node for each pending task.
//
// Determinism: wherever SwarmKit iterates a Go map (tasks of a group, nodes, tree branches), we
// iterate in a defined order: pending tasks in the order given, nodes in store insertion order,
// branches in order of first appearance.
//
// Contract with the caller (the scheduler component):
// - Feed every store change: upsertNode/removeNode, upsertTask/removeTask.
// - schedule() records its assignments right away (as ASSIGNED on the chosen node), so a second
//   pass before the commit lands neither double-counts nor re-assigns them. If a decision is not
//   committed, call upsertTask with the store's (still pending) task to undo it.
// - SwarmKit's special case (a PENDING task of an older service version whose desired state is
//   ≥ SHUTDOWN is set to SHUTDOWN when unschedulable) needs the service's current version: the
//   caller applies it to unschedulable decisions.
import { assert } from "../../kernel/assert.ts";
import type { Micros } from "../../kernel/types.ts";
import type { NodeObj, TaskObj } from "../objects.ts";
import { stateValue } from "../objects.ts";
import { failureKey, MAX_FAILURES, MONITOR_FAILURES_US, NodeInfo, type TrackedTask, trackTask } from "./nodeinfo.ts";
import { Pipeline } from "./pipeline.ts";
import { buildTree, type DecisionTree, type NodeLess, orderedNodes, parsePreferences } from "./tree.ts";

export interface Decision {
  taskId: string;
  /** The node the task is assigned to; null when it stays pending this pass (a preassigned task keeps its own nodeId). */
  nodeId: string | null;
  /** set when unschedulable */
  err: string | null;
}

const PENDING = stateValue("pending");
const RUNNING = stateValue("running");

export class Scheduler {
  private readonly maxFailures: number;
  private readonly monitorFailuresUs: Micros;
  /** Every node ever seen (absent ones keep their accounting); iteration = first-seen order. */
  private readonly nodeInfos = new Map<string, NodeInfo>();
  /** Present nodes in store insertion order (re-added nodes go last). */
  private present: NodeInfo[] = [];
  private presentDirty = false;
  private nextOrder = 0;
  /** Tasks with observed state PENDING..RUNNING (SwarmKit allTasks). */
  private readonly allTasks = new Map<string, TrackedTask>();
  /** Tracked tasks on a node not seen yet (store replay order): node id → task ids. */
  private readonly awaitingNode = new Map<string, Set<string>>();
  private readonly pipeline = new Pipeline();

  constructor(opts?: { maxFailures?: number; monitorFailuresUs?: number }) {
    this.maxFailures = opts?.maxFailures ?? MAX_FAILURES;
    this.monitorFailuresUs = opts?.monitorFailuresUs ?? MONITOR_FAILURES_US;
    assert(this.maxFailures >= 1 && this.monitorFailuresUs > 0, "Scheduler: bad failure-monitor options");
  }

  // ---- incremental updates from store changes ----

  upsertNode(n: NodeObj): void {
    const info = this.nodeInfos.get(n.id);
    if (info === undefined) {
      const fresh = new NodeInfo(n, this.nextOrder++);
      this.nodeInfos.set(n.id, fresh);
      this.presentDirty = true;
      const waiting = this.awaitingNode.get(n.id);
      if (waiting !== undefined) {
        this.awaitingNode.delete(n.id);
        for (const id of waiting) {
          const t = this.allTasks.get(id);
          assert(t !== undefined && t.nodeId === n.id, () => `awaiting task ${id} lost`);
          fresh.addTask(t);
        }
      }
      return;
    }
    info.setNode(n);
    if (!info.present) {
      info.present = true;
      info.order = this.nextOrder++;
      this.presentDirty = true;
    }
  }

  removeNode(id: string): void {
    const info = this.nodeInfos.get(id);
    if (info === undefined || !info.present) return;
    info.present = false;
    this.presentDirty = true;
  }

  /** SwarmKit createTask/updateTask. `nowUs` timestamps a FAILED/REJECTED transition. */
  upsertTask(t: TaskObj, nowUs: number): void {
    const sv = stateValue(t.status.state);
    if (sv < PENDING) return;
    const old = this.allTasks.get(t.id);
    if (sv > RUNNING) {
      // The task no longer consumes resources.
      if (old === undefined) return;
      if (t.status.state !== old.state && (t.status.state === "failed" || t.status.state === "rejected")) {
        // Prefer other nodes when the service fails in a loop here; not for preassigned tasks,
        // whose node the scheduler does not choose.
        const info = t.nodeId === null ? undefined : this.nodeInfos.get(t.nodeId);
        if (!old.preassigned && info !== undefined) {
          info.taskFailed(t.service, t.specVersion, nowUs, this.monitorFailuresUs);
        }
      }
      this.deleteTracked(old);
      return;
    }
    const preassigned = (old?.preassigned ?? false) || (t.nodeId !== null && t.status.state === "pending");
    const tracked = trackTask(t, preassigned);
    if (t.nodeId === null || t.status.state === "pending") {
      // Unassigned, or preassigned and not yet confirmed: not counted on any node.
      if (old !== undefined) this.deleteTracked(old);
      this.allTasks.set(t.id, tracked);
      return;
    }
    if (old !== undefined && old.nodeId !== t.nodeId) this.deleteTracked(old);
    this.allTasks.set(t.id, tracked);
    const info = this.nodeInfos.get(t.nodeId);
    if (info !== undefined) {
      info.addTask(tracked);
      return;
    }
    let waiting = this.awaitingNode.get(t.nodeId);
    if (waiting === undefined) {
      waiting = new Set();
      this.awaitingNode.set(t.nodeId, waiting);
    }
    waiting.add(t.id);
  }

  removeTask(id: string): void {
    const old = this.allTasks.get(id);
    if (old !== undefined) this.deleteTracked(old);
  }

  private deleteTracked(t: TrackedTask): void {
    this.allTasks.delete(t.id);
    if (t.nodeId === null) return;
    const info = this.nodeInfos.get(t.nodeId);
    if (info !== undefined) {
      info.removeTask(t.id);
      return;
    }
    const waiting = this.awaitingNode.get(t.nodeId);
    waiting?.delete(t.id);
    if (waiting?.size === 0) this.awaitingNode.delete(t.nodeId);
  }

  // ---- scheduling ----

  /**
   * One pass over the pending tasks given (state pending; nodeId null, or preassigned for global
   * services). Returns a decision for each task it handled: assigned (nodeId set) or still
   * pending (nodeId null, err = the explanation). Tasks this scheduler already assigned and
   * preassigned tasks whose node it does not know get no decision.
   */
  schedule(pending: readonly TaskObj[], nowUs: number): Decision[] {
    const decisions: Decision[] = [];
    const groups = new Map<string, Map<string, TaskObj>>();
    const seen = new Set<string>();
    for (const t of pending) {
      assert(t.status.state === "pending", () => `schedule: task ${t.id} is ${t.status.state}, not pending`);
      assert(!seen.has(t.id), () => `schedule: task ${t.id} given twice`);
      seen.add(t.id);
      const known = this.allTasks.get(t.id);
      if (known !== undefined && known.nodeId !== null && known.state === "assigned") continue; // decided, not yet committed
      if (t.nodeId !== null) {
        this.schedulePreassigned(t, decisions);
        continue;
      }
      const key = `${t.service}\u0000${t.specVersion}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = new Map();
        groups.set(key, group);
      }
      group.set(t.id, t);
    }
    if (groups.size > 0) {
      const nodes = this.presentNodes();
      for (const group of groups.values()) this.scheduleTaskGroup(group, nodes, nowUs, decisions);
    }
    return decisions;
  }

  /** SwarmKit taskFitNode: the pipeline on the task's own node only. */
  private schedulePreassigned(t: TaskObj, decisions: Decision[]): void {
    const nodeId = t.nodeId;
    assert(nodeId !== null, "schedulePreassigned without a node");
    const info = this.nodeInfos.get(nodeId);
    if (info === undefined || !info.present) return;
    this.pipeline.setTask(t);
    if (!this.pipeline.process(info)) {
      decisions.push({ taskId: t.id, nodeId: null, err: this.pipeline.explain() });
      return;
    }
    this.assign(t, info, true, decisions);
  }

  private scheduleTaskGroup(group: Map<string, TaskObj>, nodes: readonly NodeInfo[], nowUs: number, decisions: Decision[]): void {
    // All tasks of a group are equal for the filters: any one stands for the group.
    const first = group.values().next().value;
    assert(first !== undefined, "empty task group");
    const t: TaskObj = first;
    this.pipeline.setTask(t);
    const less = this.nodeLess(t, nowUs);
    const levels = parsePreferences(t.spec.placement.preferences);
    const meets = (n: NodeInfo): boolean => this.pipeline.process(n);
    const tree = buildTree(nodes, t.service, levels, group.size, meets, less);
    this.scheduleNTasksOnSubtree(group.size, group, tree, less, decisions);
    if (group.size === 0) return;
    const explanation = this.pipeline.explain();
    const err = explanation === "" ? "no suitable node" : `no suitable node (${explanation})`;
    for (const u of group.values()) decisions.push({ taskId: u.id, nodeId: null, err });
  }

  /** SwarmKit nodeLess: recent failures (only past maxFailures), then service tasks, then all tasks. */
  private nodeLess(t: TaskObj, nowUs: number): NodeLess {
    const service = t.service;
    const key = failureKey(service, t.specVersion);
    const maxFailures = this.maxFailures;
    const monitorUs = this.monitorFailuresUs;
    return (a, b) => {
      const fa = a.countRecentFailures(key, nowUs, monitorUs);
      const fb = b.countRecentFailures(key, nowUs, monitorUs);
      if (fa >= maxFailures || fb >= maxFailures) {
        if (fa > fb) return false;
        if (fb > fa) return true;
      }
      const sa = a.activeOf(service);
      const sb = b.activeOf(service);
      if (sa !== sb) return sa < sb;
      return a.activeTasksCount < b.activeTasksCount;
    };
  }

  /** SwarmKit scheduleNTasksOnSubtree: split n tasks so branch totals come out even. */
  private scheduleNTasksOnSubtree(n: number, group: Map<string, TaskObj>, tree: DecisionTree, less: NodeLess, decisions: Decision[]): number {
    if (tree.next === null) {
      const nodes = orderedNodes(tree, (x) => this.pipeline.process(x), less);
      if (nodes.length === 0) return 0;
      return this.scheduleNTasksOnNodes(n, group, nodes, less, decisions);
    }
    const branches = [...tree.next.values()];
    const noRoom = new Set<DecisionTree>();
    let scheduled = 0;
    let tasksInUsable = tree.tasks;
    // Each round schedules ≥ 1 task or fills a branch (SWARM.md §4), so rounds are bounded.
    let rounds = 0;
    while (scheduled !== n && noRoom.size !== branches.length) {
      assert(++rounds <= n + branches.length + 1, "scheduleNTasksOnSubtree: no progress");
      const usable = branches.length - noRoom.size;
      const desired = Math.floor((tasksInUsable + n - scheduled) / usable);
      let remainder = (tasksInUsable + n - scheduled) % usable;
      for (const sub of branches) {
        if (noRoom.has(sub)) continue;
        const have = sub.tasks;
        if (have < desired || (have === desired && remainder > 0)) {
          let toAssign = desired - have;
          if (remainder > 0) toAssign++;
          const res = this.scheduleNTasksOnSubtree(toAssign, group, sub, less, decisions);
          if (res < toAssign) {
            noRoom.add(sub);
            tasksInUsable -= have;
          } else if (remainder > 0) {
            remainder--;
          }
          scheduled += res;
        }
      }
    }
    return scheduled;
  }

  /**
   * SwarmKit scheduleNTasksOnNodes: fill the best node until the next one compares better
   * (an even fill), then round-robin over the nodes that still pass the filters.
   */
  private scheduleNTasksOnNodes(n: number, group: Map<string, TaskObj>, nodes: NodeInfo[], less: NodeLess, decisions: Decision[]): number {
    let scheduled = 0;
    const failed = new Set<number>();
    let iter = 0;
    const count = nodes.length;
    for (const t of group.values()) {
      const info = nodes[iter % count];
      this.assign(t, info, false, decisions);
      group.delete(t.id);
      scheduled++;
      if (scheduled === n) return scheduled;
      if (iter + 1 < count) {
        // First pass: fill until the next node has no more tasks of this service.
        if (less(nodes[iter + 1], info)) iter++;
      } else {
        // Later passes: one task at a time to each node that still passes.
        iter++;
      }
      const start = iter;
      while (failed.has(iter % count) || !this.pipeline.process(nodes[iter % count])) {
        failed.add(iter % count);
        iter++;
        if (iter - start === count) return scheduled; // no node passes any more
      }
    }
    return scheduled;
  }

  private assign(t: TaskObj, info: NodeInfo, preassigned: boolean, decisions: Decision[]): void {
    const tracked: TrackedTask = trackTask(t, preassigned, info.id, "assigned");
    const old = this.allTasks.get(t.id);
    if (old !== undefined) this.deleteTracked(old);
    this.allTasks.set(t.id, tracked);
    info.addTask(tracked);
    decisions.push({ taskId: t.id, nodeId: info.id, err: null });
  }

  private presentNodes(): readonly NodeInfo[] {
    if (this.presentDirty) {
      const list: NodeInfo[] = [];
      for (const info of this.nodeInfos.values()) if (info.present) list.push(info);
      list.sort((a, b) => a.order - b.order);
      this.present = list;
      this.presentDirty = false;
    }
    return this.present;
  }

  // ---- read-only views (tests, checkers, reports) ----

  /** Active tasks of `service` on node `id` (desired ≤ COMPLETE, observed PENDING..RUNNING). */
  activeTasks(id: string, service?: string): number {
    const info = this.nodeInfos.get(id);
    if (info === undefined) return 0;
    return service === undefined ? info.activeTasksCount : info.activeOf(service);
  }

  /** Node resources minus reservations of the tasks tracked on it. */
  availableResources(id: string): { nanoCpus: number; memoryBytes: number } | null {
    const info = this.nodeInfos.get(id);
    return info === undefined ? null : { nanoCpus: info.availNanoCpus, memoryBytes: info.availMemoryBytes };
  }
}
