#!/usr/bin/env node
// The `swarmsim` bin: registers tsx, then runs the TypeScript CLI.
import { register } from "tsx/esm/api";
register();
await import("../sim/cli.ts");
