// Output paths are checked before a command runs anything: `check` can sweep for an hour and
// `run` simulate for minutes, and a path that cannot be written must not cost that work at the
// very end. The write itself still maps any late error (disk full, a race) through io.ts.
import { accessSync, constants } from "node:fs";
import { dirname } from "node:path";
import { CliError, fileInTheWay, statOrNull } from "./io.ts";

/** Output flags of a command: flag name → the path given (undefined when the flag is absent). */
export type OutputFlags = Record<string, string | undefined>;

/**
 * Throws a CliError (exit 2) naming the flag and the path when an output cannot be written:
 * `files` must not be directories, `dirs` must not be files, and no ancestor of either may be a
 * regular file. Creates nothing: a missing folder is made only when there is something to write.
 */
export function checkOutputPaths(files: OutputFlags, dirs: OutputFlags = {}): void {
  for (const [flag, path] of Object.entries(files)) {
    if (path !== undefined) report(flag, path, outputProblem(path, "file"));
  }
  for (const [flag, path] of Object.entries(dirs)) {
    if (path !== undefined) report(flag, path, outputProblem(path, "directory"));
  }
}

function report(flag: string, path: string, problem: string | null): void {
  if (problem !== null) throw new CliError(`${flag} ${path}: ${problem}`);
}

/** Why `path` cannot be written as a file / used as an output folder, or null when it can. */
export function outputProblem(path: string, kind: "file" | "directory"): string | null {
  const file = fileInTheWay(path);
  if (file !== null) return `${file} is a file, not a directory`;
  const st = statOrNull(path);
  if (kind === "file" && st?.isDirectory()) return "is a directory, not a file";
  if (kind === "directory" && st !== null && !st.isDirectory()) return "is a file, not a directory";
  // `out/` names a folder; writing a file there would fail only after the run.
  if (kind === "file" && st === null && /[\\/]$/.test(path)) return "ends with a slash, so it names a directory, not a file";
  const folder = kind === "directory" && st !== null ? path : nearestExisting(dirname(path));
  return writable(folder) ? null : `no write permission in ${folder}`;
}

/** `path` or its nearest existing ancestor: the folder where anything new gets created. */
function nearestExisting(path: string): string {
  while (statOrNull(path) === null && dirname(path) !== path) path = dirname(path);
  return path;
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
