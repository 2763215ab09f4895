// The leader's allocator component (manager/allocator): gives NEW tasks their network
// attachments and moves them to PENDING, where the scheduler picks them up.
//
// Task addresses follow SwarmKit's allocator/network.go: a task's addresses are freed as soon as
// the task is dead (observed AND desired state past RUNNING: ended and not to be restarted in
// place, e.g. SHUTDOWN, FAILED, REJECTED, ORPHANED) or deleted, not when the reaper finally
// deletes it; the store keeps the attachments as history. A new leader (or a resync after a
// failed proposal) rebuilds from the store, reserving only addresses of tasks that are not
// dead. `held` records exactly which addresses this component holds for which task, so an
// address is released once and only by the task that holds it.
import { assert } from "../../kernel/assert.ts";
import type { TaskObj } from "../objects.ts";
import type { StoreListener } from "../store/store.ts";
import { isRunnable, isTerminal, withState } from "../store/task-ops.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderCtx } from "./leader-ctx.ts";
import type { AllocatorPort } from "./ports.ts";
import type { Reconciler } from "./writer.ts";

export type Attachment = TaskObj["networksAttachments"][number];

/** SwarmKit's taskDead: neither running nor going to run, so its network resources are free. */
export function taskDead(t: TaskObj): boolean {
  return isTerminal(t.status.state) && !isRunnable(t);
}

/** Does the store say this task holds addresses? */
export function holdsAddresses(t: TaskObj): boolean {
  return t.networksAttachments.length > 0 && !taskDead(t);
}

function sameAttachments(a: readonly Attachment[], b: readonly Attachment[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].network !== b[i].network || a[i].addr !== b[i].addr) return false;
  return true;
}

export class AllocationComponent implements StoreListener, Reconciler {
  readonly name = "allocator";
  private readonly dirty = new Set<string>();
  /** Addresses held per task: committed ones, plus those of the entry in flight (not yet applied). */
  private readonly held = new Map<string, readonly Attachment[]>();
  /** NEW tasks left unallocated because a network had no free address; retried when one is freed. */
  private readonly starved = new Set<string>();

  constructor(
    private readonly ctx: LeaderCtx,
    readonly allocator: AllocatorPort,
  ) {}

  /** Addresses this component holds, per task (for tests and invariant checks). */
  heldAddresses(): ReadonlyMap<string, readonly Attachment[]> {
    return this.held;
  }

  /** Tasks waiting NEW for a free address. */
  get starvedTasks(): number {
    return this.starved.size;
  }

  /** Leader start, and resync after a failed proposal: make `held` match the committed store. */
  start(): void {
    const store = this.ctx.store;
    // Allocations the store does not confirm (an entry that never committed) are given back.
    // Deleting the current entry while iterating a Map is well defined.
    for (const [id, atts] of this.held) {
      const t = store.tasks.get(id);
      if (t === undefined || !holdsAddresses(t) || !sameAttachments(t.networksAttachments, atts)) this.free(id);
    }
    // Task addresses first, so that nothing below can hand out an address a live task has; this
    // also recovers each network's subnet from the store.
    for (const t of store.tasks.values()) if (holdsAddresses(t) && !this.held.has(t.id)) this.adopt(t);
    for (const s of store.services.values()) this.allocator.allocateService(s.id, s.spec, s.endpoint);
    this.starved.clear();
    for (const t of store.tasks.values()) if (t.status.state === "new") this.dirty.add(t.id);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }

  taskChanged(prev: TaskObj | null, next: TaskObj | null): void {
    if (next === null) {
      if (prev !== null) {
        this.starved.delete(prev.id);
        this.free(prev.id);
      }
      return;
    }
    if (next.status.state === "new") {
      this.dirty.add(next.id);
      this.ctx.writer.request();
      return;
    }
    if (taskDead(next)) {
      this.free(next.id);
      return;
    }
    if (next.networksAttachments.length === 0) return;
    const own = this.held.get(next.id);
    if (own === undefined) this.adopt(next);
    else {
      assert(sameAttachments(own, next.networksAttachments), () => `allocator: task ${next.id} committed addresses it was not given`);
    }
  }

  reconcile(tx: Tx): void {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) {
      const t = tx.task(id);
      if (t === null || t.status.state !== "new" || !isRunnable(t)) continue;
      assert(!this.held.has(id), () => `allocator: NEW task ${id} already holds addresses`);
      const attachments = this.allocateFor(t);
      if (attachments === null) {
        // SwarmKit leaves the task NEW and retries once something is deallocated.
        this.starved.add(id);
        continue;
      }
      this.starved.delete(id);
      if (attachments.length > 0) this.held.set(id, attachments);
      const pending = withState(t, "pending", "pending task scheduling", null, tx.nowUs);
      pending.networksAttachments = attachments; // a fresh copy: set in place (see task-ops.ts)
      tx.putTask(pending);
    }
    this.dirty.clear();
  }

  /** One address per network of the task's spec, or null (nothing kept) when a network is full. */
  private allocateFor(t: TaskObj): Attachment[] | null {
    const a = this.allocator;
    const out: Attachment[] = [];
    for (const network of t.spec.networks) {
      const addr = a.tryAllocateTaskAddr !== undefined ? a.tryAllocateTaskAddr(network) : a.allocateTaskAddr(network);
      if (addr === null) {
        for (const got of out) a.releaseTaskAddr(got.network, got.addr);
        return null;
      }
      out.push({ network, addr });
    }
    return out;
  }

  /** Takes over addresses the store records for a live task (new leader, or a late commit). */
  private adopt(t: TaskObj): void {
    const reserve = this.allocator.reserveTaskAddr;
    if (reserve !== undefined) {
      for (const a of t.networksAttachments) {
        assert(reserve.call(this.allocator, a.network, a.addr), () => `allocator: ${a.addr} on ${a.network} of task ${t.id} is already in use (double allocation)`);
      }
    }
    this.held.set(t.id, t.networksAttachments);
  }

  /** Releases what `id` holds (no-op if nothing); wakes tasks starved for an address. */
  private free(id: string): void {
    const atts = this.held.get(id);
    if (atts === undefined) return;
    this.held.delete(id);
    for (const a of atts) this.allocator.releaseTaskAddr(a.network, a.addr);
    if (this.starved.size === 0) return;
    for (const s of this.starved) this.dirty.add(s);
    this.starved.clear();
    this.ctx.writer.request();
  }
}
