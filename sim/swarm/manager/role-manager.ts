// The role manager (manager/role_manager.go): reconciles a node's DesiredRole with its observed
// Role. Promotion sets Role at once and adds the node to Raft; demotion first removes the Raft
// member (re-checking the quorum safeguard, retrying every 5 s), a demoted leader first hands
// leadership over; once the member is gone, Role becomes worker. Deleted nodes are evicted.
import type { Micros } from "../../kernel/types.ts";
import { SEC } from "../../kernel/types.ts";
import type { NodeObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "./leader-ctx.ts";
import type { Reconciler } from "./writer.ts";

export const ROLE_RECONCILE_INTERVAL_US: Micros = 5 * SEC;

export class RoleManager implements StoreListener, Reconciler {
  readonly name = "roles";
  private readonly dirty = new Set<string>();
  private readonly busy = new Set<number>();
  private retryArmed = false;

  constructor(private readonly ctx: LeaderCtx) {}

  start(): void {
    for (const n of this.ctx.store.nodes.values()) this.nodeChanged(null, n);
    const members = this.ctx.raft.members;
    for (const ix of members) {
      const n = this.ctx.store.nodeByIx(ix);
      if (n === null && ix !== this.ctx.host.id) this.evict(ix);
    }
  }

  nodeChanged(prev: NodeObj | null, next: NodeObj | null): void {
    if (next === null) {
      if (prev !== null && this.ctx.raft.members.includes(prev.ix)) this.evict(prev.ix);
      return;
    }
    if (next.spec.desiredRole !== next.role) {
      this.dirty.add(next.id);
      this.ctx.writer.request();
    } else if (next.role === "manager" && !this.ctx.raft.members.includes(next.ix)) {
      this.addMember(next.ix);
    }
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const n = tx.node(id);
      if (n === null || n.spec.desiredRole === n.role) continue;
      if (n.spec.desiredRole === "manager") {
        tx.putNode({ ...n, role: "manager", version: n.version + 1 });
        continue;
      }
      const raft = this.ctx.raft;
      if (!raft.members.includes(n.ix)) {
        tx.putNode({ ...n, role: "worker", version: n.version + 1 });
        continue;
      }
      if (n.ix === this.ctx.host.id) {
        // Demoting ourselves: hand leadership over; the next leader's role manager finishes.
        raft.transferLeadership(-1);
        this.retry(id);
        continue;
      }
      if (this.busy.has(n.ix)) continue;
      if (!raft.canRemoveMember(n.ix)) {
        this.retry(id);
        continue;
      }
      this.busy.add(n.ix);
      raft.removeMember(n.ix, (r) => {
        this.busy.delete(n.ix);
        if (!r.ok) return this.retry(id);
        this.dirty.add(id);
        this.ctx.writer.request();
      });
    }
  }

  private retry(id: string): void {
    this.dirty.add(id);
    if (this.retryArmed) return;
    this.retryArmed = true;
    this.ctx.scope.after(ROLE_RECONCILE_INTERVAL_US, () => {
      this.retryArmed = false;
      this.ctx.writer.request();
    });
  }

  private addMember(ix: number): void {
    if (this.busy.has(ix)) return;
    this.busy.add(ix);
    this.ctx.raft.addMember(ix, () => {
      this.busy.delete(ix);
    });
  }

  private evict(ix: number): void {
    if (this.busy.has(ix) || !this.ctx.raft.canRemoveMember(ix)) return;
    this.busy.add(ix);
    this.ctx.raft.removeMember(ix, () => this.busy.delete(ix));
  }
}
