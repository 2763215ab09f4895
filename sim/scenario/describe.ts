// Plain-language descriptions of timeline entries (faults and docker commands): one wording for
// the terminal (shrunk counterexamples), the report's fault table and verdict card, and Perfetto.
import { formatDuration, formatTime } from "../kernel/types.ts";
import type { PartitionSpec } from "../world/spec.ts";
import type { Action, TimelineEntry } from "./types.ts";

function partitionText(p: PartitionSpec): string {
  if ("groups" in p) return p.groups.map((g) => `[${g.join(", ")}]`).join(" | ");
  if ("blocked" in p) return `blocked ${p.blocked.map(([a, b]) => `${a}→${b}`).join(", ")}`;
  if (p.shape === "isolate") return `isolate ${p.node}`;
  return p.shape;
}

function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

function onNodes(nodes: string[] | null): string {
  return nodes === null ? "all links" : `links of ${nodes.join(", ")}`;
}

/** One line describing an action, e.g. "crash m2", "loss 20% on all links for 30s". */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case "crash":
      return `crash ${action.target}${action.loseUnsynced ? " (lose unsynced tail)" : ""}`;
    case "restart":
    case "pause":
    case "resume":
    case "remove":
      return `${action.kind} ${action.target}`;
    case "partition":
      return `partition ${partitionText(action.partition)}`;
    case "heal":
      return "heal";
    case "loss":
    case "duplicate":
      return `${action.kind} ${pct(action.rate)} on ${onNodes(action.nodes)} for ${formatDuration(action.forUs)}`;
    case "delay":
      return `delay ${formatDuration(action.latency.minUs)}–${formatDuration(action.latency.maxUs)} on ${onNodes(action.nodes)} for ${formatDuration(action.forUs)}`;
    case "skew": {
      const parts: string[] = [];
      if (action.offsetUs !== null) parts.push(`offset ${formatDuration(action.offsetUs)}`);
      if (action.driftPpm !== null) parts.push(`drift ${action.driftPpm}ppm`);
      return `skew ${action.target} ${parts.join(", ")}`.trim();
    }
    case "run":
      return action.command;
    default:
      return JSON.stringify(action);
  }
}

/** One terminal line per entry: `    12.5s  crash m2`, `      40s  docker service scale web=0 (on m1)`. */
export function entryText(e: TimelineEntry): string {
  const what = e.action.kind === "run" && e.on ? `${describeAction(e.action)} (on ${e.on})` : describeAction(e.action);
  return `${formatTime(e.atUs).padStart(9)}  ${what}`;
}
