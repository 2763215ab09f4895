// A small cobra/pflag-like flag parser for docker CLI commands: `--flag value`, `--flag=value`,
// `-f value`, `-f=value`, boolean flags (`--force`, `--force=false`), `--` ends flags.
import { didYouMean, InputError } from "./errors.ts";
import type { Word } from "./shell-words.ts";

export interface FlagSpec {
  long: string;
  short?: string;
  /** Takes a value (otherwise boolean). */
  value: boolean;
  /** Accepted but not modelled: parsed, then reported in a warning. */
  ignored?: boolean;
}

export interface ParsedFlag {
  values: string[];
  /** Offset of the last occurrence (for errors about its value). */
  offset: number;
}

export interface ParsedArgs {
  flags: Map<string, ParsedFlag>;
  args: Word[];
}

/**
 * Parses `words` against `specs`. With `interspersed` false (docker service create), the first
 * positional argument ends flag parsing: everything after the image belongs to the container.
 */
export function parseFlags(words: readonly Word[], specs: readonly FlagSpec[], command: string, interspersed: boolean): ParsedArgs {
  const flags = new Map<string, ParsedFlag>();
  const args: Word[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w.text === "--") {
      i++;
      break;
    }
    if (!w.text.startsWith("-") || w.text === "-") {
      args.push(w);
      if (!interspersed) {
        i++;
        break;
      }
      continue;
    }
    const long = w.text.startsWith("--");
    const body = w.text.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    const spec = specs.find((s) => (long ? s.long === name : s.short === name));
    if (spec === undefined) {
      const all = specs.flatMap((s) => (s.short ? [`--${s.long}`, `-${s.short}`] : [`--${s.long}`]));
      throw new InputError(`unknown flag '${long ? "--" : "-"}${name}' for '${command}'${didYouMean(`${long ? "--" : "-"}${name}`, all)}`, w.offset);
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (!spec.value) value = "true";
    else {
      const next = words[i + 1];
      if (next === undefined) throw new InputError(`flag '--${spec.long}' needs a value`, w.offset);
      value = next.text;
      i++;
    }
    if (!spec.value && value !== "true" && value !== "false") throw new InputError(`flag '--${spec.long}' is a switch: write '--${spec.long}' or '--${spec.long}=false'`, w.offset);
    const f = flags.get(spec.long);
    if (f) {
      f.values.push(value);
      f.offset = w.offset;
    } else flags.set(spec.long, { values: [value], offset: w.offset });
  }
  for (; i < words.length; i++) args.push(words[i]);
  return { flags, args };
}

/** Readers over parsed flags; value errors point at the flag. */
export class FlagReader {
  readonly p: ParsedArgs;
  constructor(p: ParsedArgs) {
    this.p = p;
  }
  has(name: string): boolean {
    return this.p.flags.has(name);
  }
  /** The last value given (docker: a repeated single-valued flag keeps the last). */
  last(name: string): string | undefined {
    const f = this.p.flags.get(name);
    return f ? f.values[f.values.length - 1] : undefined;
  }
  all(name: string): string[] {
    return this.p.flags.get(name)?.values ?? [];
  }
  bool(name: string): boolean {
    const v = this.last(name);
    return v !== undefined && v !== "false";
  }
  /** Parses a flag value; an InputError from `fn` is re-thrown at the flag's position. */
  parse<T>(name: string, fn: (v: string) => T): T | undefined {
    const f = this.p.flags.get(name);
    if (!f) return undefined;
    try {
      return fn(f.values[f.values.length - 1]);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`--${name}: ${e.message}`, f.offset);
      throw e;
    }
  }
  parseAll<T>(name: string, fn: (v: string) => T): T[] {
    const f = this.p.flags.get(name);
    if (!f) return [];
    try {
      return f.values.map(fn);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`--${name}: ${e.message}`, f.offset);
      throw e;
    }
  }
}

export function parseIntIn(v: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InputError(`expected an integer, found '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw new InputError(`${n} is out of range (${min} to ${max})`);
  return n;
}

export function parseFloatIn(v: string, min: number, max: number): number {
  if (!/^-?\d+(\.\d+)?$/.test(v.trim())) throw new InputError(`expected a number, found '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw new InputError(`${n} is out of range [${min}, ${max}]`);
  return n;
}
