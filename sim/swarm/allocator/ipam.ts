// Overlay network address pools (libnetwork IPAM as SwarmKit's cnmallocator drives it).
// Addresses are handed out serially (libnetwork's serial allocation, which SwarmKit requests so a
// released address is not reused at once), wrapping at the end of the subnet. The network
// address, the gateway (.1) and the broadcast address are never handed out.
import { assert } from "../../kernel/assert.ts";

export interface PoolData {
  name: string;
  subnet: string;
  ingress: boolean;
  used: number[];
  next: number;
}

export function ipToU32(ip: string): number {
  const v = dotted(ip, ip.length);
  if (v < 0) assert(false, `not an IPv4 address: ${ip}`);
  return v;
}

/**
 * `s` up to `end`, when it reads /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/, as a number (octets of 0–255);
 * -1 when it does not read so, -2 when an octet is over 255. By hand, without a split or a
 * regular expression: every task's address is parsed when it is freed or adopted.
 */
function dotted(s: string, end: number): number {
  let v = 0;
  let i = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (i >= end || s.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    }
    let n = 0;
    let digits = 0;
    while (i < end && digits < 4) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3) return -1;
    if (n > 255) return -2;
    v = v * 256 + n;
  }
  return i === end ? v : -1;
}

export function u32ToIp(v: number): string {
  return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

export function parseSubnet(cidr: string): { base: number; prefix: number } {
  const slash = cidr.indexOf("/");
  assert(slash > 0, () => `not a CIDR subnet: ${cidr}`);
  const prefix = Number(cidr.slice(slash + 1));
  assert(Number.isInteger(prefix) && prefix >= 8 && prefix <= 30, () => `unsupported subnet prefix: ${cidr}`);
  const base = ipToU32(cidr.slice(0, slash));
  const size = 2 ** (32 - prefix);
  assert(base % size === 0, () => `subnet ${cidr} is not aligned`);
  return { base, prefix };
}

/** The subnet an address "a.b.c.d/n" lies in, as "w.x.y.z/n" (how a new leader recovers it from the store). */
export function subnetOf(addr: string): string {
  const slash = addr.indexOf("/");
  assert(slash > 0, () => `address ${addr} carries no prefix length`);
  const prefix = Number(addr.slice(slash + 1));
  assert(Number.isInteger(prefix) && prefix >= 8 && prefix <= 30, () => `unsupported prefix length in ${addr}`);
  const size = 2 ** (32 - prefix);
  const ip = ipToU32(addr.slice(0, slash));
  return `${u32ToIp(ip - (ip % size))}/${prefix}`;
}

export class Pool {
  readonly name: string;
  readonly subnet: string;
  readonly ingress: boolean;
  private readonly base: number;
  private readonly prefix: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  /** Serial cursor: the offset tried first by the next allocation. */
  private next = 2;

  constructor(name: string, subnet: string, ingress: boolean) {
    const { base, prefix } = parseSubnet(subnet);
    this.name = name;
    this.subnet = subnet;
    this.ingress = ingress;
    this.base = base;
    this.prefix = prefix;
    this.size = 2 ** (32 - prefix);
  }

  /** Usable offsets are 2..size-2 (network, gateway and broadcast excluded). */
  get capacity(): number {
    return this.size - 3;
  }

  get inUse(): number {
    return this.used.size;
  }

  /** Next free address as "a.b.c.d/prefix", or null when the subnet is full. */
  allocate(): string | null {
    if (this.used.size >= this.capacity) return null;
    let off = this.next;
    // Bounded: at most one full lap of the usable range.
    for (let i = 0; i < this.capacity; i++) {
      if (off > this.size - 2) off = 2;
      if (!this.used.has(off)) {
        this.used.add(off);
        this.next = off + 1;
        return this.format(off);
      }
      off++;
    }
    assert(false, `pool ${this.name}: no free address although ${this.used.size} < ${this.capacity}`);
  }

  /** Marks a known address (e.g. from the store on a new leader) as used; false if taken or foreign. */
  reserve(addr: string): boolean {
    const off = this.offsetOf(addr);
    if (off === null || this.used.has(off)) return false;
    this.used.add(off);
    return true;
  }

  release(addr: string): void {
    const off = this.offsetOf(addr);
    assert(off !== null, () => `pool ${this.name}: ${addr} is not in ${this.subnet}`);
    assert(this.used.has(off), () => `pool ${this.name}: release of unallocated ${addr}`);
    this.used.delete(off);
  }

  /** Does `subnet` share any address with this pool's subnet? */
  overlaps(subnet: string): boolean {
    const { base, prefix } = parseSubnet(subnet);
    const end = base + 2 ** (32 - prefix);
    return base < this.base + this.size && this.base < end;
  }

  has(addr: string): boolean {
    const off = this.offsetOf(addr);
    return off !== null && this.used.has(off);
  }

  private format(off: number): string {
    return `${u32ToIp(this.base + off)}/${this.prefix}`;
  }

  /** Offset of "a.b.c.d" or "a.b.c.d/n" in this subnet, or null if outside the usable range. */
  private offsetOf(addr: string): number | null {
    const slash = addr.indexOf("/");
    const ip = dotted(addr, slash === -1 ? addr.length : slash);
    if (ip === -1) return null;
    if (ip === -2) assert(false, `not an IPv4 address: ${slash === -1 ? addr : addr.slice(0, slash)}`);
    const off = ip - this.base;
    return off >= 2 && off <= this.size - 2 ? off : null;
  }

  toData(): PoolData {
    return { name: this.name, subnet: this.subnet, ingress: this.ingress, used: [...this.used].sort((a, b) => a - b), next: this.next };
  }

  static fromData(d: PoolData): Pool {
    const p = new Pool(d.name, d.subnet, d.ingress);
    for (const off of d.used) {
      assert(Number.isInteger(off) && off >= 2 && off <= p.size - 2, () => `pool ${d.name}: bad offset ${off}`);
      p.used.add(off);
    }
    assert(Number.isInteger(d.next) && d.next >= 2, () => `pool ${d.name}: bad cursor ${d.next}`);
    p.next = d.next;
    return p;
  }
}
