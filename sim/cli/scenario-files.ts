// Finding the scenario library: every *.yml / *.yaml under scenarios/, except stack files
// (scenarios/stacks/) which are compose files that scenarios reference.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { onUserPath } from "./io.ts";

export function findScenarioFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of onUserPath(dir, "directory", () => readdirSync(dir)).sort()) {
      const p = join(dir, name);
      if (onUserPath(p, "file", () => statSync(p)).isDirectory()) {
        if (name !== "stacks" && name !== "node_modules") walk(p);
      } else if (/\.ya?ml$/.test(name)) {
        out.push(p);
      }
    }
  };
  walk(root);
  return out.sort((a, b) => relative(root, a).localeCompare(relative(root, b)));
}
