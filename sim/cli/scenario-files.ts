// Finding the scenario library: every *.yml / *.yaml under scenarios/, except stack files
// (scenarios/stacks/) which are compose files that scenarios reference.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export function findScenarioFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "stacks" && name !== "node_modules") walk(p);
      } else if (/\.ya?ml$/.test(name)) {
        out.push(p);
      }
    }
  };
  walk(root);
  return out.sort((a, b) => relative(root, a).localeCompare(relative(root, b)));
}
