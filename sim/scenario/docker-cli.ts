// docker CLI command strings (timeline `run:` entries) → Operation records (sim/swarm/spec.ts).
// Parsed at load time, so a typo is a load error with the entry's file:line:col, not a surprise
// at run time. Unknown services are not load errors: the API answers "service not found" then.
import { SELECTORS } from "../world/spec.ts";
import type { Operation, ServiceSpec } from "../swarm/spec.ts";
import { type FlagSpec, FlagReader, parseFlags, parseIntIn } from "./cli-flags.ts";
import { CREATE_FLAGS, serviceCreateSpec, serviceUpdateChanges, UPDATE_FLAGS } from "./docker-cli-service.ts";
import { didYouMean, InputError, oneOf } from "./errors.ts";
import { MAX_REPLICAS } from "./service-defaults.ts";
import { pick } from "./stack/compose.ts";
import { splitWords, type Word } from "./shell-words.ts";

export interface DockerCliContext {
  /** The scenario's stack: a short service name `web` resolves to `<stack>_web` when that exists. */
  stack?: string | null;
  /** Full names of the services known when the command runs (scenario + earlier commands). */
  services?: readonly string[];
  /** Node names of the cluster; other names (not selectors) get a warning. */
  nodes?: readonly string[];
  /** Reads a stack file for `docker stack deploy -c <file> <stack>` (path relative to the scenario). */
  loadStack?: (file: string, stack: string) => ServiceSpec[];
  /** Receives warnings (ignored flags, unknown nodes, ambiguous names). */
  warnings?: string[];
}

const v = (long: string, short?: string): FlagSpec => ({ long, short, value: true });
const b = (long: string, short?: string): FlagSpec => ({ long, short, value: false });

interface Verb {
  flags: FlagSpec[];
  interspersed: boolean;
  build: (f: FlagReader, args: Word[], ctx: Ctx) => Operation;
}

interface Ctx extends DockerCliContext {
  command: string;
  warn: (msg: string) => void;
}

const COMMANDS: Record<string, Record<string, Verb>> = {
  service: {
    create: { flags: CREATE_FLAGS, interspersed: false, build: serviceCreate },
    update: { flags: UPDATE_FLAGS, interspersed: true, build: serviceUpdate },
    scale: { flags: [b("detach", "d")], interspersed: true, build: serviceScale },
    rm: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "service.rm", services: names(a, c, "service", 1).map((n) => resolveService(n, c)) }) },
    inspect: {
      flags: [b("pretty"), v("format", "f")],
      interspersed: true,
      build: (_f, a, c) => ({ verb: "service.inspect", services: names(a, c, "service", 1).map((n) => resolveService(n, c)) }),
    },
    rollback: { flags: [b("detach", "d"), b("quiet", "q")], interspersed: true, build: (_f, a, c) => ({ verb: "service.rollback", service: resolveService(one(a, c, "service"), c) }) },
  },
  node: {
    update: {
      flags: [v("availability"), v("label-add"), v("label-rm"), v("role")],
      interspersed: true,
      build: nodeUpdate,
    },
    promote: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "node.promote", nodes: nodeNames(a, c) }) },
    demote: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "node.demote", nodes: nodeNames(a, c) }) },
    rm: { flags: [b("force", "f")], interspersed: true, build: (f, a, c) => ({ verb: "node.rm", nodes: nodeNames(a, c), force: f.bool("force") }) },
    ls: {
      flags: [b("quiet", "q"), v("filter", "f"), v("format")],
      interspersed: true,
      build: (_f, a, c) => {
        none(a, c);
        return { verb: "node.ls" };
      },
    },
  },
  swarm: {
    join: {
      flags: [v("token"), v("advertise-addr"), v("listen-addr"), v("data-path-addr"), v("availability")],
      interspersed: true,
      build: swarmJoin,
    },
    leave: {
      flags: [b("force", "f")],
      interspersed: true,
      build: (f, a, c) => {
        none(a, c);
        return { verb: "swarm.leave", force: f.bool("force") };
      },
    },
    "join-token": {
      flags: [b("rotate"), b("quiet", "q")],
      interspersed: true,
      build: (f, a, c) => ({ verb: "swarm.join-token", role: pick(one(a, c, "role"), ["worker", "manager"] as const, "join-token role"), rotate: f.bool("rotate") }),
    },
  },
  stack: {
    deploy: {
      flags: [v("compose-file", "c"), b("with-registry-auth"), v("resolve-image"), b("detach", "d"), b("quiet", "q"), b("prune")],
      interspersed: true,
      build: stackDeploy,
    },
    rm: { flags: [b("detach", "d")], interspersed: true, build: (_f, a, c) => ({ verb: "stack.rm", stack: one(a, c, "stack") }) },
  },
};

/** Aliases docker accepts for the same subcommands. */
const ALIASES: Record<string, string> = { remove: "rm", list: "ls", up: "deploy", down: "rm" };

export function parseDockerCommand(cmd: string, context: DockerCliContext = {}): Operation {
  const words = splitWords(cmd);
  if (words.length === 0) throw new InputError("empty command: expected 'docker <object> <verb> …'");
  if (words[0].text !== "docker") throw new InputError(`commands start with 'docker', found '${words[0].text}'`, words[0].offset);
  const objectWord = words[1];
  const objects = Object.keys(COMMANDS);
  if (objectWord === undefined) throw new InputError(`incomplete command: expected 'docker ${objects.join("|")} …'`);
  const verbs = COMMANDS[objectWord.text];
  if (verbs === undefined || !Object.hasOwn(COMMANDS, objectWord.text)) {
    throw new InputError(`unknown docker command '${objectWord.text}': expected ${oneOf(objects)}${didYouMean(objectWord.text, objects)}`, objectWord.offset);
  }
  const verbWord = words[2];
  const verbNames = Object.keys(verbs);
  if (verbWord === undefined) throw new InputError(`incomplete command: expected 'docker ${objectWord.text} ${verbNames.join("|")} …'`);
  const verbName = ALIASES[verbWord.text] !== undefined && Object.hasOwn(verbs, ALIASES[verbWord.text]) ? ALIASES[verbWord.text] : verbWord.text;
  if (!Object.hasOwn(verbs, verbName)) {
    throw new InputError(
      `unknown command 'docker ${objectWord.text} ${verbWord.text}': expected ${oneOf(verbNames)}${didYouMean(verbWord.text, verbNames)}`,
      verbWord.offset,
    );
  }
  const verb = verbs[verbName];
  const command = `docker ${objectWord.text} ${verbName}`;
  const warnings = context.warnings;
  const ctx: Ctx = { ...context, command, warn: (m) => warnings?.push(`${command}: ${m}`) };
  const parsed = parseFlags(words.slice(3), verb.flags, command, verb.interspersed);
  const ignored = verb.flags.filter((f) => f.ignored && parsed.flags.has(f.long)).map((f) => `--${f.long}`);
  if (ignored.length > 0) ctx.warn(`${ignored.join(", ")} not modelled (ignored)`);
  return verb.build(new FlagReader(parsed), parsed.args, ctx);
}

function one(args: Word[], c: Ctx, what: string): string {
  if (args.length !== 1) {
    throw new InputError(`'${c.command}' takes exactly one ${what}, found ${args.length}${args.length > 1 ? `: ${args.map((a) => a.text).join(" ")}` : ""}`, args[1]?.offset ?? null);
  }
  return args[0].text;
}

function none(args: Word[], c: Ctx): void {
  if (args.length > 0) throw new InputError(`'${c.command}' takes no arguments, found '${args[0].text}'`, args[0].offset);
}

function names(args: Word[], c: Ctx, what: string, min: number): string[] {
  if (args.length < min) throw new InputError(`'${c.command}' needs at least ${min} ${what} name${min > 1 ? "s" : ""}`);
  return args.map((a) => a.text);
}

/** `web` → `<stack>_web` when that service exists and `web` itself does not. */
export function resolveService(name: string, c: DockerCliContext & { warn?: (m: string) => void }): string {
  const known = c.services ?? [];
  if (known.includes(name)) return name;
  if (c.stack && known.includes(`${c.stack}_${name}`)) return `${c.stack}_${name}`;
  const suffix = known.filter((s) => s.endsWith(`_${name}`));
  if (suffix.length === 1) return suffix[0];
  if (suffix.length > 1) c.warn?.(`service '${name}' is ambiguous (${suffix.join(", ")}); kept as written`);
  return name;
}

function nodeNames(args: Word[], c: Ctx): string[] {
  const out = names(args, c, "node", 1);
  for (const n of out) checkNode(n, c);
  return out;
}

function checkNode(n: string, c: Ctx): void {
  if (c.nodes === undefined || c.nodes.includes(n) || (SELECTORS as readonly string[]).includes(n)) return;
  c.warn(`node '${n}' is not in the cluster (the command will fail at run time)${didYouMean(n, c.nodes)}`);
}

function serviceCreate(f: FlagReader, args: Word[], _c: Ctx): Operation {
  if (args.length === 0) throw new InputError("docker service create needs an image (e.g. 'docker service create --name web nginx:1.25')");
  return { verb: "service.create", spec: serviceCreateSpec(f, args[0].text) };
}

function serviceUpdate(f: FlagReader, args: Word[], c: Ctx): Operation {
  const service = resolveService(one(args, c, "service"), c);
  const update = serviceUpdateChanges(f, c.warnings ?? []);
  if (f.bool("rollback")) {
    if (Object.keys(update).length > 0) throw new InputError("--rollback can't be combined with other changes");
    return { verb: "service.rollback", service };
  }
  return { verb: "service.update", service, update };
}

function serviceScale(_f: FlagReader, args: Word[], c: Ctx): Operation {
  if (args.length === 0) throw new InputError("'docker service scale' needs SERVICE=REPLICAS arguments, e.g. web=3");
  const scales = args.map((a) => {
    const m = /^([^=]+)=(.*)$/.exec(a.text);
    if (m === null) throw new InputError(`invalid scale '${a.text}': expected SERVICE=REPLICAS, e.g. web=3`, a.offset);
    let replicas: number;
    try {
      replicas = parseIntIn(m[2], 0, MAX_REPLICAS);
    } catch (e) {
      throw new InputError(`invalid replicas in '${a.text}': ${(e as Error).message}`, a.offset);
    }
    return { service: resolveService(m[1], c), replicas };
  });
  return { verb: "service.scale", scales };
}

function nodeUpdate(f: FlagReader, args: Word[], c: Ctx): Operation {
  const node = one(args, c, "node");
  checkNode(node, c);
  const role = f.parse("role", (s) => pick(s, ["manager", "worker"] as const, "role"));
  if (role !== undefined) {
    if (f.has("availability") || f.has("label-add") || f.has("label-rm")) throw new InputError("--role can't be combined with other node changes here; use separate commands");
    return role === "manager" ? { verb: "node.promote", nodes: [node] } : { verb: "node.demote", nodes: [node] };
  }
  const labelAdd: Record<string, string> = {};
  for (const kv of f.all("label-add")) {
    const eq = kv.indexOf("=");
    if (eq === 0) throw new InputError(`--label-add '${kv}': empty key`, f.p.flags.get("label-add")?.offset ?? null);
    if (eq < 0) labelAdd[kv] = "";
    else labelAdd[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return {
    verb: "node.update",
    node,
    availability: f.parse("availability", (s) => pick(s, ["active", "pause", "drain"] as const, "availability")) ?? null,
    labelAdd,
    labelRm: f.all("label-rm"),
  };
}

function swarmJoin(f: FlagReader, args: Word[], c: Ctx): Operation {
  const token = f.last("token");
  if (token === undefined || token === "") throw new InputError("docker swarm join needs --token (worker, manager, worker:N, manager:N or a literal token)");
  if (/^(worker|manager):/.test(token) && !/^(worker|manager):\d+$/.test(token)) {
    throw new InputError(`invalid token '${token}': expected worker:N or manager:N with N the token generation (0 = the first)`, f.p.flags.get("token")?.offset ?? null);
  }
  if (args.length > 1) throw new InputError(`'${c.command}' takes at most one manager address`, args[1].offset);
  return { verb: "swarm.join", token };
}

function stackDeploy(f: FlagReader, args: Word[], c: Ctx): Operation {
  const stack = one(args, c, "stack name");
  if (f.bool("prune")) throw new InputError("--prune is not supported by the simulator");
  const files = f.all("compose-file");
  if (files.length === 0) throw new InputError("docker stack deploy needs -c <compose file>");
  if (files.length > 1) throw new InputError("several -c files (compose merging) are not supported; use one file");
  if (c.loadStack === undefined) throw new InputError("docker stack deploy -c needs a scenario file to resolve the path against");
  return { verb: "stack.deploy", stack, file: files[0], services: c.loadStack(files[0], stack) };
}
