// Linearizability of a client-visible register history (Wing–Gong search with Lowe's cache, as in
// Porcupine): histories are split by key (P-compositionality), then a depth-first search over
// call/return entries linearizes one pending call at a time, memoizing (linearized set, state)
// pairs so each configuration is explored once. An operation without a response is indeterminate:
// its return is placed at +∞, so it may take effect any time after its call or, equivalently for a
// register, never (it can always be linearized last). A search budget turns pathological
// histories into "unknown" instead of a hang.
import { assert } from "../kernel/assert.ts";
import { formatTime } from "../kernel/types.ts";
import type { Checker, CheckerContext } from "./api.ts";
import { ConfigMemo } from "./config-memo.ts";
import { KeyOps } from "./key-ops.ts";
import { type Collected, OpColumns } from "./op-columns.ts";
import { ValueTexts } from "./value-texts.ts";

export interface HistoryOp {
  opId: number;
  client: string;
  key: string;
  kind: "read" | "write";
  invokeUs: number;
  /** null: no response (timeout) — the operation is indeterminate. */
  returnUs: number | null;
  /** Write: the value written. Read: null. */
  input: string | null;
  /**
   * Read: the value returned (null = key absent). Write: null, or the position at which it took
   * effect as a decimal string (the Raft log index): linearized writes of a key take increasing
   * positions, which makes lost or reordered writes visible without reads.
   */
  output: string | null;
}

export type LinearizabilityId = "api.linearizable-writes" | "api.linearizable-reads";

export interface CheckResult {
  result: "ok" | "violation" | "unknown";
  /** Key of the first non-linearizable (or undecided) partition. */
  key?: string;
  /** opIds: the tail of the longest linearization found, then the operation that could not follow it. */
  witness?: number[];
  /** Which promise broke: the writes' order on their own, or what reads returned. */
  invariant?: LinearizabilityId;
  /** Search steps taken over all keys. */
  explored: number;
}

/** Histories up to this many operations are always decided, whatever the budget. */
export const ALWAYS_DECIDED_OPS = 200;
/** Linearized operations shown before the culprit in a witness. */
const WITNESS_TAIL = 8;

/** Checks a history; the first key that is not linearizable is reported. */
export function checkHistory(ops: readonly HistoryOp[], opts: { budget: number }): CheckResult {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op.key, (counts.get(op.key) ?? 0) + 1);
  const texts = new ValueTexts();
  const byKey = new Map<string, KeyOps>();
  for (const [key, n] of counts) byKey.set(key, new KeyOps(key, n, texts));
  for (const o of ops) {
    const w = o.kind === "write";
    const pos = w && o.output !== null && isDecimal(o.output) ? Number(o.output) : -1;
    const value = w ? o.input : o.output;
    byKey.get(o.key)!.push(o.opId, w, o.invokeUs, o.returnUs, value === null ? -1 : texts.add(value), pos);
  }
  return checkKeys(byKey.values(), ops.length, opts.budget);
}

/**
 * Checks each key's operations in turn (P-compositionality): first its writes alone, then with
 * its reads. `total` operations in all; histories up to ALWAYS_DECIDED_OPS ignore the budget.
 */
export function checkKeys(keys: Iterable<KeyOps>, total: number, searchBudget: number): CheckResult {
  let budget = total <= ALWAYS_DECIDED_OPS ? Number.POSITIVE_INFINITY : searchBudget;
  let explored = 0;
  let unknownKey: string | undefined;
  for (const k of keys) {
    const key = k.key;
    const w = searchKey(k, true, budget);
    explored += w.explored;
    budget -= w.explored;
    if (w.result === "violation") return { result: "violation", key, witness: w.witness, invariant: "api.linearizable-writes", explored };
    // Without reads the second search would repeat the first step for step: reuse its outcome.
    const full = k.hasReads() ? searchKey(k, false, budget) : repeatSearch(w, budget);
    explored += full.explored;
    budget -= full.explored;
    if (full.result === "violation") {
      const c = full.culprit ?? -1;
      // A read of a value no write of the key produced breaks the writes' promise, not the reads'.
      const phantom = c >= 0 && k.write[c] === 0 && k.value[c] !== 0 && !k.written(k.value[c]);
      const invariant: LinearizabilityId = phantom ? "api.linearizable-writes" : "api.linearizable-reads";
      return { result: "violation", key, witness: full.witness, invariant, explored };
    }
    if (w.result === "unknown" || full.result === "unknown") unknownKey ??= key;
  }
  return unknownKey === undefined ? { result: "ok", explored } : { result: "unknown", key: unknownKey, explored };
}

/**
 * What searchKey returns when run again on the same history with `budget` left: the same steps,
 * so the same outcome if they fit the budget, else "unknown" at the first step over it.
 */
function repeatSearch(first: KeyResult, budget: number): KeyResult {
  if (first.explored === 0) return first; // an empty history: decided before any step
  if (first.result !== "unknown" && first.explored <= budget) return first;
  return { result: "unknown", explored: Math.max(1, Math.floor(budget) + 1) };
}

export interface KeyResult {
  result: "ok" | "violation" | "unknown";
  explored: number;
  witness?: number[];
  /** Row (in the key's KeyOps) of the operation that could not be linearized. */
  culprit?: number;
}

/**
 * One key's history: DFS over a doubly linked list of call/return entries, with undo.
 * Hot for long runs (a one-hour workload has ~3,000 operations per key), so per-op data lives in
 * typed arrays and the memo of visited configurations stores each by its frontier (ConfigMemo).
 * The search is tried first as a walk without backtracking (walkForward); `walkFirst` false
 * skips that (exported for the tests that compare both ways).
 */
export function searchKey(k: KeyOps, writesOnly: boolean, budget: number, walkFirst = true): KeyResult {
  // The operations searched, as rows of k: writes, and reads with a response (reads without one
  // constrain nothing) unless writesOnly.
  const rows = new Int32Array(k.n);
  let n = 0;
  for (let r = 0; r < k.n; r++) if (k.write[r] === 1 || (!writesOnly && k.returnUs[r] !== Number.POSITIVE_INFINITY)) rows[n++] = r;
  if (n === 0) return { result: "ok", explored: 0 };
  const ops: SearchedOps = { n, isWrite: new Uint8Array(n), value: new Int32Array(n), pos: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    ops.isWrite[i] = k.write[r];
    ops.value[i] = k.value[r];
    ops.pos[i] = k.write[r] === 1 ? k.pos[r] : -1;
  }

  // Entries 0..2n-1: call of op i is 2i, return is 2i+1. Sorted by time; calls before returns at
  // equal times (touching operations count as concurrent: never a false alarm).
  const m = 2 * n;
  const timeOf = new Float64Array(m);
  const order: number[] = new Array(m);
  for (let i = 0; i < n; i++) {
    timeOf[2 * i] = k.invokeUs[rows[i]];
    timeOf[2 * i + 1] = k.returnUs[rows[i]];
    order[2 * i] = 2 * i;
    order[2 * i + 1] = 2 * i + 1;
  }
  order.sort((a, b) => timeOf[a] - timeOf[b] || (a & 1) - (b & 1) || a - b);

  // Doubly linked list over entries; `m` is the head, a sentinel.
  const list: EntryList = { next: new Int32Array(m + 1), prev: new Int32Array(m + 1) };
  linkInOrder(list, order);
  if (walkFirst) {
    const walked = walkForward(ops, list, m, budget);
    if (walked !== NEEDS_BACKTRACK) return walked > budget ? { result: "unknown", explored: walked } : { result: "ok", explored: walked };
    linkInOrder(list, order); // the walk unlinked what it linearized: the DFS starts over
  }
  return searchDepthFirst(k, rows, ops, list, m, budget);
}

/** The operations of a search, by index: kind, value (0: none) and position (-1: unknown). */
interface SearchedOps {
  n: number;
  isWrite: Uint8Array;
  value: Int32Array;
  pos: Float64Array;
}

/** A doubly linked list over entries (-1: none), whose head is a sentinel entry. */
interface EntryList {
  next: Int32Array;
  prev: Int32Array;
}

/** Links the entries in `order` after the head, the entry after the last (order.length). */
function linkInOrder(list: EntryList, order: readonly number[]): void {
  const { next, prev } = list;
  const head = order.length;
  next.fill(-1);
  prev.fill(-1);
  let last = head;
  for (let j = 0; j < order.length; j++) {
    const e = order[j];
    next[last] = e;
    prev[e] = last;
    last = e;
  }
}

/** Unlinks a linearized call `e` and its return (e + 1). */
function unlinkCall(list: EntryList, e: number): void {
  const { next, prev } = list;
  next[prev[e]] = next[e];
  if (next[e] >= 0) prev[next[e]] = prev[e];
  next[prev[e + 1]] = next[e + 1];
  if (next[e + 1] >= 0) prev[next[e + 1]] = prev[e + 1];
}

/** walkForward's answer where the search must backtrack. */
const NEEDS_BACKTRACK = -1;

/**
 * The depth-first search's first steps, taken without its stack and cache: linearize the first
 * call in the list that can go next, again and again. Until its first backtrack the search does
 * just that, and every configuration it meets is new (each has one more operation linearized).
 * So when the walk linearizes every operation, the search would have taken exactly these steps
 * and found the history linearizable: the walk returns the steps. That spares the cache, most of
 * the search's cost, for keys whose operations took effect in call order (60 of a two-minute
 * run's 64 keys, 12 of a one-hour run's). It returns NEEDS_BACKTRACK where the search would
 * first backtrack (a return comes before any call that can go), and the step count as soon as it
 * exceeds `budget`, where the search gives up.
 */
function walkForward(ops: SearchedOps, list: EntryList, head: number, budget: number): number {
  const { isWrite, value: opValue, pos: opPos } = ops;
  const next = list.next;
  let value = 0;
  let pos = 0;
  let explored = 0;
  let e = next[head];
  while (e !== -1) {
    if (++explored > budget) return explored;
    if ((e & 1) === 1) return NEEDS_BACKTRACK;
    const i = e >> 1;
    if (isWrite[i] === 1) {
      const p = opPos[i];
      if (p >= 0 && p <= pos) {
        e = next[e];
        continue;
      }
      value = opValue[i];
      if (p >= 0) pos = p;
    } else if (opValue[i] !== value) {
      e = next[e];
      continue;
    }
    unlinkCall(list, e);
    e = next[head];
  }
  return explored;
}

/** The search proper, from the start: see searchKey. */
function searchDepthFirst(k: KeyOps, rows: Int32Array, ops: SearchedOps, list: EntryList, head: number, budget: number): KeyResult {
  const { n, isWrite, value: opValue, pos: opPos } = ops;
  const { next, prev } = list;

  // Lowe's cache: the (linearized set, state) configurations explored so far.
  const memo = new ConfigMemo(n);

  // The DFS stack of linearized calls, with the register state before each.
  const stackCall = new Int32Array(n);
  const stackValue = new Int32Array(n);
  const stackPos = new Float64Array(n);
  let depth = 0;
  let value = 0;
  let pos = 0;
  let explored = 0;
  let bestDepth = -1;
  let witness: number[] = [];
  let culprit = -1;
  let e = next[head];
  while (e !== -1) {
    if (++explored > budget) return { result: "unknown", explored };
    if ((e & 1) === 0) {
      const i = e >> 1;
      let ok: boolean;
      let nv = value;
      let np = pos;
      if (isWrite[i] === 1) {
        const p = opPos[i];
        ok = p < 0 || p > pos;
        nv = opValue[i];
        if (p >= 0) np = p;
      } else {
        ok = opValue[i] === value;
      }
      if (ok) {
        memo.add(i);
        if (!memo.seen(nv, np)) {
          assert(depth < n, "linearizability: stack deeper than the history");
          stackCall[depth] = e;
          stackValue[depth] = value;
          stackPos[depth] = pos;
          depth++;
          value = nv;
          pos = np;
          unlinkCall(list, e);
          e = next[head];
          continue;
        }
        memo.remove(i);
      }
      e = next[e];
    } else {
      // A return whose call is still pending: nothing linearizable comes first. Backtrack.
      if (depth > bestDepth) {
        bestDepth = depth;
        culprit = rows[e >> 1];
        witness = [];
        for (let j = Math.max(0, depth - WITNESS_TAIL); j < depth; j++) witness.push(k.opId[rows[stackCall[j] >> 1]]);
        witness.push(k.opId[culprit]);
      }
      if (depth === 0) return { result: "violation", explored, witness, culprit };
      depth--;
      const call = stackCall[depth];
      memo.remove(call >> 1);
      value = stackValue[depth];
      pos = stackPos[depth];
      // relink the return, then the call (reverse order of unlinking)
      const r = call + 1;
      if (next[r] >= 0) prev[next[r]] = r;
      next[prev[r]] = r;
      if (next[call] >= 0) prev[next[call]] = call;
      next[prev[call]] = call;
      e = next[call];
    }
  }
  return { result: "ok", explored };
}

/** Matches /^\d+$/: a non-empty run of ASCII digits. */
function isDecimal(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// ── the online checker: collects client.submit / client.result, judges at the end ─────────────

export interface LinearizabilityConfig {
  /** Search budget (steps) for histories above ALWAYS_DECIDED_OPS; over it the verdict is "unknown" (silent). */
  budget: number;
  /** Operations collected at most; later submissions are ignored (memory bound for long runs). */
  maxOps: number;
}

export const LINEARIZABILITY_DEFAULTS: Readonly<LinearizabilityConfig> = Object.freeze({ budget: 5_000_000, maxOps: 200_000 });

/**
 * The Raft-only KV workload's history. A submit with value null is a read; results: ok (a write's
 * index is its log position), timeout (indeterminate), error (refused or lost leadership: a write
 * is indeterminate, a read is dropped), not-leader (refused before proposing: dropped).
 */
export class LinearizabilityChecker implements Checker {
  readonly ids: readonly LinearizabilityId[] = ["api.linearizable-writes", "api.linearizable-reads"];
  private ctx!: CheckerContext;
  private readonly cfg: LinearizabilityConfig;
  private readonly ops = new OpColumns();
  /** Time of the first submission ignored because of maxOps, or null. */
  private cutoffUs: number | null = null;
  /** The last verdict, for tests and reports. */
  lastResult: CheckResult | null = null;

  constructor(cfg: Partial<LinearizabilityConfig> = {}) {
    this.cfg = { ...LINEARIZABILITY_DEFAULTS, ...cfg };
  }

  attach(ctx: CheckerContext): void {
    this.ctx = ctx;
    // Per request, positionally: no event object is built for these two types.
    ctx.trace.onFields("client.submit", (seq, timeUs, _node, opId, client, via, key, value) =>
      this.onSubmit(seq, timeUs, opId as number, client as string, via as string, key as string, (value ?? null) as string | null),
    );
    ctx.trace.onFields("client.result", (seq, timeUs, _node, opId, _client, result, index, value) =>
      this.onResult(seq, timeUs, opId as number, result as string, index as number, (value ?? null) as string | null),
    );
  }

  private onSubmit(seq: number, timeUs: number, opId: number, client: string, via: string, key: string, value: string | null): void {
    if (this.ops.size >= this.cfg.maxOps) {
      this.cutoffUs ??= timeUs;
      return;
    }
    this.ops.submit(opId, timeUs, seq, client, via, key, value);
  }

  private onResult(seq: number, timeUs: number, opId: number, result: string, index: number, value: string | null): void {
    const ops = this.ops;
    const r = ops.row(opId);
    if (r < 0 || !ops.answer(r, seq)) return;
    switch (result) {
      case "ok":
        ops.returned(r, timeUs, index, value);
        break;
      case "not-leader":
        ops.drop(r);
        break;
      case "error":
        if (!ops.isWrite(r)) ops.drop(r);
        break;
      case "timeout":
        break;
    }
  }

  finish(_endUs: number): void {
    const ops = this.ops;
    const cutoffUs = this.cutoffUs;
    const { keys, total } = ops.byKey((row) => {
      if (ops.isDropped(row)) return false;
      if (ops.isWrite(row) || cutoffUs === null) return true;
      // Past the cutoff a read may have seen a write we never collected: leave it out.
      const ret = ops.returnOf(row);
      return ret !== null && ret < cutoffUs;
    });
    const r = checkKeys(keys, total, this.cfg.budget);
    this.lastResult = r;
    if (r.result !== "violation") return;
    const collected = (id: number): Collected => ops.op(ops.row(id));
    const witness = r.witness ?? [];
    const described = witness.map((id) => describe(collected(id)));
    const culprit = collected(witness[witness.length - 1]);
    const what =
      r.invariant === "api.linearizable-writes"
        ? "the acknowledged writes cannot be put in one order that respects both real time and the order in which they took effect (or a read returned a value no write produced)"
        : `no single order of the operations explains what the reads returned: ${describe(culprit)} cannot follow any valid order of the operations before it`;
    const seqs: number[] = [];
    const nodes: string[] = [];
    for (const id of witness) {
      const c = collected(id);
      seqs.push(c.submitSeq);
      if (c.resultSeq >= 0) seqs.push(c.resultSeq);
      if (!nodes.includes(c.via)) nodes.push(c.via);
    }
    this.ctx.violation(
      r.invariant!,
      `The client history of key ${r.key} is not linearizable: ${what}. Longest valid order found, ending with the operation ` +
        `that breaks it: ${described.join("; ")}.`,
      nodes,
      seqs,
    );
  }
}

function describe(c: Collected): string {
  const o = c;
  const span = o.returnUs === null ? `from ${formatTime(o.invokeUs)}, no response` : `${formatTime(o.invokeUs)}..${formatTime(o.returnUs)}`;
  const body = o.kind === "read" ? `read → ${o.output ?? "nothing"}` : `write ${o.input}${o.output === null ? "" : ` (index ${o.output})`}`;
  return `op ${o.opId} by ${o.client} via ${c.via}: ${body} (${span}, events #${c.submitSeq}${c.resultSeq >= 0 ? `/#${c.resultSeq}` : ""})`;
}
