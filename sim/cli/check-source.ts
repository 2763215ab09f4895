// `check` flags → what the sweep draws its runs from (sim/gen/source.ts).
//   check file.yml                the scenario as written, over seeds S+k
//   check file.yml --generated    its cluster and services fixed, fault timelines generated
//   check --stack s.yml           your stack fixed on a --cluster M+W (default 3+3), timelines generated;
//                                 a sibling s.check.yml (a scenario file) supplies cluster, behaviour
//                                 and expect floors (minRunning, converge)
//   check --generated             whole scenarios generated
import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { baseScenario, genNode, nodeNames } from "../gen/defaults.ts";
import { families, type GenOptions, parseClusterShape, swarmProfile } from "../gen/options.ts";
import type { SweepSource } from "../gen/source.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { loadStackFile } from "../scenario/stack/load.ts";
import type { Scenario } from "../scenario/types.ts";
import { isKnownBug, KNOWN_BUGS } from "../swarm/bugs.ts";
import type { NodeSpec } from "../world/spec.ts";
import { CliError } from "./io.ts";

export interface SourceFlags {
  generated?: boolean;
  stack?: string;
  cluster?: string;
  faults?: string;
  bugs?: string;
}

export interface CheckSourceInfo {
  source: SweepSource;
  /** One line for humans: what is being checked. */
  label: string;
  /** The outcome every run should have ("pass", or the violation a scenario expects). */
  expected: string;
  warnings: string[];
}

function flagError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(e.message);
    throw e;
  }
}

export function parseBugs(text: string | undefined): string[] {
  if (text === undefined || text.trim() === "") return [];
  const ids = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const id of ids) {
    if (!isKnownBug(id)) {
      const known = Object.keys(KNOWN_BUGS);
      throw new CliError(`unknown bug switch '${id}'${known.length > 0 ? ` (known: ${known.join(", ")})` : " (no bug switches are implemented yet)"}`);
    }
  }
  return ids;
}

function clusterNodes(shape: { managers: number; workers: number }): NodeSpec[] {
  return nodeNames(shape.managers, shape.workers).map((name, i) => genNode(name, i < shape.managers ? "manager" : "worker", {}));
}

/** The sibling scenario of a stack file: web.yml → web.check.yml. */
export function siblingScenarioPath(stackPath: string): string {
  const ext = extname(stackPath);
  return join(dirname(stackPath), `${basename(stackPath, ext)}.check${ext || ".yml"}`);
}

function fixedOptions(name: string, f: SourceFlags): GenOptions {
  return swarmProfile({ name, families: flagError(() => families(f.faults)), bugs: parseBugs(f.bugs) });
}

export function checkSource(file: string | undefined, f: SourceFlags): CheckSourceInfo {
  const warnings: string[] = [];
  const shape = f.cluster ? flagError(() => parseClusterShape(f.cluster!)) : null;
  if (f.stack) {
    if (file) throw new CliError("check: give either a scenario file or --stack, not both");
    if (f.generated) throw new CliError("check: --stack generates its timelines already; drop --generated");
    const sibling = siblingScenarioPath(f.stack);
    let base: Scenario;
    if (existsSync(sibling)) {
      const loaded = loadScenarioFile(sibling);
      warnings.push(...loaded.warnings);
      base = loaded.scenario;
      if (base.services.length === 0) {
        const st = loadStackFile(f.stack, base.name, base.env);
        warnings.push(...st.warnings);
        base = { ...base, services: st.services };
      }
    } else {
      const stackName = basename(f.stack, extname(f.stack)).replace(/[^A-Za-z0-9_.-]+/g, "-");
      const st = loadStackFile(f.stack, stackName, {});
      warnings.push(...st.warnings);
      base = baseScenario(stackName, 1, clusterNodes(shape ?? { managers: 3, workers: 3 }), 0);
      base.services = st.services;
      base.stack = { file: f.stack, name: stackName };
    }
    if (shape) base = { ...base, nodes: clusterNodes(shape) };
    if (base.services.length === 0) throw new CliError(`check --stack: ${f.stack} defines no services`);
    const managers = base.nodes.filter((n) => n.role === "manager").length;
    return {
      source: { kind: "fixed", base, options: fixedOptions(base.name, f) },
      label: `stack ${f.stack} (${base.services.map((s) => s.name).join(", ")}) on ${managers}+${base.nodes.length - managers}${existsSync(sibling) ? `, expectations from ${sibling}` : ""}`,
      expected: base.expect.outcome,
      warnings,
    };
  }
  if (file) {
    const loaded = loadScenarioFile(file);
    warnings.push(...loaded.warnings);
    let base = loaded.scenario;
    if (shape) base = { ...base, nodes: clusterNodes(shape) };
    if (f.generated) {
      return { source: { kind: "fixed", base, options: fixedOptions(base.name, f) }, label: `generated timelines against ${file}`, expected: base.expect.outcome, warnings };
    }
    if (f.faults) warnings.push("--faults applies to generated timelines (add --generated); ignored");
    const bugs = parseBugs(f.bugs);
    if (bugs.length > 0) base = { ...base, bugs: [...new Set([...base.bugs, ...bugs])] };
    return { source: { kind: "scenario", scenario: base }, label: `${file} over seeds`, expected: base.expect.outcome, warnings };
  }
  if (f.generated) {
    const o = swarmProfile({ families: flagError(() => families(f.faults)), bugs: parseBugs(f.bugs) });
    if (shape) {
      o.managers = { min: shape.managers, max: shape.managers };
      o.workers = { min: shape.workers, max: shape.workers };
    }
    return { source: { kind: "generated", options: o }, label: `generated scenarios${shape ? ` on ${shape.managers}+${shape.workers}` : ""}`, expected: "pass", warnings };
  }
  throw new CliError("check needs a scenario file, --generated or --stack <file>");
}
