// Guards the scenario library: every *.yml under scenarios/ loads without error (stack files
// under a `stacks/` folder load as stack files).
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "./load.ts";
import { loadStackFile } from "./stack/load.ts";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ROOT = join(REPO, "scenarios");

function yamlFiles(dir: string, inStacks: boolean, out: { path: string; stack: boolean }[]): void {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yamlFiles(p, inStacks || f === "stacks", out);
    else if (/\.ya?ml$/.test(f)) out.push({ path: p, stack: inStacks });
  }
}

const files: { path: string; stack: boolean }[] = [];
yamlFiles(ROOT, false, files);

describe("scenario library", () => {
  it("has scenarios", () => {
    expect(files.filter((f) => !f.stack).length).toBeGreaterThan(0);
  });
  for (const f of files) {
    const name = relative(REPO, f.path);
    it(`${name} loads`, () => {
      if (f.stack) {
        expect(loadStackFile(f.path, "library", {}, name).services.length).toBeGreaterThan(0);
      } else {
        const { scenario } = loadScenarioFile(name.startsWith("..") ? f.path : join(REPO, name));
        expect(scenario.nodes.length).toBeGreaterThan(0);
      }
    });
  }
});
