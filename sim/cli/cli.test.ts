// The CLI as a user runs it: exit codes 0/1/2/3, the --json result shape of CONTRACT.md, clear
// errors without stack traces, and atomic output files.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validatePerfetto } from "../../reports/render.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "sim/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status === null) throw new Error(`cli ${args.join(" ")}: killed by ${r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "swarmsim-cli-"));
function scenario(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

const PASSING = scenario(
  "ok.yml",
  `name: tiny
duration: 40s
cluster: { managers: 3 }
workload: { clients: 1, rate: 5, timeout: 5s, keys: 2 }
timeline:
  - { at: 30s, crash: leader }
expect:
  outcome: pass
  reached: [leaderChanges>=1]
`,
);

describe("swarmsim run", () => {
  it("exits 0 and prints the CONTRACT result with --json", () => {
    const r = cli(["run", PASSING, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 10)).toEqual(["scenario", "seed", "ok", "violations", "warnings", "traceHash", "events", "simulatedUs", "wallMs", "final"]);
    expect(j).toMatchObject({ scenario: "tiny", seed: 1, ok: true, violations: [] });
    expect(j.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(j.final.nodes).toHaveLength(3);
  });

  it("--seed changes the run; the same seed repeats it", () => {
    const a = JSON.parse(cli(["run", PASSING, "--json", "--seed", "7"]).stdout);
    const b = JSON.parse(cli(["run", PASSING, "--json", "--seed", "7"]).stdout);
    expect(a.seed).toBe(7);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.traceHash).not.toBe(JSON.parse(cli(["run", PASSING, "--json"]).stdout).traceHash);
  });

  it("exits 1 when the outcome does not match expect", () => {
    const f = scenario("mismatch.yml", readFileSync(PASSING, "utf8").replace("outcome: pass", "outcome: violation:raft.election-safety"));
    const r = cli(["run", f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAILED");
  });

  it("exits 1 when a reached condition is not met", () => {
    const f = scenario("unreached.yml", readFileSync(PASSING, "utf8").replace("leaderChanges>=1", "leaderChanges>=50"));
    const r = cli(["run", f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("reached ✗ leaderChanges>=50");
  });

  it("exits 2 on bad input with file:line:col and no stack trace", () => {
    const f = scenario("bad.yml", "name: x\nduraton: 10s\n");
    const r = cli(["run", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:2:1:`);
    expect(r.stderr).toContain("did you mean 'duration'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on a missing file, a bad flag and a bad seed", () => {
    expect(cli(["run", join(dir, "nope.yml")]).code).toBe(2);
    expect(cli(["run", PASSING, "--sed", "3"]).code).toBe(2);
    expect(cli(["run", PASSING, "--seed", "-4"]).code).toBe(2);
  });

  it("exits 3 when the event budget is exhausted, never hanging", () => {
    const r = cli(["run", PASSING, "--max-events", "100", "--json"]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).status).toBe("budget-exhausted");
  });

  it("writes the trace as JSON Lines with the meta line first", () => {
    const t = join(dir, "t.jsonl");
    expect(cli(["run", PASSING, "--trace", t]).code).toBe(0);
    const lines = readFileSync(t, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "meta", seed: 1, scenario: { name: "tiny" } });
    expect(lines[1]).toMatchObject({ seq: 1, type: expect.any(String), timeUs: expect.any(Number) });
    expect(existsSync(`${t}.tmp-${process.pid}`)).toBe(false);
  });
});

describe("failures: run --out, replay, replay --save, report", () => {
  const failing = scenario("fails.yml", readFileSync(PASSING, "utf8").replace("name: tiny", "name: must-fail").replace("outcome: pass", "outcome: violation:raft.election-safety"));

  it("writes a complete failure directory that replays to the same result and saves as a scenario", () => {
    const out = join(dir, "failures");
    const r = cli(["run", failing, "--out", out]);
    expect(r.code).toBe(1);
    const failureDir = join(out, "must-fail-1");
    for (const f of ["failure.json", "events.jsonl", "report.html"]) expect(existsSync(join(failureDir, f)), f).toBe(true);
    const failure = JSON.parse(readFileSync(join(failureDir, "failure.json"), "utf8"));
    expect(failure).toMatchObject({ seed: 1, outcome: "pass", expected: "violation:raft.election-safety", scenario: { name: "must-fail" } });

    const saved = join(dir, "regression.yml");
    const again = cli(["replay", join(failureDir, "failure.json"), "--json", "--save", saved]);
    expect(JSON.parse(again.stdout).traceHash).toBe(failure.traceHash);
    expect(again.stderr).toContain("reproduced");
    expect(JSON.parse(again.stdout).reproduced).toBe(true);
    // CONTRACT's codes: the expected violation still does not happen, so the failure stands (1).
    expect(again.code).toBe(1);
    // A record claiming a violation this run never shows: not reproduced, and still failing.
    const moved = join(dir, "moved.json");
    const claimed = { invariant: "raft.election-safety", timeUs: 0, event: 1, message: "two leaders", nodes: [] };
    writeFileSync(moved, JSON.stringify({ ...failure, violation: claimed }));
    const other = cli(["replay", moved, "--json"]);
    expect(other.stderr).toContain("NOT reproduced");
    expect(JSON.parse(other.stdout).reproduced).toBe(false);
    expect(other.code).toBe(1);
    // The same record against a scenario whose expectation now holds: a fixed failure, exit 0.
    const fixed = join(dir, "fixed.json");
    writeFileSync(fixed, JSON.stringify({ ...failure, outcome: "violation:raft.election-safety", violation: claimed, scenario: { ...failure.scenario, expect: { ...failure.scenario.expect, outcome: "pass" } } }));
    const gone = cli(["replay", fixed, "--json"]);
    expect(gone.stderr).toContain("NOT reproduced");
    expect(JSON.parse(gone.stdout).reproduced).toBe(false);
    expect(gone.code).toBe(0);
    // The saved scenario expects what the failure showed, so it passes as a regression guard.
    const guard = cli(["run", saved, "--json"]);
    expect(guard.code).toBe(0);
    expect(JSON.parse(guard.stdout).traceHash).toBe(failure.traceHash);
  });

  it("renders a report and a valid Perfetto trace from a trace file", () => {
    const t = join(dir, "r.jsonl");
    cli(["run", PASSING, "--trace", t]);
    const html = join(dir, "r.html");
    const perfetto = join(dir, "r.perfetto.json");
    const r = cli(["report", t, "-o", html, "--perfetto", perfetto]);
    expect(r.code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<!doctype html>");
    expect(page).toContain("tiny");
    const trace = JSON.parse(readFileSync(perfetto, "utf8"));
    expect(trace.traceEvents.length).toBeGreaterThan(100);
    expect(validatePerfetto(trace)).toEqual([]);
  });

  it("refuses a file that is not a failure or trace with exit 2", () => {
    const junk = scenario("junk.json", "{\"hello\": 1}");
    const r = cli(["replay", junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a swarmsim failure.json");
  });
});

describe("swarmsim list", () => {
  it("lists the library", () => {
    const r = cli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("leader-crash-recovery");
  });
});

describe("swarmsim library", () => {
  it("names the docker steps that failed under the scenario they belong to, and stays green", () => {
    const out = join(dir, "library-out");
    const r = cli(["library", "--filter", "moby-26491", "--out", out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const at = lines.indexOf("docker steps that failed in moby-26491-lose-two-of-three (they leave the outcome alone: docker fails them too):");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}op 1 failed at 1m0s: docker node demote m3 → The swarm does not have a leader\./);
    expect(lines[at + 2]).toMatch(/^ {2}op 2 failed at 1m10s: docker node rm --force m3 → /);
    expect(r.stdout).toContain("1/1 scenarios as expected");
    // --json carries them too.
    const j = JSON.parse(cli(["library", "--filter", "moby-26491", "--out", out, "--json"]).stdout);
    expect(j[0].failedOps.map((o: { op: number; answered: boolean }) => [o.op, o.answered])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it("a filtered run keeps the other scenarios of the last run in the index", () => {
    const out = join(dir, "library-filtered");
    expect(cli(["library", "--filter", "moby-2", "--out", out]).code).toBe(0);
    const links = () => [...new Set([...readFileSync(join(out, "index.html"), "utf8").matchAll(/href="([^"#]+\.html)"/g)].map((m) => m[1]))].sort();
    const first = links();
    expect(first.length).toBeGreaterThan(3);
    expect(first).toContain("moby-26491-lose-two-of-three.html");
    expect(cli(["library", "--filter", "moby-26491", "--out", out]).code).toBe(0);
    expect(links()).toEqual(first);
    // A report that is gone is no longer listed.
    rmSync(join(out, first[0]));
    expect(cli(["library", "--filter", "moby-26491", "--out", out]).code).toBe(0);
    expect(links()).toEqual(first.slice(1));
  });
});
