// What the service checkers know of the cluster, rebuilt from trace events only: nodes (store
// status plus the world's truth: crashed / paused / removed / cut off by a partition), Raft
// members and leader, services with their parsed constraints, and the store's tasks indexed by
// (service, slot) — slot = node name for global services. Terminal tasks leave the index at once,
// so memory follows the live task set, not the run length. Also what workers really run (the
// containers last reported running, per service) and what the scheduler reserves on each node
// (tasks assigned..running, SwarmKit's isActiveOnNode, with their resource reservations).
import { assert } from "../../kernel/assert.ts";
import type { Micros } from "../../kernel/types.ts";
import { type Constraint, type ConstraintNode, matchConstraints, parseConstraints } from "../../swarm/constraints.ts";
import { stateValueOrUndefined, TASK_STATE_VALUE } from "../../swarm/objects.ts";
import type { ServiceSpec } from "../../swarm/spec.ts";

export const V_PENDING = TASK_STATE_VALUE.pending;
export const V_ASSIGNED = TASK_STATE_VALUE.assigned;
export const V_RUNNING = TASK_STATE_VALUE.running;
export const V_COMPLETE = TASK_STATE_VALUE.complete;

export function stateValueOf(s: string): number {
  const v = stateValueOrUndefined(s);
  // Checked before building the message: this runs several times per task.state event.
  if (v === undefined) assert(false, `unknown task state "${s}" in the trace`);
  return v;
}

export type Liveness = "up" | "crashed" | "paused" | "removed";

export interface NodeView {
  name: string;
  /** Store status: unknown | down | ready | disconnected | removed. */
  status: string;
  availability: string;
  role: string;
  /** Attributes for constraint matching; null until node.info is seen. */
  info: ConstraintNode | null;
  /** The world's truth about the process. */
  live: Liveness;
  /** When the node last became ready + active in the store (for settle times), or -1. */
  eligibleSinceUs: Micros;
  /** When it last stopped being reachable (crashed, paused, removed, cut from the leader), or -1. */
  unreachableSinceUs: Micros;
  /** When the store last marked it down, or -1 while it is not down. */
  downSinceUs: Micros;
  /** Capacity from node.info; null until seen (or when the trace does not carry it). */
  resources: { nanoCpus: number; memoryBytes: number } | null;
  /** Tasks the scheduler holds on this node (assigned..running) and their reservations. */
  readonly held: Set<TaskView>;
  heldNanoCpus: number;
  heldMemoryBytes: number;
}

/** A container a worker last reported running (container.state). */
export interface ContainerView {
  task: string;
  node: string;
  slot: number;
  /** Seq of the container.state event that reported it running. */
  seq: number;
}

export interface SvcView {
  name: string;
  mode: string;
  replicas: number;
  version: number;
  spec: ServiceSpec | null;
  /** Parsed constraints of the current spec; null when the checkers cannot judge them (parse error, node.ip). */
  constraints: Constraint[] | null;
  removed: boolean;
  updateState: string | null;
  /** Time of the last spec change (new tasks are expected to follow). */
  specUs: Micros;
  /** Time of the last task failure or rejection. */
  lastFailureUs: Micros;
  readonly slots: Map<number | string, SlotView>;
  /** Active tasks per node (scheduler accounting: node set, pending..running, desired ≤ complete). */
  readonly activePerNode: Map<string, number>;
  /** Tasks running with desired running, per node. */
  readonly runningPerNode: Map<string, number>;
  /** Containers that workers last reported running, by task id. */
  readonly containers: Map<string, ContainerView>;
}

export interface SlotView {
  /** Runnable tasks (desired ≤ running and not yet past running), usually one. */
  readonly runnable: TaskView[];
  /** Newest task seen in the slot (by first appearance). */
  newest: TaskView | null;
  /** Observed end state of the newest task once it ended, else null. */
  newestEnd: string | null;
  lastFailureUs: Micros;
}

export interface TaskView {
  id: string;
  service: string;
  slotKey: number | string;
  /**
   * Its service's view and its slot's (services and slots are never dropped): resolved once, as
   * every task.state event reads both (perf: no map lookups per event).
   */
  readonly svc: SvcView;
  readonly slotView: SlotView;
  /** The view of `node` once hold() needed it (null: not yet, or the node changed since). */
  nodeView: NodeView | null;
  slot: number;
  node: string | null;
  state: string;
  desired: string;
  stateV: number;
  desiredV: number;
  error: string | null;
  /** Spec version and constraints the task was created from. */
  version: number;
  constraints: Constraint[] | null;
  /** Resource reservations of the spec it was created from. */
  nanoCpus: number;
  memoryBytes: number;
  /** max_replicas per node of that spec (0 = unlimited). */
  maxReplicas: number;
  /**
   * The checkers can tell where it fits: constraints judgeable, no platform filter, no host-mode
   * published port (their filters need data the trace does not carry in full).
   */
  placeable: boolean;
  /** Seq of the event that assigned it to a node (0 until then). */
  assignedSeq: number;
  lastSeq: number;
  /** False until the first task.state event put it in the indexes. */
  indexed: boolean;
}

export function isRunnable(t: TaskView): boolean {
  return t.desiredV <= V_RUNNING && t.stateV <= V_RUNNING;
}
export function isActive(t: TaskView): boolean {
  return t.node !== null && t.stateV >= V_PENDING && t.stateV <= V_RUNNING && t.desiredV <= V_COMPLETE;
}
export function isRunning(t: TaskView): boolean {
  return t.state === "running" && t.desired === "running";
}
/** SwarmKit isActiveOnNode: the scheduler reserves the task's resources on its node. */
export function isHeld(t: TaskView): boolean {
  return t.node !== null && t.stateV >= V_ASSIGNED && t.stateV <= V_RUNNING;
}
/** Pending with the scheduler's "no suitable node (…)" explanation. */
export function isUnschedulable(t: TaskView): boolean {
  return t.stateV < V_ASSIGNED && t.desiredV <= V_RUNNING && t.error?.startsWith("no suitable node") === true;
}

export class ClusterView {
  readonly nodes = new Map<string, NodeView>();
  readonly services = new Map<string, SvcView>();
  readonly tasks = new Map<string, TaskView>();
  /** Raft voters (manager names). */
  readonly members: Set<string>;
  /** Current role and term per manager, from raft.role. */
  readonly roles = new Map<string, { role: string; term: number }>();
  /** Blocked directed links "from>to" of the current partition (explicit link lists). */
  blocked = new Set<string>();
  /**
   * Group partitions (halves, isolate, bridge, explicit groups): each node's group indexes; a link
   * is open iff both ends share a group. null when the partition is a link list or healed.
   */
  groups: Map<string, number[]> | null = null;
  partitionSeq = 0;
  /** Fault windows (loss, duplicate, delay) end at this time. */
  windowsUntilUs: Micros = 0;
  /**
   * Open windows heavy enough to keep Raft from electing a leader on the links they touch (their
   * nodes; null: every link). cluster.leader-available waits out one that leaves no majority of
   * up managers untouched. Few at a time: expired ones are dropped when judged.
   */
  readonly raftWindows: { untilUs: Micros; nodes: string[] | null }[] = [];
  /** Nodes the store lists as down or removed (their tasks must become orphaned). */
  readonly stranded = new Set<string>();
  /** Time of the latest raft.role leader event (a new leader restarts the 24 h down-node timers). */
  leaderChangeUs: Micros = 0;
  /** Runnable pending tasks the scheduler found no node for. */
  readonly unschedulable = new Set<TaskView>();
  /** Additions to `unschedulable` so far (lets LivenessRules skip a pass that would add nothing). */
  unschedulableAdds = 0;
  /**
   * Bumped whenever what leader(), cut() and isDown() read changes: a node's liveness or a new
   * node, a role, the members, the partition. Rules settled at every instant recompute what they
   * derive from these only when it moved (perf: most instants change none of them).
   */
  reachEpoch = 0;

  constructor(managers: readonly string[]) {
    this.members = new Set(managers);
  }

  node(name: string): NodeView {
    let n = this.nodes.get(name);
    if (n === undefined) {
      n = {
        name,
        status: "unknown",
        availability: "active",
        role: "worker",
        info: null,
        live: "up",
        eligibleSinceUs: -1,
        unreachableSinceUs: -1,
        downSinceUs: -1,
        resources: null,
        held: new Set(),
        heldNanoCpus: 0,
        heldMemoryBytes: 0,
      };
      this.nodes.set(name, n);
      this.reachEpoch++;
    }
    return n;
  }

  service(name: string): SvcView {
    let s = this.services.get(name);
    if (s === undefined) {
      s = {
        name,
        mode: "replicated",
        replicas: 0,
        version: 0,
        spec: null,
        constraints: [],
        removed: false,
        updateState: null,
        specUs: 0,
        lastFailureUs: -1,
        slots: new Map(),
        activePerNode: new Map(),
        runningPerNode: new Map(),
        containers: new Map(),
      };
      this.services.set(name, s);
    }
    return s;
  }

  /** The current leader: a live member whose latest role is leader (highest term if several). */
  leader(): string | null {
    let best: string | null = null;
    let bestTerm = -1;
    for (const [name, r] of this.roles) {
      if (r.role !== "leader" || r.term <= bestTerm) continue;
      const n = this.nodes.get(name);
      if (n !== undefined && n.live !== "up") continue;
      best = name;
      bestTerm = r.term;
    }
    return best;
  }

  /** Some partition is in force (links or groups). */
  get partitioned(): boolean {
    return this.blocked.size > 0 || this.groups !== null;
  }

  cut(a: string, b: string): boolean {
    if (this.blocked.size > 0 && (this.blocked.has(`${a}>${b}`) || this.blocked.has(`${b}>${a}`))) return true;
    if (this.groups === null) return false;
    const ga = this.groups.get(a);
    const gb = this.groups.get(b);
    // The world lists every node in some group; a node it did not know (joined later) stays open.
    if (ga === undefined || gb === undefined) return false;
    for (let i = 0; i < ga.length; i++) if (gb.includes(ga[i])) return false;
    return true;
  }

  /** Down = crashed, paused, removed, or cut off (either direction) from the current leader. */
  isDown(name: string, leader: string | null = this.leader()): boolean {
    const n = this.nodes.get(name);
    if (n !== undefined && n.live !== "up") return true;
    return leader !== null && name !== leader && this.cut(name, leader);
  }

  /** Ready + active in the store, not known dead, and (when it has constraints) matching them. */
  eligible(n: NodeView, constraints: Constraint[] | null): boolean {
    if (n.status !== "ready" || n.availability !== "active" || n.live === "removed") return false;
    if (constraints === null || constraints.length === 0) return true;
    return n.info !== null && matchConstraints(constraints, n.info);
  }

  setSpec(s: SvcView, version: number, mode: string, replicas: number, spec: ServiceSpec | null, nowUs: Micros): void {
    s.version = version;
    s.mode = mode;
    s.replicas = replicas;
    s.specUs = nowUs;
    s.spec = spec;
    s.removed = spec === null;
    s.constraints = spec === null ? [] : judgeableConstraints(spec.placement.constraints);
  }

  /** Applies a task.state event and re-indexes the task. */
  applyTask(t: TaskView, node: string | null, state: string, desired: string, error: string | null, seq: number, nowUs: Micros): void {
    const s = t.svc;
    const slot = t.slotView;
    if (t.indexed) this.unindex(s, t);
    t.indexed = true;
    if (node !== null && node !== t.node) {
      t.node = node;
      t.nodeView = null;
    }
    t.state = state;
    t.desired = desired;
    t.stateV = stateValueOf(state);
    t.desiredV = stateValueOf(desired);
    t.error = error;
    t.lastSeq = seq;
    if (state === "failed" || state === "rejected") {
      s.lastFailureUs = nowUs;
      slot.lastFailureUs = nowUs;
    } else if (state === "complete" && t.desiredV <= V_RUNNING) {
      // A task that exits on its own (exit code 0) while wanted is restarted by condition any:
      // for the slot that is a restart loop like a failure (the scheduler's failure memory, the
      // service-level lastFailureUs, counts only FAILED and REJECTED, as SwarmKit's does).
      slot.lastFailureUs = nowUs;
    }
    this.index(s, t);
    if (slot.newest === t) slot.newestEnd = t.stateV > V_RUNNING ? state : null;
    // A task past running that will not run again leaves the index; its slot keeps the summary.
    if (t.stateV > V_RUNNING && t.desiredV > V_RUNNING) this.tasks.delete(t.id);
  }

  newTask(id: string, service: string, slot: number, node: string | null, seq: number): TaskView {
    const s = this.service(service);
    const slotKey: number | string = slot === 0 && node !== null ? node : slot;
    const spec = s.spec;
    const sl = slotOf(s, slotKey);
    const t: TaskView = {
      id,
      service,
      slotKey,
      svc: s,
      slotView: sl,
      nodeView: null,
      slot,
      node,
      state: "new",
      desired: "running",
      stateV: 0,
      desiredV: V_RUNNING,
      error: null,
      version: s.version,
      constraints: s.constraints,
      nanoCpus: spec?.resources.reservations.nanoCpus ?? 0,
      memoryBytes: spec?.resources.reservations.memoryBytes ?? 0,
      maxReplicas: spec?.placement.maxReplicas ?? 0,
      placeable:
        spec !== null &&
        s.constraints !== null &&
        spec.placement.platforms.length === 0 &&
        !spec.endpoint.ports.some((p) => p.mode === "host" && p.published > 0),
      assignedSeq: 0,
      lastSeq: seq,
      indexed: false,
    };
    this.tasks.set(id, t);
    sl.newest = t;
    sl.newestEnd = null;
    return t;
  }

  private unindex(s: SvcView, t: TaskView): void {
    if (isRunnable(t)) {
      const r = t.slotView.runnable;
      const i = r.indexOf(t);
      if (i >= 0) r.splice(i, 1);
    }
    if (isActive(t)) bump(s.activePerNode, t.node!, -1);
    if (isRunning(t) && t.node !== null) bump(s.runningPerNode, t.node, -1);
    if (isHeld(t)) this.hold(t, -1);
    if (isUnschedulable(t)) this.unschedulable.delete(t);
  }

  private index(s: SvcView, t: TaskView): void {
    if (isRunnable(t)) t.slotView.runnable.push(t);
    if (isActive(t)) bump(s.activePerNode, t.node!, 1);
    if (isRunning(t) && t.node !== null) bump(s.runningPerNode, t.node, 1);
    if (isHeld(t)) this.hold(t, 1);
    if (isUnschedulable(t)) {
      this.unschedulable.add(t);
      this.unschedulableAdds++;
    }
  }

  private hold(t: TaskView, d: 1 | -1): void {
    const n = (t.nodeView ??= this.node(t.node!));
    if (d > 0) n.held.add(t);
    else if (!n.held.delete(t)) assert(false, `task ${t.id} was not held on ${n.name}`);
    n.heldNanoCpus += d * t.nanoCpus;
    n.heldMemoryBytes += d * t.memoryBytes;
    if (n.heldNanoCpus < 0 || n.heldMemoryBytes < 0) assert(false, `negative reservations on ${n.name}`);
  }
}

export function slotOf(s: SvcView, key: number | string): SlotView {
  let sl = s.slots.get(key);
  if (sl === undefined) {
    sl = { runnable: [], newest: null, newestEnd: null, lastFailureUs: -1 };
    s.slots.set(key, sl);
  }
  return sl;
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v < 0) assert(false, `negative task count for ${k}`);
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

/** Constraints the checkers can evaluate: parse errors are ignored by SwarmKit's scheduler, node.ip needs addresses we do not trace. */
function judgeableConstraints(exprs: readonly string[]): Constraint[] | null {
  if (exprs.length === 0) return [];
  try {
    const cs = parseConstraints(exprs);
    return cs.some((c) => c.key.toLowerCase() === "node.ip") ? null : cs;
  } catch {
    return null;
  }
}
