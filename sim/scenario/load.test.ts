import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIN, MS, SEC } from "../kernel/types.ts";
import { SWARMKIT_RAFT_DEFAULTS } from "../raft/config.ts";
import { ScenarioError } from "./errors.ts";
import { loadScenarioFile, loadScenarioText } from "./load.ts";

const FILE = "scenarios/x.yml";

function load(text: string, baseDir = "/nonexistent") {
  return loadScenarioText(text, FILE, baseDir);
}

/** The formatted error for a scenario text (fails the test if it loads). */
function err(text: string, baseDir?: string): string {
  try {
    load(text, baseDir);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).format();
  }
  throw new Error("expected a ScenarioError");
}

describe("defaults", () => {
  it("an almost empty scenario gets every default", () => {
    const { scenario: s, warnings } = load("seed: 5\n");
    expect(warnings).toEqual([]);
    expect(s.name).toBe("x");
    expect(s.description).toBe("");
    expect(s.seed).toBe(5);
    expect(s.durationUs).toBe(5 * MIN);
    expect(s.nodes.map((n) => `${n.name}:${n.role}`)).toEqual(["m1:manager", "m2:manager", "m3:manager"]);
    expect(s.nodes[0]).toEqual({
      name: "m1",
      role: "manager",
      labels: {},
      engineLabels: {},
      hostname: "m1",
      platform: { os: "linux", arch: "amd64" },
      resources: { nanoCpus: 4e9, memoryBytes: 8 * 2 ** 30 },
    });
    expect(s.network).toEqual({ latency: { minUs: 500, maxUs: 2 * MS, tailP: 0, tailMeanUs: 0 }, loss: 0, duplicate: 0, reorder: 0 });
    expect(s.raft).toEqual(SWARMKIT_RAFT_DEFAULTS);
    expect(s.stack).toBeNull();
    expect(s.services).toEqual([]);
    expect(s.timeline).toEqual([]);
    expect(s.expect).toEqual({ outcome: "pass", disable: [], convergeUs: null, minRunning: [], reached: [] });
    expect(s.workload).toBeNull();
    expect(s.bugs).toEqual([]);
    expect(s.seed).toBe(5);
  });

  it("managers/workers generate m1…mN and w1…wN", () => {
    const { scenario: s } = load("cluster: {managers: 1, workers: 2}\n");
    expect(s.nodes.map((n) => n.name)).toEqual(["m1", "w1", "w2"]);
    expect(s.nodes[2].role).toBe("worker");
  });

  it("reads an explicit node list", () => {
    const { scenario: s } = load(`
cluster:
  nodes:
    - {name: a, role: manager}
    - {name: b, role: worker, labels: {zone: z1}, hostname: host-b, platform: {os: linux, arch: arm64}, engineLabels: {ssd: "true"}, resources: {cpus: "0.5", memory: 1G}, joinLater: true}
`);
    expect(s.nodes[1]).toEqual({
      name: "b",
      role: "worker",
      labels: { zone: "z1" },
      engineLabels: { ssd: "true" },
      hostname: "host-b",
      platform: { os: "linux", arch: "arm64" },
      resources: { nanoCpus: 5e8, memoryBytes: 2 ** 30 },
      joinLater: true,
    });
    expect(s.nodes[0].joinLater).toBeUndefined();
  });

  it("reads network, raft, workload, env and behaviour", () => {
    const { scenario: s } = load(`
env: {A: x, N: 3}
network: {latency: {min: 1ms, max: 10ms, tailP: 0.01, tailMean: 50ms}, loss: 0.1, duplicate: 0.05, reorder: 0.2}
raft: {tick: 100ms, electionTick: 5, heartbeatTick: 1, preVote: true, readIndex: true}
workload: {rate: 50}
services: {web: {image: nginx}}
behaviour: {nginx: {startup: 2s, exitAfter: 1m, exitCode: 3, failStart: 0.5}}
`);
    expect(s.env).toEqual({ A: "x", N: "3" });
    expect(s.network).toEqual({ latency: { minUs: MS, maxUs: 10 * MS, tailP: 0.01, tailMeanUs: 50 * MS }, loss: 0.1, duplicate: 0.05, reorder: 0.2 });
    expect(s.raft).toEqual({ ...SWARMKIT_RAFT_DEFAULTS, tickUs: 100 * MS, electionTick: 5, preVote: true, readIndex: true });
    expect(s.workload).toEqual({ clients: 3, rateHz: 50, timeoutUs: 5 * SEC, keys: 8, readRatio: 0 });
    expect(s.behaviour.nginx).toEqual({ startupUs: 2 * SEC, exitAfterUs: MIN, exitCode: 3, failStart: 0.5, unhealthyAfterUs: null });
  });
});

describe("timeline", () => {
  it("parses every fault form", () => {
    const { scenario: s } = load(`
cluster: {managers: 3, workers: 2}
duration: 10m
timeline:
  - {at: 1s, crash: leader}
  - {at: 2s, crash: {node: m2, loseUnsynced: true}}
  - {at: 3s, restart: all}
  - {at: 4s, pause: w1}
  - {at: 5s, resume: w1}
  - {at: 6s, remove: w2}
  - {at: 7s, partition: halves}
  - {at: 8s, partition: isolate:m3}
  - {at: 9s, partition: [[m1, w1], [m2, m3, w2]]}
  - {at: 10s, partition: {blocked: [[m1, m2]]}}
  - {at: 11s, heal: true}
  - {at: 12s, loss: {rate: 0.3, for: 10s, nodes: [m1]}}
  - {at: 13s, duplicate: {rate: 0.1, for: 5s}}
  - {at: 14s, delay: {min: 10ms, max: 50ms, for: 1m}}
  - {at: 15s, skew: {node: m1, offset: -3s, driftPpm: -100}}
  - {at: 16s, heal: all}
`);
    expect(s.timeline.map((e) => e.action)).toEqual([
      { kind: "crash", target: "leader", loseUnsynced: false },
      { kind: "crash", target: "m2", loseUnsynced: true },
      { kind: "restart", target: "all" },
      { kind: "pause", target: "w1" },
      { kind: "resume", target: "w1" },
      { kind: "remove", target: "w2" },
      { kind: "partition", partition: { shape: "halves" } },
      { kind: "partition", partition: { shape: "isolate", node: "m3" } },
      { kind: "partition", partition: { groups: [["m1", "w1"], ["m2", "m3", "w2"]] } },
      { kind: "partition", partition: { blocked: [["m1", "m2"]] } },
      { kind: "heal" },
      { kind: "loss", rate: 0.3, forUs: 10 * SEC, nodes: ["m1"] },
      { kind: "duplicate", rate: 0.1, forUs: 5 * SEC, nodes: null },
      { kind: "delay", latency: { minUs: 10 * MS, maxUs: 50 * MS, tailP: 0, tailMeanUs: 0 }, forUs: MIN, nodes: null },
      { kind: "skew", target: "m1", offsetUs: -3 * SEC, driftPpm: -100 },
      { kind: "heal" },
    ]);
    expect(s.timeline.map((e) => e.atUs)).toEqual(Array.from({ length: 16 }, (_, i) => (i + 1) * SEC));
  });

  it("parses run entries at load time, resolving short service names", () => {
    const { scenario: s } = load(`
name: shop
services: {web: {image: nginx}}
timeline:
  - {at: 1s, run: "docker service scale web=3"}
  - {at: 2s, run: "docker swarm leave", on: m3}
`);
    expect(s.timeline[0]).toEqual({ atUs: SEC, on: null, action: { kind: "run", command: "docker service scale web=3", op: { verb: "service.scale", scales: [{ service: "shop_web", replicas: 3 }] } } });
    expect(s.timeline[1].on).toBe("m3");
  });
});

describe("errors point at the offending node", () => {
  it("YAML syntax error", () => {
    expect(err("seed: 1\ncluster: {managers: 3\nduration: 1m\n")).toMatch(/^scenarios\/x\.yml:\d+:\d+: YAML syntax error: /);
  });
  it("empty file", () => {
    expect(err("")).toBe("scenarios/x.yml: empty scenario: expected a mapping of keys");
    expect(err("# just a comment\n")).toBe("scenarios/x.yml: empty scenario: expected a mapping of keys");
  });
  it("binary file: NUL bytes", () => {
    expect(err("seed: 1\nname: a\u0000b\n")).toBe("scenarios/x.yml:2:8: not a text file: NUL byte found (is this a binary file?)");
  });
  it("binary file: invalid UTF-8", () => {
    const dir = mkdtempSync(join(tmpdir(), "swarmsim-"));
    const path = join(dir, "bin.yml");
    writeFileSync(path, Buffer.from([0x73, 0x65, 0x65, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(() => loadScenarioFile(path)).toThrow(/bin\.yml: not a text file: the bytes are not valid UTF-8/);
  });
  it("missing file", () => {
    expect(() => loadScenarioFile("/nonexistent/nope.yml")).toThrow("/nonexistent/nope.yml: file not found");
  });
  it("top level not a mapping", () => {
    expect(err("- a\n- b\n")).toBe("scenarios/x.yml:1:1: the top level of a scenario must be a mapping of keys, found a list");
    expect(err("hello\n")).toBe("scenarios/x.yml:1:1: the top level of a scenario must be a mapping of keys, found 'hello'");
  });
  it("unknown key with did-you-mean, at the top", () => {
    expect(err("seed: 1\nduraton: 30s\n")).toBe("scenarios/x.yml:2:1: unknown key 'duraton' in scenario (did you mean 'duration'?)");
  });
  it("unknown key with did-you-mean, nested", () => {
    expect(err("cluster:\n  manager: 3\n")).toBe("scenarios/x.yml:2:3: unknown key 'manager' in cluster (did you mean 'managers'?)");
    expect(err("network:\n  latency: {min: 1ms, mx: 2ms}\n")).toMatch(/^scenarios\/x\.yml:2:23: unknown key 'mx' in 'latency' in network \(did you mean 'max'\?\)$/);
    expect(err("timeline:\n  - {at: 1s, crash: m1, onn: m2}\n")).toMatch(/:2:25: unknown key 'onn' in timeline entry 1 \(did you mean 'on'\?\)/);
  });
  it("unknown key without a close match lists the keys instead of a did-you-mean", () => {
    expect(err("zebra: 1\n")).toBe(
      "scenarios/x.yml:1:1: unknown key 'zebra' in scenario: expected 'name', 'description', 'seed', 'duration', 'env', " +
        "'cluster', 'network', 'raft', 'stack', 'services', 'behaviour', 'workload', 'bugs', 'timeline' or 'expect'",
    );
  });
  it("wrong type", () => {
    expect(err("cluster:\n  managers: three\n")).toBe("scenarios/x.yml:2:13: wrong type for 'managers' in cluster: expected an integer, found 'three'");
    expect(err("seed: [1]\n")).toMatch(/:1:7: wrong type for 'seed' in scenario: expected a single value, found a list/);
    expect(err("raft: {preVote: maybe}\n")).toMatch(/wrong type for 'preVote' in raft: expected true or false, found 'maybe'/);
  });
  it("negative or absurd numbers", () => {
    expect(err("cluster: {managers: 101}\n")).toMatch(/:1:21: 'managers' in cluster is 101: expected an integer from 0 to 100/);
    expect(err("cluster: {workers: 5001}\n")).toMatch(/'workers' in cluster is 5001: expected an integer from 0 to 5000/);
    expect(err("cluster: {managers: -1}\n")).toMatch(/'managers' in cluster is -1/);
    expect(err("seed: 4294967296\n")).toMatch(/'seed' in scenario is 4294967296: expected an integer from 0 to 4294967295/);
    expect(err("services: {web: {image: nginx, deploy: {replicas: 100001}}}\n")).toMatch(/'replicas' in 'deploy' in service 'web' is 100001/);
    expect(err("cluster: {managers: 0, workers: 3}\n")).toMatch(/the cluster needs at least one manager/);
  });
  it("durations without units or malformed", () => {
    expect(err("duration: 30\n")).toBe("scenarios/x.yml:1:11: 'duration' in scenario: duration '30' has no unit (write e.g. '30s' or '30ms')");
    expect(err("duration: 30 s\n")).toBe(
      "scenarios/x.yml:1:11: 'duration' in scenario: malformed duration '30 s': expected an integer and a unit us, ms, s, m, h or d, e.g. '30s' (did you mean '30s'?)",
    );
    expect(err("duration: 5x\n")).toMatch(/:1:11: 'duration' in scenario: malformed duration '5x'/);
    expect(err("duration: 0s\n")).toMatch(/the duration must be longer than 0s/);
    expect(err("duration: 400d\n")).toMatch(/longer than the 365d limit/);
  });
  it("probabilities outside [0, 1]", () => {
    expect(err("network: {loss: 1.5}\n")).toBe("scenarios/x.yml:1:17: 'loss' in network is 1.5: probabilities and rates are fractions in [0, 1]");
    expect(err("timeline: [{at: 1s, loss: {rate: -0.1, for: 1s}}]\n")).toMatch(/'rate' in 'loss' in timeline entry 1 is -0.1/);
    expect(err("behaviour: {x: {failStart: 2}}\n")).toMatch(/'failStart' in behaviour 'x' is 2/);
  });
  it("unknown node names in the timeline, with did-you-mean", () => {
    expect(err("timeline:\n  - {at: 1s, crash: m4}\n")).toBe(
      "scenarios/x.yml:2:21: unknown node 'm4' in 'crash' in timeline entry 1: expected a node name or 'leader', 'follower', 'manager' or 'worker' (did you mean 'm1'?)",
    );
    expect(err("timeline:\n  - {at: 1s, partition: [[m1], [m2, mm3]]}\n")).toMatch(/:2:37: unknown node 'mm3' in 'partition' in timeline entry 1 \(did you mean 'm3'\?\)/);
    expect(err("timeline:\n  - {at: 1s, partition: isolate:m9}\n")).toMatch(/:2:33: unknown node 'm9'/);
    expect(err("timeline:\n  - {at: 1s, crash: all}\n")).toMatch(/'all' is allowed only for restart and resume/);
  });
  it("timeline entries past the duration, or out of order", () => {
    expect(err("duration: 1m\ntimeline:\n  - {at: 2m, crash: m1}\n")).toBe(
      "scenarios/x.yml:3:10: timeline entry 1 at 2m is past the scenario duration 1m",
    );
    expect(err("timeline:\n  - {at: 20s, crash: m1}\n  - {at: 10s, restart: m1}\n")).toMatch(/:3:10: timeline entry 2 at 10s comes after an entry at 20s/);
  });
  it("an entry with zero or two actions", () => {
    expect(err("timeline:\n  - {at: 1s}\n")).toMatch(/:2:5: timeline entry 1 has no action: expected one of crash, restart/);
    expect(err("timeline:\n  - {at: 1s, crash: m1, heal: true}\n")).toBe(
      "scenarios/x.yml:2:25: timeline entry 1 has two actions 'crash' and 'heal': write one action per entry",
    );
    expect(err("timeline:\n  - {crash: m1}\n")).toMatch(/timeline entry 1 needs 'at'/);
  });
  it("unknown partition shape", () => {
    expect(err("timeline:\n  - {at: 1s, partition: halfs}\n")).toMatch(/:2:25: unknown partition shape 'halfs': expected .* \(did you mean 'halves'\?\)/);
  });
  it("unknown invariant id in expect", () => {
    expect(err("expect: {outcome: 'violation:raft.election-safty'}\n")).toMatch(/unknown invariant id 'raft.election-safty' in outcome \(did you mean 'raft.election-safety'\?\)/);
    expect(err("expect: {outcome: fail}\n")).toMatch(/unknown outcome 'fail'/);
    expect(err("expect:\n  disable: [svc.convergance]\n")).toBe("scenarios/x.yml:2:13: unknown invariant id 'svc.convergance' in 'disable' (did you mean 'svc.convergence'?)");
  });
  it("malformed reached condition", () => {
    expect(err("expect:\n  reached: ['leaderChanges=>2']\n")).toMatch(/^scenarios\/x\.yml:2:13: malformed reached condition 'leaderChanges=>2'/);
    expect(err("expect:\n  reached: [leaderChange>=2]\n")).toMatch(/unknown reached condition 'leaderChange>=2'.*\(did you mean 'leaderChanges'\?\)/);
    expect(err("expect:\n  reached: ['nodeStatus:w3=down']\n")).toMatch(/unknown node 'w3' in reached condition/);
    expect(err("expect:\n  reached: ['op:1=ok']\n")).toMatch(/names run entry 1, but the timeline has 0 run: entries/);
  });
  it("unknown command or flag in run:, at that entry", () => {
    expect(err("timeline:\n  - at: 1s\n    run: docker servce ls\n")).toBe(
      "scenarios/x.yml:3:17: unknown docker command 'servce': expected 'service', 'node', 'swarm' or 'stack' (did you mean 'service'?)",
    );
    expect(err("timeline:\n  - at: 1s\n    run: 'docker service create --name web --replica 3 nginx'\n")).toBe(
      "scenarios/x.yml:3:44: unknown flag '--replica' for 'docker service create' (did you mean '--replicas'?)",
    );
    expect(err('timeline:\n  - at: 1s\n    run: "docker service scale web=x"\n')).toMatch(/:3:32: invalid replicas in 'web=x': expected an integer, found 'x'/);
  });
  it("swarm join without on:", () => {
    expect(err("timeline:\n  - {at: 1s, run: docker swarm join --token worker}\n")).toMatch(/add 'on: <node>'/);
  });
  it("unknown bug id", () => {
    expect(err("bugs: [swarmkit-99999]\n")).toMatch(/:1:8: unknown bug id 'swarmkit-99999'/);
  });
  it("accepts the ids of KNOWN_BUGS, with did-you-mean for near misses", () => {
    expect(load("bugs: [swarmkit-921]\n").scenario.bugs).toEqual(["swarmkit-921"]);
    expect(err("bugs: [swarmkit-92]\n")).toMatch(/unknown bug id 'swarmkit-92' \(did you mean 'swarmkit-921'\?\)/);
  });
  it("on: for a fault", () => {
    expect(err("timeline:\n  - {at: 1s, crash: m1, on: m2}\n")).toMatch(/'on' applies only to 'run' entries/);
  });
  it("duplicate keys and undefined aliases", () => {
    expect(err("seed: 1\nseed: 2\n")).toMatch(/:2:1: YAML syntax error: Map keys must be unique/);
    expect(err("seed: *nope\n")).toMatch(/:1:7: unknown alias '\*nope'/);
  });
  it("duplicate node names", () => {
    expect(err("cluster:\n  nodes:\n    - {name: a, role: manager}\n    - {name: a, role: worker}\n")).toMatch(/:4:7: duplicate node name 'a'/);
  });
  it("inline service errors point into the scenario", () => {
    expect(err("services:\n  web:\n    image: nginx\n    deploy: {replica: 2}\n")).toMatch(/:4:14: unknown key 'replica' in 'deploy' in service 'web' \(did you mean 'replicas'\?\)/);
  });
});

describe("stacks", () => {
  it("loads a stack file relative to the scenario; errors point into the stack file", () => {
    const dir = mkdtempSync(join(tmpdir(), "swarmsim-"));
    writeFileSync(join(dir, "s.yml"), "services:\n  web:\n    image: nginx\n    deploy: {replicas: 2}\n");
    writeFileSync(join(dir, "bad.yml"), "services:\n  web:\n    image: nginx\n    deploy: {mode: globl}\n");
    const { scenario: s } = loadScenarioText("name: t\nstack: s.yml\n", "x/t.yml", dir);
    expect(s.stack).toEqual({ file: "s.yml", name: "t" });
    expect(s.services.map((x) => [x.name, x.stack, x.replicas])).toEqual([["t_web", "t", 2]]);
    const named = loadScenarioText("name: t\nstack: {file: s.yml, name: shop}\n", "x/t.yml", dir).scenario;
    expect(named.services[0].name).toBe("shop_web");
    expect(() => loadScenarioText("stack: bad.yml\n", "x/t.yml", dir)).toThrow(/^x\/bad\.yml:4:20: 'mode' in 'deploy' in service 'web': unknown deploy mode 'globl'/);
    expect(() => loadScenarioText("stack: missing.yml\n", "x/t.yml", dir)).toThrow("x/t.yml:1:8: stack file 'missing.yml': file not found");
  });
  it("docker stack deploy loads its file at load time", () => {
    const dir = mkdtempSync(join(tmpdir(), "swarmsim-"));
    writeFileSync(join(dir, "s.yml"), "services:\n  api:\n    image: api:1\n");
    const { scenario: s } = loadScenarioText('timeline:\n  - {at: 1s, run: "docker stack deploy -c s.yml shop"}\n  - {at: 2s, run: "docker service scale api=2"}\n', "t.yml", dir);
    const op = s.timeline[0].action.kind === "run" ? s.timeline[0].action.op : null;
    expect(op?.verb).toBe("stack.deploy");
    expect(op?.verb === "stack.deploy" && op.services.map((x) => x.name)).toEqual(["shop_api"]);
    const scale = s.timeline[1].action.kind === "run" ? s.timeline[1].action.op : null;
    expect(scale).toEqual({ verb: "service.scale", scales: [{ service: "shop_api", replicas: 2 }] });
    expect(() => loadScenarioText('timeline:\n  - {at: 1s, run: "docker stack deploy -c nope.yml shop"}\n', "t.yml", dir)).toThrow(
      "t.yml:2:19: stack file 'nope.yml': file not found",
    );
  });
});

describe("minRunning floors", () => {
  const STACK = "services: {web: {image: nginx, deploy: {replicas: 2}}, agent: {image: a, deploy: {mode: global}}}\n";

  it("rejects a floor on a service the scenario never has, with a did-you-mean", () => {
    // Such a floor never arms, so a CI gate built on it could never fail.
    expect(err(`${STACK}expect: {minRunning: [{service: webb, min: 1}]}\n`)).toBe(
      "scenarios/x.yml:2:33: unknown service 'webb' in minRunning entry 1: expected one of x_web, x_agent (did you mean 'web'?)",
    );
  });

  it("does not take a service the timeline only scales for one the scenario has", () => {
    expect(err(`${STACK}timeline:\n  - {at: 1s, run: "docker service scale wbe=3"}\nexpect: {minRunning: [{service: wbe, min: 1}]}\n`)).toMatch(
      /unknown service 'wbe' in minRunning entry 1: expected one of x_web, x_agent \(did you mean 'web'\?\)$/,
    );
  });

  it("accepts floors on services the timeline creates or scales, and warns about one that can never arm", () => {
    const { scenario: s, warnings } = load(`${STACK}timeline:
  - {at: 10s, run: "docker service create --name api --replicas 3 nginx"}
  - {at: 20s, run: "docker service scale web=6"}
expect:
  minRunning:
    - {service: api, min: 3}
    - {service: web, min: 5}
    - {service: agent, min: 9}
    - {service: api, min: 4}
`);
    expect(s.expect.minRunning.map((f) => `${f.service}>=${f.min}`)).toEqual(["api>=3", "x_web>=5", "x_agent>=9", "api>=4"]);
    expect(warnings).toEqual([
      "scenarios/x.yml:10:27: minRunning floor 4 for api is above its 3 replicas: a floor arms only once the service first " +
        "reaches it, so this one is never judged unless the timeline scales api up",
    ]);
  });
});

describe("delay windows", () => {
  it("reads CONTRACT's nested form and the flat form alike, and not both at once", () => {
    const nested = load("timeline:\n  - {at: 1s, delay: {latency: {min: 5ms, max: 9ms, tailP: 0.5, tailMean: 1s}, for: 3s}}\n").scenario.timeline;
    const flat = load("timeline:\n  - {at: 1s, delay: {min: 5ms, max: 9ms, tailP: 0.5, tailMean: 1s, for: 3s}}\n").scenario.timeline;
    expect(nested).toEqual(flat);
    expect(nested[0].action).toMatchObject({ kind: "delay", latency: { minUs: 5 * MS, maxUs: 9 * MS, tailP: 0.5, tailMeanUs: SEC }, forUs: 3 * SEC });
    expect(err("timeline:\n  - {at: 1s, delay: {latency: {min: 5ms, max: 9ms}, max: 3ms, for: 3s}}\n")).toBe(
      "scenarios/x.yml:2:58: 'delay' in timeline entry 1: give the latency either as 'latency: {min, max, …}' or as flat keys, not both",
    );
  });

  it("lists the keys it expects when an unknown key is not a near miss", () => {
    expect(err("timeline:\n  - {at: 1s, delay: {bogus: 1, for: 3s}}\n")).toBe(
      "scenarios/x.yml:2:22: unknown key 'bogus' in 'delay' in timeline entry 1: expected 'latency', 'min', 'max', 'tailP', 'tailMean', 'for' or 'nodes'",
    );
  });
});
