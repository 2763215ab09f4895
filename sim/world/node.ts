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

  constructor(
    private readonly node: SimNode,
    private readonly gen: number,
    private readonly tag: number,
    private readonly data: unknown,
  ) {}

  fire(): void {
    const node = this.node;
    if (this.cancelled || node.gen !== this.gen) return;
    if (node.state === "paused") {
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
    const ev = new TimerEvent(this.node, this.node.gen, tag, data);
    this.world.kernel.after(this.node.clock.trueDelay(Math.round(afterUs)), ev);
    return ev;
  }

  cancelTimer(t: TimerHandle): void {
    t.cancelled = true;
  }

  random(): number {
    return this.rng.next();
  }

  indexOf(name: string): NodeIx {
    return this.world.indexOf(name);
  }
}
