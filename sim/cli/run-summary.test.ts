// The `run` summary tells the user about docker operations of the timeline that failed: they do
// not change the outcome or the exit code (docker fails the same way), but they must not go unseen.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { T } from "../kernel/events.ts";
import { SEC } from "../kernel/types.ts";
import { Trace } from "../kernel/trace.ts";
import { OpResults, UNANSWERED } from "../scenario/op-results.ts";
import { loadScenarioText } from "../scenario/load.ts";
import { runScenario } from "../scenario/runner.ts";
import { describeFailedOp, describeResult } from "./summary.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "swarmsim-run-summary-"));

/** Op 1 works; op 2 has a constraint without an operator, op 3 scales a service that does not exist. */
const FAILING_OPS = `name: failing-ops
duration: 20s
cluster: { managers: 1, workers: 1 }
timeline:
  - { at: 2s, run: 'docker service create --name web --replicas 1 nginx' }
  - { at: 10s, run: 'docker service create --name api --constraint "node.role=manager" nginx' }
  - { at: 11s, crash: w1 }
  - { at: 12s, run: 'docker service scale nosuch=3' }
expect:
  outcome: pass
`;
const OP2 = `op 2 failed at 10s: docker service create --name api --constraint "node.role=manager" nginx → constraint expected one operator from ==, !=`;
const OP3 = "op 3 failed at 12s: docker service scale nosuch=3 → service nosuch not found";

const load = (text: string) => loadScenarioText(text, "test.yml", dir).scenario;

function cli(args: string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, ["--import", "tsx", "sim/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, stdout: err.stdout };
  }
}

describe("run summary: failed docker operations", () => {
  it("lists each failed operation on its own line and still exits 0", () => {
    const file = join(dir, "failing-ops.yml");
    writeFileSync(file, FAILING_OPS);
    const r = cli(["run", file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^OK {2}failing-ops .*outcome=pass/);
    expect(lines).toContain(`  ${OP2}`);
    expect(lines).toContain(`  ${OP3}`);
    expect(r.stdout).not.toContain("op 1 failed");
  });

  it("--json: failedOps comes last, after CONTRACT's fields, and repeats with the seed", () => {
    const file = join(dir, "failing-ops-json.yml");
    writeFileSync(file, FAILING_OPS);
    const r = cli(["run", file, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const keys = Object.keys(j);
    expect(keys.slice(0, 10)).toEqual(["scenario", "seed", "ok", "violations", "warnings", "traceHash", "events", "simulatedUs", "wallMs", "final"]);
    expect(keys.at(-1)).toBe("failedOps");
    expect(j).toMatchObject({ ok: true, outcome: "pass" });
    expect(j.failedOps).toEqual([
      { op: 2, entry: 1, command: 'docker service create --name api --constraint "node.role=manager" nginx', via: "m1", atUs: 10 * SEC, timeUs: 10 * SEC, error: "constraint expected one operator from ==, !=", answered: true },
      { op: 3, entry: 3, command: "docker service scale nosuch=3", via: "m1", atUs: 12 * SEC, timeUs: 12 * SEC, error: "service nosuch not found", answered: true },
    ]);
    // Deterministic: the same scenario and seed give the same list (and the same trace).
    const again = runScenario(load(FAILING_OPS)).result;
    expect(again.failedOps).toEqual(j.failedOps);
    expect(again.traceHash).toBe(j.traceHash);
  });

  it("says nothing when every operation succeeded", () => {
    const ok = runScenario(load(FAILING_OPS.split("\n").filter((l) => !l.includes("api") && !l.includes("nosuch")).join("\n"))).result;
    expect(ok.failedOps).toEqual([]);
    expect(describeResult(ok)).not.toContain("failed at");
  });

  it("names the entry's time too when the failure came later", () => {
    const op = { op: 1, entry: 0, command: "docker service rm x", via: "m2", atUs: 10 * SEC, timeUs: 10.25 * SEC, error: "service x not found", answered: true };
    expect(describeFailedOp(op)).toBe("op 1 (at 10s) failed at 10.25s: docker service rm x → service x not found");
  });

  it("lists a step the run ended before answering, after the failed ones", () => {
    // A leader is elected at ~9.7s. It is cut off from both followers at 12s; the step sent to it
    // at 12.5s waits for a quorum that has not come back (nor given up on it) when the run ends at 16s.
    const text = `name: unanswered-op
duration: 16s
cluster: { managers: 3 }
timeline:
  - { at: 11s, run: 'docker service scale nosuch=3' }
  - { at: 12s, partition: isolate-leader }
  - { at: 12500ms, run: 'docker service create --name web --replicas 1 nginx', on: leader }
expect:
  outcome: pass
`;
    const r = runScenario(load(text)).result;
    expect(r.failedOps.map((o) => [o.op, o.answered, o.error])).toEqual([
      [1, true, "service nosuch not found"],
      [2, false, UNANSWERED],
    ]);
    expect(r.failedOps[1]).toMatchObject({ entry: 2, atUs: 12.5 * SEC, timeUs: 16 * SEC });
    expect(describeResult(r)).toContain("  op 2 at 12.5s had no answer when the run ended at 16s: docker service create --name web --replicas 1 nginx");
    // Healed in time, the same step is answered and only the failed one is listed.
    const healed = runScenario(load(text.replace("partition: isolate-leader }", "partition: isolate-leader }\n  - { at: 12100ms, heal: true }"))).result;
    expect(healed.failedOps.map((o) => [o.op, o.answered])).toEqual([[1, true]]);
  });

  it("costs nothing without `run:` entries: no op listeners", () => {
    const trace = new Trace({ now: 0 }, ["m1"], false);
    new OpResults(trace, load("name: raft-only\nduration: 5s\ncluster: { managers: 3 }\ntimeline:\n  - { at: 1s, crash: m1 }\n"));
    expect(trace.wants(T["op.submit"])).toBe(false);
    expect(trace.wants(T["op.result"])).toBe(false);
  });
});
