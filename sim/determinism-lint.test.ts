// Determinism is the product: inside sim/, time and randomness come only from the kernel.
// The Biome rules catch these at lint time; this test re-checks the tree independently, so a
// weakened lint config cannot let one through. A line outside the simulated world that truly
// must read the wall clock ends with `// allow-nondeterminism: <why>`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const FORBIDDEN = /Math\.random|Date\.now|new Date\(|performance\.now|process\.hrtime|\bsetTimeout\(|\bsetInterval\(|\bsetImmediate\(|crypto\.random|randomUUID|getRandomValues/;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function nondeterministicLines(files: { name: string; text: string }[]): string[] {
  const hits: string[] = [];
  for (const f of files) {
    f.text.split("\n").forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (FORBIDDEN.test(code) && !line.includes("// allow-nondeterminism:")) hits.push(`${f.name}:${i + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

describe("determinism rule", () => {
  it("no wall-clock time, host timers or host randomness in sim/", () => {
    const files = tsFiles(join(ROOT, "sim")).map((p) => ({ name: relative(ROOT, p), text: readFileSync(p, "utf8") }));
    expect(files.length).toBeGreaterThan(10);
    expect(nondeterministicLines(files)).toEqual([]);
  });

  it("the scan catches what it must", () => {
    const text = ["x = Math.random();", "t = Date.now();", "setTimeout(f, 1);", "w = performance.now(); // allow-nondeterminism: bench", "// Math.random in a comment"].join("\n");
    expect(nondeterministicLines([{ name: "probe.ts", text }])).toEqual(["probe.ts:1: x = Math.random();", "probe.ts:2: t = Date.now();", "probe.ts:3: setTimeout(f, 1);"]);
  });
});
