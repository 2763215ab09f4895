import { describe, expect, it } from "vitest";
import { SEC } from "../kernel/types.ts";
import { type DockerCliContext, parseDockerCommand } from "./docker-cli.ts";
import { InputError } from "./errors.ts";
import { DEFAULT_HEALTHCHECK, defaultServiceSpec } from "./service-defaults.ts";
import { splitWords } from "./shell-words.ts";

const ctx: DockerCliContext = { stack: "shop", services: ["shop_web", "shop_api", "other_db"], nodes: ["m1", "m2", "w1"] };
const parse = (cmd: string, c: DockerCliContext = ctx) => parseDockerCommand(cmd, c);
function fails(cmd: string): InputError {
  try {
    parse(cmd);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error(`expected '${cmd}' to fail`);
}

describe("shell words", () => {
  it("splits with quotes and escapes", () => {
    expect(splitWords(`a 'b c' "d \\"e\\"" f\\ g ''`).map((w) => w.text)).toEqual(["a", "b c", 'd "e"', "f g", ""]);
    expect(splitWords("  x  y").map((w) => w.offset)).toEqual([2, 5]);
    expect(() => splitWords("a 'b")).toThrow("unterminated single quote");
  });
});

describe("docker service", () => {
  it("create: defaults", () => {
    expect(parse("docker service create --name web2 nginx:1.25")).toEqual({ verb: "service.create", spec: defaultServiceSpec("web2", null, "nginx:1.25") });
  });
  it("create: many flags; args after the image are ignored", () => {
    const op = parse(
      "docker service create -d --name api2 --replicas 3 --constraint 'node.role == worker' --constraint node.labels.zone==a " +
        "--placement-pref spread=node.labels.zone --replicas-max-per-node 2 -p 8080:80 --publish published=9000,target=90,mode=host,protocol=udp " +
        "-e A=1 --env B=2 --label team=x --reserve-cpu 0.5 --reserve-memory 512M --limit-cpu 2 --limit-memory 1g " +
        "--restart-condition on-failure --restart-delay 10s --restart-max-attempts 3 --restart-window 2m " +
        "--update-parallelism 2 --update-delay 5s --update-failure-action rollback --update-monitor 30s --update-max-failure-ratio 0.25 --update-order start-first " +
        "--rollback-parallelism 0 --rollback-failure-action continue --health-cmd 'curl -f localhost' --health-interval 10s --health-retries 5 " +
        "--network backend --stop-grace-period 1m30s example/api:2 --port 80 -x",
    );
    expect(op.verb).toBe("service.create");
    if (op.verb !== "service.create") return;
    const s = op.spec;
    expect(s.name).toBe("api2");
    expect(s.image).toBe("example/api:2");
    expect(s.replicas).toBe(3);
    expect(s.placement).toEqual({ constraints: ["node.role == worker", "node.labels.zone==a"], preferences: ["node.labels.zone"], maxReplicas: 2, platforms: [] });
    expect(s.endpoint.ports).toEqual([
      { target: 80, published: 8080, protocol: "tcp", mode: "ingress" },
      { target: 90, published: 9000, protocol: "udp", mode: "host" },
    ]);
    expect(s.env).toEqual(["A=1", "B=2"]);
    expect(s.labels).toEqual({ team: "x" });
    expect(s.resources).toEqual({ reservations: { nanoCpus: 5e8, memoryBytes: 512 * 2 ** 20 }, limits: { nanoCpus: 2e9, memoryBytes: 2 ** 30 } });
    expect(s.restartPolicy).toEqual({ condition: "on-failure", delayUs: 10 * SEC, maxAttempts: 3, windowUs: 120 * SEC });
    expect(s.updateConfig).toEqual({ parallelism: 2, delayUs: 5 * SEC, failureAction: "rollback", monitorUs: 30 * SEC, maxFailureRatio: 0.25, order: "start-first" });
    expect(s.rollbackConfig).toMatchObject({ parallelism: 0, failureAction: "continue" });
    expect(s.healthcheck).toEqual({ ...DEFAULT_HEALTHCHECK, intervalUs: 10 * SEC, retries: 5 });
    expect(s.networks).toEqual(["backend"]);
    expect(s.stopGracePeriodUs).toBe(90 * SEC);
  });
  it("create: global mode, --flag=value, --no-healthcheck", () => {
    const op = parse("docker service create --mode=global --name=agent --no-healthcheck agent:1");
    expect(op.verb === "service.create" && [op.spec.mode, op.spec.replicas, op.spec.healthcheck]).toEqual(["global", 0, null]);
  });
  it("create: errors", () => {
    expect(fails("docker service create nginx").message).toMatch(/needs --name/);
    expect(fails("docker service create --name x").message).toMatch(/needs an image/);
    const e = fails("docker service create --name x --replica 3 nginx");
    expect(e.message).toBe("unknown flag '--replica' for 'docker service create' (did you mean '--replicas'?)");
    expect(e.offset).toBe(31);
    expect(fails("docker service create --name x --replicas three nginx").message).toBe("--replicas: expected an integer, found 'three'");
    expect(fails("docker service create --name x --mode global --replicas 2 nginx").message).toMatch(/can't be used with --mode global/);
    expect(fails("docker service create --name x --mode globl nginx").message).toMatch(/unknown service mode 'globl'.*did you mean 'global'/);
    expect(fails("docker service create --name x --update-delay 5 nginx").message).toMatch(/--update-delay: malformed duration '5'/);
    expect(fails("docker service create --name x --restart-condition always nginx").message).toMatch(/unknown restart condition 'always'/);
    expect(fails("docker service create --name x --no-healthcheck --health-cmd true nginx").message).toMatch(/conflicts/);
    expect(fails("docker service create --name x --rollback-failure-action rollback nginx").message).toMatch(/unknown failure action 'rollback'/);
    expect(fails("docker service create --name").message).toMatch(/needs a value/);
  });
  it("update: -add/-rm flags and short names", () => {
    const op = parse(
      "docker service update --image nginx:1.26 --replicas 4 --force --constraint-add node.role==worker --constraint-rm node.role==manager " +
        "--label-add a=1 --label-rm b --env-add X=1 --env-rm Y --placement-pref-add spread=node.labels.rack --placement-pref-rm spread=node.labels.zone " +
        "--publish-add 8081:81 --publish-rm 80 --publish-rm 8080:90 --reserve-cpu 1 --reserve-memory 1g --replicas-max-per-node 1 --endpoint-mode dnsrr " +
        "--update-parallelism 3 --rollback-monitor 1m --restart-max-attempts 2 --health-timeout 3s web",
    );
    expect(op).toEqual({
      verb: "service.update",
      service: "shop_web",
      update: {
        image: "nginx:1.26",
        replicas: 4,
        force: true,
        constraintAdd: ["node.role==worker"],
        constraintRm: ["node.role==manager"],
        labelAdd: { a: "1" },
        labelRm: ["b"],
        envAdd: ["X=1"],
        envRm: ["Y"],
        placementPrefAdd: ["node.labels.rack"],
        placementPrefRm: ["node.labels.zone"],
        publishAdd: [{ target: 81, published: 8081, protocol: "tcp", mode: "ingress" }],
        publishRm: [80, 90],
        maxReplicasPerNode: 1,
        reserveNanoCpus: 1e9,
        reserveMemoryBytes: 2 ** 30,
        endpointMode: "dnsrr",
        update: { parallelism: 3 },
        rollback: { monitorUs: 60 * SEC },
        restart: { maxAttempts: 2 },
        healthcheck: { ...DEFAULT_HEALTHCHECK, timeoutUs: 3 * SEC },
      },
    });
    expect(parse("docker service update --force db")).toEqual({ verb: "service.update", service: "other_db", update: { force: true } });
    expect(parse("docker service update --no-healthcheck web")).toEqual({ verb: "service.update", service: "shop_web", update: { healthcheck: null } });
    expect(parse("docker service update --rollback web")).toEqual({ verb: "service.rollback", service: "shop_web" });
    expect(fails("docker service update --rollback --replicas 2 web").message).toMatch(/--rollback can't be combined/);
    expect(fails("docker service update --constraint node.role==worker web").message).toMatch(/unknown flag '--constraint'/);
    expect(fails("docker service update web api").message).toMatch(/takes exactly one service, found 2/);
  });
  it("unknown services are kept as written (run-time 'not found')", () => {
    expect(parse("docker service scale ghost=2")).toEqual({ verb: "service.scale", scales: [{ service: "ghost", replicas: 2 }] });
  });
  it("scale, rm, inspect, rollback", () => {
    expect(parse("docker service scale web=3 api=0")).toEqual({
      verb: "service.scale",
      scales: [
        { service: "shop_web", replicas: 3 },
        { service: "shop_api", replicas: 0 },
      ],
    });
    expect(parse("docker service rm web other_db")).toEqual({ verb: "service.rm", services: ["shop_web", "other_db"] });
    expect(parse("docker service remove web")).toEqual({ verb: "service.rm", services: ["shop_web"] });
    expect(parse("docker service inspect --pretty web")).toEqual({ verb: "service.inspect", services: ["shop_web"] });
    expect(parse("docker service rollback -d api")).toEqual({ verb: "service.rollback", service: "shop_api" });
    expect(fails("docker service scale web").message).toMatch(/invalid scale 'web'/);
    expect(fails("docker service scale web=-1").message).toMatch(/invalid replicas/);
    expect(fails("docker service rm").message).toMatch(/needs at least 1 service name/);
  });
});

describe("docker node, swarm, stack", () => {
  it("node update/promote/demote/rm/ls", () => {
    expect(parse("docker node update --availability drain --label-add zone=a --label-add ssd --label-rm old w1")).toEqual({
      verb: "node.update",
      node: "w1",
      availability: "drain",
      labelAdd: { zone: "a", ssd: "" },
      labelRm: ["old"],
    });
    expect(parse("docker node update --role manager w1")).toEqual({ verb: "node.promote", nodes: ["w1"] });
    expect(parse("docker node promote w1 m2")).toEqual({ verb: "node.promote", nodes: ["w1", "m2"] });
    expect(parse("docker node demote m2")).toEqual({ verb: "node.demote", nodes: ["m2"] });
    expect(parse("docker node rm --force w1")).toEqual({ verb: "node.rm", nodes: ["w1"], force: true });
    expect(parse("docker node rm w1")).toEqual({ verb: "node.rm", nodes: ["w1"], force: false });
    expect(parse("docker node ls")).toEqual({ verb: "node.ls" });
    expect(fails("docker node update --availability drained w1").message).toMatch(/unknown availability 'drained'.*did you mean 'drain'/);
    expect(fails("docker node update --availabilty drain w1").message).toMatch(/did you mean '--availability'/);
  });
  it("unknown node names are a warning, not an error", () => {
    const warnings: string[] = [];
    expect(parse("docker node promote w2", { ...ctx, warnings })).toEqual({ verb: "node.promote", nodes: ["w2"] });
    expect(warnings).toEqual(["docker node promote: node 'w2' is not in the cluster (the command will fail at run time) (did you mean 'w1'?)"]);
  });
  it("swarm join/leave/join-token", () => {
    expect(parse("docker swarm join --token worker m1:2377")).toEqual({ verb: "swarm.join", token: "worker" });
    expect(parse("docker swarm join --token manager:2")).toEqual({ verb: "swarm.join", token: "manager:2" });
    expect(parse("docker swarm join --token SWMTKN-1-abc")).toEqual({ verb: "swarm.join", token: "SWMTKN-1-abc" });
    expect(parse("docker swarm leave --force")).toEqual({ verb: "swarm.leave", force: true });
    expect(parse("docker swarm join-token --rotate worker")).toEqual({ verb: "swarm.join-token", role: "worker", rotate: true });
    expect(parse("docker swarm join-token -q manager")).toEqual({ verb: "swarm.join-token", role: "manager", rotate: false });
    expect(fails("docker swarm join m1:2377").message).toMatch(/needs --token/);
    expect(fails("docker swarm join --token worker:x").message).toMatch(/invalid token 'worker:x'/);
    expect(fails("docker swarm join-token admin").message).toMatch(/unknown join-token role 'admin'/);
  });
  it("stack deploy/rm", () => {
    const seen: string[] = [];
    const c: DockerCliContext = { ...ctx, loadStack: (file, stack) => {
        seen.push(`${file}|${stack}`);
        return [defaultServiceSpec(`${stack}_x`, stack, "x")];
      },
    };
    const op = parse("docker stack deploy -c stacks/s.yml --with-registry-auth shop2", c);
    expect(op).toEqual({ verb: "stack.deploy", stack: "shop2", file: "stacks/s.yml", services: [defaultServiceSpec("shop2_x", "shop2", "x")] });
    expect(parse("docker stack deploy --compose-file=a.yml s", c).verb).toBe("stack.deploy");
    expect(seen).toEqual(["stacks/s.yml|shop2", "a.yml|s"]);
    expect(parse("docker stack rm shop")).toEqual({ verb: "stack.rm", stack: "shop" });
    expect(fails("docker stack deploy shop").message).toMatch(/needs -c/);
  });
  it("unknown objects and verbs get a did-you-mean", () => {
    expect(fails("docker servce ls").message).toMatch(/unknown docker command 'servce'.*did you mean 'service'/);
    expect(fails("docker service craete --name x y").message).toBe("unknown command 'docker service craete': expected 'create', 'update', 'scale', 'rm', 'inspect' or 'rollback' (did you mean 'create'?)");
    expect(fails("kubectl get pods").message).toMatch(/commands start with 'docker'/);
    expect(fails("").message).toMatch(/empty command/);
    expect(fails("docker node").message).toMatch(/incomplete command/);
  });
});
