// One line per timeline entry, for terminal output of shrunk counterexamples:
// `  12.5s  crash m2`, `  40s    run docker service scale shop_web=0`.
import { formatDuration, formatTime } from "../kernel/types.ts";
import type { TimelineEntry } from "../scenario/types.ts";
import type { Fault, PartitionSpec } from "../world/spec.ts";

function partitionText(p: PartitionSpec): string {
  if ("groups" in p) return p.groups.map((g) => `[${g.join(" ")}]`).join(" | ");
  if ("blocked" in p) return `blocked ${p.blocked.map(([a, b]) => `${a}→${b}`).join(", ")}`;
  return p.shape === "isolate" ? `isolate:${p.node}` : p.shape;
}

function nodesText(nodes: string[] | null): string {
  return nodes === null ? "all links" : `links of ${nodes.join(", ")}`;
}

export function faultText(f: Fault): string {
  switch (f.kind) {
    case "crash":
      return `crash ${f.target}${f.loseUnsynced ? " (losing its unsynced disk tail)" : ""}`;
    case "restart":
    case "pause":
    case "resume":
    case "remove":
      return `${f.kind} ${f.target}`;
    case "partition":
      return `partition ${partitionText(f.partition)}`;
    case "heal":
      return "heal the partition";
    case "loss":
    case "duplicate":
      return `${f.kind} ${Math.round(f.rate * 100)}% on ${nodesText(f.nodes)} for ${formatDuration(f.forUs)}`;
    case "delay":
      return `delay ${formatDuration(f.latency.minUs)}–${formatDuration(f.latency.maxUs)} on ${nodesText(f.nodes)} for ${formatDuration(f.forUs)}`;
    case "skew": {
      const parts: string[] = [];
      if (f.offsetUs !== null) parts.push(`offset ${formatDuration(f.offsetUs)}`);
      if (f.driftPpm !== null) parts.push(`drift ${f.driftPpm}ppm`);
      return `skew ${f.target} ${parts.join(", ")}`;
    }
  }
}

export function entryText(e: TimelineEntry): string {
  const what = e.action.kind === "run" ? `run ${e.action.command}${e.on ? ` (on ${e.on})` : ""}` : faultText(e.action);
  return `${formatTime(e.atUs).padStart(9)}  ${what}`;
}
