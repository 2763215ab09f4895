// Task addresses over a task's whole life, through the leader's allocation component on a real
// store: held while the task may run, freed once it is dead (SwarmKit's taskDead: observed AND
// desired state past RUNNING) or deleted, rebuilt from the store by a new leader counting only
// tasks that still hold addresses, and never leaked by a proposal that did not commit.
import { describe, expect, it } from "vitest";
import { SimAssertionError } from "../../kernel/assert.ts";
import { AllocationComponent, holdsAddresses, taskDead } from "../manager/allocation.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { TaskObj, TaskState } from "../objects.ts";
import { mkSpec, mkTask } from "../scheduler/testkit.ts";
import { SwarmStore } from "../store/store.ts";
import { withDesired, withState } from "../store/task-ops.ts";
import { Tx } from "../store/tx.ts";
import { Allocator } from "./allocator.ts";

const NET = "stack_default";
const SPEC = mkSpec("web", { networks: [NET] });

/** One leader term: a fresh allocator and component over the shared store. */
class Leader {
  readonly allocator = new Allocator();
  readonly comp: AllocationComponent;
  flushRequests = 0;
  private readonly unlisten: () => void;
  constructor(readonly h: Harness) {
    const ctx = { store: h.store, writer: { request: () => this.flushRequests++ } } as unknown as LeaderCtx;
    this.comp = new AllocationComponent(ctx, this.allocator);
    this.unlisten = h.store.listen(this.comp);
    this.comp.start();
  }
  /** The writer's flush: reconcile into one entry; commit it unless `lose` (the proposal failed). */
  flush(lose = false): void {
    const tx = new Tx(this.h.store, this.h.nowUs);
    this.comp.reconcile(tx);
    if (!tx.empty && !lose) this.h.apply(tx);
  }
  stop(): void {
    this.unlisten();
  }
  get inUse(): number {
    return this.allocator.addressesInUse(NET);
  }
}

class Harness {
  readonly store = new SwarmStore(null);
  nowUs = 0;
  private index = 0;
  private seq = 0;
  apply(tx: Tx): void {
    this.store.apply(++this.index, 1, tx.command());
  }
  write(fn: (tx: Tx) => void): void {
    const tx = new Tx(this.store, ++this.nowUs);
    fn(tx);
    this.apply(tx);
  }
  /** A NEW task in `slot` (a fresh id each time, as the orchestrator makes them). */
  create(slot: number): string {
    const t = { ...mkTask("web", slot, { state: "new", spec: SPEC }), id: `web.${slot}.${++this.seq}` };
    this.write((tx) => tx.putTask(t));
    return t.id;
  }
  task(id: string): TaskObj {
    const t = this.store.tasks.get(id);
    if (t === undefined) throw new Error(`no task ${id}`);
    return t;
  }
  observe(id: string, state: TaskState): void {
    this.write((tx) => tx.putTask(withState(this.task(id), state, state, null, tx.nowUs)));
  }
  desire(id: string, desired: TaskState): void {
    this.write((tx) => tx.putTask(withDesired(this.task(id), desired)));
  }
  remove(id: string): void {
    this.write((tx) => tx.delTask(id));
  }
  /** Addresses the store says live tasks hold. */
  liveAddrs(): string[] {
    return [...this.store.tasks.values()].filter(holdsAddresses).map((t) => t.networksAttachments[0].addr);
  }
}

/** Runs a task to completion the way a replaced replica ends: RUNNING, then desired and observed SHUTDOWN. */
function retire(h: Harness, id: string): void {
  h.desire(id, "shutdown");
  h.observe(id, "shutdown");
}

describe("task addresses (allocation component + allocator)", () => {
  it("a task holds its address while it may run and frees it once dead, not when it is reaped", () => {
    const h = new Harness();
    const l = new Leader(h);
    const id = h.create(1);
    l.flush();
    expect(h.task(id).status.state).toBe("pending");
    expect(h.task(id).networksAttachments).toEqual([{ network: NET, addr: "10.0.0.2/24" }]);
    expect(l.inUse).toBe(1);
    h.observe(id, "running");
    h.observe(id, "failed");
    // Failed but still desired RUNNING: the restart supervisor has not acted yet; not dead.
    expect(taskDead(h.task(id))).toBe(false);
    expect(l.inUse).toBe(1);
    h.desire(id, "shutdown");
    expect(taskDead(h.task(id))).toBe(true);
    expect(l.inUse).toBe(0);
    // The store keeps the attachment as history; deleting the task releases nothing twice.
    expect(h.task(id).networksAttachments).toHaveLength(1);
    h.remove(id);
    expect(l.inUse).toBe(0);
  });

  it("a task shut down on a dead node keeps its address until it is reported stopped (or orphaned)", () => {
    const h = new Harness();
    const l = new Leader(h);
    const id = h.create(1);
    l.flush();
    h.observe(id, "running");
    h.desire(id, "shutdown"); // node down: replaced, but the container may still run
    expect(l.inUse).toBe(1);
    h.observe(id, "orphaned");
    expect(l.inUse).toBe(0);
  });

  it("thousands of replacements in a /24 with SwarmKit's history of 5 per slot never run out", () => {
    const h = new Harness();
    const l = new Leader(h);
    const slots = 200;
    const history = new Map<number, string[]>();
    const live = new Map<number, string>();
    for (let s = 1; s <= slots; s++) live.set(s, h.create(s));
    l.flush();
    // Ten rounds of every replica failing and being replaced: 2000 tasks through a 253-address subnet.
    for (let round = 0; round < 10; round++) {
      for (let s = 1; s <= slots; s++) {
        const old = live.get(s)!;
        h.observe(old, "running");
        retire(h, old);
        const kept = history.get(s) ?? [];
        kept.push(old);
        // The task reaper: keep the newest 5 per slot.
        while (kept.length > 5) h.remove(kept.shift()!);
        history.set(s, kept);
        live.set(s, h.create(s));
      }
      l.flush();
      expect(l.comp.starvedTasks).toBe(0);
      expect(l.inUse).toBe(slots);
    }
    expect(new Set(h.liveAddrs()).size).toBe(slots);
  });

  it("a new leader rebuilds from the store, counting only tasks that still hold addresses", () => {
    const h = new Harness();
    const l1 = new Leader(h);
    const ids = Array.from({ length: 10 }, (_, i) => h.create(i + 1));
    l1.flush();
    for (const id of ids) h.observe(id, "running");
    for (const id of ids.slice(0, 6)) retire(h, id);
    expect(l1.inUse).toBe(4);
    l1.stop();
    const l2 = new Leader(h);
    expect(l2.inUse).toBe(4);
    expect([...l2.comp.heldAddresses().keys()]).toEqual(ids.slice(6));
    // New tasks never get an address a live task holds, and deleting the dead ones frees nothing.
    const more = Array.from({ length: 20 }, (_, i) => h.create(20 + i));
    l2.flush();
    for (const id of ids.slice(0, 6)) h.remove(id);
    expect(l2.inUse).toBe(24);
    const addrs = h.liveAddrs();
    expect(new Set(addrs).size).toBe(addrs.length);
    expect(more.every((id) => h.task(id).status.state === "pending")).toBe(true);
  });

  it("leader changes in a loop neither leak nor double-allocate", () => {
    const h = new Harness();
    let l = new Leader(h);
    const live: string[] = [];
    const dead: string[] = [];
    for (let s = 1; s <= 150; s++) live.push(h.create(s));
    l.flush();
    for (let term = 0; term < 20; term++) {
      // Replace a third of the replicas (the dead stay in the store as history for a while),
      // then the leader changes.
      for (let i = 0; i < 50; i++) {
        const k = (term * 50 + i) % live.length;
        h.observe(live[k], "running");
        retire(h, live[k]);
        dead.push(live[k]);
        if (dead.length > 150) h.remove(dead.shift()!);
        live[k] = h.create(k + 1);
      }
      l.flush();
      l.stop();
      l = new Leader(h);
      expect(l.inUse).toBe(150);
      const addrs = h.liveAddrs();
      expect(new Set(addrs).size).toBe(150);
    }
  });

  it("a proposal that never commits gives its addresses back on resync", () => {
    const h = new Harness();
    const l = new Leader(h);
    const id = h.create(1);
    l.flush(true); // allocated into an entry that failed
    expect(h.task(id).status.state).toBe("new");
    expect(l.inUse).toBe(1);
    l.comp.start(); // LeaderComponents.resync
    expect(l.inUse).toBe(0);
    l.flush();
    expect(h.task(id).status.state).toBe("pending");
    expect(l.inUse).toBe(1);
  });

  it("a full network leaves tasks NEW, and they get the next freed address", () => {
    const h = new Harness();
    const l = new Leader(h);
    const ids = Array.from({ length: 255 }, (_, i) => h.create(i + 1));
    l.flush();
    expect(l.inUse).toBe(253);
    expect(l.comp.starvedTasks).toBe(2);
    const waiting = ids.filter((id) => h.task(id).status.state === "new");
    expect(waiting).toEqual(ids.slice(253));
    const requests = l.flushRequests;
    h.observe(ids[7], "running");
    retire(h, ids[7]);
    expect(l.flushRequests).toBeGreaterThan(requests);
    l.flush();
    expect(h.task(waiting[0]).networksAttachments).toEqual([{ network: NET, addr: "10.0.0.9/24" }]);
    expect(h.task(waiting[1]).status.state).toBe("new");
    expect(l.comp.starvedTasks).toBe(1);
  });

  it("two live tasks recorded with one address stop the new leader with a clear message", () => {
    const h = new Harness();
    const a = { ...mkTask("web", 1, { state: "running", spec: SPEC }), networksAttachments: [{ network: NET, addr: "10.0.0.5/24" }] };
    const b = { ...a, id: "web.2.1", slot: 2 };
    h.write((tx) => {
      tx.putTask(a);
      tx.putTask(b);
    });
    expect(() => new Leader(h)).toThrow(SimAssertionError);
    expect(() => new Leader(h)).toThrow(/10\.0\.0\.5\/24 on stack_default of task web\.2\.1 is already in use/);
  });
});
