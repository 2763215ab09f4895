// The leader's allocator component (manager/allocator): gives NEW tasks their network
// attachments and moves them to PENDING, where the scheduler picks them up.
import type { TaskObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { isRunnable, withState } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "./leader-ctx.ts";
import type { AllocatorPort } from "./ports.ts";
import type { Reconciler } from "./writer.ts";

export class AllocationComponent implements StoreListener, Reconciler {
  readonly name = "allocator";
  private readonly dirty = new Set<string>();

  constructor(
    private readonly ctx: LeaderCtx,
    readonly allocator: AllocatorPort,
  ) {}

  start(): void {
    for (const t of this.ctx.store.tasks.values()) if (t.status.state === "new") this.dirty.add(t.id);
    for (const s of this.ctx.store.services.values()) this.allocator.allocateService(s.id, s.spec, s.endpoint);
    for (const t of this.ctx.store.tasks.values()) for (const a of t.networksAttachments) this.allocator.reserveTaskAddr?.(a.network, a.addr);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null && prev !== null) for (const a of prev.networksAttachments) this.allocator.releaseTaskAddr(a.network, a.addr);
    if (next !== null && next.status.state === "new") {
      this.dirty.add(next.id);
      this.ctx.writer.request();
    }
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) {
      const t = tx.task(id);
      if (t === null || t.status.state !== "new" || !isRunnable(t)) continue;
      const attachments = t.spec.networks.map((network) => ({ network, addr: this.allocator.allocateTaskAddr(network) }));
      const pending = withState(t, "pending", "pending task scheduling", null, tx.nowUs);
      pending.networksAttachments = attachments; // a fresh copy: set in place (see task-ops.ts)
      tx.putTask(pending);
    }
    this.dirty.clear();
  }
}
