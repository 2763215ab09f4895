// Safety rules on the store's tasks: svc.constraints and svc.spread-at-placement are judged at
// the event that assigns a task to a node; svc.slot-unique at the end of each instant (one store
// transaction emits several task.state events at the same time, in no promised order, so a slot
// may look doubly occupied in between). One scheduling pass is one store transaction, so its
// assignments all carry the same time: svc.spread-at-placement reads an instant as a pass.
import { matchConstraints } from "../../swarm/constraints.ts";
import type { CheckerContext } from "../api.ts";
import type { ServiceCheckConfig } from "./config.ts";
import { type ClusterView, type SvcView, slotOf, type TaskView, V_RUNNING } from "./view.ts";

/** A scheduler prefers nodes with fewer recent failures (≥ 5 in 5 min) before spreading: skip such services. */
const FAILURE_MEMORY_US = 5 * 60 * 1_000_000;

export class PlacementRules {
  /** Slots that held two runnable tasks at some point of the current instant. */
  private readonly suspects: { s: SvcView; key: number | string; seq: number }[] = [];
  /**
   * Nodes that received a task of each service in the current instant, i.e. in the scheduling
   * pass being traced (a pass is one store transaction, traced at one time); `passUs` is its time.
   */
  private readonly passNodes = new Map<string, Set<string>>();
  private passUs = -1;

  constructor(
    private readonly view: ClusterView,
    private readonly cfg: ServiceCheckConfig,
    private readonly ctx: CheckerContext,
  ) {}

  /** Called before the view applies an assignment (state reaches assigned+ with a node, first time). */
  onAssign(t: TaskView, node: string, seq: number, nowUs: number): void {
    const s = t.svc;
    this.checkConstraints(t, s, node, seq);
    if (s.mode !== "replicated" && s.mode !== "replicated-job") return;
    if (nowUs !== this.passUs) {
      if (this.passNodes.size > 0) this.passNodes.clear(); // clear() allocates a new table, even when empty
      this.passUs = nowUs;
    }
    let filled = this.passNodes.get(s.name);
    if (filled === undefined) {
      filled = new Set();
      this.passNodes.set(s.name, filled);
    }
    this.checkSpread(t, s, node, seq, nowUs, filled);
    filled.add(node);
  }

  private checkConstraints(t: TaskView, s: SvcView, node: string, seq: number): void {
    const cs = t.constraints;
    const n = this.view.nodes.get(node);
    if (cs === null || cs.length === 0 || n === undefined || n.info === null) return;
    if (matchConstraints(cs, n.info)) return;
    const failing = cs.filter((c) => !matchConstraints([c], n.info!)).map((c) => `${c.key}${c.op}${c.value}`);
    const labels = Object.entries(n.info.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    this.ctx.violation(
      "svc.constraints",
      `Task ${t.id} of service ${s.name} (spec version ${t.version}) was assigned to ${node} at event #${seq}, but ${node} does ` +
        `not satisfy the placement constraint${failing.length > 1 ? "s" : ""} ${failing.join(", ")} (node role ${n.info.role}, ` +
        `hostname ${n.info.hostname}, platform ${n.info.os}/${n.info.arch}, labels {${labels}}). The scheduler's ConstraintFilter ` +
        `must honour constraints at placement.`,
      [node],
      [seq],
    );
  }

  /**
   * SwarmKit's spread (nodeLess, scheduleNTasksOnNodes; SWARM.md §4): a pass orders the eligible
   * nodes by fewest active tasks of the service (then fewest in total) and fills the first one until
   * the next compares better, then moves on — it never goes back to a node it has already filled
   * while nodes remain ahead (once it reaches the last node it deals one task per node in turn).
   * So a task of a pass may go to a node with several more tasks than a node filled *earlier in the
   * same pass* (5 tasks on nodes holding 0, 0 and 5 → 1, 4, 5), but never to a node with more tasks than
   * an eligible node the pass has not reached: the node being filled has at most as many as the
   * next one in the order. Judged against those untouched nodes, with slack: a violation is a node
   * with ≥ 2 more tasks than an eligible node that got no task of the service in this pass.
   * Skipped where the trace cannot tell eligibility or the order differs: placement preferences,
   * resource reservations, host-mode ports, platform filters, recent failures, constraints the
   * checker cannot evaluate; nodes that became eligible within settleUs are not counted.
   */
  private checkSpread(t: TaskView, s: SvcView, node: string, seq: number, nowUs: number, filled: ReadonlySet<string>): void {
    const spec = s.spec;
    if (spec === null || t.constraints === null || t.version !== s.version) return;
    const p = spec.placement;
    if (p.preferences.length > 0 || p.platforms.length > 0) return;
    const r = spec.resources.reservations;
    if (r.nanoCpus > 0 || r.memoryBytes > 0) return;
    if (spec.endpoint.ports.some((port) => port.mode === "host" && port.published > 0)) return;
    if (s.lastFailureUs >= 0 && nowUs - s.lastFailureUs < FAILURE_MEMORY_US) return;

    const chosen = this.view.nodes.get(node);
    if (chosen === undefined || !this.view.eligible(chosen, t.constraints)) return;
    const chosenCount = s.activePerNode.get(node) ?? 0;
    let minCount = Number.POSITIVE_INFINITY;
    let minNode = "";
    for (const n of this.view.nodes.values()) {
      if (n.live !== "up" || filled.has(n.name) || !this.view.eligible(n, t.constraints)) continue;
      if (n.eligibleSinceUs < 0 || nowUs - n.eligibleSinceUs < this.cfg.settleUs) continue;
      const c = s.activePerNode.get(n.name) ?? 0;
      if (p.maxReplicas > 0 && c >= p.maxReplicas) continue;
      if (c < minCount) {
        minCount = c;
        minNode = n.name;
      }
    }
    if (minCount === Number.POSITIVE_INFINITY || chosenCount < minCount + 2) return;
    this.ctx.violation(
      "svc.spread-at-placement",
      `The scheduler placed task ${t.id} of service ${s.name} on ${node} at event #${seq}, where ${chosenCount} active tasks of ` +
        `the service already ran, while eligible node ${minNode} (ready, active, matching the constraints) had only ` +
        `${minCount} and got none of the tasks placed in this scheduling pass. SwarmKit spreads a service's tasks over ` +
        `eligible nodes: a pass fills them in order of fewest active tasks of that service, moving to the next node once ` +
        `it compares better, so it reaches a node with fewer tasks before loading another one further (TestHA: 18 tasks ` +
        `on 5 nodes → 4,4,4,3,3).`,
      [node, minNode],
      [seq],
    );
  }

  /** After the view re-indexed a task: remember slots that look doubly occupied. */
  afterTask(t: TaskView, seq: number): void {
    if (t.slotView.runnable.length > 1) this.suspects.push({ s: t.svc, key: t.slotKey, seq });
  }

  /** End of an instant: slots still holding two runnable tasks are violations (bar start-first overlap). */
  endInstant(): void {
    if (this.suspects.length === 0) return;
    for (const { s, key, seq } of this.suspects) {
      const run = slotOf(s, key).runnable;
      if (run.length < 2 || this.startFirstOverlap(s, run)) continue;
      const global = typeof key === "string";
      const tasks = run.map((x) => `${x.id} (${x.state}, desired ${x.desired}${x.node === null ? "" : ` on ${x.node}`}, event #${x.lastSeq})`);
      this.ctx.violation(
        "svc.slot-unique",
        global
          ? `Service ${s.name} (global) has ${run.length} tasks that want to run on node ${key} at once (after event #${seq}): ` +
              `${tasks.join("; ")}. A global service runs at most one task per node; the others must have desired state shutdown.`
          : `Slot ${key} of service ${s.name} holds ${run.length} tasks that want to run at once (after event #${seq}): ` +
              `${tasks.join("; ")}. In the store at most one task per (service, slot) may have desired state ≤ running, ` +
              `apart from a start-first update's replacement.`,
        [...new Set(run.map((x) => x.node).filter((n): n is string => n !== null))],
        [...run.map((x) => x.lastSeq), seq].filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b),
      );
      break;
    }
    this.suspects.length = 0;
  }

  /**
   * start-first: the old task keeps running while its replacement starts, while an update is
   * under way, and after a paused one — SwarmKit's updater shuts the old task down only when its
   * replacement runs, and once paused it does nothing, while the restart supervisor keeps
   * replacing the failed new task in the same slot. So an old and a new spec version may share a
   * slot; two tasks of one version may not.
   */
  private startFirstOverlap(s: SvcView, run: TaskView[]): boolean {
    if (run.length !== 2 || s.spec === null) return false;
    const rollback = s.updateState === "rollback_started" || s.updateState === "rollback_paused";
    const order = rollback ? s.spec.rollbackConfig.order : s.spec.updateConfig.order;
    if (order !== "start-first") return false;
    const updating = s.updateState === "updating" || s.updateState === "rollback_started";
    return updating || run[0].version !== run[1].version || run.some((x) => x.stateV < V_RUNNING);
  }
}
