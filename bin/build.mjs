// The compiled build: esbuild bundles the CLI, the worker jobs and the benchmarks into dist/.
// Why: code loaded through tsx's per-file transform ran the simulator 1.3–1.5× slower than the same
// code bundled (measured on raft5, alternating runs), and the CLI is the hot path users run.
// Tests keep running the TypeScript sources through vitest; `npm start`, `npx swarmsim` and
// `npm run bench` run dist/, rebuilt here whenever a source file is newer than the build.
//
// Safe to run concurrently (tests spawn the CLI in parallel): outputs are written to a temporary
// file and renamed, so a reader sees a whole old file or a whole new one, and two builders of the
// same sources write the same bytes.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");
const STAMP = join(DIST, "BUILD");
/** Directories whose .ts files end up in some bundle. */
const SOURCE_DIRS = ["sim", "reports", "bench", "properties"];
/** Bundles: output name → entry. Each is self-contained (no shared chunks to go stale). */
const ENTRIES = {
  cli: "sim/cli.ts",
  "check-job": "sim/cli/check-job.ts",
  "library-job": "sim/cli/library-job.ts",
  bench: "bench/run.ts",
};

/** A cheap fingerprint of the sources: file count, total size and newest mtime. */
function sourceStamp() {
  let count = 0;
  let size = 0;
  let newest = 0;
  const walk = (dir) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== "node_modules" && ent.name !== "out" && ent.name !== "failures") walk(p);
      } else if (ent.name.endsWith(".ts") || ent.name.endsWith(".mjs")) {
        const st = statSync(p);
        count++;
        size += st.size;
        newest = Math.max(newest, st.mtimeMs);
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  const self = statSync(fileURLToPath(import.meta.url));
  return `${count} ${size} ${Math.max(newest, self.mtimeMs)}`;
}

function writeAtomic(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function readOr(path, fallback) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

/** Builds dist/ unless it is up to date with the sources. Returns true when it built. */
export async function ensureBuilt({ force = false } = {}) {
  const stamp = sourceStamp();
  if (!force && readOr(STAMP, "") === stamp) return false;
  const { build } = await import("esbuild");
  const out = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
  });
  for (const f of out.outputFiles) writeAtomic(f.path, f.contents);
  // The worker bootstrap: plain in dist (its jobs are .mjs), tsx-registering under sim/cli.
  writeAtomic(join(DIST, "worker.mjs"), readFileSync(join(ROOT, "sim/cli/worker.mjs")));
  writeAtomic(STAMP, stamp);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await ensureBuilt({ force: process.argv.includes("--force") });
  if (process.argv.includes("--verbose")) console.error(built ? "dist/ built" : "dist/ up to date");
}
