// RaftMember: drives the pure RaftNode over a Host. It ticks on a local timer, persists before
// sending (see storage.ts for the fsync model), applies committed entries to the StateMachine,
// takes snapshots and compacts, emits raft.* trace events, publishes leadership the SwarmKit
// way (only once caught up), and forwards client commands from followers to the leader.
import { assert } from "../kernel/assert.ts";
import { T } from "../kernel/events.ts";
import type { Host, Message, TimerHandle } from "../kernel/host.ts";
import type { LogIndex, Micros, NodeIx, Term } from "../kernel/types.ts";
import type { ProposeCallback, ProposeError, RaftMemberApi, StateMachine, SubmitOutcome, SubmitResult } from "./api.ts";
import type { RaftConfig } from "./config.ts";
import { ProposeMsg, ProposeRespMsg } from "./forward.ts";
import { type ConfChange, ENTRY_CONF, NONE, type RaftEntry, RaftMessage, type Snapshot } from "./messages.ts";
import { RaftNode } from "./raft.ts";
import { PendingProposals } from "./pending-proposals.ts";
import { LEADER, ROLE_NAMES, type Ready } from "./ready.ts";
import { RaftStorage } from "./storage.ts";

export interface RaftMemberOptions {
  /** Bootstrap configuration for a fresh disk; [] for a node that will be added later. Ignored on restart. */
  initialMembers: readonly NodeIx[];
  stateMachine: StateMachine;
  /** The member uses timer tags timerTag (tick) and timerTag + 1 (forwarding timeouts). */
  timerTag: number;
  /** How long a follower waits for the leader's answer to a forwarded command (SwarmKit's send timeout: 2 s). */
  forwardTimeoutUs?: Micros;
}

export const DEFAULT_FORWARD_TIMEOUT_US: Micros = 2_000_000;
/** Ready rounds per host step (each round is bounded too). */
const MAX_READY_ROUNDS = 256;
/** Pending forwarded commands per member. */
const MAX_FORWARDS = 65_536;

interface WaitingRead {
  index: LogIndex;
  cb: (ok: boolean) => void;
}

interface PendingForward {
  cb: (r: SubmitResult) => void;
  timer: TimerHandle;
}

export class RaftMember implements RaftMemberApi {
  readonly id: NodeIx;
  readonly storage: RaftStorage;
  private node: RaftNode;
  private readonly sm: StateMachine;
  private readonly tickTag: number;
  private readonly forwardTag: number;
  private readonly forwardTimeoutUs: Micros;
  private tickTimer: TimerHandle | null = null;

  private applied: LogIndex;
  private lastCommitEmitted: LogIndex;
  /** The term of the last raft.role event (-1: none yet). */
  private roleTermEmitted: Term = -1;
  /** The leader wrote entries it has not synced yet (async leader write). */
  private pendingSync = false;
  private processing = false;
  private stopped = false;
  private published = false;
  private ticks = 0;
  /** This boot wrote the bootstrap entry: trace it at start like any other append. */
  private readonly freshBootstrap: boolean;
  /** Tick count at which we last heard from each peer (SwarmKit's "active" transport), by NodeIx. */
  private readonly lastHeardTick: number[] = [];

  private readonly proposals = new PendingProposals();
  private readonly barriers = new Map<number, (ok: boolean) => void>();
  private waitingReads: WaitingRead[] = [];
  private readCtx = 0;
  private readonly forwards = new Map<number, PendingForward>();
  private forwardSeq = 0;
  private readonly leadershipListeners: ((isLeader: boolean, term: Term) => void)[] = [];
  private readonly removedListeners: (() => void)[] = [];

  constructor(
    private readonly host: Host,
    readonly cfg: RaftConfig,
    opts: RaftMemberOptions,
  ) {
    this.id = host.id;
    this.sm = opts.stateMachine;
    this.tickTag = opts.timerTag;
    this.forwardTag = opts.timerTag + 1;
    this.forwardTimeoutUs = opts.forwardTimeoutUs ?? DEFAULT_FORWARD_TIMEOUT_US;
    this.storage = host.disk.open("raft", () => new RaftStorage());
    this.freshBootstrap = !this.storage.initialized && opts.initialMembers.length > 0;
    this.storage.bootstrap(opts.initialMembers);
    this.storage.attach(host.trace, host.id);
    const state = this.storage.recover();
    this.node = new RaftNode({ id: host.id, cfg, random: () => host.random(), state });
    const snap = this.storage.snapshot;
    // Restart: the state machine starts from the snapshot; committed entries are re-applied.
    if (snap.data !== null) this.sm.restore(snap.data);
    this.applied = snap.index;
    this.lastCommitEmitted = this.node.committed;
  }

  /** Arms the tick and announces the (follower) role. Lone members campaign at once. */
  start(): void {
    assert(this.tickTimer === null, "raft member started twice");
    const n = this.node;
    const trace = this.host.trace;
    this.roleTermEmitted = n.term;
    trace.emit(T["raft.role"], this.id, ROLE_NAMES[n.role], n.term, null);
    if (this.freshBootstrap) {
      const log = n.log;
      for (let i = log.firstIndex(); i <= log.lastIndex(); i++) {
        const e = log.entry(i);
        trace.emitNumbers(T["raft.append"], this.id, e.index, e.term, e.hash);
      }
      trace.emitNumbers(T["raft.commit"], this.id, n.committed, log.term(n.committed), 0);
    }
    // The first tick comes at a random phase: SwarmKit's ticker starts when the node does, so
    // members tick out of step. In lockstep, two members that draw the same election timeout
    // (1 in 10 with ElectionTick 10) campaign at the same instant and split the vote every time.
    this.tickTimer = this.host.setTimer(1 + Math.floor(this.host.random() * this.cfg.tickUs), this.tickTag);
    if (n.voters.length === 1 && n.voters[0] === this.id) n.campaignNow();
    this.process();
  }

  /** Stops participating (manager shut down or demoted): pending work fails with "stopped". */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) this.host.cancelTimer(this.tickTimer);
    this.failPending("stopped");
    this.setPublished(false);
  }

  // ------------------------------------------------------------ RaftMemberApi

  get isLeader(): boolean {
    return this.published;
  }

  get leader(): NodeIx {
    return this.node.lead;
  }

  get term(): Term {
    return this.node.term;
  }

  get commitIndex(): LogIndex {
    return this.node.committed;
  }

  get appliedIndex(): LogIndex {
    return this.applied;
  }

  get members(): readonly NodeIx[] {
    return this.node.voters;
  }

  /** Removed from the cluster by an applied conf change. */
  get removed(): boolean {
    return this.node.removed;
  }

  /** The pure node (tests, diagnostics). */
  get raft(): RaftNode {
    return this.node;
  }

  propose(command: unknown, cb: ProposeCallback): void {
    assert(command !== null && command !== undefined, "raft: a command must not be null");
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    const index = this.node.propose(command);
    if (index === 0) {
      cb({ ok: false, error: "not-leader" });
      return;
    }
    this.proposals.add(index, this.node.term, cb);
    this.process();
  }

  readBarrier(cb: (ok: boolean) => void): void {
    if (this.leaderCheck() !== null) {
      cb(false);
      return;
    }
    const ctx = ++this.readCtx;
    if (!this.node.readIndex(ctx)) {
      cb(false);
      return;
    }
    this.barriers.set(ctx, cb);
    this.process();
  }

  addMember(id: NodeIx, cb: ProposeCallback): void {
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    if (this.node.isVoter(id)) {
      cb({ ok: true, index: 0, value: undefined });
      return;
    }
    this.proposeConf({ conf: "add", node: id, members: null }, cb);
  }

  removeMember(id: NodeIx, cb: ProposeCallback): void {
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    if (!this.node.isVoter(id)) {
      cb({ ok: false, error: "not-member" });
      return;
    }
    if (!this.canRemoveMember(id)) {
      cb({ ok: false, error: "cannot-remove-member" });
      return;
    }
    this.proposeConf({ conf: "remove", node: id, members: null }, cb);
  }

  private proposeConf(cc: ConfChange, cb: ProposeCallback): void {
    const index = this.node.proposeConfChange(cc);
    if (index === 0) {
      cb({ ok: false, error: this.node.leadTransferee !== NONE ? "not-leader" : "conf-change-pending" });
      return;
    }
    this.proposals.add(index, this.node.term, cb);
    this.process();
  }

  /**
   * SwarmKit's CanRemoveMember: count the members that would remain (all but `id`) and are
   * reachable, this node included unless it is the one removed; removal is allowed when that is
   * a majority of the members that would remain. (A leader demoting itself does not count itself.)
   */
  canRemoveMember(id: NodeIx): boolean {
    const members = this.node.voters;
    let reachable = id === this.id ? 0 : 1;
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (m !== this.id && m !== id && this.isReachable(m)) reachable++;
    }
    return reachable >= ((members.length - 1) >> 1) + 1;
  }

  isReachable(id: NodeIx): boolean {
    if (id === this.id) return true;
    const t = this.lastHeardTick[id];
    return t !== undefined && this.ticks - t <= this.cfg.electionTick;
  }

  transferLeadership(to: NodeIx): void {
    if (this.stopped) return;
    this.node.transferLeadership(to);
    this.process();
  }

  onLeadershipChange(fn: (isLeader: boolean, term: Term) => void): void {
    this.leadershipListeners.push(fn);
  }

  /** Called once when this member learns it was removed from the cluster (SwarmKit's RemovedFromRaft). */
  onRemoved(fn: () => void): void {
    this.removedListeners.push(fn);
  }

  /**
   * Runs a client command: proposed here on the leader, else forwarded to the known leader
   * ("raft.propose"). `read` marks read-only commands: they are served from the leader's state
   * machine (StateMachine.query) — at once, as SwarmKit does, or after a ReadIndex barrier with
   * cfg.readIndex — never through the log.
   */
  submit(command: unknown, read: boolean, cb: (r: SubmitResult) => void): void {
    if (this.stopped || this.node.removed) {
      cb(result("stopped"));
      return;
    }
    if (this.node.role === LEADER) {
      this.serve(command, read, cb);
      return;
    }
    const lead = this.node.lead;
    if (lead === NONE) {
      cb(result("no-leader"));
      return;
    }
    if (this.forwards.size >= MAX_FORWARDS) {
      cb(result("timeout"));
      return;
    }
    const reqId = ++this.forwardSeq;
    const timer = this.host.setTimer(this.forwardTimeoutUs, this.forwardTag, reqId);
    this.forwards.set(reqId, { cb, timer });
    this.host.send(lead, new ProposeMsg(reqId, command, read));
  }

  private serve(command: unknown, read: boolean, cb: (r: SubmitResult) => void): void {
    if (read && this.sm.query) {
      const query = this.sm.query.bind(this.sm);
      if (!this.cfg.readIndex) {
        // SwarmKit serves reads from the leader's store with no quorum check (moby/swarmkit#1341):
        // a deposed leader that has not noticed yet answers from stale state. readIndex fixes it.
        cb({ outcome: "ok", index: this.applied, value: query(command) });
        return;
      }
      this.readBarrier((ok) => {
        if (!ok) {
          cb(result("not-leader"));
          return;
        }
        cb({ outcome: "ok", index: this.applied, value: query(command) });
      });
      return;
    }
    this.propose(command, (r) => {
      if (r.ok) cb({ outcome: "ok", index: r.index, value: r.value });
      else cb(result(outcomeOf(r.error)));
    });
  }

  // ------------------------------------------------------------ host events

  /** Returns false when the tag is not this member's. */
  onTimer(tag: number, data: unknown): boolean {
    if (tag === this.tickTag) {
      if (this.stopped) return true;
      this.tickTimer = this.host.setTimer(this.cfg.tickUs, this.tickTag);
      this.ticks++;
      this.flushSync();
      this.node.tick();
      this.process();
      return true;
    }
    if (tag === this.forwardTag) {
      const reqId = data as number;
      const f = this.forwards.get(reqId);
      if (f) {
        this.forwards.delete(reqId);
        f.cb(result("timeout"));
      }
      return true;
    }
    return false;
  }

  /** Returns false when the message is not a Raft one. */
  onMessage(from: NodeIx, m: Message): boolean {
    if (m instanceof RaftMessage) {
      if (this.stopped) return true;
      this.lastHeardTick[from] = this.ticks;
      this.flushSync();
      this.node.step(m);
      this.process();
      return true;
    }
    if (m instanceof ProposeMsg) {
      if (this.stopped || this.node.role !== LEADER) {
        const outcome: SubmitOutcome = this.stopped ? "stopped" : "not-leader";
        this.host.send(from, new ProposeRespMsg(m.reqId, outcome, 0, null));
        return true;
      }
      this.serve(m.command, m.read, (r) => this.host.send(from, new ProposeRespMsg(m.reqId, r.outcome, r.index, r.value)));
      return true;
    }
    if (m instanceof ProposeRespMsg) {
      const f = this.forwards.get(m.reqId);
      if (f) {
        this.forwards.delete(m.reqId);
        this.host.cancelTimer(f.timer);
        f.cb({ outcome: m.outcome, index: m.index, value: m.value });
      }
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------ the Ready loop

  private leaderCheck(): ProposeError | null {
    if (this.stopped) return "stopped";
    if (this.node.removed) return "removed";
    if (this.node.role !== LEADER) return this.node.lead === NONE ? "no-leader" : "not-leader";
    return null;
  }

  /** The leader's deferred fsync: done before it handles its next message or tick. */
  private flushSync(): void {
    if (!this.pendingSync) return;
    this.pendingSync = false;
    this.storage.sync();
    const last = this.storage.lastIndex();
    this.node.stableTo(last, this.node.log.term(last));
  }

  private process(): void {
    if (this.processing) return; // re-entered from a callback: the outer loop picks the work up
    this.processing = true;
    try {
      const n = this.node;
      for (let round = 0; round < MAX_READY_ROUNDS && !this.stopped && n.hasReady(); round++) {
        this.handleReady(n.ready());
      }
      // Removed: the last Ready (role change) is traced above; now stop for good.
      if (n.removed && !this.stopped) this.onSelfRemoved();
      if (!this.stopped) this.updatePublished();
    } finally {
      this.processing = false;
    }
  }

  private handleReady(rd: Ready): void {
    const n = this.node;
    const host = this.host;
    const trace = host.trace;
    const id = this.id;
    // raft.role also marks a new term with the same role (a candidate campaigning again, a
    // follower raised by a higher term): etcd's SoftState leaves the term out, a reader needs it.
    if (rd.softStateChanged || rd.term !== this.roleTermEmitted) {
      this.roleTermEmitted = rd.term;
      trace.emit(T["raft.role"], id, ROLE_NAMES[rd.role], rd.term, rd.leader === NONE ? null : host.nodeNames[rd.leader]);
    }
    if (rd.softStateChanged) {
      if (rd.role !== LEADER) {
        // SwarmKit: leaving the leader state cancels every waiting proposal (ErrLostLeadership).
        this.setPublished(false);
        this.failPending("lost-leadership");
      }
    }
    if (rd.snapshot) this.installSnapshot(rd.snapshot);
    if (rd.entries.length > 0) {
      const truncated = this.storage.write(rd.entries);
      if (truncated > 0) trace.emit(T["raft.truncate"], id, truncated);
      for (let i = 0; i < rd.entries.length; i++) {
        const e = rd.entries[i];
        trace.emitNumbers(T["raft.append"], id, e.index, e.term, e.hash);
      }
    }
    if (rd.hardStateChanged) {
      this.storage.setHardState(rd.hardState);
      const c = rd.hardState.commit;
      if (c > this.lastCommitEmitted) {
        this.lastCommitEmitted = c;
        trace.emitNumbers(T["raft.commit"], id, c, n.log.term(c), 0);
      }
    }
    // Followers and candidates sync before replying; a leader defers syncing its own new
    // entries (not term/vote changes) and counts itself in the quorum only once synced.
    const deferSync = rd.role === LEADER && !rd.termOrVoteChanged && rd.snapshot === null && n.voters.length > 1;
    if (deferSync) {
      if (this.storage.dirty()) this.pendingSync = true;
    } else if (rd.mustSync || this.storage.dirty()) {
      this.pendingSync = false;
      this.storage.sync();
      const last = this.storage.lastIndex();
      n.stableTo(last, n.log.term(last));
    }
    const msgs = rd.messages;
    for (let i = 0; i < msgs.length; i++) host.send(msgs[i].to, msgs[i]);
    const ents = rd.committedEntries;
    for (let i = 0; i < ents.length; i++) this.apply(ents[i]);
    for (let i = 0; i < rd.readStates.length; i++) {
      const rs = rd.readStates[i];
      const cb = this.barriers.get(rs.ctx);
      if (!cb) continue;
      this.barriers.delete(rs.ctx);
      if (this.applied >= rs.index) cb(true);
      else this.waitingReads.push({ index: rs.index, cb });
    }
    n.advance(rd);
    if (ents.length > 0) {
      this.releaseReads();
      this.maybeSnapshot();
    }
  }

  private installSnapshot(snap: Snapshot): void {
    this.storage.installSnapshot(snap);
    this.sm.restore(snap.data);
    this.applied = snap.index;
    if (snap.index > this.lastCommitEmitted) this.lastCommitEmitted = snap.index;
    this.host.trace.emit(T["raft.snapshot"], this.id, snap.index, snap.term);
    this.releaseReads();
  }

  private apply(e: RaftEntry): void {
    assert(e.index === this.applied + 1, () => `raft ${this.host.name}: applies ${e.index} after ${this.applied}`);
    this.applied = e.index;
    const host = this.host;
    host.trace.emitNumbers(T["raft.apply"], this.id, e.index, e.term, e.hash);
    let value: unknown;
    if (e.type === ENTRY_CONF) {
      const cc = e.data as ConfChange;
      this.node.applyConfChange(cc);
      if (cc.conf !== "set") {
        const names = this.node.voters.map((v) => host.nodeNames[v]);
        host.trace.emit(T["raft.member"], this.id, cc.conf, host.nodeNames[cc.node], names);
      }
    } else if (e.data !== null) {
      value = this.sm.apply(e.index, e.term, e.data);
    }
    // Bounded by the pending proposals. One at most, unless an entry was never applied here.
    for (let p = this.proposals.takeThrough(e.index); p !== null; p = this.proposals.takeThrough(e.index)) {
      // A different term at our index: our entry was overwritten by another leader's.
      if (p.index === e.index && p.term === e.term) p.cb({ ok: true, index: e.index, value });
      else p.cb({ ok: false, error: "lost-leadership" });
    }
  }

  private releaseReads(): void {
    if (this.waitingReads.length === 0) return;
    const still: WaitingRead[] = [];
    const ready: WaitingRead[] = [];
    for (const w of this.waitingReads) (w.index <= this.applied ? ready : still).push(w);
    this.waitingReads = still;
    for (const w of ready) w.cb(true);
  }

  private maybeSnapshot(): void {
    const snapIndex = this.storage.snapshot.index;
    if (this.applied - snapIndex < this.cfg.snapshotInterval) return;
    const n = this.node;
    const snap: Snapshot = { index: this.applied, term: n.log.term(this.applied), voters: n.voters.slice(), data: this.sm.snapshot() };
    // Keep logEntriesForSlowFollowers entries so that a slightly slow follower needs no snapshot.
    const compactIndex = Math.max(this.storage.offset, this.applied - this.cfg.logEntriesForSlowFollowers);
    this.storage.saveSnapshot(snap, compactIndex);
    n.compact(snap, compactIndex);
    this.host.trace.emit(T["raft.snapshot"], this.id, snap.index, snap.term);
  }

  private updatePublished(): void {
    const n = this.node;
    // SwarmKit publishes IsLeader only once the new leader's log caught up (its first entry applied).
    const want = n.role === LEADER && !n.removed && n.leaderStartIndex > 0 && this.applied >= n.leaderStartIndex;
    this.setPublished(want);
  }

  private setPublished(v: boolean): void {
    if (this.published === v) return;
    this.published = v;
    const term = this.node.term;
    for (const fn of this.leadershipListeners) fn(v, term);
  }

  private failPending(error: ProposeError): void {
    if (this.proposals.size > 0) {
      for (const p of this.proposals.takeAll()) p.cb({ ok: false, error });
    }
    if (this.barriers.size > 0 || this.waitingReads.length > 0) {
      const bs = [...this.barriers.values()];
      const ws = this.waitingReads;
      this.barriers.clear();
      this.waitingReads = [];
      for (const cb of bs) cb(false);
      for (const w of ws) w.cb(false);
    }
    if (error === "stopped" && this.forwards.size > 0) {
      const fs = [...this.forwards.values()];
      this.forwards.clear();
      for (const f of fs) {
        this.host.cancelTimer(f.timer);
        f.cb(result("stopped"));
      }
    }
  }

  private onSelfRemoved(): void {
    this.setPublished(false);
    this.failPending("removed");
    if (this.tickTimer) {
      this.host.cancelTimer(this.tickTimer);
      this.tickTimer = null;
    }
    this.stopped = true;
    for (const fn of this.removedListeners) fn();
  }
}

function result(outcome: SubmitOutcome): SubmitResult {
  return { outcome, index: 0, value: null };
}

function outcomeOf(e: ProposeError): SubmitOutcome {
  switch (e) {
    case "not-leader":
    case "no-leader":
    case "lost-leadership":
      return e;
    case "removed":
    case "stopped":
      return "stopped";
    default:
      return "not-leader";
  }
}
