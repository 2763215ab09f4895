// A minimal world for driver tests: a kernel, fixed-latency links with directed blocking,
// crash/restart with durable disks, and recorded traces. The real world (sim/world) does far
// more; this is just enough to run RaftMember and RaftManagerProcess deterministically.
import { Kernel } from "../../kernel/kernel.ts";
import type { Host, Message, NodeProcess, TimerHandle } from "../../kernel/host.ts";
import type { Micros, NodeIx } from "../../kernel/types.ts";
import { SimDisk } from "../../world/disk.ts";

export class FakeHost implements Host {
  readonly disk = new SimDisk();
  /** Bumped on crash: timers and deliveries of an earlier life are dropped. */
  epoch = 0;
  process: NodeProcess | null = null;
  private readonly rng;

  constructor(
    private readonly world: FakeWorld,
    readonly id: NodeIx,
    readonly name: string,
  ) {
    this.rng = world.kernel.rng.stream(`node:${name}`);
  }

  get trace() {
    return this.world.kernel.trace;
  }

  get nodeNames(): readonly string[] {
    return this.world.names;
  }

  now(): Micros {
    return this.world.kernel.now;
  }

  send(to: NodeIx, msg: Message): void {
    this.world.send(this.id, to, msg);
  }

  setTimer(afterUs: Micros, tag: number, data?: unknown): TimerHandle {
    const t = new TimerEvent(this, this.epoch, tag, data);
    this.world.kernel.after(afterUs, t);
    return t;
  }

  cancelTimer(t: TimerHandle): void {
    t.cancelled = true;
  }

  random(): number {
    return this.rng.next();
  }

  indexOf(name: string): NodeIx {
    return this.world.names.indexOf(name);
  }
}

// Classes, not closures: kernel events are allocated per message and timer.
class TimerEvent implements TimerHandle {
  cancelled = false;
  constructor(
    private readonly host: FakeHost,
    private readonly epoch: number,
    private readonly tag: number,
    private readonly data: unknown,
  ) {}

  fire(): void {
    const h = this.host;
    if (this.cancelled || this.epoch !== h.epoch || !h.process) return;
    h.process.onTimer(this.tag, this.data);
  }
}

class Delivery {
  private readonly epoch: number;
  constructor(
    private readonly world: FakeWorld,
    private readonly from: NodeIx,
    private readonly target: FakeHost,
    private readonly msg: Message,
  ) {
    this.epoch = target.epoch;
  }

  fire(): void {
    const t = this.target;
    if (this.epoch !== t.epoch || !t.process || this.world.isBlocked(this.from, t.id)) return;
    t.process.onMessage(this.from, this.msg);
  }
}

export class FakeWorld {
  readonly kernel: Kernel;
  readonly hosts: FakeHost[];
  latencyUs: Micros = 1_000;
  private readonly blocked = new Set<number>();

  constructor(
    readonly names: string[],
    seed = 1,
    record = true,
  ) {
    this.kernel = new Kernel({ seed, record, nodeNames: names });
    this.hosts = names.map((n, i) => new FakeHost(this, i, n));
  }

  spawn<P extends NodeProcess>(i: NodeIx, make: (host: Host) => P): P {
    const h = this.hosts[i];
    const p = make(h);
    h.process = p;
    p.start();
    return p;
  }

  crash(i: NodeIx, loseUnsynced: boolean): void {
    const h = this.hosts[i];
    h.process = null;
    h.epoch++;
    h.disk.crash(loseUnsynced);
  }

  send(from: NodeIx, to: NodeIx, msg: Message): void {
    this.kernel.after(this.latencyUs, new Delivery(this, from, this.hosts[to], msg));
  }

  /** Links are checked at delivery, as the real network does. */
  isBlocked(from: NodeIx, to: NodeIx): boolean {
    return this.blocked.size > 0 && this.blocked.has(from * 1024 + to);
  }

  block(from: NodeIx, to: NodeIx): void {
    this.blocked.add(from * 1024 + to);
  }

  isolate(i: NodeIx): void {
    for (let j = 0; j < this.hosts.length; j++) {
      if (j === i) continue;
      this.block(i, j);
      this.block(j, i);
    }
  }

  heal(): void {
    this.blocked.clear();
  }

  /** Runs for `us` more simulated microseconds. */
  runFor(us: Micros): void {
    this.kernel.run(this.kernel.now + us, 10_000_000);
  }
}
