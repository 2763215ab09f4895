// The report's script: client/main.ts and the d3 modules it uses, bundled by esbuild's JS API
// from node_modules at render time (no network), minified, and cached for the process.
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { assert } from "../sim/kernel/assert.ts";

let cached: string | null = null;

/** The client bundle as one IIFE script, safe to inline in a <script> element. */
export function clientBundle(): string {
  if (cached !== null) return cached;
  // Relative to the root, not this file: reports/bundle.ts and the compiled dist/*.mjs are both one
  // level below it.
  const entry = fileURLToPath(new URL("../reports/client/main.ts", import.meta.url));
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "silent",
  });
  assert(out.outputFiles.length === 1, "report bundle: expected one output file");
  // An inline script ends at the first "</script"; minified d3 never writes one, but make sure.
  const js = out.outputFiles[0].text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
  cached = js;
  return js;
}
