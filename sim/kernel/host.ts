// The seam between protocol code (raft, swarm) and the simulated world: what a node's process
// may do. Protocol code sees only this interface, never the network or the kernel, which is what
// keeps it deterministic, testable without a world, and runnable over a real transport one day.
import type { Trace } from "./trace.ts";
import type { Micros, NodeIx } from "./types.ts";

/** Every message on the wire has a kind (traced, coloured in reports). */
export interface Message {
  readonly kind: string;
}

/** A pending timer; cancel it through the host. */
export interface TimerHandle {
  cancelled: boolean;
}

/**
 * Durable storage survives a crash; everything else a process holds is volatile.
 * Each durable object registers under a name and is handed back on restart.
 */
export interface Durable {
  /** Called on crash. With `loseUnsynced`, the object drops what it wrote but never synced. */
  onCrash(loseUnsynced: boolean): void;
}

export interface Disk {
  /** The durable object named `name`, created with `init` on first use. */
  open<D extends Durable>(name: string, init: () => D): D;
  /** Permanently erase everything (node removed, or a demoted manager wiping its raft data). */
  wipe(): void;
}

export interface Host {
  readonly id: NodeIx;
  readonly name: string;
  /** This node's local clock: true time × (1 + driftPpm/1e6) + offset. Only wall-clock readers use it. */
  now(): Micros;
  /** Hands a message to the network, which decides delay, loss, duplication and partitions. */
  send(to: NodeIx, msg: Message): void;
  /** Fires `onTimer(tag, data)` after `afterUs` of LOCAL (drifting) time. Lost on crash. */
  setTimer(afterUs: Micros, tag: number, data?: unknown): TimerHandle;
  cancelTimer(t: TimerHandle): void;
  /**
   * Optional: cancelTimer(t) then setTimer(afterUs) with t's tag and data, returning the handle to
   * keep; an implementation may move `t` instead of queueing a new timer. Hosts without it get the
   * plain cancel + set (see Scope.rearm).
   */
  resetTimer?(t: TimerHandle, afterUs: Micros): TimerHandle;
  /** This node's own random stream, in [0, 1). */
  random(): number;
  readonly disk: Disk;
  readonly trace: Trace;
  /** Index of a node by name (-1 if unknown); names of all nodes by index. */
  indexOf(name: string): NodeIx;
  readonly nodeNames: readonly string[];
}

/** A node's running software. A new instance is created on boot and on every restart. */
export interface NodeProcess {
  start(): void;
  onMessage(from: NodeIx, msg: Message): void;
  onTimer(tag: number, data: unknown): void;
}
