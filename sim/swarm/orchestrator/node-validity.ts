// orchestrator.InvalidNode: a task must move off a node that is gone, DOWN or draining.
// UNKNOWN, DISCONNECTED and PAUSE are not invalid (tasks stay put).
import type { NodeObj } from "../objects.ts";
import type { RestartReason } from "./restart.ts";

export function invalidNodeReason(n: NodeObj | null): RestartReason | null {
  if (n === null) return "node-gone";
  if (n.status.state === "down") return "node-down";
  if (n.spec.availability === "drain") return "node-drain";
  return null;
}
