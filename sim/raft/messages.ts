// Raft's wire records: log entries, snapshots, conf changes and the one message shape.
// All messages share a single class with every field present, so V8 sees one object shape on
// the hot path (etcd's raftpb.Message does the same). Entries and snapshots are immutable and
// shared by reference between nodes: nobody mutates them after creation.
import { fmix, hash32, mix } from "../kernel/hash.ts";
import type { LogIndex, NodeIx, Term } from "../kernel/types.ts";

/** "No node": no leader known, no vote cast. */
export const NONE: NodeIx = -1;

export const ENTRY_NORMAL = 0;
export const ENTRY_CONF = 1;
export type EntryType = typeof ENTRY_NORMAL | typeof ENTRY_CONF;

/** A membership change; takes effect when applied (etcd v2-style single-server changes). */
export interface ConfChange {
  /** "set" is the bootstrap entry at index 1 that fixes the initial members. */
  readonly conf: "add" | "remove" | "set";
  readonly node: NodeIx;
  readonly members: readonly NodeIx[] | null;
}

export class RaftEntry {
  constructor(
    readonly index: LogIndex,
    readonly term: Term,
    readonly type: EntryType,
    /** Normal: the command (null for a new leader's empty entry). Conf: a ConfChange. */
    readonly data: unknown,
    /**
     * The entry's digest, fixed at creation and carried with it: the Raft safety checker tells
     * entries apart by it (two different entries at one index and term are a violation).
     */
    readonly hash: number,
  ) {}
}

/** An entry whose digest is its content's (term, data): the bootstrap entry every member creates alike. */
export function newEntry(index: LogIndex, term: Term, type: EntryType, data: unknown): RaftEntry {
  return new RaftEntry(index, term, type, data, hash32([term, data ?? null]));
}

/**
 * An entry a leader proposes, digested by its identity: the creating node, the term, the index and
 * how many entries that node had created. Any two entries a run creates differ in it (a member
 * leads a term at most once, and its count tells apart two entries it made at one index), so the
 * checker sees more than with content digests, which cannot tell equal proposals apart. Why not
 * content: digesting every command (a Swarm store transaction carries whole task specs) was 7% of
 * a generated run's work.
 */
export function proposedEntry(index: LogIndex, term: Term, type: EntryType, data: unknown, creator: NodeIx, created: number): RaftEntry {
  const h = mix(mix(mix(mix(TAG_PROPOSED, creator), term), index), created);
  return new RaftEntry(index, term, type, data, fmix(h));
}

const TAG_PROPOSED = 0x50524f50;

/** A state-machine snapshot at `index`, with the configuration in force there. */
export interface Snapshot {
  readonly index: LogIndex;
  readonly term: Term;
  readonly voters: readonly NodeIx[];
  /** StateMachine.snapshot() output; restore() must copy it, never mutate it. */
  readonly data: unknown;
}

export interface HardState {
  term: Term;
  vote: NodeIx;
  commit: LogIndex;
}

// Message types (numbers on the hot path; `kind` strings for the trace and reports).
export const MSG_APP = 0;
export const MSG_APP_RESP = 1;
export const MSG_HEARTBEAT = 2;
export const MSG_HEARTBEAT_RESP = 3;
export const MSG_VOTE = 4;
export const MSG_VOTE_RESP = 5;
export const MSG_PREVOTE = 6;
export const MSG_PREVOTE_RESP = 7;
export const MSG_SNAP = 8;
export const MSG_TIMEOUT_NOW = 9;
export const MSG_READ_INDEX = 10;
export const MSG_READ_INDEX_RESP = 11;
export type MsgType = number;

export const MSG_KINDS: readonly string[] = [
  "raft.append",
  "raft.append-resp",
  "raft.heartbeat",
  "raft.heartbeat-resp",
  "raft.vote",
  "raft.vote-resp",
  "raft.prevote",
  "raft.prevote-resp",
  "raft.snapshot",
  "raft.timeout-now",
  "raft.read-index",
  "raft.read-index-resp",
];

/** Vote context marking a leadership-transfer campaign: it bypasses the leader lease. */
export const CAMPAIGN_TRANSFER = 1;

const NO_ENTRIES: readonly RaftEntry[] = Object.freeze([]) as readonly RaftEntry[];

export class RaftMessage {
  readonly kind: string;
  constructor(
    readonly type: MsgType,
    readonly from: NodeIx,
    readonly to: NodeIx,
    readonly term: Term,
    /** App: term of the entry at `index`; vote: candidate's last term; reject: hint term. */
    readonly logTerm: Term,
    /** App: index before `entries`; AppResp: last index matched (or rejected index); vote: last index. */
    readonly index: LogIndex,
    readonly entries: readonly RaftEntry[],
    readonly commit: LogIndex,
    readonly reject: boolean,
    readonly rejectHint: LogIndex,
    /** Heartbeat / read-index round id; CAMPAIGN_TRANSFER on votes. */
    readonly context: number,
    readonly snapshot: Snapshot | null,
  ) {
    this.kind = MSG_KINDS[type];
  }
}

/** Builds a message with the common defaults; every field is still set (one shape). */
export function msg(
  type: MsgType,
  from: NodeIx,
  to: NodeIx,
  term: Term,
  index: LogIndex = 0,
  logTerm: Term = 0,
  commit: LogIndex = 0,
  entries: readonly RaftEntry[] = NO_ENTRIES,
  reject = false,
  rejectHint: LogIndex = 0,
  context = 0,
  snapshot: Snapshot | null = null,
): RaftMessage {
  return new RaftMessage(type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, context, snapshot);
}

export const EMPTY_ENTRIES = NO_ENTRIES;
