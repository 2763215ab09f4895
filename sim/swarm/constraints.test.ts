// Ported from swarmkit manager/constraint/constraint_test.go (TestParse, TestMatch, TestNodeMatches)
// as far as SWARM.md §5 reconstructs them, plus the derived edge cases it lists.
import { describe, expect, it } from "vitest";
import type { NodeObj } from "./objects.ts";
import {
  type ConstraintNode,
  ConstraintError,
  constraintsError,
  equalFold,
  matchConstraints,
  nodeToConstraintNode,
  parseConstraints,
} from "./constraints.ts";

function parseErr(expr: string): string {
  try {
    parseConstraints([expr]);
  } catch (e) {
    expect(e).toBeInstanceOf(ConstraintError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(expr)} to be rejected`);
}

describe("parseConstraints (TestParse)", () => {
  it("rejects expressions without an operator", () => {
    for (const e of ["", " ", "nodeabc", "node ~ abc", "node = abc", "node <> abc"]) {
      expect(parseErr(e)).toBe("constraint expected one operator from ==, !=");
    }
  });

  it("validates keys with SwarmKit's grammar and message", () => {
    expect(parseErr("1node==a2")).toBe("key '1node' is invalid");
    expect(parseErr("no de== node1")).toBe("key 'no de' is invalid");
    expect(parseErr("no*de==node1")).toBe("key 'no*de' is invalid");
    expect(parseErr("==node1")).toBe("key '' is invalid");
    expect(parseErr("no$de==node1")).toBe("key 'no$de' is invalid");
    expect(parseErr("a==b")).toBe("key 'a' is invalid"); // ≥ 2 chars
    expect(parseErr("no/de==x")).toBe("key 'no/de' is invalid");
    expect(parseErr("no:de==x")).toBe("key 'no:de' is invalid");
    // Both operators: split at "==" first, so the key keeps the "!".
    expect(parseErr("a!==b")).toBe("key 'a!' is invalid");
  });

  it("validates values with SwarmKit's grammar and message", () => {
    expect(parseErr("node==")).toBe("value '' is invalid");
    expect(parseErr("node== ")).toBe("value '' is invalid");
    for (const bad of ["=", "<", ">", "~", "!", ",", "@", "#", "%", "&", "'", '"', "{", "}"]) {
      expect(parseErr(`node==a${bad}b`)).toBe(`value 'a${bad}b' is invalid`);
    }
    // "node===x" splits at the first "==": value "=x".
    expect(parseErr("node===x")).toBe("value '=x' is invalid");
  });

  it("trims, allows caps, dots, underscores, special value characters and inner spaces", () => {
    expect(parseConstraints([" node == node1"])).toEqual([{ key: "node", op: "==", value: "node1" }]);
    expect(parseConstraints(["NoDe==node1"])[0].key).toBe("NoDe");
    expect(parseConstraints(["no.de==node1"])[0].key).toBe("no.de");
    expect(parseConstraints(["_node==_node1"])[0]).toEqual({ key: "_node", op: "==", value: "_node1" });
    expect(parseConstraints(["node==[a-b]+c*(n|b)/"])[0].value).toBe("[a-b]+c*(n|b)/");
    expect(parseConstraints(["node==node 1"])[0].value).toBe("node 1");
    expect(parseConstraints(["node.labels.x!=y"])[0]).toEqual({ key: "node.labels.x", op: "!=", value: "y" });
    expect(parseConstraints(["node==^a$\\?."])[0].value).toBe("^a$\\?.");
  });

  it("parses a list, failing on the first bad entry", () => {
    expect(parseConstraints(["node.role==manager", "node.labels.a!=b"])).toHaveLength(2);
    expect(() => parseConstraints(["node.role==manager", "bad"])).toThrow("constraint expected one operator from ==, !=");
    expect(constraintsError(["node.role==manager"])).toBeNull();
    expect(constraintsError(["x==y"])).toBe("key 'x' is invalid");
  });
});

const node: ConstraintNode = {
  id: "8ad5d7c3bfad",
  hostname: "node-1",
  role: "manager",
  os: "linux",
  arch: "x86_64",
  labels: { name: "node1", Region: "eu", empty: "" },
  engineLabels: { disk: "ssd" },
  addr: "192.168.1.10",
};

function m(expr: string, n: ConstraintNode = node): boolean {
  return matchConstraints(parseConstraints([expr]), n);
}

describe("matchConstraints (TestMatch, TestNodeMatches)", () => {
  it("compares whole strings case-insensitively; != is the negation", () => {
    expect(m("node.hostname==node-1")).toBe(true);
    expect(m("node.hostname==NODE-1")).toBe(true);
    expect(m("node.hostname==node")).toBe(false);
    expect(m("node.hostname==node-1E")).toBe(false);
    expect(m("node.hostname!=node-1")).toBe(false);
    expect(m("node.hostname!=node")).toBe(true);
    expect(m("node.hostname!=node-1extra")).toBe(true);
  });

  it("treats glob and regex characters literally", () => {
    expect(m("node.hostname==node*")).toBe(false);
    expect(m("node.hostname==node.1")).toBe(false);
    expect(m("node.hostname==n.*")).toBe(false);
    expect(m("node.hostname==node*", { ...node, hostname: "NODE*" })).toBe(true);
    expect(m("node.hostname!=node*")).toBe(true);
  });

  it("matches node.id, node.role (observed) and key names case-insensitively", () => {
    expect(m("node.id==8ad5d7c3bfad")).toBe(true);
    expect(m("node.id!=8ad5d7c3bfad")).toBe(false);
    expect(m("NODE.ID==8AD5D7C3BFAD")).toBe(true);
    expect(m("node.role==manager")).toBe(true);
    expect(m("node.role==MANAGER")).toBe(true);
    expect(m("node.role==worker")).toBe(false);
    expect(m("node.role!=worker")).toBe(true);
    expect(m("Node.Role==Worker", { ...node, role: "worker" })).toBe(true);
  });

  it("missing hostname compares as empty: == fails, != passes", () => {
    const noDesc = { ...node, hostname: "" };
    expect(m("node.hostname==node-1", noDesc)).toBe(false);
    expect(m("node.hostname!=node-1", noDesc)).toBe(true);
  });

  it("matches platform without normalisation", () => {
    expect(m("node.platform.os==linux")).toBe(true);
    expect(m("node.platform.os==LINUX")).toBe(true);
    expect(m("node.platform.os==windows")).toBe(false);
    expect(m("node.platform.arch==x86_64")).toBe(true);
    expect(m("node.platform.arch==amd64")).toBe(false);
    expect(m("node.platform.arch!=amd64")).toBe(true);
    const noPlatform = { ...node, os: "", arch: "" };
    expect(m("node.platform.os==linux", noPlatform)).toBe(false);
    expect(m("node.platform.os!=linux", noPlatform)).toBe(true);
  });

  it("node labels: prefix case-insensitive, name case-sensitive, missing = empty", () => {
    expect(m("node.labels.name==node1")).toBe(true);
    expect(m("node.labels.name==NODE1")).toBe(true);
    expect(m("NODE.LABELS.name==node1")).toBe(true);
    expect(m("node.labels.Name==node1")).toBe(false);
    expect(m("node.labels.Name!=node1")).toBe(true);
    expect(m("node.labels.Region==eu")).toBe(true);
    expect(m("node.labels.region==eu")).toBe(false);
    expect(m("node.labels.missing!=x")).toBe(true);
    expect(m("node.labels.missing==x")).toBe(false);
    expect(m("node.labels.name!=node1")).toBe(false);
  });

  it("engine labels are a separate namespace", () => {
    expect(m("engine.labels.disk==ssd")).toBe(true);
    expect(m("engine.labels.disk!=ssd")).toBe(false);
    expect(m("ENGINE.labels.disk==SSD")).toBe(true);
    expect(m("node.labels.disk==ssd")).toBe(false);
    expect(m("engine.labels.name==node1")).toBe(false);
    expect(m("engine.labels.name!=node1")).toBe(true);
  });

  it("unknown keys never match, for == and != alike", () => {
    for (const k of ["node.abc.bcd", "node.name", "node.labels.", "engine.labels.", "nodes.labels.a", "foo"]) {
      expect(m(`${k}==x`)).toBe(false);
      expect(m(`${k}!=x`)).toBe(false);
    }
  });

  it("node.ip: IPv4/IPv6 equality", () => {
    expect(m("node.ip==192.168.1.10")).toBe(true);
    expect(m("node.ip!=192.168.1.10")).toBe(false);
    expect(m("node.ip==192.168.1.11")).toBe(false);
    expect(m("node.ip!=192.168.1.11")).toBe(true);
    const v6 = { ...node, addr: "2001:db8:0::2" };
    expect(m("node.ip==2001:db8::2", v6)).toBe(true);
    expect(m("node.ip==2001:DB8:0:0:0:0:0:2", v6)).toBe(true);
    expect(m("node.ip!=2001:db8::2", v6)).toBe(false);
    expect(m("node.ip==2001:db8::3", v6)).toBe(false);
    // IPv4 and its v4-mapped IPv6 form are the same address (Go's IP.Equal).
    expect(m("node.ip==::ffff:192.168.1.10")).toBe(true);
  });

  it("node.ip: CIDR containment", () => {
    expect(m("node.ip==192.168.1.0/24")).toBe(true);
    expect(m("node.ip!=192.168.1.0/24")).toBe(false);
    expect(m("node.ip==192.168.2.0/24")).toBe(false);
    expect(m("node.ip!=192.168.2.0/24")).toBe(true);
    expect(m("node.ip==192.160.0.0/12")).toBe(true);
    expect(m("node.ip==0.0.0.0/0")).toBe(true);
    expect(m("node.ip==192.168.1.10/32")).toBe(true);
    const v6 = { ...node, addr: "2001:db8::2" };
    expect(m("node.ip==2001:db8::/32", v6)).toBe(true);
    expect(m("node.ip==2001:db9::/32", v6)).toBe(false);
    // An IPv4 network never contains an IPv6 address and vice versa.
    expect(m("node.ip==0.0.0.0/0", v6)).toBe(false);
    expect(m("node.ip==::/0")).toBe(false);
  });

  it("node.ip: malformed value is false for both operators", () => {
    for (const v of ["1.2.3.4.5", "256.1.1.1", "01.2.3.4", "abc", "1.2.3.0/33", "1::2::3", "1.2.3.4/"]) {
      expect(m(`node.ip==${v}`)).toBe(false);
      expect(m(`node.ip!=${v}`)).toBe(false);
    }
  });

  it("node.ip: a node without address is 'no IP'", () => {
    const noAddr = { ...node, addr: "" };
    expect(m("node.ip==0.0.0.0", noAddr)).toBe(false);
    expect(m("node.ip!=0.0.0.0", noAddr)).toBe(true);
    expect(m("node.ip==0.0.0.0/0", noAddr)).toBe(false);
    expect(m("node.ip!=0.0.0.0/0", noAddr)).toBe(true);
  });

  it("ANDs all constraints", () => {
    const cs = parseConstraints(["node.role==manager", "node.labels.name==node1", "engine.labels.disk==ssd"]);
    expect(matchConstraints(cs, node)).toBe(true);
    expect(matchConstraints(cs, { ...node, engineLabels: {} })).toBe(false);
    expect(matchConstraints([], node)).toBe(true);
  });

  it("equalFold follows Go's simple folding", () => {
    expect(equalFold("ABC", "abc")).toBe(true);
    expect(equalFold("straße", "STRASSE")).toBe(false);
    expect(equalFold("Σ", "σ")).toBe(true);
    expect(equalFold("a", "ab")).toBe(false);
  });

  it("equalFold's ASCII fast path agrees with the code-point comparison", () => {
    expect(equalFold("Node-1.x", "nODE-1.X")).toBe(true);
    expect(equalFold("w1", "w2")).toBe(false);
    expect(equalFold("@", "`")).toBe(false); // neighbours of A-Z and a-z do not fold
    expect(equalFold("[", "{")).toBe(false);
    // a non-ASCII character anywhere takes the general path: the Kelvin sign folds to k
    expect(equalFold("\u212a", "k")).toBe(true);
    expect(equalFold("abc\u212a", "ABCK")).toBe(true);
    expect(equalFold("ab", "ab\u00e9")).toBe(false);
    expect(equalFold("x\ud83d\ude00", "X\ud83d\ude00")).toBe(true);
  });
});

describe("nodeToConstraintNode", () => {
  it("reads Description.Hostname, observed role, platform, spec labels, engine labels and Status.Addr", () => {
    const n: NodeObj = {
      id: "w1",
      ix: 3,
      spec: { desiredRole: "manager", availability: "active", labels: { zone: "a" } },
      role: "worker",
      status: { state: "ready", message: "", addr: "10.0.0.4" },
      description: {
        hostname: "host-w1",
        platform: { os: "linux", arch: "aarch64" },
        resources: { nanoCpus: 1e9, memoryBytes: 1 << 30 },
        engineLabels: { disk: "hdd" },
      },
      version: 1,
    };
    const c = nodeToConstraintNode(n);
    expect(c).toEqual({
      id: "w1",
      hostname: "host-w1",
      role: "worker",
      os: "linux",
      arch: "aarch64",
      labels: { zone: "a" },
      engineLabels: { disk: "hdd" },
      addr: "10.0.0.4",
    });
    expect(m("node.role==manager", c)).toBe(false);
    expect(m("node.hostname==w1", c)).toBe(false);
  });
});
