// Driving one pure Raft node by hand, as etcd-raft's raft_test.go does: recover it from a
// durable state written in a line, step crafted messages, and run the host loop once per drain().
import type { LogIndex, NodeIx, Term } from "../../kernel/types.ts";
import { type RaftConfig, SWARMKIT_RAFT_DEFAULTS } from "../config.ts";
import { ENTRY_NORMAL, NONE, newEntry } from "../messages.ts";
import { RaftNode } from "../raft.ts";
import type { Ready } from "../ready.ts";

/** SwarmKit's timings with small message and inflight limits, so tests reach them quickly. */
export const TEST_CFG: RaftConfig = { ...SWARMKIT_RAFT_DEFAULTS, maxEntriesPerMsg: 8, maxInflight: 16 };

export interface NodeInit {
  /** Voters at the snapshot (default 0, 1, 2). */
  voters?: NodeIx[];
  /** Terms of the entries after the snapshot; entry i holds the command `e<i>`. */
  terms?: Term[];
  /** Default: the last entry's term, else the snapshot's. */
  term?: Term;
  vote?: NodeIx;
  commit?: LogIndex;
  /** The snapshot the log starts after (default none); its data is `s<index>`. */
  snap?: { index: LogIndex; term: Term };
  cfg?: Partial<RaftConfig>;
  /** The node's random draw (fixes the election timeout). */
  random?: number;
}

/** A node recovered from the given durable state. */
export function bootNode(id: NodeIx, o: NodeInit = {}): RaftNode {
  const snap = o.snap ?? { index: 0, term: 0 };
  const entries = (o.terms ?? []).map((t, i) => newEntry(snap.index + 1 + i, t, ENTRY_NORMAL, `e${snap.index + 1 + i}`));
  const random = o.random ?? 0;
  return new RaftNode({
    id,
    cfg: { ...TEST_CFG, ...o.cfg },
    random: () => random,
    state: {
      hardState: { term: o.term ?? entries.at(-1)?.term ?? snap.term, vote: o.vote ?? NONE, commit: o.commit ?? 0 },
      snapshot: { ...snap, voters: o.voters ?? [0, 1, 2], data: snap.index > 0 ? `s${snap.index}` : null },
      entries,
      offset: snap.index,
      offsetTerm: snap.term,
    },
  });
}

/** One round of the host loop: persist (the entries become stable), send, apply. */
export function drain(r: RaftNode): Ready {
  const rd = r.ready();
  const last = rd.entries.at(-1);
  if (last) r.stableTo(last.index, last.term);
  r.advance(rd);
  return rd;
}
