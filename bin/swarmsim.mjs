#!/usr/bin/env node
// The `swarmsim` bin: brings the compiled build in dist/ up to date (a no-op when it is), then
// runs the CLI from it. `npx tsx sim/cli.ts` runs the same CLI from the TypeScript sources.
import { ensureBuilt } from "./build.mjs";

await ensureBuilt();
await import("../dist/cli.mjs");
