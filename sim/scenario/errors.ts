// Bad input is reported as a ScenarioError: where (file:line:col), what was found, what was
// expected. The CLI prints format() and exits 2 — never a stack trace.

export class ScenarioError extends Error {
  override name = "ScenarioError";
  readonly file: string;
  /** 1-based; 0 when the error concerns the file as a whole. */
  readonly line: number;
  readonly col: number;
  /** The bare message, without the position prefix. */
  readonly detail: string;

  constructor(file: string, line: number, col: number, detail: string) {
    super(line > 0 ? `${file}:${line}:${col}: ${detail}` : `${file}: ${detail}`);
    this.file = file;
    this.line = line;
    this.col = col;
    this.detail = detail;
  }

  /** `scenarios/x.yml:12:7: unknown key 'duraton' in scenario (did you mean 'duration'?)`. */
  format(): string {
    return this.message;
  }
}

/**
 * A problem found by a pure parser (durations, sizes, docker commands, `reached` conditions,
 * interpolation) that does not know about files. The loader turns it into a ScenarioError at the
 * node it parsed; `offset` is the character offset inside the parsed string, when known.
 */
export class InputError extends Error {
  override name = "InputError";
  readonly offset: number | null;
  constructor(message: string, offset: number | null = null) {
    super(message);
    this.offset = offset;
  }
}

const MAX_NAME_LEN = 64;

/** Levenshtein distance, bounded: names longer than 64 chars never match. */
export function editDistance(a: string, b: string): number {
  if (a.length > MAX_NAME_LEN || b.length > MAX_NAME_LEN) return Number.POSITIVE_INFINITY;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate within distance 2 (ties: the first listed), or null. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = 2.75;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    // Case-only differences count as distance 1: `Duration` → `duration`.
    let d = c === name ? 0 : c.toLowerCase() === lower ? 1 : editDistance(name, c);
    // Ties go to a candidate with the same first letter: `w2` suggests `w1`, not `m2`.
    if (c[0] !== name[0]) d += 0.5;
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === null ? "" : ` (did you mean '${c}'?)`;
}

/** "'a', 'b' or 'c'" for messages listing what was expected. */
export function oneOf(options: readonly string[]): string {
  const q = options.map((o) => `'${o}'`);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}
