// What `check` prints and writes: a human summary, the `--json` object and JUnit XML.
import type { SweepReport } from "./check-sweep.ts";

/** `--json`: {runs, failed, wallMs, runsPerMinute, signatures: [{signature, count, firstSeed, failureDir}]} plus extras. */
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
    })),
  };
}

export function checkText(label: string, r: SweepReport): string {
  const lines: string[] = [];
  const rate = `${r.runsPerMinute.toLocaleString("en-US")} runs/min`;
  lines.push(`${label}: ${r.runs} runs, ${r.failed} failed, ${(r.wallMs / 1000).toFixed(1)}s (${rate})`);
  for (const s of r.signatures) {
    lines.push("");
    lines.push(`✗ ${s.signature}  ×${s.count}  (first seed ${s.firstSeed})`);
    const k = s.shrink;
    if (k === null) continue;
    lines.push(`  ${k.message}`);
    lines.push(`  shrunk from ${k.originalEntries} to ${k.shrunkEntries} timeline entries in ${k.tries} runs:`);
    for (const t of k.timeline) lines.push(`  ${t}`);
    if (!k.reproduced) lines.push("  warning: the recorded re-run differed from the shrinking run (non-determinism?)");
    lines.push(`  failure: ${k.failureDir}`);
    lines.push(`  replay:  ${k.replay}`);
  }
  if (r.failed === 0) lines.push("✓ no violations");
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
