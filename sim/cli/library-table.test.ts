import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIBRARY_BEGIN, LIBRARY_END, libraryTables, withLibraryTables } from "./library-table.ts";

describe("the README's scenario library tables", () => {
  it("list every scenario file as it is now (regenerate with `npm run readme:library`)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(withLibraryTables(readme, libraryTables("scenarios"))).toBe(readme);
  });

  it("refuse a README without the markers", () => {
    expect(() => withLibraryTables(`${LIBRARY_END}\n${LIBRARY_BEGIN}\n`, "x")).toThrow(/markers/);
  });
});
