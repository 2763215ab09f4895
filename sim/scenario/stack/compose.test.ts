// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation syntax is the subject here
import { describe, expect, it } from "vitest";
import { SEC } from "../../kernel/types.ts";
import { constraintsError } from "../../swarm/constraints.ts";
import { ERR_JOBS } from "../../swarm/controlapi/api.ts";
import { ScenarioError } from "../errors.ts";
import { DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG } from "../service-defaults.ts";
import { loadStackText } from "./load.ts";

const load = (text: string, env: Record<string, string> = {}) => loadStackText(text, "s.yml", "st", env);
function err(text: string): string {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).format();
  }
  throw new Error("expected a ScenarioError");
}

describe("compose services", () => {
  it("a bare service gets SwarmKit's defaults", () => {
    const [s] = load("services:\n  web:\n    image: nginx\n").services;
    expect(s).toEqual({
      name: "st_web",
      stack: "st",
      image: "nginx",
      mode: "replicated",
      replicas: 1,
      labels: {},
      env: [],
      placement: { constraints: [], preferences: [], maxReplicas: 0, platforms: [] },
      resources: { reservations: { nanoCpus: 0, memoryBytes: 0 }, limits: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: DEFAULT_RESTART_POLICY,
      updateConfig: DEFAULT_UPDATE_CONFIG,
      rollbackConfig: DEFAULT_UPDATE_CONFIG,
      healthcheck: null,
      endpoint: { mode: "vip", ports: [] },
      networks: ["st_default"],
      stopGracePeriodUs: 10 * SEC,
    });
    expect(DEFAULT_RESTART_POLICY).toEqual({ condition: "any", delayUs: 5 * SEC, maxAttempts: 0, windowUs: 0 });
    expect(DEFAULT_UPDATE_CONFIG).toEqual({ parallelism: 1, delayUs: 0, failureAction: "pause", monitorUs: 5 * SEC, maxFailureRatio: 0, order: "stop-first" });
  });

  it("anchors and merge keys (single, list, explicit keys win)", () => {
    const { services } = load(`
x-base: &base
  image: base:1
  deploy: &dep
    replicas: 2
    labels: {a: "1"}
x-extra: &extra
  deploy:
    replicas: 9
services:
  one:
    <<: *base
  two:
    <<: [*base, *extra]
    image: two:1
  three:
    image: three
    deploy:
      <<: *dep
      replicas: 5
`);
    expect(services.map((s) => [s.name, s.image, s.replicas, s.labels])).toEqual([
      ["st_one", "base:1", 2, { a: "1" }],
      ["st_two", "two:1", 2, { a: "1" }],
      ["st_three", "three", 5, { a: "1" }],
    ]);
  });

  it("restart_policy without condition → condition null and a warning", () => {
    const r = load("services:\n  w:\n    image: x\n    deploy:\n      restart_policy: {delay: 3s}\n");
    expect(r.services[0].restartPolicy).toEqual({ condition: null, delayUs: 3 * SEC, maxAttempts: 0, windowUs: 0 });
    expect(r.warnings).toEqual(["s.yml:5:23: service 'st_w': restart_policy without condition: SwarmKit applies condition none (the task is never restarted)"]);
  });

  it("healthcheck defaults, disable and NONE", () => {
    const hc = (body: string) => load(`services:\n  w:\n    image: x\n    healthcheck: ${body}\n`).services[0].healthcheck;
    expect(hc("{test: [CMD, true], interval: 1m30s}")).toEqual({ intervalUs: 90 * SEC, timeoutUs: 30 * SEC, retries: 3, startPeriodUs: 0 });
    expect(hc("{disable: true}")).toBeNull();
    expect(hc("{test: [NONE]}")).toBeNull();
    expect(hc("{test: 'curl -f x', timeout: 500ms, retries: 5, start_period: 2s}")).toEqual({ intervalUs: 30 * SEC, timeoutUs: 500_000, retries: 5, startPeriodUs: 2 * SEC });
  });

  it("ports: short and long syntax", () => {
    const ports = (list: string) => load(`services:\n  w:\n    image: x\n    ports: ${list}\n`).services[0].endpoint.ports;
    expect(ports(`["80", "8080:80", "127.0.0.1:8000:8000/tcp", "12201:12201/udp", 53]`)).toEqual([
      { target: 80, published: 0, protocol: "tcp", mode: "ingress" },
      { target: 80, published: 8080, protocol: "tcp", mode: "ingress" },
      { target: 8000, published: 8000, protocol: "tcp", mode: "ingress" },
      { target: 12201, published: 12201, protocol: "udp", mode: "ingress" },
      { target: 53, published: 0, protocol: "tcp", mode: "ingress" },
    ]);
    expect(ports(`["9000-9001:8000-8001"]`)).toEqual([
      { target: 8000, published: 9000, protocol: "tcp", mode: "ingress" },
      { target: 8001, published: 9001, protocol: "tcp", mode: "ingress" },
    ]);
    expect(ports(`[{target: 80, published: "8080", protocol: udp, mode: host}]`)).toEqual([{ target: 80, published: 8080, protocol: "udp", mode: "host" }]);
    expect(err(`services:\n  w:\n    image: x\n    ports: ["80:70000"]\n`)).toMatch(/:4:13: 'ports' in service 'w'\[0\]: target port 70000 is out of range/);
    expect(err(`services:\n  w:\n    image: x\n    ports: ["80/tpc"]\n`)).toMatch(/unknown port protocol 'tpc'/);
  });

  it("resources, placement, update/rollback config, endpoint mode, labels as a list", () => {
    const [s] = load(`
services:
  w:
    image: x
    environment: {A: "1", B: }
    deploy:
      mode: replicated
      replicas: "4"
      labels: [k=v, flag]
      endpoint_mode: dnsrr
      placement:
        constraints: ["node.role==worker", "engine.labels.ssd != false"]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 2
      resources:
        limits: {cpus: "1.5", memory: 1g}
        reservations: {cpus: 0.25, memory: 512M}
      update_config: {parallelism: 0, delay: 1m30s, failure_action: continue, monitor: 500ms, max_failure_ratio: 0.2, order: start-first}
      rollback_config: {parallelism: 2}
`).services;
    expect(s.replicas).toBe(4);
    expect(s.env).toEqual(["A=1", "B"]);
    expect(s.labels).toEqual({ k: "v", flag: "" });
    expect(s.endpoint.mode).toBe("dnsrr");
    expect(s.placement).toEqual({ constraints: ["node.role==worker", "engine.labels.ssd != false"], preferences: ["node.labels.zone"], maxReplicas: 2, platforms: [] });
    expect(s.resources).toEqual({ limits: { nanoCpus: 1.5e9, memoryBytes: 2 ** 30 }, reservations: { nanoCpus: 2.5e8, memoryBytes: 512 * 2 ** 20 } });
    expect(s.updateConfig).toEqual({ parallelism: 0, delayUs: 90 * SEC, failureAction: "continue", monitorUs: 500_000, maxFailureRatio: 0.2, order: "start-first" });
    expect(s.rollbackConfig).toEqual({ ...DEFAULT_UPDATE_CONFIG, parallelism: 2 });
  });

  it("global mode; job modes are a load error at the mode key with the control API's text", () => {
    const { services } = load("services:\n  a: {image: x, deploy: {mode: global}}\n  b: {image: x, deploy: {mode: replicated, replicas: 5}}\n");
    expect(services.map((s) => [s.mode, s.replicas])).toEqual([
      ["global", 0],
      ["replicated", 5],
    ]);
    expect(err("services:\n  a: {image: x, deploy: {mode: global, replicas: 2}}\n")).toMatch(/:2:50: 'replicas' can't be used with mode global/);
    // Before: both loaded (desired 1, running 0, "no violations"); docker's API rejects them.
    expect(err("services:\n  b: {image: x, deploy: {mode: replicated-job, replicas: 5}}\n")).toBe(`s.yml:2:26: service 'b': ${ERR_JOBS}`);
    expect(err("services:\n  c:\n    image: x\n    deploy:\n      mode: global-job\n")).toBe(`s.yml:5:7: service 'c': ${ERR_JOBS}`);
    // Through a merge key the error points at the mode key where it is written.
    expect(err("x-job: &job {mode: replicated-job}\nservices:\n  c: {image: x, deploy: {<<: *job}}\n")).toBe(`s.yml:1:14: service 'c': ${ERR_JOBS}`);
  });

  it("placement constraints are parsed as SwarmKit parses them: a bad one is a load error at its string", () => {
    // Each of these loaded before and was then ignored at run time (tasks landed anywhere).
    const bad = (c: string) => err(`services:\n  web:\n    image: x\n    deploy:\n      placement:\n        constraints:\n          - node.labels.zone == a\n          - ${c}\n`);
    for (const c of ["node.role=manager", '"node.role = manager"', "node.role manager"]) {
      expect(bad(c)).toBe("s.yml:8:13: service 'web': constraint expected one operator from ==, !=");
    }
    expect(bad('"node.role == "')).toBe("s.yml:8:13: service 'web': value '' is invalid");
    expect(bad('"no de == x"')).toBe("s.yml:8:13: service 'web': key 'no de' is invalid");
    // The same text as the API path (docker service create --constraint) gives.
    expect(bad("node.role=manager")).toContain(constraintsError(["node.role=manager"]));
    // Flow style and interpolated values are checked after interpolation.
    expect(err("services:\n  a: {image: x, deploy: {placement: {constraints: [node.role manager]}}}\n")).toBe(
      "s.yml:2:52: service 'a': constraint expected one operator from ==, !=",
    );
    expect(() => loadStackText("services:\n  a: {image: x, deploy: {placement: {constraints: ['node.role${OP}manager']}}}\n", "s.yml", "st", { OP: "==" })).not.toThrow();
    expect(() => loadStackText("services:\n  a: {image: x, deploy: {placement: {constraints: ['node.role${OP}manager']}}}\n", "s.yml", "st", { OP: "=" })).toThrow(
      /^s\.yml:2:52: service 'a': constraint expected one operator/,
    );
    // Valid ones load unchanged (trimmed).
    expect(load("services:\n  a: {image: x, deploy: {placement: {constraints: [' node.role!=worker ']}}}\n").services[0].placement.constraints).toEqual(["node.role!=worker"]);
  });

  it("networks: declared names, external, name:, default; undeclared is an error", () => {
    const { services } = load(`
services:
  a: {image: x, networks: [front, ext, named]}
  b: {image: x, networks: {front: {aliases: [f]}, default: }}
networks:
  front:
  ext: {external: true}
  named: {name: custom-net}
`);
    expect(services[0].networks).toEqual(["st_front", "ext", "custom-net"]);
    expect(services[1].networks).toEqual(["st_front", "st_default"]);
    expect(err("services:\n  a: {image: x, networks: [frnt]}\nnetworks:\n  front:\n")).toMatch(/:2:28: service 'a' uses network 'frnt', which the file does not declare.*\(did you mean 'front'\?\)/);
  });

  it("ignored keys produce one warning listing them", () => {
    const r = load("services:\n  a: {image: x, build: ., restart: always, container_name: c}\n  b: {image: x, depends_on: [a], restart: always}\n");
    expect(r.warnings).toEqual(["s.yml: ignored keys (not used by swarm or not modelled): build, restart, container_name, depends_on"]);
  });

  it("errors: unknown keys, version 2, no image, dnsrr with ingress ports, bad sizes and durations", () => {
    expect(err("services:\n  a: {image: x, deplyo: {}}\n")).toMatch(/:2:17: unknown key 'deplyo' in service 'a' \(did you mean 'deploy'\?\)/);
    expect(err("version: '2'\nservices: {a: {image: x}}\n")).toMatch(/:1:10: unsupported compose file version '2'/);
    expect(err("services:\n  a: {deploy: {}}\n")).toMatch(/service 'a' has no image/);
    expect(err("services:\n  a: {image: x, ports: ['80:80'], deploy: {endpoint_mode: dnsrr}}\n")).toMatch(/can't be used with endpoint_mode dnsrr/);
    expect(err("services:\n  a: {image: x, deploy: {resources: {limits: {memory: 12Q}}}}\n")).toMatch(/invalid size '12Q'/);
    expect(err("services:\n  a: {image: x, stop_grace_period: 10}\n")).toMatch(/malformed duration '10'.*missing unit/);
    expect(err("servics: {}\n")).toMatch(/unknown key 'servics' in the stack file \(did you mean 'services'\?\)/);
    expect(err("services:\n  a: {image: '${X?need X}'}\n")).toMatch(/^s\.yml:2:15: in 'image' in service 'a': required variable X is missing a value: need X/);
  });
});
