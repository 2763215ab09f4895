// A simulated machine: its lifecycle state, local clock, durable disk, the process running on it,
// and the Host through which that process touches the world.
import { assert } from "../kernel/assert.ts";
import type { Host, Message, NodeProcess, TimerHandle } from "../kernel/host.ts";
import type { Fireable, Kernel } from "../kernel/kernel.ts";
import type { Rng } from "../kernel/rng.ts";
import type { Micros, NodeIx } from "../kernel/types.ts";
import type { NodeSpec } from "./spec.ts";
import { LocalClock } from "./clock.ts";
import { SimDisk } from "./disk.ts";

export type NodeState = "up" | "crashed" | "paused" | "removed";

/** Events that wait while a node is paused (timers and inbound messages), replayed on resume. */
export interface Deferrable extends Fireable {
  /** True time the event arrived at the paused node. */
  deferredAtUs: Micros;
}

export interface NodeWorld {
  readonly kernel: Kernel;
  send(from: NodeIx, to: NodeIx, msg: Message): void;
  indexOf(name: string): NodeIx;
  readonly names: string[];
}

export class SimNode {
  state: NodeState = "up";
  /** Incarnation: bumped on crash/remove so stale timers and connections die with the process. */
  gen = 0;
  process: NodeProcess | null = null;
  readonly clock = new LocalClock();
  readonly disk = new SimDisk();
  readonly deferred: Deferrable[] = [];
  readonly host: NodeHost;

  constructor(
    readonly ix: NodeIx,
    readonly spec: NodeSpec,
    world: NodeWorld,
    rng: Rng,
  ) {
    this.host = new NodeHost(this, world, rng);
  }

  get name(): string {
    return this.spec.name;
  }
}

class TimerEvent implements Deferrable, TimerHandle {
  cancelled = false;
  deferredAtUs = 0;
  /** Its kernel queue slot while queued at (queuedUs, queuedSeq); -1 once popped or cancelled. */
  slot = -1;
  queuedUs: Micros;
  queuedSeq: number;
  /** Where the timer is due: the queued position unless resetTimer() moved it later. */
  dueUs: Micros;
  dueSeq: number;

  constructor(
    readonly node: SimNode,
    readonly gen: number,
    readonly tag: number,
    readonly data: unknown,
    atUs: Micros,
    seq: number,
  ) {
    this.queuedUs = atUs;
    this.queuedSeq = seq;
    this.dueUs = atUs;
    this.dueSeq = seq;
  }

  fire(): void {
    const node = this.node;
    this.slot = -1;
    if (this.cancelled || node.gen !== this.gen) return;
    if (this.dueSeq !== this.queuedSeq) {
      // Reset to later: take the place a timer set at the reset would have had (same time, same
      // FIFO position), so the order of events is exactly that of cancel + setTimer.
      this.queuedUs = this.dueUs;
      this.queuedSeq = this.dueSeq;
      this.slot = node.host.world.kernel.atSeq(this.dueUs, this.dueSeq, this);
      return;
    }
    if (node.state === "paused") {
      // Resume queues it again without a slot (rare): cancelled after that, it pops as a no-op.
      this.deferredAtUs = node.host.world.kernel.now;
      node.deferred.push(this);
      return;
    }
    assert(node.state === "up" && node.process !== null, () => `timer fired on ${node.name} in state ${node.state}`);
    node.process.onTimer(this.tag, this.data);
  }
}

export class NodeHost implements Host {
  constructor(
    private readonly node: SimNode,
    readonly world: NodeWorld,
    private readonly rng: Rng,
  ) {}

  get id(): NodeIx {
    return this.node.ix;
  }

  get name(): string {
    return this.node.spec.name;
  }

  get trace() {
    return this.world.kernel.trace;
  }

  get disk() {
    return this.node.disk;
  }

  get nodeNames(): readonly string[] {
    return this.world.names;
  }

  now(): Micros {
    return this.node.clock.wall(this.world.kernel.now);
  }

  send(to: NodeIx, msg: Message): void {
    assert(this.node.state === "up", () => `${this.name} sent ${msg.kind} while ${this.node.state}`);
    this.world.send(this.node.ix, to, msg);
  }

  setTimer(afterUs: Micros, tag: number, data?: unknown): TimerHandle {
    assert(afterUs >= 0 && Number.isFinite(afterUs), () => `${this.name}: timer delay ${afterUs}us`);
    const k = this.world.kernel;
    const atUs = k.now + this.node.clock.trueDelay(Math.round(afterUs));
    return this.queueTimer(atUs, k.reserveSeq(), tag, data);
  }

  /** A new timer queued at (atUs, seq). */
  private queueTimer(atUs: Micros, seq: number, tag: number, data: unknown): TimerEvent {
    const ev = new TimerEvent(this.node, this.node.gen, tag, data, atUs, seq);
    ev.slot = this.world.kernel.atSeq(atUs, seq, ev);
    return ev;
  }

  cancelTimer(t: TimerHandle): void {
    t.cancelled = true;
    // A cancelled timer leaves the kernel queue at once: it would only be popped and ignored.
    if (!(t instanceof TimerEvent) || t.slot < 0) return;
    if (!this.world.kernel.cancel(t.slot, t)) assert(false, `${this.name}: a queued timer was not in the kernel queue`);
    t.slot = -1;
  }

  /**
   * cancelTimer(t) + setTimer(afterUs, t's tag, t's data), with the same effect on the order of
   * events, but a timer still queued for no later than the new due time just records it and moves
   * when its old time comes (a liveness deadline pushed back at every heartbeat costs one queue
   * entry per deadline, not one per heartbeat). Returns the handle to keep (maybe `t` itself).
   */
  resetTimer(t: TimerHandle, afterUs: Micros): TimerHandle {
    assert(t instanceof TimerEvent && t.node === this.node, () => `${this.name}: reset of a timer this host did not set`);
    assert(afterUs >= 0 && Number.isFinite(afterUs), () => `${this.name}: timer delay ${afterUs}us`);
    const k = this.world.kernel;
    const atUs = k.now + this.node.clock.trueDelay(Math.round(afterUs));
    const seq = k.reserveSeq();
    if (t.slot >= 0 && !t.cancelled && t.gen === this.node.gen && t.queuedUs <= atUs) {
      t.dueUs = atUs;
      t.dueSeq = seq;
      return t;
    }
    this.cancelTimer(t);
    return this.queueTimer(atUs, seq, t.tag, t.data);
  }

  random(): number {
    return this.rng.next();
  }

  indexOf(name: string): NodeIx {
    return this.world.indexOf(name);
  }
}
