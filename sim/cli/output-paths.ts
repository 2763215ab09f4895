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
  // `out/` names a folder: look at `out` itself (stat of `afile/` fails, which is not "missing").
  const slash = /[\\/]$/.test(path);
  const bare = slash ? path.replace(/[\\/]+$/, "") || path.slice(0, 1) : path;
  const file = fileInTheWay(bare);
  if (file !== null) return `${file} is a file, not a directory`;
  const st = statOrNull(bare);
  if (kind === "file" && st?.isDirectory()) return "is a directory, not a file";
  if (kind === "directory" && st !== null && !st.isDirectory()) return "is a file, not a directory";
  // Writing a file at `out/` would fail only after the run.
  if (kind === "file" && slash) return "ends with a slash, so it names a directory, not a file";
  const folder = kind === "directory" && st !== null ? bare : nearestExisting(dirname(bare));
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
