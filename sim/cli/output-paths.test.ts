// Paths the user gives the CLI: an output that cannot be written is refused before anything runs
// (exit 2, naming the flag), a write that fails anyway leaves no temp file, and a missing input
// says "not found" — never Node's raw message, never a stack trace.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError, EXIT, userPathError, writeFileAtomic } from "./io.ts";
import { checkOutputPaths, outputProblem } from "./output-paths.ts";
import { rethrowUserError, returningUserErrors } from "./worker-errors.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "sim/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

const base = mkdtempSync(join(tmpdir(), "swarmsim-output-paths-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
/** A fresh folder per case, so "nothing was created" is checked against a known listing. */
const caseDir = () => mkdtempSync(join(base, "case-"));

/** Every path under `dir`, relative, sorted: what a command left behind. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

const PASSING = `name: tiny
duration: 20s
cluster: { managers: 3 }
expect:
  outcome: pass
`;
const inputs = mkdtempSync(join(base, "inputs-"));
const passing = join(inputs, "ok.yml");
const failing = join(inputs, "fails.yml");
writeFileSync(passing, PASSING);
writeFileSync(failing, PASSING.replace("name: tiny", "name: must-fail").replace("outcome: pass", "outcome: violation:raft.election-safety"));

/** A failure directory (failure.json, events.jsonl) to feed replay and report. */
let failureJson = "";
let trace = "";
beforeAll(() => {
  const d = caseDir();
  expect(cli(["run", failing, "--out", d]).code).toBe(EXIT.violation);
  failureJson = join(d, "must-fail-1", "failure.json");
  trace = join(d, "must-fail-1", "events.jsonl");
});

/** What `fn` throws (failing the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, none was thrown");
}

function expectCliError(e: unknown, message: string): void {
  expect(e).toBeInstanceOf(CliError);
  expect((e as CliError).message).toBe(message);
  expect((e as CliError).code).toBe(EXIT.badInput);
}

function expectCleanUserError(r: { code: number; stdout: string; stderr: string }, message: string): void {
  expect(r.code, r.stderr).toBe(EXIT.badInput);
  expect(r.stderr).toContain(`error: ${message}\n`);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/E[A-Z]+: /);
}

describe("an output path under a regular file", () => {
  // [command line with FILE as the blocking regular file, flag, offending path under FILE]
  const cases: [string, (file: string) => string[], string, (file: string) => string][] = [
    ["run --trace", (f) => ["run", passing, "--trace", join(f, "t.jsonl")], "--trace", (f) => join(f, "t.jsonl")],
    ["run --report", (f) => ["run", passing, "--report", join(f, "r.html")], "--report", (f) => join(f, "r.html")],
    ["run --out (deeper)", (f) => ["run", failing, "--out", join(f, "a", "b")], "--out", (f) => join(f, "a", "b")],
    ["check --junit", (f) => ["check", passing, "--runs", "2", "--workers", "1", "--junit", join(f, "j.xml")], "--junit", (f) => join(f, "j.xml")],
    ["replay --save", (f) => ["replay", failureJson, "--save", join(f, "x.yml")], "--save", (f) => join(f, "x.yml")],
    ["report --perfetto", (f) => ["report", trace, "-o", join(f, "..", "r.html"), "--perfetto", join(f, "p.json")], "--perfetto", (f) => join(f, "p.json")],
    ["report -o", (f) => ["report", trace, "-o", join(f, "r.html")], "-o", (f) => join(f, "r.html")],
  ];

  it.each(cases)("%s: exit 2 before running, names the flag and the file in the way, writes nothing", (_, args, flag, target) => {
    const d = caseDir();
    const file = join(d, "my.yml");
    writeFileSync(file, "a regular file\n");
    const r = cli(args(file));
    expectCleanUserError(r, `${flag} ${target(file)}: ${file} is a file, not a directory`);
    // Refused up front: no run result printed, nothing written, the file untouched.
    expect(r.stdout).toBe("");
    expect(tree(d)).toEqual(["my.yml"]);
    expect(readFileSync(file, "utf8")).toBe("a regular file\n");
  });

  it("run --out that is itself a regular file", () => {
    const d = caseDir();
    const file = join(d, "my.yml");
    writeFileSync(file, "x");
    const r = cli(["run", failing, "--out", file]);
    expectCleanUserError(r, `--out ${file}: is a file, not a directory`);
    expect(tree(d)).toEqual(["my.yml"]);
  });

  it("check: a failure directory blocked by a file, written by a worker thread, is still a user error", () => {
    const d = caseDir();
    writeFileSync(join(d, "must-fail-1"), "x");
    const r = cli(["check", failing, "--runs", "2", "--workers", "2", "--out", d]);
    expectCleanUserError(r, `${join(d, "must-fail-1", "events.jsonl")}: ${join(d, "must-fail-1")} is a file, not a directory`);
    expect(tree(d)).toEqual(["must-fail-1"]);
  });
});

describe("an existing directory as an output file", () => {
  const cases: [string, (dir: string) => string[], string][] = [
    ["run --trace", (dir) => ["run", passing, "--trace", dir], "--trace"],
    ["check --junit", (dir) => ["check", passing, "--runs", "2", "--workers", "1", "--junit", dir], "--junit"],
    ["report -o", (dir) => ["report", trace, "-o", dir], "-o"],
  ];

  it.each(cases)("%s: exit 2, clear message, no temp file left", (_, args, flag) => {
    const d = caseDir();
    const dir = join(d, "x");
    mkdirSync(dir);
    const r = cli(args(dir));
    expectCleanUserError(r, `${flag} ${dir}: is a directory, not a file`);
    expect(tree(d)).toEqual(["x"]);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("a write that fails anyway (the directory appeared after the check) removes its temp file", () => {
    const d = caseDir();
    const dir = join(d, "x");
    mkdirSync(dir);
    expectCliError(
      thrown(() => writeFileAtomic(dir, "data")),
      `${dir}: is a directory, not a file`,
    );
    expect(tree(d)).toEqual(["x"]);
  });

  it("a write under a file names the file in the way and creates nothing", () => {
    const d = caseDir();
    writeFileSync(join(d, "f"), "x");
    const target = join(d, "f", "g", "out.json");
    expectCliError(
      thrown(() => writeFileAtomic(target, "data")),
      `${target}: ${join(d, "f")} is a file, not a directory`,
    );
    expect(tree(d)).toEqual(["f"]);
  });
});

describe("missing inputs", () => {
  it("report of a missing failure.json or trace says file not found", () => {
    const d = caseDir();
    for (const missing of [join(d, "nothere.json"), join(d, "nothere.jsonl")]) {
      const r = cli(["report", missing, "-o", join(d, "x.html")]);
      expectCleanUserError(r, `${missing}: file not found`);
    }
    expect(tree(d)).toEqual([]);
  });

  it("replay of a missing failure.json says file not found", () => {
    const missing = join(caseDir(), "failure.json");
    expectCleanUserError(cli(["replay", missing]), `${missing}: file not found`);
  });

  it("list --dir of a missing folder says directory not found; of a file, that it is one", () => {
    const d = caseDir();
    expectCleanUserError(cli(["list", "--dir", join(d, "nonexist")]), `${join(d, "nonexist")}: directory not found`);
    writeFileSync(join(d, "f.yml"), "x");
    expectCleanUserError(cli(["list", "--dir", join(d, "f.yml")]), `${join(d, "f.yml")}: is a file, not a directory`);
  });
});

describe("checkOutputPaths", () => {
  it("accepts new files and folders at any depth, creating nothing", () => {
    const d = caseDir();
    checkOutputPaths({ "--trace": join(d, "a", "b", "t.jsonl"), "--report": undefined }, { "--out": join(d, "c", "d") });
    expect(tree(d)).toEqual([]);
  });

  it("accepts an existing file to overwrite and an existing folder", () => {
    const d = caseDir();
    writeFileSync(join(d, "t.jsonl"), "old");
    expect(outputProblem(join(d, "t.jsonl"), "file")).toBeNull();
    expect(outputProblem(d, "directory")).toBeNull();
  });

  it("refuses a file path ending in a slash", () => {
    const p = `${join(caseDir(), "new")}/`;
    expectCliError(
      thrown(() => checkOutputPaths({ "--trace": p })),
      `--trace ${p}: ends with a slash, so it names a directory, not a file`,
    );
  });

  it("sees a regular file behind a folder path written with a trailing slash", () => {
    const d = caseDir();
    writeFileSync(join(d, "afile"), "x");
    expect(outputProblem(`${join(d, "afile")}/`, "directory")).toBe("is a file, not a directory");
    expect(outputProblem(`${join(d, "afile")}/`, "file")).toBe("ends with a slash, so it names a directory, not a file");
    expect(outputProblem(`${join(d, "newdir")}/`, "directory")).toBeNull();
    expect(outputProblem(`${d}/`, "directory")).toBeNull();
  });
});

describe("errors that are not the user's", () => {
  it("userPathError leaves an error with no system call behind it alone (an internal error, exit 3)", () => {
    const bug = new TypeError("x is undefined");
    expect(userPathError(bug, "/some/path")).toBe(bug);
  });

  it("user errors survive the trip back from a worker thread; internal ones are still thrown", () => {
    const job = returningUserErrors((kind: string) => {
      if (kind === "user") throw new CliError("out: is a file, not a directory");
      if (kind === "bug") throw new TypeError("bug");
      return [1, 2];
    });
    // structuredClone is what the worker boundary does to a job's result: a thrown CliError would
    // lose its class, so the job returns it as data, and the caller's side throws it again.
    expect(structuredClone(new CliError("x"))).not.toBeInstanceOf(CliError);
    const carried = structuredClone(job("user"));
    expect(carried).toEqual({ userError: { message: "out: is a file, not a directory", code: EXIT.badInput } });
    expectCliError(
      thrown(() => rethrowUserError(carried)),
      "out: is a file, not a directory",
    );
    expect(() => job("bug")).toThrow(TypeError);
    expect(rethrowUserError(structuredClone(job("ok")))).toEqual([1, 2]);
  });
});

describe("no leftovers", () => {
  it("no temp file is left anywhere under the test folder", () => {
    expect(tree(base).filter((p) => /\.tmp-\d+$/.test(p))).toEqual([]);
  });
});
