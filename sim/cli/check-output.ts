// What `check` prints and writes: a human summary, the `--json` object and JUnit XML.
import type { SweepReport } from "./check-sweep.ts";

/**
 * `--json`: {runs, failed, wallMs, runsPerMinute, signatures: [{signature, count, firstSeed,
 * failureDir}]} plus extras; `sweepMs` (the time runsPerMinute is computed from) comes last.
 */
export function checkJson(r: SweepReport): object {
  return {
    runs: r.runs,
    failed: r.failed,
    wallMs: r.wallMs,
    runsPerMinute: r.runsPerMinute,
    signatures: r.signatures.map((s) => ({
      signature: s.signature,
      count: s.count,
      firstSeed: s.firstSeed,
      failureDir: s.failureDir,
      ...(s.shrink
        ? {
            replay: s.shrink.replay,
            shrunkSignature: s.shrink.shrunkSignature,
            originalEntries: s.shrink.originalEntries,
            shrunkEntries: s.shrink.shrunkEntries,
            message: s.shrink.message,
            timeline: s.shrink.timeline.map((l) => l.trim()),
          }
        : {}),
      ...(s.merged ? { merged: s.merged } : {}),
    })),
    sweepMs: r.sweepMs,
  };
}

/**
 * A wall time precise to about 1 %, so that a reader can check the rate against it: "71ms",
 * "2.93s", "10.7s" (tenths of a second would make a 0.07s sweep read as 0.1s).
 */
export function wallTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/**
 * The summary line. The rate counts the sweep only, so when failures were shrunk afterwards the
 * line names the sweep time it is computed from and the shrinking time: otherwise "20 runs, 10.9s
 * (467 runs/min)" reads as arithmetic that does not add up.
 */
export function checkSummaryLine(label: string, r: SweepReport): string {
  const rate = `${r.runsPerMinute.toLocaleString("en-US")} runs/min`;
  const timing = r.shrinkMs === null ? rate : `sweep ${wallTime(r.sweepMs)}: ${rate}; shrinking ${wallTime(r.shrinkMs)}`;
  return `${label}: ${r.runs} runs, ${r.failed} failed, ${wallTime(r.wallMs)} (${timing})`;
}

export function checkText(label: string, r: SweepReport, expected = "pass"): string {
  const lines: string[] = [checkSummaryLine(label, r)];
  for (const s of r.signatures) {
    lines.push("");
    lines.push(`✗ ${s.signature}  ×${s.count}  (first seed ${s.firstSeed})`);
    if (s.merged) lines.push(`  the same once shrunk: ${s.merged.map((m) => `${m.signature} ×${m.count}`).join(", ")}`);
    const k = s.shrink;
    if (k === null) continue;
    lines.push(`  ${k.message}`);
    lines.push(`  shrunk from ${k.originalEntries} to ${k.shrunkEntries} timeline entries in ${k.tries} runs:`);
    for (const t of k.timeline) lines.push(`  ${t}`);
    if (!k.reproduced) lines.push("  warning: the recorded re-run differed from the shrinking run (non-determinism?)");
    lines.push(`  failure: ${k.failureDir}`);
    lines.push(`  replay:  ${k.replay}`);
  }
  if (r.failed === 0) lines.push(expected === "pass" ? "✓ no violations" : `✓ every run ended as expected: ${expected}`);
  return `${lines.join("\n")}\n`;
}

const xmlEscape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/** JUnit XML: one testcase per failure signature, and one for the runs that passed. */
export function checkJunit(label: string, r: SweepReport): string {
  const secs = (r.wallMs / 1000).toFixed(3);
  const cases: string[] = [];
  cases.push(`    <testcase classname="swarmsim.check" name="${xmlEscape(`${r.runs - r.failed} of ${r.runs} runs without a violation`)}" time="${secs}"/>`);
  for (const s of r.signatures) {
    const invariant = s.signature.split(" | ")[0];
    const k = s.shrink;
    const body = [
      `${s.count} failing runs, first seed ${s.firstSeed}`,
      ...(k ? [k.message, `shrunk timeline (${k.shrunkEntries} of ${k.originalEntries} entries):`, ...k.timeline, `failure: ${k.failureDir}`, `replay: ${k.replay}`] : []),
    ].join("\n");
    cases.push(
      `    <testcase classname="swarmsim.check.${xmlEscape(invariant)}" name="${xmlEscape(s.signature)}" time="0">\n` +
        `      <failure type="${xmlEscape(invariant)}" message="${xmlEscape(k?.message ?? s.signature)}">${xmlEscape(body)}</failure>\n` +
        "    </testcase>",
    );
  }
  const tests = 1 + r.signatures.length;
  const failures = r.signatures.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="swarmsim check" tests="${tests}" failures="${failures}" errors="0" time="${secs}">`,
    `  <testsuite name="${xmlEscape(label)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${secs}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
