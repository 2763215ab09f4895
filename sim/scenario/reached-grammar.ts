// The `expect.reached` condition grammar (parse only; the runner evaluates, sim/scenario/reached.ts).
//   leaderChanges>=N  elections>=N           counts over the run (ops >=, <=, ==, >, <)
//   nodeStatus:<node>=<status>  nodeRole:<node>=<role>  taskState:<service>=<state>   seen at some point
//   serviceRunning:<service>>=N            running tasks at the end
//   dropped:<reason>>=N  messages:<kind>>=N  event:<type>>=N
//   violation:<id>  warning:<id>            reported during the run
//   op:<n>=ok|error                          result of the n-th `run:` entry (1-based, timeline order)
import { EVENT_TYPES } from "../kernel/events.ts";
import { TASK_STATE_VALUE } from "../swarm/objects.ts";
import { didYouMean, InputError, oneOf } from "./errors.ts";
import { ALL_CHECK_IDS, WARNING_IDS } from "./invariants.ts";

export type CompareOp = ">=" | "<=" | "==" | ">" | "<";

export type ReachedCondition =
  | { kind: "leaderChanges"; op: CompareOp; n: number }
  | { kind: "elections"; op: CompareOp; n: number }
  | { kind: "nodeStatus"; node: string; status: string }
  | { kind: "nodeRole"; node: string; role: string }
  | { kind: "taskState"; service: string; state: string }
  | { kind: "serviceRunning"; service: string; op: CompareOp; n: number }
  | { kind: "dropped"; reason: string; op: CompareOp; n: number }
  | { kind: "messages"; msgKind: string; op: CompareOp; n: number }
  | { kind: "event"; type: string; op: CompareOp; n: number }
  | { kind: "violation"; id: string }
  | { kind: "warning"; id: string }
  | { kind: "op"; n: number; result: "ok" | "error" };

export type ReachedKind = ReachedCondition["kind"];

const KINDS: readonly ReachedKind[] = [
  "leaderChanges", "elections", "nodeStatus", "nodeRole", "taskState", "serviceRunning",
  "dropped", "messages", "event", "violation", "warning", "op",
];
export const NODE_STATUSES = ["unknown", "down", "ready", "disconnected"] as const;
/** Swarm roles, plus `leader` (the node was Raft leader at some point). */
export const NODE_ROLES = ["manager", "worker", "leader"] as const;
export const DROP_REASONS = ["loss", "partition", "crashed", "paused-timeout"] as const;
const TASK_STATES = Object.keys(TASK_STATE_VALUE);

/** What the condition may be checked against at load time (unknown names get a did-you-mean). */
export interface ReachedContext {
  nodes?: readonly string[];
  /** Number of `run:` entries in the timeline. */
  runEntries?: number;
}

const COUNT = /^(>=|<=|==|>|<)(\d+)$/;

export function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case "==":
      return a === b;
    case ">":
      return a > b;
    default:
      return a < b;
  }
}

export function parseReached(text: string, ctx: ReachedContext = {}): ReachedCondition {
  const s = text.replace(/\s+/g, "");
  const head = /^[A-Za-z]+/.exec(s)?.[0] ?? "";
  const kind = head as ReachedKind;
  if (!KINDS.includes(kind)) {
    throw new InputError(`unknown reached condition '${text}': expected one of ${KINDS.join(", ")}${didYouMean(head, KINDS)}`);
  }
  const rest = s.slice(head.length);
  const bad = (expected: string): never => {
    throw new InputError(`malformed reached condition '${text}': expected ${expected}`);
  };
  switch (kind) {
    case "leaderChanges":
    case "elections": {
      const m = COUNT.exec(rest) ?? bad(`${kind}<op>N with op >=, <=, ==, > or <, e.g. '${kind}>=2'`);
      return { kind, op: m[1] as CompareOp, n: Number(m[2]) };
    }
    case "nodeStatus":
    case "nodeRole":
    case "taskState": {
      const m = /^:([^=<>:]+)=([a-z-]+)$/.exec(rest) ?? bad(`'${kind}:<name>=<value>', e.g. '${example(kind)}'`);
      const [name, value] = [m[1], m[2]];
      if (kind === "taskState") return { kind, service: name, state: member(value, TASK_STATES, "task state") };
      checkNode(name, ctx);
      if (kind === "nodeStatus") return { kind, node: name, status: member(value, NODE_STATUSES, "node status") };
      return { kind, node: name, role: member(value, NODE_ROLES, "node role") };
    }
    case "serviceRunning":
    case "dropped":
    case "messages":
    case "event": {
      const m = /^:([^=<>]+)(>=|<=|==|>|<)(\d+)$/.exec(rest) ?? bad(`'${kind}:<name><op>N', e.g. '${example(kind)}'`);
      const [name, op, n] = [m[1], m[2] as CompareOp, Number(m[3])];
      if (kind === "serviceRunning") return { kind, service: name, op, n };
      if (kind === "dropped") return { kind, reason: member(name, DROP_REASONS, "drop reason"), op, n };
      if (kind === "messages") return { kind, msgKind: name, op, n };
      return { kind, type: member(name, EVENT_TYPES, "event type"), op, n };
    }
    case "violation":
    case "warning": {
      const m = /^:([a-z.-]+)$/.exec(rest) ?? bad(`'${kind}:<id>', e.g. '${example(kind)}'`);
      return { kind, id: member(m[1], kind === "warning" ? WARNING_IDS : ALL_CHECK_IDS, kind === "warning" ? "warning id" : "invariant id") };
    }
    case "op": {
      const m = /^:(\d+)=(ok|error)$/.exec(rest) ?? bad("'op:<n>=ok' or 'op:<n>=error' (n = 1 for the first run: entry)");
      const n = Number(m[1]);
      const runs = ctx.runEntries;
      if (n < 1 || (runs !== undefined && n > runs)) {
        throw new InputError(`reached condition '${text}' names run entry ${n}, but the timeline has ${runs ?? 0} run: entr${runs === 1 ? "y" : "ies"} (numbered from 1)`);
      }
      return { kind, n, result: m[2] as "ok" | "error" };
    }
  }
}

function example(kind: ReachedKind): string {
  const ex: Record<ReachedKind, string> = {
    leaderChanges: "leaderChanges>=2",
    elections: "elections>=1",
    nodeStatus: "nodeStatus:w3=down",
    nodeRole: "nodeRole:m2=leader",
    taskState: "taskState:web=failed",
    serviceRunning: "serviceRunning:web>=3",
    dropped: "dropped:partition>=1",
    messages: "messages:raft.vote>=1",
    event: "event:node.crash>=1",
    violation: "violation:svc.convergence",
    warning: "warning:warn.spof-managers",
    op: "op:1=ok",
  };
  return ex[kind];
}

function member<T extends string>(value: string, options: readonly T[], what: string): T {
  if ((options as readonly string[]).includes(value)) return value as T;
  throw new InputError(`unknown ${what} '${value}': expected ${oneOf(options)}${didYouMean(value, options)}`);
}

function checkNode(name: string, ctx: ReachedContext): void {
  if (ctx.nodes === undefined || ctx.nodes.includes(name)) return;
  throw new InputError(`unknown node '${name}' in reached condition${didYouMean(name, ctx.nodes)}`);
}
