// Every stack file of the shared corpus loads, and each service's mode, desired replicas and
// constraints match /work/shared/corpus/stacks/SOURCES.md.
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../errors.ts";
import { loadStackFile } from "./load.ts";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const CORPUS = resolve(REPO, "../shared/corpus/stacks");

type Row = [service: string, mode: string, replicas: number, constraints?: string[]];
const R = (n: number): [string, number] => ["replicated", n];
const G: [string, number] = ["global", 0];
const MGR = ["node.role == manager"];

/** Expected services per file, from SOURCES.md (global services carry replicas 0). */
const EXPECTED: Record<string, Row[]> = {
  "01-dockersamples-example-voting-app.yml": [
    ["redis", ...R(2)],
    ["db", ...R(1), MGR],
    ["vote", ...R(2)],
    ["result", ...R(2)],
    ["worker", ...R(1)],
    ["visualizer", ...R(1)],
  ],
  "02-stefanprodan-swarmprom.yml": [
    ["dockerd-exporter", ...G],
    ["cadvisor", ...G],
    ["grafana", ...R(1), MGR],
    ["alertmanager", ...R(1), MGR],
    ["unsee", ...R(1)],
    ["node-exporter", ...G],
    ["prometheus", ...R(1), MGR],
  ],
  "03-bretfisher-dogvscat.yml": [
    ["traefik-init", ...R(1)],
    ["traefik", ...G],
    ["consul", ...R(1)],
    ["dockersocket", ...G, MGR],
  ],
  "04-neuroforgede-swarmsible-stacks.yml": [["traefik_ingress", ...R(3), ["node.labels.traefik_ingress==1"]]],
  "05-big-data-europe-docker-hadoop.yml": [
    ["namenode", ...R(1), ["node.hostname == akswnc4.aksw.uni-leipzig.de"]],
    ["datanode", ...G],
    ["resourcemanager", ...R(1), ["node.hostname == akswnc4.aksw.uni-leipzig.de"]],
    ["nodemanager", ...G],
    ["historyserver", ...R(1), ["node.hostname == akswnc4.aksw.uni-leipzig.de"]],
  ],
  "06-shazchaudhry-docker-elastic.yml": [
    ["swarm-listener", ...R(1), MGR],
    ["proxy", ...R(2)],
    ["elasticsearch", ...G],
    ["logstash", ...R(1)],
    ["kibana", ...R(1)],
    ["apm-server", ...R(1)],
  ],
  "07-swarmpit-swarmpit.yml": [
    ["app", ...R(1), MGR],
    ["db", ...R(1)],
    ["influxdb", ...R(1)],
    ["agent", ...G],
  ],
  "08-colinmollenhour-mariadb-galera-swarm.yml": [
    ["seed", ...R(1)],
    ["node", ...R(0)],
  ],
  "09-dockersamples-dockercoins.yml": [
    ["rng", ...G],
    ["hasher", ...R(7)],
    ["webui", ...R(1)],
    ["redis", ...R(1)],
    ["worker", ...R(10)],
  ],
  "10-wi-r-es-opencti-swarm-stack-deploy.yml": [
    ["rsa-key-generator", ...R(1)],
    ["redis", ...R(1)],
    ["elasticsearch", ...R(1)],
    ["minio", ...R(1)],
    ["rabbitmq", ...R(1)],
    ["xtm-composer", ...R(1), MGR],
    ["opencti", ...R(1)],
    ["worker", ...R(3)],
    ...[
      "connector-export-file-stix",
      "connector-export-file-csv",
      "connector-export-file-txt",
      "connector-import-file-stix",
      "connector-import-document",
      "connector-import-file-yara",
      "connector-analysis",
      "connector-import-external-reference",
      "connector-opencti",
      "connector-mitre",
    ].map((s): Row => [s, ...R(1)]),
  ],
  "11-openfaas-faas.yml": [
    ["gateway", ...R(1), ["node.platform.os == linux"]],
    ["basic-auth-plugin", ...R(1), ["node.platform.os == linux", "node.role == manager"]],
    ["faas-swarm", ...R(1), ["node.platform.os == linux", "node.role == manager"]],
    ["nats", ...R(1), ["node.platform.os == linux"]],
    ["queue-worker", ...R(1), ["node.platform.os == linux"]],
    ["prometheus", ...R(1), ["node.platform.os == linux", "node.role == manager"]],
    ["alertmanager", ...R(1), ["node.platform.os == linux", "node.role == manager"]],
  ],
  "12-vfarcic-docker-flow-stacks.yml": [
    ["proxy", ...R(2)],
    ["swarm-listener", ...R(1), MGR],
    ["sonar", ...R(1)],
    ["nexus", ...R(1)],
    ["jenkins", ...R(1)],
  ],
  "13-gogolivan-docker-swarm-stacks.yml": ["temporal-history", "temporal-matching", "temporal-frontend", "temporal-worker", "temporal-admin-tools", "temporal-ui"].map(
    (s): Row => [s, ...R(1)],
  ),
  "14-minio-minio.yml": [1, 2, 3, 4].map((i): Row => [`minio${i}`, ...R(1), [`node.labels.minio${i}==true`]]),
  "15-kong-docker-kong.yml": [
    ["kong-migrations", ...R(1)],
    ["kong-migrations-up", ...R(1)],
    ["kong", ...R(1)],
    ["db", ...R(1)],
  ],
};

/** Variables the `${VAR?msg}` forms require (file 02). */
const ENV: Record<string, Record<string, string>> = {
  "02-stefanprodan-swarmprom.yml": { DOMAIN: "example.com", ADMIN_USER: "admin", HASHED_PASSWORD: "x" },
};

describe("stack corpus", () => {
  it("has the 15 files SOURCES.md describes", () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith(".yml")).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, rows] of Object.entries(EXPECTED)) {
    it(`${file}: modes, replicas and constraints`, () => {
      const { services } = loadStackFile(join(CORPUS, file), "st", ENV[file] ?? {});
      expect(services.map((s) => s.name)).toEqual(rows.map((r) => `st_${r[0]}`));
      for (const [i, [, mode, replicas, constraints]] of rows.entries()) {
        const s = services[i];
        expect([s.name, s.mode, s.replicas]).toEqual([`st_${rows[i][0]}`, mode, replicas]);
        expect(s.stack).toBe("st");
        expect([...s.placement.constraints].sort()).toEqual([...(constraints ?? [])].sort());
      }
    });
  }

  it("02 fails like docker stack deploy when a required variable is unset", () => {
    const f = join(CORPUS, "02-stefanprodan-swarmprom.yml");
    expect(() => loadStackFile(f, "st", {})).toThrow(ScenarioError);
    expect(() => loadStackFile(f, "st", {})).toThrow(/required variable (DOMAIN|ADMIN_USER|HASHED_PASSWORD) is missing a value/);
  });

  it("13 takes replicas from interpolation", () => {
    const { services } = loadStackFile(join(CORPUS, "13-gogolivan-docker-swarm-stacks.yml"), "st", { TEMPORAL_REPLICAS: "4" });
    expect(services.map((s) => s.replicas)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(services.map((s) => s.endpoint.mode)).toEqual(["vip", "vip", "dnsrr", "vip", "vip", "vip"]);
  });

  it("maps the details SOURCES.md lists", () => {
    const load = (f: string, env: Record<string, string> = {}) => loadStackFile(join(CORPUS, f), "st", env);
    const voting = load("01-dockersamples-example-voting-app.yml");
    const worker = voting.services[4];
    expect(worker.labels).toEqual({ APP: "VOTING" });
    expect(worker.restartPolicy).toEqual({ condition: "on-failure", delayUs: 10e6, maxAttempts: 3, windowUs: 120e6 });
    expect(voting.services[0].updateConfig).toMatchObject({ parallelism: 2, delayUs: 10e6 });
    expect(voting.services[5].stopGracePeriodUs).toBe(90e6);
    expect(voting.services[0].endpoint.ports).toEqual([{ target: 6379, published: 0, protocol: "tcp", mode: "ingress" }]);
    expect(voting.services[0].networks).toEqual(["st_frontend"]);
    expect(voting.services[5].networks).toEqual(["st_default"]);
    expect(voting.warnings.some((w) => w.includes("depends_on"))).toBe(true);

    const traefik = load("04-neuroforgede-swarmsible-stacks.yml").services[0];
    expect(traefik.placement).toMatchObject({ preferences: ["node.labels.host"], maxReplicas: 1 });
    expect(traefik.resources).toEqual({ limits: { nanoCpus: 2e9, memoryBytes: 4096 * 2 ** 20 }, reservations: { nanoCpus: 5e8, memoryBytes: 1024 * 2 ** 20 } });
    expect(traefik.healthcheck).not.toBeNull();
    expect(traefik.updateConfig.order).toBe("stop-first");

    expect(load("05-big-data-europe-docker-hadoop.yml").services.every((s) => s.healthcheck === null)).toBe(true);
    const coins = load("09-dockersamples-dockercoins.yml").services;
    expect(coins[1].image).toBe("127.0.0.1:5000/hasher:latest");
    expect(coins[1].updateConfig).toEqual({ parallelism: 1, delayUs: 5e6, failureAction: "rollback", monitorUs: 5e6, maxFailureRatio: 0.5, order: "stop-first" });
    expect(coins[4].updateConfig.failureAction).toBe("pause");

    const dogvscat = load("03-bretfisher-dogvscat.yml").services;
    expect(dogvscat[1].endpoint.ports).toEqual([
      { target: 80, published: 80, protocol: "tcp", mode: "host" },
      { target: 443, published: 443, protocol: "tcp", mode: "host" },
      { target: 8080, published: 8080, protocol: "tcp", mode: "ingress" },
    ]);

    const minio = load("14-minio-minio.yml");
    expect(minio.services[0].restartPolicy.condition).toBeNull();
    expect(minio.warnings.filter((w) => w.includes("restart_policy without condition: SwarmKit applies condition none (the task is never restarted)"))).toHaveLength(4);

    const kong = load("15-kong-docker-kong.yml").services[2];
    expect(kong.resources.limits).toEqual({ nanoCpus: 2e9, memoryBytes: 2 * 2 ** 30 });
    expect(kong.endpoint.ports.some((p) => p.target === 8000 && p.published === 8000)).toBe(true);

    const opencti = load("10-wi-r-es-opencti-swarm-stack-deploy.yml").services;
    const w = opencti.find((s) => s.name === "st_worker")!;
    expect(w.replicas).toBe(3);
    expect(w.updateConfig.failureAction).toBe("rollback");
    expect(opencti.find((s) => s.name === "st_minio")!.resources).toEqual({
      limits: { nanoCpus: 5e8, memoryBytes: 512 * 2 ** 20 },
      reservations: { nanoCpus: 0, memoryBytes: 128 * 2 ** 20 },
    });
    expect(load("06-shazchaudhry-docker-elastic.yml").services[3].endpoint.ports.some((p) => p.protocol === "udp" && p.target === 12201)).toBe(true);
  });
});
