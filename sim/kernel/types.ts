// Units and identities shared by every layer. Plain aliases: they document meaning in
// signatures without forcing casts on arithmetic.

/** Simulated time or duration in integer microseconds. */
export type Micros = number;
/** Dense index of a node in the world: 0..n-1, stable for the whole run (late joiners append). */
export type NodeIx = number;
/** Unsigned 32-bit seed. */
export type Seed = number;
/** Raft term. */
export type Term = number;
/** Raft log index (1-based; 0 means "none"). */
export type LogIndex = number;

export const US = 1;
export const MS: Micros = 1_000;
export const SEC: Micros = 1_000_000;
export const MIN: Micros = 60 * SEC;
export const HOUR: Micros = 60 * MIN;
export const DAY: Micros = 24 * HOUR;

/** No node: used for world-level trace events (partitions, heals). */
export const NO_NODE: NodeIx = -1;

const UNITS: ReadonlyArray<[string, Micros]> = [
  ["d", DAY],
  ["h", HOUR],
  ["m", MIN],
  ["s", SEC],
  ["ms", MS],
  ["us", US],
];

/** Formats a duration the way scenario files write it: the largest unit that divides it exactly. */
export function formatDuration(us: Micros): string {
  if (us === 0) return "0s";
  const sign = us < 0 ? "-" : "";
  const abs = Math.abs(us);
  for (const [unit, size] of UNITS) {
    if (abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}us`;
}

/** Human-readable simulated time for messages: 12.345s, 3m02.5s, 1h00m. */
export function formatTime(us: Micros): string {
  const s = us / SEC;
  if (Math.abs(s) < 60) return `${trimFixed(s, 6)}s`;
  const totalS = Math.floor(us / SEC);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const rest = (us - (h * 3600 + m * 60) * SEC) / SEC;
  const ss = trimFixed(rest, 3);
  return h > 0 ? `${h}h${pad2(m)}m${ss}s` : `${m}m${ss}s`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function trimFixed(x: number, digits: number): string {
  return x.toFixed(digits).replace(/\.?0+$/, "");
}
