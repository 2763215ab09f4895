// The control API on the leader (manager/controlapi): validates an operation against the
// current store (committed + the open batch) and writes it. Errors use SwarmKit's texts.
import { ConstraintError, parseConstraints } from "../constraints.ts";
import type { LeaderCtx } from "../manager/leader-ctx.ts";
import type { AllocatorPort, LeaderPorts } from "../manager/ports.ts";
import { ApiError } from "../manager/writer.ts";
import type { NodeObj, ServiceObj } from "../objects.ts";
import type { ServiceSpec } from "../spec.ts";
import { nodeObjFromSpec, serviceObjFromSpec } from "../store/bootstrap.ts";
import { joinTokenString, tokenRole } from "../store/cluster.ts";
import type { Tx } from "../store/tx.ts";
import type { LeaderOp } from "./messages.ts";
import { ERR_INVALID_TOKEN } from "./messages.ts";
import { applyServiceUpdate } from "./service-update.ts";
import { rollBack } from "../rollback.ts";
import { restampCleanTasks, templateChanged } from "../task-dirty.ts";

export const ERR_JOBS = "swarmsim does not model job services: replicated-job and global-job modes are rejected";

export interface ApiDeps {
  ctx: LeaderCtx;
  ports: LeaderPorts;
  allocator: AllocatorPort;
}

/** Runs `op` inside the leader's batch; returns the output or throws ApiError. */
export function executeOp(d: ApiDeps, tx: Tx, op: LeaderOp): unknown {
  switch (op.verb) {
    case "service.create":
      return createService(d, tx, op.spec);
    case "service.update": {
      const svc = mustService(tx, op.service);
      return updateServiceSpec(d, tx, svc, applyServiceUpdate(svc.spec, op.update), op.update.force === true);
    }
    case "service.scale": {
      for (const s of op.scales) {
        const svc = mustService(tx, s.service);
        if (svc.spec.mode !== "replicated") throw new ApiError(`scale can only be used with replicated or replicated-job mode`);
      }
      for (const s of op.scales) {
        const svc = tx.service(s.service)!;
        updateServiceSpec(d, tx, svc, { ...svc.spec, replicas: s.replicas }, false);
      }
      return op.scales.map((s) => s.service);
    }
    case "service.rm":
      for (const name of op.services) mustService(tx, name);
      for (const name of op.services) removeService(d, tx, name);
      return op.services;
    case "service.inspect":
      return op.services.map((name) => mustService(tx, name));
    case "service.rollback": {
      const svc = mustService(tx, op.service);
      if (svc.previousSpec === null) throw new ApiError(`service ${op.service} does not have a previous spec`);
      rollBack(tx, svc, "manually requested rollback", true);
      return svc.id;
    }
    case "stack.deploy": {
      for (const spec of op.services) {
        const svc = tx.service(spec.name);
        if (svc === null) createService(d, tx, spec);
        else updateServiceSpec(d, tx, svc, spec, false);
      }
      return op.services.map((s) => s.name);
    }
    case "stack.rm": {
      const names: string[] = [];
      for (const id of d.ctx.store.services.keys()) {
        const svc = tx.service(id);
        if (svc !== null && svc.spec.stack === op.stack) names.push(id);
      }
      if (names.length === 0) throw new ApiError(`Nothing found in stack: ${op.stack}`);
      for (const n of names) removeService(d, tx, n);
      return names;
    }
    case "node.update": {
      const n = mustNode(tx, op.node);
      const labels = { ...n.spec.labels, ...op.labelAdd };
      for (const k of op.labelRm) delete labels[k];
      tx.putNode({ ...n, spec: { ...n.spec, availability: op.availability ?? n.spec.availability, labels }, version: n.version + 1 });
      return n.id;
    }
    case "node.promote":
      for (const name of op.nodes) mustNode(tx, name);
      for (const name of op.nodes) {
        const n = tx.node(name)!;
        if (n.spec.desiredRole !== "manager") tx.putNode({ ...n, spec: { ...n.spec, desiredRole: "manager" }, version: n.version + 1 });
      }
      return op.nodes;
    case "node.demote":
      for (const name of op.nodes) checkDemote(d, tx, mustNode(tx, name));
      for (const name of op.nodes) {
        const n = tx.node(name)!;
        if (n.spec.desiredRole !== "worker") tx.putNode({ ...n, spec: { ...n.spec, desiredRole: "worker" }, version: n.version + 1 });
      }
      return op.nodes;
    case "node.rm":
      for (const name of op.nodes) checkRemove(d, mustNode(tx, name), op.force);
      for (const name of op.nodes) removeNode(d, tx, name);
      return op.nodes;
    case "node.ls":
      return [...d.ctx.store.nodes.keys()].map((id) => tx.node(id)).filter((n): n is NodeObj => n !== null);
    case "swarm.join-token": {
      let c = tx.cluster;
      if (op.rotate) {
        c = op.role === "worker" ? { ...c, workerTokenGen: c.workerTokenGen + 1, version: c.version + 1 } : { ...c, managerTokenGen: c.managerTokenGen + 1, version: c.version + 1 };
        tx.putCluster(c);
      }
      return joinTokenString(op.role, op.role === "worker" ? c.workerTokenGen : c.managerTokenGen);
    }
    case "internal.join": {
      const role = tokenRole(tx.cluster, op.token);
      if (role === null) throw new ApiError(ERR_INVALID_TOKEN);
      const ix = d.ctx.host.indexOf(op.node.name);
      const prev = tx.node(op.node.name);
      const obj = nodeObjFromSpec(op.node, ix, role);
      tx.putNode({ ...obj, status: { ...obj.status, state: "unknown", message: "" }, version: (prev?.version ?? 0) + 1 });
      return role;
    }
    case "swarm.join":
    case "swarm.leave":
      throw new ApiError(`${op.verb} runs on the node itself`);
  }
}

function mustService(tx: Tx, name: string): ServiceObj {
  const s = tx.service(name);
  if (s === null) throw new ApiError(`service ${name} not found`);
  return s;
}

function mustNode(tx: Tx, name: string): NodeObj {
  const n = tx.node(name);
  if (n === null) throw new ApiError(`node ${name} not found`);
  return n;
}

function validateSpec(d: ApiDeps, spec: ServiceSpec): void {
  if (spec.mode === "replicated-job" || spec.mode === "global-job") throw new ApiError(ERR_JOBS);
  if (spec.replicas < 0) throw new ApiError("replicas must be non-negative");
  try {
    parseConstraints(spec.placement.constraints);
  } catch (e) {
    if (e instanceof ConstraintError) throw new ApiError(e.message);
    throw e;
  }
  const u = spec.updateConfig;
  for (const c of [u, spec.rollbackConfig]) {
    if (c.delayUs < 0) throw new ApiError("TaskSpec: update-delay cannot be negative");
    if (c.monitorUs < 0) throw new ApiError("TaskSpec: update-monitor cannot be negative");
    if (c.maxFailureRatio < 0 || c.maxFailureRatio > 1) throw new ApiError("TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1");
  }
  const epErr = d.ports.validateEndpoint(spec);
  if (epErr !== null) throw new ApiError(epErr);
}

function createService(d: ApiDeps, tx: Tx, spec: ServiceSpec): string {
  validateSpec(d, spec);
  if (tx.service(spec.name) !== null) throw new ApiError(`name conflicts with an existing object: service ${spec.name} already exists`);
  const alloc = d.allocator.allocateService(spec.name, spec, null);
  if (!alloc.ok) throw new ApiError(alloc.error);
  tx.putService({ ...serviceObjFromSpec(spec), endpoint: alloc.endpoint });
  return spec.name;
}

function updateServiceSpec(d: ApiDeps, tx: Tx, svc: ServiceObj, spec: ServiceSpec, force: boolean): string {
  validateSpec(d, spec);
  if (spec.mode !== svc.spec.mode) throw new ApiError("service mode change is not allowed");
  const alloc = d.allocator.allocateService(svc.id, spec, svc.endpoint);
  if (!alloc.ok) throw new ApiError(alloc.error);
  // As SwarmKit's UpdateService: every update keeps the spec it replaces (a scale too, so a
  // rollback after it undoes the scale) and clears the update status (resuming a paused update).
  // Only a change of the task template, or --force, gives tasks a new spec version to update to.
  const dirty = force || templateChanged(svc.spec, spec);
  const next: ServiceObj = {
    ...svc,
    spec,
    endpoint: alloc.endpoint,
    version: svc.version + 1,
    specVersion: dirty ? svc.specVersion + 1 : svc.specVersion,
    previousSpec: svc.spec,
    updateStatus: null,
  };
  tx.putService(next);
  if (dirty && !force) restampCleanTasks(tx, next);
  return svc.id;
}

function removeService(d: ApiDeps, tx: Tx, name: string): void {
  tx.delService(name);
  d.allocator.releaseService(name);
}

function checkDemote(d: ApiDeps, tx: Tx, n: NodeObj): void {
  if (n.spec.desiredRole !== "manager") return;
  let managers = 0;
  for (const id of d.ctx.store.nodes.keys()) if (tx.node(id)?.role === "manager") managers++;
  if (managers === 1 && n.role === "manager") throw new ApiError("attempting to demote the last manager of the swarm");
  const raft = d.ctx.raft;
  if (!raft.members.includes(n.ix)) throw new ApiError(`node ${n.id} is not a member of the raft cluster`);
  if (!raft.canRemoveMember(n.ix)) throw new ApiError("can't remove member from the raft: this would result in a loss of quorum");
}

function checkRemove(d: ApiDeps, n: NodeObj, force: boolean): void {
  if (n.spec.desiredRole === "manager" && d.ctx.raft.members.includes(n.ix)) {
    throw new ApiError(`rpc error: node ${n.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`);
  }
  if (n.status.state === "ready" && !force) {
    throw new ApiError(`node ${n.id} is not down and can't be removed`);
  }
}

function removeNode(d: ApiDeps, tx: Tx, name: string): void {
  // Tasks below COMPLETE on the node become ORPHANED in the same transaction (moby-37320: forgotten).
  if (!d.ctx.bugs.has("moby-37320")) {
    for (const t of tx.tasksOfNode(name)) {
      if (t.status.state === "complete" || t.status.state === "shutdown" || t.status.state === "failed" || t.status.state === "rejected" || t.status.state === "orphaned" || t.status.state === "remove") continue;
      tx.putTask({ ...t, status: { ...t.status, state: "orphaned", message: "node removed", appliedAtUs: tx.nowUs } });
    }
  }
  tx.delNode(name);
}
