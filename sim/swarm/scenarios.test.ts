// The Swarm scenario library: every scenario under scenarios/swarm, scenarios/bugs and
// scenarios/seeds runs to its expected outcome with every `expect.reached` condition met
// (a scenario whose trigger never fires proves nothing).
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../scenario/load.ts";
import { runScenario } from "../scenario/runner.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");
const DIRS = ["swarm", "bugs", "seeds"];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".yml"))
    .sort()
    .map((f) => join(ROOT, dir, f));
}

describe("swarm scenario library", () => {
  it("covers the 23 buildable SWARM.md §10 rows, the bug switches and the seed situations", () => {
    expect(files("swarm").length).toBe(23);
    expect(files("bugs").length).toBeGreaterThanOrEqual(8);
    expect(files("seeds").length).toBe(10);
  });

  for (const dir of DIRS) {
    for (const file of files(dir)) {
      it(`${dir}/${file.split("/").pop()} runs as expected`, () => {
        const { scenario } = loadScenarioFile(file);
        const r = runScenario(scenario).result;
        expect(r.error ?? null, "internal error").toBeNull();
        expect(r.outcome, r.violations[0]?.message ?? "no violation").toBe(r.expected);
        expect(r.reached.filter((c) => !c.ok)).toEqual([]);
        expect(r.reached.length).toBeGreaterThan(0);
        expect(r.ok).toBe(true);
      });
    }
  }
});
