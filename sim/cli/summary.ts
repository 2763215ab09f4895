// Plain-text rendering of results for the terminal.
import { formatTime } from "../kernel/types.ts";
import type { FailedOp, RunResult } from "../scenario/result.ts";

export function describeResult(r: RunResult): string {
  const lines: string[] = [];
  const verdict = r.ok ? "OK" : "FAILED";
  lines.push(`${verdict}  ${r.scenario}  seed=${r.seed}  outcome=${r.outcome} (expected ${r.expected})`);
  lines.push(`  ${r.events} events, ${formatTime(r.simulatedUs)} simulated, ${r.wallMs} ms wall, traceHash ${r.traceHash}, status ${r.status}`);
  for (const v of r.violations) {
    lines.push(`  violation ${v.invariant} at ${formatTime(v.timeUs)} (event #${v.event}) nodes [${v.nodes.join(", ")}]`);
    lines.push(`    ${v.message}`);
  }
  for (const w of r.warnings) lines.push(`  warning ${w.invariant}: ${w.message}`);
  for (const op of r.failedOps) lines.push(`  ${describeFailedOp(op)}`);
  for (const c of r.reached) lines.push(`  reached ${c.ok ? "✓" : "✗"} ${c.condition}   (${c.observed})`);
  if (r.error) lines.push(`  internal error: ${r.error}`);
  return lines.join("\n");
}

/**
 * "op 2 failed at 10s: docker … → error". A failed step leaves the outcome alone (docker fails
 * the same way), so this line is how the user learns the step did nothing. The entry's own time
 * comes first when the failure came later (e.g. after a round trip to the leader).
 */
export function describeFailedOp(op: FailedOp): string {
  if (!op.answered) return `op ${op.op} at ${formatTime(op.atUs)} had no answer when the run ended at ${formatTime(op.timeUs)}: ${op.command}`;
  const submitted = op.timeUs === op.atUs ? "" : ` (at ${formatTime(op.atUs)})`;
  return `op ${op.op}${submitted} failed at ${formatTime(op.timeUs)}: ${op.command} → ${op.error}`;
}

/** A fixed-width table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [fmt(header), fmt(widths.map((w) => "─".repeat(w))), ...rows.map(fmt)].join("\n");
}
