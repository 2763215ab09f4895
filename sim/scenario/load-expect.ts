// `expect:` → ExpectSpec: outcome, disabled checks, convergence bound, minRunning floors, and
// `reached` conditions (validated with the grammar; stored as written for the runner).
import { resolveService } from "./docker-cli.ts";
import { didYouMean, InputError } from "./errors.ts";
import { ALL_CHECK_IDS, INVARIANT_IDS } from "./invariants.ts";
import { parseReached } from "./reached-grammar.ts";
import { MAX_REPLICAS } from "./service-defaults.ts";
import type { ExpectSpec, MinRunning } from "./types.ts";
import { parseDuration } from "./units.ts";
import { MapView, type Src, type YNode } from "./yaml-source.ts";

export interface ExpectContext {
  nodes: readonly string[];
  runEntries: number;
  stack: string | null;
  /**
   * Every service a floor may name: the stack's and those the timeline creates, with the replica
   * count they start with (null: global, or not known before the run).
   */
  floorServices: ReadonlyMap<string, number | null>;
  warnings: string[];
}

export function defaultExpect(): ExpectSpec {
  return { outcome: "pass", disable: [], convergeUs: null, minRunning: [], reached: [] };
}

export function parseOutcome(s: string): string {
  if (s === "pass") return s;
  const m = /^violation:(.*)$/.exec(s);
  if (m === null) throw new InputError(`unknown outcome '${s}': expected 'pass' or 'violation:<invariant-id>'`);
  if (!(INVARIANT_IDS as readonly string[]).includes(m[1])) {
    throw new InputError(`unknown invariant id '${m[1]}' in outcome${didYouMean(m[1], INVARIANT_IDS)} (known: ${INVARIANT_IDS.join(", ")})`, "violation:".length);
  }
  return s;
}

export function readExpect(src: Src, node: YNode | null, ctx: ExpectContext): ExpectSpec {
  const m = new MapView(src, node, "expect", ["outcome", "disable", "converge", "minRunning", "reached"]);
  const out = defaultExpect();
  out.outcome = m.parse("outcome", "pass", parseOutcome);
  out.disable = src.list(m.get("disable"), "'disable' in expect").map((n) => {
    const id = src.str(n, "'disable' in expect");
    if (!ALL_CHECK_IDS.includes(id)) src.fail(n, `unknown invariant id '${id}' in 'disable'${didYouMean(id, ALL_CHECK_IDS)}`);
    return id;
  });
  out.convergeUs = m.parse("converge", null, (s) => {
    const us = parseDuration(s);
    if (us <= 0) throw new InputError("converge must be longer than 0s");
    return us;
  });
  out.minRunning = src.list(m.get("minRunning"), "'minRunning' in expect").map((n, i): MinRunning => {
    const r = new MapView(src, n, `minRunning entry ${i + 1}`, ["service", "min", "whileDownAtMost", "grace"]);
    const serviceNode = r.require("service");
    const written = src.str(serviceNode, `'service' in ${r.label}`);
    const known = [...ctx.floorServices.keys()];
    const service = resolveService(written, { stack: ctx.stack, services: known });
    // A floor on a service that never exists never arms: a CI gate that cannot fail.
    if (!ctx.floorServices.has(service)) {
      src.fail(serviceNode, `unknown service '${written}' in ${r.label}: expected ${known.length > 0 ? `one of ${known.join(", ")}` : "a service of the stack (it has none)"}${didYouMean(written, [...known, ...known.map(shortName)])}`);
    }
    r.require("min");
    const min = r.int("min", 0, 0, MAX_REPLICAS);
    const replicas = ctx.floorServices.get(service) ?? null;
    if (replicas !== null && min > replicas) {
      const { line, col } = src.pos(r.where("min"));
      ctx.warnings.push(
        `${src.file}:${line}:${col}: minRunning floor ${min} for ${service} is above its ${replicas} replica${replicas === 1 ? "" : "s"}: ` +
          `a floor arms only once the service first reaches it, so this one is never judged unless the timeline scales ${service} up`,
      );
    }
    return {
      service,
      min,
      whileDownAtMost: r.has("whileDownAtMost") ? r.int("whileDownAtMost", 0, 0, ctx.nodes.length) : null,
      graceUs: r.parse("grace", 0, (s) => parseDuration(s)),
    };
  });
  out.reached = src.list(m.get("reached"), "'reached' in expect").map((n) => {
    const text = src.str(n, "'reached' in expect").trim();
    src.at(n, () => parseReached(text, { nodes: ctx.nodes, runEntries: ctx.runEntries }));
    return text;
  });
  return out;
}

/** A stack service's name without its `<stack>_` prefix, as users often write it. */
function shortName(service: string): string {
  const i = service.indexOf("_");
  return i < 0 ? service : service.slice(i + 1);
}
