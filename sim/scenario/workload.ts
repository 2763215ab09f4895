// The Raft-only client workload: open-loop requests (exponential inter-arrival times) sent to a
// random manager, which forwards them to the leader. Every request is traced as client.submit
// and ends in exactly one client.result: ok, not-leader, error (refused: the node is down), or
// timeout (indeterminate: it may still commit).
import { T } from "../kernel/events.ts";
import type { Fireable } from "../kernel/kernel.ts";
import type { Micros } from "../kernel/types.ts";
import type { World } from "../world/world.ts";
import type { Cluster, ClientReply } from "./cluster.ts";
import type { WorkloadSpec } from "./types.ts";

class Request implements Fireable {
  done = false;
  /** The timeout's kernel queue slot while it is pending (-1: not queued). */
  slot = -1;
  constructor(
    private readonly world: World,
    readonly opId: number,
    readonly client: string,
    readonly via: number,
  ) {}

  /** Fires at the timeout. */
  fire(): void {
    this.slot = -1;
    this.finish({ result: "timeout", index: 0, value: null });
  }

  finish(r: ClientReply): void {
    if (this.done) return;
    this.done = true;
    // Answered: the pending timeout would fire for nothing, so it leaves the queue now.
    if (this.slot >= 0) this.world.kernel.cancel(this.slot, this);
    this.world.kernel.trace.emit(T["client.result"], this.via, this.opId, this.client, r.result, r.index, r.value);
  }
}

class Arrivals implements Fireable {
  private opId = 0;
  private readonly rng;
  private readonly meanGapUs: number;
  private readonly managers: number[];
  /** Client and key names, made once: the checker keeps them per operation for the whole run. */
  private readonly clients: string[];
  private readonly keys: string[];

  constructor(
    private readonly world: World,
    private readonly cluster: Cluster,
    private readonly w: WorkloadSpec,
    private readonly endUs: Micros,
  ) {
    this.rng = world.kernel.rng.stream("workload");
    this.meanGapUs = 1_000_000 / w.rateHz;
    this.managers = [...world.managers].sort((a, b) => a - b);
    this.clients = Array.from({ length: w.clients }, (_, i) => `c${i + 1}`);
    this.keys = new Array(w.keys); // up to a million: named on first use
  }

  next(): void {
    const at = this.world.kernel.now + Math.max(1, Math.round(this.rng.exp(this.meanGapUs)));
    if (at < this.endUs) this.world.kernel.at(at, this);
  }

  fire(): void {
    this.next();
    if (this.managers.length === 0) return;
    const rng = this.rng;
    const opId = ++this.opId;
    const client = this.clients[opId % this.w.clients];
    const keyIx = rng.int(0, this.w.keys);
    const key = (this.keys[keyIx] ??= `k${keyIx}`);
    const read = rng.chance(this.w.readRatio);
    const value = read ? null : `v${opId}`;
    const via = rng.pick(this.managers);
    const k = this.world.kernel;
    k.trace.emit(T["client.submit"], via, opId, client, this.world.names[via], key, value);
    const req = new Request(this.world, opId, client, via);
    const st = this.world.node(via).state;
    if (st === "crashed" || st === "removed") {
      req.finish({ result: "error", index: 0, value: null });
      return;
    }
    req.slot = k.after(this.w.timeoutUs, req);
    // A paused node holds the request like any inbound message; it times out on the client.
    if (st === "up") this.cluster.clientRequest(via, { opId, client, key, kind: read ? "get" : "put", value }, (r) => req.finish(r));
  }
}

export function scheduleWorkload(world: World, cluster: Cluster, w: WorkloadSpec, endUs: Micros): void {
  if (w.rateHz <= 0) return;
  new Arrivals(world, cluster, w, endUs).next();
}
