import { describe, expect, it } from "vitest";
import type { ShrinkRow } from "./check-job.ts";
import { checkJson, checkJunit, checkSummaryLine, checkText, wallTime } from "./check-output.ts";
import type { SweepReport } from "./check-sweep.ts";

const shrink: ShrinkRow = {
  seed: 7,
  signature: "svc.slot-unique | crash,restart | worker",
  shrunkSignature: "svc.slot-unique | crash,restart | worker",
  failureDir: "reports/failures/gen-swarm-7",
  replay: "npx tsx sim/cli.ts replay reports/failures/gen-swarm-7/failure.json",
  originalEntries: 9,
  shrunkEntries: 2,
  tries: 31,
  timeline: ["     10s  crash w1", "     25s  restart all"],
  message: 'svc.slot-unique at event #120: slot 1 of "web" <has> two & runnable tasks',
  reproduced: true,
};

const failing: SweepReport = {
  runs: 100,
  failed: 3,
  wallMs: 2500,
  runsPerMinute: 2400,
  signatures: [{ signature: shrink.signature, count: 3, firstSeed: 7, failureDir: shrink.failureDir, shrink }],
  sweepMs: 2500,
  shrinkMs: null,
  firstFailureMs: 300,
  events: 1000,
  simulatedUs: 1,
};

describe("check output", () => {
  it("--json has the contract fields", () => {
    const j = checkJson(failing) as Record<string, unknown>;
    // CONTRACT's fields first, in order; the extra sweepMs last.
    expect(Object.keys(j)).toEqual(["runs", "failed", "wallMs", "runsPerMinute", "signatures", "sweepMs"]);
    expect(checkJson({ ...failing, wallMs: 10_700, sweepMs: 2900, shrinkMs: 7800 })).toMatchObject({ wallMs: 10_700, sweepMs: 2900 });
    const s = (j.signatures as Record<string, unknown>[])[0];
    expect(s).toMatchObject({ signature: shrink.signature, count: 3, firstSeed: 7, failureDir: shrink.failureDir, replay: shrink.replay, shrunkEntries: 2 });
  });

  it("JUnit: one failing testcase per signature, escaped", () => {
    const x = checkJunit("check generated", failing);
    expect(x).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(x).toContain('<testsuites name="swarmsim check" tests="2" failures="1" errors="0" time="2.500">');
    expect(x).toContain('name="97 of 100 runs without a violation"');
    expect(x).toContain('<testcase classname="swarmsim.check.svc.slot-unique" name="svc.slot-unique | crash,restart | worker" time="0">');
    expect(x).toContain("&lt;has&gt; two &amp; runnable");
    expect(x).not.toContain("<has>");
    expect(x).toContain("replay: npx tsx sim/cli.ts replay reports/failures/gen-swarm-7/failure.json");
    expect(x.match(/<failure /g)).toHaveLength(1);
  });

  it("JUnit of a clean sweep has no failures", () => {
    const x = checkJunit("c", { ...failing, failed: 0, signatures: [] });
    expect(x).toContain('tests="1" failures="0"');
    expect(x).not.toContain("<failure");
  });

  it("text shows the shrunk timeline and the replay command", () => {
    const t = checkText("check generated", failing);
    expect(t).toContain("100 runs, 3 failed");
    expect(t).toContain("×3");
    expect(t).toContain("shrunk from 9 to 2 timeline entries");
    expect(t).toContain("crash w1");
    expect(t).toContain(shrink.replay);
  });

  it("the summary line shows the sweep time the rate is computed from, and the shrinking time", () => {
    // The report behind "20 runs, 4 failed, 10.7s (419 runs/min)": the rate counts the 2.86s
    // sweep, the total includes 7.84s of shrinking.
    const r: SweepReport = { ...failing, runs: 20, failed: 4, wallMs: 10_700, sweepMs: 2860, shrinkMs: 7840, runsPerMinute: Math.round((20 * 60_000) / 2860) };
    const line = checkSummaryLine("check stack s.yml", r);
    expect(line).toBe("check stack s.yml: 20 runs, 4 failed, 10.7s (sweep 2.86s: 420 runs/min; shrinking 7.84s)");
    // The printed sweep time and the rate agree to within the rounding of each.
    const m = /(\d+) runs, .* \(sweep ([\d.]+)s: ([\d,]+) runs\/min/.exec(line)!;
    const [runs, sweepS, rate] = [Number(m[1]), Number(m[2]), Number(m[3].replace(/,/g, ""))];
    expect(Math.abs((runs * 60) / sweepS - rate) / rate).toBeLessThan(0.01);
    expect(checkText("check stack s.yml", r).split("\n")[0]).toBe(line);
  });

  it("without shrinking the total is the sweep time, and short times are shown in ms", () => {
    const clean: SweepReport = { ...failing, runs: 3, failed: 0, signatures: [], wallMs: 71, sweepMs: 71, shrinkMs: null, runsPerMinute: 2535 };
    expect(checkSummaryLine("c", clean)).toBe("c: 3 runs, 0 failed, 71ms (2,535 runs/min)");
    expect([wallTime(71), wallTime(2934), wallTime(10_740)]).toEqual(["71ms", "2.93s", "10.7s"]);
  });
});
