import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MS, SEC } from "../kernel/types.ts";
import { loadScenarioFile, loadScenarioText } from "./load.ts";
import { defaultServiceSpec } from "./service-defaults.ts";
import { toYaml } from "./to-yaml.ts";
import type { Scenario } from "./types.ts";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function roundTrip(s: Scenario, baseDir: string): Scenario {
  return loadScenarioText(toYaml(s), "saved.yml", baseDir).scenario;
}

const EXOTIC = `
name: exotic
description: "every field away from its default"
seed: 4000000000
duration: 2h
env: {TAG: "1.0", PRICE: "$$5"}
cluster:
  nodes:
    - {name: a1, role: manager, labels: {zone: a}, hostname: host-a1, engineLabels: {ssd: "yes"}}
    - {name: b1, role: worker, platform: {os: windows, arch: arm64}, resources: {cpus: "0.25", memory: 1536M}}
    - {name: c1, role: worker, joinLater: true}
network: {latency: {min: 1ms, max: 3ms, tailP: 0.05, tailMean: 40ms}, loss: 0.01, duplicate: 0.02, reorder: 0.3}
raft: {tick: 100ms, electionTick: 20, heartbeatTick: 2, checkQuorum: false, preVote: true, snapshotInterval: 50, readIndex: true, logEntriesForSlowFollowers: 10, maxInflight: 8, maxEntriesPerMsg: 4}
stack: {name: shop}
services:
  web:
    image: "nginx:\${TAG}"
    environment: ["COST=$$5", "B"]
    stop_grace_period: 1m30s
    healthcheck: {interval: 5s, timeout: 2s, retries: 1, start_period: 10s}
    ports: ["8080:80", {target: 53, published: 53, protocol: udp, mode: host}]
    networks: [front, shop_default]
    deploy:
      replicas: 0
      labels: {a: b}
      endpoint_mode: vip
      placement: {constraints: [node.role==worker], preferences: [{spread: node.labels.zone}], max_replicas_per_node: 3, platforms: [{os: linux, arch: amd64}]}
      resources: {limits: {cpus: "1.000000001", memory: 100}, reservations: {cpus: 0.5}}
      restart_policy: {delay: 1s, max_attempts: 4, window: 24h}
      update_config: {parallelism: 0, delay: 1s, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.5, order: start-first}
      rollback_config: {failure_action: continue}
  agent: {image: agent, networks: [], deploy: {mode: global}}
  job: {image: job, deploy: {replicas: 7, restart_policy: {condition: none}}}
behaviour:
  job: {startup: 250ms, exitAfter: 3s, exitCode: 1, failStart: 0.1, unhealthyAfter: 1m}
  agent: {startup: 1s}
workload: {clients: 2, rate: 12.5, timeout: 1s, keys: 3, readRatio: 0.5}
timeline:
  - {at: 1s, crash: {node: a1, loseUnsynced: true}}
  - {at: 1s, crash: follower}
  - {at: 2s, restart: all}
  - {at: 3s, pause: b1}
  - {at: 4s, resume: b1}
  - {at: 5s, partition: [[a1], [b1, c1]]}
  - {at: 6s, partition: {blocked: [[a1, b1], [b1, a1]]}}
  - {at: 7s, partition: isolate:leader}
  - {at: 8s, partition: majority-ring}
  - {at: 9s, heal: true}
  - {at: 10s, loss: {rate: 0.5, for: 2s, nodes: [a1, worker]}}
  - {at: 11s, duplicate: {rate: 0.5, for: 2s}}
  - {at: 12s, delay: {min: 5ms, max: 9ms, tailP: 0.5, tailMean: 1s, for: 3s, nodes: [b1]}}
  - {at: 13s, skew: {node: b1, offset: -2h}}
  - {at: 14s, skew: {node: a1, driftPpm: 150.5}}
  - {at: 15s, run: "docker service create --name 'x y' nginx"}
  - {at: 16s, run: "docker swarm join --token manager:1", on: c1}
  - {at: 17s, run: "docker service update --label-add 'k=a b' --publish-add published=1,target=2 web"}
  - {at: 18s, run: "docker node update --availability pause b1", on: leader}
  - {at: 19s, remove: c1}
expect:
  outcome: violation:svc.min-running
  disable: [warn.spof-managers, svc.convergence]
  converge: 90s
  minRunning: [{service: web, min: 1, whileDownAtMost: 1, grace: 5s}, {service: job, min: 0}]
  reached: [leaderChanges>=1, "op:2=ok", "taskState:web=running"]
bugs: []
`;

describe("toYaml", () => {
  it("round-trips a scenario with every field away from its default", () => {
    const load = () => loadScenarioText(EXOTIC, "exotic.yml", REPO);
    expect(() => load()).toThrow(/invalid service name 'x y'/);
    const text = EXOTIC.replace("--name 'x y'", "--name xy");
    const s = loadScenarioText(text, "exotic.yml", REPO).scenario;
    // Spot checks that the exotic values really are what the test thinks.
    expect(s.services[0].image).toBe("nginx:1.0");
    expect(s.services[0].env).toEqual(["COST=$5", "B"]);
    expect(s.env.PRICE).toBe("$$5");
    expect(s.services[0].restartPolicy.condition).toBeNull();
    expect(s.services[1].networks).toEqual([]);
    expect(s.network.latency.tailMeanUs).toBe(40 * MS);
    expect(s.timeline[13].action).toEqual({ kind: "skew", target: "b1", offsetUs: -7200 * SEC, driftPpm: null });
    expect(roundTrip(s, REPO)).toEqual(s);
    // And the text is stable: a second save writes the same file.
    expect(toYaml(roundTrip(s, REPO))).toBe(toYaml(s));
  });

  it("round-trips a scenario with generated nodes and no services", () => {
    const s = loadScenarioText("cluster: {managers: 5, workers: 2}\nseed: 9\n", "plain.yml", REPO).scenario;
    expect(toYaml(s)).toBe("name: plain\nseed: 9\nduration: 5m\ncluster:\n  managers: 5\n  workers: 2\n");
    expect(roundTrip(s, REPO)).toEqual(s);
  });

  it("round-trips a hand-built record with a service created by code", () => {
    const base = loadScenarioText("name: gen\n", "gen.yml", REPO).scenario;
    const web = defaultServiceSpec("gen_web", "gen", "nginx");
    web.placement.constraints = ["node.labels.weird == $1"];
    const s: Scenario = { ...base, services: [web] };
    expect(roundTrip(s, REPO)).toEqual(s);
  });

  it("round-trips every scenario in scenarios/ (stack files become inline services)", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir).sort()) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) {
          if (f !== "stacks") walk(p);
        } else if (f.endsWith(".yml") || f.endsWith(".yaml")) files.push(p);
      }
    };
    walk(join(REPO, "scenarios"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    let fromStackFiles = 0;
    for (const f of files) {
      const { scenario } = loadScenarioFile(f);
      if (scenario.stack) fromStackFiles++;
      // Loaded where the file is not (the stack file's relative path would not resolve there),
      // unless a `run: docker stack deploy -c FILE` entry names a stack file relative to it.
      const deploys = scenario.timeline.some((e) => e.action.kind === "run" && e.action.op.verb === "stack.deploy");
      const back = loadScenarioText(toYaml(scenario), "saved.yml", deploys ? dirname(f) : tmpdir());
      expect(back.warnings.filter((w) => !deploys || !w.includes("ignored keys")), f).toEqual([]);
      // The same record, except that it no longer names a stack file.
      expect(back.scenario, f).toEqual({ ...scenario, stack: null });
    }
    expect(fromStackFiles).toBeGreaterThanOrEqual(1);
  });

  it("a scenario with a stack file saves self-contained: services inline, no stack file, the stack name kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "swarmsim-to-yaml-"));
    mkdirSync(join(dir, "stacks"));
    writeFileSync(join(dir, "stacks", "app.yml"), "services:\n  web: {image: nginx, deploy: {replicas: 2}}\n  db: {image: postgres}\n");
    writeFileSync(join(dir, "a.yml"), "name: a\nstack: stacks/app.yml\ntimeline:\n  - {at: 30s, run: docker service scale web=3}\n");
    writeFileSync(join(dir, "b.yml"), "name: b\nstack: {file: stacks/app.yml, name: shop}\nexpect: {minRunning: [{service: web, min: 1}]}\n");
    for (const [file, stackName] of [["a.yml", "a"], ["b.yml", "shop"]]) {
      const { scenario } = loadScenarioFile(join(dir, file));
      expect(scenario.stack).toEqual({ file: "stacks/app.yml", name: stackName });
      const text = toYaml(scenario);
      // Before: `stack: {file: stacks/app.yml, …}` beside the inline services, so every load of
      // the saved file warned "stack file 'stacks/app.yml' not read: …".
      expect(text).not.toContain("app.yml");
      expect(text).not.toMatch(/^\s*file:/m);
      expect(text).toContain("services:\n  web:");
      if (stackName === "shop") expect(text).toContain("stack:\n  name: shop\n");
      else expect(text).not.toContain("stack:");
      // Saved elsewhere (no stacks/ beside it): loads without a warning to the same services.
      const back = loadScenarioText(text, "saved.yml", tmpdir());
      expect(back.warnings).toEqual([]);
      expect(back.scenario).toEqual({ ...scenario, stack: null });
      expect(back.scenario.services.map((s) => s.name)).toEqual([`${stackName}_web`, `${stackName}_db`]);
    }
  });
});
