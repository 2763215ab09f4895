// Bug switches end to end: each scenarios/bugs/<id>.yml runs twice on the same timeline — with
// its switch on, the named invariant fires; with it off, the run passes. Its twin in
// scenarios/swarm (same timeline, no switch) must pass too, and show the fixed behaviour through a
// reached condition that fails with the switch on.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../scenario/load.ts";
import { runScenario } from "../scenario/runner.ts";
import type { Scenario } from "../scenario/types.ts";
import { KNOWN_BUGS } from "./bugs.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

/** Bug id → invariant that fires with the switch on. */
const BY_INVARIANT: Record<string, string> = {
  "swarmkit-575": "svc.slot-unique",
  "swarmkit-921": "svc.min-running",
  "moby-27769": "svc.slot-unique",
  "swarmkit-1054": "svc.slot-unique",
  "moby-33218": "svc.slot-unique",
  "swarmkit-1341": "cluster.leader-available",
  "swarmkit-1296": "svc.spread-at-placement",
  "pr-2998": "svc.convergence",
  // judged on what workers run (container.state): leftover containers of a restarted agent
  "swarmkit-562": "svc.convergence",
  // tasks still running in the store on a removed node
  "moby-37320": "svc.convergence",
  // a "no suitable node" task left pending while a node has room (node.info capacity)
  "moby-32999": "svc.convergence",
};

/** Bug id → [twin in scenarios/swarm, reached condition that fails with the switch on]. */
const TWINS: Record<string, [string, string]> = {
  "swarmkit-562": ["swarmkit-562-agent-crash-rejoin", "event:container.state>=14"],
  "moby-37320": ["moby-37320-ghost-tasks", "taskState:web=orphaned"],
  "moby-32999": ["moby-32999-pending-after-free", "serviceRunning:big>=1"],
};

function run(s: Scenario, bugs: string[], outcome: string) {
  return runScenario({ ...s, bugs, expect: { ...s.expect, outcome } }).result;
}

describe("bug switches end to end", () => {
  it("every known switch is exercised here", () => {
    expect(Object.keys(BY_INVARIANT).sort()).toEqual(Object.keys(KNOWN_BUGS).sort());
  });

  for (const [bug, invariant] of Object.entries(BY_INVARIANT)) {
    it(`${bug}: on → ${invariant}, off → pass`, () => {
      const { scenario } = loadScenarioFile(join(ROOT, "bugs", `${bug}.yml`));
      expect(scenario.bugs).toEqual([bug]);
      const on = run(scenario, [bug], `violation:${invariant}`);
      expect(on.outcome, on.violations[0]?.message).toBe(`violation:${invariant}`);
      expect(on.reached.filter((c) => !c.ok)).toEqual([]);
      const off = run(scenario, [], "pass");
      expect(off.outcome, off.violations[0]?.message).toBe("pass");
      expect(off.error ?? null).toBeNull();
    });
  }

  for (const [bug, [file, condition]] of Object.entries(TWINS)) {
    it(`${bug} twin ${file}: passes; on → "${condition}" fails`, () => {
      const { scenario } = loadScenarioFile(join(ROOT, "swarm", `${file}.yml`));
      const cond = (r: ReturnType<typeof run>) => r.reached.find((c) => c.condition === condition);
      const off = run(scenario, [], "pass");
      expect(off.ok).toBe(true);
      expect(cond(off)?.ok).toBe(true);
      const on = run(scenario, [bug], "pass");
      expect(on.error ?? null).toBeNull();
      expect(on.outcome).toBe(`violation:${BY_INVARIANT[bug]}`);
      expect(cond(on)?.ok).toBe(false);
    });
  }
});
