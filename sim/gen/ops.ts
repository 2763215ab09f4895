// Operation genomes → docker CLI command strings → Operation records. The command string is
// generated first and parsed with the same parser a YAML `run:` entry goes through, so a timeline
// entry holds both (`{kind: "run", command, op}`) and a shrunk counterexample reads as the
// commands a user would type.
import fc from "fast-check";
import { assert } from "../kernel/assert.ts";
import { parseDockerCommand } from "../scenario/docker-cli.ts";
import type { RunAction } from "../scenario/types.ts";

export const OP_VERBS = [
  "scale",
  "update-force",
  "update-image",
  "rollback",
  "drain",
  "activate",
  "pause-node",
  "label",
  "promote",
  "demote",
  "create",
  "rm",
] as const;
export type OpVerb = (typeof OP_VERBS)[number];

export interface RawOp {
  k: "op";
  verb: OpVerb;
  /** Service index (mod service count). */
  svc: number;
  /** Node index (mod the node list the verb draws from). */
  node: number;
  /** Replica count, image generation or label value, depending on the verb. */
  n: number;
}

// Verbs earlier in OP_VERBS are what shrinking moves toward: scale and forced updates are the
// everyday operations; membership changes and deletions come last.
export const rawOpArb: fc.Arbitrary<RawOp> = fc.record({
  k: fc.constant("op" as const),
  verb: fc.constantFrom(...OP_VERBS),
  svc: fc.nat(15),
  node: fc.nat(63),
  n: fc.integer({ min: 0, max: 6 }),
});

export interface OpPool {
  services: readonly string[];
  /** Image per service (same order), for update-image. */
  images: readonly string[];
  managers: readonly string[];
  workers: readonly string[];
  nodes: readonly string[];
}

const ZONES = ["a", "b", "c"];

/** Another tag of the same repository: nginx:1.25 → nginx:1.26 (n picks how far). */
export function bumpImage(image: string, n: number): string {
  const m = /^(.*):(\d+)\.(\d+)$/.exec(image);
  if (m === null) return `${image.replace(/:.*$/, "")}:v${n + 2}`;
  return `${m[1]}:${m[2]}.${Number(m[3]) + 1 + (n % 3)}`;
}

/** The command for a raw op, or null when the cluster offers nothing for it to act on. */
export function opCommand(raw: RawOp, pool: OpPool): string | null {
  const svc = pool.services.length > 0 ? pool.services[raw.svc % pool.services.length] : null;
  const image = pool.services.length > 0 ? pool.images[raw.svc % pool.images.length] : null;
  const node = pool.nodes[raw.node % pool.nodes.length];
  switch (raw.verb) {
    case "scale":
      return svc && `docker service scale ${svc}=${raw.n}`;
    case "update-force":
      return svc && `docker service update --force ${svc}`;
    case "update-image":
      return svc && image && `docker service update --image ${bumpImage(image, raw.n)} ${svc}`;
    case "rollback":
      return svc && `docker service rollback ${svc}`;
    case "rm":
      return svc && `docker service rm ${svc}`;
    case "create":
      return `docker service create --name extra${raw.svc % 4} --replicas ${raw.n} nginx:1.25`;
    case "drain":
      return `docker node update --availability drain ${node}`;
    case "activate":
      return `docker node update --availability active ${node}`;
    case "pause-node":
      return `docker node update --availability pause ${node}`;
    case "label":
      return `docker node update --label-add zone=${ZONES[raw.n % ZONES.length]} ${node}`;
    case "promote":
      return pool.workers.length > 0 ? `docker node promote ${pool.workers[raw.node % pool.workers.length]}` : null;
    case "demote":
      return pool.managers.length > 1 ? `docker node demote ${pool.managers[raw.node % pool.managers.length]}` : null;
  }
}

/** Parses a generated command; generated commands are valid by construction, so failure is a bug here. */
export function runAction(command: string, pool: OpPool): RunAction {
  const warnings: string[] = [];
  const op = parseDockerCommand(command, { services: pool.services, nodes: pool.nodes, warnings });
  assert(warnings.length === 0, () => `generated command '${command}' drew warnings: ${warnings.join("; ")}`);
  return { kind: "run", command, op };
}
