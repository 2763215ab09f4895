// Evaluates `expect.reached` conditions: proof that a scenario's trigger actually happened
// (a scenario whose trigger never fires proves nothing). Stats subscribe only to the event types
// the conditions need, so a run without conditions pays nothing.
import type { Violation, Warning } from "../check/api.ts";
import { unreachable } from "../kernel/assert.ts";
import type { Trace } from "../kernel/trace.ts";
import type { EventType } from "../kernel/events.ts";
import { compare, parseReached, type ReachedCondition } from "./reached-grammar.ts";
import type { OpResults } from "./op-results.ts";
import type { FinalState, ReachedResult } from "./result.ts";
import type { Scenario } from "./types.ts";

function serviceMatches(full: string, asked: string): boolean {
  return full === asked || full.endsWith(`_${asked}`);
}

export class ReachedStats {
  readonly conditions: ReachedCondition[];
  leaderChanges = 0;
  elections = 0;
  readonly nodeStatus = new Set<string>();
  readonly nodeRole = new Set<string>();
  readonly taskStates = new Map<string, Set<string>>();
  readonly dropped = new Map<string, number>();
  readonly messages = new Map<string, number>();
  readonly eventCounts = new Map<string, number>();

  constructor(
    trace: Trace,
    scenario: Scenario,
    /** The timeline's docker operations (op:<n> conditions read their answers here). */
    readonly ops: OpResults,
  ) {
    this.conditions = scenario.expect.reached.map((c) => parseReached(c));
    const kinds = new Set(this.conditions.map((c) => c.kind));
    if (kinds.has("leaderChanges") || kinds.has("elections") || kinds.has("nodeRole")) {
      trace.on("raft.role", (e) => {
        // Only managers run Raft: this is how a Raft-only scenario (no node.status) shows roles.
        if (e.node !== null) this.nodeRole.add(`${e.node}=manager`);
        if (e.role === "leader") {
          this.leaderChanges++;
          this.nodeRole.add(`${e.node}=leader`);
        } else if (e.role === "candidate") {
          this.elections++;
        }
      });
    }
    if (kinds.has("nodeStatus") || kinds.has("nodeRole")) {
      trace.on("node.status", (e) => {
        this.nodeStatus.add(`${e.node}=${e.status}`);
        this.nodeRole.add(`${e.node}=${e.role}`);
      });
    }
    if (kinds.has("taskState")) {
      trace.on("task.state", (e) => {
        let s = this.taskStates.get(e.service);
        if (!s) this.taskStates.set(e.service, (s = new Set()));
        s.add(e.state);
      });
    }
    // Per-message types: positional listeners, so counting builds no event object.
    if (kinds.has("dropped")) {
      trace.onFields("msg.drop", (_seq, _t, _node, _id, _from, _to, _kind, reason) => {
        const r = reason as string;
        this.dropped.set(r, (this.dropped.get(r) ?? 0) + 1);
      });
    }
    if (kinds.has("messages")) {
      trace.onFields("msg.send", (_seq, _t, _node, _id, _from, _to, kind) => {
        const k = kind as string;
        this.messages.set(k, (this.messages.get(k) ?? 0) + 1);
      });
    }
    for (const c of this.conditions) {
      if (c.kind !== "event" || this.eventCounts.has(c.type)) continue;
      this.eventCounts.set(c.type, 0);
      trace.on(c.type as EventType, () => this.eventCounts.set(c.type, (this.eventCounts.get(c.type) ?? 0) + 1));
    }
  }
}

export interface ReachedOutcome {
  violations: Violation[];
  warnings: Warning[];
  final: FinalState;
}

export function evaluateReached(scenario: Scenario, stats: ReachedStats, out: ReachedOutcome): ReachedResult[] {
  const runEntries = scenario.timeline.map((e, i) => (e.action.kind === "run" ? i : -1)).filter((i) => i >= 0);
  return stats.conditions.map((c, i) => {
    const condition = scenario.expect.reached[i];
    const count = (label: string, n: number, op: Parameters<typeof compare>[0], want: number): ReachedResult => ({
      condition,
      ok: compare(op, n, want),
      observed: `${label} = ${n}`,
    });
    switch (c.kind) {
      case "leaderChanges":
        return count("leaderChanges", stats.leaderChanges, c.op, c.n);
      case "elections":
        return count("elections", stats.elections, c.op, c.n);
      case "nodeStatus":
        return { condition, ok: stats.nodeStatus.has(`${c.node}=${c.status}`), observed: seen(stats.nodeStatus, `${c.node}=`) };
      case "nodeRole":
        return { condition, ok: stats.nodeRole.has(`${c.node}=${c.role}`), observed: seen(stats.nodeRole, `${c.node}=`) };
      case "taskState": {
        const states = new Set<string>();
        for (const [svc, s] of stats.taskStates) if (serviceMatches(svc, c.service)) for (const x of s) states.add(x);
        return { condition, ok: states.has(c.state), observed: `states seen: ${[...states].join(", ") || "none"}` };
      }
      case "serviceRunning": {
        const svc = out.final.services.find((s) => serviceMatches(s.name, c.service));
        return count(`running(${c.service})`, svc?.running ?? 0, c.op, c.n);
      }
      case "dropped":
        return count(`dropped(${c.reason})`, stats.dropped.get(c.reason) ?? 0, c.op, c.n);
      case "messages":
        return count(`messages(${c.msgKind})`, stats.messages.get(c.msgKind) ?? 0, c.op, c.n);
      case "event":
        return count(`events(${c.type})`, stats.eventCounts.get(c.type) ?? 0, c.op, c.n);
      case "violation": {
        const ids = [...out.violations.map((v) => v.invariant), ...out.warnings.map((w) => w.invariant)];
        return { condition, ok: ids.includes(c.id), observed: `reported: ${ids.join(", ") || "none"}` };
      }
      case "warning": {
        const ids = out.warnings.map((w) => w.invariant);
        return { condition, ok: ids.includes(c.id), observed: `warnings: ${[...new Set(ids)].join(", ") || "none"}` };
      }
      case "op": {
        const entry = runEntries[c.n - 1];
        const r = entry === undefined ? undefined : stats.ops.byEntry.get(entry);
        const got = r === undefined ? "no result" : r ? "ok" : "error";
        return { condition, ok: got === c.result, observed: `op ${c.n}: ${got}` };
      }
      default:
        return unreachable(c, "reached condition");
    }
  });
}

function seen(set: Set<string>, prefix: string): string {
  const xs = [...set].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
  return `seen: ${xs.join(", ") || "none"}`;
}
