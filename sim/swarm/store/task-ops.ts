// Building and changing tasks as new immutable objects (the store never mutates in place).
import { assert } from "../../kernel/assert.ts";
import type { Micros } from "../../kernel/types.ts";
import { type ServiceObj, stateValue, type TaskObj, type TaskState } from "../objects.ts";
import { slotKey } from "./task-index.ts";
import type { Tx } from "./tx.ts";

/** A NEW task for a slot (replicated, slot ≥ 1) or a node (global, slot 0, preassigned). */
export function newTask(tx: Tx, svc: ServiceObj, slot: number, nodeId: string | null, desired: TaskState): TaskObj {
  assert(slot > 0 || nodeId !== null, () => `global task of ${svc.id} needs a node`);
  const seq = tx.nextSeq(slotKey(svc.id, slot, nodeId));
  const id = `${svc.id}.${slot > 0 ? slot : nodeId}.${seq}`;
  return {
    id,
    service: svc.id,
    slot,
    nodeId,
    specVersion: svc.specVersion,
    spec: svc.spec,
    desiredState: desired,
    status: { state: "new", message: "created", err: null, timestampUs: tx.nowUs, appliedAtUs: tx.nowUs },
    createdAtUs: tx.nowUs,
    networksAttachments: [],
  };
}

// Copies use Object.assign, then set: `{ ...t, k: v }` takes a slow path in Node 20's V8 (~1 µs
// per call), and these run for every task change on every manager.
export function withDesired(t: TaskObj, desired: TaskState): TaskObj {
  const next = Object.assign({}, t);
  next.desiredState = desired;
  return next;
}

/** Moves the observed state (forward only; SwarmKit's states are ordered like a Lamport clock). */
export function withState(t: TaskObj, state: TaskState, message: string, err: string | null, nowUs: Micros, agentTsUs = nowUs): TaskObj {
  // Tested before building the message (no closure per call: this runs for every task change).
  if (stateValue(state) < stateValue(t.status.state)) assert(false, `task ${t.id}: state ${t.status.state} → ${state} moves backwards`);
  const next = Object.assign({}, t);
  next.status = { state, message, err, timestampUs: agentTsUs, appliedAtUs: nowUs };
  return next;
}

// The common values are compared first (pointer compares of interned strings): orchestrators test
// every task of a service at each reconcile, and a keyed lookup by state name costs far more.
export function isRunnable(t: TaskObj): boolean {
  const d = t.desiredState;
  if (d === "running" || d === "ready") return true;
  if (d === "shutdown" || d === "remove") return false;
  return stateValue(d) <= stateValue("running");
}

export function isTerminal(s: TaskState): boolean {
  if (s === "running") return false;
  if (s === "shutdown" || s === "complete" || s === "failed" || s === "rejected") return true;
  return stateValue(s) > stateValue("running");
}

/** Observed state in [ASSIGNED, RUNNING]: the task holds (or will hold) a container on its node. */
export function isActiveOnNode(t: TaskObj): boolean {
  const v = stateValue(t.status.state);
  return t.nodeId !== null && v >= stateValue("assigned") && v <= stateValue("running");
}
