// Stack files: a compose v3 file as `docker stack deploy -c <file> <stack>` reads it.
import { isMap } from "yaml";
import type { ServiceSpec } from "../../swarm/spec.ts";
import { ScenarioError } from "../errors.ts";
import { SERVICE_NAME } from "../service-defaults.ts";
import { MapView, parseYamlText, readTextFile, type Src, type YNode } from "../yaml-source.ts";
import { type ComposeContext, readComposeServices } from "./compose.ts";
import { interpolate } from "./interpolate.ts";

const TOP_KEYS = ["version", "services", "networks", "volumes", "secrets", "configs", "name"];

export interface StackLoad {
  services: ServiceSpec[];
  warnings: string[];
}

/** Loads a stack file; `shownAs` is the path printed in errors (default: `path`). */
export function loadStackFile(path: string, stackName: string, env: Readonly<Record<string, string>>, shownAs: string = path): StackLoad {
  return loadStackText(readTextFile(path, shownAs), shownAs, stackName, env);
}

export function loadStackText(text: string, file: string, stackName: string, env: Readonly<Record<string, string>>): StackLoad {
  if (!SERVICE_NAME.test(stackName)) throw new ScenarioError(file, 0, 0, `invalid stack name '${stackName}': use letters, digits, '-', '_' or '.'`);
  const warnings: string[] = [];
  const parsed = parseYamlText(text, file, "stack file", warnings);
  const src = parsed.src.withInterp((raw) => interpolate(raw, env));
  const top = new MapView(src, parsed.root, "the stack file", TOP_KEYS, true);
  if (top.has("version")) {
    const v = top.str("version", "");
    if (!/^3(\.\d+)?$/.test(v)) src.fail(top.where("version"), `unsupported compose file version '${v}': docker stack deploy needs version 3.x (or no version key)`);
  }
  if (!top.has("services")) src.fail(parsed.root, "the stack file has no 'services'");
  for (const k of ["volumes", "secrets", "configs"]) new MapView(src, top.get(k), `'${k}'`, null);
  const ctx: ComposeContext = { stack: stackName, networks: declaredNetworks(src, top.get("networks"), stackName), warnings, ignored: [] };
  const services = readComposeServices(src, top.get("services"), ctx);
  if (ctx.ignored.length > 0) warnings.push(`${file}: ignored keys (not used by swarm or not modelled): ${ctx.ignored.join(", ")}`);
  return { services, warnings };
}

/** Top-level networks: key → the name docker gives it (`name:`, external, else `<stack>_<key>`). */
function declaredNetworks(src: Src, node: YNode | null, stack: string): Map<string, string> {
  const out = new Map<string, string>();
  const nets = new MapView(src, node, "'networks'", null);
  for (const e of nets.entries.values()) {
    let full = `${stack}_${e.key}`;
    if (e.value !== null && isMap(e.value)) {
      const n = new MapView(src, e.value, `network '${e.key}'`, null);
      const ext = n.get("external");
      if (ext !== null && isMap(ext)) full = new MapView(src, ext, `'external' in network '${e.key}'`, null).str("name", e.key);
      else if (n.has("external") && n.bool("external", false)) full = e.key;
      if (n.has("name")) full = n.str("name", full);
    }
    out.set(e.key, full);
  }
  return out;
}
