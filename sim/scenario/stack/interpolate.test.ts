// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation syntax is the subject here
import { describe, expect, it } from "vitest";
import type { InputError } from "../errors.ts";
import { interpolate } from "./interpolate.ts";

const env = { A: "a", EMPTY: "", N: "3" };

describe("interpolate", () => {
  it("substitutes ${VAR} and $VAR; unset is empty", () => {
    expect(interpolate("x-${A}-$A-${NOPE}-$NOPE.", env)).toBe("x-a-a--.");
    expect(interpolate("$A_B", env)).toBe("");
    expect(interpolate("${A}_B", env)).toBe("a_B");
  });
  it("defaults: :- for unset or empty, - for unset only", () => {
    expect(interpolate("${NOPE:-d} ${EMPTY:-d} ${A:-d}", env)).toBe("d d a");
    expect(interpolate("${NOPE-d} ${EMPTY-d} ${A-d}", env)).toBe("d  a");
    expect(interpolate("${REGISTRY-127.0.0.1:5000}/rng", env)).toBe("127.0.0.1:5000/rng");
    expect(interpolate("${NOPE:-${A}x}", env)).toBe("ax");
  });
  it("alternates :+ and +", () => {
    expect(interpolate("${A:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${NOPE+alt}", env)).toBe("alt||alt|");
  });
  it("required ?: errors like docker stack deploy", () => {
    expect(() => interpolate("${DOMAIN?Variable DOMAIN not set}", env)).toThrow("required variable DOMAIN is missing a value: Variable DOMAIN not set");
    expect(() => interpolate("${EMPTY:?must be set}", env)).toThrow("required variable EMPTY is missing a value: must be set");
    expect(interpolate("${EMPTY?ok}", env)).toBe("");
    expect(interpolate("${A:?x}", env)).toBe("a");
  });
  it("$$ is a literal $; Go templates pass through", () => {
    expect(interpolate("echo $$HOME $${A}", env)).toBe("echo $HOME ${A}");
    expect(interpolate("{{.Node.ID}}-{{.Task.Slot}}", env)).toBe("{{.Node.ID}}-{{.Task.Slot}}");
  });
  it("never reads process.env", () => {
    expect(interpolate("${PATH}${HOME}", {})).toBe("");
  });
  it("rejects malformed references with an offset", () => {
    expect(() => interpolate("a ${A", env)).toThrow(/missing '}'/);
    expect(() => interpolate("cost $5", env)).toThrow(/'\$' must be followed by a name/);
    let caught: unknown = null;
    try {
      interpolate("ab $5", env);
    } catch (e) {
      caught = e;
    }
    expect((caught as InputError).offset).toBe(3);
    expect(() => interpolate("${A*b}", env)).toThrow(/unknown modifier/);
  });
});
