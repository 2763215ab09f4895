// SwarmKit placement constraints (manager/constraint/constraint.go, SWARM.md §5): parsing with
// SwarmKit's exact grammar and error texts, and matching against a node. Pure; used by the
// scheduler, the orchestrators, the constraint enforcer, the control API and the checkers.
import type { NodeObj } from "./objects.ts";

/** The node fields a constraint can look at (a flat view of NodeObj). */
export interface ConstraintNode {
  id: string;
  /** Description.Hostname (not the spec name); "" when unknown. */
  hostname: string;
  /** Observed role, not DesiredRole. */
  role: "manager" | "worker";
  os: string;
  arch: string;
  labels: Record<string, string>;
  engineLabels: Record<string, string>;
  /** Status.Addr; "" when unknown (parses as "no IP"). */
  addr: string;
}

export interface Constraint {
  key: string;
  op: "==" | "!=";
  value: string;
}

export class ConstraintError extends Error {
  override name = "ConstraintError";
}

// Go's RE2 `\s` is [\t\n\f\r ] (ASCII only), unlike JS's Unicode `\s`: spell it out.
const KEY_RE = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE_RE = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;
const OPERATORS = ["==", "!="] as const;
const NODE_LABEL_PREFIX = "node.labels.";
const ENGINE_LABEL_PREFIX = "engine.labels.";

/** Parses constraint expressions; throws ConstraintError with SwarmKit's message on the first bad one. */
export function parseConstraints(exprs: readonly string[]): Constraint[] {
  const out: Constraint[] = [];
  for (const e of exprs) {
    // Checked in order: an expression holding both operators splits at "==" (so `a!==b` has key `a!`).
    const op = OPERATORS.find((o) => e.includes(o));
    if (op === undefined) throw new ConstraintError("constraint expected one operator from ==, !=");
    const at = e.indexOf(op);
    const key = goTrimSpace(e.slice(0, at));
    if (!KEY_RE.test(key)) throw new ConstraintError(`key '${key}' is invalid`);
    const value = goTrimSpace(e.slice(at + op.length));
    if (!VALUE_RE.test(value)) throw new ConstraintError(`value '${value}' is invalid`);
    out.push({ key, op, value });
  }
  return out;
}

/** parsedConstraints' memo: by the expressions array, which specs share and never change. */
const parsedMemo = new WeakMap<readonly string[], Constraint[] | null>();

/**
 * parseConstraints for placement decisions, memoized (the orchestrators and the scheduler parse a
 * spec's constraints at every pass): null when they do not parse. The result is shared: read only.
 */
export function parsedConstraints(exprs: readonly string[]): Constraint[] | null {
  let cs = parsedMemo.get(exprs);
  if (cs === undefined) {
    try {
      cs = parseConstraints(exprs);
    } catch (e) {
      if (!(e instanceof ConstraintError)) throw e;
      cs = null;
    }
    parsedMemo.set(exprs, cs);
  }
  return cs;
}

/** Like parseConstraints, but returns the error text instead of throwing (null when valid). */
export function constraintsError(exprs: readonly string[]): string | null {
  try {
    parseConstraints(exprs);
    return null;
  } catch (e) {
    if (e instanceof ConstraintError) return e.message;
    throw e;
  }
}

/** True when the node satisfies every constraint (they are ANDed). */
export function matchConstraints(cs: readonly Constraint[], node: ConstraintNode): boolean {
  for (const c of cs) {
    if (!matchOne(c, node)) return false;
  }
  return true;
}

export function nodeToConstraintNode(n: NodeObj): ConstraintNode {
  return {
    id: n.id,
    hostname: n.description.hostname,
    role: n.role,
    os: n.description.platform.os,
    arch: n.description.platform.arch,
    labels: n.spec.labels,
    engineLabels: n.description.engineLabels,
    addr: n.status.addr,
  };
}

// Which node field a key reads, worked out once per Constraint object (matchOne runs for every
// node a placement, orchestrator or checker pass considers: no lower-casing or slicing there).
const F_ID = 0;
const F_HOSTNAME = 1;
const F_IP = 2;
const F_ROLE = 3;
const F_OS = 4;
const F_ARCH = 5;
const F_NODE_LABEL = 6;
const F_ENGINE_LABEL = 7;
const F_UNKNOWN = 8;

interface KeyPlan {
  field: number;
  /** The label name for F_NODE_LABEL / F_ENGINE_LABEL, else "". */
  label: string;
}

const keyPlans = new WeakMap<Constraint, KeyPlan>();

function keyPlan(key: string): KeyPlan {
  const lower = key.toLowerCase();
  switch (lower) {
    case "node.id":
      return { field: F_ID, label: "" };
    case "node.hostname":
      return { field: F_HOSTNAME, label: "" };
    case "node.ip":
      return { field: F_IP, label: "" };
    case "node.role":
      return { field: F_ROLE, label: "" };
    case "node.platform.os":
      return { field: F_OS, label: "" };
    case "node.platform.arch":
      return { field: F_ARCH, label: "" };
  }
  // Prefixes are case-insensitive, label names case-sensitive; a bare prefix is an unknown key.
  if (key.length > NODE_LABEL_PREFIX.length && lower.startsWith(NODE_LABEL_PREFIX)) {
    return { field: F_NODE_LABEL, label: key.slice(NODE_LABEL_PREFIX.length) };
  }
  if (key.length > ENGINE_LABEL_PREFIX.length && lower.startsWith(ENGINE_LABEL_PREFIX)) {
    return { field: F_ENGINE_LABEL, label: key.slice(ENGINE_LABEL_PREFIX.length) };
  }
  return { field: F_UNKNOWN, label: "" };
}

function matchOne(c: Constraint, node: ConstraintNode): boolean {
  let plan = keyPlans.get(c);
  if (plan === undefined) {
    plan = keyPlan(c.key);
    keyPlans.set(c, plan);
  }
  switch (plan.field) {
    case F_ID:
      return matchString(c, node.id);
    case F_HOSTNAME:
      return matchString(c, node.hostname);
    case F_IP:
      return matchIp(c, node.addr);
    case F_ROLE:
      return matchString(c, node.role);
    case F_OS:
      return matchString(c, node.os);
    case F_ARCH:
      // No normalisation here (x86_64 ≠ amd64), unlike the scheduler's PlatformFilter.
      return matchString(c, node.arch);
    case F_NODE_LABEL:
      return matchString(c, labelValue(node.labels, plan.label));
    case F_ENGINE_LABEL:
      return matchString(c, labelValue(node.engineLabels, plan.label));
  }
  // Unknown keys never match, for == and != alike.
  return false;
}

function labelValue(labels: Record<string, string>, name: string): string {
  return Object.hasOwn(labels, name) ? labels[name] : "";
}

/** Whole-string, case-insensitive compare; != is the exact negation of ==. */
function matchString(c: Constraint, actual: string): boolean {
  const eq = equalFold(c.value, actual);
  return c.op === "==" ? eq : !eq;
}

function matchIp(c: Constraint, addr: string): boolean {
  const nodeIp = parseIp(addr);
  const ip = parseIp(c.value);
  if (ip !== null) {
    const eq = nodeIp !== null && bytesEqual(ip, nodeIp);
    return c.op === "==" ? eq : !eq;
  }
  const net = parseCidr(c.value);
  if (net !== null) {
    const within = nodeIp !== null && cidrContains(net, nodeIp);
    return c.op === "==" ? within : !within;
  }
  // A malformed address or network rejects the node whatever the operator.
  return false;
}

// ---- strings (Go's strings.EqualFold / strings.TrimSpace) ----

/** Go's EqualFold: per code point simple case folding (so "ß" ≠ "ss", unlike toUpperCase). */
export function equalFold(a: string, b: string): boolean {
  if (a === b) return true;
  // ASCII prefix by code unit, without allocating (node names, roles, labels): there a code unit
  // is a code point, and folding is A-Z → a-z. Any other character: the general case below.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if ((x | y) >= 0x80) return equalFoldUnicode(a, b);
    if (x !== y && asciiLower(x) !== asciiLower(y)) return false;
  }
  // An ASCII prefix of n code points matched: the longer string has more than n code points.
  return a.length === b.length;
}

function asciiLower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function equalFoldUnicode(a: string, b: string): boolean {
  const ca = Array.from(a);
  const cb = Array.from(b);
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    if (foldOne(x) !== foldOne(y)) return false;
  }
  return true;
}

function foldOne(ch: string): string {
  // Only single-code-point mappings count (simple folding).
  const lo = ch.toLowerCase();
  if (Array.from(lo).length === 1) {
    const up = lo.toUpperCase();
    return Array.from(up).length === 1 ? up.toLowerCase() : lo;
  }
  return ch;
}

const GO_SPACE = new Set([
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  " ",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2002",
  "\u2003",
  "\u2004",
  "\u2005",
  "\u2006",
  "\u2007",
  "\u2008",
  "\u2009",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
]);

/** Go's strings.TrimSpace (unicode.IsSpace): unlike JS trim, it keeps U+FEFF. */
function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.has(s[start])) start++;
  while (end > start && GO_SPACE.has(s[end - 1])) end--;
  return s.slice(start, end);
}

// ---- IP addresses (Go's net.ParseIP / net.ParseCIDR, 16-byte form) ----

type Ip16 = Uint8Array;

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an IPv4 or IPv6 address into 16 bytes (IPv4 as ::ffff:a.b.c.d), or null. */
export function parseIp(s: string): Ip16 | null {
  if (s.includes(":")) return parseIpv6(s);
  const v4 = parseIpv4(s);
  if (v4 === null) return null;
  const out = new Uint8Array(16);
  out.set(V4_PREFIX, 0);
  out.set(v4, 12);
  return out;
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // Go ≥ 1.17 rejects leading zeros (ambiguous octal).
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

function parseIpv6(s: string): Ip16 | null {
  const dbl = s.indexOf("::");
  if (dbl !== -1 && s.indexOf("::", dbl + 1) !== -1) return null;
  const head = dbl === -1 ? s : s.slice(0, dbl);
  const tail = dbl === -1 ? "" : s.slice(dbl + 2);
  const h = parseGroups(head, dbl === -1 || tail === "");
  const t = dbl === -1 ? [] : parseGroups(tail, true);
  if (h === null || t === null) return null;
  const total = h.length + t.length;
  if (dbl === -1 ? total !== 16 : total > 14) return null;
  const out = new Uint8Array(16);
  out.set(h, 0);
  out.set(t, 16 - t.length);
  return out;
}

/** Colon-separated hex groups (bytes out); the last group may be a dotted IPv4 if `last`. */
function parseGroups(s: string, last: boolean): number[] | null {
  if (s === "") return [];
  const groups = s.split(":");
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (last && i === groups.length - 1 && g.includes(".")) {
      const v4 = parseIpv4(g);
      if (v4 === null) return null;
      out.push(...v4);
      continue;
    }
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const v = Number.parseInt(g, 16);
    out.push(v >> 8, v & 0xff);
  }
  return out;
}

interface Cidr {
  ip: Ip16;
  /** Prefix length in the 16-byte form (IPv4 /n becomes /96+n). */
  bits: number;
  /** Go keeps IPv4 networks 4 bytes long: they contain only IPv4 (or v4-mapped) addresses, and IPv6 networks only non-v4 ones. */
  v4: boolean;
}

function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf("/");
  if (slash === -1) return null;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(len) || (len.length > 1 && len[0] === "0")) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const isV4 = !addr.includes(":");
  const n = Number(len);
  if (n > (isV4 ? 32 : 128)) return null;
  return { ip, bits: isV4 ? 96 + n : n, v4: isV4 };
}

function cidrContains(net: Cidr, ip: Ip16): boolean {
  if (net.v4 !== isV4Mapped(ip)) return false;
  for (let bit = 0; bit < net.bits; bit += 8) {
    const take = Math.min(8, net.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const byte = bit >> 3;
    if ((net.ip[byte] & mask) !== (ip[byte] & mask)) return false;
  }
  return true;
}

function isV4Mapped(ip: Ip16): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_PREFIX[i]) return false;
  return true;
}

function bytesEqual(a: Ip16, b: Ip16): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
