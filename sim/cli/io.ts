// The CLI's file I/O on paths the user gave, and its user-facing errors. Every read, directory
// listing and write of such a path goes through here, so a filesystem error becomes one clear
// line naming the path (exit 2) instead of Node's raw message or a stack trace.
// Output files are written atomically (temp file + rename), so an interrupted run never leaves a
// half-written trace, report or failure directory behind.
import { mkdirSync, readFileSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

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

/** What a user path is expected to be, for "file not found" / "directory not found". */
export type PathKind = "file" | "directory";

/**
 * The first ancestor of `path`, from the root down, that exists and is not a directory: what makes
 * `path` impossible to create or read. Null when every existing ancestor is a directory (the
 * missing rest can be created). Paths are shown as the user wrote them (relative stays relative).
 */
export function fileInTheWay(path: string): string | null {
  const ancestors: string[] = [];
  // Bounded: dirname reaches its fixed point ("/" or ".") after one step per path component.
  for (let p = dirname(path); ; p = dirname(p)) {
    ancestors.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of ancestors) {
    const st = statOrNull(p);
    if (st === null) return null;
    if (!st.isDirectory()) return p;
  }
  return null;
}

/** stat, or null when `path` cannot be seen (missing, or unsearchable: then nothing is known). */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A system call's error (it has a syscall): the environment said no, not a bug in swarmsim. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  const err = e as NodeJS.ErrnoException | null;
  return typeof err?.syscall === "string" && typeof err.code === "string";
}

const REASONS: Record<string, string> = {
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many levels of symbolic links",
};

function reason(e: NodeJS.ErrnoException & { code: string }, path: string, kind: PathKind): string {
  if (e.code === "ENOENT") return `${kind} not found`;
  // mkdir over a file says EEXIST, open/readdir under one ENOTDIR: name the file in the way.
  if (e.code === "ENOTDIR" || e.code === "EEXIST") {
    const file = fileInTheWay(path);
    if (file !== null) return `${file} is a file, not a directory`;
    if (e.code === "ENOTDIR") return "is a file, not a directory";
  }
  return REASONS[e.code] ?? `${e.syscall} failed (${e.code})`;
}

/**
 * A filesystem error on a path the user gave, as a CliError naming that path; any other error
 * (a bug: no syscall behind it) is returned unchanged, to stay an internal error (exit 3).
 */
export function userPathError(e: unknown, path: string, kind: PathKind = "file"): unknown {
  return isSystemError(e) ? new CliError(`${path}: ${reason(e, path, kind)}`) : e;
}

/** Runs `fn`, which touches the user's `path`, turning its filesystem errors into CliErrors. */
export function onUserPath<T>(path: string, kind: PathKind, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw userPathError(e, path, kind);
  }
}

/** An input file the user named, as UTF-8 text. */
export function readInputFile(path: string): string {
  return onUserPath(path, "file", () => readFileSync(path, "utf8"));
}

export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    throw userPathError(e, path);
  }
}

/** Best effort: the error being reported is the one that matters, not a failed cleanup. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing to do: the temp file was never created, or cannot be reached either.
  }
}
