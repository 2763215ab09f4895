// The manager's network allocator (SwarmKit manager/allocator, SWARM.md §9): service VIPs per
// attached overlay network, cluster-wide ingress published ports, task addresses. Pure state;
// the leader owns one and rebuilds it (restore(), or re-allocating from the store) on election.
import { assert } from "../../kernel/assert.ts";
import type { ServiceObj } from "../objects.ts";
import type { PortSpec, ServiceSpec } from "../spec.ts";
import { Pool, type PoolData, subnetOf, u32ToIp } from "./ipam.ts";

export type Endpoint = ServiceObj["endpoint"];
type PortState = Endpoint["ports"][number];

export const INGRESS_NETWORK = "ingress";
export const INGRESS_SUBNET = "10.255.0.0/16";
/** Default address pool 10.0.0.0/8, carved into /24s (one per overlay network). */
const DEFAULT_POOL_BASE = 10 * 16777216;
const DEFAULT_POOL_SUBNETS = 65536;
export const DYNAMIC_PORT_MIN = 30000;
export const DYNAMIC_PORT_MAX = 32767;
const PORT_MAX = 65535;

export interface NetworkInfo {
  name: string;
  subnet: string;
  ingress: boolean;
}

/**
 * SwarmKit's controlapi validateEndpointSpec: dnsrr excludes ingress-published ports; a
 * (published port, protocol) pair may appear once. Plus a port range check. null when valid.
 */
export function validateEndpoint(spec: ServiceSpec): string | null {
  const seen = new Set<string>();
  for (const p of spec.endpoint.ports) {
    if (spec.endpoint.mode === "dnsrr" && p.mode === "ingress") {
      return "EndpointSpec: port published with ingress mode can't be used with dnsrr mode";
    }
    if (!Number.isInteger(p.target) || p.target < 1 || p.target > PORT_MAX) return `EndpointSpec: invalid target port ${p.target}`;
    if (!Number.isInteger(p.published) || p.published < 0 || p.published > PORT_MAX) {
      return `EndpointSpec: invalid published port ${p.published}`;
    }
    // An unspecified published port conflicts with nothing.
    if (p.published === 0) continue;
    const key = `${p.protocol}/${p.published}`;
    if (seen.has(key)) return "EndpointSpec: duplicate published ports provided";
    seen.add(key);
  }
  return null;
}

interface ServiceAlloc {
  ports: PortState[];
  vips: { network: string; addr: string }[];
}

interface AllocatorData {
  version: 1;
  nextSubnet: number;
  pools: PoolData[];
  services: { name: string; ports: PortState[]; vips: { network: string; addr: string }[] }[];
}

const PROTOCOL_IX: Record<string, number> = { tcp: 0, udp: 1, sctp: 2 };

/** (protocol, port) as one number: no string building in the port scans. */
function portKey(protocol: string, port: number): number {
  const ix = PROTOCOL_IX[protocol];
  assert(ix !== undefined, () => `unknown port protocol ${protocol}`);
  return port * 4 + ix;
}

export class Allocator {
  private readonly pools = new Map<string, Pool>();
  /** Index of the next /24 of the default pool to hand to a new network. */
  private nextSubnet = 0;
  /** Allocated ingress ports: portKey → owning service. */
  private readonly ingressPorts = new Map<number, string>();
  private readonly services = new Map<string, ServiceAlloc>();

  constructor() {
    this.pools.set(INGRESS_NETWORK, new Pool(INGRESS_NETWORK, INGRESS_SUBNET, true));
  }

  // ---- networks ----

  /** The network's pool, created on first use (next free /24 of 10.0.0.0/8 unless `subnet` is given). */
  ensureNetwork(name: string, subnet?: string): NetworkInfo {
    let pool = this.pools.get(name);
    if (pool === undefined) {
      const chosen = subnet ?? this.nextDefaultSubnet();
      for (const p of this.pools.values()) assert(!p.overlaps(chosen), () => `network ${name}: subnet ${chosen} overlaps ${p.name} (${p.subnet})`);
      pool = new Pool(name, chosen, false);
      this.pools.set(name, pool);
    } else {
      assert(subnet === undefined || subnet === pool.subnet, () => `network ${name} is ${pool?.subnet}, not ${subnet}`);
    }
    return { name: pool.name, subnet: pool.subnet, ingress: pool.ingress };
  }

  networks(): NetworkInfo[] {
    return [...this.pools.values()].map((p) => ({ name: p.name, subnet: p.subnet, ingress: p.ingress }));
  }

  private nextDefaultSubnet(): string {
    // Bounded by the number of /24s in 10.0.0.0/8; the ingress /16 (10.255.x) is skipped, and so
    // is any /24 a network recovered from the store (or given explicitly) already covers.
    while (this.nextSubnet < DEFAULT_POOL_SUBNETS) {
      const k = this.nextSubnet++;
      if (k >> 8 === 255) continue;
      const subnet = `${u32ToIp(DEFAULT_POOL_BASE + k * 256)}/24`;
      let free = true;
      for (const p of this.pools.values()) if (p.overlaps(subnet)) free = false;
      if (free) return subnet;
    }
    assert(false, "default address pool 10.0.0.0/8 exhausted");
  }

  // ---- task addresses ----

  /** A task address on `network` ("a.b.c.d/24"); throws if the subnet is full (see tryAllocateTaskAddr). */
  allocateTaskAddr(network: string): string {
    const addr = this.tryAllocateTaskAddr(network);
    assert(addr !== null, () => `network ${network}: no available IP addresses`);
    return addr;
  }

  /** Like allocateTaskAddr, but null when the subnet is full (SwarmKit leaves such a task NEW). */
  tryAllocateTaskAddr(network: string): string | null {
    this.ensureNetwork(network);
    return this.pool(network).allocate();
  }

  releaseTaskAddr(network: string, addr: string): void {
    this.pool(network).release(addr);
  }

  /**
   * Marks an address already recorded in the store as used (rebuilding on a new leader); false
   * when it is taken or lies outside the network's subnet. A network this allocator has not seen
   * yet gets the subnet the address lies in: the store, not first-use order, decides subnets.
   */
  reserveTaskAddr(network: string, addr: string): boolean {
    this.ensureNetwork(network, this.pools.has(network) ? undefined : subnetOf(addr));
    return this.pool(network).reserve(addr);
  }

  /** Addresses in use on `network` (task addresses and VIPs); 0 for an unknown network. */
  addressesInUse(network: string): number {
    return this.pools.get(network)?.inUse ?? 0;
  }

  private pool(network: string): Pool {
    const p = this.pools.get(network);
    assert(p !== undefined, () => `unknown network ${network}`);
    return p;
  }

  // ---- services ----

  /**
   * Validates and allocates a service's endpoint: ingress published ports (auto-assigned from
   * 30000–32767 when 0, lowest free; kept across updates) and one VIP per attached network in
   * vip mode (ingress included when ingress ports are published). All or nothing: on error the
   * previous allocation is untouched.
   */
  allocateService(name: string, spec: ServiceSpec, previous: Endpoint | null): { ok: true; endpoint: Endpoint } | { ok: false; error: string } {
    const invalid = validateEndpoint(spec);
    if (invalid !== null) return { ok: false, error: invalid };
    const prior: ServiceAlloc | null = this.services.get(name) ?? (previous === null ? null : { ports: previous.ports, vips: previous.vips });

    // Ports: plan first, commit after every check passed.
    const planned = new Set<number>();
    const ports: PortState[] = [];
    const explicit = new Set<number>();
    const scanFrom = new Map<string, number>();
    for (const p of spec.endpoint.ports) if (p.mode === "ingress" && p.published !== 0) explicit.add(portKey(p.protocol, p.published));
    for (const p of spec.endpoint.ports) {
      if (p.mode === "host") {
        // Host-mode ports are node-local: the scheduler's HostPortFilter guards them.
        ports.push({ target: p.target, published: p.published, protocol: p.protocol, mode: p.mode });
        continue;
      }
      let published = p.published;
      if (published !== 0) {
        const owner = this.ingressPorts.get(portKey(p.protocol, published));
        if (owner !== undefined && owner !== name) return { ok: false, error: `port '${published}' is already in use by service '${owner}'` };
      } else {
        const reused = this.reuseDynamic(name, p, prior, planned, explicit);
        if (reused !== null) published = reused;
        else {
          published = this.lowestFree(name, p.protocol, planned, explicit, scanFrom);
          // Within one call every port below a found one stays taken: resume the scan there.
          if (published !== 0) scanFrom.set(p.protocol, published + 1);
        }
        if (published === 0) return { ok: false, error: `could not allocate a published port for target port ${p.target}: range ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX} exhausted` };
      }
      planned.add(portKey(p.protocol, published));
      ports.push({ target: p.target, published, protocol: p.protocol, mode: p.mode });
    }

    // VIPs (vip mode only): ingress first when ingress ports are published, then spec networks.
    const wanted: string[] = [];
    if (spec.endpoint.mode === "vip") {
      if (spec.endpoint.ports.some((p) => p.mode === "ingress")) wanted.push(INGRESS_NETWORK);
      for (const n of spec.networks) if (!wanted.includes(n)) wanted.push(n);
    }
    const own = this.services.get(name);
    const vips: { network: string; addr: string }[] = [];
    const fresh: { network: string; addr: string }[] = [];
    for (const network of wanted) {
      const old = prior?.vips.find((v) => v.network === network);
      // A VIP recorded in the store tells a new leader the network's subnet.
      this.ensureNetwork(network, old === undefined || this.pools.has(network) ? undefined : subnetOf(old.addr));
      const pool = this.pool(network);
      if (old !== undefined) {
        const ownedHere = own?.vips.some((v) => v.network === network && v.addr === old.addr) ?? false;
        if (ownedHere || pool.reserve(old.addr)) {
          vips.push({ network, addr: old.addr });
          if (!ownedHere) fresh.push({ network, addr: old.addr });
          continue;
        }
      }
      const addr = pool.allocate();
      if (addr === null) {
        for (const v of fresh) this.pool(v.network).release(v.addr);
        return { ok: false, error: `could not allocate VIP on network ${network}: no available IP addresses` };
      }
      fresh.push({ network, addr });
      vips.push({ network, addr });
    }

    // Commit: drop what the old allocation held and the new one does not.
    if (own !== undefined) {
      for (const v of own.vips) {
        if (!vips.some((n) => n.network === v.network && n.addr === v.addr)) this.pool(v.network).release(v.addr);
      }
      for (const p of own.ports) {
        if (p.mode === "ingress" && !planned.has(portKey(p.protocol, p.published))) this.ingressPorts.delete(portKey(p.protocol, p.published));
      }
    }
    for (const k of planned) this.ingressPorts.set(k, name);
    this.services.set(name, { ports, vips });
    return { ok: true, endpoint: { vips: vips.map((v) => ({ ...v })), ports: ports.map((p) => ({ ...p })) } };
  }

  releaseService(name: string): void {
    const own = this.services.get(name);
    if (own === undefined) return;
    for (const v of own.vips) this.pool(v.network).release(v.addr);
    for (const p of own.ports) {
      if (p.mode !== "ingress") continue;
      const k = portKey(p.protocol, p.published);
      assert(this.ingressPorts.get(k) === name, () => `port ${p.protocol}/${p.published} not owned by ${name}`);
      this.ingressPorts.delete(k);
    }
    this.services.delete(name);
  }

  /** The service owning an ingress-published (protocol, port), if any. */
  ingressPortOwner(protocol: string, port: number): string | null {
    return this.ingressPorts.get(portKey(protocol, port)) ?? null;
  }

  /** A dynamically assigned port this service already had for the same target and protocol. */
  private reuseDynamic(name: string, p: PortSpec, prior: ServiceAlloc | null, planned: Set<number>, explicit: Set<number>): number | null {
    if (prior === null) return null;
    for (const q of prior.ports) {
      if (q.mode !== "ingress" || q.protocol !== p.protocol || q.target !== p.target) continue;
      if (q.published < DYNAMIC_PORT_MIN || q.published > DYNAMIC_PORT_MAX) continue;
      const k = portKey(q.protocol, q.published);
      if (planned.has(k) || explicit.has(k)) continue;
      const owner = this.ingressPorts.get(k);
      if (owner === undefined || owner === name) return q.published;
    }
    return null;
  }

  /** Lowest free port of the dynamic range for `protocol`, or 0 when it is exhausted. */
  private lowestFree(name: string, protocol: string, planned: Set<number>, explicit: Set<number>, scanFrom: Map<string, number>): number {
    for (let port = scanFrom.get(protocol) ?? DYNAMIC_PORT_MIN; port <= DYNAMIC_PORT_MAX; port++) {
      const k = portKey(protocol, port);
      if (planned.has(k) || explicit.has(k)) continue;
      const owner = this.ingressPorts.get(k);
      // This service's own old dynamic ports are not reused for another target port.
      if (owner === undefined) return port;
      if (owner === name) continue;
    }
    return 0;
  }

  // ---- leader change ----

  snapshot(): unknown {
    const data: AllocatorData = {
      version: 1,
      nextSubnet: this.nextSubnet,
      pools: [...this.pools.values()].map((p) => p.toData()),
      services: [...this.services].map(([name, a]) => ({ name, ports: a.ports.map((p) => ({ ...p })), vips: a.vips.map((v) => ({ ...v })) })),
    };
    return data;
  }

  restore(data: unknown): void {
    const d = data as AllocatorData;
    assert(d !== null && typeof d === "object" && d.version === 1, "Allocator.restore: not an allocator snapshot");
    assert(Array.isArray(d.pools) && Array.isArray(d.services) && Number.isInteger(d.nextSubnet), "Allocator.restore: malformed snapshot");
    this.pools.clear();
    this.ingressPorts.clear();
    this.services.clear();
    this.nextSubnet = d.nextSubnet;
    for (const p of d.pools) this.pools.set(p.name, Pool.fromData(p));
    assert(this.pools.get(INGRESS_NETWORK)?.ingress === true, "Allocator.restore: snapshot lacks the ingress network");
    for (const s of d.services) {
      const ports = s.ports.map((p) => ({ ...p }));
      for (const p of ports) {
        if (p.mode !== "ingress") continue;
        const k = portKey(p.protocol, p.published);
        assert(!this.ingressPorts.has(k), () => `Allocator.restore: port ${p.protocol}/${p.published} owned twice`);
        this.ingressPorts.set(k, s.name);
      }
      for (const v of s.vips) assert(this.pool(v.network).has(v.addr), () => `Allocator.restore: VIP ${v.addr} not marked used`);
      this.services.set(s.name, { ports, vips: s.vips.map((v) => ({ ...v })) });
    }
  }
}
