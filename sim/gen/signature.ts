// Failure signatures: `invariant | fault kinds | roles involved`. A sweep groups its failures by
// signature, shrinks one per group and counts the rest, so a thousand failing seeds of one bug
// read as one line with a count.
import type { RunResult } from "../scenario/result.ts";
import type { Scenario } from "../scenario/types.ts";
import { FAULT_KINDS } from "../world/spec.ts";

/** What failed: the invariant id, or why the run itself broke. */
export function failureKind(r: RunResult): string {
  if (r.status === "assertion") return "internal.assertion";
  if (r.status === "budget-exhausted") return "internal.event-budget";
  const v = r.violations[0];
  if (v) return v.invariant;
  if (r.outcome !== r.expected) return `outcome:${r.outcome}`;
  const unmet = r.reached.find((c) => !c.ok);
  return unmet ? `unreached:${unmet.condition}` : "ok";
}

/** Timeline kinds applied up to the violation (all of them when the run broke otherwise), in FAULT_KINDS order, `run` last. */
export function faultKindsBefore(s: Scenario, untilUs: number): string[] {
  const seen = new Set<string>();
  for (const e of s.timeline) if (e.atUs <= untilUs) seen.add(e.action.kind);
  const kinds: string[] = FAULT_KINDS.filter((k) => seen.has(k));
  if (seen.has("run")) kinds.push("run");
  return kinds;
}

/** Roles of the nodes a violation names (manager / worker), sorted. */
export function rolesInvolved(s: Scenario, nodes: readonly string[]): string[] {
  const roles = new Set<string>();
  for (const name of nodes) {
    const n = s.nodes.find((x) => x.name === name);
    if (n) roles.add(n.role);
  }
  return [...roles].sort();
}

export function signatureOf(s: Scenario, r: RunResult): string {
  const v = r.violations[0];
  const untilUs = v ? v.timeUs : Number.POSITIVE_INFINITY;
  const kinds = faultKindsBefore(s, untilUs);
  const roles = v ? rolesInvolved(s, v.nodes) : [];
  return `${failureKind(r)} | ${kinds.length > 0 ? kinds.join(",") : "no faults"} | ${roles.length > 0 ? roles.join(",") : "-"}`;
}

/** Whether two results fail the same way (what shrinking must preserve). */
export function sameFailure(a: RunResult, b: RunResult): boolean {
  return !b.ok && failureKind(a) === failureKind(b);
}
