// The trace as JSON Lines: the meta line, then one event per line (CONTRACT.md "Trace").
import type { TraceEvent, TraceMeta } from "../kernel/events.ts";

export function traceToJsonl(meta: TraceMeta, events: readonly TraceEvent[]): string {
  const lines: string[] = [JSON.stringify(meta)];
  for (const e of events) lines.push(JSON.stringify(e));
  return `${lines.join("\n")}\n`;
}
