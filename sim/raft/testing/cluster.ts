// A tiny in-memory harness for the pure Raft node: no world, no kernel. It delivers outboxes
// through a FIFO "network" with blockable directed links, ticks nodes, crashes and restarts
// them over their RaftStorage, and checks election safety and committed-entry agreement on
// every step (it throws on a violation, so any test that drives it also checks safety).
import { assert } from "../../kernel/assert.ts";
import { Rng } from "../../kernel/rng.ts";
import type { NodeIx } from "../../kernel/types.ts";
import { type RaftConfig, SWARMKIT_RAFT_DEFAULTS } from "../config.ts";
import { type ConfChange, ENTRY_CONF, type RaftEntry, type RaftMessage, type Snapshot } from "../messages.ts";
import { RaftNode } from "../raft.ts";
import { LEADER, type ReadState } from "../ready.ts";
import { RaftStorage } from "../storage.ts";

export interface HarnessNode {
  id: NodeIx;
  alive: boolean;
  raft: RaftNode;
  storage: RaftStorage;
  /** The "state machine": applied normal-entry payloads in order (copied into snapshots). */
  state: unknown[];
  appliedIndex: number;
  reads: ReadState[];
  /** The leader wrote entries it has not synced yet (async leader write). */
  pendingSync: boolean;
  snapshotsTaken: number;
  snapshotsInstalled: number;
}

export interface ClusterOptions {
  cfg?: Partial<RaftConfig>;
  seed?: number;
  /** Leaders defer their own fsync to the next step (as the driver does). Default true. */
  asyncLeaderSync?: boolean;
  /** Members at bootstrap (default: all n). Others start empty and wait to be added. */
  initial?: NodeIx[];
}

const TEST_DEFAULTS: RaftConfig = { ...SWARMKIT_RAFT_DEFAULTS, maxEntriesPerMsg: 8, maxInflight: 16 };

export class Cluster {
  readonly nodes: HarnessNode[] = [];
  readonly cfg: RaftConfig;
  private readonly rng: Rng;
  private readonly asyncLeaderSync: boolean;
  private queue: RaftMessage[] = [];
  private qHead = 0;
  private readonly blocked = new Set<number>();
  /** Drop probability per delivered message (random faults). */
  dropRate = 0;
  /** Leader per term seen so far: election safety. */
  readonly leaders = new Map<number, NodeIx>();
  /** Hash per committed (applied) index, across all nodes: state machine safety. */
  readonly committedHashes: number[] = [];
  delivered = 0;

  constructor(n: number, opts: ClusterOptions = {}) {
    this.cfg = { ...TEST_DEFAULTS, ...opts.cfg };
    this.rng = new Rng("harness", `raft-harness/${opts.seed ?? 1}`);
    this.asyncLeaderSync = opts.asyncLeaderSync ?? true;
    const initial = opts.initial ?? Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const storage = new RaftStorage();
      storage.bootstrap(initial.indexOf(i) >= 0 ? initial : []);
      const h: HarnessNode = {
        id: i,
        alive: true,
        raft: null as unknown as RaftNode,
        storage,
        state: [],
        appliedIndex: 0,
        reads: [],
        pendingSync: false,
        snapshotsTaken: 0,
        snapshotsInstalled: 0,
      };
      this.nodes.push(h);
      this.boot(h);
    }
  }

  private boot(h: HarnessNode): void {
    const state = h.storage.recover();
    const nodeRng = new Rng(`node${h.id}`, `raft-harness/${h.id}/${this.rng.u32()}`);
    h.raft = new RaftNode({ id: h.id, cfg: this.cfg, random: () => nodeRng.next(), state });
    const snap = h.storage.snapshot;
    h.state = snap.data ? (snap.data as unknown[]).slice() : [];
    h.appliedIndex = snap.index;
    h.pendingSync = false;
    this.process(h.id);
  }

  raft(i: NodeIx): RaftNode {
    return this.nodes[i].raft;
  }

  // ------------------------------------------------------------ faults

  block(from: NodeIx, to: NodeIx): void {
    this.blocked.add(from * 1024 + to);
  }

  /** Cuts every link between different groups (both directions). */
  partition(groups: NodeIx[][]): void {
    this.blocked.clear();
    for (const g of groups) {
      for (const h of groups) {
        if (g === h) continue;
        for (const a of g) for (const b of h) this.block(a, b);
      }
    }
  }

  isolate(i: NodeIx): void {
    const rest = this.nodes.map((n) => n.id).filter((x) => x !== i);
    this.partition([[i], rest]);
  }

  heal(): void {
    this.blocked.clear();
  }

  crash(i: NodeIx, loseUnsynced: boolean): void {
    const h = this.nodes[i];
    assert(h.alive, `harness: crash of dead node ${i}`);
    h.alive = false;
    h.storage.onCrash(loseUnsynced);
  }

  restart(i: NodeIx): void {
    const h = this.nodes[i];
    assert(!h.alive, `harness: restart of live node ${i}`);
    h.alive = true;
    this.boot(h);
  }

  // ------------------------------------------------------------ driving

  private flushSync(h: HarnessNode): void {
    if (!h.pendingSync) return;
    h.pendingSync = false;
    h.storage.sync();
    const last = h.storage.lastIndex();
    h.raft.stableTo(last, h.raft.log.term(last));
  }

  tick(i: NodeIx): void {
    const h = this.nodes[i];
    if (!h.alive) return;
    this.flushSync(h);
    h.raft.tick();
    this.process(i);
  }

  tickAll(): void {
    for (let i = 0; i < this.nodes.length; i++) this.tick(i);
  }

  get pending(): number {
    return this.queue.length - this.qHead;
  }

  /** Delivers one message (dropped if the receiver is dead, the link blocked, or by dropRate). */
  deliverOne(): boolean {
    if (this.qHead >= this.queue.length) return false;
    const m = this.queue[this.qHead++];
    if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qHead);
      this.qHead = 0;
    }
    const h = this.nodes[m.to];
    if (!h.alive || this.blocked.has(m.from * 1024 + m.to)) return true;
    if (this.dropRate > 0 && this.rng.chance(this.dropRate)) return true;
    this.delivered++;
    this.flushSync(h);
    h.raft.step(m);
    this.process(m.to);
    return true;
  }

  /** Delivers the k-th pending message (mod the number pending) out of order. */
  deliverAt(k: number): boolean {
    const n = this.pending;
    if (n === 0) return false;
    const i = this.qHead + (k % n);
    const m = this.queue[i];
    this.queue[i] = this.queue[this.qHead];
    this.queue[this.qHead] = m;
    return this.deliverOne();
  }

  /** Duplicates the next pending message (it will also arrive again later). */
  duplicateNext(): void {
    if (this.pending > 0) this.queue.push(this.queue[this.qHead]);
  }

  /** Drops every pending message. */
  dropPending(): void {
    this.queue = [];
    this.qHead = 0;
  }

  /** Delivers until the network is quiet (bounded). */
  deliverAll(maxMessages = 100_000): void {
    for (let i = 0; i < maxMessages; i++) if (!this.deliverOne()) return;
    throw new Error(`harness: network not quiet after ${maxMessages} messages`);
  }

  /** Ticks everyone and delivers, `ticks` times. */
  run(ticks: number): void {
    for (let t = 0; t < ticks; t++) {
      this.tickAll();
      this.deliverAll();
    }
  }

  /** Runs until pred holds (checked after each tick round); returns the ticks used. */
  runUntil(pred: () => boolean, maxTicks = 200): number {
    for (let t = 0; t < maxTicks; t++) {
      if (pred()) return t;
      this.tickAll();
      this.deliverAll();
    }
    if (pred()) return maxTicks;
    throw new Error(`harness: condition not reached within ${maxTicks} ticks`);
  }

  /** The live leader with the highest term, or -1. */
  leader(): NodeIx {
    let best = -1;
    for (const h of this.nodes) {
      if (h.alive && h.raft.role === LEADER && (best < 0 || h.raft.term > this.nodes[best].raft.term)) best = h.id;
    }
    return best;
  }

  electLeader(maxTicks = 200): NodeIx {
    this.runUntil(() => {
      const l = this.leader();
      return l >= 0 && this.raft(l).committedEntryInCurrentTerm();
    }, maxTicks);
    return this.leader();
  }

  propose(i: NodeIx, data: unknown): number {
    const h = this.nodes[i];
    const idx = h.raft.propose(data);
    this.process(i);
    return idx;
  }

  proposeConf(i: NodeIx, cc: ConfChange): number {
    const idx = this.nodes[i].raft.proposeConfChange(cc);
    this.process(i);
    return idx;
  }

  // ------------------------------------------------------------ the host loop

  process(i: NodeIx): void {
    const h = this.nodes[i];
    const r = h.raft;
    for (let round = 0; round < 64 && h.alive && r.hasReady(); round++) {
      const rd = r.ready();
      if (rd.softStateChanged && rd.role === LEADER) {
        const prev = this.leaders.get(rd.term);
        assert(prev === undefined || prev === i, `election safety: ${prev} and ${i} both lead term ${rd.term}`);
        this.leaders.set(rd.term, i);
      }
      if (rd.snapshot) {
        h.storage.installSnapshot(rd.snapshot);
        h.state = (rd.snapshot.data as unknown[] | null)?.slice() ?? [];
        h.appliedIndex = rd.snapshot.index;
        h.snapshotsInstalled++;
      }
      if (rd.entries.length > 0) h.storage.write(rd.entries);
      if (rd.hardStateChanged) h.storage.setHardState(rd.hardState);
      const deferSync = this.asyncLeaderSync && rd.role === LEADER && !rd.termOrVoteChanged && rd.snapshot === null;
      if (rd.mustSync || rd.snapshot) {
        if (deferSync) h.pendingSync = true;
        else {
          h.pendingSync = false;
          h.storage.sync();
          const last = h.storage.lastIndex();
          r.stableTo(last, r.log.term(last));
        }
      } else if (!deferSync && h.storage.dirty()) {
        h.storage.sync();
      }
      for (let k = 0; k < rd.messages.length; k++) this.queue.push(rd.messages[k]);
      for (let k = 0; k < rd.committedEntries.length; k++) this.apply(h, rd.committedEntries[k]);
      for (let k = 0; k < rd.readStates.length; k++) h.reads.push(rd.readStates[k]);
      r.advance(rd);
      this.maybeSnapshot(h);
    }
  }

  private apply(h: HarnessNode, e: RaftEntry): void {
    assert(e.index === h.appliedIndex + 1, `node ${h.id}: applies ${e.index} after ${h.appliedIndex}`);
    const known = this.committedHashes[e.index];
    assert(known === undefined || known === e.hash, `state machine safety: node ${h.id} applies ${e.index} with hash ${e.hash}, others ${known}`);
    this.committedHashes[e.index] = e.hash;
    h.appliedIndex = e.index;
    if (e.type === ENTRY_CONF) h.raft.applyConfChange(e.data as ConfChange);
    else if (e.data !== null) h.state.push(e.data);
  }

  private maybeSnapshot(h: HarnessNode): void {
    const interval = this.cfg.snapshotInterval;
    const r = h.raft;
    if (r.log.applied - h.storage.snapshot.index < interval || r.log.applied !== h.appliedIndex) return;
    const snap: Snapshot = { index: h.appliedIndex, term: r.log.term(h.appliedIndex), voters: r.voters.slice(), data: h.state.slice() };
    const compactIndex = Math.max(0, snap.index - this.cfg.logEntriesForSlowFollowers);
    h.storage.saveSnapshot(snap, compactIndex);
    r.compact(snap, compactIndex);
    h.snapshotsTaken++;
  }
}
