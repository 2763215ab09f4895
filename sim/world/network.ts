// The network: per-link latency (uniform min..max with an optional exponential tail), loss,
// duplication, reordering, fault windows, and directed partitions checked at delivery time.
// Links are FIFO (like TCP) unless a message is picked for reordering.
// Every message is traced: msg.send, then msg.deliver or msg.drop with its reason.
import { assert } from "../kernel/assert.ts";
import { type DropReason, T } from "../kernel/events.ts";
import type { Message } from "../kernel/host.ts";
import type { Fireable, Kernel } from "../kernel/kernel.ts";
import type { Rng } from "../kernel/rng.ts";
import type { Micros, NodeIx } from "../kernel/types.ts";
import type { Deferrable, SimNode } from "./node.ts";
import type { LatencySpec, NetworkSpec } from "./spec.ts";

export type WindowKind = "loss" | "duplicate" | "delay";

interface Window {
  kind: WindowKind;
  rate: number;
  latency: LatencySpec | null;
  untilUs: Micros;
  /** Links touching these nodes are affected; null = every link. */
  mask: Uint8Array | null;
}

const SEND = T["msg.send"];
const DELIVER = T["msg.deliver"];
const DROP = T["msg.drop"];

class Delivery implements Deferrable {
  deferredAtUs = 0;
  constructor(
    readonly net: Network,
    readonly msgId: number,
    readonly from: NodeIx,
    readonly to: NodeIx,
    readonly msg: Message,
    /** The message kind's digest slot in the trace (Trace.kindSlot), looked up once at send. */
    readonly kindSlot: number,
    /** Receiver incarnation at send time: a restarted receiver never sees old connections' data. */
    readonly toGen: number,
  ) {}

  fire(): void {
    this.net.deliver(this);
  }
}

class WindowEnd implements Fireable {
  constructor(
    private readonly net: Network,
    private readonly w: Window,
  ) {}
  fire(): void {
    this.net.endWindow(this.w);
  }
}

export class Network {
  private msgSeq = 0;
  private cap: number;
  /** Last scheduled delivery time per directed link, for FIFO order. */
  private lastDeliveryUs: Float64Array;
  private blocked: Uint8Array | null = null;
  private readonly windows: Window[] = [];
  /** Messages waiting at a paused node longer than this are dropped (the sender's send timeout). */
  readonly pausedTimeoutUs: Micros;

  constructor(
    private readonly kernel: Kernel,
    private readonly nodes: SimNode[],
    private readonly spec: NetworkSpec,
    private readonly rng: Rng,
    pausedTimeoutUs: Micros,
  ) {
    this.cap = Math.max(8, nodes.length + 8);
    this.lastDeliveryUs = new Float64Array(this.cap * this.cap);
    this.pausedTimeoutUs = pausedTimeoutUs;
  }

  /** Grows link tables when nodes join. */
  ensureCapacity(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n + 8, this.cap * 2);
    const last = new Float64Array(cap * cap);
    for (let a = 0; a < this.cap; a++) last.set(this.lastDeliveryUs.subarray(a * this.cap, (a + 1) * this.cap), a * cap);
    if (this.blocked) {
      const b = new Uint8Array(cap * cap);
      for (let a = 0; a < this.cap; a++) b.set(this.blocked.subarray(a * this.cap, (a + 1) * this.cap), a * cap);
      this.blocked = b;
    }
    this.lastDeliveryUs = last;
    this.cap = cap;
  }

  /** Installs a partition given as an n×n matrix over current nodes (n = matrix side). */
  setPartition(matrix: Uint8Array, n: number): void {
    const b = new Uint8Array(this.cap * this.cap);
    for (let a = 0; a < n; a++) b.set(matrix.subarray(a * n, (a + 1) * n), a * this.cap);
    this.blocked = b;
  }

  heal(): void {
    this.blocked = null;
  }

  get partitioned(): boolean {
    return this.blocked !== null;
  }

  isBlocked(from: NodeIx, to: NodeIx): boolean {
    return this.blocked !== null && this.blocked[from * this.cap + to] === 1;
  }

  addWindow(kind: WindowKind, rate: number, latency: LatencySpec | null, forUs: Micros, nodes: NodeIx[] | null): Micros {
    let mask: Uint8Array | null = null;
    if (nodes) {
      mask = new Uint8Array(this.cap);
      for (const ix of nodes) mask[ix] = 1;
    }
    const w: Window = { kind, rate, latency, untilUs: this.kernel.now + forUs, mask };
    this.windows.push(w);
    this.kernel.at(w.untilUs, new WindowEnd(this, w));
    return w.untilUs;
  }

  endWindow(w: Window): void {
    const i = this.windows.indexOf(w);
    assert(i >= 0, "window ended twice");
    this.windows.splice(i, 1);
    this.kernel.trace.emit(T["net.window-end"], -1, w.kind);
  }

  hasWindows(): boolean {
    return this.windows.length > 0;
  }

  send(from: NodeIx, to: NodeIx, msg: Message): void {
    const k = this.kernel;
    const msgId = ++this.msgSeq;
    const tr = k.trace;
    const kindSlot = tr.kindSlot(msg.kind);
    tr.emitMsgSlot(SEND, from, msgId, from, to, msg.kind, kindSlot, null);

    let loss = this.spec.loss;
    let dup = this.spec.duplicate;
    let lat = this.spec.latency;
    const ws = this.windows;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (w.mask !== null && w.mask[from] === 0 && w.mask[to] === 0) continue;
      if (w.kind === "loss") loss = Math.max(loss, w.rate);
      else if (w.kind === "duplicate") dup = Math.max(dup, w.rate);
      else if (w.latency !== null) lat = w.latency;
    }
    if (this.rng.chance(loss)) {
      tr.emitMsgSlot(DROP, from, msgId, from, to, msg.kind, kindSlot, "loss" satisfies DropReason);
      return;
    }
    const toGen = this.nodes[to].gen;
    this.schedule(new Delivery(this, msgId, from, to, msg, kindSlot, toGen), lat);
    if (this.rng.chance(dup)) this.schedule(new Delivery(this, msgId, from, to, msg, kindSlot, toGen), lat);
  }

  private schedule(d: Delivery, lat: LatencySpec): void {
    const rng = this.rng;
    let delay = lat.maxUs > lat.minUs ? rng.int(lat.minUs, lat.maxUs + 1) : lat.minUs;
    if (lat.tailP > 0 && rng.chance(lat.tailP)) delay += Math.round(rng.exp(lat.tailMeanUs));
    let at = this.kernel.now + delay;
    const link = d.from * this.cap + d.to;
    // FIFO per link unless this message is picked to overtake.
    if (!rng.chance(this.spec.reorder)) {
      const last = this.lastDeliveryUs[link];
      if (at < last) at = last;
      this.lastDeliveryUs[link] = at;
    }
    this.kernel.at(at, d);
  }

  deliver(d: Delivery): void {
    const node = this.nodes[d.to];
    const tr = this.kernel.trace;
    if (node.state === "crashed" || node.state === "removed" || node.gen !== d.toGen) {
      tr.emitMsgSlot(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, d.kindSlot, "crashed" satisfies DropReason);
      return;
    }
    if (this.isBlocked(d.from, d.to)) {
      tr.emitMsgSlot(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, d.kindSlot, "partition" satisfies DropReason);
      return;
    }
    if (node.state === "paused") {
      if (d.deferredAtUs === 0) d.deferredAtUs = this.kernel.now;
      node.deferred.push(d);
      return;
    }
    if (d.deferredAtUs !== 0 && this.kernel.now - d.deferredAtUs > this.pausedTimeoutUs) {
      tr.emitMsgSlot(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, d.kindSlot, "paused-timeout" satisfies DropReason);
      return;
    }
    tr.emitMsgSlot(DELIVER, d.to, d.msgId, d.from, d.to, d.msg.kind, d.kindSlot, null);
    const p = node.process;
    assert(p !== null, () => `${node.name} is up without a process`);
    p.onMessage(d.from, d.msg);
  }

  /** A message dropped because the paused receiver's buffer overflowed. */
  dropDeferred(d: Deferrable): boolean {
    if (!(d instanceof Delivery)) return false;
    this.kernel.trace.emitMsgSlot(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, d.kindSlot, "paused-timeout" satisfies DropReason);
    return true;
  }
}
