// Compose variable interpolation, as `docker stack deploy` does it, from the scenario's `env`
// only (never process.env): ${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?msg}, ${VAR?msg},
// ${VAR:+alt}, ${VAR+alt}, $$ → $. Defaults may nest (`${A:-${B}}`). Go templates such as
// {{.Node.ID}} contain no `$` and pass through untouched.
import { InputError } from "../errors.ts";

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const MAX_DEPTH = 8;

export function interpolate(raw: string, env: Readonly<Record<string, string>>, depth = 0): string {
  if (depth > MAX_DEPTH) throw new InputError("interpolation nested too deep");
  if (!raw.includes("$")) return raw;
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const end = matchBrace(raw, i + 1);
      if (end < 0) throw new InputError(`invalid interpolation '${raw.slice(i)}': missing '}'`, i);
      out += expandBraced(raw.slice(i + 2, end), env, i, depth);
      i = end + 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(raw);
    if (m === null) {
      throw new InputError(`invalid interpolation in '${raw}': '$' must be followed by a name, '{' or '$' (write '$$' for a literal '$')`, i);
    }
    out += lookup(env, m[0]) ?? "";
    i = NAME.lastIndex;
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, honouring nested `${…}`; -1 if none. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === "{") depth++;
    else if (s[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function lookup(env: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(env, name) ? env[name] : undefined;
}

function expandBraced(body: string, env: Readonly<Record<string, string>>, at: number, depth: number): string {
  NAME.lastIndex = 0;
  const m = NAME.exec(body);
  if (m === null) throw new InputError(`invalid interpolation '\${${body}}': expected a variable name`, at);
  const name = m[0];
  const rest = body.slice(name.length);
  const value = lookup(env, name);
  if (rest === "") return value ?? "";
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest);
  if (op === null) throw new InputError(`invalid interpolation '\${${body}}': unknown modifier '${rest}' (expected :-, -, :?, ?, :+ or +)`, at);
  const arg = rest.slice(op[1].length);
  const unsetOrEmpty = value === undefined || value === "";
  switch (op[1]) {
    case ":-":
      return unsetOrEmpty ? interpolate(arg, env, depth + 1) : value;
    case "-":
      return value === undefined ? interpolate(arg, env, depth + 1) : value;
    case ":?":
      if (unsetOrEmpty) throw new InputError(`required variable ${name} is missing a value${arg ? `: ${arg}` : ""} (set it in the scenario's env)`, at);
      return value;
    case "?":
      if (value === undefined) throw new InputError(`required variable ${name} is missing a value${arg ? `: ${arg}` : ""} (set it in the scenario's env)`, at);
      return value;
    case ":+":
      return unsetOrEmpty ? "" : interpolate(arg, env, depth + 1);
    default:
      return value === undefined ? "" : interpolate(arg, env, depth + 1);
  }
}
