import { describe, expect, it } from "vitest";
import type { PortSpec } from "../spec.ts";
import { mkSpec } from "../scheduler/testkit.ts";
import { Allocator, type Endpoint, validateEndpoint } from "./allocator.ts";
import { ipToU32, Pool, subnetOf } from "./ipam.ts";

function ingress(target: number, published = 0, protocol: PortSpec["protocol"] = "tcp"): PortSpec {
  return { target, published, protocol, mode: "ingress" };
}
function host(target: number, published: number, protocol: PortSpec["protocol"] = "tcp"): PortSpec {
  return { target, published, protocol, mode: "host" };
}

function ok(r: ReturnType<Allocator["allocateService"]>): Endpoint {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.endpoint;
}
function fail(r: ReturnType<Allocator["allocateService"]>): string {
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.endpoint)}`);
  return r.error;
}

describe("validateEndpoint", () => {
  it("rejects dnsrr with ingress-published ports, allows it with host mode", () => {
    expect(validateEndpoint(mkSpec("a", { endpointMode: "dnsrr", ports: [ingress(80, 8080)] }))).toBe(
      "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
    );
    expect(validateEndpoint(mkSpec("a", { endpointMode: "dnsrr", ports: [ingress(80)] }))).toBe(
      "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
    );
    expect(validateEndpoint(mkSpec("a", { endpointMode: "dnsrr", ports: [host(80, 8080)] }))).toBeNull();
    expect(validateEndpoint(mkSpec("a", { endpointMode: "vip", ports: [ingress(80, 8080)] }))).toBeNull();
  });

  it("rejects a duplicate (published port, protocol) within one spec, whatever the mode", () => {
    const dup = "EndpointSpec: duplicate published ports provided";
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(80, 8080), ingress(81, 8080)] }))).toBe(dup);
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(80, 8080), host(81, 8080)] }))).toBe(dup);
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(80, 8080), ingress(80, 8080, "udp")] }))).toBeNull();
    // Unspecified published ports never conflict.
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(80), ingress(80)] }))).toBeNull();
  });

  it("rejects out-of-range ports", () => {
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(0, 80)] }))).toMatch(/invalid target port 0/);
    expect(validateEndpoint(mkSpec("a", { ports: [ingress(80, 65536)] }))).toMatch(/invalid published port 65536/);
  });
});

describe("Allocator: ingress published ports", () => {
  it("auto-assigns the lowest free port from 30000 deterministically, per protocol", () => {
    const a = new Allocator();
    const e1 = ok(a.allocateService("web", mkSpec("web", { ports: [ingress(80), ingress(443)] }), null));
    expect(e1.ports.map((p) => p.published)).toEqual([30000, 30001]);
    const e2 = ok(a.allocateService("api", mkSpec("api", { ports: [ingress(80), ingress(53, 0, "udp")] }), null));
    expect(e2.ports.map((p) => `${p.protocol}/${p.published}`)).toEqual(["tcp/30002", "udp/30000"]);
    a.releaseService("web");
    const e3 = ok(a.allocateService("new", mkSpec("new", { ports: [ingress(80)] }), null));
    expect(e3.ports[0].published).toBe(30000);
  });

  it("skips explicit ports of the same spec and of other services", () => {
    const a = new Allocator();
    ok(a.allocateService("x", mkSpec("x", { ports: [ingress(80, 30000)] }), null));
    const e = ok(a.allocateService("y", mkSpec("y", { ports: [ingress(81), ingress(82, 30001)] }), null));
    expect(e.ports.map((p) => p.published)).toEqual([30002, 30001]);
  });

  it("a port already published by another service is an error; the failed call changes nothing", () => {
    const a = new Allocator();
    ok(a.allocateService("web", mkSpec("web", { ports: [ingress(80, 8080)] }), null));
    const before = JSON.stringify(a.snapshot());
    expect(fail(a.allocateService("other", mkSpec("other", { ports: [ingress(81), ingress(80, 8080)] }), null))).toBe(
      "port '8080' is already in use by service 'web'",
    );
    expect(JSON.stringify(a.snapshot())).toBe(before);
    expect(a.ingressPortOwner("tcp", 8080)).toBe("web");
    // Another protocol is a different port.
    ok(a.allocateService("other", mkSpec("other", { ports: [ingress(80, 8080, "udp")] }), null));
    // Released ports are free again.
    a.releaseService("web");
    ok(a.allocateService("third", mkSpec("third", { ports: [ingress(80, 8080)] }), null));
  });

  it("an update keeps its ports, reuses dynamic ones, and frees dropped ones", () => {
    const a = new Allocator();
    const e1 = ok(a.allocateService("web", mkSpec("web", { ports: [ingress(80), ingress(81, 8081)] }), null));
    expect(e1.ports.map((p) => p.published)).toEqual([30000, 8081]);
    ok(a.allocateService("b", mkSpec("b", { ports: [ingress(80)] }), null)); // 30001
    const e2 = ok(a.allocateService("web", mkSpec("web", { ports: [ingress(80), ingress(81, 8082)] }), e1));
    expect(e2.ports.map((p) => p.published)).toEqual([30000, 8082]);
    expect(a.ingressPortOwner("tcp", 8081)).toBeNull();
    expect(a.ingressPortOwner("tcp", 8082)).toBe("web");
    // Dropping the dynamic port frees it.
    ok(a.allocateService("web", mkSpec("web", { ports: [ingress(81, 8082)] }), e2));
    expect(a.ingressPortOwner("tcp", 30000)).toBeNull();
  });

  it("a new dynamic port after a reused one still gets the lowest free port", () => {
    const a = new Allocator();
    const e1 = ok(a.allocateService("a", mkSpec("a", { ports: [ingress(80)] }), null)); // 30000
    ok(a.allocateService("b", mkSpec("b", { ports: [ingress(1)] }), null)); // 30001
    ok(a.allocateService("c", mkSpec("c", { ports: [ingress(1)] }), null)); // 30002
    a.releaseService("b");
    const e2 = ok(a.allocateService("a", mkSpec("a", { ports: [ingress(80), ingress(90)] }), e1));
    expect(e2.ports.map((p) => p.published)).toEqual([30000, 30001]);
  });

  it("host-mode ports are not allocated cluster-wide", () => {
    const a = new Allocator();
    const e1 = ok(a.allocateService("a", mkSpec("a", { ports: [host(80, 8080), host(81, 0)] }), null));
    expect(e1.ports).toEqual([
      { target: 80, published: 8080, protocol: "tcp", mode: "host" },
      { target: 81, published: 0, protocol: "tcp", mode: "host" },
    ]);
    ok(a.allocateService("b", mkSpec("b", { ports: [host(80, 8080)] }), null));
    expect(a.ingressPortOwner("tcp", 8080)).toBeNull();
    // An ingress port on the same number is still free.
    ok(a.allocateService("c", mkSpec("c", { ports: [ingress(80, 8080)] }), null));
  });

  it("rejects an invalid endpoint before allocating", () => {
    const a = new Allocator();
    expect(fail(a.allocateService("a", mkSpec("a", { endpointMode: "dnsrr", ports: [ingress(80)] }), null))).toBe(
      "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
    );
    expect(a.ingressPortOwner("tcp", 30000)).toBeNull();
  });

  it("reports exhaustion of the dynamic range", () => {
    const a = new Allocator();
    const many = Array.from({ length: 2768 }, (_, i) => ingress(i + 1));
    const e = ok(a.allocateService("big", mkSpec("big", { ports: many }), null));
    expect(e.ports.at(-1)?.published).toBe(32767);
    expect(fail(a.allocateService("one", mkSpec("one", { ports: [ingress(80)] }), null))).toMatch(/exhausted/);
  });
});

describe("Allocator: VIPs and networks", () => {
  it("one VIP per attached network in vip mode; ingress when ingress ports are published", () => {
    const a = new Allocator();
    const e = ok(a.allocateService("web", mkSpec("web", { networks: ["front", "back"], ports: [ingress(80)] }), null));
    expect(e.vips).toEqual([
      { network: "ingress", addr: "10.255.0.2/16" },
      { network: "front", addr: "10.0.0.2/24" },
      { network: "back", addr: "10.0.1.2/24" },
    ]);
    const e2 = ok(a.allocateService("api", mkSpec("api", { networks: ["back"] }), null));
    expect(e2.vips).toEqual([{ network: "back", addr: "10.0.1.3/24" }]);
    expect(a.networks()).toEqual([
      { name: "ingress", subnet: "10.255.0.0/16", ingress: true },
      { name: "front", subnet: "10.0.0.0/24", ingress: false },
      { name: "back", subnet: "10.0.1.0/24", ingress: false },
    ]);
  });

  it("no VIPs in dnsrr mode; host-mode ports do not attach ingress", () => {
    const a = new Allocator();
    expect(ok(a.allocateService("d", mkSpec("d", { endpointMode: "dnsrr", networks: ["n"], ports: [host(80, 80)] }), null)).vips).toEqual([]);
    expect(ok(a.allocateService("h", mkSpec("h", { networks: ["n"], ports: [host(80, 80)] }), null)).vips).toEqual([
      { network: "n", addr: "10.0.0.2/24" },
    ]);
  });

  it("an update keeps VIPs of networks still attached and releases the others", () => {
    const a = new Allocator();
    const e1 = ok(a.allocateService("web", mkSpec("web", { networks: ["a", "b"] }), null));
    const e2 = ok(a.allocateService("web", mkSpec("web", { networks: ["b", "c"] }), e1));
    expect(e2.vips).toEqual([
      { network: "b", addr: "10.0.1.2/24" },
      { network: "c", addr: "10.0.2.2/24" },
    ]);
    // Switching to dnsrr drops every VIP.
    expect(ok(a.allocateService("web", mkSpec("web", { endpointMode: "dnsrr", networks: ["b"] }), e2)).vips).toEqual([]);
    a.releaseService("web");
    a.releaseService("web"); // idempotent
  });

  it("task addresses are serial within a network and released addresses come back after a lap", () => {
    const a = new Allocator();
    expect(a.allocateTaskAddr("ingress")).toBe("10.255.0.2/16");
    const t1 = a.allocateTaskAddr("net");
    const t2 = a.allocateTaskAddr("net");
    expect([t1, t2]).toEqual(["10.0.0.2/24", "10.0.0.3/24"]);
    a.releaseTaskAddr("net", t1);
    expect(a.allocateTaskAddr("net")).toBe("10.0.0.4/24");
    expect(() => a.releaseTaskAddr("net", "10.0.0.200")).toThrow(/unallocated/);
    expect(() => a.releaseTaskAddr("net", "10.9.0.2/24")).toThrow(/not in/);
  });

  it("a /24 holds 253 addresses; tryAllocateTaskAddr reports exhaustion, allocateTaskAddr asserts", () => {
    const a = new Allocator();
    const got = new Set<string>();
    for (let i = 0; i < 253; i++) got.add(a.allocateTaskAddr("n"));
    expect(got.size).toBe(253);
    expect(got.has("10.0.0.1/24") || got.has("10.0.0.0/24") || got.has("10.0.0.255/24")).toBe(false);
    expect(a.tryAllocateTaskAddr("n")).toBeNull();
    expect(() => a.allocateTaskAddr("n")).toThrow(/no available IP/);
    a.releaseTaskAddr("n", "10.0.0.7/24");
    expect(a.allocateTaskAddr("n")).toBe("10.0.0.7/24");
  });

  it("new networks skip the ingress /16 and honour an explicit subnet", () => {
    const a = new Allocator();
    expect(a.ensureNetwork("x", "10.0.5.0/24").subnet).toBe("10.0.5.0/24");
    for (let i = 0; i < 5; i++) a.ensureNetwork(`n${i}`);
    expect(a.ensureNetwork("n5").subnet).toBe("10.0.6.0/24");
    expect(() => a.ensureNetwork("x", "10.0.7.0/24")).toThrow();
  });

  it("reserveTaskAddr rebuilds usage from the store", () => {
    const a = new Allocator();
    expect(a.reserveTaskAddr("n", "10.0.0.2/24")).toBe(true);
    expect(a.reserveTaskAddr("n", "10.0.0.2/24")).toBe(false);
    expect(a.reserveTaskAddr("n", "10.0.0.1/24")).toBe(false); // gateway
    expect(a.allocateTaskAddr("n")).toBe("10.0.0.3/24");
  });
});

describe("Allocator: snapshot / restore (new leader)", () => {
  it("restores ports, VIPs, pools and cursors exactly", () => {
    const a = new Allocator();
    const e = ok(a.allocateService("web", mkSpec("web", { networks: ["front"], ports: [ingress(80), ingress(81, 9000)] }), null));
    a.allocateTaskAddr("front");
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = new Allocator();
    b.restore(snap);
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    expect(b.ingressPortOwner("tcp", 30000)).toBe("web");
    expect(fail(b.allocateService("x", mkSpec("x", { ports: [ingress(1, 9000)] }), null))).toBe("port '9000' is already in use by service 'web'");
    expect(b.allocateTaskAddr("front")).toBe(a.allocateTaskAddr("front"));
    // An update after restore keeps the allocation.
    expect(ok(b.allocateService("web", mkSpec("web", { networks: ["front"], ports: [ingress(80), ingress(81, 9000)] }), e))).toEqual(e);
    expect(() => b.restore({ version: 2 })).toThrow(/not an allocator snapshot/);
  });

  it("without a snapshot, re-allocating with `previous` keeps the old VIPs and dynamic ports", () => {
    const a = new Allocator();
    const spec = mkSpec("web", { networks: ["front"], ports: [ingress(80)] });
    ok(a.allocateService("filler", mkSpec("filler", { ports: [ingress(80)] }), null)); // takes 30000
    const e = ok(a.allocateService("web", spec, null));
    expect(e.ports[0].published).toBe(30001);
    const b = new Allocator();
    b.ensureNetwork("front", a.ensureNetwork("front").subnet);
    expect(ok(b.allocateService("web", spec, e))).toEqual(e);
    expect(b.ingressPortOwner("tcp", 30001)).toBe("web");
  });
});

describe("Pool", () => {
  it("wraps around serially and never hands out network, gateway or broadcast", () => {
    const p = new Pool("p", "10.1.0.0/29", false); // usable .2 .. .6
    expect(p.capacity).toBe(5);
    const got = Array.from({ length: 5 }, () => p.allocate());
    expect(got).toEqual(["10.1.0.2/29", "10.1.0.3/29", "10.1.0.4/29", "10.1.0.5/29", "10.1.0.6/29"]);
    expect(p.allocate()).toBeNull();
    p.release("10.1.0.3/29");
    expect(p.allocate()).toBe("10.1.0.3/29");
  });
});

describe("Allocator: subnets recovered from the store (new leader)", () => {
  it("subnetOf masks an address to its subnet; Pool.overlaps compares ranges", () => {
    expect(subnetOf("10.0.3.77/24")).toBe("10.0.3.0/24");
    expect(subnetOf("10.255.1.9/16")).toBe("10.255.0.0/16");
    expect(() => subnetOf("10.0.3.77")).toThrow(/no prefix/);
    const p = new Pool("p", "10.0.4.0/24", false);
    expect(p.overlaps("10.0.4.0/24")).toBe(true);
    expect(p.overlaps("10.0.0.0/16")).toBe(true);
    expect(p.overlaps("10.0.5.0/24")).toBe(false);
    expect(p.overlaps("10.0.3.0/24")).toBe(false);
  });

  it("addresses parse strictly: four octets of 1-3 digits, each at most 255", () => {
    expect(ipToU32("10.0.3.77")).toBe(((10 * 256 + 0) * 256 + 3) * 256 + 77);
    expect(ipToU32("255.255.255.255")).toBe(2 ** 32 - 1);
    for (const bad of ["10.0.3", "10.0.3.77.1", "10..3.77", "10.0.3.7a", "1000.0.0.1", "10.0.3.256", "", "10.0.3.77 "]) {
      expect(() => ipToU32(bad)).toThrow(/not an IPv4 address/);
    }
    const p = new Pool("p", "10.0.4.0/24", false);
    expect(p.reserve("10.0.4.9/24")).toBe(true);
    expect(p.has("10.0.4.9")).toBe(true);
    expect(p.reserve("10.0.4.x/24")).toBe(false); // not an address: foreign
    expect(p.reserve("10.0.5.9/24")).toBe(false); // another subnet
    expect(() => p.reserve("10.0.4.300/24")).toThrow(/not an IPv4 address: 10.0.4.300$/);
  });

  it("a task address of an unseen network fixes its subnet, whatever order networks are met in", () => {
    // The old leader met `a` first (10.0.0.0/24), then `b` (10.0.1.0/24).
    const old = new Allocator();
    const addrA = old.allocateTaskAddr("a");
    const addrB = old.allocateTaskAddr("b");
    expect([addrA, addrB]).toEqual(["10.0.0.2/24", "10.0.1.2/24"]);
    // The new leader meets `b` first in the store.
    const b = new Allocator();
    expect(b.reserveTaskAddr("b", addrB)).toBe(true);
    expect(b.reserveTaskAddr("a", addrA)).toBe(true);
    expect(b.networks().slice(1)).toEqual([
      { name: "b", subnet: "10.0.1.0/24", ingress: false },
      { name: "a", subnet: "10.0.0.0/24", ingress: false },
    ]);
    expect(b.allocateTaskAddr("b")).toBe("10.0.1.3/24");
    // A new network skips the recovered /24s.
    expect(b.ensureNetwork("c").subnet).toBe("10.0.2.0/24");
    expect(b.addressesInUse("b")).toBe(2);
    expect(b.addressesInUse("nope")).toBe(0);
  });

  it("a VIP recorded in the store fixes its network's subnet too", () => {
    const old = new Allocator();
    old.ensureNetwork("first");
    const e = ok(old.allocateService("web", mkSpec("web", { networks: ["second"] }), null));
    expect(e.vips).toEqual([{ network: "second", addr: "10.0.1.2/24" }]);
    const b = new Allocator();
    expect(ok(b.allocateService("web", mkSpec("web", { networks: ["second"] }), e))).toEqual(e);
    expect(b.ensureNetwork("first").subnet).toBe("10.0.0.0/24");
  });

  it("refuses a network whose subnet overlaps another", () => {
    const a = new Allocator();
    a.ensureNetwork("x", "10.0.0.0/24");
    expect(() => a.ensureNetwork("y", "10.0.0.0/16")).toThrow(/overlaps x/);
    expect(() => a.ensureNetwork("z", "10.255.3.0/24")).toThrow(/overlaps ingress/);
  });
});
