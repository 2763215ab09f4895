// What runs on the nodes. A scenario with services, `run:` commands or workers is a Swarm
// cluster (SwarmNode on every node); one with managers only is a Raft-only cluster
// (RaftManagerProcess + KV) serving the client workload.
import { T } from "../kernel/events.ts";
import type { NodeIx } from "../kernel/types.ts";
import type { ClientRequest, ClientResult } from "../raft/manager-process.ts";
import { createRaftManager, RaftManagerProcess } from "../raft/manager-process.ts";
import type { OpResult } from "../swarm/controlapi/messages.ts";
import { createSwarmManager, createSwarmWorker, SwarmNode } from "../swarm/process.ts";
import { StoreEventGate } from "../swarm/store-events.ts";
import type { ProcessFactory, World } from "../world/world.ts";
import type { FinalState } from "./result.ts";
import { commandNode } from "./runner-util.ts";
import type { Scenario, TimelineEntry } from "./types.ts";

export type ClientReply = ClientResult;
export type { ClientRequest };

export interface Cluster {
  readonly mode: "raft" | "swarm";
  readonly factory: ProcessFactory;
  clientRequest(via: NodeIx, req: ClientRequest, done: (r: ClientReply) => void): void;
  /** Applies a `run:` entry: a docker command sent to a manager (or run on the joining node). */
  runCommand(entry: TimelineEntry, index: number): void;
  finalState(): FinalState;
}

export function isSwarmScenario(s: Scenario): boolean {
  return s.services.length > 0 || s.nodes.some((n) => n.role === "worker") || s.timeline.some((e) => e.action.kind === "run");
}

const ERR_UNREACHABLE = "Cannot connect to the Docker daemon. Is the docker daemon running?";

export function makeCluster(s: Scenario, world: World): Cluster {
  const members = s.nodes.flatMap((n, ix) => (n.role === "manager" && !n.joinLater ? [ix] : []));
  let opSeq = 0;

  if (!isSwarmScenario(s)) {
    return {
      mode: "raft",
      factory: (node) => createRaftManager(node.host, s.raft, members, 1),
      clientRequest(via, req, done) {
        const p = world.node(via).process;
        if (p instanceof RaftManagerProcess) p.clientRequest(req, done);
        else done({ result: "error", index: 0, value: null });
      },
      runCommand(entry, index) {
        const opId = ++opSeq;
        world.kernel.trace.emit(T["op.submit"], -1, opId, entry.action.kind === "run" ? entry.action.command : "", "", index);
        world.kernel.trace.emit(T["op.result"], -1, opId, false, "a Raft-only scenario has no Swarm control plane", null);
      },
      finalState() {
        const leader = world.leader();
        return {
          nodes: world.nodes.map((n) => ({
            name: n.name,
            role: "manager",
            availability: "active",
            status: n.state === "up" ? "ready" : "down",
            leader: n.ix === leader,
            labels: n.spec.labels,
          })),
          services: [],
          tasks: [],
        };
      },
    };
  }

  const gate = new StoreEventGate();
  const factory: ProcessFactory = (node) => {
    const opts = {
      raftConfig: s.raft,
      raftMembers: members,
      node: node.spec,
      cluster: s.nodes,
      services: s.services,
      behaviours: s.behaviour,
      gate,
      bugs: s.bugs,
      timerTagBase: 1,
    };
    return node.spec.role === "manager" ? createSwarmManager(node.host, opts) : createSwarmWorker(node.host, opts);
  };
  return {
    mode: "swarm",
    factory,
    clientRequest(_via, _req, done) {
      done({ result: "error", index: 0, value: null });
    },
    runCommand(entry, index) {
      if (entry.action.kind !== "run") return;
      const trace = world.kernel.trace;
      const opId = ++opSeq;
      const via = commandNode(world, entry);
      trace.emit(T["op.submit"], via, opId, entry.action.command, via >= 0 ? world.names[via] : "", index);
      const finish = (r: OpResult) => trace.emit(T["op.result"], via, opId, r.ok, r.error, r.output ?? null);
      const p = via >= 0 && world.node(via).state === "up" ? world.node(via).process : null;
      if (!(p instanceof SwarmNode)) return finish({ ok: false, error: ERR_UNREACHABLE, output: null });
      p.submitOperation(entry.action.op, opId, finish);
    },
    finalState() {
      // The leader's store is the truth; without a leader, the most caught-up live manager's view.
      const leader = world.leader();
      const order = leader >= 0 ? [leader, ...members] : members;
      for (const ix of order) {
        const p = world.node(ix).process;
        if (p instanceof SwarmNode && world.node(ix).state === "up") {
          const f = p.finalState();
          if (f) return f;
        }
      }
      return { nodes: [], services: [], tasks: [] };
    },
  };
}
