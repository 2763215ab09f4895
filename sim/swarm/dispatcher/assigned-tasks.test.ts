import { describe, expect, it } from "vitest";
import { type TaskObj, type TaskState, stateValue } from "../objects.ts";
import { serviceObjFromSpec } from "../store/bootstrap.ts";
import { SwarmStore } from "../store/store.ts";
import { isActiveOnNode, newTask, withDesired, withState } from "../store/task-ops.ts";
import { Tx } from "../store/tx.ts";
import { serviceSpec } from "../testing/fixtures.ts";
import { AssignedTasks } from "./assigned-tasks.ts";

const NODES = ["w1", "w2", "w3"];
const STATES: TaskState[] = ["pending", "assigned", "accepted", "running", "complete", "failed", "shutdown"];

/** What sendAssignments listed before AssignedTasks: the node index scanned, filtered. */
function scan(store: SwarmStore, nodeId: string): string[] {
  return [...store.index.ofNode(nodeId)].map((id) => store.tasks.get(id)!).filter(isActiveOnNode).map((t) => t.id);
}

describe("AssignedTasks", () => {
  it("lists each node's tasks as the scan of the node index does, through creations, moves, state changes and deletions", () => {
    const store = new SwarmStore(null);
    const assigned = new AssignedTasks(store);
    store.listen({ taskChanged: (p, n) => assigned.changed(p, n) });
    const svc = serviceObjFromSpec(serviceSpec("web", { replicas: 4 }));
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let index = 0;
    for (let step = 0; step < 400; step++) {
      const tx = new Tx(store, step);
      for (let k = 1 + rnd(3); k > 0; k--) {
        const tasks = [...store.tasks.values()];
        const t: TaskObj | undefined = tasks.length === 0 ? undefined : tasks[rnd(tasks.length)];
        const op = t === undefined ? 0 : rnd(5);
        if (op === 0) {
          // a new task, on a node (global-like, preassigned) or not
          const created = newTask(tx, svc, 1 + rnd(4), null, "running");
          tx.putTask({ ...created, nodeId: rnd(2) === 0 ? null : NODES[rnd(NODES.length)] });
        } else if (op === 1 && t !== undefined && tx.task(t.id) !== null) {
          tx.putTask({ ...tx.task(t.id)!, nodeId: NODES[rnd(NODES.length)] }); // moved (re-indexed)
        } else if (op === 2 && t !== undefined && tx.task(t.id) !== null) {
          const cur = tx.task(t.id)!;
          const later = STATES.filter((s) => stateValue(s) >= stateValue(cur.status.state));
          tx.putTask(withState(cur, later[rnd(later.length)], "step", null, step));
        } else if (op === 3 && t !== undefined && tx.task(t.id) !== null) {
          tx.putTask(withDesired(tx.task(t.id)!, "shutdown"));
        } else if (op === 4 && t !== undefined) {
          tx.delTask(t.id);
        }
      }
      if (!tx.empty) store.apply(++index, 1, tx.command());
      for (const n of NODES) expect(assigned.of(n).map((t) => t.id)).toEqual(scan(store, n));
    }
    const fresh = new AssignedTasks(store);
    fresh.load();
    for (const n of NODES) expect(fresh.of(n).map((t) => t.id)).toEqual(scan(store, n));
    expect(NODES.some((n) => scan(store, n).length > 1)).toBe(true); // the run did exercise ordering
  });
});
