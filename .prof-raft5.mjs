// sim/scenario/load.ts
import { basename, dirname, extname, join, resolve } from "node:path";
import { isMap as isMap5 } from "yaml";

// sim/kernel/types.ts
var US = 1;
var MS = 1e3;
var SEC = 1e6;
var MIN = 60 * SEC;
var HOUR = 60 * MIN;
var DAY = 24 * HOUR;
var NO_NODE = -1;
var UNITS = [
  ["d", DAY],
  ["h", HOUR],
  ["m", MIN],
  ["s", SEC],
  ["ms", MS],
  ["us", US]
];
function formatDuration(us) {
  if (us === 0) return "0s";
  const sign = us < 0 ? "-" : "";
  const abs = Math.abs(us);
  for (const [unit, size] of UNITS) {
    if (abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}us`;
}
function formatTime(us) {
  const s = us / SEC;
  if (Math.abs(s) < 60) return `${trimFixed(s, 6)}s`;
  const totalS = Math.floor(us / SEC);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor(totalS % 3600 / 60);
  const rest = (us - (h * 3600 + m * 60) * SEC) / SEC;
  const ss = trimFixed(rest, 3);
  return h > 0 ? `${h}h${pad2(m)}m${ss}s` : `${m}m${ss}s`;
}
function pad2(n) {
  return n < 10 ? `0${n}` : `${n}`;
}
function trimFixed(x, digits) {
  return x.toFixed(digits).replace(/\.?0+$/, "");
}

// sim/swarm/bugs.ts
var KNOWN_BUGS = {
  "swarmkit-921": "After a leader election the dispatcher gives UNKNOWN nodes only 0.5 s (not 6\xD7 the heartbeat period) to re-register, so healthy nodes go DOWN and their tasks are rescheduled",
  "swarmkit-1054": "Restarting a task whose node went DOWN leaves the old task desired RUNNING: when the node returns, its slot holds two runnable tasks",
  "moby-27769": "Replacing a REJECTED task leaves the rejected one desired RUNNING, so runnable tasks pile up in the slot",
  "moby-33218": "Right after a leader change the global orchestrator overlooks tasks on UNKNOWN (not yet re-registered) nodes and never removes duplicates: two tasks per node",
  "swarmkit-1341": "No CheckQuorum: a leader that lost its majority keeps leading and serving the control API",
  "swarmkit-575": "Draining a node starts replacements but leaves the drained tasks desired RUNNING: duplicate runnable tasks per slot",
  "swarmkit-562": "A restarted agent forgets the containers of its previous incarnation: they keep running next to the new ones",
  "moby-32999": "The scheduler only runs a pass on task creations and node events, so a PENDING task is not placed when stopping tasks free resources",
  "pr-2998": "PENDING tasks of an old service version that are already desired SHUTDOWN stay PENDING forever instead of being shut down",
  "swarmkit-1296": "The scheduler's view is not refreshed when a DOWN node comes back READY, so new tasks keep piling onto the surviving nodes",
  "moby-37320": "Tasks on removed nodes, or on nodes DOWN for 24 h, are never ORPHANED: ghost tasks stay RUNNING in the store"
};
function isKnownBug(id) {
  return Object.hasOwn(KNOWN_BUGS, id);
}

// sim/scenario/errors.ts
var ScenarioError = class extends Error {
  name = "ScenarioError";
  file;
  /** 1-based; 0 when the error concerns the file as a whole. */
  line;
  col;
  /** The bare message, without the position prefix. */
  detail;
  constructor(file, line, col, detail) {
    super(line > 0 ? `${file}:${line}:${col}: ${detail}` : `${file}: ${detail}`);
    this.file = file;
    this.line = line;
    this.col = col;
    this.detail = detail;
  }
  /** `scenarios/x.yml:12:7: unknown key 'duraton' in scenario (did you mean 'duration'?)`. */
  format() {
    return this.message;
  }
};
var InputError = class extends Error {
  name = "InputError";
  offset;
  constructor(message, offset = null) {
    super(message);
    this.offset = offset;
  }
};
var MAX_NAME_LEN = 64;
function editDistance(a, b3) {
  if (a.length > MAX_NAME_LEN || b3.length > MAX_NAME_LEN) return Number.POSITIVE_INFINITY;
  let prev = Array.from({ length: b3.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b3.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b3[j - 1] ? 0 : 1);
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, sub));
    }
    prev = cur;
  }
  return prev[b3.length];
}
function closest(name, candidates) {
  let best = null;
  let bestD = 2.75;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    let d = c === name ? 0 : c.toLowerCase() === lower ? 1 : editDistance(name, c);
    if (c[0] !== name[0]) d += 0.5;
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
function didYouMean(name, candidates) {
  const c = closest(name, candidates);
  return c === null ? "" : ` (did you mean '${c}'?)`;
}
function oneOf(options) {
  const q = options.map((o) => `'${o}'`);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

// sim/world/spec.ts
var SELECTORS = ["leader", "follower", "manager", "worker", "all"];
var PARTITION_SHAPES = ["halves", "isolate-leader", "bridge", "majority-ring", "random"];

// sim/scenario/cli-flags.ts
function parseFlags(words, specs, command, interspersed) {
  const flags = /* @__PURE__ */ new Map();
  const args = [];
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
    const spec = specs.find((s) => long ? s.long === name : s.short === name);
    if (spec === void 0) {
      const all = specs.flatMap((s) => s.short ? [`--${s.long}`, `-${s.short}`] : [`--${s.long}`]);
      throw new InputError(`unknown flag '${long ? "--" : "-"}${name}' for '${command}'${didYouMean(`${long ? "--" : "-"}${name}`, all)}`, w.offset);
    }
    let value;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (!spec.value) value = "true";
    else {
      const next = words[i + 1];
      if (next === void 0) throw new InputError(`flag '--${spec.long}' needs a value`, w.offset);
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
var FlagReader = class {
  p;
  constructor(p) {
    this.p = p;
  }
  has(name) {
    return this.p.flags.has(name);
  }
  /** The last value given (docker: a repeated single-valued flag keeps the last). */
  last(name) {
    const f = this.p.flags.get(name);
    return f ? f.values[f.values.length - 1] : void 0;
  }
  all(name) {
    return this.p.flags.get(name)?.values ?? [];
  }
  bool(name) {
    const v3 = this.last(name);
    return v3 !== void 0 && v3 !== "false";
  }
  /** Parses a flag value; an InputError from `fn` is re-thrown at the flag's position. */
  parse(name, fn) {
    const f = this.p.flags.get(name);
    if (!f) return void 0;
    try {
      return fn(f.values[f.values.length - 1]);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`--${name}: ${e.message}`, f.offset);
      throw e;
    }
  }
  parseAll(name, fn) {
    const f = this.p.flags.get(name);
    if (!f) return [];
    try {
      return f.values.map(fn);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`--${name}: ${e.message}`, f.offset);
      throw e;
    }
  }
};
function parseIntIn(v3, min, max) {
  if (!/^-?\d+$/.test(v3.trim())) throw new InputError(`expected an integer, found '${v3}'`);
  const n = Number(v3);
  if (n < min || n > max) throw new InputError(`${n} is out of range (${min} to ${max})`);
  return n;
}
function parseFloatIn(v3, min, max) {
  if (!/^-?\d+(\.\d+)?$/.test(v3.trim())) throw new InputError(`expected a number, found '${v3}'`);
  const n = Number(v3);
  if (n < min || n > max) throw new InputError(`${n} is out of range [${min}, ${max}]`);
  return n;
}

// sim/scenario/ports.ts
var PROTOCOLS = ["tcp", "udp", "sctp"];
var MODES = ["ingress", "host"];
var MAX_RANGE = 1e3;
function checkProtocol(p) {
  const lower = p.toLowerCase();
  if (!PROTOCOLS.includes(lower)) throw new InputError(`unknown port protocol '${p}': expected ${oneOf(PROTOCOLS)}`);
  return lower;
}
function checkPortMode(m) {
  if (!MODES.includes(m)) throw new InputError(`unknown port mode '${m}': expected ${oneOf(MODES)}`);
  return m;
}
function checkPort(n, what, allowZero) {
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > 65535) throw new InputError(`${what} port ${n} is out of range (1\u201365535)`);
  return n;
}
function parseRange(s, what) {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (m === null) throw new InputError(`invalid ${what} port '${s}': expected a number or a range like 8000-8010`);
  const lo = checkPort(Number(m[1]), what, false);
  const hi = m[2] === void 0 ? lo : checkPort(Number(m[2]), what, false);
  if (hi < lo || hi - lo >= MAX_RANGE) throw new InputError(`invalid ${what} port range '${s}'`);
  return [lo, hi];
}
function parseShortPort(text) {
  let s = text.trim();
  let protocol = "tcp";
  const slash = s.lastIndexOf("/");
  if (slash >= 0) {
    protocol = checkProtocol(s.slice(slash + 1));
    s = s.slice(0, slash);
  }
  if (s.startsWith("[")) {
    const close = s.indexOf("]:");
    if (close < 0) throw new InputError(`invalid port '${text}': unterminated IPv6 address`);
    s = s.slice(close + 2);
    if (!s.includes(":")) s = `:${s}`;
  }
  const parts = s.split(":");
  if (parts.length > 3) throw new InputError(`invalid port '${text}': expected [ip:][published:]target[/protocol]`);
  const targetText = parts[parts.length - 1];
  const publishedText = parts.length >= 2 ? parts[parts.length - 2] : "";
  const [tLo, tHi] = parseRange(targetText, "target");
  const n = tHi - tLo + 1;
  let pLo = 0;
  if (publishedText !== "") {
    const [lo, hi] = parseRange(publishedText, "published");
    if (hi - lo + 1 !== n) throw new InputError(`invalid port '${text}': published and target ranges differ in size`);
    pLo = lo;
  }
  const out = [];
  for (let k = 0; k < n; k++) out.push({ target: tLo + k, published: pLo === 0 ? 0 : pLo + k, protocol, mode: "ingress" });
  return out;
}
function parsePublishFlag(text) {
  if (!text.includes("=")) return parseShortPort(text);
  const port = { target: 0, published: 0, protocol: "tcp", mode: "ingress" };
  for (const field of text.split(",")) {
    const eq = field.indexOf("=");
    const key = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? "" : field.slice(eq + 1);
    switch (key) {
      case "target":
      case "dst":
      case "destination":
        port.target = checkPort(numberOf(value, key), "target", false);
        break;
      case "published":
      case "src":
      case "source":
        port.published = checkPort(numberOf(value, key), "published", true);
        break;
      case "protocol":
        port.protocol = checkProtocol(value);
        break;
      case "mode":
        port.mode = checkPortMode(value);
        break;
      default:
        throw new InputError(`unknown field '${key}' in --publish '${text}': expected ${oneOf(["published", "target", "protocol", "mode"])}`);
    }
  }
  if (port.target === 0) throw new InputError(`--publish '${text}' needs target=<port>`);
  return [port];
}
function numberOf(v3, key) {
  if (!/^\d+$/.test(v3)) throw new InputError(`invalid ${key} '${v3}': expected a port number`);
  return Number(v3);
}

// sim/scenario/service-defaults.ts
var DEFAULT_RESTART_POLICY = Object.freeze({
  condition: "any",
  delayUs: 5 * SEC,
  maxAttempts: 0,
  windowUs: 0
});
var DEFAULT_UPDATE_CONFIG = Object.freeze({
  parallelism: 1,
  delayUs: 0,
  failureAction: "pause",
  monitorUs: 5 * SEC,
  maxFailureRatio: 0,
  order: "stop-first"
});
var DEFAULT_HEALTHCHECK = Object.freeze({
  intervalUs: 30 * SEC,
  timeoutUs: 30 * SEC,
  retries: 3,
  startPeriodUs: 0
});
var DEFAULT_STOP_GRACE_US = 10 * SEC;
var MAX_REPLICAS = 1e5;
function defaultServiceSpec(name, stack, image) {
  return {
    name,
    stack,
    image,
    mode: "replicated",
    replicas: 1,
    labels: {},
    env: [],
    placement: { constraints: [], preferences: [], maxReplicas: 0, platforms: [] },
    resources: {
      reservations: { nanoCpus: 0, memoryBytes: 0 },
      limits: { nanoCpus: 0, memoryBytes: 0 }
    },
    restartPolicy: { ...DEFAULT_RESTART_POLICY },
    updateConfig: { ...DEFAULT_UPDATE_CONFIG },
    rollbackConfig: { ...DEFAULT_UPDATE_CONFIG },
    healthcheck: null,
    endpoint: { mode: "vip", ports: [] },
    networks: [],
    stopGracePeriodUs: DEFAULT_STOP_GRACE_US
  };
}
var SERVICE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62})$/;

// sim/scenario/stack/compose.ts
import { isMap as isMap2, isSeq as isSeq2 } from "yaml";

// sim/scenario/units.ts
var SCENARIO_UNITS = { us: 1, ms: MS, s: SEC, m: MIN, h: HOUR, d: DAY };
var SCENARIO_DURATION = /^(-?)(\d+)(us|ms|s|m|h|d)$/;
function parseDuration(text, signed = false) {
  const s = text.trim();
  const m = SCENARIO_DURATION.exec(s);
  if (m === null || m[1] === "-" && !signed) {
    if (/^-?\d+(\.\d+)?$/.test(s)) throw new InputError(`duration '${s}' has no unit (write e.g. '${s}s' or '${s}ms')`);
    if (/^-/.test(s) && !signed) throw new InputError(`duration '${s}' must not be negative`);
    const compact = s.replace(/\s+/g, "");
    const hint = compact !== s && SCENARIO_DURATION.test(compact) ? ` (did you mean '${compact}'?)` : "";
    throw new InputError(`malformed duration '${s}': expected an integer and a unit us, ms, s, m, h or d, e.g. '30s'${hint}`);
  }
  const n = Number(m[2]);
  const us = n * SCENARIO_UNITS[m[3]];
  if (!Number.isSafeInteger(us)) throw new InputError(`duration '${s}' is too large`);
  return m[1] === "-" ? -us : us;
}
var GO_UNITS_NS = { ns: 1, us: 1e3, "\xB5s": 1e3, "\u03BCs": 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 36e11 };
var GO_PART = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/y;
function parseGoDuration(text) {
  const s = text.trim();
  if (s === "0" || s === "+0" || s === "-0") return 0;
  let i = 0;
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    sign = s[0] === "-" ? -1 : 1;
    i = 1;
  }
  if (i >= s.length) throw new InputError(`malformed duration '${s}'`);
  let ns = 0;
  let parts = 0;
  while (i < s.length && parts < 16) {
    GO_PART.lastIndex = i;
    const m = GO_PART.exec(s);
    if (m === null || m[1] === "" || m[1] === ".") {
      const unitless = /^\d+(\.\d+)?$/.test(s) ? ` (missing unit: write e.g. '${s}s')` : "";
      throw new InputError(`malformed duration '${s}': expected a Go duration such as '1m30s', '500ms' or '10s'${unitless}`);
    }
    ns += Number(m[1]) * GO_UNITS_NS[m[2]];
    i = GO_PART.lastIndex;
    parts++;
  }
  if (i < s.length) throw new InputError(`malformed duration '${s}': too many parts`);
  const us = Math.round(sign * ns / 1e3);
  if (!Number.isSafeInteger(us)) throw new InputError(`duration '${s}' is too large`);
  return us;
}
var SIZE = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
var SIZE_MULT = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };
function parseSize(value) {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`invalid size ${value}: expected a whole number of bytes or e.g. '512M'`);
    return value;
  }
  const s = value.trim();
  const m = SIZE.exec(s);
  if (m === null) throw new InputError(`invalid size '${s}': expected bytes or a number with a unit k, m, g, t or p (e.g. '512M', '1g')`);
  const mult = m[2] === void 0 ? 1 : SIZE_MULT[m[2].toLowerCase()];
  const bytes = Math.round(Number(m[1]) * mult);
  if (!Number.isSafeInteger(bytes)) throw new InputError(`size '${s}' is too large`);
  return bytes;
}
var NANO = 1e9;
function parseCpus(value) {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw new InputError(`invalid CPU count ${value}`);
    return Math.round(value * NANO);
  }
  const s = value.trim();
  const m = /^(\d+)(?:\.(\d{1,9})\d*)?$/.exec(s);
  if (m === null) throw new InputError(`invalid CPU count '${s}': expected a decimal number such as '0.5' or '2'`);
  const whole = Number(m[1]);
  const frac = m[2] === void 0 ? 0 : Number(m[2].padEnd(9, "0"));
  const nano = whole * NANO + frac;
  if (!Number.isSafeInteger(nano)) throw new InputError(`CPU count '${s}' is too large`);
  return nano;
}

// sim/scenario/yaml-source.ts
import { readFileSync } from "node:fs";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
var MAX_ALIAS_DEPTH = 32;
var MAX_MERGE_SOURCES = 64;
var Src = class _Src {
  file;
  source;
  doc;
  lc;
  /**
   * Compose mode: string scalars are interpolated with this function and numbers may be written
   * as strings (`replicas: ${N:-1}`). null in scenario mode (strict types, no `$` processing).
   */
  interp;
  constructor(file, text, doc, lc, interp) {
    this.file = file;
    this.source = text;
    this.doc = doc;
    this.lc = lc;
    this.interp = interp;
  }
  /** The same document read in compose mode. */
  withInterp(interp) {
    return new _Src(this.file, this.source, this.doc, this.lc, interp);
  }
  pos(node) {
    const off = node?.range?.[0];
    if (off === void 0) return { line: 1, col: 1 };
    return this.lc.linePos(off);
  }
  fail(node, message, offsetInValue = null) {
    const p = this.pos(node);
    let col = p.col;
    if (offsetInValue !== null && node && isScalar(node) && typeof node.value === "string" && node.range) {
      const raw = this.source.slice(node.range[0], node.range[1]);
      if (raw === node.value) col += offsetInValue;
      else if (raw === `"${node.value}"` || raw === `'${node.value}'`) col += offsetInValue + 1;
    }
    throw new ScenarioError(this.file, p.line, col, message);
  }
  /** Runs a pure parser on a node's value; its InputError becomes a ScenarioError at the node. */
  at(node, fn, prefix = "") {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) this.fail(node, prefix + e.message, e.offset);
      throw e;
    }
  }
  /** Follows aliases to the anchored node. */
  resolve(node) {
    let n = node;
    for (let depth = 0; n && isAlias(n); depth++) {
      if (depth >= MAX_ALIAS_DEPTH) this.fail(n, "alias chain too deep");
      const target2 = n.resolve(this.doc);
      if (target2 === void 0) this.fail(n, `unknown alias '*${n.source}' (no anchor '&${n.source}' before it)`);
      n = target2;
    }
    return n ?? null;
  }
  /** The scalar's value (interpolated in compose mode); null for an explicit null. */
  scalar(node, label) {
    if (node === null) return null;
    if (!isScalar(node)) this.fail(node, `wrong type for ${label}: expected a single value, found ${describe(node)}`);
    const v3 = node.value;
    if (v3 === null || v3 === void 0) return null;
    if (typeof v3 === "string") return this.interp ? this.at(node, () => this.interp(v3), `in ${label}: `) : v3;
    if (typeof v3 === "number" || typeof v3 === "boolean") return v3;
    this.fail(node, `wrong type for ${label}: expected a single value, found ${describe(node)}`);
  }
  str(node, label) {
    const v3 = this.scalar(node, label);
    if (typeof v3 === "string") return v3;
    if (this.interp && typeof v3 === "number") return String(v3);
    return this.fail(node, `wrong type for ${label}: expected a string, found ${describe(node)}`);
  }
  /** A string, number or boolean written as text (env values, labels, constraint values). */
  text(node, label) {
    const v3 = this.scalar(node, label);
    if (v3 === null) this.fail(node, `missing value for ${label}`);
    return String(v3);
  }
  num(node, label, min, max) {
    const v3 = this.scalar(node, label);
    let n = typeof v3 === "number" ? v3 : null;
    if (typeof v3 === "string" && this.interp && /^\s*-?\d+(\.\d+)?\s*$/.test(v3)) n = Number(v3);
    if (n === null || !Number.isFinite(n)) this.fail(node, `wrong type for ${label}: expected a number, found ${describe(node, v3)}`);
    if (n < min || n > max) this.fail(node, `${label} is ${n}: expected a number in [${min}, ${max}]`);
    return n;
  }
  int(node, label, min, max) {
    const v3 = this.scalar(node, label);
    let n = typeof v3 === "number" ? v3 : null;
    if (typeof v3 === "string" && this.interp && /^\s*-?\d+\s*$/.test(v3)) n = Number(v3);
    if (n === null || !Number.isInteger(n)) this.fail(node, `wrong type for ${label}: expected an integer, found ${describe(node, v3)}`);
    if (n < min || n > max) this.fail(node, `${label} is ${n}: expected an integer from ${min} to ${max}`);
    return n;
  }
  prob(node, label) {
    const v3 = this.scalar(node, label);
    if (typeof v3 !== "number" || !Number.isFinite(v3)) this.fail(node, `wrong type for ${label}: expected a probability in [0, 1], found ${describe(node, v3)}`);
    if (v3 < 0 || v3 > 1) this.fail(node, `${label} is ${v3}: probabilities and rates are fractions in [0, 1]`);
    return v3;
  }
  bool(node, label) {
    const v3 = this.scalar(node, label);
    if (typeof v3 === "boolean") return v3;
    if (this.interp && (v3 === "true" || v3 === "false")) return v3 === "true";
    return this.fail(node, `wrong type for ${label}: expected true or false, found ${describe(node, v3)}`);
  }
  /** Items of a sequence (aliases resolved); null → []. */
  list(node, label) {
    if (node === null || isScalar(node) && node.value === null) return [];
    if (!isSeq(node)) this.fail(node, `wrong type for ${label}: expected a list, found ${describe(node)}`);
    const out = [];
    for (const item of node.items) {
      const r = this.resolve(item);
      if (r === null) this.fail(node, `empty item in ${label}`);
      out.push(r);
    }
    return out;
  }
  strList(node, label) {
    return this.list(node, label).map((n, i) => this.text(n, `${label}[${i}]`));
  }
  /** A mapping of scalars: `{k: v}`; values are taken as text. */
  strMap(node, label) {
    const m = new MapView(this, node, label, null);
    const out = {};
    for (const e of m.entries.values()) out[e.key] = this.text(e.value, `'${e.key}' in ${label}`);
    return out;
  }
};
function describe(node, value) {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const v3 = value !== void 0 ? value : isScalar(node) ? node.value : void 0;
  if (v3 === null || v3 === void 0) return "null";
  if (typeof v3 === "string") return `'${v3}'`;
  if (typeof v3 === "number") return `the number ${v3}`;
  if (typeof v3 === "boolean") return `${v3}`;
  return "an unsupported value";
}
function isMergeKey(key) {
  if (!isScalar(key)) return false;
  const v3 = key.value;
  return v3 === "<<" && (!key.type || key.type === "PLAIN") || typeof v3 === "symbol" && v3.description === "<<";
}
var MapView = class {
  node;
  label;
  entries = /* @__PURE__ */ new Map();
  src;
  /** `allowed` null = any key; keys starting with `x-` are allowed when `extensions` is set. */
  constructor(src, node, label, allowed, extensions = false) {
    this.src = src;
    this.node = node;
    this.label = label;
    if (node === null || isScalar(node) && node.value === null) return;
    if (!isMap(node)) src.fail(node, `wrong type for ${label}: expected a mapping, found ${describe(node)}`);
    for (const e of this.collect(node, 0)) if (!this.entries.has(e.key)) this.entries.set(e.key, e);
    if (allowed === null) return;
    for (const e of this.entries.values()) {
      if (allowed.includes(e.key) || extensions && e.key.startsWith("x-")) continue;
      src.fail(e.keyNode, `unknown key '${e.key}' in ${label}${didYouMean(e.key, allowed)}`);
    }
  }
  collect(node, depth) {
    const src = this.src;
    if (depth > MAX_ALIAS_DEPTH) src.fail(node, "merge keys nested too deep");
    if (!isMap(node)) src.fail(node, `merge source in ${this.label} must be a mapping, found ${describe(node)}`);
    const own = [];
    const merged = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const v3 = src.resolve(pair.value);
        const sources = v3 !== null && isSeq(v3) ? v3.items.map((it) => src.resolve(it)) : [v3];
        if (sources.length > MAX_MERGE_SOURCES) src.fail(pair.key, "too many merge sources");
        for (const s of sources) {
          if (s === null) src.fail(pair.key, `empty merge source in ${this.label}`);
          merged.push(...this.collect(s, depth + 1));
        }
        continue;
      }
      const keyNode = pair.key;
      if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
        src.fail(keyNode ?? node, `keys in ${this.label} must be plain names`);
      }
      own.push({ key: String(keyNode.value), keyNode, value: src.resolve(pair.value) });
    }
    return own.concat(merged);
  }
  has(key) {
    return this.entries.has(key);
  }
  /** The value node, or null when absent or written without a value. */
  get(key) {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.value && isScalar(e.value) && e.value.value === null) return null;
    return e.value;
  }
  /** Where to point for this key: its value, else the key, else the mapping. */
  where(key) {
    const e = this.entries.get(key);
    return e ? e.value ?? e.keyNode : this.node;
  }
  label1(key) {
    return `'${key}' in ${this.label}`;
  }
  str(key, dflt) {
    return this.has(key) ? this.src.str(this.where(key), this.label1(key)) : dflt;
  }
  int(key, dflt, min, max) {
    return this.has(key) ? this.src.int(this.where(key), this.label1(key), min, max) : dflt;
  }
  num(key, dflt, min, max) {
    return this.has(key) ? this.src.num(this.where(key), this.label1(key), min, max) : dflt;
  }
  prob(key, dflt) {
    return this.has(key) ? this.src.prob(this.where(key), this.label1(key)) : dflt;
  }
  bool(key, dflt) {
    return this.has(key) ? this.src.bool(this.where(key), this.label1(key)) : dflt;
  }
  /** Parses the key's text with a pure parser (durations, sizes …), errors at the value. */
  parse(key, dflt, fn) {
    if (!this.has(key)) return dflt;
    const node = this.where(key);
    const v3 = this.src.scalar(node, this.label1(key));
    if (v3 === null) this.src.fail(node, `missing value for ${this.label1(key)}`);
    if (typeof v3 === "boolean") this.src.fail(node, `wrong type for ${this.label1(key)}: found ${v3}`);
    return this.src.at(node, () => fn(String(v3)), `${this.label1(key)}: `);
  }
  require(key) {
    const e = this.entries.get(key);
    if (!e) this.src.fail(this.node, `missing key '${key}' in ${this.label}`);
    return e.value ?? e.keyNode;
  }
};
function readTextFile(path, shownAs = path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = e.code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : `cannot read file (${code ?? String(e)})`;
    throw new ScenarioError(shownAs, 0, 0, why);
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(shownAs, 0, 0, "not a text file: the bytes are not valid UTF-8");
  }
  return text;
}
function parseYamlText(text, file, what, warnings) {
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split("\n").length;
    const col = nul - before.lastIndexOf("\n");
    throw new ScenarioError(file, line, col, `not a text file: NUL byte found (is this a binary file?)`);
  }
  if (text.charCodeAt(0) === 65279) text = text.slice(1);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: true, uniqueKeys: true, strict: true });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0] ?? { line: 1, col: 1 };
    const msg2 = err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    throw new ScenarioError(file, p.line, p.col, `YAML syntax error: ${msg2}`);
  }
  for (const w of doc.warnings) {
    const p = w.linePos?.[0];
    const msg2 = w.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    warnings.push(p ? `${file}:${p.line}:${p.col}: ${msg2}` : `${file}: ${msg2}`);
  }
  const src = new Src(file, text, doc, lc, null);
  const root = src.resolve(doc.contents);
  if (root === null || isScalar(root) && root.value === null) {
    throw new ScenarioError(file, 0, 0, `empty ${what}: expected a mapping of keys`);
  }
  if (!isMap(root)) src.fail(root, `the top level of a ${what} must be a mapping of keys, found ${describe(root)}`);
  return { src, root };
}

// sim/scenario/stack/compose.ts
var USED_KEYS = ["image", "deploy", "healthcheck", "ports", "networks", "stop_grace_period", "environment"];
var SILENT_KEYS = ["secrets", "configs", "volumes"];
var IGNORED_KEYS = [
  "build",
  "cap_add",
  "cap_drop",
  "cgroup_parent",
  "cgroupns_mode",
  "command",
  "container_name",
  "cpu_count",
  "cpu_percent",
  "cpu_period",
  "cpu_quota",
  "cpu_rt_period",
  "cpu_rt_runtime",
  "cpu_shares",
  "cpus",
  "cpuset",
  "credential_spec",
  "depends_on",
  "device_cgroup_rules",
  "devices",
  "dns",
  "dns_opt",
  "dns_search",
  "domainname",
  "entrypoint",
  "env_file",
  "expose",
  "external_links",
  "extra_hosts",
  "group_add",
  "hostname",
  "init",
  "ipc",
  "isolation",
  "labels",
  "links",
  "logging",
  "mac_address",
  "mem_limit",
  "mem_reservation",
  "mem_swappiness",
  "memswap_limit",
  "network_mode",
  "oom_kill_disable",
  "oom_score_adj",
  "pid",
  "pids_limit",
  "platform",
  "privileged",
  "profiles",
  "pull_policy",
  "read_only",
  "restart",
  "runtime",
  "scale",
  "security_opt",
  "shm_size",
  "stdin_open",
  "stop_signal",
  "storage_opt",
  "sysctls",
  "tmpfs",
  "tty",
  "ulimits",
  "user",
  "userns_mode",
  "working_dir"
];
var SERVICE_KEYS = [...USED_KEYS, ...SILENT_KEYS, ...IGNORED_KEYS];
var DEPLOY_KEYS = ["mode", "replicas", "labels", "placement", "resources", "restart_policy", "update_config", "rollback_config", "endpoint_mode"];
var PLACEMENT_KEYS = ["constraints", "preferences", "max_replicas_per_node", "platforms"];
var MODES2 = ["replicated", "global", "replicated-job", "global-job"];
var RESTART_CONDITIONS = ["none", "on-failure", "any"];
var FAILURE_ACTIONS = ["pause", "continue", "rollback"];
var ORDERS = ["stop-first", "start-first"];
var RESTART_WITHOUT_CONDITION_WARNING = "restart_policy without condition: SwarmKit applies condition none (the task is never restarted)";
function readComposeServices(src, node, ctx) {
  const services = new MapView(src, node, "services", null);
  const out = [];
  for (const e of services.entries.values()) {
    if (!SERVICE_NAME.test(e.key)) src.fail(e.keyNode, `invalid service name '${e.key}': use letters, digits, '-', '_' or '.'`);
    out.push(readService(src, e.key, e.value, ctx));
  }
  return out;
}
function readService(src, short, node, ctx) {
  const label = `service '${short}'`;
  const m = new MapView(src, node, label, SERVICE_KEYS, true);
  for (const key of m.entries.keys()) if (IGNORED_KEYS.includes(key) && !ctx.ignored.includes(key)) ctx.ignored.push(key);
  if (!m.has("image")) src.fail(m.node ?? node, `${label} has no image (docker stack deploy needs an image; 'build' is ignored)`);
  const spec = defaultServiceSpec(`${ctx.stack}_${short}`, ctx.stack, m.str("image", ""));
  if (spec.image === "") src.fail(m.where("image"), `${label} has an empty image`);
  spec.env = readEnvironment(src, m.get("environment"), `'environment' in ${label}`);
  spec.stopGracePeriodUs = m.parse("stop_grace_period", spec.stopGracePeriodUs, nonNegative(parseGoDuration));
  spec.healthcheck = readHealthcheck(src, m, label);
  spec.endpoint.ports = readPorts(src, m.get("ports"), `'ports' in ${label}`);
  spec.networks = readServiceNetworks(src, m, label, ctx);
  if (m.has("deploy")) readDeploy(src, m.get("deploy"), spec, `'deploy' in ${label}`, ctx);
  if (spec.endpoint.mode === "dnsrr" && spec.endpoint.ports.some((p) => p.mode === "ingress")) {
    src.fail(m.where("ports"), `${label}: ports published in ingress mode can't be used with endpoint_mode dnsrr (use mode: host)`);
  }
  return spec;
}
function nonNegative(fn) {
  return (s) => {
    const us = fn(s);
    if (us < 0) throw new InputError(`negative duration '${s}'`);
    return us;
  };
}
function readEnvironment(src, node, label) {
  if (node === null || isSeq2(node)) return src.strList(node, label);
  const env = new MapView(src, node, label, null);
  const out = [];
  for (const e of env.entries.values()) {
    const v3 = e.value === null ? null : src.scalar(e.value, `'${e.key}' in ${label}`);
    out.push(v3 === null ? e.key : `${e.key}=${String(v3)}`);
  }
  return out;
}
function readHealthcheck(src, svc, label) {
  if (!svc.has("healthcheck")) return null;
  const l = `'healthcheck' in ${label}`;
  const m = new MapView(src, svc.get("healthcheck"), l, ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"]);
  if (m.bool("disable", false)) return null;
  const test = m.get("test");
  if (test !== null) {
    const words = isSeq2(test) ? src.strList(test, `'test' in ${l}`) : [src.text(test, `'test' in ${l}`)];
    if (words[0] === "NONE") return null;
  }
  const dur = nonNegative(parseGoDuration);
  return {
    intervalUs: m.parse("interval", DEFAULT_HEALTHCHECK.intervalUs, dur),
    timeoutUs: m.parse("timeout", DEFAULT_HEALTHCHECK.timeoutUs, dur),
    retries: m.int("retries", DEFAULT_HEALTHCHECK.retries, 0, 1e3),
    startPeriodUs: m.parse("start_period", DEFAULT_HEALTHCHECK.startPeriodUs, dur)
  };
}
function readPorts(src, node, label) {
  const out = [];
  for (const [i, item] of src.list(node, label).entries()) {
    const l = `${label}[${i}]`;
    if (isMap2(item)) {
      const m = new MapView(src, item, l, ["target", "published", "protocol", "mode", "host_ip", "name", "app_protocol"]);
      const target2 = m.int("target", 0, 1, 65535);
      if (target2 === 0) src.fail(item, `${l} needs 'target'`);
      out.push({
        target: target2,
        published: m.parse("published", 0, parsePublished),
        protocol: m.parse("protocol", "tcp", checkProtocol),
        mode: m.parse("mode", "ingress", checkPortMode)
      });
    } else {
      const text = src.text(item, l);
      out.push(...src.at(item, () => parseShortPort(text), `${l}: `));
    }
  }
  return out;
}
function parsePublished(s) {
  if (!/^\d+$/.test(s.trim())) throw new InputError(`invalid published port '${s}': expected a port number`);
  return checkPort(Number(s), "published", true);
}
function readServiceNetworks(src, svc, label, ctx) {
  const def = `${ctx.stack}_default`;
  if (!svc.has("networks")) return [def];
  const node = svc.get("networks");
  const l = `'networks' in ${label}`;
  let names2;
  if (node !== null && isMap2(node)) {
    names2 = [...new MapView(src, node, l, null).entries.values()].map((e) => ({ name: e.key, at: e.keyNode }));
  } else {
    names2 = src.list(node, l).map((n, i) => ({ name: src.text(n, `${l}[${i}]`), at: n }));
  }
  return names2.map(({ name, at }) => {
    if (ctx.networks === null) return name === "default" ? def : name;
    const full = ctx.networks.get(name);
    if (full !== void 0) return full;
    if (name === "default") return def;
    return src.fail(at, `${label} uses network '${name}', which the file does not declare under top-level 'networks'${didYouMean(name, ctx.networks.keys())}`);
  });
}
function readDeploy(src, node, spec, label, ctx) {
  const d = new MapView(src, node, label, DEPLOY_KEYS, true);
  spec.mode = d.parse("mode", spec.mode, (s) => pick(s, MODES2, "deploy mode"));
  const global = spec.mode === "global" || spec.mode === "global-job";
  if (global && d.has("replicas")) src.fail(d.where("replicas"), `'replicas' can't be used with mode ${spec.mode} (${label})`);
  spec.replicas = global ? 0 : d.int("replicas", 1, 0, MAX_REPLICAS);
  if (d.has("labels")) spec.labels = readLabels(src, d.get("labels"), `'labels' in ${label}`);
  spec.endpoint.mode = d.parse("endpoint_mode", spec.endpoint.mode, (s) => pick(s, ["vip", "dnsrr"], "endpoint_mode"));
  const p = new MapView(src, d.get("placement"), `'placement' in ${label}`, PLACEMENT_KEYS);
  spec.placement.constraints = src.strList(p.get("constraints"), `'constraints' in ${p.label}`).map((c) => c.trim());
  spec.placement.preferences = src.list(p.get("preferences"), `'preferences' in ${p.label}`).map((n, i) => {
    const pref = new MapView(src, n, `'preferences[${i}]' in ${p.label}`, ["spread"]);
    return src.text(pref.require("spread"), `'spread' in ${pref.label}`);
  });
  spec.placement.maxReplicas = p.int("max_replicas_per_node", 0, 0, MAX_REPLICAS);
  spec.placement.platforms = src.list(p.get("platforms"), `'platforms' in ${p.label}`).map((n, i) => {
    const pl = new MapView(src, n, `'platforms[${i}]' in ${p.label}`, ["os", "arch"]);
    return { os: pl.str("os", ""), arch: pl.str("arch", "") };
  });
  const r = new MapView(src, d.get("resources"), `'resources' in ${label}`, ["limits", "reservations"]);
  const lim = new MapView(src, r.get("limits"), `'limits' in ${r.label}`, ["cpus", "memory", "pids"]);
  const res = new MapView(src, r.get("reservations"), `'reservations' in ${r.label}`, ["cpus", "memory", "generic_resources", "devices"]);
  spec.resources.limits = { nanoCpus: lim.parse("cpus", 0, parseCpus), memoryBytes: lim.parse("memory", 0, parseSize) };
  spec.resources.reservations = { nanoCpus: res.parse("cpus", 0, parseCpus), memoryBytes: res.parse("memory", 0, parseSize) };
  if (d.has("restart_policy")) spec.restartPolicy = readRestartPolicy(src, d.get("restart_policy"), `'restart_policy' in ${label}`, spec.name, ctx);
  if (d.has("update_config")) spec.updateConfig = readUpdateConfig(src, d.get("update_config"), `'update_config' in ${label}`);
  if (d.has("rollback_config")) spec.rollbackConfig = readUpdateConfig(src, d.get("rollback_config"), `'rollback_config' in ${label}`);
}
function readLabels(src, node, label) {
  if (node !== null && isMap2(node)) return src.strMap(node, label);
  const out = {};
  for (const item of src.strList(node, label)) {
    const eq = item.indexOf("=");
    if (eq < 0) out[item] = "";
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
function readRestartPolicy(src, node, label, service, ctx) {
  const m = new MapView(src, node, label, ["condition", "delay", "max_attempts", "window"]);
  const hasCondition = m.has("condition");
  if (!hasCondition) {
    const p = src.pos(m.node ?? node);
    ctx.warnings.push(`${src.file}:${p.line}:${p.col}: service '${service}': ${RESTART_WITHOUT_CONDITION_WARNING}`);
  }
  return {
    condition: hasCondition ? m.parse("condition", null, (s) => pick(s, RESTART_CONDITIONS, "restart condition")) : null,
    delayUs: m.parse("delay", 5e6, nonNegative(parseGoDuration)),
    maxAttempts: m.int("max_attempts", 0, 0, 1e6),
    windowUs: m.parse("window", 0, nonNegative(parseGoDuration))
  };
}
function readUpdateConfig(src, node, label) {
  const m = new MapView(src, node, label, ["parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"]);
  const d = DEFAULT_UPDATE_CONFIG;
  return {
    parallelism: m.int("parallelism", d.parallelism, 0, MAX_REPLICAS),
    delayUs: m.parse("delay", d.delayUs, nonNegative(parseGoDuration)),
    failureAction: m.parse("failure_action", d.failureAction, (s) => pick(s, FAILURE_ACTIONS, "failure_action")),
    monitorUs: m.parse("monitor", d.monitorUs, nonNegative(parseGoDuration)),
    maxFailureRatio: m.num("max_failure_ratio", d.maxFailureRatio, 0, 1),
    order: m.parse("order", d.order, (s) => pick(s, ORDERS, "order"))
  };
}
function pick(s, options, what) {
  if (options.includes(s)) return s;
  throw new InputError(`unknown ${what} '${s}': expected ${oneOf(options)}${didYouMean(s, options)}`);
}

// sim/scenario/docker-cli-service.ts
var v = (long, short) => ({ long, short, value: true });
var b = (long, short) => ({ long, short, value: false });
var ignoredV = (long, short) => ({ long, short, value: true, ignored: true });
var ignoredB = (long, short) => ({ long, short, value: false, ignored: true });
var UPDATE_KEYS = ["parallelism", "delay", "failure-action", "monitor", "max-failure-ratio", "order"];
var COMMON = [
  v("replicas"),
  v("replicas-max-per-node"),
  v("reserve-cpu"),
  v("reserve-memory"),
  v("limit-cpu"),
  v("limit-memory"),
  v("restart-condition"),
  v("restart-delay"),
  v("restart-max-attempts"),
  v("restart-window"),
  ...UPDATE_KEYS.map((k) => v(`update-${k}`)),
  ...UPDATE_KEYS.map((k) => v(`rollback-${k}`)),
  v("health-cmd"),
  v("health-interval"),
  v("health-timeout"),
  v("health-retries"),
  v("health-start-period"),
  b("no-healthcheck"),
  v("endpoint-mode"),
  v("stop-grace-period"),
  b("detach", "d"),
  b("quiet", "q"),
  b("with-registry-auth"),
  b("no-resolve-image"),
  // Container-level settings the model does not simulate.
  ignoredV("mount"),
  ignoredV("secret"),
  ignoredV("config"),
  ignoredV("hostname"),
  ignoredV("user", "u"),
  ignoredV("workdir", "w"),
  ignoredV("entrypoint"),
  ignoredV("container-label"),
  ignoredV("log-driver"),
  ignoredV("log-opt"),
  ignoredV("dns"),
  ignoredV("stop-signal"),
  ignoredV("health-start-interval"),
  ignoredB("init"),
  ignoredB("tty", "t"),
  ignoredB("read-only")
];
var CREATE_FLAGS = [
  v("name"),
  v("mode"),
  v("constraint"),
  v("placement-pref"),
  v("publish", "p"),
  v("env", "e"),
  v("label"),
  v("network"),
  ignoredV("env-file"),
  ...COMMON
];
var UPDATE_FLAGS = [
  v("image"),
  b("force"),
  b("rollback"),
  v("constraint-add"),
  v("constraint-rm"),
  v("label-add"),
  v("label-rm"),
  v("env-add"),
  v("env-rm"),
  v("placement-pref-add"),
  v("placement-pref-rm"),
  v("publish-add"),
  v("publish-rm"),
  ignoredV("network-add"),
  ignoredV("network-rm"),
  ignoredV("args"),
  ...COMMON
];
var MODES3 = ["replicated", "global", "replicated-job", "global-job"];
var DUR = (s) => {
  const us = parseGoDuration(s);
  if (us < 0) throw new InputError(`negative duration '${s}'`);
  return us;
};
function parsePref(s) {
  const m = /^spread=(.+)$/.exec(s);
  if (m === null) throw new InputError(`invalid placement preference '${s}': expected 'spread=<descriptor>', e.g. spread=node.labels.zone`);
  return m[1];
}
function parseKeyValue(s) {
  const eq = s.indexOf("=");
  if (eq === 0) throw new InputError(`invalid label '${s}': empty key`);
  return eq < 0 ? [s, ""] : [s.slice(0, eq), s.slice(eq + 1)];
}
function updateConfigPart(f, prefix) {
  const out = {};
  const actions = prefix === "update" ? ["pause", "continue", "rollback"] : ["pause", "continue"];
  const set = (k, val) => {
    if (val !== void 0) out[k] = val;
  };
  set("parallelism", f.parse(`${prefix}-parallelism`, (s) => parseIntIn(s, 0, MAX_REPLICAS)));
  set("delayUs", f.parse(`${prefix}-delay`, DUR));
  set("failureAction", f.parse(`${prefix}-failure-action`, (s) => pick(s, actions, "failure action")));
  set("monitorUs", f.parse(`${prefix}-monitor`, DUR));
  set("maxFailureRatio", f.parse(`${prefix}-max-failure-ratio`, (s) => parseFloatIn(s, 0, 1)));
  set("order", f.parse(`${prefix}-order`, (s) => pick(s, ["stop-first", "start-first"], "update order")));
  return out;
}
function restartPart(f) {
  const out = {};
  const c = f.parse("restart-condition", (s) => pick(s, ["none", "on-failure", "any"], "restart condition"));
  if (c !== void 0) out.condition = c;
  const d = f.parse("restart-delay", DUR);
  if (d !== void 0) out.delayUs = d;
  const n = f.parse("restart-max-attempts", (s) => parseIntIn(s, 0, 1e6));
  if (n !== void 0) out.maxAttempts = n;
  const w = f.parse("restart-window", DUR);
  if (w !== void 0) out.windowUs = w;
  return out;
}
function healthPart(f) {
  const any = ["health-cmd", "health-interval", "health-timeout", "health-retries", "health-start-period"].some((k) => f.has(k));
  if (f.bool("no-healthcheck")) {
    if (any) throw new InputError("--no-healthcheck conflicts with the --health-* options");
    return null;
  }
  if (!any) return void 0;
  return {
    intervalUs: f.parse("health-interval", DUR) ?? DEFAULT_HEALTHCHECK.intervalUs,
    timeoutUs: f.parse("health-timeout", DUR) ?? DEFAULT_HEALTHCHECK.timeoutUs,
    retries: f.parse("health-retries", (s) => parseIntIn(s, 0, 1e3)) ?? DEFAULT_HEALTHCHECK.retries,
    startPeriodUs: f.parse("health-start-period", DUR) ?? DEFAULT_HEALTHCHECK.startPeriodUs
  };
}
function serviceCreateSpec(f, image) {
  const name = f.last("name");
  if (name === void 0) throw new InputError("docker service create needs --name (generated names would not be deterministic)");
  f.parse("name", (s) => {
    if (!SERVICE_NAME.test(s)) throw new InputError(`invalid service name '${s}'`);
  });
  const spec = defaultServiceSpec(name, null, image);
  spec.mode = f.parse("mode", (s) => pick(s, MODES3, "service mode")) ?? "replicated";
  const global = spec.mode === "global" || spec.mode === "global-job";
  if (global && f.has("replicas")) throw new InputError(`--replicas can't be used with --mode ${spec.mode}`);
  spec.replicas = global ? 0 : f.parse("replicas", (s) => parseIntIn(s, 0, MAX_REPLICAS)) ?? 1;
  spec.labels = Object.fromEntries(f.parseAll("label", parseKeyValue));
  spec.env = f.all("env");
  spec.placement.constraints = f.all("constraint").map((c) => c.trim());
  spec.placement.preferences = f.parseAll("placement-pref", parsePref);
  spec.placement.maxReplicas = f.parse("replicas-max-per-node", (s) => parseIntIn(s, 0, MAX_REPLICAS)) ?? 0;
  spec.resources.reservations = {
    nanoCpus: f.parse("reserve-cpu", parseCpus) ?? 0,
    memoryBytes: f.parse("reserve-memory", parseSize) ?? 0
  };
  spec.resources.limits = {
    nanoCpus: f.parse("limit-cpu", parseCpus) ?? 0,
    memoryBytes: f.parse("limit-memory", parseSize) ?? 0
  };
  spec.restartPolicy = { ...spec.restartPolicy, ...restartPart(f) };
  spec.updateConfig = { ...spec.updateConfig, ...updateConfigPart(f, "update") };
  spec.rollbackConfig = { ...spec.rollbackConfig, ...updateConfigPart(f, "rollback") };
  spec.healthcheck = healthPart(f) ?? null;
  spec.endpoint.mode = f.parse("endpoint-mode", (s) => pick(s, ["vip", "dnsrr"], "endpoint mode")) ?? "vip";
  spec.endpoint.ports = f.parseAll("publish", parsePublishFlag).flat();
  if (spec.endpoint.mode === "dnsrr" && spec.endpoint.ports.some((p) => p.mode === "ingress")) {
    throw new InputError("ports published in ingress mode can't be used with --endpoint-mode dnsrr (use mode=host)");
  }
  spec.networks = f.all("network");
  spec.stopGracePeriodUs = f.parse("stop-grace-period", DUR) ?? spec.stopGracePeriodUs;
  return spec;
}
function parsePublishRm(s) {
  if (/^\d+$/.test(s)) return Number(s);
  const ports = s.includes("=") ? parsePublishFlag(s) : parseShortPort(s);
  return ports[0].target;
}
function serviceUpdateChanges(f, warnings) {
  const u = {};
  const image = f.last("image");
  if (image !== void 0) {
    if (image === "") throw new InputError("--image needs a non-empty image name");
    u.image = image;
  }
  const replicas = f.parse("replicas", (s) => parseIntIn(s, 0, MAX_REPLICAS));
  if (replicas !== void 0) u.replicas = replicas;
  if (f.bool("force")) u.force = true;
  if (f.has("constraint-add")) u.constraintAdd = f.all("constraint-add").map((c) => c.trim());
  if (f.has("constraint-rm")) u.constraintRm = f.all("constraint-rm").map((c) => c.trim());
  if (f.has("label-add")) u.labelAdd = Object.fromEntries(f.parseAll("label-add", parseKeyValue));
  if (f.has("label-rm")) u.labelRm = f.all("label-rm");
  if (f.has("env-add")) u.envAdd = f.all("env-add");
  if (f.has("env-rm")) u.envRm = f.all("env-rm");
  if (f.has("placement-pref-add")) u.placementPrefAdd = f.parseAll("placement-pref-add", parsePref);
  if (f.has("placement-pref-rm")) u.placementPrefRm = f.parseAll("placement-pref-rm", parsePref);
  if (f.has("publish-add")) u.publishAdd = f.parseAll("publish-add", parsePublishFlag).flat();
  if (f.has("publish-rm")) u.publishRm = f.parseAll("publish-rm", parsePublishRm);
  const maxPerNode = f.parse("replicas-max-per-node", (s) => parseIntIn(s, 0, MAX_REPLICAS));
  if (maxPerNode !== void 0) u.maxReplicasPerNode = maxPerNode;
  const cpu = f.parse("reserve-cpu", parseCpus);
  if (cpu !== void 0) u.reserveNanoCpus = cpu;
  const mem = f.parse("reserve-memory", parseSize);
  if (mem !== void 0) u.reserveMemoryBytes = mem;
  const ep = f.parse("endpoint-mode", (s) => pick(s, ["vip", "dnsrr"], "endpoint mode"));
  if (ep !== void 0) u.endpointMode = ep;
  const upd = updateConfigPart(f, "update");
  if (Object.keys(upd).length > 0) u.update = upd;
  const rb = updateConfigPart(f, "rollback");
  if (Object.keys(rb).length > 0) u.rollback = rb;
  const rp = restartPart(f);
  if (Object.keys(rp).length > 0) u.restart = rp;
  const hc = healthPart(f);
  if (hc !== void 0) u.healthcheck = hc;
  f.parse("limit-cpu", parseCpus);
  f.parse("limit-memory", parseSize);
  f.parse("stop-grace-period", DUR);
  const dropped = ["limit-cpu", "limit-memory", "stop-grace-period"].filter((k) => f.has(k));
  if (dropped.length > 0) warnings.push(`docker service update: ${dropped.map((k) => `--${k}`).join(", ")} not modelled for updates (ignored)`);
  return u;
}

// sim/scenario/shell-words.ts
var MAX_WORDS = 1e3;
function splitWords(cmd) {
  const words = [];
  let i = 0;
  while (i < cmd.length) {
    while (i < cmd.length && /\s/.test(cmd[i])) i++;
    if (i >= cmd.length) break;
    if (words.length >= MAX_WORDS) throw new InputError(`command has more than ${MAX_WORDS} words`, i);
    const start = i;
    let text = "";
    while (i < cmd.length && !/\s/.test(cmd[i])) {
      const c = cmd[i];
      if (c === "'") {
        const end = cmd.indexOf("'", i + 1);
        if (end < 0) throw new InputError("unterminated single quote", i);
        text += cmd.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        const open = i;
        i++;
        while (i < cmd.length && cmd[i] !== '"') {
          if (cmd[i] === "\\" && i + 1 < cmd.length && '"\\$`\n'.includes(cmd[i + 1])) i++;
          text += cmd[i];
          i++;
        }
        if (i >= cmd.length) throw new InputError("unterminated double quote", open);
        i++;
      } else if (c === "\\") {
        if (i + 1 >= cmd.length) throw new InputError("trailing backslash", i);
        text += cmd[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    words.push({ text, offset: start });
  }
  return words;
}

// sim/scenario/docker-cli.ts
var v2 = (long, short) => ({ long, short, value: true });
var b2 = (long, short) => ({ long, short, value: false });
var COMMANDS = {
  service: {
    create: { flags: CREATE_FLAGS, interspersed: false, build: serviceCreate },
    update: { flags: UPDATE_FLAGS, interspersed: true, build: serviceUpdate },
    scale: { flags: [b2("detach", "d")], interspersed: true, build: serviceScale },
    rm: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "service.rm", services: names(a, c, "service", 1).map((n) => resolveService(n, c)) }) },
    inspect: {
      flags: [b2("pretty"), v2("format", "f")],
      interspersed: true,
      build: (_f, a, c) => ({ verb: "service.inspect", services: names(a, c, "service", 1).map((n) => resolveService(n, c)) })
    },
    rollback: { flags: [b2("detach", "d"), b2("quiet", "q")], interspersed: true, build: (_f, a, c) => ({ verb: "service.rollback", service: resolveService(one(a, c, "service"), c) }) }
  },
  node: {
    update: {
      flags: [v2("availability"), v2("label-add"), v2("label-rm"), v2("role")],
      interspersed: true,
      build: nodeUpdate
    },
    promote: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "node.promote", nodes: nodeNames(a, c) }) },
    demote: { flags: [], interspersed: true, build: (_f, a, c) => ({ verb: "node.demote", nodes: nodeNames(a, c) }) },
    rm: { flags: [b2("force", "f")], interspersed: true, build: (f, a, c) => ({ verb: "node.rm", nodes: nodeNames(a, c), force: f.bool("force") }) },
    ls: {
      flags: [b2("quiet", "q"), v2("filter", "f"), v2("format")],
      interspersed: true,
      build: (_f, a, c) => {
        none(a, c);
        return { verb: "node.ls" };
      }
    }
  },
  swarm: {
    join: {
      flags: [v2("token"), v2("advertise-addr"), v2("listen-addr"), v2("data-path-addr"), v2("availability")],
      interspersed: true,
      build: swarmJoin
    },
    leave: {
      flags: [b2("force", "f")],
      interspersed: true,
      build: (f, a, c) => {
        none(a, c);
        return { verb: "swarm.leave", force: f.bool("force") };
      }
    },
    "join-token": {
      flags: [b2("rotate"), b2("quiet", "q")],
      interspersed: true,
      build: (f, a, c) => ({ verb: "swarm.join-token", role: pick(one(a, c, "role"), ["worker", "manager"], "join-token role"), rotate: f.bool("rotate") })
    }
  },
  stack: {
    deploy: {
      flags: [v2("compose-file", "c"), b2("with-registry-auth"), v2("resolve-image"), b2("detach", "d"), b2("quiet", "q"), b2("prune")],
      interspersed: true,
      build: stackDeploy
    },
    rm: { flags: [b2("detach", "d")], interspersed: true, build: (_f, a, c) => ({ verb: "stack.rm", stack: one(a, c, "stack") }) }
  }
};
var ALIASES = { remove: "rm", list: "ls", up: "deploy", down: "rm" };
function parseDockerCommand(cmd, context = {}) {
  const words = splitWords(cmd);
  if (words.length === 0) throw new InputError("empty command: expected 'docker <object> <verb> \u2026'");
  if (words[0].text !== "docker") throw new InputError(`commands start with 'docker', found '${words[0].text}'`, words[0].offset);
  const objectWord = words[1];
  const objects = Object.keys(COMMANDS);
  if (objectWord === void 0) throw new InputError(`incomplete command: expected 'docker ${objects.join("|")} \u2026'`);
  const verbs = COMMANDS[objectWord.text];
  if (verbs === void 0 || !Object.hasOwn(COMMANDS, objectWord.text)) {
    throw new InputError(`unknown docker command '${objectWord.text}': expected ${oneOf(objects)}${didYouMean(objectWord.text, objects)}`, objectWord.offset);
  }
  const verbWord = words[2];
  const verbNames = Object.keys(verbs);
  if (verbWord === void 0) throw new InputError(`incomplete command: expected 'docker ${objectWord.text} ${verbNames.join("|")} \u2026'`);
  const verbName = ALIASES[verbWord.text] !== void 0 && Object.hasOwn(verbs, ALIASES[verbWord.text]) ? ALIASES[verbWord.text] : verbWord.text;
  if (!Object.hasOwn(verbs, verbName)) {
    throw new InputError(
      `unknown command 'docker ${objectWord.text} ${verbWord.text}': expected ${oneOf(verbNames)}${didYouMean(verbWord.text, verbNames)}`,
      verbWord.offset
    );
  }
  const verb = verbs[verbName];
  const command = `docker ${objectWord.text} ${verbName}`;
  const warnings = context.warnings;
  const ctx = { ...context, command, warn: (m) => warnings?.push(`${command}: ${m}`) };
  const parsed = parseFlags(words.slice(3), verb.flags, command, verb.interspersed);
  const ignored = verb.flags.filter((f) => f.ignored && parsed.flags.has(f.long)).map((f) => `--${f.long}`);
  if (ignored.length > 0) ctx.warn(`${ignored.join(", ")} not modelled (ignored)`);
  return verb.build(new FlagReader(parsed), parsed.args, ctx);
}
function one(args, c, what) {
  if (args.length !== 1) {
    throw new InputError(`'${c.command}' takes exactly one ${what}, found ${args.length}${args.length > 1 ? `: ${args.map((a) => a.text).join(" ")}` : ""}`, args[1]?.offset ?? null);
  }
  return args[0].text;
}
function none(args, c) {
  if (args.length > 0) throw new InputError(`'${c.command}' takes no arguments, found '${args[0].text}'`, args[0].offset);
}
function names(args, c, what, min) {
  if (args.length < min) throw new InputError(`'${c.command}' needs at least ${min} ${what} name${min > 1 ? "s" : ""}`);
  return args.map((a) => a.text);
}
function resolveService(name, c) {
  const known = c.services ?? [];
  if (known.includes(name)) return name;
  if (c.stack && known.includes(`${c.stack}_${name}`)) return `${c.stack}_${name}`;
  const suffix = known.filter((s) => s.endsWith(`_${name}`));
  if (suffix.length === 1) return suffix[0];
  if (suffix.length > 1) c.warn?.(`service '${name}' is ambiguous (${suffix.join(", ")}); kept as written`);
  return name;
}
function nodeNames(args, c) {
  const out = names(args, c, "node", 1);
  for (const n of out) checkNode(n, c);
  return out;
}
function checkNode(n, c) {
  if (c.nodes === void 0 || c.nodes.includes(n) || SELECTORS.includes(n)) return;
  c.warn(`node '${n}' is not in the cluster (the command will fail at run time)${didYouMean(n, c.nodes)}`);
}
function serviceCreate(f, args, _c) {
  if (args.length === 0) throw new InputError("docker service create needs an image (e.g. 'docker service create --name web nginx:1.25')");
  return { verb: "service.create", spec: serviceCreateSpec(f, args[0].text) };
}
function serviceUpdate(f, args, c) {
  const service = resolveService(one(args, c, "service"), c);
  const update = serviceUpdateChanges(f, c.warnings ?? []);
  if (f.bool("rollback")) {
    if (Object.keys(update).length > 0) throw new InputError("--rollback can't be combined with other changes");
    return { verb: "service.rollback", service };
  }
  return { verb: "service.update", service, update };
}
function serviceScale(_f, args, c) {
  if (args.length === 0) throw new InputError("'docker service scale' needs SERVICE=REPLICAS arguments, e.g. web=3");
  const scales = args.map((a) => {
    const m = /^([^=]+)=(.*)$/.exec(a.text);
    if (m === null) throw new InputError(`invalid scale '${a.text}': expected SERVICE=REPLICAS, e.g. web=3`, a.offset);
    let replicas;
    try {
      replicas = parseIntIn(m[2], 0, MAX_REPLICAS);
    } catch (e) {
      throw new InputError(`invalid replicas in '${a.text}': ${e.message}`, a.offset);
    }
    return { service: resolveService(m[1], c), replicas };
  });
  return { verb: "service.scale", scales };
}
function nodeUpdate(f, args, c) {
  const node = one(args, c, "node");
  checkNode(node, c);
  const role = f.parse("role", (s) => pick(s, ["manager", "worker"], "role"));
  if (role !== void 0) {
    if (f.has("availability") || f.has("label-add") || f.has("label-rm")) throw new InputError("--role can't be combined with other node changes here; use separate commands");
    return role === "manager" ? { verb: "node.promote", nodes: [node] } : { verb: "node.demote", nodes: [node] };
  }
  const labelAdd = {};
  for (const kv of f.all("label-add")) {
    const eq = kv.indexOf("=");
    if (eq === 0) throw new InputError(`--label-add '${kv}': empty key`, f.p.flags.get("label-add")?.offset ?? null);
    if (eq < 0) labelAdd[kv] = "";
    else labelAdd[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return {
    verb: "node.update",
    node,
    availability: f.parse("availability", (s) => pick(s, ["active", "pause", "drain"], "availability")) ?? null,
    labelAdd,
    labelRm: f.all("label-rm")
  };
}
function swarmJoin(f, args, c) {
  const token = f.last("token");
  if (token === void 0 || token === "") throw new InputError("docker swarm join needs --token (worker, manager, worker:N, manager:N or a literal token)");
  if (/^(worker|manager):/.test(token) && !/^(worker|manager):\d+$/.test(token)) {
    throw new InputError(`invalid token '${token}': expected worker:N or manager:N with N the token generation (0 = the first)`, f.p.flags.get("token")?.offset ?? null);
  }
  if (args.length > 1) throw new InputError(`'${c.command}' takes at most one manager address`, args[1].offset);
  return { verb: "swarm.join", token };
}
function stackDeploy(f, args, c) {
  const stack = one(args, c, "stack name");
  if (f.bool("prune")) throw new InputError("--prune is not supported by the simulator");
  const files = f.all("compose-file");
  if (files.length === 0) throw new InputError("docker stack deploy needs -c <compose file>");
  if (files.length > 1) throw new InputError("several -c files (compose merging) are not supported; use one file");
  if (c.loadStack === void 0) throw new InputError("docker stack deploy -c needs a scenario file to resolve the path against");
  return { verb: "stack.deploy", stack, file: files[0], services: c.loadStack(files[0], stack) };
}

// sim/scenario/invariants.ts
var INVARIANT_IDS = [
  "raft.election-safety",
  "raft.leader-append-only",
  "raft.log-matching",
  "raft.leader-completeness",
  "raft.state-machine-safety",
  "svc.convergence",
  "svc.constraints",
  "svc.slot-unique",
  "svc.spread-at-placement",
  "svc.min-running",
  "cluster.leader-available",
  "cluster.quorum-guard",
  "api.linearizable-writes",
  "api.linearizable-reads"
];
var WARNING_IDS = ["warn.spof-managers", "warn.replicas-on-one-node"];
var ALL_CHECK_IDS = [...INVARIANT_IDS, ...WARNING_IDS];

// sim/kernel/events.ts
var EVENT_FIELDS = {
  // node lifecycle faults (node = the affected node); `entry` = timeline index or -1
  "node.crash": ["loseUnsynced", "entry"],
  "node.restart": ["entry"],
  "node.pause": ["entry"],
  "node.resume": ["entry"],
  "node.remove": ["entry"],
  // network faults (node = null)
  "net.partition": ["shape", "groups", "blocked", "entry"],
  "net.heal": ["entry"],
  "net.loss": ["rate", "untilUs", "nodes", "entry"],
  "net.duplicate": ["rate", "untilUs", "nodes", "entry"],
  "net.delay": ["minUs", "maxUs", "untilUs", "nodes", "entry"],
  "net.window-end": ["window"],
  "clock.skew": ["offsetUs", "driftPpm", "entry"],
  // a timeline entry whose target could not be resolved (e.g. `crash: leader` with no leader)
  "timeline.skip": ["entry", "reason"],
  // messages (node = sender for send/drop-at-send, receiver for deliver/drop-at-delivery)
  "msg.send": ["msgId", "from", "to", "kind"],
  "msg.deliver": ["msgId", "from", "to", "kind"],
  "msg.drop": ["msgId", "from", "to", "kind", "reason"],
  // raft (node = the member)
  "raft.role": ["role", "term", "leader"],
  "raft.append": ["index", "term", "entryHash"],
  "raft.truncate": ["fromIndex"],
  "raft.commit": ["index", "term"],
  "raft.apply": ["index", "term", "entryHash"],
  "raft.snapshot": ["index", "term"],
  "raft.member": ["change", "member", "members"],
  // raft-only client workload
  "client.submit": ["opId", "client", "via", "key", "value"],
  "client.result": ["opId", "client", "result", "index", "value"],
  // control-plane operations from the timeline (docker CLI)
  "op.submit": ["opId", "command", "via", "entry"],
  "op.result": ["opId", "ok", "error", "output"],
  // swarm state as committed in the store (node = the task's node / the subject node)
  "task.state": ["task", "service", "slot", "state", "desiredState", "error"],
  "node.status": ["status", "availability", "role", "message"],
  "service.spec": ["service", "mode", "replicas", "version", "spec"],
  "service.update": ["service", "state", "message"],
  // what a worker actually runs (may differ from the store while partitioned)
  "container.state": ["task", "service", "slot", "state"],
  // checkers
  "check.violation": ["invariant", "message", "nodes", "witness"],
  "check.warning": ["invariant", "message", "nodes"],
  "node.info": ["hostname", "os", "arch", "labels", "engineLabels", "resources"]
};
var EVENT_TYPES = Object.keys(EVENT_FIELDS);
var EVENT_TYPE_COUNT = EVENT_TYPES.length;
var T = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i]));

// sim/swarm/objects.ts
var TASK_STATE_VALUE = {
  new: 0,
  pending: 64,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832
};
function stateValue(s) {
  return TASK_STATE_VALUE[s];
}

// sim/scenario/reached-grammar.ts
var KINDS = [
  "leaderChanges",
  "elections",
  "nodeStatus",
  "nodeRole",
  "taskState",
  "serviceRunning",
  "dropped",
  "messages",
  "event",
  "violation",
  "warning",
  "op"
];
var NODE_STATUSES = ["unknown", "down", "ready", "disconnected"];
var NODE_ROLES = ["manager", "worker", "leader"];
var DROP_REASONS = ["loss", "partition", "crashed", "paused-timeout"];
var TASK_STATES = Object.keys(TASK_STATE_VALUE);
var COUNT = /^(>=|<=|==|>|<)(\d+)$/;
function compare(op, a, b3) {
  switch (op) {
    case ">=":
      return a >= b3;
    case "<=":
      return a <= b3;
    case "==":
      return a === b3;
    case ">":
      return a > b3;
    default:
      return a < b3;
  }
}
function parseReached(text, ctx = {}) {
  const s = text.replace(/\s+/g, "");
  const head = /^[A-Za-z]+/.exec(s)?.[0] ?? "";
  const kind = head;
  if (!KINDS.includes(kind)) {
    throw new InputError(`unknown reached condition '${text}': expected one of ${KINDS.join(", ")}${didYouMean(head, KINDS)}`);
  }
  const rest = s.slice(head.length);
  const bad = (expected) => {
    throw new InputError(`malformed reached condition '${text}': expected ${expected}`);
  };
  switch (kind) {
    case "leaderChanges":
    case "elections": {
      const m = COUNT.exec(rest) ?? bad(`${kind}<op>N with op >=, <=, ==, > or <, e.g. '${kind}>=2'`);
      return { kind, op: m[1], n: Number(m[2]) };
    }
    case "nodeStatus":
    case "nodeRole":
    case "taskState": {
      const m = /^:([^=<>:]+)=([a-z-]+)$/.exec(rest) ?? bad(`'${kind}:<name>=<value>', e.g. '${example(kind)}'`);
      const [name, value] = [m[1], m[2]];
      if (kind === "taskState") return { kind, service: name, state: member(value, TASK_STATES, "task state") };
      checkNode2(name, ctx);
      if (kind === "nodeStatus") return { kind, node: name, status: member(value, NODE_STATUSES, "node status") };
      return { kind, node: name, role: member(value, NODE_ROLES, "node role") };
    }
    case "serviceRunning":
    case "dropped":
    case "messages":
    case "event": {
      const m = /^:([^=<>]+)(>=|<=|==|>|<)(\d+)$/.exec(rest) ?? bad(`'${kind}:<name><op>N', e.g. '${example(kind)}'`);
      const [name, op, n] = [m[1], m[2], Number(m[3])];
      if (kind === "serviceRunning") return { kind, service: name, op, n };
      if (kind === "dropped") return { kind, reason: member(name, DROP_REASONS, "drop reason"), op, n };
      if (kind === "messages") return { kind, msgKind: name, op, n };
      return { kind, type: member(name, EVENT_TYPES, "event type"), op, n };
    }
    case "violation":
    case "warning": {
      const m = /^:([a-z.-]+)$/.exec(rest) ?? bad(`'${kind}:<id>', e.g. '${example(kind)}'`);
      return { kind, id: member(m[1], kind === "warning" ? WARNING_IDS : ALL_CHECK_IDS, kind === "warning" ? "warning id" : "invariant id") };
    }
    case "op": {
      const m = /^:(\d+)=(ok|error)$/.exec(rest) ?? bad("'op:<n>=ok' or 'op:<n>=error' (n = 1 for the first run: entry)");
      const n = Number(m[1]);
      const runs = ctx.runEntries;
      if (n < 1 || runs !== void 0 && n > runs) {
        throw new InputError(`reached condition '${text}' names run entry ${n}, but the timeline has ${runs ?? 0} run: entr${runs === 1 ? "y" : "ies"} (numbered from 1)`);
      }
      return { kind, n, result: m[2] };
    }
  }
}
function example(kind) {
  const ex = {
    leaderChanges: "leaderChanges>=2",
    elections: "elections>=1",
    nodeStatus: "nodeStatus:w3=down",
    nodeRole: "nodeRole:m2=leader",
    taskState: "taskState:web=failed",
    serviceRunning: "serviceRunning:web>=3",
    dropped: "dropped:partition>=1",
    messages: "messages:raft.vote>=1",
    event: "event:node.crash>=1",
    violation: "violation:svc.convergence",
    warning: "warning:warn.spof-managers",
    op: "op:1=ok"
  };
  return ex[kind];
}
function member(value, options, what) {
  if (options.includes(value)) return value;
  throw new InputError(`unknown ${what} '${value}': expected ${oneOf(options)}${didYouMean(value, options)}`);
}
function checkNode2(name, ctx) {
  if (ctx.nodes === void 0 || ctx.nodes.includes(name)) return;
  throw new InputError(`unknown node '${name}' in reached condition${didYouMean(name, ctx.nodes)}`);
}

// sim/scenario/load-expect.ts
function defaultExpect() {
  return { outcome: "pass", disable: [], convergeUs: null, minRunning: [], reached: [] };
}
function parseOutcome(s) {
  if (s === "pass") return s;
  const m = /^violation:(.*)$/.exec(s);
  if (m === null) throw new InputError(`unknown outcome '${s}': expected 'pass' or 'violation:<invariant-id>'`);
  if (!INVARIANT_IDS.includes(m[1])) {
    throw new InputError(`unknown invariant id '${m[1]}' in outcome${didYouMean(m[1], INVARIANT_IDS)} (known: ${INVARIANT_IDS.join(", ")})`, "violation:".length);
  }
  return s;
}
function readExpect(src, node, ctx) {
  const m = new MapView(src, node, "expect", ["outcome", "disable", "converge", "minRunning", "reached"]);
  const out = defaultExpect();
  out.outcome = m.parse("outcome", "pass", parseOutcome);
  out.disable = src.list(m.get("disable"), "'disable' in expect").map((n) => {
    const id = src.str(n, "'disable' in expect");
    if (!ALL_CHECK_IDS.includes(id)) src.fail(n, `unknown invariant id '${id}' in 'disable'${didYouMean(id, ALL_CHECK_IDS)}`);
    return id;
  });
  out.convergeUs = m.parse("converge", null, (s) => {
    const us = parseDuration(s);
    if (us <= 0) throw new InputError("converge must be longer than 0s");
    return us;
  });
  out.minRunning = src.list(m.get("minRunning"), "'minRunning' in expect").map((n, i) => {
    const r = new MapView(src, n, `minRunning entry ${i + 1}`, ["service", "min", "whileDownAtMost", "grace"]);
    const service = src.str(r.require("service"), `'service' in ${r.label}`);
    r.require("min");
    return {
      service: resolveService(service, { stack: ctx.stack, services: ctx.services }),
      min: r.int("min", 0, 0, MAX_REPLICAS),
      whileDownAtMost: r.has("whileDownAtMost") ? r.int("whileDownAtMost", 0, 0, ctx.nodes.length) : null,
      graceUs: r.parse("grace", 0, (s) => parseDuration(s))
    };
  });
  out.reached = src.list(m.get("reached"), "'reached' in expect").map((n) => {
    const text = src.str(n, "'reached' in expect").trim();
    src.at(n, () => parseReached(text, { nodes: ctx.nodes, runEntries: ctx.runEntries }));
    return text;
  });
  return out;
}

// sim/scenario/load-timeline.ts
import { isMap as isMap3, isScalar as isScalar2, isSeq as isSeq3 } from "yaml";

// sim/raft/config.ts
var SWARMKIT_RAFT_DEFAULTS = Object.freeze({
  tickUs: 1e6,
  electionTick: 10,
  heartbeatTick: 1,
  checkQuorum: true,
  preVote: false,
  snapshotInterval: 1e4,
  logEntriesForSlowFollowers: 500,
  readIndex: false,
  maxInflight: 256,
  maxEntriesPerMsg: 64
});

// sim/scenario/load-world.ts
var MAX_MANAGERS = 100;
var MAX_WORKERS = 5e3;
var NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
var DEFAULT_NODE_RESOURCES = Object.freeze({ nanoCpus: 4e9, memoryBytes: 8 * 2 ** 30 });
var DEFAULT_PLATFORM = Object.freeze({ os: "linux", arch: "amd64" });
var DEFAULT_NETWORK = Object.freeze({
  latency: Object.freeze({ minUs: 500, maxUs: 2 * MS, tailP: 0, tailMeanUs: 0 }),
  loss: 0,
  duplicate: 0,
  reorder: 0
});
function defaultNode(name, role) {
  return { name, role, labels: {}, engineLabels: {}, hostname: name, platform: { ...DEFAULT_PLATFORM }, resources: { ...DEFAULT_NODE_RESOURCES } };
}
function readCluster(src, node, where) {
  const c = new MapView(src, node, "cluster", ["managers", "workers", "nodes"]);
  let nodes2;
  if (c.has("nodes")) {
    if (c.has("managers") || c.has("workers")) {
      src.fail(c.where(c.has("managers") ? "managers" : "workers"), "cluster: use either 'managers'/'workers' counts or a 'nodes' list, not both");
    }
    nodes2 = src.list(c.get("nodes"), "'nodes' in cluster").map((n, i) => readNode(src, n, i));
    const seen2 = /* @__PURE__ */ new Map();
    for (const [i, n] of nodes2.entries()) {
      if (seen2.has(n.name)) src.fail(src.list(c.get("nodes"), "")[i], `duplicate node name '${n.name}' (also node ${seen2.get(n.name) + 1})`);
      seen2.set(n.name, i);
    }
  } else {
    const managers = c.int("managers", 3, 0, MAX_MANAGERS);
    const workers = c.int("workers", 0, 0, MAX_WORKERS);
    nodes2 = [];
    for (let i = 1; i <= managers; i++) nodes2.push(defaultNode(`m${i}`, "manager"));
    for (let i = 1; i <= workers; i++) nodes2.push(defaultNode(`w${i}`, "worker"));
  }
  if (!nodes2.some((n) => n.role === "manager" && !n.joinLater)) {
    src.fail(c.node ?? where, "the cluster needs at least one manager in the initial swarm");
  }
  if (nodes2.filter((n) => n.role === "manager").length > MAX_MANAGERS) src.fail(c.node, `more than ${MAX_MANAGERS} managers`);
  if (nodes2.filter((n) => n.role === "worker").length > MAX_WORKERS) src.fail(c.node, `more than ${MAX_WORKERS} workers`);
  return nodes2;
}
function readNode(src, node, i) {
  const label = `cluster node ${i + 1}`;
  const m = new MapView(src, node, label, ["name", "role", "labels", "hostname", "platform", "engineLabels", "resources", "joinLater"]);
  const name = src.str(m.require("name"), `'name' in ${label}`);
  if (!NODE_NAME.test(name)) src.fail(m.where("name"), `invalid node name '${name}': use letters, digits, '-', '_' or '.'`);
  if (SELECTORS.includes(name)) src.fail(m.where("name"), `node name '${name}' is reserved (it is a target selector)`);
  const l = `node '${name}'`;
  const role = m.parse("role", "worker", (s) => pick(s, ["manager", "worker"], "role"));
  if (!m.has("role")) src.fail(node, `${l} needs a 'role' (manager or worker)`);
  const spec = defaultNode(name, role);
  spec.labels = src.strMap(m.get("labels"), `'labels' in ${l}`);
  spec.engineLabels = src.strMap(m.get("engineLabels"), `'engineLabels' in ${l}`);
  spec.hostname = m.str("hostname", name);
  if (m.has("platform")) {
    const p = new MapView(src, m.get("platform"), `'platform' in ${l}`, ["os", "arch"]);
    spec.platform = { os: p.str("os", DEFAULT_PLATFORM.os), arch: p.str("arch", DEFAULT_PLATFORM.arch) };
  }
  if (m.has("resources")) {
    const r = new MapView(src, m.get("resources"), `'resources' in ${l}`, ["cpus", "memory"]);
    spec.resources = { nanoCpus: r.parse("cpus", DEFAULT_NODE_RESOURCES.nanoCpus, parseCpus), memoryBytes: r.parse("memory", DEFAULT_NODE_RESOURCES.memoryBytes, parseSize) };
  }
  if (m.bool("joinLater", false)) spec.joinLater = true;
  return spec;
}
function shortDuration(s) {
  const us = parseDuration(s);
  if (us > DAY) throw new InputError(`duration '${s}' is absurdly long here (at most 1d)`);
  return us;
}
function readLatency(src, m, dflt, required) {
  if (required) {
    m.require("min");
    m.require("max");
  }
  const lat = {
    minUs: m.parse("min", dflt.minUs, shortDuration),
    maxUs: m.parse("max", dflt.maxUs, shortDuration),
    tailP: m.prob("tailP", dflt.tailP),
    tailMeanUs: m.parse("tailMean", dflt.tailMeanUs, shortDuration)
  };
  if (lat.minUs > lat.maxUs) src.fail(m.where("max"), `latency max (${m.str("max", "")}) is below min`);
  return lat;
}
function readNetwork(src, node) {
  const m = new MapView(src, node, "network", ["latency", "loss", "duplicate", "reorder"]);
  const lat = new MapView(src, m.get("latency"), "'latency' in network", ["min", "max", "tailP", "tailMean"]);
  return {
    latency: readLatency(src, lat, DEFAULT_NETWORK.latency, false),
    loss: m.prob("loss", 0),
    duplicate: m.prob("duplicate", 0),
    reorder: m.prob("reorder", 0)
  };
}
var RAFT_KEYS = ["tick", "electionTick", "heartbeatTick", "checkQuorum", "preVote", "snapshotInterval", "readIndex", "logEntriesForSlowFollowers", "maxInflight", "maxEntriesPerMsg"];
function readRaft(src, node) {
  const m = new MapView(src, node, "raft", RAFT_KEYS);
  const d = SWARMKIT_RAFT_DEFAULTS;
  const cfg = {
    tickUs: m.parse("tick", d.tickUs, (s) => {
      const us = parseDuration(s);
      if (us < MS || us > 60 * SEC) throw new InputError(`tick '${s}' must be between 1ms and 1m`);
      return us;
    }),
    electionTick: m.int("electionTick", d.electionTick, 2, 1e3),
    heartbeatTick: m.int("heartbeatTick", d.heartbeatTick, 1, 999),
    checkQuorum: m.bool("checkQuorum", d.checkQuorum),
    preVote: m.bool("preVote", d.preVote),
    snapshotInterval: m.int("snapshotInterval", d.snapshotInterval, 1, 1e9),
    logEntriesForSlowFollowers: m.int("logEntriesForSlowFollowers", d.logEntriesForSlowFollowers, 0, 1e9),
    readIndex: m.bool("readIndex", d.readIndex),
    maxInflight: m.int("maxInflight", d.maxInflight, 1, 1e6),
    maxEntriesPerMsg: m.int("maxEntriesPerMsg", d.maxEntriesPerMsg, 1, 1e6)
  };
  if (cfg.heartbeatTick >= cfg.electionTick) src.fail(m.where("heartbeatTick"), `raft heartbeatTick (${cfg.heartbeatTick}) must be less than electionTick (${cfg.electionTick})`);
  return cfg;
}

// sim/scenario/load-timeline.ts
var ACTION_KEYS = ["crash", "restart", "pause", "resume", "remove", "partition", "heal", "loss", "duplicate", "delay", "skew", "run"];
var ENTRY_KEYS = ["at", "on", ...ACTION_KEYS];
var MAX_ENTRIES = 1e5;
var MAX_DRIFT_PPM = 5e5;
function readTimeline(src, node, ctx) {
  const items = src.list(node, "timeline");
  if (items.length > MAX_ENTRIES) src.fail(node, `timeline has more than ${MAX_ENTRIES} entries`);
  const out = [];
  let prevAt = 0;
  for (const [i, item] of items.entries()) {
    const label = `timeline entry ${i + 1}`;
    const m = new MapView(src, item, label, ENTRY_KEYS);
    const at = m.parse("at", -1, (s) => parseDuration(s));
    if (at < 0) src.fail(item, `${label} needs 'at' (when it applies, e.g. at: 30s)`);
    if (at > ctx.durationUs) src.fail(m.where("at"), `${label} at ${formatDuration(at)} is past the scenario duration ${formatDuration(ctx.durationUs)}`);
    if (at < prevAt) src.fail(m.where("at"), `${label} at ${formatDuration(at)} comes after an entry at ${formatDuration(prevAt)}: keep timeline entries in time order`);
    prevAt = at;
    const actions = ACTION_KEYS.filter((k) => m.has(k));
    if (actions.length === 0) src.fail(item, `${label} has no action: expected one of ${ACTION_KEYS.join(", ")}`);
    if (actions.length > 1) src.fail(m.entries.get(actions[1]).keyNode, `${label} has two actions '${actions[0]}' and '${actions[1]}': write one action per entry`);
    const kind = actions[0];
    let on = null;
    if (m.has("on")) {
      if (kind !== "run") src.fail(m.entries.get("on").keyNode, `'on' applies only to 'run' entries (${label} is '${kind}')`);
      on = target(src, m.where("on"), `'on' in ${label}`, ctx.nodes, false);
    }
    if (kind === "run") {
      const cmdNode = m.where("run");
      const command = src.str(cmdNode, `'run' in ${label}`);
      const op = src.at(cmdNode, () => parseDockerCommand(command, ctx.cli));
      if ((op.verb === "swarm.join" || op.verb === "swarm.leave") && on === null) {
        src.fail(cmdNode, `'${op.verb === "swarm.join" ? "docker swarm join" : "docker swarm leave"}' runs on the joining/leaving node: add 'on: <node>' to ${label}`);
      }
      if (op.verb === "service.create") addKnown(ctx.cli.services, [op.spec]);
      if (op.verb === "stack.deploy") addKnown(ctx.cli.services, op.services);
      out.push({ atUs: at, action: { kind: "run", command, op }, on });
    } else {
      out.push({ atUs: at, action: readFault(src, kind, m.where(kind), label, ctx), on: null });
    }
  }
  return out;
}
function addKnown(known, specs) {
  for (const s of specs) if (!known.includes(s.name)) known.push(s.name);
}
function target(src, node, label, nodes2, allowAll) {
  const t = src.str(node, label);
  if (nodes2.includes(t)) return t;
  const selectors = SELECTORS.filter((s) => allowAll || s !== "all");
  if (selectors.includes(t)) return t;
  if (t === "all") src.fail(node, `${label}: 'all' is allowed only for restart and resume`);
  return src.fail(node, `unknown node '${t}' in ${label}: expected a node name or ${oneOf(selectors)}${didYouMean(t, [...nodes2, ...selectors])}`);
}
function targets(src, node, label, nodes2) {
  if (node === null) return null;
  return src.list(node, label).map((n, i) => target(src, n, `${label}[${i}]`, nodes2, false));
}
function forDuration(src, m) {
  m.require("for");
  const us = m.parse("for", 0, (s) => parseDuration(s));
  if (us <= 0) src.fail(m.where("for"), `'for' in ${m.label} must be longer than 0s`);
  return us;
}
function readFault(src, kind, node, entry, ctx) {
  const label = `'${kind}' in ${entry}`;
  const nodes2 = ctx.nodes;
  switch (kind) {
    case "crash": {
      if (node !== null && isMap3(node)) {
        const m = new MapView(src, node, label, ["node", "loseUnsynced"]);
        return { kind, target: target(src, m.require("node"), `'node' in ${label}`, nodes2, false), loseUnsynced: m.bool("loseUnsynced", false) };
      }
      return { kind, target: target(src, node, label, nodes2, false), loseUnsynced: false };
    }
    case "restart":
    case "resume":
      return { kind, target: target(src, node, label, nodes2, true) };
    case "pause":
    case "remove":
      return { kind, target: target(src, node, label, nodes2, false) };
    case "heal": {
      const v3 = src.scalar(node, label);
      if (v3 !== true && v3 !== "all") src.fail(node, `${label}: write 'heal: true' (or 'heal: all'), found ${describe(node)}`);
      return { kind };
    }
    case "partition":
      return { kind, partition: readPartition(src, node, label, ctx) };
    case "loss":
    case "duplicate": {
      const m = new MapView(src, node, label, ["rate", "for", "nodes"]);
      m.require("rate");
      return { kind, rate: m.prob("rate", 0), forUs: forDuration(src, m), nodes: targets(src, m.get("nodes"), `'nodes' in ${label}`, nodes2) };
    }
    case "delay": {
      const m = new MapView(src, node, label, ["min", "max", "tailP", "tailMean", "for", "nodes"]);
      const latency = readLatency(src, m, { minUs: 0, maxUs: 0, tailP: 0, tailMeanUs: 0 }, true);
      return { kind, latency, forUs: forDuration(src, m), nodes: targets(src, m.get("nodes"), `'nodes' in ${label}`, nodes2) };
    }
    case "skew": {
      const m = new MapView(src, node, label, ["node", "offset", "driftPpm"]);
      if (!m.has("offset") && !m.has("driftPpm")) src.fail(node, `${label} needs 'offset' and/or 'driftPpm'`);
      return {
        kind,
        target: target(src, m.require("node"), `'node' in ${label}`, nodes2, false),
        offsetUs: m.has("offset") ? m.parse("offset", 0, (s) => parseDuration(s, true)) : null,
        driftPpm: m.has("driftPpm") ? m.num("driftPpm", 0, -MAX_DRIFT_PPM, MAX_DRIFT_PPM) : null
      };
    }
    default:
      return src.fail(node, `unexpected action '${kind}'`);
  }
}
function readPartition(src, node, label, ctx) {
  const nodes2 = ctx.nodes;
  const shapes = [...PARTITION_SHAPES, "isolate:<node>"];
  if (node !== null && isScalar2(node)) {
    const s = src.str(node, label);
    if (s.startsWith("isolate:")) {
      const nodeName = s.slice("isolate:".length);
      if (!nodes2.includes(nodeName) && !["leader", "follower", "manager", "worker"].includes(nodeName)) {
        src.fail(node, `unknown node '${nodeName}' in ${label}${didYouMean(nodeName, nodes2)}`, "isolate:".length);
      }
      return { shape: "isolate", node: nodeName };
    }
    if (PARTITION_SHAPES.includes(s)) return { shape: s };
    return src.fail(node, `unknown partition shape '${s}': expected ${oneOf(shapes)}, a list of groups or {blocked: [[from, to], \u2026]}${didYouMean(s, shapes)}`);
  }
  if (node !== null && isSeq3(node)) {
    const seen2 = /* @__PURE__ */ new Map();
    const groups = src.list(node, label).map(
      (g, gi) => src.list(g, `group ${gi + 1} of ${label}`).map((n) => {
        const name = src.str(n, `group ${gi + 1} of ${label}`);
        if (!nodes2.includes(name)) src.fail(n, `unknown node '${name}' in ${label}${didYouMean(name, nodes2)}`);
        if (seen2.has(name)) src.fail(n, `node '${name}' is in two partition groups (${seen2.get(name) + 1} and ${gi + 1})`);
        seen2.set(name, gi);
        return name;
      })
    );
    if (groups.length < 2) src.fail(node, `${label} needs at least two groups`);
    const missing = nodes2.filter((n) => !seen2.has(n));
    if (missing.length > 0) {
      const p = src.pos(node);
      ctx.warnings.push(`${src.file}:${p.line}:${p.col}: ${label}: ${missing.join(", ")} in no group, so cut off from every node`);
    }
    return { groups };
  }
  if (node !== null && isMap3(node)) {
    const m = new MapView(src, node, label, ["blocked"]);
    const blocked = src.list(m.require("blocked"), `'blocked' in ${label}`).map((pair, i) => {
      const ends = src.list(pair, `'blocked[${i}]' in ${label}`);
      if (ends.length !== 2) src.fail(pair, `each blocked link is [from, to], found ${ends.length} names`);
      const [from, to] = ends.map((n) => {
        const name = src.str(n, `'blocked[${i}]' in ${label}`);
        if (!nodes2.includes(name)) src.fail(n, `unknown node '${name}' in ${label}${didYouMean(name, nodes2)}`);
        return name;
      });
      if (from === to) src.fail(pair, `a blocked link needs two different nodes, found [${from}, ${to}]`);
      return [from, to];
    });
    if (blocked.length === 0) src.fail(node, `${label}: 'blocked' lists no links`);
    return { blocked };
  }
  return src.fail(node, `${label}: expected a shape (${shapes.join(", ")}), a list of groups or {blocked: [\u2026]}, found ${describe(node)}`);
}

// sim/scenario/stack/interpolate.ts
var NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
var MAX_DEPTH = 8;
function interpolate(raw, env, depth = 0) {
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
function matchBrace(s, open) {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === "{") depth++;
    else if (s[j] === "}" && --depth === 0) return j;
  }
  return -1;
}
function lookup(env, name) {
  return Object.hasOwn(env, name) ? env[name] : void 0;
}
function expandBraced(body, env, at, depth) {
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
  const unsetOrEmpty = value === void 0 || value === "";
  switch (op[1]) {
    case ":-":
      return unsetOrEmpty ? interpolate(arg, env, depth + 1) : value;
    case "-":
      return value === void 0 ? interpolate(arg, env, depth + 1) : value;
    case ":?":
      if (unsetOrEmpty) throw new InputError(`required variable ${name} is missing a value${arg ? `: ${arg}` : ""} (set it in the scenario's env)`, at);
      return value;
    case "?":
      if (value === void 0) throw new InputError(`required variable ${name} is missing a value${arg ? `: ${arg}` : ""} (set it in the scenario's env)`, at);
      return value;
    case ":+":
      return unsetOrEmpty ? "" : interpolate(arg, env, depth + 1);
    default:
      return value === void 0 ? "" : interpolate(arg, env, depth + 1);
  }
}

// sim/scenario/stack/load.ts
import { isMap as isMap4 } from "yaml";
var TOP_KEYS = ["version", "services", "networks", "volumes", "secrets", "configs", "name"];
function loadStackFile(path, stackName, env, shownAs = path) {
  return loadStackText(readTextFile(path, shownAs), shownAs, stackName, env);
}
function loadStackText(text, file, stackName, env) {
  if (!SERVICE_NAME.test(stackName)) throw new ScenarioError(file, 0, 0, `invalid stack name '${stackName}': use letters, digits, '-', '_' or '.'`);
  const warnings = [];
  const parsed = parseYamlText(text, file, "stack file", warnings);
  const src = parsed.src.withInterp((raw) => interpolate(raw, env));
  const top = new MapView(src, parsed.root, "the stack file", TOP_KEYS, true);
  if (top.has("version")) {
    const v3 = top.str("version", "");
    if (!/^3(\.\d+)?$/.test(v3)) src.fail(top.where("version"), `unsupported compose file version '${v3}': docker stack deploy needs version 3.x (or no version key)`);
  }
  if (!top.has("services")) src.fail(parsed.root, "the stack file has no 'services'");
  for (const k of ["volumes", "secrets", "configs"]) new MapView(src, top.get(k), `'${k}'`, null);
  const ctx = { stack: stackName, networks: declaredNetworks(src, top.get("networks"), stackName), warnings, ignored: [] };
  const services = readComposeServices(src, top.get("services"), ctx);
  if (ctx.ignored.length > 0) warnings.push(`${file}: ignored keys (not used by swarm or not modelled): ${ctx.ignored.join(", ")}`);
  return { services, warnings };
}
function declaredNetworks(src, node, stack) {
  const out = /* @__PURE__ */ new Map();
  const nets = new MapView(src, node, "'networks'", null);
  for (const e of nets.entries.values()) {
    let full = `${stack}_${e.key}`;
    if (e.value !== null && isMap4(e.value)) {
      const n = new MapView(src, e.value, `network '${e.key}'`, null);
      const ext = n.get("external");
      if (ext !== null && isMap4(ext)) full = new MapView(src, ext, `'external' in network '${e.key}'`, null).str("name", e.key);
      else if (n.has("external") && n.bool("external", false)) full = e.key;
      if (n.has("name")) full = n.str("name", full);
    }
    out.set(e.key, full);
  }
  return out;
}

// sim/scenario/load.ts
var SCENARIO_KEYS = [
  "name",
  "description",
  "seed",
  "duration",
  "env",
  "cluster",
  "network",
  "raft",
  "stack",
  "services",
  "behaviour",
  "workload",
  "bugs",
  "timeline",
  "expect"
];
var DEFAULT_DURATION_US = 5 * MIN;
var MAX_DURATION_US = 365 * DAY;
var U32_MAX = 4294967295;
function loadScenarioText(text, file, baseDir) {
  const warnings = [];
  const { src, root } = parseYamlText(text, file, "scenario", warnings);
  const top = new MapView(src, root, "scenario", SCENARIO_KEYS, true);
  const name = top.str("name", basename(file, extname(file)));
  if (name.trim() === "") src.fail(top.where("name"), "the scenario name is empty");
  const description = top.str("description", "");
  const seed = top.int("seed", 1, 0, U32_MAX);
  const durationUs = top.parse("duration", DEFAULT_DURATION_US, (s) => {
    const us = parseDuration(s);
    if (us <= 0) throw new InputError("the duration must be longer than 0s");
    if (us > MAX_DURATION_US) throw new InputError(`duration '${s}' is longer than the 365d limit`);
    return us;
  });
  const env = src.strMap(top.get("env"), "env");
  const nodes2 = readCluster(src, top.get("cluster"), root);
  const nodeNames2 = nodes2.map((n) => n.name);
  const network = readNetwork(src, top.get("network"));
  const raft = readRaft(src, top.get("raft"));
  const { stack, stackName, services } = readServices(src, top, name, env, baseDir, warnings);
  const cliServices = services.map((s) => s.name);
  const timeline = readTimeline(src, top.get("timeline"), {
    nodes: nodeNames2,
    durationUs,
    warnings,
    cli: {
      stack: stackName,
      services: cliServices,
      nodes: nodeNames2,
      warnings,
      loadStack: (rel, stackArg) => {
        const r = readStackFile(baseDir, rel, stackArg, env, join(dirname(file), rel));
        warnings.push(...r.warnings);
        return r.services;
      }
    }
  });
  const behaviour = readBehaviour(src, top.get("behaviour"), warnings, services, cliServices, timeline);
  const expect = readExpect(src, top.get("expect"), {
    nodes: nodeNames2,
    runEntries: timeline.filter((e) => e.action.kind === "run").length,
    stack: stackName,
    services: cliServices
  });
  const workload = top.has("workload") ? readWorkload(src, top.get("workload")) : null;
  const bugs = src.list(top.get("bugs"), "bugs").map((n) => {
    const id = src.str(n, "bugs");
    const known = Object.keys(KNOWN_BUGS);
    if (!isKnownBug(id)) src.fail(n, `unknown bug id '${id}'${didYouMean(id, known)} (known: ${known.join(", ") || "none"})`);
    return id;
  });
  const scenario2 = { name, description, seed, durationUs, env, nodes: nodes2, network, raft, stack, services, behaviour, timeline, expect, workload, bugs };
  return { scenario: scenario2, warnings };
}
function readServices(src, top, scenarioName, env, baseDir, warnings) {
  let stack = null;
  let stackName = scenarioName;
  let file = null;
  if (top.has("stack")) {
    const node = top.get("stack");
    if (node !== null && isMap5(node)) {
      const m = new MapView(src, node, "stack", ["file", "name"]);
      if (m.has("file")) file = m.str("file", "");
      stackName = m.str("name", scenarioName);
      if (!SERVICE_NAME.test(stackName)) src.fail(m.where("name"), `invalid stack name '${stackName}': use letters, digits, '-', '_' or '.'`);
    } else {
      file = src.str(node, "stack");
    }
    if (file === "") src.fail(top.where("stack"), "the stack file path is empty");
  }
  if (!SERVICE_NAME.test(stackName) && (file !== null || top.has("services"))) {
    src.fail(top.where("name"), `the scenario name '${stackName}' can't name a stack (use letters, digits, '-', '_' or '.'); set stack: {name: \u2026}`);
  }
  let services = [];
  if (top.has("services")) {
    const ctx = { stack: stackName, networks: null, warnings, ignored: [] };
    services = readComposeServices(src.withInterp((raw) => interpolate(raw, env)), top.get("services"), ctx);
    if (ctx.ignored.length > 0) warnings.push(`${src.file}: ignored keys in services (not modelled): ${ctx.ignored.join(", ")}`);
    if (file !== null) {
      const p = src.pos(top.where("stack"));
      warnings.push(`${src.file}:${p.line}:${p.col}: stack file '${file}' not read: the scenario lists its services inline`);
    }
  } else if (file !== null) {
    const where = top.where("stack");
    const r = src.at(where, () => readStackFile(baseDir, file, stackName, env, join(dirname(src.file), file)));
    warnings.push(...r.warnings);
    services = r.services;
  }
  if (file !== null) stack = { file, name: stackName };
  return { stack, stackName: file !== null || top.has("services") ? stackName : null, services };
}
function readStackFile(baseDir, rel, stack, env, shownAs) {
  try {
    return loadStackFile(resolve(baseDir, rel), stack, env, shownAs);
  } catch (e) {
    if (e instanceof ScenarioError && e.line === 0) throw new InputError(`stack file '${rel}': ${e.detail}`);
    throw e;
  }
}
function readBehaviour(src, node, warnings, services, known, timeline) {
  const m = new MapView(src, node, "behaviour", null);
  const out = {};
  const images = new Set(services.map((s) => s.image));
  for (const e of timeline) {
    if (e.action.kind !== "run") continue;
    const op = e.action.op;
    if (op.verb === "service.create") images.add(op.spec.image);
    if (op.verb === "stack.deploy") for (const s of op.services) images.add(s.image);
    if (op.verb === "service.update" && op.update.image) images.add(op.update.image);
  }
  for (const e of m.entries.values()) {
    const label = `behaviour '${e.key}'`;
    const b3 = new MapView(src, e.value, label, ["startup", "exitAfter", "exitCode", "failStart", "unhealthyAfter"]);
    const dur = (s) => parseDuration(s);
    out[e.key] = {
      startupUs: b3.parse("startup", 1 * SEC, dur),
      exitAfterUs: b3.parse("exitAfter", null, dur),
      exitCode: b3.int("exitCode", 0, 0, 255),
      failStart: b3.prob("failStart", 0),
      unhealthyAfterUs: b3.parse("unhealthyAfter", null, dur)
    };
    const matches = images.has(e.key) || known.some((s) => s === e.key || s.endsWith(`_${e.key}`));
    if (!matches) {
      const p = src.pos(e.keyNode);
      warnings.push(`${src.file}:${p.line}:${p.col}: ${label} matches no image or service${didYouMean(e.key, [...images, ...known])}`);
    }
  }
  return out;
}
function readWorkload(src, node) {
  const m = new MapView(src, node, "workload", ["clients", "rate", "timeout", "keys", "readRatio"]);
  const rateHz = m.num("rate", 100, 0, 1e6);
  if (rateHz === 0) src.fail(m.where("rate"), "workload rate must be above 0 (proposals per second)");
  return {
    clients: m.int("clients", 3, 1, 1e4),
    rateHz,
    timeoutUs: m.parse("timeout", 5 * SEC, (s) => {
      const us = parseDuration(s);
      if (us <= 0) throw new InputError("timeout must be longer than 0s");
      return us;
    }),
    keys: m.int("keys", 8, 1, 1e6),
    readRatio: m.prob("readRatio", 0)
  };
}

// sim/kernel/assert.ts
var SimAssertionError = class extends Error {
  name = "SimAssertionError";
};
function assert(cond, message) {
  if (!cond) throw new SimAssertionError(typeof message === "string" ? message : message());
}
function unreachable(x, what) {
  throw new SimAssertionError(`unreachable ${what}: ${JSON.stringify(x)}`);
}

// sim/world/partition.ts
function fromGroups(shape, n, groups) {
  const member2 = Array.from({ length: n }, () => []);
  groups.forEach((g, gi) => {
    for (const ix of g) {
      assert(ix >= 0 && ix < n, `partition group names an unknown node index ${ix}`);
      member2[ix].push(gi);
    }
  });
  const matrix = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b3 = 0; b3 < n; b3++) {
      if (a === b3) continue;
      const ga = member2[a];
      const gb = member2[b3];
      let shared = false;
      for (let i = 0; i < ga.length && !shared; i++) shared = gb.includes(ga[i]);
      if (!shared) matrix[a * n + b3] = 1;
    }
  }
  return { shape, groups, matrix, links: [] };
}
function fromLinks(n, links) {
  const matrix = new Uint8Array(n * n);
  for (const [a, b3] of links) matrix[a * n + b3] = 1;
  return { shape: "blocked", groups: [], matrix, links };
}
function completeGroups(groups, all) {
  const seen2 = new Set(groups.flat());
  const rest = all.filter((ix) => !seen2.has(ix));
  return rest.length > 0 ? [...groups, rest] : groups;
}
function halves(nodes2) {
  const k = Math.floor(nodes2.length / 2);
  return [nodes2.slice(0, k), nodes2.slice(k)];
}
function isolate(nodes2, target2) {
  return [[target2], nodes2.filter((ix) => ix !== target2)];
}
function bridge(nodes2) {
  const mid = Math.floor(nodes2.length / 2);
  return [nodes2.slice(0, mid + 1), nodes2.slice(mid)];
}
function majorityRingLinks(nodes2) {
  const n = nodes2.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const links = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d = Math.min((i - j + n) % n, (j - i + n) % n);
      if (d > reach) links.push([nodes2[i], nodes2[j]]);
    }
  }
  return links;
}
function randomSplit(nodes2, rng) {
  assert(nodes2.length >= 2, "a random partition needs at least two nodes");
  const shuffled = [...nodes2];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const k = rng.int(1, nodes2.length);
  const a = shuffled.slice(0, k).sort((x, y) => x - y);
  const b3 = shuffled.slice(k).sort((x, y) => x - y);
  return [a, b3];
}

// sim/world/faults.ts
function resolveTarget(world, target2, want, rng) {
  const matches = (ix) => {
    const st = world.nodes[ix].state;
    return want === "any" ? st !== "removed" : st === want;
  };
  switch (target2) {
    case "leader": {
      const l = world.leader();
      return l >= 0 && matches(l) ? [l] : "no leader";
    }
    case "follower": {
      const c = [...world.managers].sort((a, b3) => a - b3).filter((ix) => matches(ix) && world.roleOf(ix) === "follower");
      return c.length > 0 ? [rng.pick(c)] : "no follower";
    }
    case "manager":
    case "worker": {
      const c = [];
      for (let ix = 0; ix < world.size; ix++) if (world.managers.has(ix) === (target2 === "manager") && matches(ix)) c.push(ix);
      return c.length > 0 ? [rng.pick(c)] : `no ${want === "any" ? "" : `${want} `}${target2}`;
    }
    case "all": {
      const c = [];
      for (let ix = 0; ix < world.size; ix++) if (matches(ix)) c.push(ix);
      return c.length > 0 ? c : `no ${want} node`;
    }
    default: {
      const ix = world.indexOf(target2);
      if (ix < 0) return `unknown node ${target2}`;
      return matches(ix) ? [ix] : `${target2} is ${world.nodes[ix].state}`;
    }
  }
}
function skip(world, entry, reason) {
  world.kernel.trace.emit(T["timeline.skip"], -1, entry, reason);
  return false;
}
function applyFault(world, fault, entry, rng) {
  const names2 = world.names;
  switch (fault.kind) {
    case "crash":
    case "pause":
    case "remove":
    case "restart":
    case "resume": {
      const want = fault.kind === "restart" ? "crashed" : fault.kind === "resume" ? "paused" : "up";
      const t = resolveTarget(world, fault.target, fault.kind === "remove" ? "any" : want, rng);
      if (typeof t === "string") return skip(world, entry, `${fault.kind}: ${t}`);
      for (const ix of t) {
        if (fault.kind === "crash") world.crash(ix, fault.loseUnsynced, entry);
        else if (fault.kind === "pause") world.pause(ix, entry);
        else if (fault.kind === "remove") world.remove(ix, entry);
        else if (fault.kind === "restart") world.restart(ix, entry);
        else world.resume(ix, entry);
      }
      return true;
    }
    case "partition": {
      const layout = partitionLayout(world, fault.partition, rng);
      if (typeof layout === "string") return skip(world, entry, `partition: ${layout}`);
      world.net.setPartition(layout.matrix, world.size);
      const groups = layout.groups.map((g) => g.map((ix) => names2[ix]));
      const links = layout.links.map(([a, b3]) => [names2[a], names2[b3]]);
      world.kernel.trace.emit(T["net.partition"], -1, layout.shape, groups, links, entry);
      return true;
    }
    case "heal":
      world.net.heal();
      world.kernel.trace.emit(T["net.heal"], -1, entry);
      return true;
    case "loss":
    case "duplicate":
    case "delay": {
      let nodes2 = null;
      if (fault.nodes) {
        nodes2 = [];
        for (const target2 of fault.nodes) {
          const t = resolveTarget(world, target2, "any", rng);
          if (typeof t === "string") return skip(world, entry, `${fault.kind}: ${t}`);
          nodes2.push(...t);
        }
      }
      const nodeNames2 = nodes2 ? nodes2.map((ix) => names2[ix]) : null;
      if (fault.kind === "delay") {
        const until = world.net.addWindow("delay", 0, fault.latency, fault.forUs, nodes2);
        world.kernel.trace.emit(T["net.delay"], -1, fault.latency.minUs, fault.latency.maxUs, until, nodeNames2, entry);
      } else {
        const until = world.net.addWindow(fault.kind, fault.rate, null, fault.forUs, nodes2);
        world.kernel.trace.emit(fault.kind === "loss" ? T["net.loss"] : T["net.duplicate"], -1, fault.rate, until, nodeNames2, entry);
      }
      return true;
    }
    case "skew": {
      const t = resolveTarget(world, fault.target, "any", rng);
      if (typeof t === "string") return skip(world, entry, `skew: ${t}`);
      for (const ix of t) {
        const clock = world.nodes[ix].clock;
        if (fault.driftPpm !== null) clock.setDrift(world.kernel.now, fault.driftPpm);
        if (fault.offsetUs !== null) clock.offsetUs = fault.offsetUs;
        world.kernel.trace.emit(T["clock.skew"], ix, clock.offsetUs, clock.driftPpm, entry);
      }
      return true;
    }
    default:
      return unreachable(fault, "fault kind");
  }
}
function partitionLayout(world, spec, rng) {
  const all = [];
  for (let ix = 0; ix < world.size; ix++) if (world.nodes[ix].state !== "removed") all.push(ix);
  const n = world.size;
  if ("groups" in spec) {
    const groups = spec.groups.map((g) => g.map((name) => world.indexOf(name)));
    if (groups.some((g) => g.some((ix) => ix < 0))) return "unknown node in groups";
    return fromGroups("groups", n, completeGroups(groups, all));
  }
  if ("blocked" in spec) {
    const links = spec.blocked.map(([a, b3]) => [world.indexOf(a), world.indexOf(b3)]);
    if (links.some(([a, b3]) => a < 0 || b3 < 0)) return "unknown node in blocked links";
    return fromLinks(n, links);
  }
  switch (spec.shape) {
    case "halves":
      return fromGroups("halves", n, halves(all));
    case "bridge":
      return fromGroups("bridge", n, bridge(all));
    case "majority-ring": {
      const layout = fromLinks(n, majorityRingLinks(all));
      return { ...layout, shape: "majority-ring" };
    }
    case "random":
      return fromGroups("random", n, randomSplit(all, rng));
    case "isolate-leader": {
      const l = world.leader();
      if (l < 0) return "no leader";
      return fromGroups("isolate-leader", n, isolate(all, l));
    }
    case "isolate": {
      const t = resolveTarget(world, spec.node, "any", rng);
      if (typeof t === "string") return t;
      return fromGroups(`isolate:${world.names[t[0]]}`, n, isolate(all, t[0]));
    }
    default:
      return unreachable(spec, "partition shape");
  }
}

// sim/kernel/queue.ts
var EventQueue = class {
  constructor(maxSize, initial = 1024) {
    this.maxSize = maxSize;
    this.times = new Float64Array(initial);
    this.seqs = new Float64Array(initial);
    this.items = new Array(initial);
  }
  maxSize;
  times;
  seqs;
  items;
  n = 0;
  nextSeq = 0;
  get size() {
    return this.n;
  }
  /** Time of the earliest event; Infinity when empty. */
  peekTime() {
    return this.n === 0 ? Number.POSITIVE_INFINITY : this.times[0];
  }
  push(time, item) {
    this.pushSeq(time, this.nextSeq++, item);
  }
  /**
   * Takes the next sequence number without queueing anything: an event pushed later with it
   * (pushSeq) sorts among equal-time events exactly where one pushed now would have. Numbers
   * taken and never used leave gaps, which change no order.
   */
  reserveSeq() {
    return this.nextSeq++;
  }
  /** Pushes with a sequence number from reserveSeq() (each used at most once). */
  pushSeq(time, seq, item) {
    assert(seq < this.nextSeq, "pushSeq: sequence number was not reserved");
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    while (i > 0) {
      const p = i - 1 >> 1;
      const pt = times[p];
      if (pt < time || pt === time && seqs[p] < seq) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }
  /** Removes and returns the earliest event. The caller reads its time with peekTime() first. */
  pop() {
    assert(this.n > 0, "pop from an empty event queue");
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0];
    const last = --this.n;
    const t = times[last];
    const s = seqs[last];
    const it = items[last];
    items[last] = void 0;
    if (last > 0) {
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        const r = c + 1;
        if (r < last && (times[r] < times[c] || times[r] === times[c] && seqs[r] < seqs[c])) c = r;
        if (t < times[c] || t === times[c] && s < seqs[c]) break;
        times[i] = times[c];
        seqs[i] = seqs[c];
        items[i] = items[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      items[i] = it;
    }
    return top;
  }
  grow() {
    const cap = this.times.length * 2;
    assert(this.times.length < this.maxSize, `event queue exceeded its bound of ${this.maxSize} pending events`);
    const t = new Float64Array(cap);
    t.set(this.times);
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.times = t;
    this.seqs = s;
    this.items.length = cap;
  }
};

// sim/kernel/rng.ts
import seedrandom from "seedrandom";
var Rng = class {
  constructor(name, seed) {
    this.name = name;
    const st = seedrandom.alea(seed, { state: true }).state();
    this.st[0] = st.c;
    this.st[1] = st.s0;
    this.st[2] = st.s1;
    this.st[3] = st.s2;
  }
  name;
  // Alea, stepped here rather than through seedrandom's wrapper closures (it sits under every
  // message send). seedrandom seeds it (its Mash); the step below is alea.js's, operation for
  // operation, so the stream is the same number for number.
  // State [c, s0, s1, s2] in a Float64Array: doubles stored unboxed, no allocation per draw.
  st = new Float64Array(4);
  /** Uniform in [0, 1). */
  next() {
    const st = this.st;
    const t = 2091639 * st[1] + st[0] * 23283064365386963e-26;
    st[1] = st[2];
    st[2] = st[3];
    const c = t | 0;
    st[0] = c;
    return st[3] = t - c;
  }
  /** Integer uniform in [lo, hi). */
  int(lo, hi) {
    if (!(hi > lo)) assert(false, `rng ${this.name}: empty range [${lo}, ${hi})`);
    return lo + Math.floor(this.next() * (hi - lo));
  }
  /** True with probability p. Draws nothing when p is 0 or 1, so zero rates cost no entropy. */
  chance(p) {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }
  /** Exponential with the given mean. */
  exp(mean) {
    return -Math.log(1 - this.next()) * mean;
  }
  pick(items) {
    if (items.length === 0) assert(false, `rng ${this.name}: pick from an empty list`);
    return items[Math.floor(this.next() * items.length)];
  }
  /** A fresh unsigned 32-bit integer (e.g. to derive a sub-seed): alea's int32(). */
  u32() {
    return (this.next() * 4294967296 | 0) >>> 0;
  }
};
var RngRoot = class {
  constructor(seed) {
    this.seed = seed;
    assert(Number.isInteger(seed) && seed >= 0 && seed <= 4294967295, `seed must be an unsigned 32-bit integer, got ${seed}`);
  }
  seed;
  streams = /* @__PURE__ */ new Map();
  stream(name) {
    let s = this.streams.get(name);
    if (!s) {
      s = new Rng(name, `swarmsim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
};

// sim/kernel/event-builders.ts
var BUILT = {
  "raft.append": {
    fields: ["index", "term", "entryHash"],
    build: (seq, timeUs, node, a, b3, c) => ({ seq, timeUs, node, type: "raft.append", index: a ?? null, term: b3 ?? null, entryHash: c ?? null })
  },
  "raft.commit": {
    fields: ["index", "term"],
    build: (seq, timeUs, node, a, b3) => ({ seq, timeUs, node, type: "raft.commit", index: a ?? null, term: b3 ?? null })
  },
  "raft.apply": {
    fields: ["index", "term", "entryHash"],
    build: (seq, timeUs, node, a, b3, c) => ({ seq, timeUs, node, type: "raft.apply", index: a ?? null, term: b3 ?? null, entryHash: c ?? null })
  },
  "client.submit": {
    fields: ["opId", "client", "via", "key", "value"],
    build: (seq, timeUs, node, a, b3, c, d, e) => ({ seq, timeUs, node, type: "client.submit", opId: a ?? null, client: b3 ?? null, via: c ?? null, key: d ?? null, value: e ?? null })
  },
  "client.result": {
    fields: ["opId", "client", "result", "index", "value"],
    build: (seq, timeUs, node, a, b3, c, d, e) => ({ seq, timeUs, node, type: "client.result", opId: a ?? null, client: b3 ?? null, result: c ?? null, index: d ?? null, value: e ?? null })
  },
  "task.state": {
    fields: ["task", "service", "slot", "state", "desiredState", "error"],
    build: (seq, timeUs, node, a, b3, c, d, e, f) => ({ seq, timeUs, node, type: "task.state", task: a ?? null, service: b3 ?? null, slot: c ?? null, state: d ?? null, desiredState: e ?? null, error: f ?? null })
  },
  "container.state": {
    fields: ["task", "service", "slot", "state"],
    build: (seq, timeUs, node, a, b3, c, d) => ({ seq, timeUs, node, type: "container.state", task: a ?? null, service: b3 ?? null, slot: c ?? null, state: d ?? null })
  }
};
var EVENT_BUILDERS = (() => {
  const out = Object.keys(T).map(() => null);
  for (const [type, b3] of Object.entries(BUILT)) {
    const fields = EVENT_FIELDS[type];
    assert(fields.length === b3.fields.length && fields.every((f, i) => f === b3.fields[i]), `event-builders: fields of ${type} changed; update its builder`);
    out[T[type]] = b3.build;
  }
  return out;
})();

// sim/kernel/hash.ts
var C1 = 3432918353;
var C2 = 461845907;
var f64 = new Float64Array(1);
var u32 = new Uint32Array(f64.buffer);
function mix(h, k) {
  k = Math.imul(k, C1);
  k = k << 15 | k >>> 17;
  k = Math.imul(k, C2);
  h ^= k;
  h = h << 13 | h >>> 19;
  return Math.imul(h, 5) + 3864292196 | 0;
}
function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h >>> 0;
}
var TAG_NULL = 1314212940;
var TAG_TRUE = 1414681925;
var TAG_FALSE = 1178684499;
var TAG_STR = 1398034976;
var TAG_ARR = 1095914016;
var TAG_OBJ = 1329744416;
var TAG_FLOAT = 1179407392;
var Hasher = class {
  h1 = 625341585;
  h2 = 1540483477;
  int(x) {
    if (Number.isSafeInteger(x)) {
      const lo = x | 0;
      const hi = Math.floor(x / 4294967296) | 0;
      this.h1 = mix(this.h1, lo);
      this.h2 = mix(this.h2, hi ^ lo);
    } else {
      f64[0] = x;
      this.h1 = mix(this.h1, TAG_FLOAT ^ u32[0]);
      this.h2 = mix(this.h2, u32[1]);
    }
  }
  str(s) {
    let a = this.h1;
    let b3 = this.h2;
    a = mix(a, TAG_STR ^ s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = mix(a, c);
      b3 = mix(b3, c ^ i);
    }
    this.h1 = a;
    this.h2 = b3;
  }
  value(v3) {
    switch (typeof v3) {
      case "number":
        this.int(v3);
        return;
      case "string":
        this.str(v3);
        return;
      case "boolean":
        this.h1 = mix(this.h1, v3 ? TAG_TRUE : TAG_FALSE);
        return;
      case "undefined":
        this.h1 = mix(this.h1, TAG_NULL);
        return;
      case "object":
        if (v3 === null) {
          this.h1 = mix(this.h1, TAG_NULL);
        } else if (Array.isArray(v3)) {
          this.h1 = mix(this.h1, TAG_ARR ^ v3.length);
          for (let i = 0; i < v3.length; i++) this.value(v3[i]);
        } else {
          this.h1 = mix(this.h1, TAG_OBJ);
          for (const k in v3) {
            const x = v3[k];
            if (x === void 0) continue;
            this.str(k);
            this.value(x);
          }
        }
        return;
      default:
        throw new Error(`cannot hash a ${typeof v3}`);
    }
  }
  /** 16 hex digits. */
  digest() {
    const a = fmix(this.h1 ^ this.h2).toString(16).padStart(8, "0");
    const b3 = fmix(this.h2 + Math.imul(this.h1, 31)).toString(16).padStart(8, "0");
    return a + b3;
  }
};
var StringDigests = class {
  constructor(max = 1024) {
    this.max = max;
  }
  max;
  index = /* @__PURE__ */ new Map();
  /** Digest lanes by slot: [2·slot] low, [2·slot + 1] high. Re-read after slot(): it may grow. */
  lanes = new Int32Array(2 * 64);
  /** The slot holding the digest of `s`. */
  slot(s) {
    const known = this.index.get(s);
    if (known !== void 0) return known;
    if (this.index.size >= this.max) this.index.clear();
    const i = this.index.size;
    if (2 * i >= this.lanes.length) {
      const grown = new Int32Array(this.lanes.length * 2);
      grown.set(this.lanes);
      this.lanes = grown;
    }
    let a = TAG_STR ^ s.length;
    let b3 = 668265261;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      a = mix(a, c);
      b3 = mix(b3, c ^ k);
    }
    this.lanes[2 * i] = fmix(a) | 0;
    this.lanes[2 * i + 1] = fmix(b3 ^ s.length) | 0;
    this.index.set(s, i);
    return i;
  }
};
var MEMO_DEPTH = 5;
var TAG_SUB = 1398096416;
var subDigests = /* @__PURE__ */ new WeakMap();
var keyDigests = new StringDigests(4096);
function contentHash32(v3) {
  const h = new Hasher();
  foldContent(h, v3, 0);
  return fmix(h.h1 ^ Math.imul(h.h2, 668265261));
}
function foldContent(h, v3, depth) {
  if (typeof v3 !== "object" || v3 === null) {
    h.value(v3);
    return;
  }
  if (depth >= MEMO_DEPTH) {
    let d = subDigests.get(v3);
    if (d === void 0) {
      const sub = new Hasher();
      foldObject(sub, v3, depth);
      d = fmix(sub.h1 ^ Math.imul(sub.h2, 668265261)) | 0;
      subDigests.set(v3, d);
    }
    h.h1 = mix(h.h1, TAG_SUB);
    h.h2 = mix(h.h2, d);
    return;
  }
  foldObject(h, v3, depth);
}
function foldObject(h, v3, depth) {
  if (Array.isArray(v3)) {
    h.h1 = mix(h.h1, TAG_ARR ^ v3.length);
    for (let i = 0; i < v3.length; i++) foldContent(h, v3[i], depth + 1);
    return;
  }
  h.h1 = mix(h.h1, TAG_OBJ);
  for (const k in v3) {
    const x = v3[k];
    if (x === void 0) continue;
    const slot = keyDigests.slot(k);
    h.h1 = mix(h.h1, keyDigests.lanes[2 * slot]);
    h.h2 = mix(h.h2, keyDigests.lanes[2 * slot + 1]);
    foldContent(h, x, depth + 1);
  }
}

// sim/kernel/trace.ts
var FIELDS = EVENT_TYPES.map((t) => EVENT_FIELDS[t]);
assert(EVENT_TYPE_COUNT <= 64, "trace: event codes must fit in 6 bits");
var TAG_TIME = 1414090053;
var Trace = class {
  constructor(clock, nodeNames2, recording) {
    this.clock = clock;
    this.nodeNames = nodeNames2;
    this.recording = recording;
    if (recording) {
      this.wanted.fill(1);
      this.wantsObject.fill(1);
    }
  }
  clock;
  nodeNames;
  recording;
  /** Sequence number of the last emitted event (events are numbered from 1). */
  seq = 0;
  recorded = [];
  hasher = new Hasher();
  digests = new StringDigests();
  /** Time of the last event folded into the hash (-1: none yet). */
  lastTimeUs = -1;
  /** Per type, in subscription order: object listeners (on) and positional ones (onFields). */
  listeners = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  /** Per type, parallel to `listeners`: 1 for a positional listener. */
  positional = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  /** Per type: 1 when the event must be delivered (recording, or any listener). */
  wanted = new Uint8Array(EVENT_TYPE_COUNT);
  /** Per type: 1 when an object must be built (recording, or an object listener). */
  wantsObject = new Uint8Array(EVENT_TYPE_COUNT);
  on(type, fn) {
    const code = T[type];
    this.listeners[code].push(fn);
    this.positional[code].push(0);
    this.wanted[code] = 1;
    this.wantsObject[code] = 1;
  }
  /**
   * Subscribes positionally (see FieldListener): for hot event types, no event object is built
   * unless recording or an object listener of the same type needs one. Listeners of a type run
   * in subscription order, whichever way they subscribed.
   */
  onFields(type, fn) {
    const code = T[type];
    this.listeners[code].push(fn);
    this.positional[code].push(1);
    this.wanted[code] = 1;
  }
  /** True when an event of this type would be built (cheap guard for costly field values). */
  wants(code) {
    return this.wanted[code] === 1;
  }
  /** Emits an event; fields are positional, in the order of EVENT_FIELDS. Use null for absent values. */
  emit(code, node, a, b3, c, d, e, f) {
    const seq = this.foldHeader(code, node);
    const h = this.hasher;
    const n = FIELDS[code].length;
    if (n > 0) h.value(a);
    if (n > 1) h.value(b3);
    if (n > 2) h.value(c);
    if (n > 3) h.value(d);
    if (n > 4) h.value(e);
    if (n > 5) h.value(f);
    if (this.wanted[code] === 1) this.deliver(code, seq, node, a, b3, c, d, e, f);
  }
  /**
   * Emits a msg.send / msg.deliver / msg.drop event (the hottest types): `from` and `to` are node
   * indices, folded as numbers; the kind and the drop reason (null for send and deliver) fold as
   * memoized string digests. The built event is the same as emit() would build with node names.
   */
  emitMsg(code, node, msgId, from, to, kind, reason) {
    const seq = this.foldHeader(code, node);
    const h = this.hasher;
    const digests = this.digests;
    let h1 = mix(h.h1, msgId | 0);
    let h2 = mix(h.h2, Math.floor(msgId / 4294967296) | 0);
    h1 = mix(h1, from);
    h2 = mix(h2, to);
    let slot = digests.slot(kind);
    h1 = mix(h1, digests.lanes[2 * slot]);
    h2 = mix(h2, digests.lanes[2 * slot + 1]);
    if (reason !== null) {
      slot = digests.slot(reason);
      h1 = mix(h1, digests.lanes[2 * slot]);
      h2 = mix(h2, digests.lanes[2 * slot + 1]);
    }
    h.h1 = h1;
    h.h2 = h2;
    if (this.wanted[code] === 1) this.deliverMsg(code, seq, node, msgId, from, to, kind, reason);
  }
  /**
   * Numbers the event and folds its header. The time folds only when it changed since the last
   * event (events at one instant share it), which the hash still pins down: a TAG_TIME word
   * marks every change.
   */
  foldHeader(code, node) {
    const seq = ++this.seq;
    const h = this.hasher;
    const timeUs = this.clock.now;
    if (timeUs !== this.lastTimeUs) {
      this.lastTimeUs = timeUs;
      h.h1 = mix(h.h1, TAG_TIME);
      h.int(timeUs);
    }
    h.h1 = mix(h.h1, node + 1 << 6 | code);
    h.h2 = mix(h.h2, seq | 0);
    return seq;
  }
  /** Builds the event object (when needed) for the recording and the listeners of its type. */
  deliver(code, seq, node, a, b3, c, d, e, f) {
    const timeUs = this.clock.now;
    let event = null;
    if (this.wantsObject[code] === 1) {
      const nodeName = node < 0 ? null : this.nodeNames[node];
      const builder = EVENT_BUILDERS[code];
      event = builder !== null ? builder(seq, timeUs, nodeName, a, b3, c, d, e, f) : buildEvent(code, seq, timeUs, nodeName, a, b3, c, d, e, f);
      if (this.recording) this.recorded.push(event);
    }
    const ls = this.listeners[code];
    const pos = this.positional[code];
    for (let i = 0; i < ls.length; i++) {
      if (pos[i] === 1) ls[i](seq, timeUs, node, a, b3, c, d, e, f);
      else ls[i](event);
    }
  }
  /** deliver() for message events: objects carry node names, positional listeners get indices. */
  deliverMsg(code, seq, node, msgId, from, to, kind, reason) {
    const timeUs = this.clock.now;
    let event = null;
    if (this.wantsObject[code] === 1) {
      const names2 = this.nodeNames;
      const nodeName = node < 0 ? null : names2[node];
      const builder = EVENT_BUILDERS[code];
      event = builder !== null ? builder(seq, timeUs, nodeName, msgId, names2[from], names2[to], kind, reason, null) : buildEvent(code, seq, timeUs, nodeName, msgId, names2[from], names2[to], kind, reason, null);
      if (this.recording) this.recorded.push(event);
    }
    const ls = this.listeners[code];
    const pos = this.positional[code];
    for (let i = 0; i < ls.length; i++) {
      if (pos[i] === 1) ls[i](seq, timeUs, node, msgId, from, to, kind, reason, null);
      else ls[i](event);
    }
  }
  /** The trace hash: covers every event emitted so far, recorded or not. */
  hash() {
    return this.hasher.digest();
  }
};
function buildEvent(code, seq, timeUs, node, a, b3, c, d, e, f) {
  const names2 = FIELDS[code];
  const n = names2.length;
  const ev = { seq, timeUs, node, type: EVENT_TYPES[code] };
  if (n > 0) ev[names2[0]] = a ?? null;
  if (n > 1) ev[names2[1]] = b3 ?? null;
  if (n > 2) ev[names2[2]] = c ?? null;
  if (n > 3) ev[names2[3]] = d ?? null;
  if (n > 4) ev[names2[4]] = e ?? null;
  if (n > 5) ev[names2[5]] = f ?? null;
  return ev;
}

// sim/kernel/kernel.ts
var Kernel = class {
  now = 0;
  /** Kernel events fired so far (messages, timers, timeline entries). */
  fired = 0;
  rng;
  trace;
  queue;
  stopReason = null;
  constructor(opts) {
    this.rng = new RngRoot(opts.seed);
    this.trace = new Trace(this, opts.nodeNames, opts.record);
    this.queue = new EventQueue(opts.maxPendingEvents ?? 5e7);
  }
  /** Schedules an event at an absolute time (integer µs, not in the past). */
  at(time, ev) {
    if (!(time >= this.now && Number.isInteger(time))) assert(false, `schedule at ${time}us, now ${this.now}us: must be an integer not in the past`);
    this.queue.push(time, ev);
  }
  after(delay, ev) {
    this.at(this.now + delay, ev);
  }
  /** The FIFO position an event scheduled now would take, for atSeq() later (see EventQueue.reserveSeq). */
  reserveSeq() {
    return this.queue.reserveSeq();
  }
  /** Schedules at `time` in the FIFO position reserved by reserveSeq(): as if scheduled back then. */
  atSeq(time, seq, ev) {
    if (!(time >= this.now && Number.isInteger(time))) assert(false, `schedule at ${time}us, now ${this.now}us: must be an integer not in the past`);
    this.queue.pushSeq(time, seq, ev);
  }
  get pending() {
    return this.queue.size;
  }
  /** Asks the loop to stop after the current event (a checker found a violation). */
  stop(reason) {
    if (this.stopReason === null) this.stopReason = reason;
  }
  get stopped() {
    return this.stopReason;
  }
  /**
   * Runs until the queue empties, simulated time passes `untilUs`, `maxEvents` kernel events
   * have fired, or stop() is called. Never hangs: both bounds are mandatory.
   */
  run(untilUs, maxEvents) {
    const q = this.queue;
    const budgetEnd = this.fired + maxEvents;
    while (this.stopReason === null) {
      const t = q.peekTime();
      if (t === Number.POSITIVE_INFINITY) return "done";
      if (t > untilUs) {
        this.now = untilUs;
        return "time-limit";
      }
      if (this.fired >= budgetEnd) return "budget-exhausted";
      const ev = q.pop();
      this.now = t;
      this.fired++;
      ev.fire();
    }
    return "stopped";
  }
};

// sim/world/network.ts
var SEND = T["msg.send"];
var DELIVER = T["msg.deliver"];
var DROP = T["msg.drop"];
var Delivery = class {
  constructor(net, msgId, from, to, msg2, toGen) {
    this.net = net;
    this.msgId = msgId;
    this.from = from;
    this.to = to;
    this.msg = msg2;
    this.toGen = toGen;
  }
  net;
  msgId;
  from;
  to;
  msg;
  toGen;
  deferredAtUs = 0;
  fire() {
    this.net.deliver(this);
  }
};
var WindowEnd = class {
  constructor(net, w) {
    this.net = net;
    this.w = w;
  }
  net;
  w;
  fire() {
    this.net.endWindow(this.w);
  }
};
var Network = class {
  constructor(kernel, nodes2, spec, rng, pausedTimeoutUs) {
    this.kernel = kernel;
    this.nodes = nodes2;
    this.spec = spec;
    this.rng = rng;
    this.cap = Math.max(8, nodes2.length + 8);
    this.lastDeliveryUs = new Float64Array(this.cap * this.cap);
    this.pausedTimeoutUs = pausedTimeoutUs;
  }
  kernel;
  nodes;
  spec;
  rng;
  msgSeq = 0;
  cap;
  /** Last scheduled delivery time per directed link, for FIFO order. */
  lastDeliveryUs;
  blocked = null;
  windows = [];
  /** Messages waiting at a paused node longer than this are dropped (the sender's send timeout). */
  pausedTimeoutUs;
  /** Grows link tables when nodes join. */
  ensureCapacity(n) {
    if (n <= this.cap) return;
    const cap = Math.max(n + 8, this.cap * 2);
    const last = new Float64Array(cap * cap);
    for (let a = 0; a < this.cap; a++) last.set(this.lastDeliveryUs.subarray(a * this.cap, (a + 1) * this.cap), a * cap);
    if (this.blocked) {
      const b3 = new Uint8Array(cap * cap);
      for (let a = 0; a < this.cap; a++) b3.set(this.blocked.subarray(a * this.cap, (a + 1) * this.cap), a * cap);
      this.blocked = b3;
    }
    this.lastDeliveryUs = last;
    this.cap = cap;
  }
  /** Installs a partition given as an n×n matrix over current nodes (n = matrix side). */
  setPartition(matrix, n) {
    const b3 = new Uint8Array(this.cap * this.cap);
    for (let a = 0; a < n; a++) b3.set(matrix.subarray(a * n, (a + 1) * n), a * this.cap);
    this.blocked = b3;
  }
  heal() {
    this.blocked = null;
  }
  get partitioned() {
    return this.blocked !== null;
  }
  isBlocked(from, to) {
    return this.blocked !== null && this.blocked[from * this.cap + to] === 1;
  }
  addWindow(kind, rate, latency, forUs, nodes2) {
    let mask = null;
    if (nodes2) {
      mask = new Uint8Array(this.cap);
      for (const ix of nodes2) mask[ix] = 1;
    }
    const w = { kind, rate, latency, untilUs: this.kernel.now + forUs, mask };
    this.windows.push(w);
    this.kernel.at(w.untilUs, new WindowEnd(this, w));
    return w.untilUs;
  }
  endWindow(w) {
    const i = this.windows.indexOf(w);
    assert(i >= 0, "window ended twice");
    this.windows.splice(i, 1);
    this.kernel.trace.emit(T["net.window-end"], -1, w.kind);
  }
  hasWindows() {
    return this.windows.length > 0;
  }
  send(from, to, msg2) {
    const k = this.kernel;
    const msgId = ++this.msgSeq;
    const tr = k.trace;
    tr.emitMsg(SEND, from, msgId, from, to, msg2.kind, null);
    let loss = this.spec.loss;
    let dup = this.spec.duplicate;
    let lat = this.spec.latency;
    const ws = this.windows;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (w.mask !== null && w.mask[from] === 0 && w.mask[to] === 0) continue;
      if (w.kind === "loss") loss = Math.max(loss, w.rate);
      else if (w.kind === "duplicate") dup = Math.max(dup, w.rate);
      else if (w.latency !== null) lat = w.latency;
    }
    if (this.rng.chance(loss)) {
      tr.emitMsg(DROP, from, msgId, from, to, msg2.kind, "loss");
      return;
    }
    const toGen = this.nodes[to].gen;
    this.schedule(new Delivery(this, msgId, from, to, msg2, toGen), lat);
    if (this.rng.chance(dup)) this.schedule(new Delivery(this, msgId, from, to, msg2, toGen), lat);
  }
  schedule(d, lat) {
    const rng = this.rng;
    let delay = lat.maxUs > lat.minUs ? rng.int(lat.minUs, lat.maxUs + 1) : lat.minUs;
    if (lat.tailP > 0 && rng.chance(lat.tailP)) delay += Math.round(rng.exp(lat.tailMeanUs));
    let at = this.kernel.now + delay;
    const link = d.from * this.cap + d.to;
    if (!rng.chance(this.spec.reorder)) {
      const last = this.lastDeliveryUs[link];
      if (at < last) at = last;
      this.lastDeliveryUs[link] = at;
    }
    this.kernel.at(at, d);
  }
  deliver(d) {
    const node = this.nodes[d.to];
    const tr = this.kernel.trace;
    if (node.state === "crashed" || node.state === "removed" || node.gen !== d.toGen) {
      tr.emitMsg(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, "crashed");
      return;
    }
    if (this.isBlocked(d.from, d.to)) {
      tr.emitMsg(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, "partition");
      return;
    }
    if (node.state === "paused") {
      if (d.deferredAtUs === 0) d.deferredAtUs = this.kernel.now;
      node.deferred.push(d);
      return;
    }
    if (d.deferredAtUs !== 0 && this.kernel.now - d.deferredAtUs > this.pausedTimeoutUs) {
      tr.emitMsg(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, "paused-timeout");
      return;
    }
    tr.emitMsg(DELIVER, d.to, d.msgId, d.from, d.to, d.msg.kind, null);
    const p = node.process;
    assert(p !== null, () => `${node.name} is up without a process`);
    p.onMessage(d.from, d.msg);
  }
  /** A message dropped because the paused receiver's buffer overflowed. */
  dropDeferred(d) {
    if (!(d instanceof Delivery)) return false;
    this.kernel.trace.emitMsg(DROP, d.to, d.msgId, d.from, d.to, d.msg.kind, "paused-timeout");
    return true;
  }
};

// sim/world/clock.ts
var LocalClock = class {
  offsetUs = 0;
  driftPpm = 0;
  /** Local monotonic time (without offset) at `anchorTrueUs`. */
  anchorLocalUs = 0;
  anchorTrueUs = 0;
  /** Monotonic local time (drift only). */
  monotonic(trueUs) {
    return this.anchorLocalUs + Math.round((trueUs - this.anchorTrueUs) * (1 + this.driftPpm / 1e6));
  }
  /** Wall-clock local time (drift and offset). */
  wall(trueUs) {
    return this.monotonic(trueUs) + this.offsetUs;
  }
  /** True-time delay for a local-time delay, at the current drift. At least 1 µs for positive delays. */
  trueDelay(localUs) {
    if (localUs <= 0) return 0;
    return Math.max(1, Math.ceil(localUs / (1 + this.driftPpm / 1e6)));
  }
  setDrift(trueUs, driftPpm) {
    this.anchorLocalUs = this.monotonic(trueUs);
    this.anchorTrueUs = trueUs;
    this.driftPpm = driftPpm;
  }
};

// sim/world/disk.ts
var SimDisk = class {
  objects = /* @__PURE__ */ new Map();
  open(name, init) {
    let d = this.objects.get(name);
    if (!d) {
      d = init();
      this.objects.set(name, d);
    }
    return d;
  }
  wipe() {
    this.objects.clear();
  }
  crash(loseUnsynced) {
    for (const d of this.objects.values()) d.onCrash(loseUnsynced);
  }
};

// sim/world/node.ts
var SimNode = class {
  constructor(ix, spec, world, rng) {
    this.ix = ix;
    this.spec = spec;
    this.host = new NodeHost(this, world, rng);
  }
  ix;
  spec;
  state = "up";
  /** Incarnation: bumped on crash/remove so stale timers and connections die with the process. */
  gen = 0;
  process = null;
  clock = new LocalClock();
  disk = new SimDisk();
  deferred = [];
  host;
  get name() {
    return this.spec.name;
  }
};
var TimerEvent = class {
  constructor(node, gen, tag, data, atUs, seq) {
    this.node = node;
    this.gen = gen;
    this.tag = tag;
    this.data = data;
    this.queuedUs = atUs;
    this.queuedSeq = seq;
    this.dueUs = atUs;
    this.dueSeq = seq;
  }
  node;
  gen;
  tag;
  data;
  cancelled = false;
  deferredAtUs = 0;
  /** In the kernel queue at (queuedUs, queuedSeq); false once popped (fired, or deferred while paused). */
  queued = true;
  queuedUs;
  queuedSeq;
  /** Where the timer is due: the queued position unless resetTimer() moved it later. */
  dueUs;
  dueSeq;
  fire() {
    const node = this.node;
    this.queued = false;
    if (this.cancelled || node.gen !== this.gen) return;
    if (this.dueSeq !== this.queuedSeq) {
      this.queued = true;
      this.queuedUs = this.dueUs;
      this.queuedSeq = this.dueSeq;
      node.host.world.kernel.atSeq(this.dueUs, this.dueSeq, this);
      return;
    }
    if (node.state === "paused") {
      this.deferredAtUs = node.host.world.kernel.now;
      node.deferred.push(this);
      return;
    }
    assert(node.state === "up" && node.process !== null, () => `timer fired on ${node.name} in state ${node.state}`);
    node.process.onTimer(this.tag, this.data);
  }
};
var NodeHost = class {
  constructor(node, world, rng) {
    this.node = node;
    this.world = world;
    this.rng = rng;
  }
  node;
  world;
  rng;
  get id() {
    return this.node.ix;
  }
  get name() {
    return this.node.spec.name;
  }
  get trace() {
    return this.world.kernel.trace;
  }
  get disk() {
    return this.node.disk;
  }
  get nodeNames() {
    return this.world.names;
  }
  now() {
    return this.node.clock.wall(this.world.kernel.now);
  }
  send(to, msg2) {
    assert(this.node.state === "up", () => `${this.name} sent ${msg2.kind} while ${this.node.state}`);
    this.world.send(this.node.ix, to, msg2);
  }
  setTimer(afterUs, tag, data) {
    assert(afterUs >= 0 && Number.isFinite(afterUs), () => `${this.name}: timer delay ${afterUs}us`);
    const k = this.world.kernel;
    const atUs = k.now + this.node.clock.trueDelay(Math.round(afterUs));
    const seq = k.reserveSeq();
    const ev = new TimerEvent(this.node, this.node.gen, tag, data, atUs, seq);
    k.atSeq(atUs, seq, ev);
    return ev;
  }
  cancelTimer(t) {
    t.cancelled = true;
  }
  /**
   * cancelTimer(t) + setTimer(afterUs, t's tag, t's data), with the same effect on the order of
   * events, but a timer still queued for no later than the new due time just records it and moves
   * when its old time comes (a liveness deadline pushed back at every heartbeat costs one queue
   * entry per deadline, not one per heartbeat). Returns the handle to keep (maybe `t` itself).
   */
  resetTimer(t, afterUs) {
    assert(t instanceof TimerEvent && t.node === this.node, () => `${this.name}: reset of a timer this host did not set`);
    assert(afterUs >= 0 && Number.isFinite(afterUs), () => `${this.name}: timer delay ${afterUs}us`);
    const k = this.world.kernel;
    const atUs = k.now + this.node.clock.trueDelay(Math.round(afterUs));
    const seq = k.reserveSeq();
    if (t.queued && !t.cancelled && t.gen === this.node.gen && t.queuedUs <= atUs) {
      t.dueUs = atUs;
      t.dueSeq = seq;
      return t;
    }
    t.cancelled = true;
    const ev = new TimerEvent(this.node, this.node.gen, t.tag, t.data, atUs, seq);
    k.atSeq(atUs, seq, ev);
    return ev;
  }
  random() {
    return this.rng.next();
  }
  indexOf(name) {
    return this.world.indexOf(name);
  }
};

// sim/world/world.ts
var World = class {
  kernel;
  names;
  nodes;
  net;
  index = /* @__PURE__ */ new Map();
  maxDeferred;
  factory = null;
  /** Raft role per node as last traced, and its term (for selectors like `leader`). */
  role;
  roleTerm;
  /** Nodes currently in the Raft membership (initial managers; updated by raft.member events). */
  managers = /* @__PURE__ */ new Set();
  constructor(cfg) {
    this.names = cfg.nodes.map((n) => n.name);
    this.kernel = new Kernel({ seed: cfg.seed, record: cfg.record, nodeNames: this.names, maxPendingEvents: cfg.maxPendingEvents });
    cfg.nodes.forEach((spec, ix) => {
      assert(!this.index.has(spec.name), `duplicate node name ${spec.name}`);
      this.index.set(spec.name, ix);
      if (spec.role === "manager" && !spec.joinLater) this.managers.add(ix);
    });
    this.nodes = cfg.nodes.map((spec, ix) => new SimNode(ix, spec, this, this.kernel.rng.stream(`node:${spec.name}`)));
    this.net = new Network(this.kernel, this.nodes, cfg.network, this.kernel.rng.stream("net"), cfg.pausedTimeoutUs ?? 2 * SEC);
    this.maxDeferred = cfg.maxDeferred ?? 1e5;
    this.role = this.nodes.map(() => "none");
    this.roleTerm = this.nodes.map(() => 0);
    this.kernel.trace.on("raft.role", (e) => {
      const ix = this.index.get(e.node);
      this.role[ix] = e.role;
      this.roleTerm[ix] = e.term;
    });
    this.kernel.trace.on("raft.member", (e) => {
      const ix = this.index.get(e.member);
      if (ix === void 0) return;
      if (e.change === "add") this.managers.add(ix);
      else this.managers.delete(ix);
    });
  }
  get size() {
    return this.nodes.length;
  }
  /** Boots every node with processes from `factory` (also used on restart). */
  start(factory) {
    assert(this.factory === null, "world started twice");
    this.factory = factory;
    for (const node of this.nodes) this.boot(node);
  }
  boot(node) {
    assert(this.factory !== null, "boot before start");
    node.state = "up";
    node.process = this.factory(node);
    node.process.start();
  }
  indexOf(name) {
    return this.index.get(name) ?? -1;
  }
  send(from, to, msg2) {
    assert(to >= 0 && to < this.nodes.length, () => `${this.names[from]} sent ${msg2.kind} to unknown node ${to}`);
    this.net.send(from, to, msg2);
  }
  node(ix) {
    return this.nodes[ix];
  }
  // --- selectors -------------------------------------------------------------------------
  /** The up node that last claimed leadership in the highest term, or -1. */
  leader() {
    let best = -1;
    for (let ix = 0; ix < this.nodes.length; ix++) {
      if (this.nodes[ix].state !== "up" || this.role[ix] !== "leader") continue;
      if (best < 0 || this.roleTerm[ix] > this.roleTerm[best]) best = ix;
    }
    return best;
  }
  roleOf(ix) {
    return this.role[ix];
  }
  // --- lifecycle faults --------------------------------------------------------------------
  crash(ix, loseUnsynced, entry) {
    const node = this.nodes[ix];
    if (node.state === "crashed" || node.state === "removed") return false;
    node.state = "crashed";
    node.gen++;
    node.process = null;
    node.deferred.length = 0;
    this.role[ix] = "none";
    this.kernel.trace.emit(T["node.crash"], ix, loseUnsynced, entry);
    node.disk.crash(loseUnsynced);
    return true;
  }
  restart(ix, entry) {
    const node = this.nodes[ix];
    if (node.state !== "crashed") return false;
    this.kernel.trace.emit(T["node.restart"], ix, entry);
    this.boot(node);
    return true;
  }
  pause(ix, entry) {
    const node = this.nodes[ix];
    if (node.state !== "up") return false;
    node.state = "paused";
    this.kernel.trace.emit(T["node.pause"], ix, entry);
    return true;
  }
  resume(ix, entry) {
    const node = this.nodes[ix];
    if (node.state !== "paused") return false;
    node.state = "up";
    this.kernel.trace.emit(T["node.resume"], ix, entry);
    const waiting = node.deferred.splice(0);
    const overflow = waiting.length - this.maxDeferred;
    for (let i = 0; i < waiting.length; i++) {
      if (i < overflow && this.net.dropDeferred(waiting[i])) continue;
      this.kernel.at(this.kernel.now, waiting[i]);
    }
    return true;
  }
  remove(ix, entry) {
    const node = this.nodes[ix];
    if (node.state === "removed") return false;
    node.state = "removed";
    node.gen++;
    node.process = null;
    node.deferred.length = 0;
    node.disk.wipe();
    this.role[ix] = "none";
    this.kernel.trace.emit(T["node.remove"], ix, entry);
    return true;
  }
  /** Nodes that are up (not crashed, paused or removed). */
  upNodes() {
    const out = [];
    for (const n of this.nodes) if (n.state === "up") out.push(n.ix);
    return out;
  }
};

// sim/check/linearizability.ts
var ALWAYS_DECIDED_OPS = 200;
var WITNESS_TAIL = 8;
function checkHistory(ops, opts) {
  const byKey = /* @__PURE__ */ new Map();
  for (const op of ops) {
    assert(op.returnUs === null || op.returnUs >= op.invokeUs, () => `op ${op.opId} returns (${op.returnUs}) before its call (${op.invokeUs})`);
    let list = byKey.get(op.key);
    if (list === void 0) byKey.set(op.key, list = []);
    list.push(op);
  }
  let budget = ops.length <= ALWAYS_DECIDED_OPS ? Number.POSITIVE_INFINITY : opts.budget;
  let explored = 0;
  let unknownKey;
  for (const [key, list] of byKey) {
    const writes = list.filter((o) => o.kind === "write");
    const w = searchKey(writes, budget);
    explored += w.explored;
    budget -= w.explored;
    if (w.result === "violation") return { result: "violation", key, witness: w.witness, invariant: "api.linearizable-writes", explored };
    const full = writes.length === list.length ? repeatSearch(w, budget) : searchKey(list, budget);
    explored += full.explored;
    budget -= full.explored;
    if (full.result === "violation") {
      const culprit = list.find((o) => o.opId === full.culprit);
      const phantom = culprit !== void 0 && culprit.kind === "read" && culprit.output !== null && !writes.some((o) => o.input === culprit.output);
      const invariant = phantom ? "api.linearizable-writes" : "api.linearizable-reads";
      return { result: "violation", key, witness: full.witness, invariant, explored };
    }
    if (w.result === "unknown" || full.result === "unknown") unknownKey ??= key;
  }
  return unknownKey === void 0 ? { result: "ok", explored } : { result: "unknown", key: unknownKey, explored };
}
function repeatSearch(first, budget) {
  if (first.explored === 0) return first;
  if (first.result !== "unknown" && first.explored <= budget) return first;
  return { result: "unknown", explored: Math.max(1, Math.floor(budget) + 1) };
}
function searchKey(history, budget) {
  const ops = [];
  for (const o of history) if (o.kind === "write" || o.returnUs !== null) ops.push(o);
  const n = ops.length;
  if (n === 0) return { result: "ok", explored: 0 };
  const values = /* @__PURE__ */ new Map();
  const opIds = new Array(n);
  const isWrite = new Uint8Array(n);
  const opValue = new Int32Array(n);
  const opPos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = ops[i];
    const w = o.kind === "write";
    opIds[i] = o.opId;
    isWrite[i] = w ? 1 : 0;
    const v3 = w ? o.input : o.output;
    if (v3 !== null) {
      let id = values.get(v3);
      if (id === void 0) values.set(v3, id = values.size + 1);
      opValue[i] = id;
    }
    opPos[i] = w && o.output !== null && isDecimal(o.output) ? Number(o.output) : -1;
  }
  const m = 2 * n;
  const timeOf = new Float64Array(m);
  const order = new Array(m);
  for (let i = 0; i < n; i++) {
    const o = ops[i];
    timeOf[2 * i] = o.invokeUs;
    timeOf[2 * i + 1] = o.returnUs ?? Number.POSITIVE_INFINITY;
    order[2 * i] = 2 * i;
    order[2 * i + 1] = 2 * i + 1;
  }
  order.sort((a, b3) => timeOf[a] - timeOf[b3] || (a & 1) - (b3 & 1) || a - b3);
  const HEAD = m;
  const next = new Int32Array(m + 1).fill(-1);
  const prev = new Int32Array(m + 1).fill(-1);
  let last = HEAD;
  for (let k = 0; k < m; k++) {
    const e2 = order[k];
    next[last] = e2;
    prev[e2] = last;
    last = e2;
  }
  const zob = new Int32Array(n);
  for (let i = 0; i < n; i++) zob[i] = mix32(i + 1);
  const words = n + 31 >>> 5;
  const bits = new Uint32Array(words);
  let setHash = 0;
  let slots = new Int32Array(1024);
  let memoCap = 256;
  let memoCount = 0;
  let memoHash = new Int32Array(memoCap);
  let memoValue = new Int32Array(memoCap);
  let memoPos = new Float64Array(memoCap);
  let memoBits = new Uint32Array(memoCap * words);
  const seen2 = (value2, pos2) => {
    const h = setHash ^ mix32(value2 * 2654435761 + pos2 + 7) | 0;
    let mask = slots.length - 1;
    let s = h & mask;
    for (let c2 = slots[s] - 1; c2 >= 0; c2 = slots[s] - 1) {
      if (memoHash[c2] === h && memoValue[c2] === value2 && memoPos[c2] === pos2 && sameBits(memoBits, c2 * words, bits)) return true;
      s = s + 1 & mask;
    }
    if (memoCount === memoCap) {
      memoCap *= 2;
      memoHash = grownInt32(memoHash, memoCap);
      memoValue = grownInt32(memoValue, memoCap);
      const p = new Float64Array(memoCap);
      p.set(memoPos);
      memoPos = p;
      const b3 = new Uint32Array(memoCap * words);
      b3.set(memoBits);
      memoBits = b3;
    }
    const c = memoCount++;
    memoHash[c] = h;
    memoValue[c] = value2;
    memoPos[c] = pos2;
    memoBits.set(bits, c * words);
    if (2 * memoCount > slots.length) {
      slots = new Int32Array(slots.length * 2);
      mask = slots.length - 1;
      for (let k = 0; k < memoCount; k++) {
        let t = memoHash[k] & mask;
        while (slots[t] !== 0) t = t + 1 & mask;
        slots[t] = k + 1;
      }
    } else {
      slots[s] = c + 1;
    }
    return false;
  };
  const stackCall = new Int32Array(n);
  const stackValue = new Int32Array(n);
  const stackPos = new Float64Array(n);
  let depth = 0;
  let value = 0;
  let pos = 0;
  let explored = 0;
  let bestDepth = -1;
  let witness = [];
  let culprit = -1;
  let e = next[HEAD];
  while (e !== -1) {
    if (++explored > budget) return { result: "unknown", explored };
    if ((e & 1) === 0) {
      const i = e >> 1;
      let ok;
      let nv = value;
      let np = pos;
      if (isWrite[i] === 1) {
        const p = opPos[i];
        ok = p < 0 || p > pos;
        nv = opValue[i];
        if (p >= 0) np = p;
      } else {
        ok = opValue[i] === value;
      }
      if (ok) {
        bits[i >>> 5] |= 1 << (i & 31);
        setHash ^= zob[i];
        if (!seen2(nv, np)) {
          assert(depth < n, "linearizability: stack deeper than the history");
          stackCall[depth] = e;
          stackValue[depth] = value;
          stackPos[depth] = pos;
          depth++;
          value = nv;
          pos = np;
          next[prev[e]] = next[e];
          if (next[e] >= 0) prev[next[e]] = prev[e];
          next[prev[e + 1]] = next[e + 1];
          if (next[e + 1] >= 0) prev[next[e + 1]] = prev[e + 1];
          e = next[HEAD];
          continue;
        }
        bits[i >>> 5] &= ~(1 << (i & 31));
        setHash ^= zob[i];
      }
      e = next[e];
    } else {
      if (depth > bestDepth) {
        bestDepth = depth;
        culprit = opIds[e >> 1];
        witness = [];
        for (let k = Math.max(0, depth - WITNESS_TAIL); k < depth; k++) witness.push(opIds[stackCall[k] >> 1]);
        witness.push(culprit);
      }
      if (depth === 0) return { result: "violation", explored, witness, culprit };
      depth--;
      const call = stackCall[depth];
      const i = call >> 1;
      bits[i >>> 5] &= ~(1 << (i & 31));
      setHash ^= zob[i];
      value = stackValue[depth];
      pos = stackPos[depth];
      const r = call + 1;
      if (next[r] >= 0) prev[next[r]] = r;
      next[prev[r]] = r;
      if (next[call] >= 0) prev[next[call]] = call;
      next[prev[call]] = call;
      e = next[call];
    }
  }
  return { result: "ok", explored };
}
function isDecimal(s) {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
function sameBits(arena, base, bits) {
  for (let w = 0; w < bits.length; w++) if (arena[base + w] !== bits[w]) return false;
  return true;
}
function grownInt32(a, cap) {
  const b3 = new Int32Array(cap);
  b3.set(a);
  return b3;
}
function mix32(x) {
  let h = Math.imul(x | 0, 2654435761);
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h | 0;
}
var LINEARIZABILITY_DEFAULTS = Object.freeze({ budget: 5e6, maxOps: 2e5 });
var LinearizabilityChecker = class {
  ids = ["api.linearizable-writes", "api.linearizable-reads"];
  ctx;
  cfg;
  ops = /* @__PURE__ */ new Map();
  /** Time of the first submission ignored because of maxOps, or null. */
  cutoffUs = null;
  /** The last verdict, for tests and reports. */
  lastResult = null;
  constructor(cfg = {}) {
    this.cfg = { ...LINEARIZABILITY_DEFAULTS, ...cfg };
  }
  attach(ctx) {
    this.ctx = ctx;
    ctx.trace.onFields(
      "client.submit",
      (seq, timeUs, _node, opId, client, via, key, value) => this.onSubmit(seq, timeUs, opId, client, via, key, value ?? null)
    );
    ctx.trace.onFields(
      "client.result",
      (seq, timeUs, _node, opId, _client, result2, index, value) => this.onResult(seq, timeUs, opId, result2, index, value ?? null)
    );
  }
  onSubmit(seq, timeUs, opId, client, via, key, value) {
    if (this.ops.size >= this.cfg.maxOps) {
      this.cutoffUs ??= timeUs;
      return;
    }
    const kind = value === null ? "read" : "write";
    const c = { opId, client, key, kind, invokeUs: timeUs, returnUs: null, input: value, output: null, submitSeq: seq, resultSeq: -1, via, dropped: false };
    this.ops.set(opId, c);
  }
  onResult(seq, timeUs, opId, result2, index, value) {
    const c = this.ops.get(opId);
    if (c === void 0 || c.resultSeq >= 0) return;
    c.resultSeq = seq;
    const read = c.kind === "read";
    switch (result2) {
      case "ok":
        c.returnUs = timeUs;
        c.output = read ? value : index > 0 ? String(index) : null;
        break;
      case "not-leader":
        c.dropped = true;
        break;
      case "error":
        c.dropped = read;
        break;
      case "timeout":
        break;
    }
  }
  finish(_endUs) {
    const history = [];
    for (const c of this.ops.values()) {
      if (c.dropped) continue;
      if (c.kind === "read" && this.cutoffUs !== null && (c.returnUs === null || c.returnUs >= this.cutoffUs)) continue;
      history.push(c);
    }
    const r = checkHistory(history, { budget: this.cfg.budget });
    this.lastResult = r;
    if (r.result !== "violation") return;
    const witness = r.witness ?? [];
    const described = witness.map((id) => describe2(this.ops.get(id)));
    const culprit = this.ops.get(witness[witness.length - 1]);
    const what = r.invariant === "api.linearizable-writes" ? "the acknowledged writes cannot be put in one order that respects both real time and the order in which they took effect (or a read returned a value no write produced)" : `no single order of the operations explains what the reads returned: ${describe2(culprit)} cannot follow any valid order of the operations before it`;
    const seqs = [];
    const nodes2 = [];
    for (const id of witness) {
      const c = this.ops.get(id);
      seqs.push(c.submitSeq);
      if (c.resultSeq >= 0) seqs.push(c.resultSeq);
      if (!nodes2.includes(c.via)) nodes2.push(c.via);
    }
    this.ctx.violation(
      r.invariant,
      `The client history of key ${r.key} is not linearizable: ${what}. Longest valid order found, ending with the operation that breaks it: ${described.join("; ")}.`,
      nodes2,
      seqs
    );
  }
};
function describe2(c) {
  const o = c;
  const span = o.returnUs === null ? `from ${o.invokeUs}us, no response` : `${o.invokeUs}..${o.returnUs}us`;
  const body = o.kind === "read" ? `read \u2192 ${o.output ?? "nothing"}` : `write ${o.input}${o.output === null ? "" : ` (index ${o.output})`}`;
  return `op ${o.opId} by ${o.client} via ${c.via}: ${body} (${span}, events #${c.submitSeq}${c.resultSeq >= 0 ? `/#${c.resultSeq}` : ""})`;
}

// sim/check/digest.ts
var EMPTY_PREFIX_DIGEST = 1779033703;
function mixEntry(prev, term, entryHash) {
  let h = mix(prev | 0, term | 0);
  h = mix(h, Math.floor(term / 4294967296) | 0);
  h = mix(h, entryHash | 0);
  return fmix(h);
}
function snapshotSeed(index, term) {
  return fmix(mix(mix(1013904242, index | 0), term | 0));
}

// sim/check/raft-log-view.ts
var STRIDE = 4;
var INITIAL_ENTRIES = 64;
var RaftLogView = class {
  /** Entries at indexes ≤ baseIndex are not stored (snapshot or trimmed). */
  baseIndex = 0;
  baseTerm = 0;
  baseDigest = EMPTY_PREFIX_DIGEST;
  /**
   * False when the prefix up to the base came from a snapshot whose entries the checker never saw:
   * its digests are then private to this node and never compared across nodes.
   */
  anchored = true;
  cols = new Float64Array(INITIAL_ENTRIES * STRIDE);
  /** Slot (in entries) of the entry at baseIndex + 1. */
  start = 0;
  /** Entries stored. */
  count = 0;
  get lastIndex() {
    return this.baseIndex + this.count;
  }
  /** True when the entry at `index` is stored (not compacted, not beyond the end). */
  has(index) {
    return index > this.baseIndex && index <= this.baseIndex + this.count;
  }
  /** True when the prefix digest at `index` is known (a stored entry or the base itself). */
  hasDigest(index) {
    return index >= this.baseIndex && index <= this.baseIndex + this.count;
  }
  /** Offset in `cols` of the stored entry at `index`. */
  at(index) {
    return (this.start + index - this.baseIndex - 1) * STRIDE;
  }
  termAt(index) {
    if (index === this.baseIndex) return this.baseTerm;
    assert(this.has(index), () => `termAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index)];
  }
  hashAt(index) {
    assert(this.has(index), () => `hashAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 1];
  }
  digestAt(index) {
    if (index === this.baseIndex) return this.baseDigest;
    assert(this.has(index), () => `digestAt(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 2];
  }
  seqAt(index) {
    assert(this.has(index), () => `seqAt(${index}) outside stored log (${this.baseIndex}, ${this.lastIndex}]`);
    return this.cols[this.at(index) + 3];
  }
  /** Appends the entry at lastIndex + 1; returns its prefix digest. */
  push(term, entryHash, seq) {
    const prev = this.count === 0 ? this.baseDigest : this.cols[(this.start + this.count - 1) * STRIDE + 2];
    const digest = mixEntry(prev, term, entryHash);
    if ((this.start + this.count + 1) * STRIDE > this.cols.length) this.makeRoom();
    const o = (this.start + this.count) * STRIDE;
    const cols = this.cols;
    cols[o] = term;
    cols[o + 1] = entryHash;
    cols[o + 2] = digest;
    cols[o + 3] = seq;
    this.count++;
    return digest;
  }
  /** Room for one more entry at the end: slide the entries to the front, or grow when over half full. */
  makeRoom() {
    const capEntries = this.cols.length / STRIDE;
    const from = this.start * STRIDE;
    const to = (this.start + this.count) * STRIDE;
    if (2 * (this.count + 1) <= capEntries) {
      this.cols.copyWithin(0, from, to);
    } else {
      const grown = new Float64Array(this.cols.length * 2);
      grown.set(this.cols.subarray(from, to));
      this.cols = grown;
    }
    this.start = 0;
  }
  /** Drops the entries at indexes ≥ fromIndex (never below the base). */
  truncateFrom(fromIndex) {
    const keep = Math.max(0, fromIndex - this.baseIndex - 1);
    if (keep >= this.count) return;
    this.count = keep;
  }
  /** Forgets entries ≤ index, keeping the digest at index as the new base. Requires hasDigest(index). */
  compactTo(index) {
    if (index <= this.baseIndex) return;
    assert(this.hasDigest(index), () => `compactTo(${index}) outside stored log [${this.baseIndex}, ${this.lastIndex}]`);
    const drop = index - this.baseIndex;
    this.baseTerm = this.termAt(index);
    this.baseDigest = this.digestAt(index);
    this.start += drop;
    this.count -= drop;
    this.baseIndex = index;
    if (this.count === 0) this.start = 0;
  }
  /** Replaces the whole log with a snapshot base (InstallSnapshot without a matching entry). */
  resetTo(index, term, digest, anchored) {
    this.start = 0;
    this.count = 0;
    this.baseIndex = index;
    this.baseTerm = term;
    this.baseDigest = digest;
    this.anchored = anchored;
  }
};

// sim/check/raft-safety.ts
var RAFT_IDS = [
  "raft.election-safety",
  "raft.leader-append-only",
  "raft.log-matching",
  "raft.leader-completeness",
  "raft.state-machine-safety"
];
var TRIM_CHUNK = 4096;
var COMPACT_EVERY = 256;
var LEADER_TERMS_MAX = 64;
var RaftSafetyChecker = class {
  ids = RAFT_IDS;
  ctx;
  members = /* @__PURE__ */ new Map();
  /** Members by trace node index (a cache over `members`, for the positional hot events). */
  byIx = [];
  leaders = /* @__PURE__ */ new Map();
  /** index → records of the entries seen at that index (one per term, usually one). */
  entries = /* @__PURE__ */ new Map();
  /** Lowest index possibly present in `entries`. */
  entriesLo = 1;
  applied = /* @__PURE__ */ new Map();
  appliedLo = 1;
  compactCountdown = COMPACT_EVERY;
  /** The highest committed index seen in the cluster, with the committing node's prefix digest. */
  commit = { index: 0, term: 0, hash: 0, digest: 0, anchored: true, node: "", seq: 0 };
  attach(ctx) {
    this.ctx = ctx;
    const t = ctx.trace;
    t.on("raft.role", (e) => this.onRole(e));
    t.onFields("raft.append", (seq, _timeUs, node, index, term, entryHash) => this.onAppend(this.memberAt(node), seq, index, term, entryHash));
    t.on("raft.truncate", (e) => this.onTruncate(e));
    t.onFields("raft.commit", (seq, _timeUs, node, index) => this.onCommit(this.memberAt(node), seq, index));
    t.onFields("raft.apply", (seq, _timeUs, node, index, term, entryHash) => this.onApply(this.memberAt(node), seq, index, term, entryHash));
    t.on("raft.snapshot", (e) => this.onSnapshot(e));
    t.on("raft.member", (e) => this.onMember(e));
    t.on("node.crash", (e) => this.onCrash(e.node));
    t.on("node.restart", (e) => this.onRestart(e.node));
    t.on("node.remove", (e) => this.onRemove(e.node));
  }
  /** The member emitting at trace node index `node`. */
  memberAt(node) {
    assert(node >= 0, "raft event without a node");
    const m = this.byIx[node];
    if (m !== void 0) return m;
    const found = this.member(this.ctx.trace.nodeNames[node]);
    this.byIx[node] = found;
    return found;
  }
  member(name) {
    assert(name !== null, "raft event without a node");
    let m = this.members.get(name);
    if (m === void 0) {
      m = { name, log: new RaftLogView(), role: "follower", term: 0, leaderTerm: -1, leaderSeq: 0, commit: 0, applied: 0, crashed: false, gone: false };
      this.members.set(name, m);
    }
    return m;
  }
  // ── roles: election safety, leader completeness ──────────────────────────────────────────
  onRole(e) {
    const m = this.member(e.node);
    m.role = e.role;
    if (e.term > m.term) m.term = e.term;
    if (e.role !== "leader") {
      m.leaderTerm = -1;
      return;
    }
    if (m.leaderTerm === e.term) return;
    m.leaderTerm = e.term;
    m.leaderSeq = e.seq;
    const prev = this.leaders.get(e.term);
    if (prev !== void 0 && prev.node !== m.name) {
      this.ctx.violation(
        "raft.election-safety",
        `Two leaders in term ${e.term}: ${prev.node} became leader at event #${prev.seq} (${formatTime(prev.timeUs)}) and ${m.name} became leader of the same term at event #${e.seq} (${formatTime(e.timeUs)}). Raft allows at most one leader per term, since each member grants one vote per term and a leader needs a majority of votes.`,
        [prev.node, m.name],
        [prev.seq, e.seq]
      );
      return;
    }
    if (prev === void 0) {
      this.leaders.set(e.term, { node: m.name, seq: e.seq, timeUs: e.timeUs });
      if (this.leaders.size > LEADER_TERMS_MAX) this.pruneLeaders();
    }
    this.checkCompleteness(m, e.seq, e.term);
  }
  /** A new leader's log must hold every entry committed so far (committed in earlier terms). */
  checkCompleteness(m, seq, term) {
    const c = this.commit;
    if (c.index === 0) return;
    const log = m.log;
    if (log.lastIndex < c.index) {
      this.ctx.violation(
        "raft.leader-completeness",
        `${m.name} became leader of term ${term} at event #${seq} with a log ending at index ${log.lastIndex}, but index ${c.index} (term ${c.term}) had already been committed by ${c.node} (event #${c.seq}). A Raft leader must hold every committed entry; the vote restriction (candidate's log at least as up to date as the voter's) should have prevented this election.`,
        [m.name, c.node],
        [c.seq, seq]
      );
      return;
    }
    if (!log.hasDigest(c.index) || !log.anchored || !c.anchored) return;
    if (log.digestAt(c.index) === c.digest) return;
    const mine = log.has(c.index) ? `term ${log.termAt(c.index)}, hash ${hex(log.hashAt(c.index))}` : `a different snapshot prefix`;
    const same = log.has(c.index) && log.termAt(c.index) === c.term && log.hashAt(c.index) === c.hash;
    this.ctx.violation(
      "raft.leader-completeness",
      `${m.name} became leader of term ${term} at event #${seq}, but its log differs from the committed log at or before index ${c.index}: ${c.node} committed index ${c.index} (term ${c.term}, hash ${hex(c.hash)}) at event #${c.seq}, while ${m.name} holds ${same ? "the same entry at that index but a different prefix before it" : mine}. A Raft leader must hold every committed entry.`,
      [m.name, c.node],
      [c.seq, seq]
    );
  }
  /** A member whose current term is ≥ T can never become leader of T: forget older terms. */
  pruneLeaders() {
    let minTerm = Number.POSITIVE_INFINITY;
    for (const m of this.members.values()) if (!m.gone && m.term < minTerm) minTerm = m.term;
    for (const t of this.leaders.keys()) if (t < minTerm) this.leaders.delete(t);
  }
  // ── appends and truncations: leader append-only, log matching ────────────────────────────
  onAppend(m, seq, i, term, entryHash) {
    const log = m.log;
    assert(i >= 1, () => `raft.append at index ${i} on ${m.name} (event #${seq}): indexes start at 1`);
    if (i <= log.baseIndex) {
      if (i === 1) log.resetTo(0, 0, EMPTY_PREFIX_DIGEST, true);
      else log.resetTo(i - 1, 0, snapshotSeed(i - 1, 0), false);
    } else if (i <= log.lastIndex) {
      if (log.termAt(i) === term && log.hashAt(i) === entryHash) return;
      if (m.leaderTerm >= 0) {
        this.ctx.violation(
          "raft.leader-append-only",
          `${m.name}, leader of term ${m.leaderTerm} since event #${m.leaderSeq}, overwrote its own entry at index ${i} (term ${log.termAt(i)}, hash ${hex(log.hashAt(i))}, written at event #${log.seqAt(i)}) with a different entry (term ${term}, hash ${hex(entryHash)}) at event #${seq}. A Raft leader only appends to its log.`,
          [m.name],
          [m.leaderSeq, log.seqAt(i), seq]
        );
        return;
      }
      log.truncateFrom(i);
    }
    assert(
      i === log.lastIndex + 1,
      () => `raft.append at index ${i} on ${m.name} (event #${seq}) leaves a gap after its last index ${log.lastIndex}: appends must be contiguous`
    );
    const digest = log.push(term, entryHash, seq);
    this.compareEntry(m, i, term, entryHash, digest, seq);
  }
  /** Log matching against the first entry seen at (index, term) anywhere. */
  compareEntry(m, i, term, hash, digest, seq) {
    if (i < this.entriesLo) return;
    let recs = this.entries.get(i);
    if (recs === void 0) {
      recs = [];
      this.entries.set(i, recs);
    }
    let rec;
    for (let k = 0; k < recs.length; k++) if (recs[k].term === term) rec = recs[k];
    const anchored = m.log.anchored;
    if (rec === void 0) {
      recs.push({ term, hash, digest, anchored, node: m.name, seq });
      return;
    }
    if (rec.hash !== hash) {
      this.ctx.violation(
        "raft.log-matching",
        `Two different entries share index ${i} and term ${term}: ${rec.node} appended hash ${hex(rec.hash)} at event #${rec.seq} and ${m.name} appended hash ${hex(hash)} at event #${seq}. In Raft an (index, term) pair identifies one entry, because a leader creates at most one entry per index in its term.`,
        uniq([rec.node, m.name]),
        [rec.seq, seq]
      );
      return;
    }
    if (!rec.anchored || !anchored) {
      if (anchored) Object.assign(rec, { digest, anchored, node: m.name, seq });
      return;
    }
    if (rec.digest === digest) return;
    const other = this.members.get(rec.node);
    const diverge = other === void 0 ? -1 : firstDifference(m.log, other.log, i - 1);
    const where = diverge > 0 ? ` They first differ at index ${diverge}: ${m.name} has term ${m.log.termAt(diverge)} (event #${m.log.seqAt(diverge)}), ${rec.node} has term ${other.log.termAt(diverge)} (event #${other.log.seqAt(diverge)}).` : "";
    this.ctx.violation(
      "raft.log-matching",
      `${m.name} appended the entry at index ${i}, term ${term} (event #${seq}) that ${rec.node} also holds (event #${rec.seq}), but the entries before it differ between the two logs.${where} Raft's log matching property requires logs that share an entry to be identical up to it (the AppendEntries consistency check enforces it).`,
      uniq([rec.node, m.name]),
      diverge > 0 ? [m.log.seqAt(diverge), other.log.seqAt(diverge), rec.seq, seq] : [rec.seq, seq]
    );
  }
  onTruncate(e) {
    const m = this.member(e.node);
    const log = m.log;
    const from = Math.max(e.fromIndex, log.baseIndex + 1);
    if (from > log.lastIndex) return;
    if (m.leaderTerm >= 0) {
      this.ctx.violation(
        "raft.leader-append-only",
        `${m.name}, leader of term ${m.leaderTerm} since event #${m.leaderSeq}, truncated its own log from index ${e.fromIndex} at event #${e.seq}, removing entries ${from}..${log.lastIndex} (the first written at event #${log.seqAt(from)}). A Raft leader never deletes or overwrites entries in its log.`,
        [m.name],
        [m.leaderSeq, log.seqAt(from), e.seq]
      );
      return;
    }
    log.truncateFrom(from);
  }
  // ── commits and applies: state machine safety ───────────────────────────────────────────
  onCommit(m, seq, index) {
    if (index > m.commit) m.commit = index;
    this.recordCommit(m, index, seq);
    this.trimLog(m);
    if (--this.compactCountdown <= 0) this.compact();
  }
  /** Raises the cluster's committed record; the committing node must agree with the previous one. */
  recordCommit(m, index, seq) {
    const c = this.commit;
    const log = m.log;
    if (index <= c.index || !log.hasDigest(index)) return;
    if (c.index > 0 && log.hasDigest(c.index) && log.anchored && c.anchored && log.digestAt(c.index) !== c.digest) {
      this.ctx.violation(
        "raft.state-machine-safety",
        `${m.name} committed up to index ${index} at event #${seq}, but its log up to index ${c.index} differs from the log ${c.node} committed up to that index at event #${c.seq} (there: term ${c.term}, hash ${hex(c.hash)}; here: term ${log.termAt(c.index)}${log.has(c.index) ? `, hash ${hex(log.hashAt(c.index))}` : ""}). Committed entries must be identical on every member, or members apply different commands.`,
        uniq([c.node, m.name]),
        [c.seq, seq]
      );
      return;
    }
    c.index = index;
    c.term = log.termAt(index);
    c.hash = log.has(index) ? log.hashAt(index) : 0;
    c.digest = log.digestAt(index);
    c.anchored = log.anchored;
    c.node = m.name;
    c.seq = seq;
  }
  onApply(m, seq, index, term, entryHash) {
    if (index > m.applied) m.applied = index;
    if (index >= this.appliedLo) {
      const rec = this.applied.get(index);
      if (rec === void 0) {
        this.applied.set(index, { term, hash: entryHash, node: m.name, seq });
      } else if (rec.hash !== entryHash || rec.term !== term) {
        this.ctx.violation(
          "raft.state-machine-safety",
          `Two members applied different entries at index ${index}: ${rec.node} applied term ${rec.term}, hash ${hex(rec.hash)} at event #${rec.seq}, and ${m.name} applied term ${term}, hash ${hex(entryHash)} at event #${seq}. Every member must apply the same command at each index, or the replicated state diverges.`,
          uniq([rec.node, m.name]),
          [rec.seq, seq]
        );
        return;
      }
    }
    if (--this.compactCountdown <= 0) this.compact();
  }
  onSnapshot(e) {
    const m = this.member(e.node);
    const log = m.log;
    const x = e.index;
    if (x <= log.baseIndex) return;
    if (log.hasDigest(x) && log.termAt(x) === e.term) {
      log.compactTo(x);
    } else {
      const recs = this.entries.get(x);
      let rec2;
      if (recs !== void 0) {
        for (let k = 0; k < recs.length; k++) if (recs[k].term === e.term) rec2 = recs[k];
      }
      if (rec2?.anchored) log.resetTo(x, e.term, rec2.digest, true);
      else log.resetTo(x, e.term, snapshotSeed(x, e.term), false);
    }
    if (x > m.commit) m.commit = x;
    if (x > m.applied) m.applied = x;
    const rec = x >= this.appliedLo ? this.applied.get(x) : void 0;
    if (rec !== void 0 && rec.term !== e.term) {
      this.ctx.violation(
        "raft.state-machine-safety",
        `${m.name} took a snapshot at index ${x} with term ${e.term} (event #${e.seq}), but ${rec.node} applied an entry of term ${rec.term} at that index (event #${rec.seq}). A snapshot covers applied entries only; both must agree.`,
        uniq([rec.node, m.name]),
        [rec.seq, e.seq]
      );
      return;
    }
    this.recordCommit(m, x, e.seq);
  }
  // ── lifecycle ───────────────────────────────────────────────────────────────────────────
  onMember(e) {
    const m = this.member(e.member);
    m.gone = e.change === "remove";
  }
  onCrash(node) {
    const m = node === null ? void 0 : this.members.get(node);
    if (m === void 0) return;
    m.crashed = true;
    m.leaderTerm = -1;
    m.role = "follower";
  }
  onRestart(node) {
    const m = node === null ? void 0 : this.members.get(node);
    if (m === void 0) return;
    m.crashed = false;
    m.applied = m.log.baseIndex;
  }
  onRemove(node) {
    const m = node === null ? void 0 : this.members.get(node);
    if (m === void 0) return;
    m.gone = true;
    m.leaderTerm = -1;
  }
  // ── memory bounds ───────────────────────────────────────────────────────────────────────
  /** Keeps a member's log from growing without a snapshot: entries well below its commit index go. */
  trimLog(m) {
    const log = m.log;
    const keepFrom = Math.min(m.commit, this.commit.index, log.lastIndex);
    if (keepFrom - log.baseIndex > TRIM_CHUNK) log.compactTo(keepFrom);
  }
  /** Drops global records below every live member's commit (entries) and apply (applied) floors. */
  compact() {
    this.compactCountdown = COMPACT_EVERY;
    let commitFloor = Number.POSITIVE_INFINITY;
    let applyFloor = Number.POSITIVE_INFINITY;
    for (const m of this.members.values()) {
      if (m.crashed || m.gone) continue;
      if (m.commit < commitFloor) commitFloor = m.commit;
      if (m.applied < applyFloor) applyFloor = m.applied;
    }
    if (commitFloor === Number.POSITIVE_INFINITY) return;
    for (; this.entriesLo < commitFloor; this.entriesLo++) this.entries.delete(this.entriesLo);
    for (; this.appliedLo < applyFloor; this.appliedLo++) this.applied.delete(this.appliedLo);
  }
  /** For tests and reports: sizes of the remembered state. */
  get memory() {
    return { entries: this.entries.size, applied: this.applied.size, leaders: this.leaders.size };
  }
};
function firstDifference(a, b3, upTo) {
  const lo = Math.max(a.baseIndex, b3.baseIndex) + 1;
  let found = -1;
  for (let i = Math.min(upTo, a.lastIndex, b3.lastIndex); i >= lo; i--) {
    if (a.digestAt(i) === b3.digestAt(i)) break;
    if (a.termAt(i) !== b3.termAt(i) || a.hashAt(i) !== b3.hashAt(i)) found = i;
  }
  return found;
}
function hex(h) {
  return `0x${(h >>> 0).toString(16)}`;
}
function uniq(names2) {
  return names2.filter((n, i) => names2.indexOf(n) === i);
}

// sim/check/service/cluster-rules.ts
var EXACT_CLIQUE_MAX = 12;
var ClusterRules = class {
  constructor(view, cfg, ctx) {
    this.view = view;
    this.cfg = cfg;
    this.ctx = ctx;
  }
  view;
  cfg;
  ctx;
  topologyDirty = true;
  clique = [];
  noLeaderSinceUs = -1;
  reported = false;
  warnedSpof = false;
  commands = /* @__PURE__ */ new Map();
  touchTopology() {
    this.topologyDirty = true;
  }
  /** Once per run: a 1- or 2-manager cluster loses its control plane with one manager. */
  spofWarning() {
    if (this.warnedSpof) return;
    this.warnedSpof = true;
    const m = this.cfg.managers;
    if (m.length === 0 || m.length > 2) return;
    this.ctx.warning(
      "warn.spof-managers",
      `The swarm has ${m.length} manager${m.length > 1 ? "s" : ""} (${m.join(", ")}): Raft needs a majority, so losing ${m.length === 1 ? "it" : "either one"} leaves the cluster without a leader \u2014 no scheduling, no updates. Use 3 or 5 managers.`,
      [...m]
    );
  }
  settle(atUs) {
    const v3 = this.view;
    if (this.topologyDirty) {
      this.topologyDirty = false;
      this.clique = majorityClique(v3);
    }
    for (const n of v3.nodes.values()) {
      if (!v3.members.has(n.name)) continue;
      if (v3.isDown(n.name)) {
        if (n.unreachableSinceUs < 0) n.unreachableSinceUs = atUs;
      } else {
        n.unreachableSinceUs = -1;
      }
    }
    const judged = v3.members.size >= 3 && this.clique.length > 0;
    const hasLeader = judged && this.leaderReachesMajority();
    if (judged && !hasLeader) {
      if (this.noLeaderSinceUs < 0) this.noLeaderSinceUs = atUs;
    } else {
      this.noLeaderSinceUs = -1;
      this.reported = false;
    }
  }
  /** Some live leader can talk (both ways) with a majority of the members, itself included. */
  leaderReachesMajority() {
    const v3 = this.view;
    const quorum = Math.floor(v3.members.size / 2) + 1;
    for (const [name, r] of v3.roles) {
      if (r.role !== "leader" || !v3.members.has(name) || (v3.nodes.get(name)?.live ?? "up") !== "up") continue;
      let reach = 0;
      for (const m of v3.members) if ((v3.nodes.get(m)?.live ?? "up") === "up" && (m === name || !v3.cut(name, m))) reach++;
      if (reach >= quorum) return true;
    }
    return false;
  }
  judge(nowUs) {
    if (this.noLeaderSinceUs < 0 || this.reported || nowUs - this.noLeaderSinceUs < this.cfg.leaderUs) return;
    this.reported = true;
    const v3 = this.view;
    const others = [...v3.members].filter((m) => !this.clique.includes(m));
    this.ctx.violation(
      "cluster.leader-available",
      `No leader from ${formatTime(this.noLeaderSinceUs)} to ${formatTime(nowUs)} (over ${formatTime(this.cfg.leaderUs)}) although a majority of the ${v3.members.size} managers \u2014 ${this.clique.join(", ")} \u2014 was up and connected${others.length > 0 ? ` (${others.join(", ")} down or cut off)` : ""}. Raft should elect a leader within a few election timeouts once a majority can talk.`,
      [...this.clique],
      []
    );
  }
  onMember(change, member2, members, seq, nowUs) {
    const v3 = this.view;
    if (change === "remove" && v3.members.has(member2)) this.checkRemoval(member2, members, seq, nowUs);
    v3.members.clear();
    for (const m of members) v3.members.add(m);
    this.topologyDirty = true;
  }
  checkRemoval(member2, remaining, seq, nowUs) {
    const v3 = this.view;
    const leader = v3.leader();
    const unreachable2 = [];
    for (const m of remaining) {
      const n = v3.nodes.get(m);
      const down = v3.isDown(m, leader);
      const since = n?.unreachableSinceUs ?? -1;
      if (down && since >= 0 && nowUs - since >= this.cfg.reachGraceUs) unreachable2.push(m);
    }
    const reachable = remaining.length - unreachable2.length;
    const quorum = Math.floor(remaining.length / 2) + 1;
    if (remaining.length > 0 && reachable >= quorum) return;
    this.ctx.violation(
      "cluster.quorum-guard",
      remaining.length === 0 ? `Manager ${member2} was removed from Raft at event #${seq}, leaving no manager at all.` : `Manager ${member2} was removed from Raft at event #${seq}, leaving ${remaining.length} member(s) of which only ${reachable} were reachable (${unreachable2.join(", ")} down or cut off for over ${formatTime(this.cfg.reachGraceUs)}); a quorum needs ${quorum}. SwarmKit's CanRemoveMember refuses a removal that leaves fewer than a majority of the remaining members reachable.`,
      [member2, ...unreachable2],
      [seq]
    );
  }
  onOpSubmit(opId, command, seq) {
    this.commands.set(opId, { command, seq });
  }
  onOpResult(opId, ok, seq) {
    const c = this.commands.get(opId);
    this.commands.delete(opId);
    if (c === void 0 || !ok) return;
    const targets2 = demoteTargets(c.command);
    if (targets2 === null) return;
    const managers = [...this.view.members];
    if (managers.length === 0 || !managers.every((m) => targets2.includes(m))) return;
    this.ctx.violation(
      "cluster.quorum-guard",
      `"${c.command}" (event #${c.seq}) succeeded at event #${seq}, demoting the last manager${managers.length > 1 ? "s" : ""} (${managers.join(", ")}). SwarmKit refuses to demote the last manager of a swarm.`,
      managers,
      [c.seq, seq]
    );
  }
};
function demoteTargets(command) {
  const words = command.trim().split(/\s+/);
  const at = words.indexOf("demote");
  if (at < 1 || words[at - 1] !== "node") return null;
  return words.slice(at + 1).filter((w) => !w.startsWith("-"));
}
function majorityClique(v3) {
  const up = [...v3.members].filter((m) => (v3.nodes.get(m)?.live ?? "up") === "up");
  const quorum = Math.floor(v3.members.size / 2) + 1;
  if (up.length < quorum) return [];
  if (!v3.partitioned) return up;
  let best = [];
  if (up.length <= EXACT_CLIQUE_MAX) {
    for (let mask = 1; mask < 1 << up.length; mask++) {
      const set = up.filter((_, i) => mask >> i & 1);
      if (set.length <= best.length) continue;
      if (set.every((a, i) => set.every((b3, j) => j <= i || !v3.cut(a, b3)))) best = set;
    }
  } else {
    for (const seed of up) {
      const set = [seed];
      for (const m of up) if (m !== seed && set.every((x) => !v3.cut(x, m))) set.push(m);
      if (set.length > best.length) best = set;
    }
  }
  return best.length >= quorum ? best : [];
}

// sim/swarm/constraints.ts
var ConstraintError = class extends Error {
  name = "ConstraintError";
};
var KEY_RE = /^[a-z_][a-z0-9\-_.]+$/i;
var VALUE_RE = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;
var OPERATORS = ["==", "!="];
var NODE_LABEL_PREFIX = "node.labels.";
var ENGINE_LABEL_PREFIX = "engine.labels.";
function parseConstraints(exprs) {
  const out = [];
  for (const e of exprs) {
    const op = OPERATORS.find((o) => e.includes(o));
    if (op === void 0) throw new ConstraintError("constraint expected one operator from ==, !=");
    const at = e.indexOf(op);
    const key = goTrimSpace(e.slice(0, at));
    if (!KEY_RE.test(key)) throw new ConstraintError(`key '${key}' is invalid`);
    const value = goTrimSpace(e.slice(at + op.length));
    if (!VALUE_RE.test(value)) throw new ConstraintError(`value '${value}' is invalid`);
    out.push({ key, op, value });
  }
  return out;
}
function matchConstraints(cs, node) {
  for (const c of cs) {
    if (!matchOne(c, node)) return false;
  }
  return true;
}
function nodeToConstraintNode(n) {
  return {
    id: n.id,
    hostname: n.description.hostname,
    role: n.role,
    os: n.description.platform.os,
    arch: n.description.platform.arch,
    labels: n.spec.labels,
    engineLabels: n.description.engineLabels,
    addr: n.status.addr
  };
}
function matchOne(c, node) {
  const key = c.key;
  const lower = key.toLowerCase();
  switch (lower) {
    case "node.id":
      return matchString(c, node.id);
    case "node.hostname":
      return matchString(c, node.hostname);
    case "node.ip":
      return matchIp(c, node.addr);
    case "node.role":
      return matchString(c, node.role);
    case "node.platform.os":
      return matchString(c, node.os);
    case "node.platform.arch":
      return matchString(c, node.arch);
  }
  if (key.length > NODE_LABEL_PREFIX.length && lower.startsWith(NODE_LABEL_PREFIX)) {
    return matchString(c, labelValue(node.labels, key.slice(NODE_LABEL_PREFIX.length)));
  }
  if (key.length > ENGINE_LABEL_PREFIX.length && lower.startsWith(ENGINE_LABEL_PREFIX)) {
    return matchString(c, labelValue(node.engineLabels, key.slice(ENGINE_LABEL_PREFIX.length)));
  }
  return false;
}
function labelValue(labels, name) {
  return Object.hasOwn(labels, name) ? labels[name] : "";
}
function matchString(c, actual) {
  const eq = equalFold(c.value, actual);
  return c.op === "==" ? eq : !eq;
}
function matchIp(c, addr) {
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
  return false;
}
function equalFold(a, b3) {
  if (a === b3) return true;
  const ca = Array.from(a);
  const cb = Array.from(b3);
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    if (foldOne(x) !== foldOne(y)) return false;
  }
  return true;
}
function foldOne(ch) {
  const lo = ch.toLowerCase();
  if (Array.from(lo).length === 1) {
    const up = lo.toUpperCase();
    return Array.from(up).length === 1 ? up.toLowerCase() : lo;
  }
  return ch;
}
var GO_SPACE = /* @__PURE__ */ new Set([
  "	",
  "\n",
  "\v",
  "\f",
  "\r",
  " ",
  "\x85",
  "\xA0",
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
  "\u200A",
  "\u2028",
  "\u2029",
  "\u202F",
  "\u205F",
  "\u3000"
]);
function goTrimSpace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.has(s[start])) start++;
  while (end > start && GO_SPACE.has(s[end - 1])) end--;
  return s.slice(start, end);
}
var V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255];
function parseIp(s) {
  if (s.includes(":")) return parseIpv6(s);
  const v4 = parseIpv4(s);
  if (v4 === null) return null;
  const out = new Uint8Array(16);
  out.set(V4_PREFIX, 0);
  out.set(v4, 12);
  return out;
}
function parseIpv4(s) {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || p.length > 1 && p[0] === "0") return null;
    const v3 = Number(p);
    if (v3 > 255) return null;
    out.push(v3);
  }
  return out;
}
function parseIpv6(s) {
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
function parseGroups(s, last) {
  if (s === "") return [];
  const groups = s.split(":");
  const out = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (last && i === groups.length - 1 && g.includes(".")) {
      const v4 = parseIpv4(g);
      if (v4 === null) return null;
      out.push(...v4);
      continue;
    }
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const v3 = Number.parseInt(g, 16);
    out.push(v3 >> 8, v3 & 255);
  }
  return out;
}
function parseCidr(s) {
  const slash = s.indexOf("/");
  if (slash === -1) return null;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(len) || len.length > 1 && len[0] === "0") return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const isV4 = !addr.includes(":");
  const n = Number(len);
  if (n > (isV4 ? 32 : 128)) return null;
  return { ip, bits: isV4 ? 96 + n : n, v4: isV4 };
}
function cidrContains(net, ip) {
  if (net.v4 !== isV4Mapped(ip)) return false;
  for (let bit = 0; bit < net.bits; bit += 8) {
    const take2 = Math.min(8, net.bits - bit);
    const mask = 255 << 8 - take2 & 255;
    const byte = bit >> 3;
    if ((net.ip[byte] & mask) !== (ip[byte] & mask)) return false;
  }
  return true;
}
function isV4Mapped(ip) {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_PREFIX[i]) return false;
  return true;
}
function bytesEqual(a, b3) {
  for (let i = 0; i < 16; i++) if (a[i] !== b3[i]) return false;
  return true;
}

// sim/check/service/view.ts
var V_PENDING = TASK_STATE_VALUE.pending;
var V_ASSIGNED = TASK_STATE_VALUE.assigned;
var V_RUNNING = TASK_STATE_VALUE.running;
var V_COMPLETE = TASK_STATE_VALUE.complete;
function stateValueOf(s) {
  const v3 = TASK_STATE_VALUE[s];
  assert(v3 !== void 0, () => `unknown task state "${s}" in the trace`);
  return v3;
}
function isRunnable(t) {
  return t.desiredV <= V_RUNNING && t.stateV <= V_RUNNING;
}
function isActive(t) {
  return t.node !== null && t.stateV >= V_PENDING && t.stateV <= V_RUNNING && t.desiredV <= V_COMPLETE;
}
function isRunning(t) {
  return t.state === "running" && t.desired === "running";
}
function isHeld(t) {
  return t.node !== null && t.stateV >= V_ASSIGNED && t.stateV <= V_RUNNING;
}
function isUnschedulable(t) {
  return t.stateV < V_ASSIGNED && t.desiredV <= V_RUNNING && t.error?.startsWith("no suitable node") === true;
}
var ClusterView = class {
  nodes = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  tasks = /* @__PURE__ */ new Map();
  /** Raft voters (manager names). */
  members;
  /** Current role and term per manager, from raft.role. */
  roles = /* @__PURE__ */ new Map();
  /** Blocked directed links "from>to" of the current partition (explicit link lists). */
  blocked = /* @__PURE__ */ new Set();
  /**
   * Group partitions (halves, isolate, bridge, explicit groups): each node's group indexes; a link
   * is open iff both ends share a group. null when the partition is a link list or healed.
   */
  groups = null;
  partitionSeq = 0;
  /** Fault windows (loss, duplicate, delay) end at this time. */
  windowsUntilUs = 0;
  /** Nodes the store lists as down or removed (their tasks must become orphaned). */
  stranded = /* @__PURE__ */ new Set();
  /** Time of the latest raft.role leader event (a new leader restarts the 24 h down-node timers). */
  leaderChangeUs = 0;
  /** Runnable pending tasks the scheduler found no node for. */
  unschedulable = /* @__PURE__ */ new Set();
  /** Additions to `unschedulable` so far (lets LivenessRules skip a pass that would add nothing). */
  unschedulableAdds = 0;
  constructor(managers) {
    this.members = new Set(managers);
  }
  node(name) {
    let n = this.nodes.get(name);
    if (n === void 0) {
      n = {
        name,
        status: "unknown",
        availability: "active",
        role: "worker",
        info: null,
        live: "up",
        eligibleSinceUs: -1,
        unreachableSinceUs: -1,
        downSinceUs: -1,
        resources: null,
        held: /* @__PURE__ */ new Set(),
        heldNanoCpus: 0,
        heldMemoryBytes: 0
      };
      this.nodes.set(name, n);
    }
    return n;
  }
  service(name) {
    let s = this.services.get(name);
    if (s === void 0) {
      s = {
        name,
        mode: "replicated",
        replicas: 0,
        version: 0,
        spec: null,
        constraints: [],
        removed: false,
        updateState: null,
        specUs: 0,
        lastFailureUs: -1,
        slots: /* @__PURE__ */ new Map(),
        activePerNode: /* @__PURE__ */ new Map(),
        runningPerNode: /* @__PURE__ */ new Map(),
        containers: /* @__PURE__ */ new Map()
      };
      this.services.set(name, s);
    }
    return s;
  }
  /** The current leader: a live member whose latest role is leader (highest term if several). */
  leader() {
    let best = null;
    let bestTerm = -1;
    for (const [name, r] of this.roles) {
      if (r.role !== "leader" || r.term <= bestTerm) continue;
      const n = this.nodes.get(name);
      if (n !== void 0 && n.live !== "up") continue;
      best = name;
      bestTerm = r.term;
    }
    return best;
  }
  /** Some partition is in force (links or groups). */
  get partitioned() {
    return this.blocked.size > 0 || this.groups !== null;
  }
  cut(a, b3) {
    if (this.blocked.size > 0 && (this.blocked.has(`${a}>${b3}`) || this.blocked.has(`${b3}>${a}`))) return true;
    if (this.groups === null) return false;
    const ga = this.groups.get(a);
    const gb = this.groups.get(b3);
    if (ga === void 0 || gb === void 0) return false;
    for (let i = 0; i < ga.length; i++) if (gb.includes(ga[i])) return false;
    return true;
  }
  /** Down = crashed, paused, removed, or cut off (either direction) from the current leader. */
  isDown(name, leader = this.leader()) {
    const n = this.nodes.get(name);
    if (n !== void 0 && n.live !== "up") return true;
    return leader !== null && name !== leader && this.cut(name, leader);
  }
  /** Ready + active in the store, not known dead, and (when it has constraints) matching them. */
  eligible(n, constraints) {
    if (n.status !== "ready" || n.availability !== "active" || n.live === "removed") return false;
    if (constraints === null || constraints.length === 0) return true;
    return n.info !== null && matchConstraints(constraints, n.info);
  }
  setSpec(s, version, mode, replicas, spec, nowUs) {
    s.version = version;
    s.mode = mode;
    s.replicas = replicas;
    s.specUs = nowUs;
    s.spec = spec;
    s.removed = spec === null;
    s.constraints = spec === null ? [] : judgeableConstraints(spec.placement.constraints);
  }
  /** Applies a task.state event and re-indexes the task. */
  applyTask(t, node, state, desired, error, seq, nowUs) {
    const s = this.service(t.service);
    if (t.indexed) this.unindex(s, t);
    t.indexed = true;
    if (node !== null) t.node = node;
    t.state = state;
    t.desired = desired;
    t.stateV = stateValueOf(state);
    t.desiredV = stateValueOf(desired);
    t.error = error;
    t.lastSeq = seq;
    if (state === "failed" || state === "rejected") {
      s.lastFailureUs = nowUs;
      slotOf(s, t.slotKey).lastFailureUs = nowUs;
    } else if (state === "complete" && t.desiredV <= V_RUNNING) {
      slotOf(s, t.slotKey).lastFailureUs = nowUs;
    }
    this.index(s, t);
    const slot = slotOf(s, t.slotKey);
    if (slot.newest === t) slot.newestEnd = t.stateV > V_RUNNING ? state : null;
    if (t.stateV > V_RUNNING && t.desiredV > V_RUNNING) this.tasks.delete(t.id);
  }
  newTask(id, service, slot, node, seq) {
    const s = this.service(service);
    const slotKey2 = slot === 0 && node !== null ? node : slot;
    const spec = s.spec;
    const t = {
      id,
      service,
      slotKey: slotKey2,
      slot,
      node,
      state: "new",
      desired: "running",
      stateV: 0,
      desiredV: V_RUNNING,
      error: null,
      version: s.version,
      constraints: s.constraints,
      nanoCpus: spec?.resources.reservations.nanoCpus ?? 0,
      memoryBytes: spec?.resources.reservations.memoryBytes ?? 0,
      maxReplicas: spec?.placement.maxReplicas ?? 0,
      placeable: spec !== null && s.constraints !== null && spec.placement.platforms.length === 0 && !spec.endpoint.ports.some((p) => p.mode === "host" && p.published > 0),
      assignedSeq: 0,
      lastSeq: seq,
      indexed: false
    };
    this.tasks.set(id, t);
    const sl = slotOf(s, slotKey2);
    sl.newest = t;
    sl.newestEnd = null;
    return t;
  }
  unindex(s, t) {
    if (isRunnable(t)) {
      const r = slotOf(s, t.slotKey).runnable;
      const i = r.indexOf(t);
      if (i >= 0) r.splice(i, 1);
    }
    if (isActive(t)) bump(s.activePerNode, t.node, -1);
    if (isRunning(t) && t.node !== null) bump(s.runningPerNode, t.node, -1);
    if (isHeld(t)) this.hold(t, -1);
    if (isUnschedulable(t)) this.unschedulable.delete(t);
  }
  index(s, t) {
    if (isRunnable(t)) slotOf(s, t.slotKey).runnable.push(t);
    if (isActive(t)) bump(s.activePerNode, t.node, 1);
    if (isRunning(t) && t.node !== null) bump(s.runningPerNode, t.node, 1);
    if (isHeld(t)) this.hold(t, 1);
    if (isUnschedulable(t)) {
      this.unschedulable.add(t);
      this.unschedulableAdds++;
    }
  }
  hold(t, d) {
    const n = this.node(t.node);
    if (d > 0) n.held.add(t);
    else assert(n.held.delete(t), () => `task ${t.id} was not held on ${n.name}`);
    n.heldNanoCpus += d * t.nanoCpus;
    n.heldMemoryBytes += d * t.memoryBytes;
    assert(n.heldNanoCpus >= 0 && n.heldMemoryBytes >= 0, () => `negative reservations on ${n.name}`);
  }
};
function slotOf(s, key) {
  let sl = s.slots.get(key);
  if (sl === void 0) {
    sl = { runnable: [], newest: null, newestEnd: null, lastFailureUs: -1 };
    s.slots.set(key, sl);
  }
  return sl;
}
function bump(m, k, d) {
  const v3 = (m.get(k) ?? 0) + d;
  assert(v3 >= 0, () => `negative task count for ${k}`);
  if (v3 === 0) m.delete(k);
  else m.set(k, v3);
}
function judgeableConstraints(exprs) {
  if (exprs.length === 0) return [];
  try {
    const cs = parseConstraints(exprs);
    return cs.some((c) => c.key.toLowerCase() === "node.ip") ? null : cs;
  } catch {
    return null;
  }
}

// sim/check/service/liveness-rules.ts
var ORPHAN_DOWN_US = 24 * HOUR;
var HOLES_SHOWN = 4;
var LivenessRules = class {
  constructor(view, cfg, ctx) {
    this.view = view;
    this.cfg = cfg;
    this.ctx = ctx;
    this.floors = cfg.minRunning.map((floor) => ({ floor, armed: false, belowSinceUs: -1, running: 0, down: 0, reported: false }));
  }
  view;
  cfg;
  ctx;
  states = /* @__PURE__ */ new Map();
  dirty = /* @__PURE__ */ new Set();
  /** Bumped whenever `dirty` is cleared; with touchedAdds, when touchUnschedulable last ran in full. */
  dirtyEpoch = 0;
  touchedEpoch = -1;
  touchedAdds = -1;
  allDirty = false;
  floors;
  stableSinceUs = -1;
  lastOpUs = -1;
  /** Earliest expiry of a time-limited excuse met by the current settleService (-1: none). */
  excuseUntilUs = -1;
  /** Set by satisfied(): the node with room for the slot's unschedulable task, for the message. */
  roomNode = null;
  /** Unsatisfied slots counted by the current missingReplicas (note() keeps it: no closure per call). */
  holeCount = 0;
  /** Nodes the current settleService's description names. */
  nodesNamed = [];
  /**
   * roomFor results of the current settleService by spec version: tasks of one version share
   * constraints, reservations and max_replicas, so a service's many pending slots scan the nodes once.
   */
  roomByVersion = /* @__PURE__ */ new Map();
  touch(service) {
    this.dirty.add(service);
  }
  touchAll() {
    this.allDirty = true;
  }
  /** Reservations changed somewhere: re-settle the services with unschedulable pending tasks. */
  touchUnschedulable() {
    const v3 = this.view;
    if (this.touchedEpoch === this.dirtyEpoch && this.touchedAdds === v3.unschedulableAdds) return;
    for (const t of v3.unschedulable) this.dirty.add(t.service);
    this.touchedEpoch = this.dirtyEpoch;
    this.touchedAdds = v3.unschedulableAdds;
  }
  name(node) {
    if (!this.nodesNamed.includes(node)) this.nodesNamed.push(node);
  }
  /** Marks a time at which the service's verdict changes with no event (an excuse or a timer ends). */
  recheckAt(untilUs) {
    if (this.excuseUntilUs < 0 || untilUs < this.excuseUntilUs) this.excuseUntilUs = untilUs;
  }
  /** The cluster is stable for convergence judgement (see the header). */
  stable(atUs) {
    const v3 = this.view;
    if (v3.partitioned || v3.windowsUntilUs > atUs) return false;
    const quiet = this.cfg.quietFromUs !== null && atUs >= this.cfg.quietFromUs;
    if (this.cfg.quietFromUs !== null && !quiet) return false;
    for (const n of v3.nodes.values()) {
      if (n.live === "paused") return false;
      if (n.live === "crashed" && !quiet) return false;
    }
    let up = 0;
    for (const m of v3.members) if ((v3.nodes.get(m)?.live ?? "up") === "up") up++;
    return up >= Math.floor(v3.members.size / 2) + 1;
  }
  /** End of the instant at `atUs`: re-evaluate what changed. */
  settle(atUs) {
    const stable = this.stable(atUs);
    if (!stable) this.stableSinceUs = -1;
    else if (this.stableSinceUs < 0) this.stableSinceUs = atUs;
    const names2 = this.allDirty ? [...this.view.services.keys()] : [...this.dirty];
    this.allDirty = false;
    this.dirty.clear();
    this.dirtyEpoch++;
    for (const name of names2) this.settleService(this.view.service(name), atUs);
    this.settleFloors(atUs);
  }
  state(name) {
    let st = this.states.get(name);
    if (st === void 0) {
      st = { unconvergedSinceUs: -1, missing: "", witness: [], nodes: [], reported: false, oneNodeSinceUs: -1, oneNode: "", warned: false, recheckUs: -1 };
      this.states.set(name, st);
    }
    return st;
  }
  settleService(s, atUs) {
    const st = this.state(s.name);
    const witness = [];
    this.excuseUntilUs = -1;
    this.nodesNamed = [];
    const missing = this.missing(s, atUs, witness);
    st.recheckUs = this.excuseUntilUs;
    if (missing === null) {
      st.unconvergedSinceUs = -1;
    } else {
      if (st.unconvergedSinceUs < 0) st.unconvergedSinceUs = atUs;
      st.missing = missing;
      st.witness = witness;
      st.nodes = this.nodesNamed;
    }
    let onNode = "";
    let nodesWithRunning = 0;
    let running = 0;
    for (const [node, c] of s.runningPerNode) {
      if (this.view.nodes.get(node)?.live !== "up") continue;
      nodesWithRunning++;
      running += c;
      onNode = node;
    }
    let eligible = 0;
    if (nodesWithRunning === 1 && running >= 2 && s.mode === "replicated" && !s.removed) {
      for (const n of this.view.nodes.values()) if (n.live === "up" && this.view.eligible(n, s.constraints)) eligible++;
    }
    if (eligible >= 2) {
      if (st.oneNodeSinceUs < 0 || st.oneNode !== onNode) st.oneNodeSinceUs = atUs;
      st.oneNode = onNode;
    } else {
      st.oneNodeSinceUs = -1;
    }
  }
  /** Null when converged (or not judged); else a description of what is missing or left over. */
  missing(s, atUs, witness) {
    this.roomByVersion.clear();
    const replicas = this.missingReplicas(s, atUs, witness);
    const leftovers = [];
    this.strayContainers(s, witness, leftovers);
    this.ghostTasks(s, atUs, witness, leftovers);
    if (leftovers.length === 0) return replicas;
    const more = leftovers.length > HOLES_SHOWN ? `; and ${leftovers.length - HOLES_SHOWN} more` : "";
    const text = leftovers.slice(0, HOLES_SHOWN).join("; ") + more;
    return replicas === null ? text : `${replicas}; ${text}`;
  }
  /** Containers a worker still runs for tasks that should not run (see the header). */
  strayContainers(s, witness, out) {
    if (s.containers.size === 0) return;
    const v3 = this.view;
    const leader = v3.leader();
    for (const c of s.containers.values()) {
      const n = v3.nodes.get(c.node);
      if (n === void 0 || n.status === "removed" || v3.isDown(c.node, leader)) continue;
      const t = v3.tasks.get(c.task);
      if (t !== void 0 && t.desiredV <= V_RUNNING && t.stateV <= V_RUNNING) continue;
      if (out.length < HOLES_SHOWN) {
        witness.push(c.seq);
        this.name(c.node);
      }
      out.push(
        `a container of task ${c.task} still runs on ${c.node} (event #${c.seq}) although the task is ${t === void 0 ? "gone from the store or ended" : `${t.state}, desired ${t.desired}`}`
      );
    }
  }
  /** Tasks the store still holds (assigned..running) on removed nodes or nodes down for 24 h. */
  ghostTasks(s, atUs, witness, out) {
    const v3 = this.view;
    for (const name of v3.stranded) {
      const n = v3.nodes.get(name);
      if (n === void 0 || n.held.size === 0) continue;
      if (n.status !== "removed") {
        const untilUs = Math.max(n.downSinceUs, v3.leaderChangeUs) + ORPHAN_DOWN_US;
        if (atUs < untilUs) {
          this.recheckAt(untilUs);
          continue;
        }
      }
      for (const t of n.held) {
        if (t.service !== s.name) continue;
        if (out.length < HOLES_SHOWN) {
          witness.push(t.lastSeq);
          this.name(name);
        }
        out.push(
          `task ${t.id} is still ${t.state} (desired ${t.desired}) in the store on ${name}, which was ${n.status === "removed" ? "removed from the swarm" : `down since ${formatTime(n.downSinceUs)}`}: it should be orphaned`
        );
      }
    }
  }
  missingReplicas(s, atUs, witness) {
    if (s.removed || s.spec === null || s.mode.endsWith("job")) return null;
    if (s.updateState === "paused" || s.updateState === "rollback_paused") return null;
    const holes = [];
    this.holeCount = 0;
    if (s.mode === "global") {
      if (s.constraints === null) return null;
      for (const n of this.view.nodes.values()) {
        if (n.live !== "up" || !this.view.eligible(n, s.constraints)) continue;
        const sl = s.slots.get(n.name);
        if (!this.satisfied(s, sl, atUs)) this.note(holes, witness, `node ${n.name}`, sl);
      }
      return this.holeCount === 0 ? null : `${this.holeCount} eligible node(s) without a running task: ${holes.join("; ")}`;
    }
    for (let k = 1; k <= s.replicas; k++) {
      const sl = s.slots.get(k);
      if (!this.satisfied(s, sl, atUs)) this.note(holes, witness, `slot ${k}`, sl);
    }
    const count = this.holeCount;
    return count === 0 ? null : `${s.replicas - count} of ${s.replicas} replicas running; missing ${holes.join("; ")}`;
  }
  /** Counts an unsatisfied slot (or node) of missingReplicas and describes the first few. */
  note(holes, witness, label, sl) {
    this.holeCount++;
    const room = this.roomNode;
    this.roomNode = null;
    if (holes.length >= HOLES_SHOWN) return;
    const t = sl?.newest;
    if (t) witness.push(t.lastSeq);
    if (room !== null) this.name(room);
    const why = room === null ? "" : ` although ${room} has room for it`;
    holes.push(t ? `${label} (newest task ${t.id}: ${t.state}, desired ${t.desired}${t.error ? `, "${t.error}"` : ""}${why})` : `${label} (no task)`);
  }
  satisfied(s, sl, atUs) {
    this.roomNode = null;
    if (sl === void 0) return false;
    for (const t of sl.runnable) if (isRunning(t) && t.node !== null && this.replicaNode(t.node)) return true;
    if (sl.lastFailureUs >= 0 && atUs - sl.lastFailureUs < this.cfg.convergeUs) {
      this.recheckAt(sl.lastFailureUs + this.cfg.convergeUs);
      return true;
    }
    for (const t of sl.runnable) {
      if (!isUnschedulable(t)) continue;
      let room = t.node === null ? this.roomByVersion.get(t.version) : void 0;
      if (room === void 0) {
        room = this.roomFor(s, t);
        if (t.node === null) this.roomByVersion.set(t.version, room);
      }
      if (room === null) return true;
      this.roomNode = room;
    }
    const newest = sl.newest;
    if (sl.runnable.length === 0 && newest !== null && (newest.desiredV > V_RUNNING || newest.stateV > V_RUNNING)) {
      const rp = s.spec.restartPolicy;
      if (rp.condition === null || rp.condition === "none") return true;
      if (rp.condition === "on-failure" && newest.state === "complete") return true;
      if (rp.maxAttempts > 0) return true;
    }
    return false;
  }
  /** A running task there is a replica: the node is up and the store has it neither down nor removed. */
  replicaNode(name) {
    const n = this.view.nodes.get(name);
    return n !== void 0 && n.live === "up" && n.status !== "down" && n.status !== "removed";
  }
  /** An eligible node with room for the unschedulable task (see the header), or null. */
  roomFor(s, t) {
    if (!t.placeable) return null;
    if (t.node !== null) {
      const n = this.view.nodes.get(t.node);
      return n !== void 0 && this.hasRoom(s, t, n) ? n.name : null;
    }
    for (const n of this.view.nodes.values()) if (this.hasRoom(s, t, n)) return n.name;
    return null;
  }
  hasRoom(s, t, n) {
    if (n.live !== "up" || !this.view.eligible(n, t.constraints)) return false;
    if (t.maxReplicas > 0 && (s.activePerNode.get(n.name) ?? 0) >= t.maxReplicas) return false;
    if (t.nanoCpus === 0 && t.memoryBytes === 0) return true;
    const r = n.resources;
    return r !== null && r.nanoCpus - n.heldNanoCpus >= t.nanoCpus && r.memoryBytes - n.heldMemoryBytes >= t.memoryBytes;
  }
  settleFloors(atUs) {
    if (this.floors.length === 0) return;
    const v3 = this.view;
    const leader = v3.leader();
    let down = 0;
    for (const n of v3.nodes.values()) if (v3.isDown(n.name, leader)) down++;
    for (const f of this.floors) {
      const s = v3.services.get(f.floor.service);
      let running = 0;
      if (s !== void 0) {
        for (const [node, c] of s.runningPerNode) if (!v3.isDown(node, leader)) running += c;
      }
      f.running = running;
      f.down = down;
      if (running >= f.floor.min) f.armed = true;
      const judged = f.floor.whileDownAtMost === null || down <= f.floor.whileDownAtMost;
      if (f.armed && judged && running < f.floor.min) {
        if (f.belowSinceUs < 0) f.belowSinceUs = atUs;
      } else {
        f.belowSinceUs = -1;
      }
    }
  }
  /** Deadlines, judged at `nowUs` (the next event, or the end of the run). */
  judge(nowUs) {
    for (const [name, st] of this.states) {
      if (st.recheckUs >= 0 && st.recheckUs <= nowUs && !st.reported) this.settleService(this.view.service(name), st.recheckUs);
    }
    if (this.stableSinceUs >= 0) {
      for (const [name, st] of this.states) {
        if (st.unconvergedSinceUs < 0 || st.reported) continue;
        const s = this.view.service(name);
        const fromUs = Math.max(st.unconvergedSinceUs, this.stableSinceUs, this.lastOpUs, s.specUs);
        if (nowUs - fromUs < this.cfg.convergeUs) continue;
        st.reported = true;
        this.ctx.violation(
          "svc.convergence",
          `Service ${name} did not converge: from ${formatTime(fromUs)} to ${formatTime(nowUs)} the cluster was stable (no partition, paused node or fault window, a Raft majority up, no operation pending) yet ${st.missing}. SwarmKit's orchestrator, scheduler and agents should restore the desired tasks within ${formatTime(this.cfg.convergeUs)}.`,
          st.nodes,
          st.witness
        );
        return;
      }
    }
    for (const [name, st] of this.states) {
      if (st.oneNodeSinceUs < 0 || st.warned || nowUs - st.oneNodeSinceUs < this.cfg.convergeUs) continue;
      st.warned = true;
      this.ctx.warning(
        "warn.replicas-on-one-node",
        `All running replicas of service ${name} have been on ${st.oneNode} since ${formatTime(st.oneNodeSinceUs)} although other eligible nodes exist: losing ${st.oneNode} stops the service. SwarmKit does not rebalance running tasks by itself.`,
        [st.oneNode]
      );
    }
    for (const f of this.floors) {
      if (f.belowSinceUs < 0 || f.reported || nowUs - f.belowSinceUs <= f.floor.graceUs) continue;
      f.reported = true;
      this.ctx.violation(
        "svc.min-running",
        `Service ${f.floor.service} ran ${f.running} task(s) on reachable nodes, below its floor of ${f.floor.min}, from ${formatTime(f.belowSinceUs)} to ${formatTime(nowUs)} \u2014 longer than the ${formatTime(f.floor.graceUs)} grace \u2014 while ${f.down} node(s) were down (crashed, paused, removed or cut off from the leader)${f.floor.whileDownAtMost === null ? "" : `, within the tolerated ${f.floor.whileDownAtMost}`}.`,
        [],
        []
      );
      return;
    }
  }
};

// sim/check/service/placement-rules.ts
var FAILURE_MEMORY_US = 5 * 60 * 1e6;
var PlacementRules = class {
  constructor(view, cfg, ctx) {
    this.view = view;
    this.cfg = cfg;
    this.ctx = ctx;
  }
  view;
  cfg;
  ctx;
  /** Slots that held two runnable tasks at some point of the current instant. */
  suspects = [];
  /** Called before the view applies an assignment (state reaches assigned+ with a node, first time). */
  onAssign(t, node, seq, nowUs) {
    const s = this.view.service(t.service);
    this.checkConstraints(t, s, node, seq);
    if (s.mode === "replicated" || s.mode === "replicated-job") this.checkSpread(t, s, node, seq, nowUs);
  }
  checkConstraints(t, s, node, seq) {
    const cs = t.constraints;
    const n = this.view.nodes.get(node);
    if (cs === null || cs.length === 0 || n === void 0 || n.info === null) return;
    if (matchConstraints(cs, n.info)) return;
    const failing = cs.filter((c) => !matchConstraints([c], n.info)).map((c) => `${c.key}${c.op}${c.value}`);
    const labels = Object.entries(n.info.labels).map(([k, v3]) => `${k}=${v3}`).join(", ");
    this.ctx.violation(
      "svc.constraints",
      `Task ${t.id} of service ${s.name} (spec version ${t.version}) was assigned to ${node} at event #${seq}, but ${node} does not satisfy the placement constraint${failing.length > 1 ? "s" : ""} ${failing.join(", ")} (node role ${n.info.role}, hostname ${n.info.hostname}, platform ${n.info.os}/${n.info.arch}, labels {${labels}}). The scheduler's ConstraintFilter must honour constraints at placement.`,
      [node],
      [seq]
    );
  }
  /**
   * SwarmKit's spread (nodeLess): among eligible nodes, a new task goes to one with the fewest active
   * tasks of its service. Judged with slack: a violation is a node with ≥ 2 more than the least-loaded
   * eligible node. Skipped where the trace cannot tell eligibility or the order differs: placement
   * preferences, resource reservations, host-mode ports, platform filters, recent failures, constraints
   * the checker cannot evaluate; nodes that became eligible within settleUs are not counted.
   */
  checkSpread(t, s, node, seq, nowUs) {
    const spec = s.spec;
    if (spec === null || t.constraints === null || t.version !== s.version) return;
    const p = spec.placement;
    if (p.preferences.length > 0 || p.platforms.length > 0) return;
    const r = spec.resources.reservations;
    if (r.nanoCpus > 0 || r.memoryBytes > 0) return;
    if (spec.endpoint.ports.some((port) => port.mode === "host" && port.published > 0)) return;
    if (s.lastFailureUs >= 0 && nowUs - s.lastFailureUs < FAILURE_MEMORY_US) return;
    const chosen = this.view.nodes.get(node);
    if (chosen === void 0 || !this.view.eligible(chosen, t.constraints)) return;
    const chosenCount = s.activePerNode.get(node) ?? 0;
    let minCount = Number.POSITIVE_INFINITY;
    let minNode = "";
    for (const n of this.view.nodes.values()) {
      if (n.live !== "up" || !this.view.eligible(n, t.constraints)) continue;
      if (n.eligibleSinceUs < 0 || nowUs - n.eligibleSinceUs < this.cfg.settleUs) continue;
      const c = s.activePerNode.get(n.name) ?? 0;
      if (p.maxReplicas > 0 && c >= p.maxReplicas) continue;
      if (c < minCount) {
        minCount = c;
        minNode = n.name;
      }
    }
    if (minCount === Number.POSITIVE_INFINITY || chosenCount < minCount + 2) return;
    this.ctx.violation(
      "svc.spread-at-placement",
      `The scheduler placed task ${t.id} of service ${s.name} on ${node} at event #${seq}, where ${chosenCount} active tasks of the service already ran, while eligible node ${minNode} (ready, active, matching the constraints) had only ${minCount}. SwarmKit spreads a service's tasks over eligible nodes, preferring the node with the fewest active tasks of that service (TestHA: 18 tasks on 5 nodes \u2192 4,4,4,3,3).`,
      [node, minNode],
      [seq]
    );
  }
  /** After the view re-indexed a task: remember slots that look doubly occupied. */
  afterTask(t, seq) {
    const s = this.view.service(t.service);
    if (slotOf(s, t.slotKey).runnable.length > 1) this.suspects.push({ s, key: t.slotKey, seq });
  }
  /** End of an instant: slots still holding two runnable tasks are violations (bar start-first overlap). */
  endInstant() {
    if (this.suspects.length === 0) return;
    for (const { s, key, seq } of this.suspects) {
      const run = slotOf(s, key).runnable;
      if (run.length < 2 || this.startFirstOverlap(s, run)) continue;
      const global = typeof key === "string";
      const tasks = run.map((x) => `${x.id} (${x.state}, desired ${x.desired}${x.node === null ? "" : ` on ${x.node}`}, event #${x.lastSeq})`);
      this.ctx.violation(
        "svc.slot-unique",
        global ? `Service ${s.name} (global) has ${run.length} tasks that want to run on node ${key} at once (after event #${seq}): ${tasks.join("; ")}. A global service runs at most one task per node; the others must have desired state shutdown.` : `Slot ${key} of service ${s.name} holds ${run.length} tasks that want to run at once (after event #${seq}): ${tasks.join("; ")}. In the store at most one task per (service, slot) may have desired state \u2264 running, apart from a start-first update's replacement.`,
        [...new Set(run.map((x) => x.node).filter((n) => n !== null))],
        [...run.map((x) => x.lastSeq), seq].filter((v3, i, a) => a.indexOf(v3) === i).sort((a, b3) => a - b3)
      );
      break;
    }
    this.suspects.length = 0;
  }
  /** start-first: the old task keeps running while its replacement starts (or while an update is under way). */
  startFirstOverlap(s, run) {
    if (run.length !== 2 || s.spec === null) return false;
    const rollback = s.updateState === "rollback_started";
    const order = rollback ? s.spec.rollbackConfig.order : s.spec.updateConfig.order;
    if (order !== "start-first") return false;
    const updating = s.updateState === "updating" || rollback;
    return updating || run.some((x) => x.stateV < V_RUNNING);
  }
};

// sim/check/service/checker.ts
var SERVICE_IDS = [
  "svc.convergence",
  "svc.constraints",
  "svc.slot-unique",
  "svc.spread-at-placement",
  "svc.min-running",
  "cluster.leader-available",
  "cluster.quorum-guard",
  "warn.spof-managers",
  "warn.replicas-on-one-node"
];
var ServiceChecker = class {
  constructor(cfg) {
    this.cfg = cfg;
    this.view = new ClusterView(cfg.managers);
  }
  cfg;
  ids = SERVICE_IDS;
  view;
  placement;
  liveness;
  cluster;
  /** Time of the instant being observed; -1 before the first event. */
  instantUs = -1;
  attach(ctx) {
    this.placement = new PlacementRules(this.view, this.cfg, ctx);
    this.liveness = new LivenessRules(this.view, this.cfg, ctx);
    this.cluster = new ClusterRules(this.view, this.cfg, ctx);
    const t = ctx.trace;
    t.on("task.state", (e) => this.step(e.timeUs) && this.onTask(e));
    t.on("node.status", (e) => this.step(e.timeUs) && this.onNodeStatus(e));
    t.on("node.info", (e) => this.step(e.timeUs) && this.onNodeInfo(e));
    t.on("container.state", (e) => this.step(e.timeUs, false) && this.onContainer(e));
    t.on("service.spec", (e) => this.step(e.timeUs) && this.onServiceSpec(e));
    t.on("service.update", (e) => this.step(e.timeUs) && this.onServiceUpdate(e));
    t.on("raft.role", (e) => this.step(e.timeUs) && this.onRole(e));
    t.on("raft.member", (e) => this.step(e.timeUs) && this.cluster.onMember(e.change, e.member, e.members, e.seq, e.timeUs));
    t.on("node.crash", (e) => this.step(e.timeUs) && this.setLive(e.node, "crashed"));
    t.on("node.restart", (e) => this.step(e.timeUs) && this.setLive(e.node, "up"));
    t.on("node.pause", (e) => this.step(e.timeUs) && this.setLive(e.node, "paused"));
    t.on("node.resume", (e) => this.step(e.timeUs) && this.setLive(e.node, "up"));
    t.on("node.remove", (e) => this.step(e.timeUs) && this.setLive(e.node, "removed"));
    t.on("net.partition", (e) => this.step(e.timeUs) && this.onPartition(e.groups, e.blocked, e.seq));
    t.on("net.heal", (e) => this.step(e.timeUs) && this.onPartition([], [], e.seq));
    t.on("net.loss", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs));
    t.on("net.duplicate", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs));
    t.on("net.delay", (e) => this.step(e.timeUs) && this.onWindow(e.untilUs));
    t.on("op.submit", (e) => this.step(e.timeUs) && this.onOpSubmit(e));
    t.on("op.result", (e) => this.step(e.timeUs) && this.cluster.onOpResult(e.opId, e.ok, e.seq));
  }
  finish(endUs) {
    if (this.instantUs < 0) this.cluster.spofWarning();
    this.closeInstant(endUs);
    this.liveness.judge(endUs);
    this.cluster.judge(endUs);
  }
  /**
   * Closes the previous instant when time moved; always true (so handlers chain with &&). Deadlines
   * are judged at store, Raft, fault and operation events (and at finish), not at container.state:
   * a worker's container events only update the view, so the events that end a run stay the ones
   * `docker service ps` would show.
   */
  step(timeUs, judge = true) {
    if (this.instantUs < 0) this.cluster.spofWarning();
    if (timeUs > this.instantUs) {
      if (this.instantUs >= 0) this.closeInstant(timeUs, judge);
      this.instantUs = timeUs;
    }
    return true;
  }
  closeInstant(nowUs, judge = true) {
    const atUs = Math.max(this.instantUs, 0);
    this.placement.endInstant();
    this.cluster.settle(atUs);
    this.liveness.settle(atUs);
    if (!judge) return;
    this.liveness.judge(nowUs);
    this.cluster.judge(nowUs);
  }
  onTask(e) {
    const v3 = this.view;
    let t = v3.tasks.get(e.task);
    if (t === void 0) {
      if (stateValueOf(e.state) > V_RUNNING && stateValueOf(e.desiredState) > V_RUNNING) return;
      t = v3.newTask(e.task, e.service, e.slot, e.node, e.seq);
    }
    const heldBefore = t.indexed && isHeld(t);
    if (e.node !== null && t.assignedSeq === 0 && stateValueOf(e.state) >= V_ASSIGNED) {
      t.assignedSeq = e.seq;
      this.placement.onAssign(t, e.node, e.seq, e.timeUs);
    }
    v3.applyTask(t, e.node, e.state, e.desiredState, e.error, e.seq, e.timeUs);
    this.placement.afterTask(t, e.seq);
    this.liveness.touch(e.service);
    if (heldBefore !== isHeld(t)) this.liveness.touchUnschedulable();
  }
  onContainer(e) {
    const s = this.view.service(e.service);
    if (e.state === "running" && e.node !== null) s.containers.set(e.task, { task: e.task, node: e.node, slot: e.slot, seq: e.seq });
    else s.containers.delete(e.task);
    this.liveness.touch(e.service);
  }
  onNodeStatus(e) {
    if (e.node === null) return;
    const n = this.view.node(e.node);
    const wasEligible = n.status === "ready" && n.availability === "active";
    if (e.status === "down" && n.status !== "down") n.downSinceUs = e.timeUs;
    if (e.status !== "down") n.downSinceUs = -1;
    if (e.status === "down" || e.status === "removed") this.view.stranded.add(n.name);
    else this.view.stranded.delete(n.name);
    n.status = e.status;
    n.availability = e.availability;
    n.role = e.role;
    if (e.status === "removed") n.live = "removed";
    if (n.info !== null) n.info.role = e.role === "manager" ? "manager" : "worker";
    const eligible = n.status === "ready" && n.availability === "active";
    if (eligible && !wasEligible) n.eligibleSinceUs = e.timeUs;
    if (!eligible) n.eligibleSinceUs = -1;
    this.liveness.touchAll();
  }
  onNodeInfo(e) {
    if (e.node === null) return;
    const n = this.view.node(e.node);
    n.info = {
      id: e.node,
      hostname: e.hostname,
      role: n.role === "manager" ? "manager" : "worker",
      os: e.os,
      arch: e.arch,
      labels: e.labels,
      engineLabels: e.engineLabels,
      addr: ""
    };
    n.resources = e.resources === null ? null : { nanoCpus: e.resources.nanoCpus, memoryBytes: e.resources.memoryBytes };
    this.liveness.touchAll();
  }
  onServiceSpec(e) {
    const s = this.view.service(e.service);
    this.view.setSpec(s, e.version, e.mode, e.replicas, e.spec ?? null, e.timeUs);
    if (s.removed) s.updateState = null;
    this.liveness.touch(e.service);
  }
  onServiceUpdate(e) {
    this.view.service(e.service).updateState = e.state;
    this.liveness.touch(e.service);
  }
  onRole(e) {
    if (e.node === null) return;
    this.view.roles.set(e.node, { role: e.role, term: e.term });
    if (e.role === "leader") this.view.leaderChangeUs = e.timeUs;
    this.cluster.touchTopology();
    this.liveness.touchAll();
  }
  setLive(node, live) {
    if (node === null) return true;
    const n = this.view.node(node);
    if (n.live === "removed") return true;
    n.live = live;
    if (live === "crashed" || live === "removed") this.view.roles.delete(node);
    this.cluster.touchTopology();
    this.liveness.touchAll();
    return true;
  }
  onPartition(groups, blocked, seq) {
    const set = /* @__PURE__ */ new Set();
    for (const [a, b3] of blocked) set.add(`${a}>${b3}`);
    this.view.blocked = set;
    let byNode = null;
    if (groups.length > 0) {
      byNode = /* @__PURE__ */ new Map();
      groups.forEach((g, i) => {
        for (const name of g) {
          const gs = byNode?.get(name);
          if (gs) gs.push(i);
          else byNode?.set(name, [i]);
        }
      });
    }
    this.view.groups = byNode;
    this.view.partitionSeq = seq;
    this.cluster.touchTopology();
    this.liveness.touchAll();
  }
  onWindow(untilUs) {
    if (untilUs > this.view.windowsUntilUs) this.view.windowsUntilUs = untilUs;
  }
  onOpSubmit(e) {
    this.liveness.lastOpUs = e.timeUs;
    this.cluster.onOpSubmit(e.opId, e.command, e.seq);
  }
};

// sim/check/service/config.ts
var DEFAULT_CONVERGE_US = 2 * MIN;
function serviceCheckConfig(input) {
  const tickUs = input.tickUs ?? SEC;
  const electionTick = input.electionTick ?? 10;
  return {
    managers: [...input.managers],
    convergeUs: input.convergeUs ?? DEFAULT_CONVERGE_US,
    leaderUs: 2 * 2 * electionTick * tickUs + 10 * SEC,
    reachGraceUs: 2 * electionTick * tickUs,
    settleUs: 5 * SEC,
    quietFromUs: input.quietFromUs ?? null,
    minRunning: input.minRunning ?? []
  };
}

// sim/scenario/checkers.ts
function quietFrom(s) {
  let t = 0;
  for (const e of s.timeline) {
    const a = e.action;
    const end = a.kind === "loss" || a.kind === "duplicate" || a.kind === "delay" ? e.atUs + a.forUs : e.atUs;
    if (end > t) t = end;
  }
  return t;
}
function buildCheckers(s) {
  const managers = s.nodes.filter((n) => n.role === "manager" && !n.joinLater).map((n) => n.name);
  const checkers = [
    new RaftSafetyChecker(),
    new ServiceChecker(
      serviceCheckConfig({
        managers,
        tickUs: s.raft.tickUs,
        electionTick: s.raft.electionTick,
        convergeUs: s.expect.convergeUs,
        quietFromUs: quietFrom(s),
        minRunning: s.expect.minRunning
      })
    )
  ];
  if (s.workload) checkers.push(new LinearizabilityChecker());
  return checkers;
}

// sim/raft/kv.ts
var KvStateMachine = class {
  data = /* @__PURE__ */ new Map();
  /** Last applied index (for tests and diagnostics). */
  appliedIndex = 0;
  apply(index, _term, command) {
    assert(index > this.appliedIndex, () => `kv: apply ${index} after ${this.appliedIndex}`);
    this.appliedIndex = index;
    const c = command;
    if (c.op === "put") {
      this.data.set(c.key, c.value);
      return c.value;
    }
    assert(c.op === "get", () => `kv: unknown command ${JSON.stringify(command)}`);
    return this.data.get(c.key) ?? null;
  }
  query(command) {
    const c = command;
    return this.data.get(c.key) ?? null;
  }
  get(key) {
    return this.data.get(key) ?? null;
  }
  get size() {
    return this.data.size;
  }
  /** [appliedIndex, [key, value]…] in insertion order (deterministic). */
  snapshot() {
    return { appliedIndex: this.appliedIndex, entries: [...this.data] };
  }
  restore(snap) {
    const s = snap;
    this.data = new Map(s.entries);
    this.appliedIndex = s.appliedIndex;
  }
};

// sim/raft/forward.ts
var ProposeMsg = class {
  constructor(reqId, command, read) {
    this.reqId = reqId;
    this.command = command;
    this.read = read;
  }
  reqId;
  command;
  read;
  kind = "raft.propose";
};
var ProposeRespMsg = class {
  constructor(reqId, outcome, index, value) {
    this.reqId = reqId;
    this.outcome = outcome;
    this.index = index;
    this.value = value;
  }
  reqId;
  outcome;
  index;
  value;
  kind = "raft.propose-resp";
};

// sim/raft/messages.ts
var NONE = -1;
var ENTRY_NORMAL = 0;
var ENTRY_CONF = 1;
var RaftEntry = class {
  constructor(index, term, type, data, hash) {
    this.index = index;
    this.term = term;
    this.type = type;
    this.data = data;
    this.hash = hash;
  }
  index;
  term;
  type;
  data;
  hash;
};
function newEntry(index, term, type, data) {
  return new RaftEntry(index, term, type, data, contentHash32([term, data ?? null]));
}
var MSG_APP = 0;
var MSG_APP_RESP = 1;
var MSG_HEARTBEAT = 2;
var MSG_HEARTBEAT_RESP = 3;
var MSG_VOTE = 4;
var MSG_VOTE_RESP = 5;
var MSG_PREVOTE = 6;
var MSG_PREVOTE_RESP = 7;
var MSG_SNAP = 8;
var MSG_TIMEOUT_NOW = 9;
var MSG_READ_INDEX = 10;
var MSG_READ_INDEX_RESP = 11;
var MSG_KINDS = [
  "raft.append",
  "raft.append-resp",
  "raft.heartbeat",
  "raft.heartbeat-resp",
  "raft.vote",
  "raft.vote-resp",
  "raft.prevote",
  "raft.prevote-resp",
  "raft.snapshot",
  "raft.timeout-now",
  "raft.read-index",
  "raft.read-index-resp"
];
var CAMPAIGN_TRANSFER = 1;
var NO_ENTRIES = Object.freeze([]);
var RaftMessage = class {
  constructor(type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, context, snapshot) {
    this.type = type;
    this.from = from;
    this.to = to;
    this.term = term;
    this.logTerm = logTerm;
    this.index = index;
    this.entries = entries;
    this.commit = commit;
    this.reject = reject;
    this.rejectHint = rejectHint;
    this.context = context;
    this.snapshot = snapshot;
    this.kind = MSG_KINDS[type];
  }
  type;
  from;
  to;
  term;
  logTerm;
  index;
  entries;
  commit;
  reject;
  rejectHint;
  context;
  snapshot;
  kind;
};
function msg(type, from, to, term, index = 0, logTerm = 0, commit = 0, entries = NO_ENTRIES, reject = false, rejectHint = 0, context = 0, snapshot = null) {
  return new RaftMessage(type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, context, snapshot);
}
var EMPTY_ENTRIES = NO_ENTRIES;

// sim/raft/log.ts
var TERM_UNAVAILABLE = -1;
var RaftLog = class {
  /** Index of the last compacted entry (entries[0] is offset+1). */
  offset;
  offsetTerm;
  entries;
  committed;
  /** Applied by the host (advance()). */
  applied;
  /** Handed out in a Ready, not yet acknowledged by advance(). */
  applying;
  /** First index that storage has not been given yet. */
  unstableFrom;
  /** Latest snapshot: what a far-behind follower gets. Null until one exists (or index 0 bootstrap). */
  snapshot;
  /** A snapshot received from the leader, to be installed by the host. */
  pendingSnapshot = null;
  constructor(snapshot, entries, commit) {
    this.snapshot = snapshot;
    this.offset = snapshot.index;
    this.offsetTerm = snapshot.term;
    this.entries = entries;
    for (let i = 0; i < entries.length; i++) {
      assert(entries[i].index === snapshot.index + 1 + i, () => `log: entry ${i} has index ${entries[i].index}, expected ${snapshot.index + 1 + i}`);
    }
    this.committed = Math.max(snapshot.index, Math.min(commit, this.lastIndex()));
    this.applied = snapshot.index;
    this.applying = snapshot.index;
    this.unstableFrom = this.lastIndex() + 1;
  }
  firstIndex() {
    return this.offset + 1;
  }
  lastIndex() {
    return this.offset + this.entries.length;
  }
  lastTerm() {
    const n = this.entries.length;
    return n === 0 ? this.offsetTerm : this.entries[n - 1].term;
  }
  term(i) {
    if (i === this.offset) return this.offsetTerm;
    if (i < this.offset || i > this.lastIndex()) return TERM_UNAVAILABLE;
    return this.entries[i - this.offset - 1].term;
  }
  entry(i) {
    assert(i > this.offset && i <= this.lastIndex(), () => `log: entry ${i} outside (${this.offset}, ${this.lastIndex()}]`);
    return this.entries[i - this.offset - 1];
  }
  matchTerm(i, t) {
    const lt = this.term(i);
    return lt !== TERM_UNAVAILABLE && lt === t;
  }
  /** Raft §5.4.1: is a candidate's log at least as up to date as ours? */
  isUpToDate(lastIndex, lastTerm) {
    const t = this.lastTerm();
    return lastTerm > t || lastTerm === t && lastIndex >= this.lastIndex();
  }
  /** Entries [lo, hi): a slice (the only copy made per append message). */
  slice(lo, hi) {
    assert(lo > this.offset && hi <= this.lastIndex() + 1 && lo <= hi, () => `log: slice [${lo}, ${hi}) outside (${this.offset}, ${this.lastIndex()}]`);
    return this.entries.slice(lo - this.offset - 1, hi - this.offset - 1);
  }
  /** Appends entries, truncating a conflicting suffix first. Returns the truncation index or 0. */
  append(ents) {
    if (ents.length === 0) return 0;
    const after = ents[0].index;
    assert(after > this.committed, () => `log: append at ${after} would overwrite committed ${this.committed}`);
    assert(after > this.offset && after <= this.lastIndex() + 1, () => `log: append at ${after} leaves a gap after ${this.lastIndex()}`);
    let truncated = 0;
    if (after <= this.lastIndex()) {
      truncated = after;
      this.entries.length = after - this.offset - 1;
    }
    for (let i = 0; i < ents.length; i++) this.entries.push(ents[i]);
    if (after < this.unstableFrom) this.unstableFrom = after;
    return truncated;
  }
  /** First entry whose term disagrees with ours (0 if all match; beyond-end counts as conflict). */
  findConflict(ents) {
    for (let i = 0; i < ents.length; i++) {
      if (!this.matchTerm(ents[i].index, ents[i].term)) return ents[i].index;
    }
    return 0;
  }
  /** The largest index ≤ index whose term is ≤ term (etcd's fast-backtracking hint). */
  findConflictByTerm(index, term) {
    for (; index > 0; index--) {
      const t = this.term(index);
      if (t === TERM_UNAVAILABLE || t <= term) return index;
    }
    return 0;
  }
  /**
   * Follower side of AppendEntries: returns the last new index, or -1 when the previous entry
   * does not match. Commits up to min(commit, last new).
   */
  maybeAppend(prevIndex, prevTerm, commit, ents) {
    if (!this.matchTerm(prevIndex, prevTerm)) return -1;
    const lastNew = prevIndex + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      assert(ci > this.committed, () => `log: conflict at ${ci} is at or below commit ${this.committed}`);
      this.append(ci === ents[0].index ? ents : ents.slice(ci - prevIndex - 1));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }
  commitTo(i) {
    if (i <= this.committed) return;
    assert(i <= this.lastIndex(), () => `log: commit ${i} beyond last index ${this.lastIndex()}`);
    this.committed = i;
  }
  /** Leader: commits i only if it is from the current term (Raft Figure 8). */
  maybeCommit(i, term) {
    if (i > this.committed && this.term(i) === term) {
      this.commitTo(i);
      return true;
    }
    return false;
  }
  /** Committed entries not yet handed out for applying, at most `max`. */
  nextCommitted(max) {
    const lo = Math.max(this.applying, this.offset) + 1;
    const hi = Math.min(this.committed, lo + max - 1);
    if (hi < lo) return null;
    return this.slice(lo, hi + 1);
  }
  /** Installs a snapshot from the leader: the whole log is replaced. */
  restore(snap) {
    this.entries = [];
    this.offset = snap.index;
    this.offsetTerm = snap.term;
    this.committed = snap.index;
    this.applying = snap.index;
    this.unstableFrom = snap.index + 1;
    this.snapshot = snap;
    this.pendingSnapshot = snap;
  }
  /** A local snapshot was taken: remember it and drop entries up to compactIndex (≤ snapshot). */
  compact(snap, compactIndex) {
    assert(snap.index <= this.applied, () => `log: snapshot at ${snap.index} beyond applied ${this.applied}`);
    assert(compactIndex <= snap.index, () => `log: compact ${compactIndex} beyond snapshot ${snap.index}`);
    if (snap.index > this.snapshot.index) this.snapshot = snap;
    if (compactIndex <= this.offset) return;
    this.offsetTerm = this.term(compactIndex);
    this.entries.splice(0, compactIndex - this.offset);
    this.offset = compactIndex;
  }
};

// sim/raft/progress.ts
var PROBE = 0;
var REPLICATE = 1;
var SNAPSHOT = 2;
var Inflights = class {
  constructor(capacity) {
    this.capacity = capacity;
    assert(capacity > 0, "inflights: capacity must be positive");
    this.buf = new Float64Array(capacity);
  }
  capacity;
  buf;
  start = 0;
  count = 0;
  full() {
    return this.count === this.capacity;
  }
  add(last) {
    assert(!this.full(), "inflights: add to a full window");
    let i = this.start + this.count;
    if (i >= this.capacity) i -= this.capacity;
    this.buf[i] = last;
    this.count++;
  }
  /** Frees every in-flight message whose last index is ≤ to. */
  freeLE(to) {
    while (this.count > 0 && this.buf[this.start] <= to) {
      this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
      this.count--;
    }
  }
  freeFirstOne() {
    if (this.count === 0) return;
    this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
    this.count--;
  }
  reset() {
    this.start = 0;
    this.count = 0;
  }
};
var Progress = class {
  match = 0;
  next;
  state = PROBE;
  /** Probe: an append is out, wait for its answer (etcd's MsgAppFlowPaused). */
  probeSent = false;
  /** Snapshot: the index of the snapshot in flight. */
  pendingSnapshot = 0;
  /** Ticks spent waiting in SNAPSHOT state (a lost snapshot is resent after an election timeout). */
  snapshotTicks = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = false;
  inflights;
  constructor(next, maxInflight) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }
  isPaused() {
    if (this.state === PROBE) return this.probeSent;
    if (this.state === REPLICATE) return this.inflights.full();
    return true;
  }
  becomeProbe() {
    if (this.state === SNAPSHOT) {
      this.next = Math.max(this.match + 1, this.pendingSnapshot + 1);
    } else {
      this.next = this.match + 1;
    }
    this.state = PROBE;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }
  becomeReplicate() {
    this.state = REPLICATE;
    this.next = this.match + 1;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }
  becomeSnapshot(index) {
    this.state = SNAPSHOT;
    this.pendingSnapshot = index;
    this.snapshotTicks = 0;
    this.probeSent = false;
    this.inflights.reset();
  }
  /** An ack for index n. Returns whether match moved. */
  maybeUpdate(n) {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    if (this.next < n + 1) this.next = n + 1;
    return updated;
  }
  /** A rejection of the append after `rejected`; hint = follower's suggestion. False if stale. */
  maybeDecrTo(rejected, hint) {
    if (this.state === REPLICATE) {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }
  /** Bookkeeping after sending an append whose last entry is `last` (0 = no entries). */
  sentEntries(last) {
    if (this.state === REPLICATE) {
      if (last > 0) {
        this.next = last + 1;
        this.inflights.add(last);
      }
    } else if (this.state === PROBE) {
      this.probeSent = true;
    }
  }
};

// sim/raft/ready.ts
var FOLLOWER = 0;
var PRE_CANDIDATE = 1;
var CANDIDATE = 2;
var LEADER = 3;
var ROLE_NAMES = ["follower", "pre-candidate", "candidate", "leader"];

// sim/raft/raft.ts
var CAMPAIGN_PRE = 0;
var CAMPAIGN_ELECTION = 1;
var CAMPAIGN_XFER = 2;
var NO_MESSAGES = Object.freeze([]);
var NO_READS = Object.freeze([]);
var MAX_APPLY_BATCH = 1024;
var MAX_PENDING_READS = 4096;
var RaftNode = class {
  id;
  cfg;
  random;
  term;
  vote;
  lead = NONE;
  role = FOLLOWER;
  log;
  /** Current voting configuration (applied), ascending. */
  voters;
  /** Members removed by an applied conf change: their messages are ignored. */
  removedIds = [];
  /** This node was removed from the cluster: it no longer participates. */
  removed = false;
  /** Highest index durably written here (the leader counts itself in the quorum only up to it). */
  stableIndex;
  /** Leader: progress per follower, indexed by NodeIx. */
  prs = [];
  votes = [];
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  leadTransferee = NONE;
  /** Index of the latest conf change proposed; no other until it is applied. */
  pendingConfIndex = 0;
  /** Leader: index of its first entry (the empty one); the log is caught up once applied past it. */
  leaderStartIndex = 0;
  pendingReads = [];
  readSeq = 0;
  // Outbox.
  msgs = [];
  readStates = [];
  prevHard;
  prevRole = FOLLOWER;
  prevLead = NONE;
  matchScratch = [];
  constructor(opts) {
    const { cfg, state } = opts;
    assert(cfg.electionTick > cfg.heartbeatTick && cfg.heartbeatTick > 0, "raft: need electionTick > heartbeatTick > 0");
    assert(cfg.maxEntriesPerMsg > 0 && cfg.maxInflight > 0, "raft: maxEntriesPerMsg and maxInflight must be positive");
    this.id = opts.id;
    this.cfg = cfg;
    this.random = opts.random;
    this.term = state.hardState.term;
    this.vote = state.hardState.vote;
    const base = { index: state.offset, term: state.offsetTerm, voters: state.snapshot.voters, data: null };
    this.log = new RaftLog(base, state.entries, state.hardState.commit);
    this.log.snapshot = state.snapshot;
    this.log.committed = Math.max(this.log.committed, state.snapshot.index);
    this.log.applied = state.snapshot.index;
    this.log.applying = state.snapshot.index;
    this.voters = state.snapshot.voters.slice();
    this.stableIndex = this.log.lastIndex();
    this.prevHard = { term: this.term, vote: this.vote, commit: this.log.committed };
    this.resetRandomizedElectionTimeout();
  }
  // ---------------------------------------------------------------- queries
  get committed() {
    return this.log.committed;
  }
  isVoter(id) {
    return this.voters.indexOf(id) >= 0;
  }
  /** Can campaign: a voter not removed. */
  promotable() {
    return !this.removed && this.isVoter(this.id);
  }
  quorum() {
    return (this.voters.length >> 1) + 1;
  }
  progress(id) {
    return this.prs[id] ?? null;
  }
  /** Etcd's inLease: heard from a leader within the minimum election timeout. */
  inLease() {
    return this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTick;
  }
  committedEntryInCurrentTerm() {
    return this.log.term(this.log.committed) === this.term;
  }
  // ---------------------------------------------------------------- role changes
  resetRandomizedElectionTimeout() {
    const e = this.cfg.electionTick;
    this.randomizedElectionTimeout = e + Math.floor(this.random() * e);
  }
  reset(term) {
    if (this.term !== term) {
      assert(term > this.term, () => `raft ${this.id}: term goes back from ${this.term} to ${term}`);
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.leadTransferee = NONE;
    this.votes.length = 0;
    this.prs.length = 0;
    this.pendingReads.length = 0;
    this.leaderStartIndex = 0;
  }
  becomeFollower(term, lead) {
    this.reset(term);
    this.lead = lead;
    this.role = FOLLOWER;
  }
  becomeCandidate() {
    assert(this.role !== LEADER, "raft: leader cannot become candidate");
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = CANDIDATE;
  }
  becomePreCandidate() {
    assert(this.role !== LEADER, "raft: leader cannot become pre-candidate");
    this.votes.length = 0;
    this.lead = NONE;
    this.role = PRE_CANDIDATE;
  }
  becomeLeader() {
    assert(this.role === CANDIDATE, "raft: only a candidate becomes leader");
    this.reset(this.term);
    this.lead = this.id;
    this.role = LEADER;
    const last = this.log.lastIndex();
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      if (v3 === this.id) continue;
      const pr = new Progress(last + 1, this.cfg.maxInflight);
      pr.recentActive = true;
      this.prs[v3] = pr;
    }
    this.pendingConfIndex = last;
    this.appendEntries(ENTRY_NORMAL, null);
    this.leaderStartIndex = this.log.lastIndex();
  }
  campaign(mode) {
    if (!this.promotable()) return;
    let voteType;
    let term;
    if (mode === CAMPAIGN_PRE) {
      this.becomePreCandidate();
      voteType = MSG_PREVOTE;
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = MSG_VOTE;
      term = this.term;
    }
    if (this.poll(this.id, true) === 1) {
      if (voteType === MSG_PREVOTE) this.campaign(CAMPAIGN_ELECTION);
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.log.lastIndex();
    const lastTerm = this.log.lastTerm();
    const ctx = mode === CAMPAIGN_XFER ? CAMPAIGN_TRANSFER : 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      if (v3 === this.id) continue;
      this.send(msg(voteType, this.id, v3, term, lastIndex, lastTerm, 0, EMPTY_ENTRIES, false, 0, ctx));
    }
  }
  /** Campaigns now (SwarmKit's campaignWhenAble for a lone member); no-op for a leader. */
  campaignNow() {
    if (this.role === LEADER || this.removed) return;
    this.campaign(this.cfg.preVote ? CAMPAIGN_PRE : CAMPAIGN_ELECTION);
  }
  /** Records a vote; 1 = won, -1 = lost, 0 = pending. */
  poll(from, granted) {
    if (this.votes[from] === void 0 || this.votes[from] === null) this.votes[from] = granted;
    let yes = 0;
    let no = 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.votes[this.voters[i]];
      if (v3 === true) yes++;
      else if (v3 === false) no++;
    }
    const q = this.quorum();
    if (yes >= q) return 1;
    if (no > this.voters.length - q) return -1;
    return 0;
  }
  // ---------------------------------------------------------------- inputs
  tick() {
    if (this.removed) return;
    if (this.role === LEADER) this.tickHeartbeat();
    else this.tickElection();
  }
  tickElection() {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.campaign(this.cfg.preVote ? CAMPAIGN_PRE : CAMPAIGN_ELECTION);
    }
  }
  tickHeartbeat() {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    for (let i = 0; i < this.voters.length; i++) {
      const pr = this.prs[this.voters[i]];
      if (pr && pr.state === SNAPSHOT && ++pr.snapshotTicks >= this.cfg.electionTick) pr.becomeProbe();
    }
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.quorumActive()) {
          this.becomeFollower(this.term, NONE);
          return;
        }
      }
      this.leadTransferee = NONE;
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat(this.lastPendingReadCtx());
    }
  }
  /** CheckQuorum: did a majority (self included) talk to us since the last check? Resets the flags. */
  quorumActive() {
    let active = 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      if (v3 === this.id) {
        active++;
        continue;
      }
      const pr = this.prs[v3];
      if (pr?.recentActive) active++;
      if (pr) pr.recentActive = false;
    }
    return active >= this.quorum();
  }
  /** Proposes a normal entry. Returns its index, or 0 when dropped (not leader, transferring). */
  propose(data) {
    if (this.removed || this.role !== LEADER || this.leadTransferee !== NONE) return 0;
    return this.appendEntries(ENTRY_NORMAL, data);
  }
  /** Proposes a single-server membership change. 0 when dropped or another is pending. */
  proposeConfChange(cc) {
    if (this.removed || this.role !== LEADER || this.leadTransferee !== NONE) return 0;
    if (this.pendingConfIndex > this.log.applied) return 0;
    const index = this.appendEntries(ENTRY_CONF, cc);
    this.pendingConfIndex = index;
    return index;
  }
  appendEntries(type, data) {
    const index = this.log.lastIndex() + 1;
    this.log.append([newEntry(index, this.term, type, data)]);
    this.bcastAppend();
    return index;
  }
  /** The host made the log durable up to `index` (whose term is `term`). */
  stableTo(index, term) {
    if (!this.log.matchTerm(index, term) || index <= this.stableIndex) return;
    this.stableIndex = index;
    if (this.role === LEADER && this.maybeCommit()) this.bcastAppend();
  }
  /** Hands leadership to `to`; -1 picks the most up-to-date voter. */
  transferLeadership(to) {
    if (this.role !== LEADER || this.removed) return;
    if (to === NONE) to = this.mostUpToDatePeer();
    if (to === NONE || to === this.id || !this.isVoter(to)) return;
    if (this.leadTransferee === to) return;
    this.leadTransferee = to;
    this.electionElapsed = 0;
    const pr = this.prs[to];
    if (pr.match === this.log.lastIndex()) this.send(msg(MSG_TIMEOUT_NOW, this.id, to, this.term));
    else this.sendAppend(to, true);
  }
  mostUpToDatePeer() {
    let best = NONE;
    let bestMatch = -1;
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      const pr = this.prs[v3];
      if (v3 === this.id || !pr) continue;
      const score = pr.match + (pr.recentActive ? 1e15 : 0);
      if (score > bestMatch) {
        bestMatch = score;
        best = v3;
      }
    }
    return best;
  }
  /**
   * ReadIndex: on the leader, confirms leadership with a heartbeat round, then yields a
   * ReadState {index: commit at request time, ctx}. On a follower, asks the leader.
   * Returns false when it cannot even start (no leader, leader without a current-term commit).
   */
  readIndex(ctx) {
    if (this.removed) return false;
    if (this.role === LEADER) return this.leaderReadIndex(this.id, ctx);
    if (this.lead === NONE) return false;
    this.send(msg(MSG_READ_INDEX, this.id, this.lead, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, ctx));
    return true;
  }
  leaderReadIndex(from, ctx) {
    if (!this.committedEntryInCurrentTerm() || this.pendingReads.length >= MAX_PENDING_READS) return false;
    const read = { hbCtx: ++this.readSeq, index: this.log.committed, from, ctx, acks: [this.id] };
    this.pendingReads.push(read);
    if (this.quorum() <= 1) {
      this.releaseReads(this.pendingReads.length - 1);
      return true;
    }
    this.bcastHeartbeat(read.hbCtx);
    return true;
  }
  lastPendingReadCtx() {
    const n = this.pendingReads.length;
    return n === 0 ? 0 : this.pendingReads[n - 1].hbCtx;
  }
  recvReadAck(from, hbCtx) {
    if (hbCtx === 0) return;
    const reads = this.pendingReads;
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i];
      if (r.hbCtx !== hbCtx) continue;
      if (r.acks.indexOf(from) < 0) r.acks.push(from);
      let votes = 0;
      for (let j = 0; j < r.acks.length; j++) if (this.isVoter(r.acks[j])) votes++;
      if (votes >= this.quorum()) this.releaseReads(i);
      return;
    }
  }
  /** Requests up to and including i are confirmed (an ack for a later round covers earlier ones). */
  releaseReads(i) {
    const released = this.pendingReads.splice(0, i + 1);
    for (let k = 0; k < released.length; k++) {
      const r = released[k];
      if (r.from === this.id) this.readStates.push({ index: r.index, ctx: r.ctx });
      else this.send(msg(MSG_READ_INDEX_RESP, this.id, r.from, this.term, r.index, 0, 0, EMPTY_ENTRIES, false, 0, r.ctx));
    }
  }
  step(m) {
    if (this.removed || this.removedIds.indexOf(m.from) >= 0) return;
    assert(m.to === this.id, () => `raft ${this.id}: message for ${m.to}`);
    const t = m.type;
    if (m.term > this.term) {
      if (t === MSG_VOTE || t === MSG_PREVOTE) {
        if (m.context !== CAMPAIGN_TRANSFER && this.inLease()) return;
      }
      if (t === MSG_PREVOTE) {
      } else if (t === MSG_PREVOTE_RESP && !m.reject) {
      } else if (t === MSG_APP || t === MSG_HEARTBEAT || t === MSG_SNAP) {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (t === MSG_HEARTBEAT || t === MSG_APP)) {
        this.send(msg(MSG_APP_RESP, this.id, m.from, this.term));
      } else if (t === MSG_PREVOTE) {
        this.send(msg(MSG_PREVOTE_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true));
      }
      return;
    }
    if (t === MSG_VOTE || t === MSG_PREVOTE) {
      this.handleVote(m);
      return;
    }
    switch (this.role) {
      case LEADER:
        this.stepLeader(m);
        return;
      case CANDIDATE:
      case PRE_CANDIDATE:
        this.stepCandidate(m);
        return;
      default:
        this.stepFollower(m);
    }
  }
  handleVote(m) {
    const canVote = this.vote === m.from || this.vote === NONE && this.lead === NONE || m.type === MSG_PREVOTE && m.term > this.term;
    const respType = m.type === MSG_VOTE ? MSG_VOTE_RESP : MSG_PREVOTE_RESP;
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      this.send(msg(respType, this.id, m.from, m.term));
      if (m.type === MSG_VOTE) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send(msg(respType, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true));
    }
  }
  stepFollower(m) {
    switch (m.type) {
      case MSG_APP:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case MSG_HEARTBEAT:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case MSG_SNAP:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MSG_TIMEOUT_NOW:
        this.campaign(CAMPAIGN_XFER);
        return;
      case MSG_READ_INDEX_RESP:
        this.readStates.push({ index: m.index, ctx: m.context });
        return;
      case MSG_READ_INDEX:
        return;
      default:
    }
  }
  stepCandidate(m) {
    const myResp = this.role === PRE_CANDIDATE ? MSG_PREVOTE_RESP : MSG_VOTE_RESP;
    switch (m.type) {
      case MSG_APP:
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        return;
      case MSG_HEARTBEAT:
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case MSG_SNAP:
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case MSG_VOTE_RESP:
      case MSG_PREVOTE_RESP: {
        if (m.type !== myResp) return;
        const r = this.poll(m.from, !m.reject);
        if (r === 1) {
          if (this.role === PRE_CANDIDATE) this.campaign(CAMPAIGN_ELECTION);
          else this.becomeLeader();
        } else if (r === -1) {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
    }
  }
  stepLeader(m) {
    const pr = this.prs[m.from];
    if (m.type === MSG_READ_INDEX) {
      if (!this.leaderReadIndex(m.from, m.context)) {
        this.send(msg(MSG_READ_INDEX_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, true, 0, m.context));
      }
      return;
    }
    if (!pr) return;
    switch (m.type) {
      case MSG_APP_RESP:
        pr.recentActive = true;
        if (m.reject) {
          let hint = m.rejectHint;
          if (m.logTerm > 0) hint = this.log.findConflictByTerm(m.rejectHint, m.logTerm);
          if (pr.maybeDecrTo(m.index, hint)) {
            if (pr.state === REPLICATE) pr.becomeProbe();
            this.sendAppend(m.from, true);
          }
          return;
        }
        {
          const oldPaused = pr.isPaused();
          if (!pr.maybeUpdate(m.index)) return;
          if (pr.state === PROBE) pr.becomeReplicate();
          else if (pr.state === SNAPSHOT && pr.match >= pr.pendingSnapshot) {
            pr.becomeProbe();
            pr.becomeReplicate();
          } else if (pr.state === REPLICATE) pr.inflights.freeLE(m.index);
          if (this.maybeCommit()) this.bcastAppend();
          else if (oldPaused) this.sendAppend(m.from, true);
          for (let i = 0; i < this.cfg.maxInflight && this.sendAppend(m.from, false); i++) {
          }
          if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
            this.send(msg(MSG_TIMEOUT_NOW, this.id, m.from, this.term));
          }
        }
        return;
      case MSG_HEARTBEAT_RESP:
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state === REPLICATE && pr.inflights.full()) pr.inflights.freeFirstOne();
        if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, true);
        this.recvReadAck(m.from, m.context);
        return;
      default:
    }
  }
  handleAppend(m) {
    if (m.index < this.log.committed) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.committed));
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew >= 0) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, lastNew));
      return;
    }
    let hintIndex = Math.min(m.index, this.log.lastIndex());
    hintIndex = this.log.findConflictByTerm(hintIndex, m.logTerm);
    const hintTerm = Math.max(0, this.log.term(hintIndex));
    this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, m.index, hintTerm, 0, EMPTY_ENTRIES, true, hintIndex));
  }
  handleHeartbeat(m) {
    this.log.commitTo(m.commit);
    this.send(msg(MSG_HEARTBEAT_RESP, this.id, m.from, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, m.context));
  }
  handleSnapshot(m) {
    const snap = m.snapshot;
    if (this.restore(snap)) {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.lastIndex()));
    } else {
      this.send(msg(MSG_APP_RESP, this.id, m.from, this.term, this.log.committed));
    }
  }
  restore(snap) {
    if (snap.index <= this.log.committed) return false;
    if (this.log.matchTerm(snap.index, snap.term)) {
      this.log.commitTo(snap.index);
      return false;
    }
    this.log.restore(snap);
    this.stableIndex = snap.index;
    this.voters = snap.voters.slice();
    return true;
  }
  // ---------------------------------------------------------------- leader replication
  send(m) {
    this.msgs.push(m);
  }
  bcastAppend() {
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      if (v3 !== this.id) this.sendAppend(v3, true);
    }
  }
  bcastHeartbeat(ctx) {
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      if (v3 === this.id) continue;
      const pr = this.prs[v3];
      const commit = Math.min(pr.match, this.log.committed);
      this.send(msg(MSG_HEARTBEAT, this.id, v3, this.term, 0, 0, commit, EMPTY_ENTRIES, false, 0, ctx));
    }
  }
  /** Sends an append (or a snapshot) to `to`. Returns whether something was sent. */
  sendAppend(to, sendIfEmpty) {
    const pr = this.prs[to];
    if (!pr || pr.isPaused()) return false;
    const log = this.log;
    const prevIndex = pr.next - 1;
    const prevTerm = log.term(prevIndex);
    if (prevIndex < log.offset || prevTerm < 0) return this.sendSnapshot(to, pr);
    const last = log.lastIndex();
    const hi = Math.min(last + 1, pr.next + this.cfg.maxEntriesPerMsg);
    if (hi <= pr.next && !sendIfEmpty) return false;
    const ents = hi > pr.next ? log.slice(pr.next, hi) : EMPTY_ENTRIES;
    this.send(msg(MSG_APP, this.id, to, this.term, prevIndex, prevTerm, log.committed, ents));
    pr.sentEntries(ents.length > 0 ? ents[ents.length - 1].index : 0);
    return true;
  }
  sendSnapshot(to, pr) {
    if (!pr.recentActive) return false;
    const snap = this.log.snapshot;
    assert(snap.index >= this.log.offset, () => `raft ${this.id}: no snapshot covers compacted index ${this.log.offset}`);
    this.send(msg(MSG_SNAP, this.id, to, this.term, 0, 0, 0, EMPTY_ENTRIES, false, 0, 0, snap));
    pr.becomeSnapshot(snap.index);
    return true;
  }
  /** Commits the highest index a quorum has durably (self only up to stableIndex), current term only. */
  maybeCommit() {
    const ms = this.matchScratch;
    ms.length = 0;
    for (let i = 0; i < this.voters.length; i++) {
      const v3 = this.voters[i];
      ms.push(v3 === this.id ? this.stableIndex : this.prs[v3]?.match ?? 0);
    }
    if (ms.length === 0) return false;
    for (let i = 1; i < ms.length; i++) {
      const x = ms[i];
      let j = i - 1;
      while (j >= 0 && ms[j] < x) {
        ms[j + 1] = ms[j];
        j--;
      }
      ms[j + 1] = x;
    }
    return this.log.maybeCommit(ms[this.quorum() - 1], this.term);
  }
  // ---------------------------------------------------------------- membership
  /** The host applied a conf change entry (v2-style: configurations change when applied). */
  applyConfChange(cc) {
    if (cc.conf === "set") {
      this.voters = cc.members.slice().sort(ascending);
    } else if (cc.conf === "add") {
      const r = this.removedIds.indexOf(cc.node);
      if (r >= 0) this.removedIds.splice(r, 1);
      if (!this.isVoter(cc.node)) {
        this.voters.push(cc.node);
        this.voters.sort(ascending);
      }
      if (this.role === LEADER && cc.node !== this.id && !this.prs[cc.node]) {
        const pr = new Progress(this.log.lastIndex() + 1, this.cfg.maxInflight);
        pr.recentActive = true;
        this.prs[cc.node] = pr;
      }
    } else {
      const i = this.voters.indexOf(cc.node);
      if (i >= 0) this.voters.splice(i, 1);
      if (this.removedIds.indexOf(cc.node) < 0) this.removedIds.push(cc.node);
      this.prs[cc.node] = null;
      if (cc.node === this.id) {
        this.removed = true;
        this.role = FOLLOWER;
        this.lead = NONE;
        return;
      }
      if (this.leadTransferee === cc.node) this.leadTransferee = NONE;
      if (cc.node === this.lead && this.role !== LEADER) {
        this.lead = NONE;
        this.campaignNow();
      }
    }
    if (this.role === LEADER && this.voters.length > 0 && this.maybeCommit()) this.bcastAppend();
  }
  // ---------------------------------------------------------------- outbox
  /** The host took a snapshot at `snap.index` and wants the log compacted up to compactIndex. */
  compact(snap, compactIndex) {
    this.log.compact(snap, compactIndex);
  }
  hasReady() {
    const log = this.log;
    return this.msgs.length > 0 || this.readStates.length > 0 || log.pendingSnapshot !== null || log.unstableFrom <= log.lastIndex() || log.committed > log.applying || this.term !== this.prevHard.term || this.vote !== this.prevHard.vote || log.committed !== this.prevHard.commit || this.role !== this.prevRole || this.lead !== this.prevLead;
  }
  /** Takes the outbox. The caller must handle it in order, then call advance(rd). */
  ready() {
    const log = this.log;
    const hs = this.prevHard;
    const termOrVoteChanged = this.term !== hs.term || this.vote !== hs.vote;
    const hardStateChanged = termOrVoteChanged || log.committed !== hs.commit;
    const hardState = hardStateChanged ? { term: this.term, vote: this.vote, commit: log.committed } : hs;
    this.prevHard = hardState;
    const snapshot = log.pendingSnapshot;
    log.pendingSnapshot = null;
    const from = Math.max(log.unstableFrom, log.offset + 1);
    const entries = from <= log.lastIndex() ? log.slice(from, log.lastIndex() + 1) : EMPTY_ENTRIES;
    log.unstableFrom = log.lastIndex() + 1;
    const committed = log.nextCommitted(MAX_APPLY_BATCH);
    if (committed) log.applying = committed[committed.length - 1].index;
    const softStateChanged = this.role !== this.prevRole || this.lead !== this.prevLead;
    this.prevRole = this.role;
    this.prevLead = this.lead;
    let messages = NO_MESSAGES;
    if (this.msgs.length > 0) {
      messages = this.msgs;
      this.msgs = [];
    }
    let readStates = NO_READS;
    if (this.readStates.length > 0) {
      readStates = this.readStates;
      this.readStates = [];
    }
    return {
      softStateChanged,
      role: this.role,
      leader: this.lead,
      term: this.term,
      hardStateChanged,
      termOrVoteChanged,
      hardState,
      snapshot,
      entries,
      mustSync: termOrVoteChanged || entries.length > 0,
      committedEntries: committed ?? EMPTY_ENTRIES,
      messages,
      readStates
    };
  }
  /** The host handled rd: its committed entries are applied (and its snapshot installed). */
  advance(rd) {
    const log = this.log;
    if (rd.snapshot && rd.snapshot.index > log.applied) log.applied = rd.snapshot.index;
    const n = rd.committedEntries.length;
    if (n > 0) {
      const last = rd.committedEntries[n - 1].index;
      if (last > log.applied) log.applied = last;
    }
    if (log.applying < log.applied) log.applying = log.applied;
  }
};
function ascending(a, b3) {
  return a - b3;
}

// sim/raft/storage.ts
var RaftStorage = class {
  hardState = { term: 0, vote: NONE, commit: 0 };
  syncedHard = this.hardState;
  snapshot = { index: 0, term: 0, voters: [], data: null };
  /** Index of the entry before entries[0]. */
  offset = 0;
  offsetTerm = 0;
  entries = [];
  /** Last index known durable. */
  syncedLast = 0;
  /** False until the first member opened it (bootstrap writes the initial configuration). */
  initialized = false;
  /** Where to report a tail lost in a crash (set by the member that opened the storage). */
  trace = null;
  nodeIx = -1;
  /**
   * A fresh disk: with initial members, write the bootstrap conf entry at index 1 (term 1,
   * committed) so that every member — and any later joiner that replicates the log — learns
   * the initial configuration the same way. Without, the node waits to be added.
   */
  bootstrap(members) {
    if (this.initialized) return;
    this.initialized = true;
    if (members.length === 0) return;
    const sorted = members.slice().sort((a, b3) => a - b3);
    this.snapshot = { index: 0, term: 0, voters: sorted, data: null };
    this.entries = [newEntry(1, 1, ENTRY_CONF, { conf: "set", node: NONE, members: sorted })];
    this.hardState = { term: 1, vote: NONE, commit: 1 };
    this.sync();
  }
  attach(trace, nodeIx) {
    this.trace = trace;
    this.nodeIx = nodeIx;
  }
  lastIndex() {
    return this.offset + this.entries.length;
  }
  dirty() {
    return this.syncedLast !== this.lastIndex() || this.syncedHard !== this.hardState;
  }
  /** Writes entries that replace the log from ents[0].index on. Returns the truncation index or 0. */
  write(ents) {
    if (ents.length === 0) return 0;
    const first = ents[0].index;
    const last = this.lastIndex();
    assert(first > this.offset && first <= last + 1, () => `storage: write at ${first} outside (${this.offset}, ${last + 1}]`);
    let truncated = 0;
    if (first <= last) {
      assert(this.syncedLast === last, () => `storage: truncation at ${first} over an unsynced tail (${this.syncedLast} < ${last})`);
      truncated = first;
      this.entries.length = first - this.offset - 1;
      if (this.syncedLast >= first) this.syncedLast = first - 1;
    }
    for (let i = 0; i < ents.length; i++) this.entries.push(ents[i]);
    return truncated;
  }
  setHardState(hs) {
    this.hardState = hs;
  }
  sync() {
    this.syncedLast = this.lastIndex();
    this.syncedHard = this.hardState;
  }
  /** A local snapshot at snap.index; compacts entries up to compactIndex. Synced. */
  saveSnapshot(snap, compactIndex) {
    assert(compactIndex <= snap.index && snap.index <= this.lastIndex(), () => `storage: snapshot ${snap.index} / compact ${compactIndex} beyond log ${this.lastIndex()}`);
    this.sync();
    if (snap.index > this.snapshot.index) this.snapshot = snap;
    if (compactIndex > this.offset) {
      this.offsetTerm = this.entryTerm(compactIndex);
      this.entries.splice(0, compactIndex - this.offset);
      this.offset = compactIndex;
    }
  }
  /** A snapshot from the leader replaces the whole log. Synced. */
  installSnapshot(snap) {
    this.snapshot = snap;
    this.entries = [];
    this.offset = snap.index;
    this.offsetTerm = snap.term;
    if (this.hardState.commit < snap.index) this.hardState = { term: this.hardState.term, vote: this.hardState.vote, commit: snap.index };
    this.sync();
  }
  entryTerm(i) {
    if (i === this.offset) return this.offsetTerm;
    return this.entries[i - this.offset - 1].term;
  }
  /** What a restarting member recovers (a copy of the entry list; entries are shared, immutable). */
  recover() {
    const last = this.lastIndex();
    const hs = this.hardState;
    return {
      hardState: { term: hs.term, vote: hs.vote, commit: Math.min(hs.commit, last) },
      snapshot: this.snapshot,
      entries: this.entries.slice(),
      offset: this.offset,
      offsetTerm: this.offsetTerm
    };
  }
  onCrash(loseUnsynced) {
    if (!loseUnsynced) return;
    const last = this.lastIndex();
    if (this.syncedLast < last) {
      const from = this.syncedLast + 1;
      this.entries.length = this.syncedLast - this.offset;
      if (this.trace) this.trace.emit(T["raft.truncate"], this.nodeIx, from);
    }
    this.hardState = this.syncedHard;
  }
};

// sim/raft/member.ts
var DEFAULT_FORWARD_TIMEOUT_US = 2e6;
var MAX_READY_ROUNDS = 256;
var MAX_FORWARDS = 65536;
var RaftMember = class {
  constructor(host, cfg, opts) {
    this.host = host;
    this.cfg = cfg;
    this.id = host.id;
    this.sm = opts.stateMachine;
    this.tickTag = opts.timerTag;
    this.forwardTag = opts.timerTag + 1;
    this.forwardTimeoutUs = opts.forwardTimeoutUs ?? DEFAULT_FORWARD_TIMEOUT_US;
    this.storage = host.disk.open("raft", () => new RaftStorage());
    this.freshBootstrap = !this.storage.initialized && opts.initialMembers.length > 0;
    this.storage.bootstrap(opts.initialMembers);
    this.storage.attach(host.trace, host.id);
    const state = this.storage.recover();
    this.node = new RaftNode({ id: host.id, cfg, random: () => host.random(), state });
    const snap = this.storage.snapshot;
    if (snap.data !== null) this.sm.restore(snap.data);
    this.applied = snap.index;
    this.lastCommitEmitted = this.node.committed;
  }
  host;
  cfg;
  id;
  storage;
  node;
  sm;
  tickTag;
  forwardTag;
  forwardTimeoutUs;
  tickTimer = null;
  applied;
  lastCommitEmitted;
  /** The leader wrote entries it has not synced yet (async leader write). */
  pendingSync = false;
  processing = false;
  stopped = false;
  published = false;
  ticks = 0;
  /** This boot wrote the bootstrap entry: trace it at start like any other append. */
  freshBootstrap;
  /** Tick count at which we last heard from each peer (SwarmKit's "active" transport), by NodeIx. */
  lastHeardTick = [];
  proposals = /* @__PURE__ */ new Map();
  barriers = /* @__PURE__ */ new Map();
  waitingReads = [];
  readCtx = 0;
  forwards = /* @__PURE__ */ new Map();
  forwardSeq = 0;
  leadershipListeners = [];
  removedListeners = [];
  /** Arms the tick and announces the (follower) role. Lone members campaign at once. */
  start() {
    assert(this.tickTimer === null, "raft member started twice");
    const n = this.node;
    const trace = this.host.trace;
    trace.emit(T["raft.role"], this.id, ROLE_NAMES[n.role], n.term, null);
    if (this.freshBootstrap) {
      const log = n.log;
      for (let i = log.firstIndex(); i <= log.lastIndex(); i++) {
        const e = log.entry(i);
        trace.emit(T["raft.append"], this.id, e.index, e.term, e.hash);
      }
      trace.emit(T["raft.commit"], this.id, n.committed, log.term(n.committed));
    }
    this.tickTimer = this.host.setTimer(this.cfg.tickUs, this.tickTag);
    if (n.voters.length === 1 && n.voters[0] === this.id) n.campaignNow();
    this.process();
  }
  /** Stops participating (manager shut down or demoted): pending work fails with "stopped". */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) this.host.cancelTimer(this.tickTimer);
    this.failPending("stopped");
    this.setPublished(false);
  }
  // ------------------------------------------------------------ RaftMemberApi
  get isLeader() {
    return this.published;
  }
  get leader() {
    return this.node.lead;
  }
  get term() {
    return this.node.term;
  }
  get commitIndex() {
    return this.node.committed;
  }
  get appliedIndex() {
    return this.applied;
  }
  get members() {
    return this.node.voters;
  }
  /** Removed from the cluster by an applied conf change. */
  get removed() {
    return this.node.removed;
  }
  /** The pure node (tests, diagnostics). */
  get raft() {
    return this.node;
  }
  propose(command, cb) {
    assert(command !== null && command !== void 0, "raft: a command must not be null");
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    const index = this.node.propose(command);
    if (index === 0) {
      cb({ ok: false, error: "not-leader" });
      return;
    }
    this.proposals.set(index, { term: this.node.term, cb });
    this.process();
  }
  readBarrier(cb) {
    if (this.leaderCheck() !== null) {
      cb(false);
      return;
    }
    const ctx = ++this.readCtx;
    if (!this.node.readIndex(ctx)) {
      cb(false);
      return;
    }
    this.barriers.set(ctx, cb);
    this.process();
  }
  addMember(id, cb) {
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    if (this.node.isVoter(id)) {
      cb({ ok: true, index: 0, value: void 0 });
      return;
    }
    this.proposeConf({ conf: "add", node: id, members: null }, cb);
  }
  removeMember(id, cb) {
    const err = this.leaderCheck();
    if (err !== null) {
      cb({ ok: false, error: err });
      return;
    }
    if (!this.node.isVoter(id)) {
      cb({ ok: false, error: "not-member" });
      return;
    }
    if (!this.canRemoveMember(id)) {
      cb({ ok: false, error: "cannot-remove-member" });
      return;
    }
    this.proposeConf({ conf: "remove", node: id, members: null }, cb);
  }
  proposeConf(cc, cb) {
    const index = this.node.proposeConfChange(cc);
    if (index === 0) {
      cb({ ok: false, error: this.node.leadTransferee !== NONE ? "not-leader" : "conf-change-pending" });
      return;
    }
    this.proposals.set(index, { term: this.node.term, cb });
    this.process();
  }
  /**
   * SwarmKit's CanRemoveMember: count this node plus every other member except `id` that is
   * reachable; removal is allowed when that is a majority of the members that would remain.
   */
  canRemoveMember(id) {
    const members = this.node.voters;
    let reachable = 1;
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (m !== this.id && m !== id && this.isReachable(m)) reachable++;
    }
    return reachable >= (members.length - 1 >> 1) + 1;
  }
  isReachable(id) {
    if (id === this.id) return true;
    const t = this.lastHeardTick[id];
    return t !== void 0 && this.ticks - t <= this.cfg.electionTick;
  }
  transferLeadership(to) {
    if (this.stopped) return;
    this.node.transferLeadership(to);
    this.process();
  }
  onLeadershipChange(fn) {
    this.leadershipListeners.push(fn);
  }
  /** Called once when this member learns it was removed from the cluster (SwarmKit's RemovedFromRaft). */
  onRemoved(fn) {
    this.removedListeners.push(fn);
  }
  /**
   * Runs a client command: proposed here on the leader, else forwarded to the known leader
   * ("raft.propose"). `read` marks read-only commands: they are served from the leader's state
   * machine (StateMachine.query) — at once, as SwarmKit does, or after a ReadIndex barrier with
   * cfg.readIndex — never through the log.
   */
  submit(command, read, cb) {
    if (this.stopped || this.node.removed) {
      cb(result("stopped"));
      return;
    }
    if (this.node.role === LEADER) {
      this.serve(command, read, cb);
      return;
    }
    const lead = this.node.lead;
    if (lead === NONE) {
      cb(result("no-leader"));
      return;
    }
    if (this.forwards.size >= MAX_FORWARDS) {
      cb(result("timeout"));
      return;
    }
    const reqId = ++this.forwardSeq;
    const timer = this.host.setTimer(this.forwardTimeoutUs, this.forwardTag, reqId);
    this.forwards.set(reqId, { cb, timer });
    this.host.send(lead, new ProposeMsg(reqId, command, read));
  }
  serve(command, read, cb) {
    if (read && this.sm.query) {
      const query = this.sm.query.bind(this.sm);
      if (!this.cfg.readIndex) {
        cb({ outcome: "ok", index: this.applied, value: query(command) });
        return;
      }
      this.readBarrier((ok) => {
        if (!ok) {
          cb(result("not-leader"));
          return;
        }
        cb({ outcome: "ok", index: this.applied, value: query(command) });
      });
      return;
    }
    this.propose(command, (r) => {
      if (r.ok) cb({ outcome: "ok", index: r.index, value: r.value });
      else cb(result(outcomeOf(r.error)));
    });
  }
  // ------------------------------------------------------------ host events
  /** Returns false when the tag is not this member's. */
  onTimer(tag, data) {
    if (tag === this.tickTag) {
      if (this.stopped) return true;
      this.tickTimer = this.host.setTimer(this.cfg.tickUs, this.tickTag);
      this.ticks++;
      this.flushSync();
      this.node.tick();
      this.process();
      return true;
    }
    if (tag === this.forwardTag) {
      const reqId = data;
      const f = this.forwards.get(reqId);
      if (f) {
        this.forwards.delete(reqId);
        f.cb(result("timeout"));
      }
      return true;
    }
    return false;
  }
  /** Returns false when the message is not a Raft one. */
  onMessage(from, m) {
    if (m instanceof RaftMessage) {
      if (this.stopped) return true;
      this.lastHeardTick[from] = this.ticks;
      this.flushSync();
      this.node.step(m);
      this.process();
      return true;
    }
    if (m instanceof ProposeMsg) {
      if (this.stopped || this.node.role !== LEADER) {
        const outcome = this.stopped ? "stopped" : "not-leader";
        this.host.send(from, new ProposeRespMsg(m.reqId, outcome, 0, null));
        return true;
      }
      this.serve(m.command, m.read, (r) => this.host.send(from, new ProposeRespMsg(m.reqId, r.outcome, r.index, r.value)));
      return true;
    }
    if (m instanceof ProposeRespMsg) {
      const f = this.forwards.get(m.reqId);
      if (f) {
        this.forwards.delete(m.reqId);
        this.host.cancelTimer(f.timer);
        f.cb({ outcome: m.outcome, index: m.index, value: m.value });
      }
      return true;
    }
    return false;
  }
  // ------------------------------------------------------------ the Ready loop
  leaderCheck() {
    if (this.stopped) return "stopped";
    if (this.node.removed) return "removed";
    if (this.node.role !== LEADER) return this.node.lead === NONE ? "no-leader" : "not-leader";
    return null;
  }
  /** The leader's deferred fsync: done before it handles its next message or tick. */
  flushSync() {
    if (!this.pendingSync) return;
    this.pendingSync = false;
    this.storage.sync();
    const last = this.storage.lastIndex();
    this.node.stableTo(last, this.node.log.term(last));
  }
  process() {
    if (this.processing) return;
    this.processing = true;
    try {
      const n = this.node;
      for (let round = 0; round < MAX_READY_ROUNDS && !this.stopped && n.hasReady(); round++) {
        this.handleReady(n.ready());
      }
      if (n.removed && !this.stopped) this.onSelfRemoved();
      if (!this.stopped) this.updatePublished();
    } finally {
      this.processing = false;
    }
  }
  handleReady(rd) {
    const n = this.node;
    const host = this.host;
    const trace = host.trace;
    const id = this.id;
    if (rd.softStateChanged) {
      trace.emit(T["raft.role"], id, ROLE_NAMES[rd.role], rd.term, rd.leader === NONE ? null : host.nodeNames[rd.leader]);
      if (rd.role !== LEADER) {
        this.setPublished(false);
        this.failPending("lost-leadership");
      }
    }
    if (rd.snapshot) this.installSnapshot(rd.snapshot);
    if (rd.entries.length > 0) {
      const truncated = this.storage.write(rd.entries);
      if (truncated > 0) trace.emit(T["raft.truncate"], id, truncated);
      for (let i = 0; i < rd.entries.length; i++) {
        const e = rd.entries[i];
        trace.emit(T["raft.append"], id, e.index, e.term, e.hash);
      }
    }
    if (rd.hardStateChanged) {
      this.storage.setHardState(rd.hardState);
      const c = rd.hardState.commit;
      if (c > this.lastCommitEmitted) {
        this.lastCommitEmitted = c;
        trace.emit(T["raft.commit"], id, c, n.log.term(c));
      }
    }
    const deferSync = rd.role === LEADER && !rd.termOrVoteChanged && rd.snapshot === null && n.voters.length > 1;
    if (deferSync) {
      if (this.storage.dirty()) this.pendingSync = true;
    } else if (rd.mustSync || this.storage.dirty()) {
      this.pendingSync = false;
      this.storage.sync();
      const last = this.storage.lastIndex();
      n.stableTo(last, n.log.term(last));
    }
    const msgs = rd.messages;
    for (let i = 0; i < msgs.length; i++) host.send(msgs[i].to, msgs[i]);
    const ents = rd.committedEntries;
    for (let i = 0; i < ents.length; i++) this.apply(ents[i]);
    for (let i = 0; i < rd.readStates.length; i++) {
      const rs = rd.readStates[i];
      const cb = this.barriers.get(rs.ctx);
      if (!cb) continue;
      this.barriers.delete(rs.ctx);
      if (this.applied >= rs.index) cb(true);
      else this.waitingReads.push({ index: rs.index, cb });
    }
    n.advance(rd);
    if (ents.length > 0) {
      this.releaseReads();
      this.maybeSnapshot();
    }
  }
  installSnapshot(snap) {
    this.storage.installSnapshot(snap);
    this.sm.restore(snap.data);
    this.applied = snap.index;
    if (snap.index > this.lastCommitEmitted) this.lastCommitEmitted = snap.index;
    this.host.trace.emit(T["raft.snapshot"], this.id, snap.index, snap.term);
    this.releaseReads();
  }
  apply(e) {
    assert(e.index === this.applied + 1, () => `raft ${this.host.name}: applies ${e.index} after ${this.applied}`);
    this.applied = e.index;
    const host = this.host;
    host.trace.emit(T["raft.apply"], this.id, e.index, e.term, e.hash);
    let value;
    if (e.type === ENTRY_CONF) {
      const cc = e.data;
      this.node.applyConfChange(cc);
      if (cc.conf !== "set") {
        const names2 = this.node.voters.map((v3) => host.nodeNames[v3]);
        host.trace.emit(T["raft.member"], this.id, cc.conf, host.nodeNames[cc.node], names2);
      }
    } else if (e.data !== null) {
      value = this.sm.apply(e.index, e.term, e.data);
    }
    const p = this.proposals.get(e.index);
    if (p) {
      this.proposals.delete(e.index);
      if (p.term === e.term) p.cb({ ok: true, index: e.index, value });
      else p.cb({ ok: false, error: "lost-leadership" });
    }
  }
  releaseReads() {
    if (this.waitingReads.length === 0) return;
    const still = [];
    const ready = [];
    for (const w of this.waitingReads) (w.index <= this.applied ? ready : still).push(w);
    this.waitingReads = still;
    for (const w of ready) w.cb(true);
  }
  maybeSnapshot() {
    const snapIndex = this.storage.snapshot.index;
    if (this.applied - snapIndex < this.cfg.snapshotInterval) return;
    const n = this.node;
    const snap = { index: this.applied, term: n.log.term(this.applied), voters: n.voters.slice(), data: this.sm.snapshot() };
    const compactIndex = Math.max(this.storage.offset, this.applied - this.cfg.logEntriesForSlowFollowers);
    this.storage.saveSnapshot(snap, compactIndex);
    n.compact(snap, compactIndex);
    this.host.trace.emit(T["raft.snapshot"], this.id, snap.index, snap.term);
  }
  updatePublished() {
    const n = this.node;
    const want = n.role === LEADER && !n.removed && n.leaderStartIndex > 0 && this.applied >= n.leaderStartIndex;
    this.setPublished(want);
  }
  setPublished(v3) {
    if (this.published === v3) return;
    this.published = v3;
    const term = this.node.term;
    for (const fn of this.leadershipListeners) fn(v3, term);
  }
  failPending(error) {
    if (this.proposals.size > 0) {
      const ps = [...this.proposals.values()];
      this.proposals.clear();
      for (const p of ps) p.cb({ ok: false, error });
    }
    if (this.barriers.size > 0 || this.waitingReads.length > 0) {
      const bs = [...this.barriers.values()];
      const ws = this.waitingReads;
      this.barriers.clear();
      this.waitingReads = [];
      for (const cb of bs) cb(false);
      for (const w of ws) w.cb(false);
    }
    if (error === "stopped" && this.forwards.size > 0) {
      const fs = [...this.forwards.values()];
      this.forwards.clear();
      for (const f of fs) {
        this.host.cancelTimer(f.timer);
        f.cb(result("stopped"));
      }
    }
  }
  onSelfRemoved() {
    this.setPublished(false);
    this.failPending("removed");
    if (this.tickTimer) {
      this.host.cancelTimer(this.tickTimer);
      this.tickTimer = null;
    }
    this.stopped = true;
    for (const fn of this.removedListeners) fn();
  }
};
function result(outcome) {
  return { outcome, index: 0, value: null };
}
function outcomeOf(e) {
  switch (e) {
    case "not-leader":
    case "no-leader":
    case "lost-leadership":
      return e;
    case "removed":
    case "stopped":
      return "stopped";
    default:
      return "not-leader";
  }
}

// sim/raft/manager-process.ts
var RaftManagerProcess = class {
  kv = new KvStateMachine();
  member;
  constructor(host, cfg, initialMembers, timerTagBase) {
    this.member = new RaftMember(host, cfg, { initialMembers, stateMachine: this.kv, timerTag: timerTagBase });
  }
  start() {
    this.member.start();
  }
  onMessage(from, msg2) {
    this.member.onMessage(from, msg2);
  }
  onTimer(tag, data) {
    this.member.onTimer(tag, data);
  }
  /** A client's request reached this manager; `done` is called exactly once. */
  clientRequest(req, done) {
    const cmd = req.kind === "put" ? { op: "put", key: req.key, value: req.value ?? "" } : { op: "get", key: req.key };
    this.member.submit(cmd, req.kind === "get", (r) => done(toClientResult(r)));
  }
};
function toClientResult(r) {
  switch (r.outcome) {
    case "ok":
      return { result: "ok", index: r.index, value: r.value ?? null };
    case "not-leader":
    case "no-leader":
      return { result: "not-leader", index: 0, value: null };
    // Indeterminate: the command may still commit.
    case "timeout":
    case "lost-leadership":
      return { result: "timeout", index: 0, value: null };
    default:
      return { result: "error", index: 0, value: null };
  }
}
function createRaftManager(host, cfg, initialMembers, timerTagBase = 0) {
  return new RaftManagerProcess(host, cfg, initialMembers, timerTagBase);
}

// sim/swarm/dispatcher/messages.ts
var REQUEST_KINDS = /* @__PURE__ */ new Set(["dispatcher.session", "dispatcher.heartbeat", "dispatcher.status"]);
var RESPONSE_KINDS = /* @__PURE__ */ new Set(["dispatcher.session-resp", "dispatcher.heartbeat-resp", "dispatcher.status-resp", "dispatcher.assignments"]);
function isAgentRequest(m) {
  return REQUEST_KINDS.has(m.kind);
}
function isAgentResponse(m) {
  return RESPONSE_KINDS.has(m.kind);
}
var ERR_SESSION_INVALID = "session invalid";
var ERR_NODE_NOT_FOUND = "node not found";
var ERR_NO_LEADER = "no leader";

// sim/swarm/agent/behaviour.ts
var DEFAULT_BEHAVIOUR = Object.freeze({
  startupUs: 500 * MS,
  exitAfterUs: null,
  exitCode: 0,
  failStart: 0,
  unhealthyAfterUs: null
});
var STOP_US = 100 * MS;
function behaviourOf(behaviours, t) {
  return behaviours[t.spec.image] ?? behaviours[t.spec.name] ?? behaviours[t.service] ?? DEFAULT_BEHAVIOUR;
}

// sim/swarm/agent/container-ledger.ts
var ContainerLedger = class {
  running = /* @__PURE__ */ new Map();
  onCrash(_loseUnsynced) {
  }
};
var LEDGER_NAME = "swarm.containers";

// sim/swarm/agent/executor.ts
var CONTAINER_STATE = T["container.state"];
var Executor = class {
  constructor(task, scope, behaviour, ledger, report) {
    this.task = task;
    this.scope = scope;
    this.behaviour = behaviour;
    this.ledger = ledger;
    this.report = report;
  }
  task;
  scope;
  behaviour;
  ledger;
  report;
  /** Locally observed state. */
  state = "assigned";
  container = "none";
  timer = null;
  startedAtUs = 0;
  get done() {
    return stateValue(this.state) > stateValue("running");
  }
  /** A new assignment for this task (desired state may have changed). */
  update(t) {
    this.task = t;
    this.drive();
  }
  set(state, message, err = null) {
    if (stateValue(state) <= stateValue(this.state)) return;
    this.state = state;
    this.report(this.task, state, message, err);
  }
  drive() {
    if (this.done) return;
    const desired = stateValue(this.task.desiredState);
    if (desired > stateValue("running")) {
      this.shutdown();
      return;
    }
    if (stateValue(this.state) < stateValue("ready")) {
      this.set("accepted", "accepted");
      this.set("preparing", "preparing");
      this.set("ready", "prepared");
    }
    if (desired >= stateValue("running") && this.container === "none") this.startContainer();
  }
  startContainer() {
    const b3 = this.behaviour;
    const host = this.scope.host;
    this.set("starting", "starting");
    this.container = "starting";
    this.emitContainer("starting");
    this.timer = this.scope.after(b3.startupUs, () => {
      this.timer = null;
      if (b3.failStart > 0 && host.random() < b3.failStart) {
        return this.exit("failed", "starting container failed: task: non-zero exit (1)", "task: non-zero exit (1)");
      }
      this.container = "running";
      this.startedAtUs = host.now();
      this.ledger.running.set(this.task.id, { task: this.task.id, service: this.task.service, slot: this.task.slot });
      this.emitContainer("running");
      const hc = this.task.spec.healthcheck;
      if (hc === null) {
        this.set("running", "started");
        this.armExit();
        return;
      }
      const failAt = this.unhealthyFailAtUs();
      if (failAt !== null && failAt <= hc.intervalUs) return this.armUnhealthy(failAt);
      this.timer = this.scope.after(hc.intervalUs, () => {
        this.timer = null;
        this.set("running", "started");
        this.armExit();
      });
    });
  }
  /** Time from container start at which the health check fails `retries` times in a row, or null. */
  unhealthyFailAtUs() {
    const hc = this.task.spec.healthcheck;
    const after = this.behaviour.unhealthyAfterUs;
    if (hc === null || after === null) return null;
    const interval = Math.max(1, hc.intervalUs);
    const first = Math.max(1, Math.ceil(after / interval), Math.ceil(hc.startPeriodUs / interval));
    return (first + Math.max(1, hc.retries) - 1) * interval;
  }
  armExit() {
    const b3 = this.behaviour;
    const failAt = this.unhealthyFailAtUs();
    const elapsed = this.scope.host.now() - this.startedAtUs;
    const exitIn = b3.exitAfterUs === null ? null : Math.max(0, b3.exitAfterUs - elapsed);
    const unhealthyIn = failAt === null ? null : Math.max(0, failAt - elapsed);
    if (unhealthyIn !== null && (exitIn === null || unhealthyIn < exitIn)) {
      this.armUnhealthy(failAt, elapsed);
      return;
    }
    if (exitIn === null) return;
    this.timer = this.scope.after(exitIn, () => {
      this.timer = null;
      if (b3.exitCode === 0) this.exit("complete", "finished", null);
      else this.exit("failed", "task: non-zero exit", `task: non-zero exit (${b3.exitCode})`);
    });
  }
  armUnhealthy(failAtUs, elapsedUs = 0) {
    this.timer = this.scope.after(Math.max(0, failAtUs - elapsedUs), () => {
      this.timer = null;
      this.exit("failed", "container unhealthy", "task: non-zero exit (137): dockerexec: unhealthy container");
    });
  }
  exit(state, message, err) {
    this.scope.cancel(this.timer);
    this.timer = null;
    this.container = "exited";
    this.ledger.running.delete(this.task.id);
    this.emitContainer(state);
    this.set(state, message, err);
  }
  shutdown() {
    if (this.container === "stopping") return;
    if (this.container === "none" || this.container === "exited") {
      this.set("shutdown", "shutdown");
      return;
    }
    this.scope.cancel(this.timer);
    this.container = "stopping";
    this.timer = this.scope.after(STOP_US, () => {
      this.timer = null;
      this.exit("shutdown", "shutdown", null);
    });
  }
  /** The task is no longer assigned here (deleted, orphaned, reassigned): stop without reporting. */
  abandon() {
    this.scope.cancel(this.timer);
    this.timer = null;
    if (this.container === "starting" || this.container === "running" || this.container === "stopping") {
      this.container = "exited";
      this.ledger.running.delete(this.task.id);
      this.emitContainer("shutdown");
    }
  }
  emitContainer(state) {
    const t = this.task;
    this.scope.host.trace.emit(CONTAINER_STATE, this.scope.host.id, t.id, t.service, t.slot, state);
  }
};

// sim/swarm/agent/agent.ts
var RPC_TIMEOUT_US = 5 * SEC;
var BACKOFF_MIN_US = 100 * MS;
var BACKOFF_MAX_US = 8 * SEC;
var MAX_PENDING_UPDATES = 1e5;
var Agent = class {
  constructor(d) {
    this.d = d;
    this.managers = [...d.managers];
    this.ledger = d.scope.host.disk.open(LEDGER_NAME, () => new ContainerLedger());
  }
  d;
  managers;
  target = -1;
  sessionId = null;
  registering = false;
  reqSeq = 0;
  inflight = /* @__PURE__ */ new Map();
  heartbeatTimer = null;
  backoffUs = BACKOFF_MIN_US;
  lastAssignSeq = 0;
  statusInFlight = 0;
  pending = [];
  flushArmed = false;
  executors = /* @__PURE__ */ new Map();
  ledger;
  get connected() {
    return this.sessionId !== null;
  }
  start() {
    const host = this.d.scope.host;
    if (!this.d.bugs.has("swarmkit-562")) {
      for (const c of this.ledger.running.values()) host.trace.emit(T["container.state"], host.id, c.task, c.service, c.slot, "shutdown");
      this.ledger.running.clear();
    }
    this.connect();
  }
  stop() {
    for (const ex of this.executors.values()) ex.abandon();
    this.executors.clear();
    this.d.scope.close();
  }
  // --- session ------------------------------------------------------------------------------
  pickManager() {
    const host = this.d.scope.host;
    if (this.d.preferLocal() && this.target !== host.id) return host.id;
    const others = this.managers.filter((m) => m !== this.target || this.managers.length === 1);
    if (others.length === 0) return this.target;
    return others[Math.floor(host.random() * others.length)];
  }
  connect() {
    const scope = this.d.scope;
    this.sessionId = null;
    this.registering = true;
    scope.cancel(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.managers.length === 0) return;
    this.target = this.pickManager();
    this.request({ kind: "dispatcher.session", sessionId: null });
  }
  reconnectLater() {
    this.sessionId = null;
    this.registering = false;
    for (const h of this.inflight.values()) this.d.scope.cancel(h);
    this.inflight.clear();
    this.statusInFlight = 0;
    const wait = this.backoffUs;
    this.backoffUs = Math.min(BACKOFF_MAX_US, this.backoffUs * 2);
    this.d.scope.after(wait, () => {
      if (!this.registering && this.sessionId === null) this.connect();
    });
  }
  request(body) {
    const reqId = ++this.reqSeq;
    const host = this.d.scope.host;
    body.node = this.d.nodeId;
    body.agent = host.id;
    body.proxy = -1;
    body.reqId = reqId;
    this.d.send(this.target, body);
    this.inflight.set(
      reqId,
      this.d.scope.after(RPC_TIMEOUT_US, () => {
        this.inflight.delete(reqId);
        this.reconnectLater();
      })
    );
    return reqId;
  }
  settle(reqId) {
    const h = this.inflight.get(reqId);
    if (h === void 0) return false;
    this.d.scope.cancel(h);
    this.inflight.delete(reqId);
    return true;
  }
  onResponse(msg2) {
    if (msg2.kind === "dispatcher.assignments") {
      this.onAssignments(msg2);
      return;
    }
    if (!this.settle(msg2.reqId)) return;
    switch (msg2.kind) {
      case "dispatcher.session-resp":
        this.registering = false;
        if (!msg2.ok || msg2.sessionId === null) {
          this.reconnectLater();
          return;
        }
        this.sessionId = msg2.sessionId;
        this.lastAssignSeq = 0;
        this.backoffUs = BACKOFF_MIN_US;
        if (msg2.managers.length > 0) this.managers = [...msg2.managers];
        this.armHeartbeat(msg2.periodUs);
        if (msg2.role !== null) this.d.onRole(msg2.role);
        this.flushStatus();
        return;
      case "dispatcher.heartbeat-resp":
        if (!msg2.ok) {
          msg2.error === ERR_SESSION_INVALID ? this.connect() : this.reconnectLater();
          return;
        }
        this.armHeartbeat(msg2.periodUs);
        if (msg2.role !== null) this.d.onRole(msg2.role);
        return;
      case "dispatcher.status-resp":
        if (!msg2.ok) {
          this.statusInFlight = 0;
          msg2.error === ERR_SESSION_INVALID ? this.connect() : this.reconnectLater();
          return;
        }
        this.pending.splice(0, this.statusInFlight);
        this.statusInFlight = 0;
        this.flushStatus();
        return;
    }
  }
  armHeartbeat(periodUs) {
    const scope = this.d.scope;
    scope.cancel(this.heartbeatTimer);
    this.heartbeatTimer = scope.after(periodUs, () => {
      this.heartbeatTimer = null;
      if (this.sessionId !== null) this.request({ kind: "dispatcher.heartbeat", sessionId: this.sessionId, assignSeq: this.lastAssignSeq });
    });
  }
  // --- tasks --------------------------------------------------------------------------------
  onAssignments(msg2) {
    if (msg2.sessionId !== this.sessionId || msg2.seq <= this.lastAssignSeq) return;
    this.lastAssignSeq = msg2.seq;
    const seen2 = /* @__PURE__ */ new Set();
    for (const t of msg2.tasks) {
      seen2.add(t.id);
      const ex = this.executors.get(t.id);
      if (ex !== void 0) {
        ex.update(t);
        continue;
      }
      if (stateValue(t.status.state) > stateValue("assigned")) {
        if (stateValue(t.desiredState) > stateValue("running")) this.queueStatus(t, "shutdown", "shutdown", null);
        else this.queueStatus(t, "failed", "container gone after node restart", "task: non-zero exit (137): container exited on node restart");
        continue;
      }
      const fresh = new Executor(
        t,
        this.d.scope,
        behaviourOf(this.d.behaviours, t),
        this.ledger,
        (task, state, message, err) => this.queueStatus(task, state, message, err)
      );
      this.executors.set(t.id, fresh);
      fresh.update(t);
    }
    for (const [id, ex] of this.executors) {
      if (seen2.has(id)) continue;
      if (!ex.done) ex.abandon();
      this.executors.delete(id);
    }
  }
  queueStatus(t, state, message, err) {
    if (this.pending.length >= MAX_PENDING_UPDATES) this.pending.shift();
    this.pending.push({ taskId: t.id, state, message, err, timestampUs: this.d.scope.host.now() });
    if (this.flushArmed || this.statusInFlight > 0) return;
    this.flushArmed = true;
    this.d.scope.after(0, () => {
      this.flushArmed = false;
      this.flushStatus();
    });
  }
  flushStatus() {
    if (this.sessionId === null || this.statusInFlight > 0 || this.pending.length === 0) return;
    this.statusInFlight = this.pending.length;
    this.request({ kind: "dispatcher.status", sessionId: this.sessionId, updates: this.pending.slice(0, this.statusInFlight) });
  }
};

// sim/swarm/controlapi/messages.ts
var ERR_NO_LEADER2 = "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";
var ERR_INVALID_TOKEN = "A valid join token is necessary to join this cluster";
var ERR_NOT_IN_SWARM = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

// sim/swarm/final-state.ts
function finalStateOf(store, leader) {
  const nodes2 = [...store.nodes.values()].map((n) => ({
    name: n.id,
    role: n.role,
    availability: n.spec.availability,
    status: n.status.state,
    leader: n.ix === leader,
    labels: n.spec.labels
  }));
  const services = [...store.services.values()].map((s) => {
    let running = 0;
    for (const t of store.tasksOfService(s.id)) if (t.status.state === "running" && stateValue(t.desiredState) <= stateValue("running")) running++;
    let desired = s.spec.replicas;
    if (s.spec.mode === "global") {
      desired = 0;
      let cs = [];
      try {
        cs = parseConstraints(s.spec.placement.constraints);
      } catch {
        cs = [];
      }
      for (const n of store.nodes.values()) {
        if (n.status.state !== "down" && n.spec.availability !== "drain" && matchConstraints(cs, nodeToConstraintNode(n))) desired++;
      }
    }
    return { name: s.id, mode: s.spec.mode, desired, running };
  });
  const tasks = [];
  for (const t of store.tasks.values()) {
    if (stateValue(t.status.state) > stateValue("running")) continue;
    const row = { service: t.service, slot: t.slot, node: t.nodeId, state: t.status.state, desiredState: t.desiredState };
    if (t.status.err !== null) row.error = t.status.err;
    tasks.push(row);
  }
  return { nodes: nodes2, services, tasks };
}

// sim/swarm/manager/raft-member-factory.ts
var raftMemberFactory = (args) => new RaftMember(args.host, args.config, { initialMembers: args.members, stateMachine: args.stateMachine, timerTag: args.tagBase });

// sim/swarm/allocator/ipam.ts
function ipToU32(ip) {
  const parts = ip.split(".");
  assert(parts.length === 4, () => `not an IPv4 address: ${ip}`);
  let v3 = 0;
  for (const p of parts) {
    const n = Number(p);
    assert(/^[0-9]{1,3}$/.test(p) && n <= 255, () => `not an IPv4 address: ${ip}`);
    v3 = v3 * 256 + n;
  }
  return v3;
}
function u32ToIp(v3) {
  return `${Math.floor(v3 / 16777216) % 256}.${Math.floor(v3 / 65536) % 256}.${Math.floor(v3 / 256) % 256}.${v3 % 256}`;
}
function parseSubnet(cidr) {
  const slash = cidr.indexOf("/");
  assert(slash > 0, () => `not a CIDR subnet: ${cidr}`);
  const prefix = Number(cidr.slice(slash + 1));
  assert(Number.isInteger(prefix) && prefix >= 8 && prefix <= 30, () => `unsupported subnet prefix: ${cidr}`);
  const base = ipToU32(cidr.slice(0, slash));
  const size = 2 ** (32 - prefix);
  assert(base % size === 0, () => `subnet ${cidr} is not aligned`);
  return { base, prefix };
}
function subnetOf(addr) {
  const slash = addr.indexOf("/");
  assert(slash > 0, () => `address ${addr} carries no prefix length`);
  const prefix = Number(addr.slice(slash + 1));
  assert(Number.isInteger(prefix) && prefix >= 8 && prefix <= 30, () => `unsupported prefix length in ${addr}`);
  const size = 2 ** (32 - prefix);
  const ip = ipToU32(addr.slice(0, slash));
  return `${u32ToIp(ip - ip % size)}/${prefix}`;
}
var Pool = class _Pool {
  name;
  subnet;
  ingress;
  base;
  prefix;
  size;
  used = /* @__PURE__ */ new Set();
  /** Serial cursor: the offset tried first by the next allocation. */
  next = 2;
  constructor(name, subnet, ingress) {
    const { base, prefix } = parseSubnet(subnet);
    this.name = name;
    this.subnet = subnet;
    this.ingress = ingress;
    this.base = base;
    this.prefix = prefix;
    this.size = 2 ** (32 - prefix);
  }
  /** Usable offsets are 2..size-2 (network, gateway and broadcast excluded). */
  get capacity() {
    return this.size - 3;
  }
  get inUse() {
    return this.used.size;
  }
  /** Next free address as "a.b.c.d/prefix", or null when the subnet is full. */
  allocate() {
    if (this.used.size >= this.capacity) return null;
    let off = this.next;
    for (let i = 0; i < this.capacity; i++) {
      if (off > this.size - 2) off = 2;
      if (!this.used.has(off)) {
        this.used.add(off);
        this.next = off + 1;
        return this.format(off);
      }
      off++;
    }
    assert(false, `pool ${this.name}: no free address although ${this.used.size} < ${this.capacity}`);
  }
  /** Marks a known address (e.g. from the store on a new leader) as used; false if taken or foreign. */
  reserve(addr) {
    const off = this.offsetOf(addr);
    if (off === null || this.used.has(off)) return false;
    this.used.add(off);
    return true;
  }
  release(addr) {
    const off = this.offsetOf(addr);
    assert(off !== null, () => `pool ${this.name}: ${addr} is not in ${this.subnet}`);
    assert(this.used.has(off), () => `pool ${this.name}: release of unallocated ${addr}`);
    this.used.delete(off);
  }
  /** Does `subnet` share any address with this pool's subnet? */
  overlaps(subnet) {
    const { base, prefix } = parseSubnet(subnet);
    const end = base + 2 ** (32 - prefix);
    return base < this.base + this.size && this.base < end;
  }
  has(addr) {
    const off = this.offsetOf(addr);
    return off !== null && this.used.has(off);
  }
  format(off) {
    return `${u32ToIp(this.base + off)}/${this.prefix}`;
  }
  /** Offset of "a.b.c.d" or "a.b.c.d/n" in this subnet, or null if outside the usable range. */
  offsetOf(addr) {
    const slash = addr.indexOf("/");
    const ip = slash === -1 ? addr : addr.slice(0, slash);
    if (!/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(ip)) return null;
    const off = ipToU32(ip) - this.base;
    return off >= 2 && off <= this.size - 2 ? off : null;
  }
  toData() {
    return { name: this.name, subnet: this.subnet, ingress: this.ingress, used: [...this.used].sort((a, b3) => a - b3), next: this.next };
  }
  static fromData(d) {
    const p = new _Pool(d.name, d.subnet, d.ingress);
    for (const off of d.used) {
      assert(Number.isInteger(off) && off >= 2 && off <= p.size - 2, () => `pool ${d.name}: bad offset ${off}`);
      p.used.add(off);
    }
    assert(Number.isInteger(d.next) && d.next >= 2, () => `pool ${d.name}: bad cursor ${d.next}`);
    p.next = d.next;
    return p;
  }
};

// sim/swarm/allocator/allocator.ts
var INGRESS_NETWORK = "ingress";
var INGRESS_SUBNET = "10.255.0.0/16";
var DEFAULT_POOL_BASE = 10 * 16777216;
var DEFAULT_POOL_SUBNETS = 65536;
var DYNAMIC_PORT_MIN = 3e4;
var DYNAMIC_PORT_MAX = 32767;
var PORT_MAX = 65535;
function validateEndpoint(spec) {
  const seen2 = /* @__PURE__ */ new Set();
  for (const p of spec.endpoint.ports) {
    if (spec.endpoint.mode === "dnsrr" && p.mode === "ingress") {
      return "EndpointSpec: port published with ingress mode can't be used with dnsrr mode";
    }
    if (!Number.isInteger(p.target) || p.target < 1 || p.target > PORT_MAX) return `EndpointSpec: invalid target port ${p.target}`;
    if (!Number.isInteger(p.published) || p.published < 0 || p.published > PORT_MAX) {
      return `EndpointSpec: invalid published port ${p.published}`;
    }
    if (p.published === 0) continue;
    const key = `${p.protocol}/${p.published}`;
    if (seen2.has(key)) return "EndpointSpec: duplicate published ports provided";
    seen2.add(key);
  }
  return null;
}
var PROTOCOL_IX = { tcp: 0, udp: 1, sctp: 2 };
function portKey(protocol, port) {
  const ix = PROTOCOL_IX[protocol];
  assert(ix !== void 0, () => `unknown port protocol ${protocol}`);
  return port * 4 + ix;
}
var Allocator = class {
  pools = /* @__PURE__ */ new Map();
  /** Index of the next /24 of the default pool to hand to a new network. */
  nextSubnet = 0;
  /** Allocated ingress ports: portKey → owning service. */
  ingressPorts = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  constructor() {
    this.pools.set(INGRESS_NETWORK, new Pool(INGRESS_NETWORK, INGRESS_SUBNET, true));
  }
  // ---- networks ----
  /** The network's pool, created on first use (next free /24 of 10.0.0.0/8 unless `subnet` is given). */
  ensureNetwork(name, subnet) {
    let pool = this.pools.get(name);
    if (pool === void 0) {
      const chosen = subnet ?? this.nextDefaultSubnet();
      for (const p of this.pools.values()) assert(!p.overlaps(chosen), () => `network ${name}: subnet ${chosen} overlaps ${p.name} (${p.subnet})`);
      pool = new Pool(name, chosen, false);
      this.pools.set(name, pool);
    } else {
      assert(subnet === void 0 || subnet === pool.subnet, () => `network ${name} is ${pool?.subnet}, not ${subnet}`);
    }
    return { name: pool.name, subnet: pool.subnet, ingress: pool.ingress };
  }
  networks() {
    return [...this.pools.values()].map((p) => ({ name: p.name, subnet: p.subnet, ingress: p.ingress }));
  }
  nextDefaultSubnet() {
    while (this.nextSubnet < DEFAULT_POOL_SUBNETS) {
      const k = this.nextSubnet++;
      if (k >> 8 === 255) continue;
      const subnet = `${u32ToIp(DEFAULT_POOL_BASE + k * 256)}/24`;
      let free = true;
      for (const p of this.pools.values()) if (p.overlaps(subnet)) free = false;
      if (free) return subnet;
    }
    assert(false, "default address pool 10.0.0.0/8 exhausted");
  }
  // ---- task addresses ----
  /** A task address on `network` ("a.b.c.d/24"); throws if the subnet is full (see tryAllocateTaskAddr). */
  allocateTaskAddr(network) {
    const addr = this.tryAllocateTaskAddr(network);
    assert(addr !== null, () => `network ${network}: no available IP addresses`);
    return addr;
  }
  /** Like allocateTaskAddr, but null when the subnet is full (SwarmKit leaves such a task NEW). */
  tryAllocateTaskAddr(network) {
    this.ensureNetwork(network);
    return this.pool(network).allocate();
  }
  releaseTaskAddr(network, addr) {
    this.pool(network).release(addr);
  }
  /**
   * Marks an address already recorded in the store as used (rebuilding on a new leader); false
   * when it is taken or lies outside the network's subnet. A network this allocator has not seen
   * yet gets the subnet the address lies in: the store, not first-use order, decides subnets.
   */
  reserveTaskAddr(network, addr) {
    this.ensureNetwork(network, this.pools.has(network) ? void 0 : subnetOf(addr));
    return this.pool(network).reserve(addr);
  }
  /** Addresses in use on `network` (task addresses and VIPs); 0 for an unknown network. */
  addressesInUse(network) {
    return this.pools.get(network)?.inUse ?? 0;
  }
  pool(network) {
    const p = this.pools.get(network);
    assert(p !== void 0, () => `unknown network ${network}`);
    return p;
  }
  // ---- services ----
  /**
   * Validates and allocates a service's endpoint: ingress published ports (auto-assigned from
   * 30000–32767 when 0, lowest free; kept across updates) and one VIP per attached network in
   * vip mode (ingress included when ingress ports are published). All or nothing: on error the
   * previous allocation is untouched.
   */
  allocateService(name, spec, previous) {
    const invalid = validateEndpoint(spec);
    if (invalid !== null) return { ok: false, error: invalid };
    const prior = this.services.get(name) ?? (previous === null ? null : { ports: previous.ports, vips: previous.vips });
    const planned = /* @__PURE__ */ new Set();
    const ports = [];
    const explicit = /* @__PURE__ */ new Set();
    const scanFrom = /* @__PURE__ */ new Map();
    for (const p of spec.endpoint.ports) if (p.mode === "ingress" && p.published !== 0) explicit.add(portKey(p.protocol, p.published));
    for (const p of spec.endpoint.ports) {
      if (p.mode === "host") {
        ports.push({ target: p.target, published: p.published, protocol: p.protocol, mode: p.mode });
        continue;
      }
      let published = p.published;
      if (published !== 0) {
        const owner = this.ingressPorts.get(portKey(p.protocol, published));
        if (owner !== void 0 && owner !== name) return { ok: false, error: `port '${published}' is already in use by service '${owner}'` };
      } else {
        const reused = this.reuseDynamic(name, p, prior, planned, explicit);
        if (reused !== null) published = reused;
        else {
          published = this.lowestFree(name, p.protocol, planned, explicit, scanFrom);
          if (published !== 0) scanFrom.set(p.protocol, published + 1);
        }
        if (published === 0) return { ok: false, error: `could not allocate a published port for target port ${p.target}: range ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX} exhausted` };
      }
      planned.add(portKey(p.protocol, published));
      ports.push({ target: p.target, published, protocol: p.protocol, mode: p.mode });
    }
    const wanted = [];
    if (spec.endpoint.mode === "vip") {
      if (spec.endpoint.ports.some((p) => p.mode === "ingress")) wanted.push(INGRESS_NETWORK);
      for (const n of spec.networks) if (!wanted.includes(n)) wanted.push(n);
    }
    const own = this.services.get(name);
    const vips = [];
    const fresh = [];
    for (const network of wanted) {
      const old = prior?.vips.find((v3) => v3.network === network);
      this.ensureNetwork(network, old === void 0 || this.pools.has(network) ? void 0 : subnetOf(old.addr));
      const pool = this.pool(network);
      if (old !== void 0) {
        const ownedHere = own?.vips.some((v3) => v3.network === network && v3.addr === old.addr) ?? false;
        if (ownedHere || pool.reserve(old.addr)) {
          vips.push({ network, addr: old.addr });
          if (!ownedHere) fresh.push({ network, addr: old.addr });
          continue;
        }
      }
      const addr = pool.allocate();
      if (addr === null) {
        for (const v3 of fresh) this.pool(v3.network).release(v3.addr);
        return { ok: false, error: `could not allocate VIP on network ${network}: no available IP addresses` };
      }
      fresh.push({ network, addr });
      vips.push({ network, addr });
    }
    if (own !== void 0) {
      for (const v3 of own.vips) {
        if (!vips.some((n) => n.network === v3.network && n.addr === v3.addr)) this.pool(v3.network).release(v3.addr);
      }
      for (const p of own.ports) {
        if (p.mode === "ingress" && !planned.has(portKey(p.protocol, p.published))) this.ingressPorts.delete(portKey(p.protocol, p.published));
      }
    }
    for (const k of planned) this.ingressPorts.set(k, name);
    this.services.set(name, { ports, vips });
    return { ok: true, endpoint: { vips: vips.map((v3) => ({ ...v3 })), ports: ports.map((p) => ({ ...p })) } };
  }
  releaseService(name) {
    const own = this.services.get(name);
    if (own === void 0) return;
    for (const v3 of own.vips) this.pool(v3.network).release(v3.addr);
    for (const p of own.ports) {
      if (p.mode !== "ingress") continue;
      const k = portKey(p.protocol, p.published);
      assert(this.ingressPorts.get(k) === name, () => `port ${p.protocol}/${p.published} not owned by ${name}`);
      this.ingressPorts.delete(k);
    }
    this.services.delete(name);
  }
  /** The service owning an ingress-published (protocol, port), if any. */
  ingressPortOwner(protocol, port) {
    return this.ingressPorts.get(portKey(protocol, port)) ?? null;
  }
  /** A dynamically assigned port this service already had for the same target and protocol. */
  reuseDynamic(name, p, prior, planned, explicit) {
    if (prior === null) return null;
    for (const q of prior.ports) {
      if (q.mode !== "ingress" || q.protocol !== p.protocol || q.target !== p.target) continue;
      if (q.published < DYNAMIC_PORT_MIN || q.published > DYNAMIC_PORT_MAX) continue;
      const k = portKey(q.protocol, q.published);
      if (planned.has(k) || explicit.has(k)) continue;
      const owner = this.ingressPorts.get(k);
      if (owner === void 0 || owner === name) return q.published;
    }
    return null;
  }
  /** Lowest free port of the dynamic range for `protocol`, or 0 when it is exhausted. */
  lowestFree(name, protocol, planned, explicit, scanFrom) {
    for (let port = scanFrom.get(protocol) ?? DYNAMIC_PORT_MIN; port <= DYNAMIC_PORT_MAX; port++) {
      const k = portKey(protocol, port);
      if (planned.has(k) || explicit.has(k)) continue;
      const owner = this.ingressPorts.get(k);
      if (owner === void 0) return port;
      if (owner === name) continue;
    }
    return 0;
  }
  // ---- leader change ----
  snapshot() {
    const data = {
      version: 1,
      nextSubnet: this.nextSubnet,
      pools: [...this.pools.values()].map((p) => p.toData()),
      services: [...this.services].map(([name, a]) => ({ name, ports: a.ports.map((p) => ({ ...p })), vips: a.vips.map((v3) => ({ ...v3 })) }))
    };
    return data;
  }
  restore(data) {
    const d = data;
    assert(d !== null && typeof d === "object" && d.version === 1, "Allocator.restore: not an allocator snapshot");
    assert(Array.isArray(d.pools) && Array.isArray(d.services) && Number.isInteger(d.nextSubnet), "Allocator.restore: malformed snapshot");
    this.pools.clear();
    this.ingressPorts.clear();
    this.services.clear();
    this.nextSubnet = d.nextSubnet;
    for (const p of d.pools) this.pools.set(p.name, Pool.fromData(p));
    assert(this.pools.get(INGRESS_NETWORK)?.ingress === true, "Allocator.restore: snapshot lacks the ingress network");
    for (const s of d.services) {
      const ports = s.ports.map((p) => ({ ...p }));
      for (const p of ports) {
        if (p.mode !== "ingress") continue;
        const k = portKey(p.protocol, p.published);
        assert(!this.ingressPorts.has(k), () => `Allocator.restore: port ${p.protocol}/${p.published} owned twice`);
        this.ingressPorts.set(k, s.name);
      }
      for (const v3 of s.vips) assert(this.pool(v3.network).has(v3.addr), () => `Allocator.restore: VIP ${v3.addr} not marked used`);
      this.services.set(s.name, { ports, vips: s.vips.map((v3) => ({ ...v3 })) });
    }
  }
};

// sim/swarm/scheduler/nodeinfo.ts
var MAX_FAILURES = 5;
var MONITOR_FAILURES_US = 5 * 60 * 1e6;
var COMPLETE = stateValue("complete");
var PROTOCOL_IX2 = { tcp: 0, udp: 1, sctp: 2 };
function hostPortKey(protocol, port) {
  const ix = PROTOCOL_IX2[protocol];
  assert(ix !== void 0, () => `unknown port protocol ${protocol}`);
  return port * 4 + ix;
}
function trackTask(t, preassigned) {
  const ports = [];
  for (const p of t.spec.endpoint.ports) {
    if (p.mode === "host" && p.published !== 0) ports.push(hostPortKey(p.protocol, p.published));
  }
  const r = t.spec.resources.reservations;
  return {
    id: t.id,
    service: t.service,
    specVersion: t.specVersion,
    nodeId: t.nodeId,
    state: t.status.state,
    desiredState: t.desiredState,
    nanoCpus: r.nanoCpus,
    memoryBytes: r.memoryBytes,
    hostPorts: ports,
    preassigned
  };
}
function isActive2(t) {
  return stateValue(t.desiredState) <= COMPLETE;
}
function failureKey(service, specVersion) {
  return `${service}\0${specVersion}`;
}
var NodeInfo = class {
  id;
  node;
  cnode;
  /** Store insertion order: the deterministic tie-break where SwarmKit iterates a Go map. */
  order;
  /** False after removeNode: accounting continues so a node that comes back (same id) is right. */
  present = true;
  tasks = /* @__PURE__ */ new Map();
  activeTasksCount = 0;
  activeByService = /* @__PURE__ */ new Map();
  availNanoCpus;
  availMemoryBytes;
  /** hostPortKey → number of tracked tasks publishing it. */
  usedHostPorts = /* @__PURE__ */ new Map();
  recentFailures = /* @__PURE__ */ new Map();
  lastCleanupUs = 0;
  constructor(node, order) {
    this.id = node.id;
    this.node = node;
    this.cnode = nodeToConstraintNode(node);
    this.order = order;
    this.availNanoCpus = node.description.resources.nanoCpus;
    this.availMemoryBytes = node.description.resources.memoryBytes;
  }
  /** New node object from the store: resources are re-derived from the tracked tasks. */
  setNode(node) {
    assert(node.id === this.id, "NodeInfo.setNode: id changed");
    this.node = node;
    this.cnode = nodeToConstraintNode(node);
    let cpu = node.description.resources.nanoCpus;
    let mem = node.description.resources.memoryBytes;
    for (const t of this.tasks.values()) {
      cpu -= t.nanoCpus;
      mem -= t.memoryBytes;
    }
    this.availNanoCpus = cpu;
    this.availMemoryBytes = mem;
  }
  activeOf(service) {
    return this.activeByService.get(service) ?? 0;
  }
  /** SwarmKit addTask: a known task only changes the active counts when its desired state crosses COMPLETE. */
  addTask(t) {
    const old = this.tasks.get(t.id);
    if (old !== void 0) {
      const wasActive = isActive2(old);
      const nowActive = isActive2(t);
      if (wasActive === nowActive) return false;
      this.tasks.set(t.id, t);
      this.bumpActive(t.service, nowActive ? 1 : -1);
      return true;
    }
    this.tasks.set(t.id, t);
    this.availNanoCpus -= t.nanoCpus;
    this.availMemoryBytes -= t.memoryBytes;
    for (const k of t.hostPorts) this.usedHostPorts.set(k, (this.usedHostPorts.get(k) ?? 0) + 1);
    if (isActive2(t)) this.bumpActive(t.service, 1);
    return true;
  }
  removeTask(id) {
    const old = this.tasks.get(id);
    if (old === void 0) return false;
    this.tasks.delete(id);
    if (isActive2(old)) this.bumpActive(old.service, -1);
    for (const k of old.hostPorts) {
      const n = this.usedHostPorts.get(k) ?? 0;
      assert(n > 0, () => `host port refcount underflow on ${this.id}`);
      if (n === 1) this.usedHostPorts.delete(k);
      else this.usedHostPorts.set(k, n - 1);
    }
    this.availNanoCpus += old.nanoCpus;
    this.availMemoryBytes += old.memoryBytes;
    return true;
  }
  bumpActive(service, delta) {
    this.activeTasksCount += delta;
    const n = (this.activeByService.get(service) ?? 0) + delta;
    assert(this.activeTasksCount >= 0 && n >= 0, () => `active task count underflow on ${this.id}`);
    if (n === 0) this.activeByService.delete(service);
    else this.activeByService.set(service, n);
  }
  /** SwarmKit taskFailed: remembers a FAILED/REJECTED of this (service, version) at nowUs. */
  taskFailed(service, specVersion, nowUs, monitorUs) {
    if (nowUs - this.lastCleanupUs >= monitorUs) this.cleanupFailures(nowUs, monitorUs);
    const key = failureKey(service, specVersion);
    const list = this.recentFailures.get(key) ?? [];
    let expired = 0;
    while (expired < list.length && nowUs - list[expired] >= monitorUs) expired++;
    const kept = expired === 0 ? list : list.slice(expired);
    kept.push(nowUs);
    this.recentFailures.set(key, kept);
  }
  /** SwarmKit countRecentFailures: failures of failureKey(service, version) newer than monitorUs. */
  countRecentFailures(key, nowUs, monitorUs) {
    if (this.recentFailures.size === 0) return 0;
    const list = this.recentFailures.get(key);
    if (list === void 0) return 0;
    for (let i = list.length - 1; i >= 0; i--) {
      if (nowUs - list[i] > monitorUs) return list.length - (i + 1);
    }
    return list.length;
  }
  cleanupFailures(nowUs, monitorUs) {
    for (const [key, list] of this.recentFailures) {
      const last = list[list.length - 1];
      if (last === void 0 || nowUs - last >= monitorUs) this.recentFailures.delete(key);
    }
    this.lastCleanupUs = nowUs;
  }
};

// sim/swarm/scheduler/pipeline.ts
var FILTER_READY = 0;
var FILTER_RESOURCES = 1;
var FILTER_PLUGIN = 2;
var FILTER_CONSTRAINT = 3;
var FILTER_PLATFORM = 4;
var FILTER_HOST_PORT = 5;
var FILTER_MAX_REPLICAS = 6;
var FILTER_COUNT = 7;
function nodes(n) {
  return n === 1 ? "1 node" : `${n} nodes`;
}
var EXPLAIN = [
  (n) => `${nodes(n)} not available for new tasks`,
  (n) => `insufficient resources on ${nodes(n)}`,
  (n) => `missing plugin on ${nodes(n)}`,
  (n) => `scheduling constraints not satisfied on ${nodes(n)}`,
  (n) => `unsupported platform on ${nodes(n)}`,
  (n) => `host-mode port already in use on ${nodes(n)}`,
  () => "max replicas per node limit exceed"
];
function normArch(arch) {
  if (arch === "x86_64") return "amd64";
  if (arch === "aarch64") return "arm64";
  return arch;
}
var Pipeline = class {
  enabled = new Array(FILTER_COUNT).fill(false);
  failures = new Array(FILTER_COUNT).fill(0);
  service = "";
  nanoCpus = 0;
  memoryBytes = 0;
  constraints = [];
  platforms = [];
  hostPorts = [];
  maxReplicas = 0;
  setTask(t) {
    const spec = t.spec;
    const placement = spec.placement;
    this.service = t.service;
    this.failures.fill(0);
    this.enabled[FILTER_READY] = true;
    this.nanoCpus = spec.resources.reservations.nanoCpus;
    this.memoryBytes = spec.resources.reservations.memoryBytes;
    this.enabled[FILTER_RESOURCES] = this.nanoCpus !== 0 || this.memoryBytes !== 0;
    this.enabled[FILTER_PLUGIN] = spec.networks.length > 0;
    this.constraints = [];
    this.enabled[FILTER_CONSTRAINT] = false;
    if (placement.constraints.length > 0) {
      try {
        this.constraints = parseConstraints(placement.constraints);
        this.enabled[FILTER_CONSTRAINT] = true;
      } catch {
        this.constraints = [];
      }
    }
    this.platforms = placement.platforms;
    this.enabled[FILTER_PLATFORM] = this.platforms.length > 0;
    this.hostPorts = [];
    for (const p of spec.endpoint.ports) {
      if (p.mode === "host" && p.published !== 0) this.hostPorts.push(hostPortKey(p.protocol, p.published));
    }
    this.enabled[FILTER_HOST_PORT] = this.hostPorts.length > 0;
    this.maxReplicas = placement.maxReplicas;
    this.enabled[FILTER_MAX_REPLICAS] = this.maxReplicas > 0;
  }
  /** True when the node passes every enabled filter; otherwise counts the first failing one. */
  process(n) {
    for (let i = 0; i < FILTER_COUNT; i++) {
      if (!this.enabled[i]) continue;
      if (!this.check(i, n)) {
        this.failures[i]++;
        return false;
      }
    }
    this.failures.fill(0);
    return true;
  }
  /** "; "-joined explanations, most failures first (ties in pipeline order). "" when none. */
  explain() {
    const idx = [];
    for (let i = 0; i < FILTER_COUNT; i++) if (this.failures[i] > 0) idx.push(i);
    idx.sort((a, b3) => this.failures[b3] - this.failures[a] || a - b3);
    let out = "";
    for (const i of idx) {
      if (out.length > 0) out += "; ";
      out += EXPLAIN[i](this.failures[i]);
    }
    return out;
  }
  check(filter, n) {
    switch (filter) {
      case FILTER_READY:
        return n.node.status.state === "ready" && n.node.spec.availability === "active";
      case FILTER_RESOURCES:
        return this.nanoCpus <= n.availNanoCpus && this.memoryBytes <= n.availMemoryBytes;
      case FILTER_PLUGIN:
        return true;
      case FILTER_CONSTRAINT:
        return matchConstraints(this.constraints, n.cnode);
      case FILTER_PLATFORM:
        return this.platformOk(n);
      case FILTER_HOST_PORT:
        for (const k of this.hostPorts) if (n.usedHostPorts.has(k)) return false;
        return true;
      case FILTER_MAX_REPLICAS:
        return n.activeOf(this.service) < this.maxReplicas;
    }
    return false;
  }
  platformOk(n) {
    const np = n.node.description.platform;
    if (np.os === "" && np.arch === "") return false;
    const nodeArch = normArch(np.arch);
    for (const p of this.platforms) {
      const arch = normArch(p.arch);
      if ((arch === "" || arch === nodeArch) && (p.os === "" || p.os === np.os)) return true;
    }
    return false;
  }
};

// sim/swarm/scheduler/tree.ts
var NODE_LABEL_PREFIX2 = "node.labels.";
var ENGINE_LABEL_PREFIX2 = "engine.labels.";
function parsePreferences(prefs) {
  const out = [];
  for (const raw of prefs) {
    const d = raw.toLowerCase().startsWith("spread=") ? raw.slice("spread=".length) : raw;
    const lower = d.toLowerCase();
    if (d.length > NODE_LABEL_PREFIX2.length && lower.startsWith(NODE_LABEL_PREFIX2)) {
      out.push({ engine: false, label: d.slice(NODE_LABEL_PREFIX2.length) });
    } else if (d.length > ENGINE_LABEL_PREFIX2.length && lower.startsWith(ENGINE_LABEL_PREFIX2)) {
      out.push({ engine: true, label: d.slice(ENGINE_LABEL_PREFIX2.length) });
    }
  }
  return out;
}
function newTree() {
  return { tasks: 0, next: null, nodes: [], collapsed: false };
}
function levelValue(n, level) {
  const labels = level.engine ? n.cnode.engineLabels : n.cnode.labels;
  return Object.hasOwn(labels, level.label) ? labels[level.label] : "";
}
function worseThan(less, a, b3) {
  if (less(b3, a)) return true;
  if (less(a, b3)) return false;
  return a.order > b3.order;
}
function buildTree(nodes2, service, levels, maxAssignments, meets, less) {
  const root = newTree();
  if (maxAssignments === 0) return root;
  for (const node of nodes2) {
    const active = node.activeOf(service);
    let tree = root;
    tree.tasks += active;
    for (const level of levels) {
      const value = levelValue(node, level);
      if (tree.next === null) tree.next = /* @__PURE__ */ new Map();
      let next = tree.next.get(value);
      if (next === void 0) {
        next = newTree();
        tree.next.set(value, next);
      }
      tree = next;
      tree.tasks += active;
    }
    const heap = tree.nodes;
    if (heap.length < maxAssignments) {
      if (meets(node)) heapPush(heap, node, less);
    } else if (less(node, heap[0])) {
      if (meets(node)) {
        heap[0] = node;
        siftDown(heap, 0, less);
      }
    }
  }
  return root;
}
function orderedNodes(tree, meets, less) {
  assert(tree.next === null, "orderedNodes on an inner tree node");
  const nodes2 = tree.nodes;
  if (tree.collapsed) {
    for (let i = 0; i < nodes2.length; ) {
      if (meets(nodes2[i])) i++;
      else {
        nodes2[i] = nodes2[nodes2.length - 1];
        nodes2.pop();
      }
    }
  }
  nodes2.sort((a, b3) => worseThan(less, a, b3) ? 1 : worseThan(less, b3, a) ? -1 : 0);
  tree.collapsed = true;
  return nodes2;
}
function heapPush(heap, n, less) {
  heap.push(n);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = i - 1 >> 1;
    if (!worseThan(less, heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}
function siftDown(heap, i, less) {
  const n = heap.length;
  for (; ; ) {
    const l = 2 * i + 1;
    if (l >= n) return;
    let worst = l;
    const r = l + 1;
    if (r < n && worseThan(less, heap[r], heap[l])) worst = r;
    if (!worseThan(less, heap[worst], heap[i])) return;
    [heap[i], heap[worst]] = [heap[worst], heap[i]];
    i = worst;
  }
}

// sim/swarm/scheduler/scheduler.ts
var PENDING = stateValue("pending");
var RUNNING = stateValue("running");
var Scheduler = class {
  maxFailures;
  monitorFailuresUs;
  /** Every node ever seen (absent ones keep their accounting); iteration = first-seen order. */
  nodeInfos = /* @__PURE__ */ new Map();
  /** Present nodes in store insertion order (re-added nodes go last). */
  present = [];
  presentDirty = false;
  nextOrder = 0;
  /** Tasks with observed state PENDING..RUNNING (SwarmKit allTasks). */
  allTasks = /* @__PURE__ */ new Map();
  /** Tracked tasks on a node not seen yet (store replay order): node id → task ids. */
  awaitingNode = /* @__PURE__ */ new Map();
  pipeline = new Pipeline();
  constructor(opts) {
    this.maxFailures = opts?.maxFailures ?? MAX_FAILURES;
    this.monitorFailuresUs = opts?.monitorFailuresUs ?? MONITOR_FAILURES_US;
    assert(this.maxFailures >= 1 && this.monitorFailuresUs > 0, "Scheduler: bad failure-monitor options");
  }
  // ---- incremental updates from store changes ----
  upsertNode(n) {
    const info = this.nodeInfos.get(n.id);
    if (info === void 0) {
      const fresh = new NodeInfo(n, this.nextOrder++);
      this.nodeInfos.set(n.id, fresh);
      this.presentDirty = true;
      const waiting = this.awaitingNode.get(n.id);
      if (waiting !== void 0) {
        this.awaitingNode.delete(n.id);
        for (const id of waiting) {
          const t = this.allTasks.get(id);
          assert(t !== void 0 && t.nodeId === n.id, () => `awaiting task ${id} lost`);
          fresh.addTask(t);
        }
      }
      return;
    }
    info.setNode(n);
    if (!info.present) {
      info.present = true;
      info.order = this.nextOrder++;
      this.presentDirty = true;
    }
  }
  removeNode(id) {
    const info = this.nodeInfos.get(id);
    if (info === void 0 || !info.present) return;
    info.present = false;
    this.presentDirty = true;
  }
  /** SwarmKit createTask/updateTask. `nowUs` timestamps a FAILED/REJECTED transition. */
  upsertTask(t, nowUs) {
    const sv = stateValue(t.status.state);
    if (sv < PENDING) return;
    const old = this.allTasks.get(t.id);
    if (sv > RUNNING) {
      if (old === void 0) return;
      if (t.status.state !== old.state && (t.status.state === "failed" || t.status.state === "rejected")) {
        const info2 = t.nodeId === null ? void 0 : this.nodeInfos.get(t.nodeId);
        if (!old.preassigned && info2 !== void 0) {
          info2.taskFailed(t.service, t.specVersion, nowUs, this.monitorFailuresUs);
        }
      }
      this.deleteTracked(old);
      return;
    }
    const preassigned = (old?.preassigned ?? false) || t.nodeId !== null && t.status.state === "pending";
    const tracked = trackTask(t, preassigned);
    if (t.nodeId === null || t.status.state === "pending") {
      if (old !== void 0) this.deleteTracked(old);
      this.allTasks.set(t.id, tracked);
      return;
    }
    if (old !== void 0 && old.nodeId !== t.nodeId) this.deleteTracked(old);
    this.allTasks.set(t.id, tracked);
    const info = this.nodeInfos.get(t.nodeId);
    if (info !== void 0) {
      info.addTask(tracked);
      return;
    }
    let waiting = this.awaitingNode.get(t.nodeId);
    if (waiting === void 0) {
      waiting = /* @__PURE__ */ new Set();
      this.awaitingNode.set(t.nodeId, waiting);
    }
    waiting.add(t.id);
  }
  removeTask(id) {
    const old = this.allTasks.get(id);
    if (old !== void 0) this.deleteTracked(old);
  }
  deleteTracked(t) {
    this.allTasks.delete(t.id);
    if (t.nodeId === null) return;
    const info = this.nodeInfos.get(t.nodeId);
    if (info !== void 0) {
      info.removeTask(t.id);
      return;
    }
    const waiting = this.awaitingNode.get(t.nodeId);
    waiting?.delete(t.id);
    if (waiting?.size === 0) this.awaitingNode.delete(t.nodeId);
  }
  // ---- scheduling ----
  /**
   * One pass over the pending tasks given (state pending; nodeId null, or preassigned for global
   * services). Returns a decision for each task it handled: assigned (nodeId set) or still
   * pending (nodeId null, err = the explanation). Tasks this scheduler already assigned and
   * preassigned tasks whose node it does not know get no decision.
   */
  schedule(pending, nowUs) {
    const decisions = [];
    const groups = /* @__PURE__ */ new Map();
    const seen2 = /* @__PURE__ */ new Set();
    for (const t of pending) {
      assert(t.status.state === "pending", () => `schedule: task ${t.id} is ${t.status.state}, not pending`);
      assert(!seen2.has(t.id), () => `schedule: task ${t.id} given twice`);
      seen2.add(t.id);
      const known = this.allTasks.get(t.id);
      if (known !== void 0 && known.nodeId !== null && known.state === "assigned") continue;
      if (t.nodeId !== null) {
        this.schedulePreassigned(t, decisions);
        continue;
      }
      const key = `${t.service}\0${t.specVersion}`;
      let group = groups.get(key);
      if (group === void 0) {
        group = /* @__PURE__ */ new Map();
        groups.set(key, group);
      }
      group.set(t.id, t);
    }
    if (groups.size > 0) {
      const nodes2 = this.presentNodes();
      for (const group of groups.values()) this.scheduleTaskGroup(group, nodes2, nowUs, decisions);
    }
    return decisions;
  }
  /** SwarmKit taskFitNode: the pipeline on the task's own node only. */
  schedulePreassigned(t, decisions) {
    const nodeId = t.nodeId;
    assert(nodeId !== null, "schedulePreassigned without a node");
    const info = this.nodeInfos.get(nodeId);
    if (info === void 0 || !info.present) return;
    this.pipeline.setTask(t);
    if (!this.pipeline.process(info)) {
      decisions.push({ taskId: t.id, nodeId: null, err: this.pipeline.explain() });
      return;
    }
    this.assign(t, info, true, decisions);
  }
  scheduleTaskGroup(group, nodes2, nowUs, decisions) {
    const first = group.values().next().value;
    assert(first !== void 0, "empty task group");
    const t = first;
    this.pipeline.setTask(t);
    const less = this.nodeLess(t, nowUs);
    const levels = parsePreferences(t.spec.placement.preferences);
    const meets = (n) => this.pipeline.process(n);
    const tree = buildTree(nodes2, t.service, levels, group.size, meets, less);
    this.scheduleNTasksOnSubtree(group.size, group, tree, less, decisions);
    if (group.size === 0) return;
    const explanation = this.pipeline.explain();
    const err = explanation === "" ? "no suitable node" : `no suitable node (${explanation})`;
    for (const u of group.values()) decisions.push({ taskId: u.id, nodeId: null, err });
  }
  /** SwarmKit nodeLess: recent failures (only past maxFailures), then service tasks, then all tasks. */
  nodeLess(t, nowUs) {
    const service = t.service;
    const key = failureKey(service, t.specVersion);
    const maxFailures = this.maxFailures;
    const monitorUs = this.monitorFailuresUs;
    return (a, b3) => {
      const fa = a.countRecentFailures(key, nowUs, monitorUs);
      const fb = b3.countRecentFailures(key, nowUs, monitorUs);
      if (fa >= maxFailures || fb >= maxFailures) {
        if (fa > fb) return false;
        if (fb > fa) return true;
      }
      const sa = a.activeOf(service);
      const sb = b3.activeOf(service);
      if (sa !== sb) return sa < sb;
      return a.activeTasksCount < b3.activeTasksCount;
    };
  }
  /** SwarmKit scheduleNTasksOnSubtree: split n tasks so branch totals come out even. */
  scheduleNTasksOnSubtree(n, group, tree, less, decisions) {
    if (tree.next === null) {
      const nodes2 = orderedNodes(tree, (x) => this.pipeline.process(x), less);
      if (nodes2.length === 0) return 0;
      return this.scheduleNTasksOnNodes(n, group, nodes2, less, decisions);
    }
    const branches = [...tree.next.values()];
    const noRoom = /* @__PURE__ */ new Set();
    let scheduled = 0;
    let tasksInUsable = tree.tasks;
    let rounds = 0;
    while (scheduled !== n && noRoom.size !== branches.length) {
      assert(++rounds <= n + branches.length + 1, "scheduleNTasksOnSubtree: no progress");
      const usable = branches.length - noRoom.size;
      const desired = Math.floor((tasksInUsable + n - scheduled) / usable);
      let remainder = (tasksInUsable + n - scheduled) % usable;
      for (const sub of branches) {
        if (noRoom.has(sub)) continue;
        const have = sub.tasks;
        if (have < desired || have === desired && remainder > 0) {
          let toAssign = desired - have;
          if (remainder > 0) toAssign++;
          const res = this.scheduleNTasksOnSubtree(toAssign, group, sub, less, decisions);
          if (res < toAssign) {
            noRoom.add(sub);
            tasksInUsable -= have;
          } else if (remainder > 0) {
            remainder--;
          }
          scheduled += res;
        }
      }
    }
    return scheduled;
  }
  /**
   * SwarmKit scheduleNTasksOnNodes: fill the best node until the next one compares better
   * (an even fill), then round-robin over the nodes that still pass the filters.
   */
  scheduleNTasksOnNodes(n, group, nodes2, less, decisions) {
    let scheduled = 0;
    const failed = /* @__PURE__ */ new Set();
    let iter = 0;
    const count = nodes2.length;
    for (const t of group.values()) {
      const info = nodes2[iter % count];
      this.assign(t, info, false, decisions);
      group.delete(t.id);
      scheduled++;
      if (scheduled === n) return scheduled;
      if (iter + 1 < count) {
        if (less(nodes2[iter + 1], info)) iter++;
      } else {
        iter++;
      }
      const start = iter;
      while (failed.has(iter % count) || !this.pipeline.process(nodes2[iter % count])) {
        failed.add(iter % count);
        iter++;
        if (iter - start === count) return scheduled;
      }
    }
    return scheduled;
  }
  assign(t, info, preassigned, decisions) {
    const tracked = { ...trackTask(t, preassigned), nodeId: info.id, state: "assigned" };
    const old = this.allTasks.get(t.id);
    if (old !== void 0) this.deleteTracked(old);
    this.allTasks.set(t.id, tracked);
    info.addTask(tracked);
    decisions.push({ taskId: t.id, nodeId: info.id, err: null });
  }
  presentNodes() {
    if (this.presentDirty) {
      const list = [];
      for (const info of this.nodeInfos.values()) if (info.present) list.push(info);
      list.sort((a, b3) => a.order - b3.order);
      this.present = list;
      this.presentDirty = false;
    }
    return this.present;
  }
  // ---- read-only views (tests, checkers, reports) ----
  /** Active tasks of `service` on node `id` (desired ≤ COMPLETE, observed PENDING..RUNNING). */
  activeTasks(id, service) {
    const info = this.nodeInfos.get(id);
    if (info === void 0) return 0;
    return service === void 0 ? info.activeTasksCount : info.activeOf(service);
  }
  /** Node resources minus reservations of the tasks tracked on it. */
  availableResources(id) {
    const info = this.nodeInfos.get(id);
    return info === void 0 ? null : { nanoCpus: info.availNanoCpus, memoryBytes: info.availMemoryBytes };
  }
};

// sim/swarm/manager/real-ports.ts
function realAllocator() {
  return new Allocator();
}
var REAL_PORTS = {
  newScheduler: () => new Scheduler(),
  newAllocator: realAllocator,
  validateEndpoint
};

// sim/swarm/store/task-index.ts
var EMPTY = /* @__PURE__ */ new Set();
function slotKey(service, slot, nodeId) {
  return slot > 0 ? `${service}
${slot}` : `${service}
@${nodeId ?? ""}`;
}
function taskSlotKey(t) {
  return slotKey(t.service, t.slot, t.nodeId);
}
var TaskIndex = class {
  byService = /* @__PURE__ */ new Map();
  bySlot = /* @__PURE__ */ new Map();
  byNode = /* @__PURE__ */ new Map();
  add(t) {
    put(this.byService, t.service, t.id);
    put(this.bySlot, taskSlotKey(t), t.id);
    if (t.nodeId !== null) put(this.byNode, t.nodeId, t.id);
  }
  remove(t) {
    take(this.byService, t.service, t.id);
    take(this.bySlot, taskSlotKey(t), t.id);
    if (t.nodeId !== null) take(this.byNode, t.nodeId, t.id);
  }
  /** Re-indexes when a write changes the node (slot and service never change for a task id). */
  replace(prev, next) {
    if (prev.nodeId === next.nodeId) return;
    this.remove(prev);
    this.add(next);
  }
  ofService(service) {
    return this.byService.get(service) ?? EMPTY;
  }
  ofSlot(key) {
    return this.bySlot.get(key) ?? EMPTY;
  }
  ofNode(nodeId) {
    return this.byNode.get(nodeId) ?? EMPTY;
  }
  clear() {
    this.byService.clear();
    this.bySlot.clear();
    this.byNode.clear();
  }
};
function put(m, k, id) {
  let s = m.get(k);
  if (!s) {
    s = /* @__PURE__ */ new Set();
    m.set(k, s);
  }
  s.add(id);
}
function take(m, k, id) {
  const s = m.get(k);
  if (!s) return;
  s.delete(id);
  if (s.size === 0) m.delete(k);
}

// sim/swarm/store/tx.ts
var Tx = class {
  constructor(store, nowUs) {
    this.store = store;
    this.nowUs = nowUs;
  }
  store;
  nowUs;
  ops = [];
  tasks = /* @__PURE__ */ new Map();
  nodes = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  /** Tasks created in this batch (not yet in the store's indexes), by service and by slot key. */
  createdByService = /* @__PURE__ */ new Map();
  createdBySlot = /* @__PURE__ */ new Map();
  seqs = /* @__PURE__ */ new Map();
  /** Staged tasks whose node differs from the committed one, by their new node. */
  movedTo = /* @__PURE__ */ new Map();
  clusterObj = null;
  get empty() {
    return this.ops.length === 0;
  }
  command() {
    return { kind: "swarm.tx", atUs: this.nowUs, ops: this.ops };
  }
  // --- reads ------------------------------------------------------------------------------
  task(id) {
    const s = this.tasks.get(id);
    if (s !== void 0) return s;
    return this.store.tasks.get(id) ?? null;
  }
  node(id) {
    const s = this.nodes.get(id);
    if (s !== void 0) return s;
    return this.store.nodes.get(id) ?? null;
  }
  service(id) {
    const s = this.services.get(id);
    if (s !== void 0) return s;
    return this.store.services.get(id) ?? null;
  }
  get cluster() {
    return this.clusterObj ?? this.store.cluster;
  }
  tasksOfService(service) {
    const out = [];
    for (const id of this.store.index.ofService(service)) {
      const t = this.task(id);
      if (t !== null) out.push(t);
    }
    for (const t of this.createdByService.get(service) ?? []) if (this.tasks.get(t.id) !== null) out.push(this.task(t.id));
    return out;
  }
  tasksOfSlot(service, slot, nodeId) {
    const key = slotKey(service, slot, nodeId);
    const out = [];
    for (const id of this.store.index.ofSlot(key)) {
      const t = this.task(id);
      if (t !== null) out.push(t);
    }
    for (const t of this.createdBySlot.get(key) ?? []) if (this.tasks.get(t.id) !== null) out.push(this.task(t.id));
    return out;
  }
  tasksOfNode(nodeId) {
    const out = [];
    for (const id of this.store.index.ofNode(nodeId)) {
      const t = this.task(id);
      if (t !== null && t.nodeId === nodeId) out.push(t);
    }
    const moved = this.movedTo.get(nodeId);
    if (moved !== void 0) {
      const committed = this.store.index.ofNode(nodeId);
      for (const id of moved) {
        const t = this.task(id);
        if (t !== null && t.nodeId === nodeId && !committed.has(id)) out.push(t);
      }
    }
    return out;
  }
  /** A fresh task sequence number for a slot key (ids are never reused). */
  nextSeq(key) {
    const n = Math.max(this.seqs.get(key) ?? 0, this.store.nextSeq(key) - 1) + 1;
    this.seqs.set(key, n);
    return n;
  }
  // --- writes -----------------------------------------------------------------------------
  putTask(t) {
    const before = this.task(t.id);
    if (before === null && !this.store.tasks.has(t.id)) {
      push(this.createdByService, t.service, t);
      push(this.createdBySlot, taskSlotKey(t), t);
    }
    if (t.nodeId !== null && (before === null || before.nodeId !== t.nodeId)) {
      let s = this.movedTo.get(t.nodeId);
      if (s === void 0) {
        s = /* @__PURE__ */ new Set();
        this.movedTo.set(t.nodeId, s);
      }
      s.add(t.id);
    }
    this.tasks.set(t.id, t);
    this.ops.push({ t: "task", v: t });
  }
  delTask(id) {
    if (this.task(id) === null) return;
    this.tasks.set(id, null);
    this.ops.push({ t: "task-del", id });
  }
  putNode(n) {
    this.nodes.set(n.id, n);
    this.ops.push({ t: "node", v: n });
  }
  delNode(id) {
    if (this.node(id) === null) return;
    this.nodes.set(id, null);
    this.ops.push({ t: "node-del", id });
  }
  putService(s) {
    this.services.set(s.id, s);
    this.ops.push({ t: "service", v: s });
  }
  delService(id) {
    if (this.service(id) === null) return;
    this.services.set(id, null);
    this.ops.push({ t: "service-del", id });
  }
  putCluster(c) {
    this.clusterObj = c;
    this.ops.push({ t: "cluster", v: c });
  }
};
function push(m, k, v3) {
  const a = m.get(k);
  if (a === void 0) m.set(k, [v3]);
  else a.push(v3);
}

// sim/swarm/manager/writer.ts
var MAX_MUTATIONS_PER_ENTRY = 2e4;
var LeaderWriter = class {
  constructor(store, raft, scope, now, onFailure) {
    this.store = store;
    this.raft = raft;
    this.scope = scope;
    this.now = now;
    this.onFailure = onFailure;
  }
  store;
  raft;
  scope;
  now;
  onFailure;
  queue = [];
  reconcilers = [];
  inFlight = false;
  flushArmed = false;
  /** Entries proposed by this leader term (for tests and stats). */
  proposed = 0;
  addReconciler(r) {
    this.reconcilers.push(r);
  }
  /** Queues a mutation; `done` hears whether its entry committed. */
  enqueue(fn, done = null) {
    this.queue.push({ fn, done });
    this.request();
  }
  /** Asks for a flush soon (components call this when they have dirty objects). */
  request() {
    if (this.flushArmed || !this.scope.alive) return;
    this.flushArmed = true;
    this.scope.after(0, () => {
      this.flushArmed = false;
      this.flush();
    });
  }
  get busy() {
    return this.inFlight;
  }
  flush() {
    if (this.inFlight) return;
    const tx = new Tx(this.store, this.now());
    const batch = this.queue.splice(0, MAX_MUTATIONS_PER_ENTRY);
    const dones = [];
    for (const m of batch) {
      let err = null;
      try {
        m.fn(tx);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        err = e.message;
      }
      if (m.done) dones.push({ done: m.done, err });
    }
    for (const r of this.reconcilers) r.reconcile(tx);
    if (tx.empty) {
      for (const d of dones) d.done(d.err === null, d.err);
      if (this.queue.length > 0) this.request();
      return;
    }
    this.inFlight = true;
    this.proposed++;
    this.raft.propose(tx.command(), (r) => {
      this.inFlight = false;
      if (!this.scope.alive) {
        for (const d of dones) d.done(false, d.err ?? "node lost leader status");
        return;
      }
      if (r.ok) {
        for (const d of dones) d.done(d.err === null, d.err);
      } else {
        for (const d of dones) d.done(false, d.err ?? proposeErrorText(r.error));
        this.onFailure(r.error);
      }
      this.request();
    });
  }
};
var ApiError = class extends Error {
  name = "ApiError";
};
function proposeErrorText(e) {
  switch (e) {
    case "not-leader":
    case "lost-leadership":
      return "node lost leader status";
    case "no-leader":
      return "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";
    default:
      return `raft: ${e}`;
  }
}

// sim/swarm/store/cluster.ts
var DEFAULT_CLUSTER = Object.freeze({
  id: "swarm",
  workerTokenGen: 1,
  managerTokenGen: 1,
  taskHistoryRetentionLimit: 5,
  heartbeatPeriodUs: 5 * SEC,
  version: 1
});
var DIGEST = "0".repeat(30) + "swarmsimrootcadigest";
function joinTokenString(role, gen) {
  const secret = `${role === "worker" ? "w" : "m"}${gen}`.padStart(25, "0");
  return `SWMTKN-1-${DIGEST}-${secret}`;
}
function tokenRole(c, token) {
  for (const role of ["worker", "manager"]) {
    const gen = role === "worker" ? c.workerTokenGen : c.managerTokenGen;
    if (token === role || token === `${role}:${gen}` || token === joinTokenString(role, gen)) return role;
  }
  return null;
}

// sim/swarm/store/bootstrap.ts
function nodeAddr(ix) {
  return `10.${10 + (ix >> 16 & 127)}.${ix >> 8 & 255}.${ix & 255}`;
}
function nodeObjFromSpec(spec, ix, role) {
  return {
    id: spec.name,
    ix,
    spec: { desiredRole: role, availability: "active", labels: spec.labels },
    role,
    status: { state: "ready", message: "", addr: nodeAddr(ix) },
    description: {
      hostname: spec.hostname || spec.name,
      platform: spec.platform,
      resources: spec.resources,
      engineLabels: spec.engineLabels
    },
    version: 1
  };
}
function serviceObjFromSpec(spec) {
  return {
    id: spec.name,
    spec,
    version: 1,
    specVersion: 1,
    previousSpec: null,
    updateStatus: null,
    endpoint: {
      vips: [],
      ports: spec.endpoint.ports.map((p) => ({ target: p.target, published: p.published, protocol: p.protocol, mode: p.mode }))
    }
  };
}
var INGRESS = { id: "ingress", name: "ingress", driver: "overlay", ingress: true, subnet: "10.255.0.0/16" };
var CACHE = /* @__PURE__ */ new WeakMap();
function bootstrapSnapshot(host, nodes2, services) {
  let byServices = CACHE.get(nodes2);
  if (byServices === void 0) {
    byServices = /* @__PURE__ */ new WeakMap();
    CACHE.set(nodes2, byServices);
  }
  let snap = byServices.get(services);
  if (snap === void 0) {
    snap = buildBootstrap(host, nodes2, services);
    byServices.set(services, snap);
  }
  return snap;
}
function buildBootstrap(host, nodes2, services) {
  return {
    appliedIndex: 0,
    nodes: nodes2.filter((n) => !n.joinLater).map((n) => nodeObjFromSpec(n, host.indexOf(n.name), n.role)),
    services: services.map(serviceObjFromSpec),
    tasks: [],
    networks: [INGRESS],
    cluster: { ...DEFAULT_CLUSTER },
    slotSeq: []
  };
}

// sim/swarm/controlapi/service-update.ts
function applyServiceUpdate(s, u) {
  const constraints = s.placement.constraints.filter((c) => !(u.constraintRm ?? []).includes(c)).concat(u.constraintAdd ?? []);
  const preferences = s.placement.preferences.filter((p) => !(u.placementPrefRm ?? []).includes(p)).concat(u.placementPrefAdd ?? []);
  const labels = { ...s.labels, ...u.labelAdd ?? {} };
  for (const k of u.labelRm ?? []) delete labels[k];
  const envRm = new Set(u.envRm ?? []);
  const env = s.env.filter((e) => !envRm.has(e.split("=")[0])).concat(u.envAdd ?? []);
  const ports = s.endpoint.ports.filter((p) => !(u.publishRm ?? []).includes(p.target)).concat(u.publishAdd ?? []);
  return {
    ...s,
    image: u.image ?? s.image,
    replicas: u.replicas ?? s.replicas,
    labels,
    env,
    placement: { ...s.placement, constraints, preferences, maxReplicas: u.maxReplicasPerNode ?? s.placement.maxReplicas },
    resources: {
      ...s.resources,
      reservations: {
        nanoCpus: u.reserveNanoCpus ?? s.resources.reservations.nanoCpus,
        memoryBytes: u.reserveMemoryBytes ?? s.resources.reservations.memoryBytes
      }
    },
    restartPolicy: { ...s.restartPolicy, ...u.restart ?? {} },
    updateConfig: { ...s.updateConfig, ...u.update ?? {} },
    rollbackConfig: { ...s.rollbackConfig, ...u.rollback ?? {} },
    healthcheck: u.healthcheck === void 0 ? s.healthcheck : u.healthcheck,
    endpoint: { mode: u.endpointMode ?? s.endpoint.mode, ports }
  };
}
function templateChanged(a, b3) {
  return JSON.stringify({ ...a, replicas: 0 }) !== JSON.stringify({ ...b3, replicas: 0 });
}

// sim/swarm/rollback.ts
function rolledBack(svc, message) {
  assert(svc.previousSpec !== null, () => `rollback of ${svc.id} without a previous spec`);
  return {
    ...svc,
    spec: svc.previousSpec,
    previousSpec: svc.spec,
    version: svc.version + 1,
    specVersion: svc.specVersion + 1,
    updateStatus: { state: "rollback_started", message }
  };
}

// sim/swarm/controlapi/api.ts
var ERR_JOBS = "swarmsim does not model job services: replicated-job and global-job modes are rejected";
function executeOp(d, tx, op) {
  switch (op.verb) {
    case "service.create":
      return createService(d, tx, op.spec);
    case "service.update": {
      const svc = mustService(tx, op.service);
      return updateServiceSpec(d, tx, svc, applyServiceUpdate(svc.spec, op.update), op.update.force === true);
    }
    case "service.scale": {
      for (const s of op.scales) {
        const svc = mustService(tx, s.service);
        if (svc.spec.mode !== "replicated") throw new ApiError(`scale can only be used with replicated or replicated-job mode`);
      }
      for (const s of op.scales) {
        const svc = tx.service(s.service);
        updateServiceSpec(d, tx, svc, { ...svc.spec, replicas: s.replicas }, false);
      }
      return op.scales.map((s) => s.service);
    }
    case "service.rm":
      for (const name of op.services) mustService(tx, name);
      for (const name of op.services) removeService(d, tx, name);
      return op.services;
    case "service.inspect":
      return op.services.map((name) => mustService(tx, name));
    case "service.rollback": {
      const svc = mustService(tx, op.service);
      if (svc.previousSpec === null) throw new ApiError(`service ${op.service} does not have a previous spec`);
      tx.putService(rolledBack(svc, "manually requested rollback"));
      return svc.id;
    }
    case "stack.deploy": {
      for (const spec of op.services) {
        const svc = tx.service(spec.name);
        if (svc === null) createService(d, tx, spec);
        else updateServiceSpec(d, tx, svc, spec, false);
      }
      return op.services.map((s) => s.name);
    }
    case "stack.rm": {
      const names2 = [];
      for (const id of d.ctx.store.services.keys()) {
        const svc = tx.service(id);
        if (svc !== null && svc.spec.stack === op.stack) names2.push(id);
      }
      if (names2.length === 0) throw new ApiError(`Nothing found in stack: ${op.stack}`);
      for (const n of names2) removeService(d, tx, n);
      return names2;
    }
    case "node.update": {
      const n = mustNode(tx, op.node);
      const labels = { ...n.spec.labels, ...op.labelAdd };
      for (const k of op.labelRm) delete labels[k];
      tx.putNode({ ...n, spec: { ...n.spec, availability: op.availability ?? n.spec.availability, labels }, version: n.version + 1 });
      return n.id;
    }
    case "node.promote":
      for (const name of op.nodes) mustNode(tx, name);
      for (const name of op.nodes) {
        const n = tx.node(name);
        if (n.spec.desiredRole !== "manager") tx.putNode({ ...n, spec: { ...n.spec, desiredRole: "manager" }, version: n.version + 1 });
      }
      return op.nodes;
    case "node.demote":
      for (const name of op.nodes) checkDemote(d, tx, mustNode(tx, name));
      for (const name of op.nodes) {
        const n = tx.node(name);
        if (n.spec.desiredRole !== "worker") tx.putNode({ ...n, spec: { ...n.spec, desiredRole: "worker" }, version: n.version + 1 });
      }
      return op.nodes;
    case "node.rm":
      for (const name of op.nodes) checkRemove(d, mustNode(tx, name), op.force);
      for (const name of op.nodes) removeNode(d, tx, name);
      return op.nodes;
    case "node.ls":
      return [...d.ctx.store.nodes.keys()].map((id) => tx.node(id)).filter((n) => n !== null);
    case "swarm.join-token": {
      let c = tx.cluster;
      if (op.rotate) {
        c = op.role === "worker" ? { ...c, workerTokenGen: c.workerTokenGen + 1, version: c.version + 1 } : { ...c, managerTokenGen: c.managerTokenGen + 1, version: c.version + 1 };
        tx.putCluster(c);
      }
      return joinTokenString(op.role, op.role === "worker" ? c.workerTokenGen : c.managerTokenGen);
    }
    case "internal.join": {
      const role = tokenRole(tx.cluster, op.token);
      if (role === null) throw new ApiError(ERR_INVALID_TOKEN);
      const ix = d.ctx.host.indexOf(op.node.name);
      const prev = tx.node(op.node.name);
      const obj = nodeObjFromSpec(op.node, ix, role);
      tx.putNode({ ...obj, status: { ...obj.status, state: "unknown", message: "" }, version: (prev?.version ?? 0) + 1 });
      return role;
    }
    case "swarm.join":
    case "swarm.leave":
      throw new ApiError(`${op.verb} runs on the node itself`);
  }
}
function mustService(tx, name) {
  const s = tx.service(name);
  if (s === null) throw new ApiError(`service ${name} not found`);
  return s;
}
function mustNode(tx, name) {
  const n = tx.node(name);
  if (n === null) throw new ApiError(`node ${name} not found`);
  return n;
}
function validateSpec(d, spec) {
  if (spec.mode === "replicated-job" || spec.mode === "global-job") throw new ApiError(ERR_JOBS);
  if (spec.replicas < 0) throw new ApiError("replicas must be non-negative");
  try {
    parseConstraints(spec.placement.constraints);
  } catch (e) {
    if (e instanceof ConstraintError) throw new ApiError(e.message);
    throw e;
  }
  const u = spec.updateConfig;
  for (const c of [u, spec.rollbackConfig]) {
    if (c.delayUs < 0) throw new ApiError("TaskSpec: update-delay cannot be negative");
    if (c.monitorUs < 0) throw new ApiError("TaskSpec: update-monitor cannot be negative");
    if (c.maxFailureRatio < 0 || c.maxFailureRatio > 1) throw new ApiError("TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1");
  }
  const epErr = d.ports.validateEndpoint(spec);
  if (epErr !== null) throw new ApiError(epErr);
}
function createService(d, tx, spec) {
  validateSpec(d, spec);
  if (tx.service(spec.name) !== null) throw new ApiError(`name conflicts with an existing object: service ${spec.name} already exists`);
  const alloc = d.allocator.allocateService(spec.name, spec, null);
  if (!alloc.ok) throw new ApiError(alloc.error);
  tx.putService({ ...serviceObjFromSpec(spec), endpoint: alloc.endpoint });
  return spec.name;
}
function updateServiceSpec(d, tx, svc, spec, force) {
  validateSpec(d, spec);
  if (spec.mode !== svc.spec.mode) throw new ApiError("service mode change is not allowed");
  const alloc = d.allocator.allocateService(svc.id, spec, svc.endpoint);
  if (!alloc.ok) throw new ApiError(alloc.error);
  const dirty = force || templateChanged(svc.spec, spec);
  tx.putService({
    ...svc,
    spec,
    endpoint: alloc.endpoint,
    version: svc.version + 1,
    specVersion: dirty ? svc.specVersion + 1 : svc.specVersion,
    previousSpec: dirty ? svc.spec : svc.previousSpec,
    updateStatus: dirty ? null : svc.updateStatus
  });
  return svc.id;
}
function removeService(d, tx, name) {
  tx.delService(name);
  d.allocator.releaseService(name);
}
function checkDemote(d, tx, n) {
  if (n.spec.desiredRole !== "manager") return;
  let managers = 0;
  for (const id of d.ctx.store.nodes.keys()) if (tx.node(id)?.role === "manager") managers++;
  if (managers === 1 && n.role === "manager") throw new ApiError("attempting to demote the last manager of the swarm");
  const raft = d.ctx.raft;
  if (!raft.members.includes(n.ix)) throw new ApiError(`node ${n.id} is not a member of the raft cluster`);
  if (!raft.canRemoveMember(n.ix)) throw new ApiError("can't remove member from the raft: this would result in a loss of quorum");
}
function checkRemove(d, n, force) {
  if (n.spec.desiredRole === "manager" && d.ctx.raft.members.includes(n.ix)) {
    throw new ApiError(`rpc error: node ${n.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`);
  }
  if (n.status.state === "ready" && !force) {
    throw new ApiError(`node ${n.id} is not down and can't be removed`);
  }
}
function removeNode(d, tx, name) {
  if (!d.ctx.bugs.has("moby-37320")) {
    for (const t of tx.tasksOfNode(name)) {
      if (t.status.state === "complete" || t.status.state === "shutdown" || t.status.state === "failed" || t.status.state === "rejected" || t.status.state === "orphaned" || t.status.state === "remove") continue;
      tx.putTask({ ...t, status: { ...t.status, state: "orphaned", message: "node removed", appliedAtUs: tx.nowUs } });
    }
  }
  tx.delNode(name);
}

// sim/swarm/store/commands.ts
function isStoreCommand(c) {
  return typeof c === "object" && c !== null && c.kind === "swarm.tx";
}

// sim/swarm/store/store.ts
function taskSeq(id) {
  const n = Number(id.slice(id.lastIndexOf(".") + 1));
  assert(Number.isInteger(n) && n > 0, () => `task id ${id} has no sequence number`);
  return n;
}
var SwarmStore = class {
  nodes = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  tasks = /* @__PURE__ */ new Map();
  networks = /* @__PURE__ */ new Map();
  cluster = { ...DEFAULT_CLUSTER };
  index = new TaskIndex();
  /** Highest task sequence number used per slot key (task ids are never reused). */
  slotSeq = /* @__PURE__ */ new Map();
  appliedIndex = 0;
  /** Proposer clock of the last applied entry. */
  lastAtUs = 0;
  listeners = [];
  tracer = null;
  constructor(initial) {
    if (initial) this.load(initial);
  }
  setTracer(t) {
    this.tracer = t;
  }
  listen(l) {
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
  nextSeq(key) {
    return (this.slotSeq.get(key) ?? 0) + 1;
  }
  // --- StateMachine -----------------------------------------------------------------------
  apply(index, _term, command) {
    assert(index > this.appliedIndex, () => `store: apply ${index} after ${this.appliedIndex}`);
    this.appliedIndex = index;
    if (!isStoreCommand(command)) return null;
    this.lastAtUs = command.atUs;
    this.tracer?.beginEntry(index, command.atUs);
    const ops = command.ops;
    for (let i = 0; i < ops.length; i++) this.applyOp(ops[i]);
    for (const l of this.listeners) l.entryApplied?.(index);
    return index;
  }
  snapshot() {
    return {
      appliedIndex: this.appliedIndex,
      nodes: [...this.nodes.values()],
      services: [...this.services.values()],
      tasks: [...this.tasks.values()],
      networks: [...this.networks.values()],
      cluster: this.cluster,
      slotSeq: [...this.slotSeq]
    };
  }
  restore(data) {
    this.load(data);
    for (const l of this.listeners) l.restored?.();
  }
  // --- writes -----------------------------------------------------------------------------
  applyOp(op) {
    switch (op.t) {
      case "node": {
        const prev = this.nodes.get(op.v.id) ?? null;
        this.nodes.set(op.v.id, op.v);
        this.tracer?.nodeChanged?.(prev, op.v);
        for (const l of this.listeners) l.nodeChanged?.(prev, op.v);
        return;
      }
      case "node-del": {
        const prev = this.nodes.get(op.id);
        if (!prev) return;
        this.nodes.delete(op.id);
        this.tracer?.nodeChanged?.(prev, null);
        for (const l of this.listeners) l.nodeChanged?.(prev, null);
        return;
      }
      case "service": {
        const prev = this.services.get(op.v.id) ?? null;
        this.services.set(op.v.id, op.v);
        this.tracer?.serviceChanged?.(prev, op.v);
        for (const l of this.listeners) l.serviceChanged?.(prev, op.v);
        return;
      }
      case "service-del": {
        const prev = this.services.get(op.id);
        if (!prev) return;
        this.services.delete(op.id);
        this.tracer?.serviceChanged?.(prev, null);
        for (const l of this.listeners) l.serviceChanged?.(prev, null);
        return;
      }
      case "task": {
        const t = op.v;
        const prev = this.tasks.get(t.id) ?? null;
        if (prev) {
          assert(prev.service === t.service && prev.slot === t.slot, () => `store: task ${t.id} changed service or slot`);
          this.index.replace(prev, t);
        } else {
          this.index.add(t);
          const key = taskSlotKey(t);
          const seq = taskSeq(t.id);
          if (seq > (this.slotSeq.get(key) ?? 0)) this.slotSeq.set(key, seq);
        }
        this.tasks.set(t.id, t);
        this.tracer?.taskChanged?.(prev, t);
        for (const l of this.listeners) l.taskChanged?.(prev, t);
        return;
      }
      case "task-del": {
        const prev = this.tasks.get(op.id);
        if (!prev) return;
        this.tasks.delete(op.id);
        this.index.remove(prev);
        this.tracer?.taskChanged?.(prev, null);
        for (const l of this.listeners) l.taskChanged?.(prev, null);
        return;
      }
      case "network":
        this.networks.set(op.v.id, op.v);
        return;
      case "cluster":
        this.cluster = op.v;
        this.tracer?.clusterChanged?.(op.v);
        for (const l of this.listeners) l.clusterChanged?.(op.v);
        return;
    }
  }
  load(s) {
    this.nodes.clear();
    this.services.clear();
    this.tasks.clear();
    this.networks.clear();
    this.index.clear();
    this.slotSeq.clear();
    for (const n of s.nodes) this.nodes.set(n.id, n);
    for (const sv of s.services) this.services.set(sv.id, sv);
    for (const t of s.tasks) {
      this.tasks.set(t.id, t);
      this.index.add(t);
    }
    for (const nw of s.networks) this.networks.set(nw.id, nw);
    for (const [k, n] of s.slotSeq) this.slotSeq.set(k, n);
    this.cluster = s.cluster;
    this.appliedIndex = s.appliedIndex;
  }
  // --- reads ------------------------------------------------------------------------------
  tasksOfService(service) {
    const out = [];
    for (const id of this.index.ofService(service)) out.push(this.tasks.get(id));
    return out;
  }
  tasksOfNode(nodeId) {
    const out = [];
    for (const id of this.index.ofNode(nodeId)) out.push(this.tasks.get(id));
    return out;
  }
  nodeByIx(ix) {
    for (const n of this.nodes.values()) if (n.ix === ix) return n;
    return null;
  }
};

// sim/swarm/store/tracer.ts
var TASK_STATE = T["task.state"];
var NODE_STATUS = T["node.status"];
var NODE_INFO = T["node.info"];
var SERVICE_SPEC = T["service.spec"];
var SERVICE_UPDATE = T["service.update"];
var StoreTraceEmitter = class {
  constructor(host, gate) {
    this.host = host;
    this.gate = gate;
  }
  host;
  gate;
  emitting = false;
  beginEntry(index, _atUs) {
    this.emitting = this.gate.shouldEmit(index);
  }
  /** Traces the bootstrap state (index 0) once per run, as if init + join had just happened. */
  bootstrap(s) {
    if (!this.gate.shouldEmit(0)) return;
    this.emitting = true;
    for (const n of s.nodes) this.nodeChanged(null, n);
    for (const sv of s.services) this.serviceChanged(null, sv);
    for (const t of s.tasks) this.taskChanged(null, t);
    this.emitting = false;
  }
  taskChanged(prev, next) {
    if (!this.emitting || next === null) return;
    if (prev !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState && prev.status.err === next.status.err) return;
    const ix = next.nodeId === null ? NO_NODE : this.host.indexOf(next.nodeId);
    this.host.trace.emit(TASK_STATE, ix, next.id, next.service, next.slot, next.status.state, next.desiredState, next.status.err);
  }
  nodeChanged(prev, next) {
    if (!this.emitting) return;
    const tr = this.host.trace;
    if (next === null) {
      if (prev !== null) tr.emit(NODE_STATUS, prev.ix, "removed", prev.spec.availability, prev.role, "node removed from the swarm");
      return;
    }
    if (prev === null || prev.status.state !== next.status.state || prev.spec.availability !== next.spec.availability || prev.role !== next.role || prev.status.message !== next.status.message) {
      tr.emit(NODE_STATUS, next.ix, next.status.state, next.spec.availability, next.role, next.status.message || null);
    }
    if (prev === null || prev.spec.labels !== next.spec.labels || prev.description !== next.description) {
      const d = next.description;
      tr.emit(NODE_INFO, next.ix, d.hostname, d.platform.os, d.platform.arch, next.spec.labels, d.engineLabels, d.resources);
    }
  }
  serviceChanged(prev, next) {
    if (!this.emitting) return;
    const tr = this.host.trace;
    if (next === null) {
      if (prev !== null) tr.emit(SERVICE_SPEC, NO_NODE, prev.id, prev.spec.mode, 0, prev.version + 1, null);
      return;
    }
    if (prev === null || prev.spec !== next.spec) {
      tr.emit(SERVICE_SPEC, NO_NODE, next.id, next.spec.mode, next.spec.replicas, next.version, next.spec);
    }
    const a = prev?.updateStatus ?? null;
    const b3 = next.updateStatus;
    if (b3 !== null && (a === null || a.state !== b3.state || a.message !== b3.message)) {
      tr.emit(SERVICE_UPDATE, NO_NODE, next.id, b3.state, b3.message || null);
    }
  }
};

// sim/swarm/store/task-ops.ts
function newTask(tx, svc, slot, nodeId, desired) {
  assert(slot > 0 || nodeId !== null, () => `global task of ${svc.id} needs a node`);
  const seq = tx.nextSeq(slotKey(svc.id, slot, nodeId));
  const id = `${svc.id}.${slot > 0 ? slot : nodeId}.${seq}`;
  return {
    id,
    service: svc.id,
    slot,
    nodeId,
    specVersion: svc.specVersion,
    spec: svc.spec,
    desiredState: desired,
    status: { state: "new", message: "created", err: null, timestampUs: tx.nowUs, appliedAtUs: tx.nowUs },
    createdAtUs: tx.nowUs,
    networksAttachments: []
  };
}
function withDesired(t, desired) {
  const next = Object.assign({}, t);
  next.desiredState = desired;
  return next;
}
function withState(t, state, message, err, nowUs, agentTsUs = nowUs) {
  assert(stateValue(state) >= stateValue(t.status.state), () => `task ${t.id}: state ${t.status.state} \u2192 ${state} moves backwards`);
  const next = Object.assign({}, t);
  next.status = { state, message, err, timestampUs: agentTsUs, appliedAtUs: nowUs };
  return next;
}
function isRunnable2(t) {
  return stateValue(t.desiredState) <= stateValue("running");
}
function isTerminal(s) {
  return stateValue(s) > stateValue("running");
}
function isActiveOnNode(t) {
  const v3 = stateValue(t.status.state);
  return t.nodeId !== null && v3 >= stateValue("assigned") && v3 <= stateValue("running");
}

// sim/swarm/dispatcher/dispatcher.ts
var HEARTBEAT_EPSILON_US = 500 * MS;
var GRACE_MULTIPLIER = 3;
var UNKNOWN_GRACE_MULTIPLIER = 2 * GRACE_MULTIPLIER;
var NODE_DOWN_PERIOD_US = 24 * HOUR;
var BUGGY_UNKNOWN_GRACE_US = 500 * MS;
var MSG_UNKNOWN = 'Node moved to "unknown" state due to leadership change in cluster';
var MSG_HEARTBEAT_FAILURE = "heartbeat failure";
var MSG_UNKNOWN_FAILURE = 'heartbeat failure for node in "unknown" state';
var Dispatcher = class {
  constructor(ctx, term) {
    this.ctx = ctx;
    this.term = term;
  }
  ctx;
  term;
  sessions = /* @__PURE__ */ new Map();
  ttl = /* @__PURE__ */ new Map();
  downTimers = /* @__PURE__ */ new Map();
  dirtyAssignments = /* @__PURE__ */ new Set();
  sessionCounter = 0;
  /** markNodesUnknown: every non-down node must re-register within 2× the grace. */
  start() {
    const ctx = this.ctx;
    const period = ctx.store.cluster.heartbeatPeriodUs;
    const grace = ctx.bugs.has("swarmkit-921") ? BUGGY_UNKNOWN_GRACE_US : UNKNOWN_GRACE_MULTIPLIER * period;
    const unknown = [];
    for (const n of ctx.store.nodes.values()) {
      if (n.status.state === "down") this.armDown(n.id);
      else {
        unknown.push(n.id);
        this.armTtl(n.id, grace);
      }
    }
    if (unknown.length === 0) return;
    ctx.writer.enqueue((tx) => {
      for (const id of unknown) {
        const n = tx.node(id);
        if (n === null || n.status.state === "down" || this.sessions.has(id)) continue;
        tx.putNode(withNodeStatus(n, "unknown", MSG_UNKNOWN));
      }
    });
  }
  stop() {
    this.sessions.clear();
  }
  // --- requests ---------------------------------------------------------------------------
  handle(req) {
    switch (req.kind) {
      case "dispatcher.session":
        this.onSession(req);
        return;
      case "dispatcher.heartbeat":
        this.onHeartbeat(req);
        return;
      case "dispatcher.status":
        this.onStatus(req);
        return;
    }
  }
  onSession(req) {
    const ctx = this.ctx;
    const node = ctx.store.nodes.get(req.node);
    if (!node) {
      this.respondSession(req, false, ERR_NODE_NOT_FOUND, null);
      return;
    }
    const sessionId = `${req.node}/${this.term}/${++this.sessionCounter}`;
    ctx.writer.enqueue(
      (tx) => {
        const n = tx.node(req.node);
        if (n === null) return;
        if (n.status.state !== "ready" || n.status.message !== "") tx.putNode(withNodeStatus(n, "ready", ""));
      },
      (ok, err) => {
        if (!ok || !ctx.store.nodes.has(req.node)) {
          this.respondSession(req, false, err ?? ERR_NODE_NOT_FOUND, null);
          return;
        }
        this.sessions.set(req.node, { nodeId: req.node, sessionId, agent: req.agent, proxy: req.proxy, assignSeq: 0 });
        this.cancelDown(req.node);
        this.armTtl(req.node, GRACE_MULTIPLIER * this.respondSession(req, true, null, sessionId));
        this.sendAssignments(req.node);
      }
    );
  }
  respondSession(req, ok, error, sessionId) {
    const periodUs = this.pickPeriod();
    this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, {
      kind: "dispatcher.session-resp",
      agent: req.agent,
      proxy: req.proxy,
      reqId: req.reqId,
      ok,
      error,
      sessionId,
      periodUs,
      managers: [...this.ctx.raft.members],
      role: this.ctx.store.nodes.get(req.node)?.role ?? null
    });
    return periodUs;
  }
  onHeartbeat(req) {
    const s = this.sessions.get(req.node);
    const ok = s !== void 0 && s.sessionId === req.sessionId;
    const periodUs = this.pickPeriod();
    if (ok) {
      s.proxy = req.proxy;
      this.armTtl(req.node, GRACE_MULTIPLIER * periodUs);
      if (req.assignSeq !== void 0 && req.assignSeq < s.assignSeq) this.sendAssignments(req.node);
    }
    this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, {
      kind: "dispatcher.heartbeat-resp",
      agent: req.agent,
      proxy: req.proxy,
      reqId: req.reqId,
      ok,
      error: ok ? null : ERR_SESSION_INVALID,
      periodUs,
      role: this.ctx.store.nodes.get(req.node)?.role ?? null
    });
  }
  onStatus(req) {
    const s = this.sessions.get(req.node);
    const reply = (ok, error) => this.ctx.send(req.proxy >= 0 ? req.proxy : req.agent, { kind: "dispatcher.status-resp", agent: req.agent, proxy: req.proxy, reqId: req.reqId, ok, error });
    if (s === void 0 || s.sessionId !== req.sessionId) {
      reply(false, ERR_SESSION_INVALID);
      return;
    }
    const updates = req.updates;
    this.ctx.writer.enqueue(
      (tx) => {
        for (const u of updates) {
          const t = tx.task(u.taskId);
          if (t === null || t.nodeId !== req.node) continue;
          if (stateValue(u.state) <= stateValue(t.status.state)) continue;
          tx.putTask(withState(t, u.state, u.message, u.err, tx.nowUs, u.timestampUs));
        }
      },
      (ok, err) => reply(ok, err)
    );
  }
  pickPeriod() {
    const period = this.ctx.store.cluster.heartbeatPeriodUs;
    return Math.round(period - HEARTBEAT_EPSILON_US + this.ctx.host.random() * 2 * HEARTBEAT_EPSILON_US);
  }
  // --- liveness ---------------------------------------------------------------------------
  armTtl(nodeId, afterUs) {
    const h = this.ctx.scope.rearm(this.ttl.get(nodeId) ?? null, afterUs, () => this.expire(nodeId));
    this.ttl.set(nodeId, h);
  }
  expire(nodeId) {
    this.ttl.delete(nodeId);
    this.sessions.delete(nodeId);
    this.ctx.writer.enqueue((tx) => {
      const n = tx.node(nodeId);
      if (n === null || n.status.state === "down") return;
      const msg2 = n.status.state === "unknown" ? MSG_UNKNOWN_FAILURE : MSG_HEARTBEAT_FAILURE;
      tx.putNode(withNodeStatus(n, "down", msg2));
    });
    this.armDown(nodeId);
  }
  armDown(nodeId) {
    const ctx = this.ctx;
    ctx.scope.cancel(this.downTimers.get(nodeId) ?? null);
    this.downTimers.set(
      nodeId,
      ctx.scope.after(NODE_DOWN_PERIOD_US, () => {
        this.downTimers.delete(nodeId);
        if (ctx.bugs.has("moby-37320")) return;
        ctx.writer.enqueue((tx) => orphanTasksOfDownNode(tx, nodeId));
      })
    );
  }
  cancelDown(nodeId) {
    const h = this.downTimers.get(nodeId);
    if (h) {
      this.ctx.scope.cancel(h);
      this.downTimers.delete(nodeId);
    }
  }
  // --- assignments ------------------------------------------------------------------------
  taskChanged(prev, next) {
    if (prev?.nodeId) this.dirtyAssignments.add(prev.nodeId);
    if (next?.nodeId && next.nodeId !== prev?.nodeId) this.dirtyAssignments.add(next.nodeId);
  }
  nodeChanged(prev, next) {
    if (next === null && prev !== null) {
      this.sessions.delete(prev.id);
      this.ctx.scope.cancel(this.ttl.get(prev.id) ?? null);
      this.ttl.delete(prev.id);
      this.cancelDown(prev.id);
    }
  }
  entryApplied() {
    if (this.dirtyAssignments.size === 0) return;
    for (const nodeId of this.dirtyAssignments) if (this.sessions.has(nodeId)) this.sendAssignments(nodeId);
    this.dirtyAssignments.clear();
  }
  sendAssignments(nodeId) {
    const s = this.sessions.get(nodeId);
    if (!s) return;
    const tasks = [];
    for (const t of this.ctx.store.tasksOfNode(nodeId)) if (isActiveOnNode(t)) tasks.push(t);
    const msg2 = { kind: "dispatcher.assignments", agent: s.agent, proxy: s.proxy, sessionId: s.sessionId, seq: ++s.assignSeq, tasks };
    this.ctx.send(s.proxy >= 0 ? s.proxy : s.agent, msg2);
  }
  /** Node ids with a live session (for tests and the role manager). */
  hasSession(nodeId) {
    return this.sessions.has(nodeId);
  }
};
function withNodeStatus(n, state, message) {
  const next = Object.assign({}, n);
  const status = Object.assign({}, n.status);
  status.state = state;
  status.message = message;
  next.status = status;
  next.version = n.version + 1;
  return next;
}
function orphanTasksOfDownNode(tx, nodeId) {
  const n = tx.node(nodeId);
  if (n !== null && n.status.state !== "down") return;
  for (const t of tx.tasksOfNode(nodeId)) {
    if (isActiveOnNode(t)) tx.putTask(withState(t, "orphaned", "task orphaned: node down", null, tx.nowUs));
  }
}

// sim/swarm/orchestrator/constraint-enforcer.ts
var MSG = "assigned node no longer meets constraints";
var ConstraintEnforcer = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  name = "constraint-enforcer";
  dirty = /* @__PURE__ */ new Set();
  start() {
    for (const id of this.ctx.store.nodes.keys()) this.dirty.add(id);
    this.ctx.writer.request();
  }
  nodeChanged(prev, next) {
    if (next === null) return;
    if (prev !== null && prev.spec.labels === next.spec.labels && prev.role === next.role && prev.description === next.description && prev.spec.availability === next.spec.availability) return;
    this.dirty.add(next.id);
    this.ctx.writer.request();
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) this.enforce(tx, id);
    this.dirty.clear();
  }
  enforce(tx, nodeId) {
    const n = tx.node(nodeId);
    if (n === null || n.spec.availability !== "active") return;
    const cn = nodeToConstraintNode(n);
    let cpu = n.description.resources.nanoCpus;
    let mem = n.description.resources.memoryBytes;
    const parsed = /* @__PURE__ */ new Map();
    for (const t of tx.tasksOfNode(nodeId)) {
      const d = stateValue(t.desiredState);
      if (d < stateValue("assigned") || d > stateValue("complete") || stateValue(t.status.state) >= stateValue("complete")) continue;
      const svc = tx.service(t.service);
      if (svc === null) continue;
      let cs = parsed.get(svc.id);
      if (cs === void 0) {
        try {
          cs = parseConstraints(svc.spec.placement.constraints);
        } catch {
          cs = [];
        }
        parsed.set(svc.id, cs);
      }
      const r = t.spec.resources.reservations;
      cpu -= r.nanoCpus;
      mem -= r.memoryBytes;
      const overcommit = r.nanoCpus > 0 && cpu < 0 || r.memoryBytes > 0 && mem < 0;
      if (!matchConstraints(cs, cn) || overcommit) {
        tx.putTask(withState(t, "rejected", MSG, MSG, tx.nowUs));
        cpu += r.nanoCpus;
        mem += r.memoryBytes;
      }
    }
  }
};

// sim/swarm/orchestrator/restart.ts
var OLD_TASK_TIMEOUT_US = 1 * MIN;
function restartCondition(svc) {
  return svc.spec.restartPolicy.condition ?? "none";
}
function shouldRestart(_tx, svc, t, slotTasks) {
  const cond = restartCondition(svc);
  if (cond === "none") return false;
  if (cond === "on-failure" && t.status.state === "complete") return false;
  const p = svc.spec.restartPolicy;
  if (p.maxAttempts === 0) return true;
  let restarts = 0;
  const ts = t.status.appliedAtUs || t.status.timestampUs;
  for (const o of slotTasks) {
    if (o.id === t.id || o.specVersion !== svc.specVersion || taskSeq(o.id) > taskSeq(t.id)) continue;
    if (p.windowUs > 0) {
      const ots = o.status.appliedAtUs || o.status.timestampUs;
      if (ots < ts - p.windowUs || ots > ts) continue;
    }
    restarts++;
  }
  return restarts < p.maxAttempts;
}
var RestartSupervisor = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  delayed = /* @__PURE__ */ new Map();
  byOld = /* @__PURE__ */ new Map();
  /** New leader: replacements still held at desired READY are started (their old tasks re-checked). */
  start() {
    for (const t of this.ctx.store.tasks.values()) {
      if (t.desiredState === "ready") this.hold(t.id, null, 0, false);
    }
  }
  /**
   * Restarts `t` inside `tx`. Returns the replacement, or null when the policy says no.
   * `node` is the task's node (for the drain/down shortcuts).
   */
  restart(tx, svc, t, reason, slotTasks) {
    const bugs = this.ctx.bugs;
    const keepOld = reason === "node-down" && bugs.has("swarmkit-1054") || reason === "node-drain" && bugs.has("swarmkit-575") || reason === "ended" && t.status.state === "rejected" && bugs.has("moby-27769");
    if (!keepOld && stateValue(t.desiredState) < stateValue("shutdown")) tx.putTask(withDesired(t, "shutdown"));
    if (!shouldRestart(tx, svc, t, slotTasks)) return null;
    const global = t.slot === 0;
    const repl = newTask(tx, svc, t.slot, global ? t.nodeId : null, "ready");
    tx.putTask(repl);
    const delayUs = reason === "node-drain" ? 0 : svc.spec.restartPolicy.delayUs;
    const waitOld = !(isTerminal(t.status.state) || reason === "node-down" || reason === "node-gone");
    this.hold(repl.id, t.id, delayUs, waitOld);
    return repl;
  }
  /** Holds a READY task until `delayUs` passed and (if `waitOld`) the old task stopped, at most 1 min. */
  hold(id, oldId, delayUs, waitOld) {
    const scope = this.ctx.scope;
    const d = { oldId: oldId ?? "", notBefore: null, waitingForOld: waitOld && oldId !== null, deadline: null };
    this.delayed.set(id, d);
    if (oldId !== null) this.byOld.set(oldId, id);
    if (delayUs > 0)
      d.notBefore = scope.after(delayUs, () => {
        d.notBefore = null;
        this.check(id);
      });
    if (d.waitingForOld)
      d.deadline = scope.after(delayUs + OLD_TASK_TIMEOUT_US, () => {
        d.waitingForOld = false;
        this.check(id);
      });
    if (delayUs === 0) scope.after(0, () => this.check(id));
  }
  taskChanged(_prev, next) {
    if (next === null) return;
    const id = this.byOld.get(next.id);
    if (id === void 0) return;
    const d = this.delayed.get(id);
    if (d?.waitingForOld && stateValue(next.status.state) > stateValue("running")) {
      d.waitingForOld = false;
      this.check(id);
    }
  }
  nodeChanged(_prev, _next) {
  }
  check(id) {
    const d = this.delayed.get(id);
    if (!d || d.notBefore !== null || d.waitingForOld) return;
    this.delayed.delete(id);
    this.byOld.delete(d.oldId);
    this.ctx.scope.cancel(d.deadline);
    this.ctx.writer.enqueue((tx) => {
      const t = tx.task(id);
      if (t !== null && t.desiredState === "ready") tx.putTask(withDesired(t, "running"));
    });
  }
};

// sim/swarm/orchestrator/global.ts
var GlobalOrchestrator = class {
  constructor(ctx, restarts, updates) {
    this.ctx = ctx;
    this.restarts = restarts;
    this.updates = updates;
  }
  ctx;
  restarts;
  updates;
  name = "global";
  /** Dirty (service, node) pairs: service → node ids; null = every node. */
  dirty = /* @__PURE__ */ new Map();
  globals = /* @__PURE__ */ new Set();
  initial = false;
  start() {
    this.initial = true;
    for (const s of this.ctx.store.services.values()) {
      if (s.spec.mode !== "global") continue;
      this.globals.add(s.id);
      this.dirty.set(s.id, null);
    }
    this.ctx.writer.request();
  }
  markAll(service) {
    this.dirty.set(service, null);
    this.ctx.writer.request();
  }
  mark(service, node) {
    const s = this.dirty.get(service);
    if (s === null) return;
    if (s === void 0) this.dirty.set(service, /* @__PURE__ */ new Set([node]));
    else s.add(node);
    this.ctx.writer.request();
  }
  serviceChanged(prev, next) {
    const s = next ?? prev;
    if (s.spec.mode !== "global") return;
    if (next === null) this.globals.delete(s.id);
    else this.globals.add(s.id);
    this.markAll(s.id);
  }
  nodeChanged(prev, next) {
    const n = next ?? prev;
    for (const s of this.globals) this.mark(s, n.id);
  }
  taskChanged(prev, next) {
    const t = next ?? prev;
    if (t.slot !== 0 || t.nodeId === null) return;
    if (prev !== null && next !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState) return;
    this.mark(t.service, t.nodeId);
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    const initial = this.initial;
    this.initial = false;
    for (const [serviceId, nodes2] of this.dirty) {
      const svc = tx.service(serviceId);
      if (svc === null) {
        for (const t of tx.tasksOfService(serviceId)) if (t.desiredState !== "remove") tx.putTask(withDesired(t, "remove"));
        continue;
      }
      if (svc.spec.mode !== "global") continue;
      let cs = [];
      try {
        cs = parseConstraints(svc.spec.placement.constraints);
      } catch {
        cs = [];
      }
      const ids = nodes2 ?? this.allNodeIds(tx, serviceId);
      for (const nodeId of ids) this.reconcileNode(tx, svc, cs, nodeId, initial);
    }
    this.dirty.clear();
  }
  allNodeIds(tx, serviceId) {
    const ids = new Set(this.ctx.store.nodes.keys());
    for (const t of tx.tasksOfService(serviceId)) if (t.nodeId !== null) ids.add(t.nodeId);
    return ids;
  }
  reconcileNode(tx, svc, cs, nodeId, initial) {
    const n = tx.node(nodeId);
    let tasks = tx.tasksOfSlot(svc.id, 0, nodeId);
    if (n === null) {
      for (const t of tasks) tx.delTask(t.id);
      return;
    }
    const eligible = n.status.state !== "down" && n.spec.availability !== "drain" && matchConstraints(cs, nodeToConstraintNode(n));
    if (!eligible) {
      for (const t of tasks) if (isRunnable2(t)) tx.putTask(withDesired(t, "shutdown"));
      return;
    }
    for (const t of tasks) {
      if (!isRunnable2(t) || !isTerminal(t.status.state)) continue;
      if (n.spec.availability === "pause") tx.putTask(withDesired(t, "shutdown"));
      else this.restarts.restart(tx, svc, t, "ended", tasks);
    }
    tasks = tx.tasksOfSlot(svc.id, 0, nodeId);
    const overlook = initial && n.status.state === "unknown" && this.ctx.bugs.has("moby-33218");
    const runnable = overlook ? [] : tasks.filter(isRunnable2);
    if (runnable.length === 0) {
      if (n.spec.availability !== "active") return;
      if (!overlook && tasks.length > 0) {
        const newest = tasks.reduce((a, b3) => taskSeq(b3.id) > taskSeq(a.id) ? b3 : a);
        if (newest.specVersion === svc.specVersion && newest.desiredState !== "remove" && !shouldRestart(tx, svc, newest, tasks)) return;
      }
      tx.putTask(newTask(tx, svc, 0, nodeId, "running"));
      return;
    }
    if (runnable.length > 1 && !this.ctx.bugs.has("moby-33218")) {
      runnable.sort((a, b3) => taskSeq(b3.id) - taskSeq(a.id));
      for (let i = 1; i < runnable.length; i++) tx.putTask(withDesired(runnable[i], "shutdown"));
    }
    if (runnable.some((t) => t.specVersion !== svc.specVersion)) this.updates.serviceDirty(svc);
  }
};

// sim/swarm/orchestrator/reaper.ts
var TaskReaper = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  name = "reaper";
  /** Dirty slot keys → a task of that slot (to recover service/slot/node). */
  dirty = /* @__PURE__ */ new Map();
  start() {
    for (const t of this.ctx.store.tasks.values()) this.dirty.set(taskSlotKey(t), t);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }
  taskChanged(_prev, next) {
    if (next === null) return;
    if (stateValue(next.status.state) <= stateValue("running") && next.desiredState !== "remove") return;
    this.dirty.set(taskSlotKey(next), next);
    this.ctx.writer.request();
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    for (const t of this.dirty.values()) this.reapSlot(tx, t);
    this.dirty.clear();
  }
  reapSlot(tx, sample) {
    const tasks = tx.tasksOfSlot(sample.service, sample.slot, sample.nodeId);
    const svc = tx.service(sample.service);
    let kept = 0;
    const deletable = [];
    for (const t of tasks) {
      const state = stateValue(t.status.state);
      const neverRan = state < stateValue("assigned");
      if (t.desiredState === "remove" && (state >= stateValue("complete") || neverRan)) {
        tx.delTask(t.id);
        continue;
      }
      if (svc === null && t.status.state === "orphaned") {
        tx.delTask(t.id);
        continue;
      }
      kept++;
      if (state > stateValue("running") || neverRan && stateValue(t.desiredState) > stateValue("running")) deletable.push(t);
    }
    let limit = tx.cluster.taskHistoryRetentionLimit;
    if (limit < 0) return;
    if (svc !== null && svc.spec.restartPolicy.maxAttempts > 0) limit = svc.spec.restartPolicy.maxAttempts + 1;
    deletable.sort((a, b3) => taskSeq(a.id) - taskSeq(b3.id));
    for (let i = 0; i < deletable.length && kept > limit; i++, kept--) tx.delTask(deletable[i].id);
  }
};

// sim/swarm/orchestrator/node-validity.ts
function invalidNodeReason(n) {
  if (n === null) return "node-gone";
  if (n.status.state === "down") return "node-down";
  if (n.spec.availability === "drain") return "node-drain";
  return null;
}

// sim/swarm/orchestrator/replicated.ts
var ReplicatedOrchestrator = class {
  constructor(ctx, restarts, updates) {
    this.ctx = ctx;
    this.restarts = restarts;
    this.updates = updates;
  }
  ctx;
  restarts;
  updates;
  name = "replicated";
  dirty = /* @__PURE__ */ new Set();
  start() {
    for (const s of this.ctx.store.services.values()) if (s.spec.mode === "replicated") this.dirty.add(s.id);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }
  mark(service) {
    this.dirty.add(service);
    this.ctx.writer.request();
  }
  serviceChanged(prev, next) {
    const s = next ?? prev;
    if (s !== null && s.spec.mode === "replicated") this.mark(s.id);
  }
  taskChanged(prev, next) {
    const t = next ?? prev;
    if (t === null || t.slot === 0) return;
    if (prev !== null && next !== null && prev.status.state === next.status.state && prev.desiredState === next.desiredState && prev.nodeId === next.nodeId) return;
    this.mark(t.service);
  }
  nodeChanged(prev, next) {
    const n = next ?? prev;
    if (invalidNodeReason(next) === null) return;
    if (prev !== null && next !== null && invalidNodeReason(prev) === invalidNodeReason(next)) return;
    for (const id of this.ctx.store.index.ofNode(n.id)) {
      const t = this.ctx.store.tasks.get(id);
      if (t.slot > 0) this.mark(t.service);
    }
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) this.reconcileService(tx, id);
    this.dirty.clear();
  }
  reconcileService(tx, id) {
    const svc = tx.service(id);
    if (svc === null) {
      for (const t of tx.tasksOfService(id)) if (t.desiredState !== "remove") tx.putTask(withDesired(t, "remove"));
      return;
    }
    if (svc.spec.mode !== "replicated") return;
    const slots = groupBySlot(tx.tasksOfService(id));
    const pileUp = this.ctx.bugs.has("moby-27769");
    for (const [slot, tasks] of slots) {
      const newest = newestOf(tasks);
      for (const t of tasks) {
        if (!isRunnable2(t)) continue;
        const superseded = tasks.some((o) => taskSeq(o.id) > taskSeq(t.id) && isRunnable2(o));
        if (t !== newest && superseded && !(pileUp && newest.status.state === "running")) continue;
        const reason = isTerminal(t.status.state) ? "ended" : t.nodeId !== null ? invalidNodeReason(tx.node(t.nodeId)) : null;
        if (reason === null) continue;
        this.restarts.restart(tx, svc, t, reason, tasks);
      }
      slots.set(slot, tx.tasksOfSlot(id, slot, null));
    }
    const occupied = [];
    for (const [slot, tasks] of slots) {
      if (tasks.some(isRunnable2) || heldByPolicy(tx, svc, tasks)) occupied.push(slot);
    }
    const want = svc.spec.replicas;
    if (occupied.length < want) {
      const taken = new Set(occupied);
      let next = 1;
      for (let missing = want - occupied.length; missing > 0; missing--) {
        while (taken.has(next)) next++;
        taken.add(next);
        tx.putTask(newTask(tx, svc, next, null, "running"));
      }
    } else if (occupied.length > want) {
      this.scaleDown(tx, slots, occupied, occupied.length - want);
    }
    for (const tasks of slots.values()) {
      if (tasks.some((t) => isRunnable2(t) && t.specVersion !== svc.specVersion)) {
        this.updates.serviceDirty(svc);
        break;
      }
    }
  }
  /** SwarmKit's order: unassigned or crowded slots, then the k-th copy on a node (largest k), then non-running, then higher slots. */
  scaleDown(tx, slots, occupied, count) {
    const perNode = /* @__PURE__ */ new Map();
    const rank = /* @__PURE__ */ new Map();
    const ordered = [...occupied].sort((a, b3) => a - b3);
    for (const slot of ordered) {
      const runnable = slots.get(slot).filter(isRunnable2);
      const t = runnable[0];
      if (runnable.length !== 1 || t.nodeId === null) {
        rank.set(slot, { group: 0, k: 0, running: 0 });
        continue;
      }
      const k = (perNode.get(t.nodeId) ?? 0) + 1;
      perNode.set(t.nodeId, k);
      rank.set(slot, { group: 1, k, running: t.status.state === "running" ? 1 : 0 });
    }
    ordered.sort((a, b3) => {
      const x = rank.get(a);
      const y = rank.get(b3);
      return x.group - y.group || y.k - x.k || x.running - y.running || b3 - a;
    });
    for (let i = 0; i < count; i++) {
      for (const t of slots.get(ordered[i])) if (isRunnable2(t)) tx.putTask(withDesired(t, "remove"));
    }
  }
};
function groupBySlot(tasks) {
  const m = /* @__PURE__ */ new Map();
  for (const t of tasks) {
    let a = m.get(t.slot);
    if (!a) {
      a = [];
      m.set(t.slot, a);
    }
    a.push(t);
  }
  return m;
}
function newestOf(tasks) {
  let best = tasks[0];
  for (const t of tasks) if (taskSeq(t.id) > taskSeq(best.id)) best = t;
  return best;
}
function heldByPolicy(tx, svc, tasks) {
  if (tasks.length === 0) return false;
  const t = newestOf(tasks);
  if (t.desiredState === "remove" || t.specVersion !== svc.specVersion) return false;
  return !shouldRestart(tx, svc, t, tasks);
}

// sim/swarm/orchestrator/updater.ts
var RUNNING2 = stateValue("running");
var RollingUpdater = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  name = "updater";
  runs = /* @__PURE__ */ new Map();
  watched = /* @__PURE__ */ new Map();
  due = /* @__PURE__ */ new Set();
  restarts = null;
  setRestarts(r) {
    this.restarts = r;
  }
  start() {
  }
  serviceDirty(svc) {
    const st = svc.updateStatus?.state ?? null;
    const run = this.runs.get(svc.id);
    if (run !== void 0 && run.specVersion === svc.specVersion) return;
    if (st === "paused" || st === "rollback_paused") return;
    this.due.add(svc.id);
    this.ctx.writer.request();
  }
  taskChanged(_prev, next) {
    if (next === null) return;
    const svc = this.watched.get(next.id);
    if (svc !== void 0) this.ctx.writer.request();
  }
  reconcile(tx) {
    for (const id of this.due) this.begin(tx, id);
    this.due.clear();
    for (const run of [...this.runs.values()]) this.progress(tx, run);
  }
  begin(tx, serviceId) {
    const svc = tx.service(serviceId);
    if (svc === null) return;
    const old = this.runs.get(serviceId);
    if (old !== void 0 && old.specVersion === svc.specVersion) return;
    if (old !== void 0) this.end(old);
    const queue = [];
    const tasks = tx.tasksOfService(serviceId).filter((t) => isRunnable2(t) && t.specVersion !== svc.specVersion);
    tasks.sort((a, b3) => a.slot - b3.slot || (a.nodeId ?? "").localeCompare(b3.nodeId ?? ""));
    for (const t of tasks) queue.push(t.id);
    if (queue.length === 0) return;
    const rollback = svc.updateStatus?.state === "rollback_started";
    const run = {
      serviceId,
      specVersion: svc.specVersion,
      rollback,
      cfg: rollback ? svc.spec.rollbackConfig : svc.spec.updateConfig,
      queue,
      total: queue.length,
      active: /* @__PURE__ */ new Map(),
      monitored: /* @__PURE__ */ new Map(),
      failures: 0,
      cooling: 0,
      finishing: false
    };
    this.runs.set(serviceId, run);
    if (!rollback) this.setStatus(tx, svc, "updating", "update in progress");
  }
  progress(tx, run) {
    const svc = tx.service(run.serviceId);
    if (svc === null || svc.specVersion !== run.specVersion) {
      this.end(run);
      return;
    }
    const now = tx.nowUs;
    for (const [id, f] of run.active) {
      const t = tx.task(id);
      const v3 = t === null ? Number.POSITIVE_INFINITY : stateValue(t.status.state);
      if (v3 < RUNNING2) continue;
      run.active.delete(id);
      if (v3 === RUNNING2) {
        f.runningAtUs = now;
        run.monitored.set(id, now);
        const old = tx.task(f.oldId);
        if (old !== null && isRunnable2(old)) tx.putTask(withDesired(old, "shutdown"));
      } else {
        this.watched.delete(id);
        run.failures++;
      }
      this.cool(run);
    }
    for (const [id, since] of run.monitored) {
      const t = tx.task(id);
      if (t !== null && stateValue(t.status.state) <= RUNNING2 && now - since < run.cfg.monitorUs) continue;
      run.monitored.delete(id);
      this.watched.delete(id);
      if (t === null || stateValue(t.status.state) > RUNNING2) run.failures++;
    }
    if (run.cfg.failureAction !== "continue" && run.failures > 0 && run.failures / run.total > run.cfg.maxFailureRatio) {
      this.fail(tx, svc, run);
      return;
    }
    const parallel = run.cfg.parallelism === 0 ? Number.POSITIVE_INFINITY : run.cfg.parallelism;
    while (run.queue.length > 0 && run.active.size + run.cooling < parallel) {
      const old = tx.task(run.queue.shift());
      if (old === null || !isRunnable2(old) || old.specVersion === svc.specVersion) continue;
      this.replace(tx, svc, run, old);
    }
    if (run.queue.length === 0 && run.active.size === 0 && run.cooling === 0 && !run.finishing) {
      run.finishing = true;
      const c = run.cfg;
      const waitUs = c.delayUs >= c.monitorUs ? c.delayUs + SEC : c.monitorUs;
      this.ctx.scope.after(waitUs, () => {
        if (this.runs.get(run.serviceId) !== run) return;
        this.ctx.writer.enqueue((tx2) => {
          if (this.runs.get(run.serviceId) !== run) return;
          this.progress(tx2, run);
          if (this.runs.get(run.serviceId) !== run) return;
          const s = tx2.service(run.serviceId);
          if (s !== null && s.specVersion === run.specVersion) {
            this.setStatus(tx2, s, run.rollback ? "rollback_completed" : "completed", run.rollback ? "rollback completed" : "update completed");
          }
          this.end(run);
        });
      });
    }
  }
  replace(tx, svc, run, old) {
    const global = old.slot === 0;
    const startFirst = run.cfg.order === "start-first";
    const repl = newTask(tx, svc, old.slot, global ? old.nodeId : null, startFirst ? "running" : "ready");
    tx.putTask(repl);
    if (!startFirst) {
      tx.putTask(withDesired(old, "shutdown"));
      this.restarts?.hold(repl.id, old.id, 0, true);
    }
    run.active.set(repl.id, { oldId: old.id, runningAtUs: 0 });
    this.watched.set(repl.id, run.serviceId);
  }
  /** A finished step frees its parallel slot only after `delay`. */
  cool(run) {
    if (run.cfg.delayUs <= 0) return;
    run.cooling++;
    this.ctx.scope.after(run.cfg.delayUs, () => {
      run.cooling--;
      this.ctx.writer.request();
    });
  }
  fail(tx, svc, run) {
    const culprit = [...run.monitored.keys(), ...run.active.keys()][0] ?? "";
    const why = `due to failure or early termination of task ${culprit}`;
    this.end(run);
    if (run.rollback) {
      this.setStatus(tx, svc, "rollback_paused", `rollback paused ${why}`);
      return;
    }
    if (run.cfg.failureAction === "rollback" && svc.previousSpec !== null) {
      tx.putService(rolledBack(svc, `update rolled back ${why}`));
      return;
    }
    this.setStatus(tx, svc, "paused", `update paused ${why}`);
  }
  setStatus(tx, svc, state, message) {
    const cur = tx.service(svc.id) ?? svc;
    tx.putService({ ...cur, version: cur.version + 1, updateStatus: { state, message } });
  }
  end(run) {
    if (this.runs.get(run.serviceId) === run) this.runs.delete(run.serviceId);
    for (const id of run.active.keys()) this.watched.delete(id);
    for (const id of run.monitored.keys()) this.watched.delete(id);
  }
};

// sim/swarm/manager/allocation.ts
function taskDead(t) {
  return isTerminal(t.status.state) && !isRunnable2(t);
}
function holdsAddresses(t) {
  return t.networksAttachments.length > 0 && !taskDead(t);
}
function sameAttachments(a, b3) {
  if (a === b3) return true;
  if (a.length !== b3.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].network !== b3[i].network || a[i].addr !== b3[i].addr) return false;
  return true;
}
var AllocationComponent = class {
  constructor(ctx, allocator) {
    this.ctx = ctx;
    this.allocator = allocator;
  }
  ctx;
  allocator;
  name = "allocator";
  dirty = /* @__PURE__ */ new Set();
  /** Addresses held per task: committed ones, plus those of the entry in flight (not yet applied). */
  held = /* @__PURE__ */ new Map();
  /** NEW tasks left unallocated because a network had no free address; retried when one is freed. */
  starved = /* @__PURE__ */ new Set();
  /** Addresses this component holds, per task (for tests and invariant checks). */
  heldAddresses() {
    return this.held;
  }
  /** Tasks waiting NEW for a free address. */
  get starvedTasks() {
    return this.starved.size;
  }
  /** Leader start, and resync after a failed proposal: make `held` match the committed store. */
  start() {
    const store = this.ctx.store;
    for (const [id, atts] of this.held) {
      const t = store.tasks.get(id);
      if (t === void 0 || !holdsAddresses(t) || !sameAttachments(t.networksAttachments, atts)) this.free(id);
    }
    for (const t of store.tasks.values()) if (holdsAddresses(t) && !this.held.has(t.id)) this.adopt(t);
    for (const s of store.services.values()) this.allocator.allocateService(s.id, s.spec, s.endpoint);
    this.starved.clear();
    for (const t of store.tasks.values()) if (t.status.state === "new") this.dirty.add(t.id);
    if (this.dirty.size > 0) this.ctx.writer.request();
  }
  taskChanged(prev, next) {
    if (next === null) {
      if (prev !== null) {
        this.starved.delete(prev.id);
        this.free(prev.id);
      }
      return;
    }
    if (next.status.state === "new") {
      this.dirty.add(next.id);
      this.ctx.writer.request();
      return;
    }
    if (taskDead(next)) {
      this.free(next.id);
      return;
    }
    if (next.networksAttachments.length === 0) return;
    const own = this.held.get(next.id);
    if (own === void 0) this.adopt(next);
    else {
      assert(sameAttachments(own, next.networksAttachments), () => `allocator: task ${next.id} committed addresses it was not given`);
    }
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    for (const id of this.dirty) {
      const t = tx.task(id);
      if (t === null || t.status.state !== "new" || !isRunnable2(t)) continue;
      assert(!this.held.has(id), () => `allocator: NEW task ${id} already holds addresses`);
      const attachments = this.allocateFor(t);
      if (attachments === null) {
        this.starved.add(id);
        continue;
      }
      this.starved.delete(id);
      if (attachments.length > 0) this.held.set(id, attachments);
      const pending = withState(t, "pending", "pending task scheduling", null, tx.nowUs);
      pending.networksAttachments = attachments;
      tx.putTask(pending);
    }
    this.dirty.clear();
  }
  /** One address per network of the task's spec, or null (nothing kept) when a network is full. */
  allocateFor(t) {
    const a = this.allocator;
    const out = [];
    for (const network of t.spec.networks) {
      const addr = a.tryAllocateTaskAddr !== void 0 ? a.tryAllocateTaskAddr(network) : a.allocateTaskAddr(network);
      if (addr === null) {
        for (const got of out) a.releaseTaskAddr(got.network, got.addr);
        return null;
      }
      out.push({ network, addr });
    }
    return out;
  }
  /** Takes over addresses the store records for a live task (new leader, or a late commit). */
  adopt(t) {
    const reserve = this.allocator.reserveTaskAddr;
    if (reserve !== void 0) {
      for (const a of t.networksAttachments) {
        assert(reserve.call(this.allocator, a.network, a.addr), () => `allocator: ${a.addr} on ${a.network} of task ${t.id} is already in use (double allocation)`);
      }
    }
    this.held.set(t.id, t.networksAttachments);
  }
  /** Releases what `id` holds (no-op if nothing); wakes tasks starved for an address. */
  free(id) {
    const atts = this.held.get(id);
    if (atts === void 0) return;
    this.held.delete(id);
    for (const a of atts) this.allocator.releaseTaskAddr(a.network, a.addr);
    if (this.starved.size === 0) return;
    for (const s of this.starved) this.dirty.add(s);
    this.starved.clear();
    this.ctx.writer.request();
  }
};

// sim/swarm/manager/role-manager.ts
var ROLE_RECONCILE_INTERVAL_US = 5 * SEC;
var RoleManager = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  name = "roles";
  dirty = /* @__PURE__ */ new Set();
  busy = /* @__PURE__ */ new Set();
  retryArmed = false;
  start() {
    for (const n of this.ctx.store.nodes.values()) this.nodeChanged(null, n);
    const members = this.ctx.raft.members;
    for (const ix of members) {
      const n = this.ctx.store.nodeByIx(ix);
      if (n === null && ix !== this.ctx.host.id) this.evict(ix);
    }
  }
  nodeChanged(prev, next) {
    if (next === null) {
      if (prev !== null && this.ctx.raft.members.includes(prev.ix)) this.evict(prev.ix);
      return;
    }
    if (next.spec.desiredRole !== next.role) {
      this.dirty.add(next.id);
      this.ctx.writer.request();
    } else if (next.role === "manager" && !this.ctx.raft.members.includes(next.ix)) {
      this.addMember(next.ix);
    }
  }
  reconcile(tx) {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const n = tx.node(id);
      if (n === null || n.spec.desiredRole === n.role) continue;
      if (n.spec.desiredRole === "manager") {
        tx.putNode({ ...n, role: "manager", version: n.version + 1 });
        continue;
      }
      const raft = this.ctx.raft;
      if (!raft.members.includes(n.ix)) {
        tx.putNode({ ...n, role: "worker", version: n.version + 1 });
        continue;
      }
      if (n.ix === this.ctx.host.id) {
        raft.transferLeadership(-1);
        this.retry(id);
        continue;
      }
      if (this.busy.has(n.ix)) continue;
      if (!raft.canRemoveMember(n.ix)) {
        this.retry(id);
        continue;
      }
      this.busy.add(n.ix);
      raft.removeMember(n.ix, (r) => {
        this.busy.delete(n.ix);
        if (!r.ok) return this.retry(id);
        this.dirty.add(id);
        this.ctx.writer.request();
      });
    }
  }
  retry(id) {
    this.dirty.add(id);
    if (this.retryArmed) return;
    this.retryArmed = true;
    this.ctx.scope.after(ROLE_RECONCILE_INTERVAL_US, () => {
      this.retryArmed = false;
      this.ctx.writer.request();
    });
  }
  addMember(ix) {
    if (this.busy.has(ix)) return;
    this.busy.add(ix);
    this.ctx.raft.addMember(ix, () => {
      this.busy.delete(ix);
    });
  }
  evict(ix) {
    if (this.busy.has(ix) || !this.ctx.raft.canRemoveMember(ix)) return;
    this.busy.add(ix);
    this.ctx.raft.removeMember(ix, () => this.busy.delete(ix));
  }
};

// sim/swarm/manager/scheduling.ts
var DEBOUNCE_GAP_US = 50 * MS;
var DEBOUNCE_MAX_US = 1 * SEC;
var SchedulingComponent = class {
  constructor(ctx, scheduler) {
    this.ctx = ctx;
    this.scheduler = scheduler;
  }
  ctx;
  scheduler;
  name = "scheduler";
  pending = /* @__PURE__ */ new Set();
  timer = null;
  firstEventUs = -1;
  passDue = false;
  /** Passes run (tests). */
  passes = 0;
  start() {
    const now = this.ctx.now();
    for (const n of this.ctx.store.nodes.values()) this.scheduler.upsertNode(n);
    for (const t of this.ctx.store.tasks.values()) {
      this.scheduler.upsertTask(t, now);
      if (t.status.state === "pending") this.pending.add(t.id);
    }
    this.kick();
  }
  nodeChanged(_prev, next) {
    if (next === null) {
      if (_prev !== null) this.scheduler.removeNode(_prev.id);
      return;
    }
    if (_prev !== null && _prev.status.state === "down" && next.status.state === "ready" && this.ctx.bugs.has("swarmkit-1296")) return;
    this.scheduler.upsertNode(next);
    this.kick();
  }
  taskChanged(prev, next) {
    if (next === null) {
      if (prev !== null) {
        this.scheduler.removeTask(prev.id);
        this.pending.delete(prev.id);
      }
      return;
    }
    this.scheduler.upsertTask(next, this.ctx.now());
    if (next.status.state === "pending") this.pending.add(next.id);
    else this.pending.delete(next.id);
    if (prev !== null && this.ctx.bugs.has("moby-32999")) return;
    this.kick();
  }
  /** Debounce: a pass 50 ms after the last event, but no later than 1 s after the first. */
  kick() {
    const scope = this.ctx.scope;
    const now = this.ctx.now();
    if (this.timer === null) this.firstEventUs = now;
    else if (now - this.firstEventUs >= DEBOUNCE_MAX_US) return;
    else scope.cancel(this.timer);
    const waitUs = Math.min(DEBOUNCE_GAP_US, Math.max(0, this.firstEventUs + DEBOUNCE_MAX_US - now));
    this.timer = scope.after(waitUs, () => {
      this.timer = null;
      this.passDue = true;
      this.ctx.writer.request();
    });
  }
  reconcile(tx) {
    if (!this.passDue) return;
    this.passDue = false;
    if (this.pending.size === 0) return;
    this.passes++;
    const runnable = [];
    for (const id of this.pending) {
      const t = tx.task(id);
      if (t === null || t.status.state !== "pending") continue;
      if (stateValue(t.desiredState) <= stateValue("running")) {
        runnable.push(t);
        continue;
      }
      if (this.ctx.bugs.has("pr-2998")) continue;
      const svc = tx.service(t.service);
      if (stateValue(t.desiredState) >= stateValue("shutdown") && (svc === null || t.specVersion < svc.specVersion)) {
        tx.putTask(withState(t, "shutdown", "unschedulable task shut down", null, tx.nowUs));
      }
    }
    if (runnable.length === 0) return;
    const decisions = this.scheduler.schedule(runnable, tx.nowUs);
    for (const d of decisions) {
      const t = tx.task(d.taskId);
      if (t === null || t.status.state !== "pending") continue;
      if (d.nodeId !== null) {
        const assigned = withState(t, "assigned", "scheduler assigned task to node", null, tx.nowUs);
        assigned.nodeId = d.nodeId;
        tx.putTask(assigned);
      } else if (d.err !== t.status.err) {
        tx.putTask(withState(t, "pending", "pending task scheduling", d.err, tx.nowUs));
      }
    }
  }
};

// sim/swarm/manager/leader.ts
var LeaderComponents = class {
  ctx;
  writer;
  dispatcher;
  allocation;
  scheduling;
  restarts;
  replicated;
  global;
  updater;
  reaper;
  enforcer;
  roles;
  scope;
  unlisten = null;
  constructor(deps) {
    const { host, store, raft } = deps;
    this.scope = deps.scope.child();
    const now = () => host.now();
    this.writer = new LeaderWriter(store, raft, this.scope, now, () => this.resync());
    this.ctx = {
      host,
      store,
      raft,
      writer: this.writer,
      scope: this.scope,
      bugs: deps.bugs,
      send: deps.send,
      now,
      behaviours: deps.behaviours
    };
    const ctx = this.ctx;
    this.dispatcher = new Dispatcher(ctx, deps.term);
    this.restarts = new RestartSupervisor(ctx);
    this.updater = new RollingUpdater(ctx);
    this.updater.setRestarts(this.restarts);
    this.replicated = new ReplicatedOrchestrator(ctx, this.restarts, this.updater);
    this.global = new GlobalOrchestrator(ctx, this.restarts, this.updater);
    this.allocation = new AllocationComponent(ctx, deps.ports.newAllocator());
    this.scheduling = new SchedulingComponent(ctx, deps.ports.newScheduler());
    this.reaper = new TaskReaper(ctx);
    this.enforcer = new ConstraintEnforcer(ctx);
    this.roles = new RoleManager(ctx);
    for (const r of [this.replicated, this.global, this.updater, this.enforcer, this.allocation, this.scheduling, this.reaper, this.roles]) {
      this.writer.addReconciler(r);
    }
  }
  start() {
    const listeners = [this.dispatcher, this.restarts, this.replicated, this.global, this.updater, this.allocation, this.scheduling, this.reaper, this.enforcer, this.roles];
    this.unlisten = this.ctx.store.listen({
      nodeChanged: (p, n) => {
        for (const l of listeners) l.nodeChanged?.(p, n);
      },
      serviceChanged: (p, n) => {
        for (const l of listeners) l.serviceChanged?.(p, n);
      },
      taskChanged: (p, n) => {
        for (const l of listeners) l.taskChanged?.(p, n);
      },
      entryApplied: (i) => {
        for (const l of listeners) l.entryApplied?.(i);
      },
      restored: () => this.resync()
    });
    this.dispatcher.start();
    this.restarts.start();
    this.replicated.start();
    this.global.start();
    this.updater.start();
    this.allocation.start();
    this.scheduling.start();
    this.reaper.start();
    this.enforcer.start();
    this.roles.start();
  }
  stop() {
    this.scope.close();
    this.dispatcher.stop();
    this.unlisten?.();
    this.unlisten = null;
  }
  get alive() {
    return this.scope.alive;
  }
  handleAgent(req) {
    this.dispatcher.handle(req);
  }
  /** A failed proposal while still leading: re-derive everything from the committed store. */
  resync() {
    if (!this.scope.alive) return;
    this.replicated.start();
    this.global.start();
    this.allocation.start();
    this.reaper.start();
    this.scheduling.start();
  }
};

// sim/swarm/manager/manager.ts
var API_FORWARD_TIMEOUT_US = 25 * SEC;
var LOST_QUORUM_TICKS = 10;
var ManagerRuntime = class {
  constructor(d) {
    this.d = d;
    this.store = new SwarmStore(d.bootstrap);
    const tracer = new StoreTraceEmitter(d.host, d.gate);
    this.store.setTracer(tracer);
    tracer.bootstrap(d.bootstrap);
    this.raft = d.raftFactory({ host: d.host, config: d.raftConfig, members: d.raftMembers, stateMachine: this.store, tagBase: d.raftTagBase });
    this.raft.onLeadershipChange((isLeader, term) => this.onLeadership(isLeader, term));
  }
  d;
  store;
  raft;
  leader = null;
  ticksWithoutLeader = 0;
  apiSeq = 0;
  forwarded = /* @__PURE__ */ new Map();
  stopped = false;
  start() {
    this.raft.start();
    this.tick();
  }
  /** Demotion or leave: the manager stops for good (this process keeps running as a worker). */
  stop() {
    this.stopped = true;
    this.raft.stop?.();
    this.leader?.stop();
    this.leader = null;
    for (const f of this.forwarded.values()) f.done({ ok: false, error: "manager stopped", output: null });
    this.forwarded.clear();
  }
  tick() {
    this.d.scope.after(this.d.raftConfig.tickUs, () => {
      if (this.stopped) return;
      this.ticksWithoutLeader = this.raft.leader < 0 ? this.ticksWithoutLeader + 1 : 0;
      this.tick();
    });
  }
  onLeadership(isLeader, term) {
    if (this.stopped) return;
    this.leader?.stop();
    this.leader = null;
    if (!isLeader) return;
    this.leader = new LeaderComponents({
      host: this.d.host,
      store: this.store,
      raft: this.raft,
      ports: this.d.ports,
      bugs: this.d.bugs,
      behaviours: this.d.behaviours,
      send: this.d.send,
      term,
      scope: this.d.scope
    });
    this.leader.start();
  }
  // --- agent traffic --------------------------------------------------------------------------
  onAgentRequest(req) {
    if (this.leader !== null) {
      this.leader.handleAgent(req);
      return;
    }
    const leader = this.raft.leader;
    if (req.proxy < 0 && leader >= 0 && leader !== this.d.host.id) {
      const proxied = Object.assign({}, req);
      proxied.proxy = this.d.host.id;
      this.d.send(leader, proxied);
      return;
    }
    const base = { agent: req.agent, proxy: req.proxy, reqId: req.reqId, ok: false, error: ERR_NO_LEADER };
    const to = req.proxy >= 0 ? req.proxy : req.agent;
    if (req.kind === "dispatcher.session") this.d.send(to, { ...base, kind: "dispatcher.session-resp", sessionId: null, periodUs: 0, managers: [...this.raft.members], role: null });
    else if (req.kind === "dispatcher.heartbeat") this.d.send(to, { ...base, kind: "dispatcher.heartbeat-resp", periodUs: 0, role: null });
    else this.d.send(to, { ...base, kind: "dispatcher.status-resp" });
  }
  /** A dispatcher response passing through this (proxy) manager. */
  relay(msg2) {
    this.d.send(msg2.agent, msg2);
  }
  // --- control API --------------------------------------------------------------------------
  submit(op, done) {
    if (this.stopped) {
      done({ ok: false, error: "manager stopped", output: null });
      return;
    }
    if (this.leader !== null) {
      this.execute(op, done);
      return;
    }
    const leader = this.raft.leader;
    if (leader < 0 || leader === this.d.host.id) {
      if (this.ticksWithoutLeader > LOST_QUORUM_TICKS) {
        done({ ok: false, error: ERR_NO_LEADER2, output: null });
        return;
      }
      this.d.scope.after(this.d.raftConfig.tickUs, () => this.submit(op, done));
      return;
    }
    const reqId = ++this.apiSeq;
    const timer = this.d.scope.after(API_FORWARD_TIMEOUT_US, () => {
      const f = this.forwarded.get(reqId);
      if (!f) return;
      this.forwarded.delete(reqId);
      f.done({ ok: false, error: "context deadline exceeded", output: null });
    });
    this.forwarded.set(reqId, { done, timer });
    this.d.send(leader, { kind: "api.request", reqId, op });
  }
  execute(op, done) {
    const leader = this.leader;
    let output = null;
    leader.writer.enqueue(
      (tx) => {
        output = executeOp({ ctx: leader.ctx, ports: this.d.ports, allocator: leader.allocation.allocator }, tx, op);
      },
      (ok, error) => done({ ok, error, output: ok ? output : null })
    );
  }
  onApiRequest(from, req) {
    this.submit(req.op, (r) => this.d.send(from, { kind: "api.response", reqId: req.reqId, ...r }));
  }
  onApiResponse(resp) {
    const f = this.forwarded.get(resp.reqId);
    if (!f) return;
    this.forwarded.delete(resp.reqId);
    this.d.scope.cancel(f.timer);
    f.done({ ok: resp.ok, error: resp.error, output: resp.output });
  }
};

// sim/swarm/manager/raft-port.ts
function isRaftMessage(msg2) {
  return msg2.kind.charCodeAt(0) === 114 && msg2.kind.startsWith("raft.");
}

// sim/swarm/manager/scope.ts
var SWARM_TIMER_TAG = 1;
var ScopedCall = class {
  constructor(scope, fn) {
    this.scope = scope;
    this.fn = fn;
  }
  scope;
  fn;
  run() {
    if (this.scope.alive) this.fn();
  }
};
var Scope = class _Scope {
  constructor(host, tag = SWARM_TIMER_TAG) {
    this.host = host;
    this.tag = tag;
  }
  host;
  tag;
  alive = true;
  after(us, fn) {
    return this.host.setTimer(Math.max(0, Math.round(us)), this.tag, new ScopedCall(this, fn));
  }
  cancel(h) {
    if (h !== null) this.host.cancelTimer(h);
  }
  /**
   * cancel(h) then after(us, fn), as one step: for a deadline pushed back again and again. `h`
   * must have been set by this scope with an equivalent `fn` (its callback is kept when the host
   * can move the timer instead of queueing a new one).
   */
  rearm(h, us, fn) {
    const host = this.host;
    if (h === null || h.cancelled || host.resetTimer === void 0) {
      this.cancel(h);
      return this.after(us, fn);
    }
    return host.resetTimer(h, Math.max(0, Math.round(us)));
  }
  /** A fresh scope on the same host and tag (for a component with a shorter life). */
  child() {
    return new _Scope(this.host, this.tag);
  }
  close() {
    this.alive = false;
  }
};
function runCallback(data) {
  data.run();
}

// sim/swarm/node-record.ts
var NodeRecord = class {
  constructor(joined, role) {
    this.joined = joined;
    this.role = role;
  }
  joined;
  role;
  onCrash(_loseUnsynced) {
  }
};
var NODE_RECORD = "swarm.node";

// sim/swarm/process.ts
var ERR_ALREADY_IN_SWARM = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
var ERR_NOT_PART = "This node is not part of a swarm";
var ERR_LAST_MANAGER = "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.";
var SwarmNode = class {
  constructor(host, opts) {
    this.host = host;
    this.opts = opts;
    this.scope = new Scope(host, opts.timerTagBase);
    this.bugs = new Set(opts.bugs);
    const initialRole = opts.raftMembers.includes(host.id) ? "manager" : "worker";
    this.record = host.disk.open(NODE_RECORD, () => new NodeRecord(!opts.node.joinLater, initialRole));
  }
  host;
  opts;
  scope;
  record;
  bugs;
  agent = null;
  manager = null;
  joinSeq = 0;
  joins = /* @__PURE__ */ new Map();
  start() {
    if (!this.record.joined) return;
    if (this.record.role === "manager") this.startManager(this.opts.raftMembers.includes(this.host.id) ? this.opts.raftMembers : []);
    this.startAgent();
  }
  // --- wiring ---------------------------------------------------------------------------------
  send = (to, msg2) => {
    if (to === this.host.id) this.scope.after(0, () => this.onMessage(to, msg2));
    else this.host.send(to, msg2);
  };
  startManager(members) {
    const raftConfig = this.bugs.has("swarmkit-1341") ? { ...this.opts.raftConfig, checkQuorum: false } : this.opts.raftConfig;
    this.manager = new ManagerRuntime({
      host: this.host,
      scope: new Scope(this.host, this.opts.timerTagBase),
      raftConfig,
      raftMembers: members,
      raftFactory: this.opts.raftFactory ?? raftMemberFactory,
      raftTagBase: this.opts.timerTagBase + 1,
      bootstrap: bootstrapSnapshot(this.host, this.opts.cluster, this.opts.services),
      gate: this.opts.gate,
      ports: this.opts.ports ?? REAL_PORTS,
      bugs: this.bugs,
      behaviours: this.opts.behaviours,
      send: this.send
    });
    this.manager.start();
  }
  startAgent() {
    this.agent = new Agent({
      scope: new Scope(this.host, this.opts.timerTagBase),
      nodeId: this.opts.node.name,
      managers: this.opts.raftMembers,
      preferLocal: () => this.manager !== null,
      behaviours: this.opts.behaviours,
      bugs: this.bugs,
      send: this.send,
      onRole: (role) => this.onRole(role)
    });
    this.agent.start();
  }
  /** The store's role for this node reached us through the session: start or stop the manager. */
  onRole(role) {
    if (role === this.record.role) return;
    this.record.role = role;
    if (role === "manager") {
      if (this.manager === null) this.startManager([]);
      return;
    }
    this.manager?.stop();
    this.manager = null;
    this.wipeRaftData();
  }
  /** A demoted manager erases its Raft data; the node's own records survive. */
  wipeRaftData() {
    const ledger = this.host.disk.open(LEDGER_NAME, () => new ContainerLedger());
    const saved = [...ledger.running];
    const rec = this.record;
    this.host.disk.wipe();
    const fresh = this.host.disk.open(LEDGER_NAME, () => new ContainerLedger());
    for (const [k, v3] of saved) fresh.running.set(k, v3);
    this.host.disk.open(NODE_RECORD, () => rec);
  }
  // --- NodeProcess ----------------------------------------------------------------------------
  onMessage(from, msg2) {
    if (isRaftMessage(msg2)) {
      this.manager?.raft.onMessage(from, msg2);
      return;
    }
    if (isAgentRequest(msg2)) {
      if (this.manager !== null) this.manager.onAgentRequest(msg2);
      return;
    }
    if (isAgentResponse(msg2)) {
      const r = msg2;
      if (r.agent === this.host.id) this.agent?.onResponse(r);
      else this.manager?.relay(r);
      return;
    }
    if (msg2.kind === "api.request") {
      const req = msg2;
      if (this.manager !== null) this.manager.onApiRequest(from, req);
      else this.send(from, { kind: "api.response", reqId: req.reqId, ok: false, error: ERR_NOT_IN_SWARM, output: null });
      return;
    }
    if (msg2.kind === "api.response") {
      const resp = msg2;
      const j = this.joins.get(resp.reqId);
      if (j !== void 0) {
        this.joins.delete(resp.reqId);
        this.scope.cancel(j.timer);
        j.done({ ok: resp.ok, error: resp.error, output: resp.output });
        return;
      }
      this.manager?.onApiResponse(resp);
    }
  }
  onTimer(tag, data) {
    if (tag === this.opts.timerTagBase) runCallback(data);
    else this.manager?.raft.onTimer(tag, data);
  }
  // --- operations -----------------------------------------------------------------------------
  /** Runs a docker CLI operation on this node (the runner traces op.submit / op.result). */
  submitOperation(op, _opId, done) {
    if (op.verb === "swarm.join") {
      this.join(op.token, done);
      return;
    }
    if (op.verb === "swarm.leave") {
      this.leave(op.force, done);
      return;
    }
    if (this.manager === null) {
      done({ ok: false, error: ERR_NOT_IN_SWARM, output: null });
      return;
    }
    this.manager.submit(op, done);
  }
  join(token, done) {
    if (this.record.joined) {
      done({ ok: false, error: ERR_ALREADY_IN_SWARM, output: null });
      return;
    }
    const managers = this.opts.raftMembers.filter((m) => m !== this.host.id);
    if (managers.length === 0) {
      done({ ok: false, error: "no manager to join", output: null });
      return;
    }
    const via = managers[Math.floor(this.host.random() * managers.length)];
    const reqId = ++this.joinSeq;
    const timer = this.scope.after(API_FORWARD_TIMEOUT_US, () => {
      if (!this.joins.delete(reqId)) return;
      done({ ok: false, error: "Timeout was reached before node joined. The attempt to join the swarm will continue in the background.", output: null });
    });
    this.joins.set(reqId, {
      timer,
      done: (r) => {
        if (r.ok) {
          this.record.joined = true;
          this.record.role = r.output === "manager" ? "manager" : "worker";
          if (this.record.role === "manager") this.startManager([]);
          this.startAgent();
        }
        done(r);
      }
    });
    this.send(via, { kind: "api.request", reqId, op: { verb: "internal.join", node: this.opts.node, token } });
  }
  leave(force, done) {
    if (!this.record.joined) {
      done({ ok: false, error: ERR_NOT_PART, output: null });
      return;
    }
    const m = this.manager;
    if (m !== null && !force) {
      const members = m.raft.members;
      if (members.length <= 1) {
        done({ ok: false, error: ERR_LAST_MANAGER, output: null });
        return;
      }
      let reachable = 1;
      for (const ix of members) if (ix !== this.host.id && m.raft.isReachable(ix)) reachable++;
      const unreachable2 = members.length - reachable;
      if (reachable - 2 <= unreachable2) {
        done({
          ok: false,
          error: `You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves ${reachable - 1} managers out of ${members.length}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`,
          output: null
        });
        return;
      }
    }
    m?.stop();
    this.manager = null;
    this.agent?.stop();
    this.agent = null;
    this.record.joined = false;
    done({ ok: true, error: null, output: null });
  }
  // --- inspection -----------------------------------------------------------------------------
  get isLeader() {
    return this.manager?.leader?.alive === true;
  }
  /** CONTRACT.md `final`, from this manager's store (call it on the leader); null on a worker. */
  finalState() {
    if (this.manager === null) return null;
    return finalStateOf(this.manager.store, this.manager.raft.leader);
  }
};
function createSwarmManager(host, opts) {
  return new SwarmNode(host, opts);
}
function createSwarmWorker(host, opts) {
  return new SwarmNode(host, opts);
}

// sim/swarm/store-events.ts
var StoreEventGate = class {
  highWater = -1;
  /** True the first time any node applies `index` (indexes only move forward). */
  shouldEmit(index) {
    if (index <= this.highWater) return false;
    this.highWater = index;
    return true;
  }
  get emittedUpTo() {
    return this.highWater;
  }
};

// sim/scenario/runner-util.ts
function commandNode(world, entry) {
  if (entry.on !== null) {
    if (entry.on === "leader") return world.leader();
    return world.indexOf(entry.on);
  }
  const live = [...world.managers].sort((a, b3) => a - b3).filter((ix) => world.node(ix).state === "up");
  if (live.length === 0) return -1;
  return world.kernel.rng.stream("ops").pick(live);
}

// sim/scenario/cluster.ts
function isSwarmScenario(s) {
  return s.services.length > 0 || s.nodes.some((n) => n.role === "worker") || s.timeline.some((e) => e.action.kind === "run");
}
var ERR_UNREACHABLE = "Cannot connect to the Docker daemon. Is the docker daemon running?";
function makeCluster(s, world) {
  const members = s.nodes.flatMap((n, ix) => n.role === "manager" && !n.joinLater ? [ix] : []);
  let opSeq = 0;
  if (!isSwarmScenario(s)) {
    return {
      mode: "raft",
      factory: (node) => createRaftManager(node.host, s.raft, members, 1),
      clientRequest(via, req, done) {
        const p = world.node(via).process;
        if (p instanceof RaftManagerProcess) p.clientRequest(req, done);
        else done({ result: "error", index: 0, value: null });
      },
      runCommand(entry, index) {
        const opId = ++opSeq;
        world.kernel.trace.emit(T["op.submit"], -1, opId, entry.action.kind === "run" ? entry.action.command : "", "", index);
        world.kernel.trace.emit(T["op.result"], -1, opId, false, "a Raft-only scenario has no Swarm control plane", null);
      },
      finalState() {
        const leader = world.leader();
        return {
          nodes: world.nodes.map((n) => ({
            name: n.name,
            role: "manager",
            availability: "active",
            status: n.state === "up" ? "ready" : "down",
            leader: n.ix === leader,
            labels: n.spec.labels
          })),
          services: [],
          tasks: []
        };
      }
    };
  }
  const gate = new StoreEventGate();
  const factory = (node) => {
    const opts = {
      raftConfig: s.raft,
      raftMembers: members,
      node: node.spec,
      cluster: s.nodes,
      services: s.services,
      behaviours: s.behaviour,
      gate,
      bugs: s.bugs,
      timerTagBase: 1
    };
    return node.spec.role === "manager" ? createSwarmManager(node.host, opts) : createSwarmWorker(node.host, opts);
  };
  return {
    mode: "swarm",
    factory,
    clientRequest(_via, _req, done) {
      done({ result: "error", index: 0, value: null });
    },
    runCommand(entry, index) {
      if (entry.action.kind !== "run") return;
      const trace = world.kernel.trace;
      const opId = ++opSeq;
      const via = commandNode(world, entry);
      trace.emit(T["op.submit"], via, opId, entry.action.command, via >= 0 ? world.names[via] : "", index);
      const finish = (r) => trace.emit(T["op.result"], via, opId, r.ok, r.error, r.output ?? null);
      const p = via >= 0 && world.node(via).state === "up" ? world.node(via).process : null;
      if (!(p instanceof SwarmNode)) return finish({ ok: false, error: ERR_UNREACHABLE, output: null });
      p.submitOperation(entry.action.op, opId, finish);
    },
    finalState() {
      const leader = world.leader();
      const order = leader >= 0 ? [leader, ...members] : members;
      for (const ix of order) {
        const p = world.node(ix).process;
        if (p instanceof SwarmNode && world.node(ix).state === "up") {
          const f = p.finalState();
          if (f) return f;
        }
      }
      return { nodes: [], services: [], tasks: [] };
    }
  };
}

// sim/scenario/reached.ts
function serviceMatches(full, asked) {
  return full === asked || full.endsWith(`_${asked}`);
}
var ReachedStats = class {
  conditions;
  leaderChanges = 0;
  elections = 0;
  nodeStatus = /* @__PURE__ */ new Set();
  nodeRole = /* @__PURE__ */ new Set();
  taskStates = /* @__PURE__ */ new Map();
  dropped = /* @__PURE__ */ new Map();
  messages = /* @__PURE__ */ new Map();
  eventCounts = /* @__PURE__ */ new Map();
  /** op.submit opId → timeline entry; op results by timeline entry. */
  opEntry = /* @__PURE__ */ new Map();
  opResults = /* @__PURE__ */ new Map();
  constructor(trace, scenario2) {
    this.conditions = scenario2.expect.reached.map((c) => parseReached(c));
    const kinds = new Set(this.conditions.map((c) => c.kind));
    if (kinds.has("leaderChanges") || kinds.has("elections") || kinds.has("nodeRole")) {
      trace.on("raft.role", (e) => {
        if (e.role === "leader") {
          this.leaderChanges++;
          this.nodeRole.add(`${e.node}=leader`);
        } else if (e.role === "candidate") {
          this.elections++;
        }
      });
    }
    if (kinds.has("nodeStatus") || kinds.has("nodeRole")) {
      trace.on("node.status", (e) => {
        this.nodeStatus.add(`${e.node}=${e.status}`);
        this.nodeRole.add(`${e.node}=${e.role}`);
      });
    }
    if (kinds.has("taskState")) {
      trace.on("task.state", (e) => {
        let s = this.taskStates.get(e.service);
        if (!s) this.taskStates.set(e.service, s = /* @__PURE__ */ new Set());
        s.add(e.state);
      });
    }
    if (kinds.has("dropped")) {
      trace.onFields("msg.drop", (_seq, _t, _node, _id, _from, _to, _kind, reason) => {
        const r = reason;
        this.dropped.set(r, (this.dropped.get(r) ?? 0) + 1);
      });
    }
    if (kinds.has("messages")) {
      trace.onFields("msg.send", (_seq, _t, _node, _id, _from, _to, kind) => {
        const k = kind;
        this.messages.set(k, (this.messages.get(k) ?? 0) + 1);
      });
    }
    for (const c of this.conditions) {
      if (c.kind !== "event" || this.eventCounts.has(c.type)) continue;
      this.eventCounts.set(c.type, 0);
      trace.on(c.type, () => this.eventCounts.set(c.type, (this.eventCounts.get(c.type) ?? 0) + 1));
    }
    if (kinds.has("op")) {
      trace.on("op.submit", (e) => this.opEntry.set(e.opId, e.entry));
      trace.on("op.result", (e) => {
        const entry = this.opEntry.get(e.opId);
        if (entry !== void 0) this.opResults.set(entry, e.ok);
      });
    }
  }
};
function evaluateReached(scenario2, stats, out) {
  const runEntries = scenario2.timeline.map((e, i) => e.action.kind === "run" ? i : -1).filter((i) => i >= 0);
  return stats.conditions.map((c, i) => {
    const condition = scenario2.expect.reached[i];
    const count = (label, n, op, want) => ({
      condition,
      ok: compare(op, n, want),
      observed: `${label} = ${n}`
    });
    switch (c.kind) {
      case "leaderChanges":
        return count("leaderChanges", stats.leaderChanges, c.op, c.n);
      case "elections":
        return count("elections", stats.elections, c.op, c.n);
      case "nodeStatus":
        return { condition, ok: stats.nodeStatus.has(`${c.node}=${c.status}`), observed: seen(stats.nodeStatus, `${c.node}=`) };
      case "nodeRole":
        return { condition, ok: stats.nodeRole.has(`${c.node}=${c.role}`), observed: seen(stats.nodeRole, `${c.node}=`) };
      case "taskState": {
        const states = /* @__PURE__ */ new Set();
        for (const [svc, s] of stats.taskStates) if (serviceMatches(svc, c.service)) for (const x of s) states.add(x);
        return { condition, ok: states.has(c.state), observed: `states seen: ${[...states].join(", ") || "none"}` };
      }
      case "serviceRunning": {
        const svc = out.final.services.find((s) => serviceMatches(s.name, c.service));
        return count(`running(${c.service})`, svc?.running ?? 0, c.op, c.n);
      }
      case "dropped":
        return count(`dropped(${c.reason})`, stats.dropped.get(c.reason) ?? 0, c.op, c.n);
      case "messages":
        return count(`messages(${c.msgKind})`, stats.messages.get(c.msgKind) ?? 0, c.op, c.n);
      case "event":
        return count(`events(${c.type})`, stats.eventCounts.get(c.type) ?? 0, c.op, c.n);
      case "violation": {
        const ids = [...out.violations.map((v3) => v3.invariant), ...out.warnings.map((w) => w.invariant)];
        return { condition, ok: ids.includes(c.id), observed: `reported: ${ids.join(", ") || "none"}` };
      }
      case "warning": {
        const ids = out.warnings.map((w) => w.invariant);
        return { condition, ok: ids.includes(c.id), observed: `warnings: ${[...new Set(ids)].join(", ") || "none"}` };
      }
      case "op": {
        const entry = runEntries[c.n - 1];
        const r = entry === void 0 ? void 0 : stats.opResults.get(entry);
        const got = r === void 0 ? "no result" : r ? "ok" : "error";
        return { condition, ok: got === c.result, observed: `op ${c.n}: ${got}` };
      }
      default:
        return unreachable(c, "reached condition");
    }
  });
}
function seen(set, prefix) {
  const xs = [...set].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
  return `seen: ${xs.join(", ") || "none"}`;
}

// sim/scenario/version.ts
var SWARMSIM_VERSION = "0.1.0";

// sim/scenario/workload.ts
var Request = class {
  constructor(world, opId, client, via) {
    this.world = world;
    this.opId = opId;
    this.client = client;
    this.via = via;
  }
  world;
  opId;
  client;
  via;
  done = false;
  /** Fires at the timeout. */
  fire() {
    this.finish({ result: "timeout", index: 0, value: null });
  }
  finish(r) {
    if (this.done) return;
    this.done = true;
    this.world.kernel.trace.emit(T["client.result"], this.via, this.opId, this.client, r.result, r.index, r.value);
  }
};
var Arrivals = class {
  constructor(world, cluster, w, endUs) {
    this.world = world;
    this.cluster = cluster;
    this.w = w;
    this.endUs = endUs;
    this.rng = world.kernel.rng.stream("workload");
    this.meanGapUs = 1e6 / w.rateHz;
    this.managers = [...world.managers].sort((a, b3) => a - b3);
  }
  world;
  cluster;
  w;
  endUs;
  opId = 0;
  rng;
  meanGapUs;
  managers;
  next() {
    const at = this.world.kernel.now + Math.max(1, Math.round(this.rng.exp(this.meanGapUs)));
    if (at < this.endUs) this.world.kernel.at(at, this);
  }
  fire() {
    this.next();
    if (this.managers.length === 0) return;
    const rng = this.rng;
    const opId = ++this.opId;
    const client = `c${opId % this.w.clients + 1}`;
    const key = `k${rng.int(0, this.w.keys)}`;
    const read = rng.chance(this.w.readRatio);
    const value = read ? null : `v${opId}`;
    const via = rng.pick(this.managers);
    const k = this.world.kernel;
    k.trace.emit(T["client.submit"], via, opId, client, this.world.names[via], key, value);
    const req = new Request(this.world, opId, client, via);
    const st = this.world.node(via).state;
    if (st === "crashed" || st === "removed") {
      req.finish({ result: "error", index: 0, value: null });
      return;
    }
    k.after(this.w.timeoutUs, req);
    if (st === "up") this.cluster.clientRequest(via, { opId, client, key, kind: read ? "get" : "put", value }, (r) => req.finish(r));
  }
};
function scheduleWorkload(world, cluster, w, endUs) {
  if (w.rateHz <= 0) return;
  new Arrivals(world, cluster, w, endUs).next();
}

// sim/scenario/runner.ts
var DEFAULT_MAX_EVENTS = 5e8;
function runScenario(scenario2, opts = {}) {
  const seed = opts.seed ?? scenario2.seed;
  const world = new World({ seed, record: opts.record ?? false, nodes: scenario2.nodes, network: scenario2.network });
  const kernel = world.kernel;
  const trace = kernel.trace;
  const violations = [];
  const warnings = [];
  const disabled = new Set(scenario2.expect.disable);
  const warned = /* @__PURE__ */ new Set();
  const ctx = {
    trace,
    now: () => kernel.now,
    violation(invariant, message, nodes2, witness) {
      if (disabled.has(invariant) || violations.length > 0) return;
      trace.emit(T["check.violation"], -1, invariant, message, nodes2, witness);
      violations.push({ invariant, timeUs: kernel.now, event: trace.seq, message, nodes: nodes2, witness });
      kernel.stop(`violation of ${invariant}`);
    },
    warning(invariant, message, nodes2) {
      const key = `${invariant}|${nodes2.join(",")}`;
      if (disabled.has(invariant) || warned.has(key)) return;
      warned.add(key);
      trace.emit(T["check.warning"], -1, invariant, message, nodes2);
      warnings.push({ invariant, timeUs: kernel.now, event: trace.seq, message, nodes: nodes2 });
    }
  };
  const checkers = buildCheckers(scenario2);
  for (const c of checkers) c.attach(ctx);
  const stats = new ReachedStats(trace, scenario2);
  const cluster = makeCluster(scenario2, world);
  world.start(cluster.factory);
  scheduleTimeline(world, cluster, scenario2.timeline);
  if (scenario2.workload) scheduleWorkload(world, cluster, scenario2.workload, scenario2.durationUs);
  let status;
  let error;
  try {
    status = kernel.run(scenario2.durationUs, opts.maxEvents ?? DEFAULT_MAX_EVENTS);
    if (status !== "stopped" && status !== "budget-exhausted") {
      const endUs = Math.min(kernel.now, scenario2.durationUs);
      for (const c of checkers) if (violations.length === 0) c.finish?.(endUs);
    }
  } catch (e) {
    if (!(e instanceof SimAssertionError)) throw e;
    status = "assertion";
    error = `${e.message} (at ${kernel.now}us, event ${trace.seq})`;
  }
  const final = cluster.finalState();
  const outcome = violations.length > 0 ? `violation:${violations[0].invariant}` : "pass";
  const reached = evaluateReached(scenario2, stats, { violations, warnings, final });
  const ok = error === void 0 && status !== "budget-exhausted" && outcome === scenario2.expect.outcome && reached.every((r) => r.ok);
  const result2 = {
    scenario: scenario2.name,
    seed,
    ok,
    violations: violations.map(({ witness: _w, ...v3 }) => v3),
    warnings: warnings.map(({ event: _e, ...w }) => w),
    traceHash: trace.hash(),
    events: trace.seq,
    simulatedUs: kernel.now,
    wallMs: 0,
    final,
    outcome,
    expected: scenario2.expect.outcome,
    reached,
    status,
    ...error === void 0 ? {} : { error }
  };
  const meta = { type: "meta", version: SWARMSIM_VERSION, seed, scenario: scenario2 };
  return { result: result2, meta, events: opts.record ? trace.recorded : null, kernelEvents: kernel.fired };
}
var TimelineEvent = class {
  constructor(world, cluster, entry, index) {
    this.world = world;
    this.cluster = cluster;
    this.entry = entry;
    this.index = index;
  }
  world;
  cluster;
  entry;
  index;
  fire() {
    const a = this.entry.action;
    if (a.kind === "run") this.cluster.runCommand(this.entry, this.index);
    else applyFault(this.world, a, this.index, this.world.kernel.rng.stream("faults"));
  }
};
function scheduleTimeline(world, cluster, timeline) {
  for (let i = 0; i < timeline.length; i++) world.kernel.at(timeline[i].atUs, new TimelineEvent(world, cluster, timeline[i], i));
}

// bench/clock.ts
function wallMs() {
  return performance.now();
}

// bench/scenarios.ts
function cpuSeconds(from) {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}
function measure(s) {
  const cpu0 = process.cpuUsage();
  const t0 = wallMs();
  const out = runScenario(s);
  const wall = (wallMs() - t0) / 1e3;
  const cpu = cpuSeconds(cpu0);
  return {
    wallSeconds: Number(wall.toFixed(2)),
    cpuSeconds: Number(cpu.toFixed(2)),
    kernelEvents: out.kernelEvents,
    eventsPerSec: Math.round(out.kernelEvents / wall),
    /** Per CPU second: steadier than wall time on a shared machine (includes GC helper threads). */
    eventsPerCpuSec: Math.round(out.kernelEvents / cpu),
    traceEvents: out.result.events,
    simulatedSeconds: out.result.simulatedUs / 1e6,
    outcome: out.result.outcome,
    status: out.result.status,
    traceHash: out.result.traceHash,
    peakRssMiB: peakRssMiB()
  };
}
function peakRssMiB() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// ../../tmp/prof/raft5.ts
var YAML = `
name: raft5
duration: ${process.env.DUR ?? "20m"}
cluster: { managers: 5 }
workload: { clients: 5, rate: 100, timeout: 5s, keys: 64 }
`;
var { scenario } = loadScenarioText(YAML, "bench/raft5", ".");
console.log(JSON.stringify(measure(scenario)));
