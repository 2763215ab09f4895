// Applies fault records to the world. Selectors (`leader`, `follower`, `manager`, `worker`,
// `all`) resolve when the entry applies, drawing from the `faults` stream; an entry whose target
// cannot be resolved (e.g. `crash: leader` while there is none) is traced as timeline.skip.
import { T } from "../kernel/events.ts";
import type { Rng } from "../kernel/rng.ts";
import type { NodeIx } from "../kernel/types.ts";
import { unreachable } from "../kernel/assert.ts";
import type { World } from "./world.ts";
import type { Fault, PartitionSpec, Target } from "./spec.ts";
import { bridge, completeGroups, fromGroups, fromLinks, halves, isolate, majorityRingLinks, type PartitionLayout, randomSplit } from "./partition.ts";

type Want = "up" | "crashed" | "paused" | "any";

/** Resolves a target to node indices, or a reason it cannot be resolved. */
export function resolveTarget(world: World, target: Target, want: Want, rng: Rng): NodeIx[] | string {
  const matches = (ix: NodeIx) => {
    const st = world.nodes[ix].state;
    return want === "any" ? st !== "removed" : st === want;
  };
  switch (target) {
    case "leader": {
      const l = world.leader();
      return l >= 0 && matches(l) ? [l] : "no leader";
    }
    case "follower": {
      const c = [...world.managers].sort((a, b) => a - b).filter((ix) => matches(ix) && world.roleOf(ix) === "follower");
      return c.length > 0 ? [rng.pick(c)] : "no follower";
    }
    case "manager":
    case "worker": {
      const c: NodeIx[] = [];
      for (let ix = 0; ix < world.size; ix++) if (world.managers.has(ix) === (target === "manager") && matches(ix)) c.push(ix);
      return c.length > 0 ? [rng.pick(c)] : `no ${want === "any" ? "" : `${want} `}${target}`;
    }
    case "all": {
      const c: NodeIx[] = [];
      for (let ix = 0; ix < world.size; ix++) if (matches(ix)) c.push(ix);
      return c.length > 0 ? c : `no ${want} node`;
    }
    default: {
      const ix = world.indexOf(target);
      if (ix < 0) return `unknown node ${target}`;
      return matches(ix) ? [ix] : `${target} is ${world.nodes[ix].state}`;
    }
  }
}

function skip(world: World, entry: number, reason: string): false {
  world.kernel.trace.emit(T["timeline.skip"], -1, entry, reason);
  return false;
}

/** Applies a fault; false when its target could not be resolved (traced as timeline.skip). */
export function applyFault(world: World, fault: Fault, entry: number, rng: Rng): boolean {
  const names = world.names;
  switch (fault.kind) {
    case "crash":
    case "pause":
    case "remove":
    case "restart":
    case "resume": {
      const want: Want = fault.kind === "restart" ? "crashed" : fault.kind === "resume" ? "paused" : "up";
      const t = resolveTarget(world, fault.target, fault.kind === "remove" ? "any" : want, rng);
      if (typeof t === "string") return skip(world, entry, `${fault.kind}: ${t}`);
      for (const ix of t) {
        if (fault.kind === "crash") world.crash(ix, fault.loseUnsynced, entry);
        else if (fault.kind === "pause") world.pause(ix, entry);
        else if (fault.kind === "remove") world.remove(ix, entry);
        else if (fault.kind === "restart") world.restart(ix, entry);
        else world.resume(ix, entry);
      }
      return true;
    }
    case "partition": {
      const layout = partitionLayout(world, fault.partition, rng);
      if (typeof layout === "string") return skip(world, entry, `partition: ${layout}`);
      world.net.setPartition(layout.matrix, world.size);
      const groups = layout.groups.map((g) => g.map((ix) => names[ix]));
      const links = layout.links.map(([a, b]) => [names[a], names[b]]);
      world.kernel.trace.emit(T["net.partition"], -1, layout.shape, groups, links, entry);
      return true;
    }
    case "heal":
      world.net.heal();
      world.kernel.trace.emit(T["net.heal"], -1, entry);
      return true;
    case "loss":
    case "duplicate":
    case "delay": {
      let nodes: NodeIx[] | null = null;
      if (fault.nodes) {
        nodes = [];
        for (const target of fault.nodes) {
          const t = resolveTarget(world, target, "any", rng);
          if (typeof t === "string") return skip(world, entry, `${fault.kind}: ${t}`);
          nodes.push(...t);
        }
      }
      const nodeNames = nodes ? nodes.map((ix) => names[ix]) : null;
      if (fault.kind === "delay") {
        const until = world.net.addWindow("delay", 0, fault.latency, fault.forUs, nodes);
        world.kernel.trace.emit(T["net.delay"], -1, fault.latency.minUs, fault.latency.maxUs, until, nodeNames, entry);
      } else {
        const until = world.net.addWindow(fault.kind, fault.rate, null, fault.forUs, nodes);
        world.kernel.trace.emit(fault.kind === "loss" ? T["net.loss"] : T["net.duplicate"], -1, fault.rate, until, nodeNames, entry);
      }
      return true;
    }
    case "skew": {
      const t = resolveTarget(world, fault.target, "any", rng);
      if (typeof t === "string") return skip(world, entry, `skew: ${t}`);
      for (const ix of t) {
        const clock = world.nodes[ix].clock;
        if (fault.driftPpm !== null) clock.setDrift(world.kernel.now, fault.driftPpm);
        if (fault.offsetUs !== null) clock.offsetUs = fault.offsetUs;
        world.kernel.trace.emit(T["clock.skew"], ix, clock.offsetUs, clock.driftPpm, entry);
      }
      return true;
    }
    default:
      return unreachable(fault, "fault kind");
  }
}

function partitionLayout(world: World, spec: PartitionSpec, rng: Rng): PartitionLayout | string {
  const all: NodeIx[] = [];
  for (let ix = 0; ix < world.size; ix++) if (world.nodes[ix].state !== "removed") all.push(ix);
  const n = world.size;
  if ("groups" in spec) {
    const groups = spec.groups.map((g) => g.map((name) => world.indexOf(name)));
    if (groups.some((g) => g.some((ix) => ix < 0))) return "unknown node in groups";
    return fromGroups("groups", n, completeGroups(groups, all));
  }
  if ("blocked" in spec) {
    const links = spec.blocked.map(([a, b]) => [world.indexOf(a), world.indexOf(b)] as [NodeIx, NodeIx]);
    if (links.some(([a, b]) => a < 0 || b < 0)) return "unknown node in blocked links";
    return fromLinks(n, links);
  }
  switch (spec.shape) {
    case "halves":
      return fromGroups("halves", n, halves(all));
    case "bridge":
      return fromGroups("bridge", n, bridge(all));
    case "majority-ring": {
      const layout = fromLinks(n, majorityRingLinks(all));
      return { ...layout, shape: "majority-ring" };
    }
    case "random":
      return fromGroups("random", n, randomSplit(all, rng));
    case "isolate-leader": {
      const l = world.leader();
      if (l < 0) return "no leader";
      return fromGroups("isolate-leader", n, isolate(all, l));
    }
    case "isolate": {
      const t = resolveTarget(world, spec.node, "any", rng);
      if (typeof t === "string") return t;
      return fromGroups(`isolate:${world.names[t[0]]}`, n, isolate(all, t[0]));
    }
    default:
      return unreachable(spec, "partition shape");
  }
}
