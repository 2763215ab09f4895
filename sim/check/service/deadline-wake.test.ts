// A deadline is judged when it passes, not at whichever event the checker reads next: the
// min-running floor of the docs-9917 scenario breaks when its 3 s grace runs out (drain at 40 s),
// though the next task event comes only when the replacements start, seconds later.
import { describe, expect, it } from "vitest";
import { SEC } from "../../kernel/types.ts";
import { loadScenarioFile } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";

const FILE = new URL("../../../scenarios/swarm/docker-docs-9917-drain-downtime.yml", import.meta.url).pathname;

describe("service checker: deadlines", () => {
  it("reports svc.min-running the moment the grace is over", () => {
    const { scenario } = loadScenarioFile(FILE);
    const r = runScenario(scenario, { record: true });
    const v = r.result.violations[0];
    expect(v.invariant).toBe("svc.min-running");
    expect(v.timeUs).toBe(43 * SEC + 1);
    expect(v.message).toContain("from 40s to 43.000001s");
    // The wake-up adds no trace event: the violation follows the last event before it.
    const before = r.events!.filter((e) => e.timeUs < 43 * SEC + 1);
    expect(v.event).toBe(before.at(-1)!.seq + 1);
  });

  it("changes nothing before the deadline: the same trace up to it as without the floor", () => {
    const { scenario } = loadScenarioFile(FILE);
    const free = runScenario({ ...scenario, expect: { ...scenario.expect, minRunning: [], outcome: "pass" } }, { record: true });
    const floored = runScenario(scenario, { record: true });
    const n = floored.result.violations[0].event - 1;
    expect(JSON.stringify(floored.events!.slice(0, n))).toBe(JSON.stringify(free.events!.slice(0, n)));
  });
});
