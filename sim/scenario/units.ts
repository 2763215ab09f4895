// Parsing of the value formats in scenario and compose files: scenario durations
// (`30s`, CONTRACT.md), Go durations (`1m30s`, compose and docker CLI), memory sizes (`512M`,
// docker's RAMInBytes) and CPU counts (`"0.5"` → nano-CPUs). Pure; errors are InputErrors.
import type { Micros } from "../kernel/types.ts";
import { DAY, formatDuration, HOUR, MIN, MS, SEC } from "../kernel/types.ts";
import { InputError } from "./errors.ts";

const SCENARIO_UNITS: Record<string, Micros> = { us: 1, ms: MS, s: SEC, m: MIN, h: HOUR, d: DAY };
const SCENARIO_DURATION = /^(-?)(\d+)(us|ms|s|m|h|d)$/;

/** `30s`, `250ms`, `2h`: an integer and one unit. `signed` allows a leading `-` (clock offsets). */
export function parseDuration(text: string, signed = false): Micros {
  const s = text.trim();
  const m = SCENARIO_DURATION.exec(s);
  if (m === null || (m[1] === "-" && !signed)) {
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

const GO_UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const GO_PART = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/y;

/** Go's time.ParseDuration (`1m30s`, `500ms`, `1.5h`, `0`), rounded to whole microseconds. */
export function parseGoDuration(text: string): Micros {
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
  const us = Math.round((sign * ns) / 1e3);
  if (!Number.isSafeInteger(us)) throw new InputError(`duration '${s}' is too large`);
  return us;
}

/** A Go duration string for `us` (no `d` unit: Go has none). */
export function formatGoDuration(us: Micros): string {
  if (us !== 0 && us % DAY === 0) return `${us / HOUR}h`;
  return formatDuration(us);
}

const SIZE = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const SIZE_MULT: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** Docker's RAMInBytes: `512M`, `1g`, `4096MiB`, `1.5GB` (binary multiples), or plain bytes. */
export function parseSize(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`invalid size ${value}: expected a whole number of bytes or e.g. '512M'`);
    return value;
  }
  const s = value.trim();
  const m = SIZE.exec(s);
  if (m === null) throw new InputError(`invalid size '${s}': expected bytes or a number with a unit k, m, g, t or p (e.g. '512M', '1g')`);
  const mult = m[2] === undefined ? 1 : SIZE_MULT[m[2].toLowerCase()];
  const bytes = Math.round(Number(m[1]) * mult);
  if (!Number.isSafeInteger(bytes)) throw new InputError(`size '${s}' is too large`);
  return bytes;
}

const NANO = 1_000_000_000;

/** CPU count (`"0.5"`, `2`, `'0.05'`) → nano-CPUs, exact for up to 9 decimals. */
export function parseCpus(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw new InputError(`invalid CPU count ${value}`);
    return Math.round(value * NANO);
  }
  const s = value.trim();
  const m = /^(\d+)(?:\.(\d{1,9})\d*)?$/.exec(s);
  if (m === null) throw new InputError(`invalid CPU count '${s}': expected a decimal number such as '0.5' or '2'`);
  const whole = Number(m[1]);
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(9, "0"));
  const nano = whole * NANO + frac;
  if (!Number.isSafeInteger(nano)) throw new InputError(`CPU count '${s}' is too large`);
  return nano;
}

/** nano-CPUs → the shortest exact decimal string (`500000000` → `"0.5"`). */
export function formatCpus(nano: number): string {
  const whole = Math.floor(nano / NANO);
  const frac = nano % NANO;
  if (frac === 0) return `${whole}`;
  return `${whole}.${String(frac).padStart(9, "0").replace(/0+$/, "")}`;
}
