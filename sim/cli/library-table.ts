// The README's scenario-library tables, generated from the scenario files so that they cannot
// drift from the library: one table per directory, a row per scenario (name, expected outcome,
// the first paragraph of its description). A test compares the README with this; `npm run
// readme:library` rewrites the README section.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { loadScenarioFile } from "../scenario/load.ts";
import { findScenarioFiles } from "./scenario-files.ts";

export const LIBRARY_BEGIN = "<!-- library:begin (generated from the scenario files: npm run readme:library) -->";
export const LIBRARY_END = "<!-- library:end -->";

/** Headings by directory under scenarios/, in the order the README shows them. */
const GROUPS: readonly (readonly [string, string])[] = [
  ["raft", "Raft under faults (`scenarios/raft/`)"],
  ["swarm", "Real-world SwarmKit issues, SWARM.md §10 (`scenarios/swarm/`)"],
  ["bugs", "The same issues with the historical bug switched on (`scenarios/bugs/`): the invariant must fire"],
  ["seeds", "Everyday operations (`scenarios/seeds/`)"],
  ["examples", "Examples (`scenarios/examples/`)"],
];

/** The markdown between the library markers, for the scenario files under `root`. */
export function libraryTables(root: string): string {
  const byDir = new Map<string, string[]>();
  for (const file of findScenarioFiles(root)) {
    const dir = dirname(relative(root, file)).split("/")[0];
    const { scenario } = loadScenarioFile(file);
    const row = `| \`${scenario.name}\` | \`${scenario.expect.outcome}\` | ${cell(firstParagraph(scenario.description))} |`;
    const rows = byDir.get(dir);
    if (rows === undefined) byDir.set(dir, [row]);
    else rows.push(row);
  }
  const known = new Set(GROUPS.map(([dir]) => dir));
  const extra = [...byDir.keys()].filter((d) => !known.has(d)).sort();
  const groups = [...GROUPS, ...extra.map((d): [string, string] => [d, `\`scenarios/${d}/\``])];
  const out: string[] = [];
  for (const [dir, heading] of groups) {
    const rows = byDir.get(dir);
    if (rows === undefined) continue;
    out.push(`**${heading}**`, "", "| scenario | expects | what it shows |", "|---|---|---|", ...rows, "");
  }
  return out.join("\n");
}

/** `readme` with its library section replaced by `tables`. */
export function withLibraryTables(readme: string, tables: string): string {
  const a = readme.indexOf(LIBRARY_BEGIN);
  const b = readme.indexOf(LIBRARY_END);
  if (a < 0 || b < a) throw new Error(`README: the markers '${LIBRARY_BEGIN}' and '${LIBRARY_END}' are missing or out of order`);
  return `${readme.slice(0, a + LIBRARY_BEGIN.length)}\n${tables}${readme.slice(b)}`;
}

function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ");
}

/** Markdown table cell text: a pipe would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

// `tsx sim/cli/library-table.ts README.md scenarios`: rewrites the README's library section.
if (process.argv[1] !== undefined && basename(process.argv[1]) === "library-table.ts") {
  const [readmePath = "README.md", root = "scenarios"] = process.argv.slice(2);
  const before = readFileSync(readmePath, "utf8");
  const after = withLibraryTables(before, libraryTables(root));
  if (after !== before) writeFileSync(readmePath, after);
  process.stdout.write(after === before ? `${readmePath}: library tables up to date\n` : `${readmePath}: library tables rewritten\n`);
}
