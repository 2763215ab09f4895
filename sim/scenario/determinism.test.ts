// Determinism is the product: the same scenario and seed give the same result JSON (all but
// wallMs) and trace hash in the main thread, in a worker thread and in a new process; a different
// seed gives a different trace hash. Checked on every scenario of the library, and through the
// compiled build (dist/) that `npm start` and `npx swarmsim` run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Piscina } from "piscina";
import { describe, expect, it } from "vitest";
import { findScenarioFiles } from "../cli/scenario-files.ts";
import { type Fingerprint, fingerprint } from "./fingerprint.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const files = findScenarioFiles(`${ROOT}scenarios`);

function inWorker(): Promise<Fingerprint[]> {
  const pool = new Piscina({
    filename: new URL("../cli/worker.mjs", import.meta.url).href,
    workerData: { entry: new URL("./fingerprint.ts", import.meta.url).href },
    minThreads: 1,
    maxThreads: 1,
  });
  return (pool.run({ files }) as Promise<Fingerprint[]>).finally(() => pool.destroy());
}

function inNewProcess(): Fingerprint[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", "sim/scenario/fingerprint.ts", ...files], { cwd: ROOT, maxBuffer: 256 * 2 ** 20, encoding: "utf8" });
  return JSON.parse(out) as Fingerprint[];
}

describe("determinism across the scenario library", () => {
  let main: Fingerprint[] = [];

  it("gives identical results in the main thread, a worker thread and a new process", async () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const worker = inWorker(); // runs on the other core meanwhile
    main = files.map((f) => fingerprint(f));
    const process = inNewProcess();
    const threaded = await worker;
    for (let i = 0; i < files.length; i++) {
      expect(threaded[i].json, `${files[i]} (worker thread)`).toBe(main[i].json);
      expect(process[i].json, `${files[i]} (new process)`).toBe(main[i].json);
    }
  }, 900_000);

  it("gives the same trace hashes and event counts through the compiled build (npm start)", () => {
    expect(main).toHaveLength(files.length);
    const out = mkdtempSync(join(tmpdir(), "swarmsim-dist-"));
    try {
      const stdout = execFileSync(process.execPath, ["bin/swarmsim.mjs", "library", "--json", "--out", out], { cwd: ROOT, maxBuffer: 256 * 2 ** 20, encoding: "utf8" });
      const rows = JSON.parse(stdout) as { file: string; traceHash: string; events: number }[];
      const byFile = new Map(rows.map((r) => [join(ROOT, r.file), r]));
      for (const m of main) {
        const want = JSON.parse(m.json) as { traceHash: string; events: number };
        const got = byFile.get(m.file);
        expect(got, m.file).toBeDefined();
        expect({ traceHash: got?.traceHash, events: got?.events }, m.file).toEqual({ traceHash: want.traceHash, events: want.events });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 900_000);

  it("gives a different trace hash for a different seed", () => {
    expect(main).toHaveLength(files.length);
    for (const m of main) {
      const a = JSON.parse(m.json).traceHash;
      const b = JSON.parse(fingerprint(m.file, m.seed + 1).json).traceHash;
      expect(b, m.file).not.toBe(a);
    }
  }, 900_000);
});
