// A failing property must hand the user everything to reproduce it: fast-check's seed and path,
// the shrunk timeline, a failure directory (failure.json, events.jsonl, report.html) and a
// one-line replay command that reproduces the same run.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFailureFile } from "../sim/cli/failure-read.ts";
import { raftProfile } from "../sim/gen/options.ts";
import { generatedArb } from "../sim/gen/scenario.ts";
import { runScenario } from "../sim/scenario/runner.ts";
import { assertScenarios } from "./harness.ts";

describe("a failing property", () => {
  it("reports seed, path, shrunk timeline, failure directory and replay command", () => {
    const outDir = mkdtempSync(join(tmpdir(), "swarmsim-prop-"));
    // A planted judgement: any run with a crash "fails", so fast-check must shrink toward one crash.
    let message = "";
    try {
      assertScenarios({
        name: "planted",
        arb: generatedArb(raftProfile(3)),
        seed: 42,
        numRuns: 30,
        outDir,
        judge: (_r, s) => (s.timeline.some((e) => e.action.kind === "crash") ? "planted-crash" : null),
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^property "planted" failed: planted-crash/);
    expect(message).toMatch(/fast-check: seed 42, path "[\d:]+"/);
    const dir = /failure: (\S+)/.exec(message)?.[1] ?? "";
    expect(message).toContain(`replay: npx tsx sim/cli.ts replay ${dir}/failure.json`);
    for (const f of ["failure.json", "events.jsonl", "report.html"]) expect(existsSync(join(dir, f)), f).toBe(true);
    const failure = readFailureFile(join(dir, "failure.json"));
    expect(failure.origin).toMatchObject({ kind: "property", property: "planted", fcSeed: 42 });
    // Shrunk: the crash alone survives (healing entries the generator appends may remain).
    const crashes = failure.scenario.timeline.filter((e) => e.action.kind === "crash");
    expect(crashes).toHaveLength(1);
    expect(failure.scenario.timeline.length).toBeLessThanOrEqual(5);
    // The replay reproduces the recorded run exactly.
    expect(runScenario(failure.scenario, { seed: failure.seed }).result.traceHash).toBe(failure.traceHash);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("<!doctype html>");
    // The printed seed and path go straight back to the same counterexample: one run, no search.
    const path = /path "([\d:]+)"/.exec(message)![1];
    let again = "";
    try {
      assertScenarios({ name: "planted", arb: generatedArb(raftProfile(3)), seed: 42, numRuns: 30, path, outDir, shrinkBudget: 0, judge: (_r, s) => (s.timeline.some((e) => e.action.kind === "crash") ? "planted-crash" : null) });
    } catch (e) {
      again = (e as Error).message;
    }
    expect(/shrunk timeline[^\n]*\n([\s\S]*?)\nfailure:/.exec(again)?.[1]).toBe(/shrunk timeline[^\n]*\n([\s\S]*?)\nfailure:/.exec(message)?.[1]);
  });
});
