// The initial swarm, as if `docker swarm init` and every `docker swarm join` had happened at
// t=0: every manager starts from this same snapshot (index 0), so no entry is needed for it.
import type { Host } from "../../kernel/host.ts";
import type { NodeSpec } from "../../world/spec.ts";
import type { NetworkObj, NodeObj, ServiceObj } from "../objects.ts";
import type { ServiceSpec } from "../spec.ts";
import { DEFAULT_CLUSTER } from "./cluster.ts";
import type { StoreSnapshot } from "./store.ts";

export function nodeAddr(ix: number): string {
  return `10.${10 + ((ix >> 16) & 127)}.${(ix >> 8) & 255}.${ix & 255}`;
}

export function nodeObjFromSpec(spec: NodeSpec, ix: number, role: "manager" | "worker"): NodeObj {
  return {
    id: spec.name,
    ix,
    spec: { desiredRole: role, availability: "active", labels: spec.labels },
    role,
    status: { state: "ready", message: "", addr: nodeAddr(ix) },
    description: {
      hostname: spec.hostname || spec.name,
      platform: spec.platform,
      resources: spec.resources,
      engineLabels: spec.engineLabels,
    },
    version: 1,
  };
}

export function serviceObjFromSpec(spec: ServiceSpec): ServiceObj {
  return {
    id: spec.name,
    spec,
    version: 1,
    specVersion: 1,
    previousSpec: null,
    updateStatus: null,
    endpoint: {
      vips: [],
      ports: spec.endpoint.ports.map((p) => ({ target: p.target, published: p.published, protocol: p.protocol, mode: p.mode })),
    },
  };
}

const INGRESS: NetworkObj = { id: "ingress", name: "ingress", driver: "overlay", ingress: true, subnet: "10.255.0.0/16" };

/** Shared per (cluster, services) pair: every manager of a run starts from the same objects. */
const CACHE = new WeakMap<readonly NodeSpec[], WeakMap<readonly ServiceSpec[], StoreSnapshot>>();

export function bootstrapSnapshot(host: Host, nodes: readonly NodeSpec[], services: readonly ServiceSpec[]): StoreSnapshot {
  let byServices = CACHE.get(nodes);
  if (byServices === undefined) {
    byServices = new WeakMap();
    CACHE.set(nodes, byServices);
  }
  let snap = byServices.get(services);
  if (snap === undefined) {
    snap = buildBootstrap(host, nodes, services);
    byServices.set(services, snap);
  }
  return snap;
}

function buildBootstrap(host: Host, nodes: readonly NodeSpec[], services: readonly ServiceSpec[]): StoreSnapshot {
  return {
    appliedIndex: 0,
    nodes: nodes.filter((n) => !n.joinLater).map((n) => nodeObjFromSpec(n, host.indexOf(n.name), n.role)),
    services: services.map(serviceObjFromSpec),
    tasks: [],
    networks: [INGRESS],
    cluster: { ...DEFAULT_CLUSTER },
    slotSeq: [],
  };
}
