// The world: the kernel, the network and the nodes, and the node lifecycle faults
// (crash, restart, pause, resume, remove). It knows nothing of Raft or Swarm: it hosts
// NodeProcess instances made by a factory the runner supplies.
import { assert } from "../kernel/assert.ts";
import { T } from "../kernel/events.ts";
import type { Message, NodeProcess } from "../kernel/host.ts";
import { Kernel } from "../kernel/kernel.ts";
import type { Micros, NodeIx, Seed } from "../kernel/types.ts";
import { SEC } from "../kernel/types.ts";
import { Network } from "./network.ts";
import { type NodeWorld, SimNode } from "./node.ts";
import type { NetworkSpec, NodeSpec } from "./spec.ts";

export type ProcessFactory = (node: SimNode) => NodeProcess;

export interface WorldConfig {
  seed: Seed;
  record: boolean;
  nodes: NodeSpec[];
  network: NetworkSpec;
  /** Inbound messages that waited at a paused node longer than this are dropped (default 2 s, SwarmKit's raft send timeout). */
  pausedTimeoutUs?: Micros;
  /** Bound on events waiting at one paused node. */
  maxDeferred?: number;
  maxPendingEvents?: number;
}

export class World implements NodeWorld {
  readonly kernel: Kernel;
  readonly names: string[];
  readonly nodes: SimNode[];
  readonly net: Network;
  private readonly index = new Map<string, NodeIx>();
  private readonly maxDeferred: number;
  private factory: ProcessFactory | null = null;
  /** Raft role per node as last traced, and its term (for selectors like `leader`). */
  private readonly role: string[];
  private readonly roleTerm: number[];
  /** Nodes currently in the Raft membership (initial managers; updated by raft.member events). */
  readonly managers = new Set<NodeIx>();

  constructor(cfg: WorldConfig) {
    this.names = cfg.nodes.map((n) => n.name);
    this.kernel = new Kernel({ seed: cfg.seed, record: cfg.record, nodeNames: this.names, maxPendingEvents: cfg.maxPendingEvents });
    cfg.nodes.forEach((spec, ix) => {
      assert(!this.index.has(spec.name), `duplicate node name ${spec.name}`);
      this.index.set(spec.name, ix);
      if (spec.role === "manager" && !spec.joinLater) this.managers.add(ix);
    });
    this.nodes = cfg.nodes.map((spec, ix) => new SimNode(ix, spec, this, this.kernel.rng.stream(`node:${spec.name}`)));
    this.net = new Network(this.kernel, this.nodes, cfg.network, this.kernel.rng.stream("net"), cfg.pausedTimeoutUs ?? 2 * SEC);
    this.maxDeferred = cfg.maxDeferred ?? 100_000;
    this.role = this.nodes.map(() => "none");
    this.roleTerm = this.nodes.map(() => 0);
    this.kernel.trace.on("raft.role", (e) => {
      const ix = this.index.get(e.node as string) as NodeIx;
      this.role[ix] = e.role;
      this.roleTerm[ix] = e.term;
    });
    this.kernel.trace.on("raft.member", (e) => {
      const ix = this.index.get(e.member);
      if (ix === undefined) return;
      if (e.change === "add") this.managers.add(ix);
      else this.managers.delete(ix);
    });
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Boots every node with processes from `factory` (also used on restart). */
  start(factory: ProcessFactory): void {
    assert(this.factory === null, "world started twice");
    this.factory = factory;
    for (const node of this.nodes) this.boot(node);
  }

  private boot(node: SimNode): void {
    assert(this.factory !== null, "boot before start");
    node.state = "up";
    node.process = this.factory(node);
    node.process.start();
  }

  indexOf(name: string): NodeIx {
    return this.index.get(name) ?? -1;
  }

  send(from: NodeIx, to: NodeIx, msg: Message): void {
    assert(to >= 0 && to < this.nodes.length, () => `${this.names[from]} sent ${msg.kind} to unknown node ${to}`);
    this.net.send(from, to, msg);
  }

  node(ix: NodeIx): SimNode {
    return this.nodes[ix];
  }

  // --- selectors -------------------------------------------------------------------------

  /** The up node that last claimed leadership in the highest term, or -1. */
  leader(): NodeIx {
    let best = -1;
    for (let ix = 0; ix < this.nodes.length; ix++) {
      if (this.nodes[ix].state !== "up" || this.role[ix] !== "leader") continue;
      if (best < 0 || this.roleTerm[ix] > this.roleTerm[best]) best = ix;
    }
    return best;
  }

  roleOf(ix: NodeIx): string {
    return this.role[ix];
  }

  // --- lifecycle faults --------------------------------------------------------------------

  crash(ix: NodeIx, loseUnsynced: boolean, entry: number): boolean {
    const node = this.nodes[ix];
    if (node.state === "crashed" || node.state === "removed") return false;
    node.state = "crashed";
    node.gen++;
    node.process = null;
    node.deferred.length = 0;
    this.role[ix] = "none";
    this.kernel.trace.emit(T["node.crash"], ix, loseUnsynced, entry);
    node.disk.crash(loseUnsynced);
    return true;
  }

  restart(ix: NodeIx, entry: number): boolean {
    const node = this.nodes[ix];
    if (node.state !== "crashed") return false;
    this.kernel.trace.emit(T["node.restart"], ix, entry);
    this.boot(node);
    return true;
  }

  pause(ix: NodeIx, entry: number): boolean {
    const node = this.nodes[ix];
    if (node.state !== "up") return false;
    node.state = "paused";
    this.kernel.trace.emit(T["node.pause"], ix, entry);
    return true;
  }

  resume(ix: NodeIx, entry: number): boolean {
    const node = this.nodes[ix];
    if (node.state !== "paused") return false;
    node.state = "up";
    this.kernel.trace.emit(T["node.resume"], ix, entry);
    // Replay what waited, in arrival order; messages past the send timeout drop on delivery.
    const waiting = node.deferred.splice(0);
    const overflow = waiting.length - this.maxDeferred;
    for (let i = 0; i < waiting.length; i++) {
      if (i < overflow && this.net.dropDeferred(waiting[i])) continue;
      this.kernel.at(this.kernel.now, waiting[i]);
    }
    return true;
  }

  remove(ix: NodeIx, entry: number): boolean {
    const node = this.nodes[ix];
    if (node.state === "removed") return false;
    node.state = "removed";
    node.gen++;
    node.process = null;
    node.deferred.length = 0;
    node.disk.wipe();
    this.role[ix] = "none";
    this.kernel.trace.emit(T["node.remove"], ix, entry);
    return true;
  }

  /** Nodes that are up (not crashed, paused or removed). */
  upNodes(): NodeIx[] {
    const out: NodeIx[] = [];
    for (const n of this.nodes) if (n.state === "up") out.push(n.ix);
    return out;
  }
}
