// The pure Raft state machine (etcd-io/raft semantics): step(msg), tick(), propose(…) mutate
// state and fill an outbox; ready() hands the outbox to the host, which persists, sends and
// applies, then calls advance(). Nothing here does I/O, reads a clock or draws randomness other
// than through the `random` function it is given.
import { assert } from "../kernel/assert.ts";
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";
import type { RaftConfig } from "./config.ts";
import { RaftLog } from "./log.ts";
import {
  CAMPAIGN_TRANSFER,
  type ConfChange,
  EMPTY_ENTRIES,
  ENTRY_CONF,
  ENTRY_NORMAL,
  type EntryType,
  type HardState,
  MSG_APP,
  MSG_APP_RESP,
  MSG_HEARTBEAT,
  MSG_HEARTBEAT_RESP,
  MSG_PREVOTE,
  MSG_PREVOTE_RESP,
  MSG_READ_INDEX,
  MSG_READ_INDEX_RESP,
  MSG_SNAP,
  MSG_TIMEOUT_NOW,
  MSG_VOTE,
  MSG_VOTE_RESP,
  msg,
  NONE,
  proposedEntry,
  type RaftEntry,
  type RaftMessage,
  type Snapshot,
} from "./messages.ts";
import { PROBE, Progress, REPLICATE, SNAPSHOT } from "./progress.ts";
import { CANDIDATE, FOLLOWER, LEADER, PRE_CANDIDATE, type ReadState, type Ready, type Role } from "./ready.ts";

/** What storage recovered, or the bootstrap state. */
export interface RaftState {
  hardState: HardState;
  /** Snapshot (index 0 with the initial voters for a fresh node). */
  snapshot: Snapshot;
  /** Entries after the snapshot (or after the compaction point ≤ snapshot.index: see offset). */
  entries: RaftEntry[];
  /** Index of the entry before entries[0] and its term (≤ snapshot.index). */
  offset: LogIndex;
  offsetTerm: Term;
}

export interface RaftNodeOptions {
  id: NodeIx;
  cfg: RaftConfig;
  /** Uniform in [0, 1): randomises the election timeout. */
  random: () => number;
  state: RaftState;
}

const CAMPAIGN_PRE = 0;
const CAMPAIGN_ELECTION = 1;
const CAMPAIGN_XFER = 2;
type CampaignMode = typeof CAMPAIGN_PRE | typeof CAMPAIGN_ELECTION | typeof CAMPAIGN_XFER;

// Shared empty outbox parts (never pushed to: the node swaps in fresh arrays when non-empty).
const NO_MESSAGES: RaftMessage[] = Object.freeze([]) as unknown as RaftMessage[];
const NO_READS: ReadState[] = Object.freeze([]) as unknown as ReadState[];

/** Committed entries handed out per Ready (bounds the work of one host step). */
const MAX_APPLY_BATCH = 1024;
/** Pending ReadIndex requests on a leader. */
const MAX_PENDING_READS = 4096;

interface PendingRead {
  /** Leader-local heartbeat context of the confirmation round. */
  hbCtx: number;
  index: LogIndex;
  /** Requester (self for local reads) and its context. */
  from: NodeIx;
  ctx: number;
  acks: NodeIx[];
}

export class RaftNode {
  readonly id: NodeIx;
  readonly cfg: RaftConfig;
  private readonly random: () => number;

  term: Term;
  vote: NodeIx;
  lead: NodeIx = NONE;
  role: Role = FOLLOWER;
  readonly log: RaftLog;
  /** Current voting configuration (applied), ascending. */
  voters: NodeIx[];
  /** Members removed by an applied conf change: their messages are ignored. */
  private readonly removedIds: NodeIx[] = [];
  /** This node was removed from the cluster: it no longer participates. */
  removed = false;

  /** Highest index durably written here (the leader counts itself in the quorum only up to it). */
  stableIndex: LogIndex;
  /** Leader: progress per follower, indexed by NodeIx. */
  private prs: (Progress | null)[] = [];
  private votes: (boolean | null)[] = [];

  electionElapsed = 0;
  private heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  leadTransferee: NodeIx = NONE;
  /** Index of the latest conf change proposed; no other until it is applied. */
  private pendingConfIndex: LogIndex = 0;
  /** Leader: index of its first entry (the empty one); the log is caught up once applied past it. */
  leaderStartIndex: LogIndex = 0;

  private pendingReads: PendingRead[] = [];
  private readSeq = 0;

  // Outbox.
  /** NO_MESSAGES until the first send after a Ready (see send()). */
  /** Entries this node proposed (part of each one's digest: see proposedEntry). */
  private entriesCreated = 0;
  private msgs: RaftMessage[] = NO_MESSAGES;
  private readStates: ReadState[] = [];
  private prevHard: HardState;
  private prevRole: Role = FOLLOWER;
  private prevLead: NodeIx = NONE;
  /** maybeCommit's scratch: one match index per voter (grown with the voters, never shrunk). */
  private matchScratch = new Float64Array(8);
  /** Inside bcastAppend: the entries slice [sharedLo, sharedHi) already sent (-1: none). */
  private sharing = false;
  private sharedLo: LogIndex = -1;
  private sharedHi: LogIndex = -1;
  private sharedEnts: readonly RaftEntry[] = EMPTY_ENTRIES;

  constructor(opts: RaftNodeOptions) {
    const { cfg, state } = opts;
    assert(cfg.electionTick > cfg.heartbeatTick && cfg.heartbeatTick > 0, "raft: need electionTick > heartbeatTick > 0");
    assert(cfg.maxEntriesPerMsg > 0 && cfg.maxInflight > 0, "raft: maxEntriesPerMsg and maxInflight must be positive");
    this.id = opts.id;
    this.cfg = cfg;
    this.random = opts.random;
    this.term = state.hardState.term;
    this.vote = state.hardState.vote;
    const base: Snapshot = { index: state.offset, term: state.offsetTerm, voters: state.snapshot.voters, data: null };
    this.log = new RaftLog(base, state.entries, state.hardState.commit);
    this.log.snapshot = state.snapshot;
    this.log.committed = Math.max(this.log.committed, state.snapshot.index);
    this.log.applied = state.snapshot.index;
    this.log.applying = state.snapshot.index;
    this.voters = state.snapshot.voters.slice();
    this.stableIndex = this.log.lastIndex();
    this.prevHard = { term: this.term, vote: this.vote, commit: this.log.committed };
    this.resetRandomizedElectionTimeout();
  }

  // ---------------------------------------------------------------- queries

  get committed(): LogIndex {
    return this.log.committed;
  }

  isVoter(id: NodeIx): boolean {
    return this.voters.indexOf(id) >= 0;
  }

  /** Can campaign: a voter not removed. */
  promotable(): boolean {
    return !this.removed && this.isVoter(this.id);
  }

  quorum(): number {
    return (this.voters.length >> 1) + 1;
  }

  progress(id: NodeIx): Progress | null {
    return this.prs[id] ?? null;
  }

  /** Etcd's inLease: heard from a leader within the minimum election timeout. */
  inLease(): boolean {
    return this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTick;
  }

  committedEntryInCurrentTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  // ---------------------------------------------------------------- role changes

  private resetRandomizedElectionTimeout(): void {
    const e = this.cfg.electionTick;
    this.randomizedElectionTimeout = e + Math.floor(this.random() * e);
  }

  private reset(term: Term): void {
    if (this.term !== term) {
      assert(term > this.term, () => `raft ${this.id}: term goes back from ${this.term} to ${term}`);
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.leadTransferee = NONE;
    this.votes.length = 0;
    this.prs.length = 0;
    this.pendingReads.length = 0;
    this.leaderStartIndex = 0;
  }

  becomeFollower(term: Term, lead: NodeIx): void {
    this.reset(term);
    this.lead = lead;
    this.role = FOLLOWER;
  }

  private becomeCandidate(): void {
    assert(this.role !== LEADER, "raft: leader cannot become candidate");
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = CANDIDATE;
  }

  private becomePreCandidate(): void {
    assert(this.role !== LEADER, "raft: leader cannot become pre-candidate");
    // No term change, no vote: a pre-vote round must not disturb anyone.
    this.votes.length = 0;
    this.lead = NONE;
    this.role = PRE_CANDIDATE;
  }

  private becomeLeader(): void {
    assert(this.role === CANDIDATE, "raft: only a candidate becomes leader");
    this.reset(this.term);
    this.lead = this.id;
    this.role = LEADER;
    const last = this.log.lastIndex();
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      if (v === this.id) continue;
      const pr = new Progress(last + 1, this.cfg.maxInflight);
      pr.recentActive = true;
      this.prs[v] = pr;
    }
    // No conf change until everything before our term is applied (etcd does the same).
    this.pendingConfIndex = last;
    this.appendEntries(ENTRY_NORMAL, null);
    this.leaderStartIndex = this.log.lastIndex();
  }

  private campaign(mode: CampaignMode): void {
    if (!this.promotable()) return;
    let voteType: number;
    let term: Term;
    if (mode === CAMPAIGN_PRE) {
      this.becomePreCandidate();
      voteType = MSG_PREVOTE;
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = MSG_VOTE;
      term = this.term;
    }
    if (this.poll(this.id, true) === 1) {
      // Single voter: won at once.
      if (voteType === MSG_PREVOTE) this.campaign(CAMPAIGN_ELECTION);
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.log.lastIndex();
    const lastTerm = this.log.lastTerm();
    const ctx = mode === CAMPAIGN_XFER ? CAMPAIGN_TRANSFER : 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      if (v === this.id) continue;
      this.send(msg(voteType, this.id, v, term, lastIndex, lastTerm, 0, EMPTY_ENTRIES, false, 0, ctx));
    }
  }

  /** Campaigns now (SwarmKit's campaignWhenAble for a lone member); no-op for a leader. */
  campaignNow(): void {
    if (this.role === LEADER || this.removed) return;
    this.campaign(this.cfg.preVote ? CAMPAIGN_PRE : CAMPAIGN_ELECTION);
  }

  /** Records a vote; 1 = won, -1 = lost, 0 = pending. */
  private poll(from: NodeIx, granted: boolean): number {
    if (this.votes[from] === undefined || this.votes[from] === null) this.votes[from] = granted;
    let yes = 0;
    let no = 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.votes[this.voters[i]];
      if (v === true) yes++;
      else if (v === false) no++;
    }
    const q = this.quorum();
    if (yes >= q) return 1;
    if (no > this.voters.length - q) return -1;
    return 0;
  }

  // ---------------------------------------------------------------- inputs

  tick(): void {
    if (this.removed) return;
    if (this.role === LEADER) this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.campaign(this.cfg.preVote ? CAMPAIGN_PRE : CAMPAIGN_ELECTION);
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    for (let i = 0; i < this.voters.length; i++) {
      const pr = this.prs[this.voters[i]];
      // A snapshot can be lost on the wire: retry it after an election timeout.
      if (pr && pr.state === SNAPSHOT && ++pr.snapshotTicks >= this.cfg.electionTick) pr.becomeProbe();
    }
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.quorumActive()) {
          this.becomeFollower(this.term, NONE);
          return;
        }
      }
      this.leadTransferee = NONE; // a transfer that did not finish within an election timeout is aborted
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat(this.lastPendingReadCtx());
    }
  }

  /** CheckQuorum: did a majority (self included) talk to us since the last check? Resets the flags. */
  private quorumActive(): boolean {
    let active = 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      if (v === this.id) {
        active++;
        continue;
      }
      const pr = this.prs[v];
      if (pr?.recentActive) active++;
      if (pr) pr.recentActive = false;
    }
    return active >= this.quorum();
  }

  /** Proposes a normal entry. Returns its index, or 0 when dropped (not leader, transferring). */
  propose(data: unknown): LogIndex {
    if (this.removed || this.role !== LEADER || this.leadTransferee !== NONE) return 0;
    return this.appendEntries(ENTRY_NORMAL, data);
  }

  /** Proposes a single-server membership change. 0 when dropped or another is pending. */
  proposeConfChange(cc: ConfChange): LogIndex {
    if (this.removed || this.role !== LEADER || this.leadTransferee !== NONE) return 0;
    if (this.pendingConfIndex > this.log.applied) return 0;
    const index = this.appendEntries(ENTRY_CONF, cc);
    this.pendingConfIndex = index;
    return index;
  }

  private appendEntries(type: EntryType, data: unknown): LogIndex {
    const index = this.log.lastIndex() + 1;
    this.log.append([proposedEntry(index, this.term, type, data, this.id, ++this.entriesCreated)]);
    // Our own write counts toward the quorum only once it is stable (stableTo): etcd's async write.
    this.bcastAppend();
    return index;
  }

  /** The host made the log durable up to `index` (whose term is `term`). */
  stableTo(index: LogIndex, term: Term): void {
    if (!this.log.matchTerm(index, term) || index <= this.stableIndex) return;
    this.stableIndex = index;
    if (this.role === LEADER && this.maybeCommit()) this.bcastAppend();
  }

  /** Hands leadership to `to`; -1 picks the most up-to-date voter. */
  transferLeadership(to: NodeIx): void {
    if (this.role !== LEADER || this.removed) return;
    if (to === NONE) to = this.mostUpToDatePeer();
    if (to === NONE || to === this.id || !this.isVoter(to)) return;
    if (this.leadTransferee === to) return;
    this.leadTransferee = to;
    this.electionElapsed = 0;
    const pr = this.prs[to]!;
    if (pr.match === this.log.lastIndex()) this.send(msg(MSG_TIMEOUT_NOW, this.id, to, this.term));
    else this.sendAppend(to, true);
  }

  private mostUpToDatePeer(): NodeIx {
    let best = NONE;
    let bestMatch = -1;
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      const pr = this.prs[v];
      if (v === this.id || !pr) continue;
      // Prefer peers we heard from; among them the highest match (ties: lowest id, voters ascend).
      const score = pr.match + (pr.recentActive ? 1e15 : 0);
      if (score > bestMatch) {
        bestMatch = score;
        best = v;
      }
    }
    return best;
  }

  /**
   * ReadIndex: on the leader, confirms leadership with a heartbeat round, then yields a
   * ReadState {index: commit at request time, ctx}. On a follower, asks the leader.
   * Returns false when it cannot even start (no leader, leader without a current-term commit).
   */
  readIndex(ctx: number): boolean {
    if (this.removed) return false;
    if (this.role === LEADER) return this.leaderReadIndex(this.id, ctx);
    if (this.lead === NONE) return false;
    this.send(msg(MSG_READ_INDEX, this.id, this.lead, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, ctx));
    return true;
  }

  private leaderReadIndex(from: NodeIx, ctx: number): boolean {
    if (!this.committedEntryInCurrentTerm() || this.pendingReads.length >= MAX_PENDING_READS) return false;
    const read: PendingRead = { hbCtx: ++this.readSeq, index: this.log.committed, from, ctx, acks: [this.id] };
    this.pendingReads.push(read);
    if (this.quorum() <= 1) {
      this.releaseReads(this.pendingReads.length - 1);
      return true;
    }
    this.bcastHeartbeat(read.hbCtx);
    return true;
  }

  private lastPendingReadCtx(): number {
    const n = this.pendingReads.length;
    return n === 0 ? 0 : this.pendingReads[n - 1].hbCtx;
  }

  private recvReadAck(from: NodeIx, hbCtx: number): void {
    if (hbCtx === 0) return;
    const reads = this.pendingReads;
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i];
      if (r.hbCtx !== hbCtx) continue;
      if (r.acks.indexOf(from) < 0) r.acks.push(from);
      let votes = 0;
      for (let j = 0; j < r.acks.length; j++) if (this.isVoter(r.acks[j])) votes++;
      if (votes >= this.quorum()) this.releaseReads(i);
      return;
    }
  }

  /** Requests up to and including i are confirmed (an ack for a later round covers earlier ones). */
  private releaseReads(i: number): void {
    const released = this.pendingReads.splice(0, i + 1);
    for (let k = 0; k < released.length; k++) {
      const r = released[k];
      if (r.from === this.id) this.readStates.push({ index: r.index, ctx: r.ctx });
      else this.send(msg(MSG_READ_INDEX_RESP, this.id, r.from, this.term, r.index, 0, 0, EMPTY_ENTRIES, false, 0, r.ctx));
    }
  }

  step(m: RaftMessage): void {
    if (this.removed || this.removedIds.indexOf(m.from) >= 0) return;
    assert(m.to === this.id, () => `raft ${this.id}: message for ${m.to}`);
    const t = m.type;
    if (m.term > this.term) {
      if (t === MSG_VOTE || t === MSG_PREVOTE) {
        // Lease: while we believe in a live leader, ignore disruptive campaigns (not transfers).
        if (m.context !== CAMPAIGN_TRANSFER && this.inLease()) return;
      }
      if (t === MSG_PREVOTE) {
        // A pre-vote never changes our term.
      } else if (t === MSG_PREVOTE_RESP && !m.reject) {
        // Granted pre-votes carry the future term; the term moves when we campaign.
      } else if (t === MSG_APP || t === MSG_HEARTBEAT || t === MSG_SNAP) {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (t === MSG_HEARTBEAT || t === MSG_APP)) {
        // Tell a stale leader about our term, so that it steps down (etcd does the same).
        this.send(msg(MSG_APP_RESP, this.id, m.from, this.term));
      } else if (t === MSG_PREVOTE) {
        this.send(msg(MSG_PREVOTE_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true));
      }
      return;
    }

    if (t === MSG_VOTE || t === MSG_PREVOTE) {
      this.handleVote(m);
      return;
    }
    switch (this.role) {
      case LEADER:
        this.stepLeader(m);
        return;
      case CANDIDATE:
      case PRE_CANDIDATE:
        this.stepCandidate(m);
        return;
      default:
        this.stepFollower(m);
    }
  }

  private handleVote(m: RaftMessage): void {
    const canVote = this.vote === m.from || (this.vote === NONE && this.lead === NONE) || (m.type === MSG_PREVOTE && m.term > this.term);
    const respType = m.type === MSG_VOTE ? MSG_VOTE_RESP : MSG_PREVOTE_RESP;
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      this.send(msg(respType, this.id, m.from, m.term));
      if (m.type === MSG_VOTE) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send(msg(respType, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true));
    }
  }

  private stepFollower(m: RaftMessage): void {
    switch (m.type) {
      case MSG_APP:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case MSG_HEARTBEAT:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case MSG_SNAP:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MSG_TIMEOUT_NOW:
        this.campaign(CAMPAIGN_XFER);
        return;
      case MSG_READ_INDEX_RESP:
        // Refused (the leader has not committed in its term yet): no read state, the caller's
        // barrier times out and retries. A state at index 0 would pass as applied: a stale read.
        if (m.reject) return;
        this.readStates.push({ index: m.index, ctx: m.context });
        return;
      case MSG_READ_INDEX:
        // Only leaders serve read-index; the requester times out and retries.
        return;
      default:
    }
  }

  private stepCandidate(m: RaftMessage): void {
    const myResp = this.role === PRE_CANDIDATE ? MSG_PREVOTE_RESP : MSG_VOTE_RESP;
    switch (m.type) {
      case MSG_APP:
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        return;
      case MSG_HEARTBEAT:
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case MSG_SNAP:
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case MSG_VOTE_RESP:
      case MSG_PREVOTE_RESP: {
        if (m.type !== myResp) return;
        const r = this.poll(m.from, !m.reject);
        if (r === 1) {
          if (this.role === PRE_CANDIDATE) this.campaign(CAMPAIGN_ELECTION);
          else this.becomeLeader();
        } else if (r === -1) {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
    }
  }

  private stepLeader(m: RaftMessage): void {
    const pr = this.prs[m.from];
    if (m.type === MSG_READ_INDEX) {
      if (!this.leaderReadIndex(m.from, m.context)) {
        this.send(msg(MSG_READ_INDEX_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true, 0, m.context));
      }
      return;
    }
    if (!pr) return; // not a member (anymore)
    switch (m.type) {
      case MSG_APP_RESP:
        pr.recentActive = true;
        if (m.reject) {
          let hint = m.rejectHint;
          if (m.logTerm > 0) hint = this.log.findConflictByTerm(m.rejectHint, m.logTerm);
          if (pr.maybeDecrTo(m.index, hint)) {
            if (pr.state === REPLICATE) pr.becomeProbe();
            this.sendAppend(m.from, true);
          }
          return;
        }
        {
          const oldPaused = pr.isPaused();
          if (!pr.maybeUpdate(m.index)) return;
          if (pr.state === PROBE) pr.becomeReplicate();
          else if (pr.state === SNAPSHOT && pr.match >= pr.pendingSnapshot) {
            pr.becomeProbe();
            pr.becomeReplicate();
          } else if (pr.state === REPLICATE) pr.inflights.freeLE(m.index);
          if (this.maybeCommit()) this.bcastAppend();
          else if (oldPaused) this.sendAppend(m.from, true);
          // Keep the window full: bounded by maxInflight and the log length.
          for (let i = 0; i < this.cfg.maxInflight && this.sendAppend(m.from, false); i++) {}
          if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
            this.send(msg(MSG_TIMEOUT_NOW, this.id, m.from, this.term));
          }
        }
        return;
      case MSG_HEARTBEAT_RESP:
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state === REPLICATE && pr.inflights.full()) pr.inflights.freeFirstOne();
        if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, true);
        this.recvReadAck(m.from, m.context);
        return;
      default:
    }
  }

  private handleAppend(m: RaftMessage): void {
    if (m.index < this.log.committed) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.committed));
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew >= 0) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, lastNew));
      return;
    }
    // Fast backtracking: tell the leader the last index whose term is ≤ the probe's term.
    let hintIndex = Math.min(m.index, this.log.lastIndex());
    hintIndex = this.log.findConflictByTerm(hintIndex, m.logTerm);
    const hintTerm = Math.max(0, this.log.term(hintIndex));
    this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, m.index, hintTerm, 0, EMPTY_ENTRIES, true, hintIndex));
  }

  private handleHeartbeat(m: RaftMessage): void {
    this.log.commitTo(m.commit);
    this.send(msg(MSG_HEARTBEAT_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, m.context));
  }

  private handleSnapshot(m: RaftMessage): void {
    const snap = m.snapshot!;
    if (this.restore(snap)) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.lastIndex()));
    } else {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.committed));
    }
  }

  private restore(snap: Snapshot): boolean {
    if (snap.index <= this.log.committed) return false;
    if (this.log.matchTerm(snap.index, snap.term)) {
      // We already have the entry: fast-forward the commit instead of wiping the log.
      this.log.commitTo(snap.index);
      return false;
    }
    this.log.restore(snap);
    this.stableIndex = snap.index;
    this.voters = snap.voters.slice();
    return true;
  }

  // ---------------------------------------------------------------- leader replication

  private send(m: RaftMessage): void {
    // A fresh outbox starts as [m], sized for one: most Readys carry one message (a follower's
    // reply), and an empty array's first push would reserve 17 slots.
    if (this.msgs === NO_MESSAGES) this.msgs = [m];
    else this.msgs.push(m);
  }

  private bcastAppend(): void {
    // Followers in step want the same entries: one slice serves them all (messages never mutate
    // their entries). The share lasts this broadcast only, so the log cannot change under it.
    this.sharing = true;
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      if (v !== this.id) this.sendAppend(v, true);
    }
    this.sharing = false;
    this.sharedLo = -1;
    this.sharedEnts = EMPTY_ENTRIES;
  }

  private bcastHeartbeat(ctx: number): void {
    for (let i = 0; i < this.voters.length; i++) {
      const v = this.voters[i];
      if (v === this.id) continue;
      const pr = this.prs[v]!;
      const commit = Math.min(pr.match, this.log.committed);
      this.send(msg(MSG_HEARTBEAT, this.id, v, this.term, 0, 0, commit, EMPTY_ENTRIES, false, 0, ctx));
    }
  }

  /** Sends an append (or a snapshot) to `to`. Returns whether something was sent. */
  private sendAppend(to: NodeIx, sendIfEmpty: boolean): boolean {
    const pr = this.prs[to];
    if (!pr || pr.isPaused()) return false;
    const log = this.log;
    const prevIndex = pr.next - 1;
    const prevTerm = log.term(prevIndex);
    if (prevIndex < log.offset || prevTerm < 0) return this.sendSnapshot(to, pr);
    const last = log.lastIndex();
    const hi = Math.min(last + 1, pr.next + this.cfg.maxEntriesPerMsg);
    if (hi <= pr.next && !sendIfEmpty) return false;
    let ents = EMPTY_ENTRIES;
    if (hi > pr.next) {
      if (this.sharedLo === pr.next && this.sharedHi === hi) {
        ents = this.sharedEnts;
      } else {
        ents = log.slice(pr.next, hi);
        if (this.sharing) {
          this.sharedLo = pr.next;
          this.sharedHi = hi;
          this.sharedEnts = ents;
        }
      }
    }
    this.send(msg(MSG_APP, this.id, to, this.term, prevIndex, prevTerm, log.committed, ents));
    pr.sentEntries(ents.length > 0 ? ents[ents.length - 1].index : 0);
    return true;
  }

  private sendSnapshot(to: NodeIx, pr: Progress): boolean {
    if (!pr.recentActive) return false;
    const snap = this.log.snapshot;
    assert(snap.index >= this.log.offset, () => `raft ${this.id}: no snapshot covers compacted index ${this.log.offset}`);
    this.send(msg(MSG_SNAP, this.id, to, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, 0, snap));
    pr.becomeSnapshot(snap.index);
    return true;
  }

  /** Commits the highest index a quorum has durably (self only up to stableIndex), current term only. */
  private maybeCommit(): boolean {
    const voters = this.voters;
    const n = voters.length;
    if (n === 0) return false;
    if (this.matchScratch.length < n) this.matchScratch = new Float64Array(2 * n);
    const ms = this.matchScratch;
    // Insertion sort, descending, as the values arrive: a handful of voters, no comparator calls.
    for (let i = 0; i < n; i++) {
      const v = voters[i];
      const x = v === this.id ? this.stableIndex : (this.prs[v]?.match ?? 0);
      let j = i - 1;
      while (j >= 0 && ms[j] < x) {
        ms[j + 1] = ms[j];
        j--;
      }
      ms[j + 1] = x;
    }
    return this.log.maybeCommit(ms[this.quorum() - 1], this.term);
  }

  // ---------------------------------------------------------------- membership

  /** The host applied a conf change entry (v2-style: configurations change when applied). */
  applyConfChange(cc: ConfChange): void {
    if (cc.conf === "set") {
      this.voters = cc.members!.slice().sort(ascending);
    } else if (cc.conf === "add") {
      const r = this.removedIds.indexOf(cc.node);
      if (r >= 0) this.removedIds.splice(r, 1);
      if (!this.isVoter(cc.node)) {
        this.voters.push(cc.node);
        this.voters.sort(ascending);
      }
      if (this.role === LEADER && cc.node !== this.id && !this.prs[cc.node]) {
        const pr = new Progress(this.log.lastIndex() + 1, this.cfg.maxInflight);
        pr.recentActive = true;
        this.prs[cc.node] = pr;
      }
    } else {
      const i = this.voters.indexOf(cc.node);
      if (i >= 0) this.voters.splice(i, 1);
      if (this.removedIds.indexOf(cc.node) < 0) this.removedIds.push(cc.node);
      this.prs[cc.node] = null;
      if (cc.node === this.id) {
        this.removed = true;
        this.role = FOLLOWER;
        this.lead = NONE;
        return;
      }
      if (this.leadTransferee === cc.node) this.leadTransferee = NONE;
      if (cc.node === this.lead && this.role !== LEADER) {
        // Our leader was removed: no lease to respect, campaign now (SwarmKit does the same).
        this.lead = NONE;
        this.campaignNow();
      }
    }
    if (this.role === LEADER && this.voters.length > 0 && this.maybeCommit()) this.bcastAppend();
  }

  // ---------------------------------------------------------------- outbox

  /** The host took a snapshot at `snap.index` and wants the log compacted up to compactIndex. */
  compact(snap: Snapshot, compactIndex: LogIndex): void {
    this.log.compact(snap, compactIndex);
  }

  hasReady(): boolean {
    const log = this.log;
    return (
      this.msgs.length > 0 ||
      this.readStates.length > 0 ||
      log.pendingSnapshot !== null ||
      log.unstableFrom <= log.lastIndex() ||
      log.committed > log.applying ||
      this.term !== this.prevHard.term ||
      this.vote !== this.prevHard.vote ||
      log.committed !== this.prevHard.commit ||
      this.role !== this.prevRole ||
      this.lead !== this.prevLead
    );
  }

  /** Takes the outbox. The caller must handle it in order, then call advance(rd). */
  ready(): Ready {
    const log = this.log;
    const hs = this.prevHard;
    const termOrVoteChanged = this.term !== hs.term || this.vote !== hs.vote;
    const hardStateChanged = termOrVoteChanged || log.committed !== hs.commit;
    const hardState: HardState = hardStateChanged ? { term: this.term, vote: this.vote, commit: log.committed } : hs;
    this.prevHard = hardState;
    const snapshot = log.pendingSnapshot;
    log.pendingSnapshot = null;
    const from = Math.max(log.unstableFrom, log.offset + 1);
    const entries = from <= log.lastIndex() ? log.slice(from, log.lastIndex() + 1) : EMPTY_ENTRIES;
    log.unstableFrom = log.lastIndex() + 1;
    const committed = log.nextCommitted(MAX_APPLY_BATCH);
    if (committed) log.applying = committed[committed.length - 1].index;
    const softStateChanged = this.role !== this.prevRole || this.lead !== this.prevLead;
    this.prevRole = this.role;
    this.prevLead = this.lead;
    // The outbox is NO_MESSAGES or holds messages (see send()): hand it over as it is.
    const messages = this.msgs;
    this.msgs = NO_MESSAGES;
    let readStates = NO_READS;
    if (this.readStates.length > 0) {
      readStates = this.readStates;
      this.readStates = [];
    }
    return {
      softStateChanged,
      role: this.role,
      leader: this.lead,
      term: this.term,
      hardStateChanged,
      termOrVoteChanged,
      hardState,
      snapshot,
      entries,
      mustSync: termOrVoteChanged || entries.length > 0,
      committedEntries: committed ?? EMPTY_ENTRIES,
      messages,
      readStates,
    };
  }

  /** The host handled rd: its committed entries are applied (and its snapshot installed). */
  advance(rd: Ready): void {
    const log = this.log;
    if (rd.snapshot && rd.snapshot.index > log.applied) log.applied = rd.snapshot.index;
    const n = rd.committedEntries.length;
    if (n > 0) {
      const last = rd.committedEntries[n - 1].index;
      if (last > log.applied) log.applied = last;
    }
    if (log.applying < log.applied) log.applying = log.applied;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
