// Output files are written atomically (temp file + rename), so an interrupted run never leaves a
// half-written trace, report or failure directory behind.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export const EXIT = { ok: 0, violation: 1, badInput: 2, internal: 3 } as const;

/** A user-facing error: printed as is, then exit with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.badInput,
  ) {
    super(message);
  }
}
