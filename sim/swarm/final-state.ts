// The `final` block of a run's JSON (CONTRACT.md), read from a manager's store: nodes,
// services with desired and running counts, and the non-terminal tasks.
import type { NodeIx } from "../kernel/types.ts";
import { matchConstraints, nodeToConstraintNode, parseConstraints } from "./constraints.ts";
import { stateValue } from "./objects.ts";
import type { SwarmStore } from "./store/store.ts";

export interface FinalState {
  nodes: { name: string; role: string; availability: string; status: string; leader: boolean; labels: Record<string, string> }[];
  services: { name: string; mode: string; desired: number; running: number }[];
  tasks: { service: string; slot: number; node: string | null; state: string; desiredState: string; error?: string }[];
}

export function finalStateOf(store: SwarmStore, leader: NodeIx): FinalState {
  const nodes = [...store.nodes.values()].map((n) => ({
    name: n.id,
    role: n.role,
    availability: n.spec.availability,
    status: n.status.state,
    leader: n.ix === leader,
    labels: n.spec.labels,
  }));
  const services = [...store.services.values()].map((s) => {
    let running = 0;
    for (const t of store.tasksOfService(s.id)) if (t.status.state === "running" && stateValue(t.desiredState) <= stateValue("running")) running++;
    let desired = s.spec.replicas;
    if (s.spec.mode === "global") {
      desired = 0;
      let cs: ReturnType<typeof parseConstraints> = [];
      try {
        cs = parseConstraints(s.spec.placement.constraints);
      } catch {
        cs = [];
      }
      for (const n of store.nodes.values()) {
        if (n.status.state !== "down" && n.spec.availability !== "drain" && matchConstraints(cs, nodeToConstraintNode(n))) desired++;
      }
    }
    return { name: s.id, mode: s.spec.mode, desired, running };
  });
  const tasks: FinalState["tasks"] = [];
  for (const t of store.tasks.values()) {
    if (stateValue(t.status.state) > stateValue("running")) continue;
    const row: FinalState["tasks"][number] = { service: t.service, slot: t.slot, node: t.nodeId, state: t.status.state, desiredState: t.desiredState };
    if (t.status.err !== null) row.error = t.status.err;
    tasks.push(row);
  }
  return { nodes, services, tasks };
}
