// Reading YAML with positions: every value is read from its node, so every error points at the
// offending node (file:line:col). Aliases and YAML 1.1 merge keys (`<<`) are resolved here.
import { readFileSync } from "node:fs";
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { didYouMean, InputError, oneOf, ScenarioError } from "./errors.ts";

/** Anything in a document we can point at. */
export type YNode = Node;

const MAX_ALIAS_DEPTH = 32;
const MAX_MERGE_SOURCES = 64;

/** A parsed YAML file plus what reading it needs: positions and (compose) interpolation. */
export class Src {
  readonly file: string;
  readonly source: string;
  readonly doc: Document.Parsed;
  readonly lc: LineCounter;
  /**
   * Compose mode: string scalars are interpolated with this function and numbers may be written
   * as strings (`replicas: ${N:-1}`). null in scenario mode (strict types, no `$` processing).
   */
  readonly interp: ((raw: string) => string) | null;

  constructor(file: string, text: string, doc: Document.Parsed, lc: LineCounter, interp: ((raw: string) => string) | null) {
    this.file = file;
    this.source = text;
    this.doc = doc;
    this.lc = lc;
    this.interp = interp;
  }

  /** The same document read in compose mode. */
  withInterp(interp: (raw: string) => string): Src {
    return new Src(this.file, this.source, this.doc, this.lc, interp);
  }

  pos(node: YNode | null | undefined): { line: number; col: number } {
    const off = node?.range?.[0];
    if (off === undefined) return { line: 1, col: 1 };
    return this.lc.linePos(off);
  }

  fail(node: YNode | null | undefined, message: string, offsetInValue: number | null = null): never {
    const p = this.pos(node);
    let col = p.col;
    if (offsetInValue !== null && node && isScalar(node) && typeof node.value === "string" && node.range) {
      // Point inside the scalar when its source text is the value itself (plain or simple quotes).
      const raw = this.source.slice(node.range[0], node.range[1]);
      if (raw === node.value) col += offsetInValue;
      else if (raw === `"${node.value}"` || raw === `'${node.value}'`) col += offsetInValue + 1;
    }
    throw new ScenarioError(this.file, p.line, col, message);
  }

  /** Runs a pure parser on a node's value; its InputError becomes a ScenarioError at the node. */
  at<T>(node: YNode | null | undefined, fn: () => T, prefix = ""): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) this.fail(node, prefix + e.message, e.offset);
      throw e;
    }
  }

  /** Follows aliases to the anchored node. */
  resolve(node: unknown): YNode | null {
    let n = node as YNode | null | undefined;
    for (let depth = 0; n && isAlias(n); depth++) {
      if (depth >= MAX_ALIAS_DEPTH) this.fail(n, "alias chain too deep");
      const target = n.resolve(this.doc) as YNode | undefined;
      if (target === undefined) this.fail(n, `unknown alias '*${n.source}' (no anchor '&${n.source}' before it)`);
      n = target;
    }
    return n ?? null;
  }

  /** The scalar's value (interpolated in compose mode); null for an explicit null. */
  scalar(node: YNode | null, label: string): string | number | boolean | null {
    if (node === null) return null;
    if (!isScalar(node)) this.fail(node, `wrong type for ${label}: expected a single value, found ${describe(node)}`);
    const v = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === "string") return this.interp ? this.at(node, () => this.interp!(v), `in ${label}: `) : v;
    if (typeof v === "number" || typeof v === "boolean") return v;
    this.fail(node, `wrong type for ${label}: expected a single value, found ${describe(node)}`);
  }

  str(node: YNode | null, label: string): string {
    const v = this.scalar(node, label);
    if (typeof v === "string") return v;
    if (this.interp && typeof v === "number") return String(v);
    return this.fail(node, `wrong type for ${label}: expected a string, found ${describe(node)}`);
  }

  /** A string, number or boolean written as text (env values, labels, constraint values). */
  text(node: YNode | null, label: string): string {
    const v = this.scalar(node, label);
    if (v === null) this.fail(node, `missing value for ${label}`);
    return String(v);
  }

  num(node: YNode | null, label: string, min: number, max: number): number {
    const v = this.scalar(node, label);
    let n: number | null = typeof v === "number" ? v : null;
    if (typeof v === "string" && this.interp && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
    if (n === null || !Number.isFinite(n)) this.fail(node, `wrong type for ${label}: expected a number, found ${describe(node, v)}`);
    if (n < min || n > max) this.fail(node, `${label} is ${n}: expected a number in [${min}, ${max}]`);
    return n;
  }

  int(node: YNode | null, label: string, min: number, max: number): number {
    const v = this.scalar(node, label);
    let n: number | null = typeof v === "number" ? v : null;
    if (typeof v === "string" && this.interp && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
    if (n === null || !Number.isInteger(n)) this.fail(node, `wrong type for ${label}: expected an integer, found ${describe(node, v)}`);
    if (n < min || n > max) this.fail(node, `${label} is ${n}: expected an integer from ${min} to ${max}`);
    return n;
  }

  prob(node: YNode | null, label: string): number {
    const v = this.scalar(node, label);
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(node, `wrong type for ${label}: expected a probability in [0, 1], found ${describe(node, v)}`);
    if (v < 0 || v > 1) this.fail(node, `${label} is ${v}: probabilities and rates are fractions in [0, 1]`);
    return v;
  }

  bool(node: YNode | null, label: string): boolean {
    const v = this.scalar(node, label);
    if (typeof v === "boolean") return v;
    if (this.interp && (v === "true" || v === "false")) return v === "true";
    return this.fail(node, `wrong type for ${label}: expected true or false, found ${describe(node, v)}`);
  }

  /** Items of a sequence (aliases resolved); null → []. */
  list(node: YNode | null, label: string): YNode[] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) this.fail(node, `wrong type for ${label}: expected a list, found ${describe(node)}`);
    const out: YNode[] = [];
    for (const item of node.items) {
      const r = this.resolve(item);
      if (r === null) this.fail(node, `empty item in ${label}`);
      out.push(r);
    }
    return out;
  }

  strList(node: YNode | null, label: string): string[] {
    return this.list(node, label).map((n, i) => this.text(n, `${label}[${i}]`));
  }

  /** A mapping of scalars: `{k: v}`; values are taken as text. */
  strMap(node: YNode | null, label: string): Record<string, string> {
    const m = new MapView(this, node, label, null);
    const out: Record<string, string> = {};
    for (const e of m.entries.values()) out[e.key] = this.text(e.value, `'${e.key}' in ${label}`);
    return out;
  }
}

/** Human description of what a node holds, for "found …" in messages. */
export function describe(node: YNode | null, value?: unknown): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const v = value !== undefined ? value : isScalar(node) ? node.value : undefined;
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `${v}`;
  return "an unsupported value";
}

export interface Entry {
  key: string;
  keyNode: YNode;
  /** The value with aliases resolved; null when the key has no value. */
  value: YNode | null;
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return (v === "<<" && (!key.type || key.type === "PLAIN")) || (typeof v === "symbol" && v.description === "<<");
}

/**
 * The keys of a mapping, with `<<` merges expanded (explicit keys win; among merged maps the
 * earlier wins, as YAML 1.1 says) and unknown keys rejected with a did-you-mean.
 */
export class MapView {
  readonly node: YNode | null;
  readonly label: string;
  readonly entries = new Map<string, Entry>();
  private readonly src: Src;

  /** `allowed` null = any key; keys starting with `x-` are allowed when `extensions` is set. */
  constructor(src: Src, node: YNode | null, label: string, allowed: readonly string[] | null, extensions = false) {
    this.src = src;
    this.node = node;
    this.label = label;
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isMap(node)) src.fail(node, `wrong type for ${label}: expected a mapping, found ${describe(node)}`);
    // Precedence order: explicit keys first, then merged maps in order; the first one wins.
    for (const e of this.collect(node, 0)) if (!this.entries.has(e.key)) this.entries.set(e.key, e);
    if (allowed === null) return;
    for (const e of this.entries.values()) {
      if (allowed.includes(e.key) || (extensions && e.key.startsWith("x-"))) continue;
      const hint = didYouMean(e.key, allowed);
      src.fail(e.keyNode, `unknown key '${e.key}' in ${label}${hint !== "" ? hint : `: expected ${oneOf(allowed)}`}`);
    }
  }

  private collect(node: YNode, depth: number): Entry[] {
    const src: Src = this.src;
    if (depth > MAX_ALIAS_DEPTH) src.fail(node, "merge keys nested too deep");
    if (!isMap(node)) src.fail(node, `merge source in ${this.label} must be a mapping, found ${describe(node)}`);
    const own: Entry[] = [];
    const merged: Entry[] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const v = src.resolve(pair.value);
        const sources = v !== null && isSeq(v) ? v.items.map((it) => src.resolve(it)) : [v];
        if (sources.length > MAX_MERGE_SOURCES) src.fail(pair.key as YNode, "too many merge sources");
        for (const s of sources) {
          if (s === null) src.fail(pair.key as YNode, `empty merge source in ${this.label}`);
          merged.push(...this.collect(s, depth + 1));
        }
        continue;
      }
      const keyNode = pair.key as YNode | null;
      if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
        src.fail(keyNode ?? node, `keys in ${this.label} must be plain names`);
      }
      own.push({ key: String(keyNode.value), keyNode, value: src.resolve(pair.value) });
    }
    return own.concat(merged);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value node, or null when absent or written without a value. */
  get(key: string): YNode | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.value && isScalar(e.value) && e.value.value === null) return null;
    return e.value;
  }

  /** Where to point for this key: its value, else the key, else the mapping. */
  where(key: string): YNode | null {
    const e = this.entries.get(key);
    return e ? (e.value ?? e.keyNode) : this.node;
  }

  label1(key: string): string {
    return `'${key}' in ${this.label}`;
  }

  str(key: string, dflt: string): string {
    return this.has(key) ? this.src.str(this.where(key), this.label1(key)) : dflt;
  }
  int(key: string, dflt: number, min: number, max: number): number {
    return this.has(key) ? this.src.int(this.where(key), this.label1(key), min, max) : dflt;
  }
  num(key: string, dflt: number, min: number, max: number): number {
    return this.has(key) ? this.src.num(this.where(key), this.label1(key), min, max) : dflt;
  }
  prob(key: string, dflt: number): number {
    return this.has(key) ? this.src.prob(this.where(key), this.label1(key)) : dflt;
  }
  bool(key: string, dflt: boolean): boolean {
    return this.has(key) ? this.src.bool(this.where(key), this.label1(key)) : dflt;
  }
  /** Parses the key's text with a pure parser (durations, sizes …), errors at the value. */
  parse<T>(key: string, dflt: T, fn: (s: string) => T): T {
    if (!this.has(key)) return dflt;
    const node = this.where(key);
    const v = this.src.scalar(node, this.label1(key));
    if (v === null) this.src.fail(node, `missing value for ${this.label1(key)}`);
    if (typeof v === "boolean") this.src.fail(node, `wrong type for ${this.label1(key)}: found ${v}`);
    return this.src.at(node, () => fn(String(v)), `${this.label1(key)}: `);
  }
  require(key: string): YNode {
    const e = this.entries.get(key);
    if (!e) this.src.fail(this.node, `missing key '${key}' in ${this.label}`);
    return e.value ?? e.keyNode;
  }
}

/** Reads a file as UTF-8 text; binary or unreadable files are ScenarioErrors. */
export function readTextFile(path: string, shownAs: string = path): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : `cannot read file (${code ?? String(e)})`;
    throw new ScenarioError(shownAs, 0, 0, why);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(shownAs, 0, 0, "not a text file: the bytes are not valid UTF-8");
  }
  return text;
}

/**
 * Parses YAML text. Binary content, syntax errors and an empty document are ScenarioErrors;
 * YAML warnings (e.g. unknown tags) are appended to `warnings`.
 */
export function parseYamlText(text: string, file: string, what: string, warnings: string[]): { src: Src; root: YNode } {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split("\n").length;
    const col = nul - before.lastIndexOf("\n");
    throw new ScenarioError(file, line, col, `not a text file: NUL byte found (is this a binary file?)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: true, uniqueKeys: true, strict: true });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0] ?? { line: 1, col: 1 };
    const msg = err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    throw new ScenarioError(file, p.line, p.col, `YAML syntax error: ${msg}`);
  }
  for (const w of doc.warnings) {
    const p = w.linePos?.[0];
    const msg = w.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    warnings.push(p ? `${file}:${p.line}:${p.col}: ${msg}` : `${file}: ${msg}`);
  }
  const src = new Src(file, text, doc, lc, null);
  const root = src.resolve(doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) {
    throw new ScenarioError(file, 0, 0, `empty ${what}: expected a mapping of keys`);
  }
  if (!isMap(root)) src.fail(root, `the top level of a ${what} must be a mapping of keys, found ${describe(root)}`);
  return { src, root };
}
