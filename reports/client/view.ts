// The opening window of the report: what the page shows before the user zooms or follows a link.
import { type Model, lowerBound } from "./model.ts";

/**
 * The opening window. A small run is shown whole. A failing run opens on the violation together
 * with what led to it: the timeline entries (faults, docker steps) applied before it, the fault
 * windows open before it and the witness events, plus ~3,000 events of context before the
 * violation. A passing run opens on its timeline entries and what followed them (or, without
 * any, on its first events). Beyond that the per-pixel density drawing keeps a wide view cheap.
 */
export function openingWindow(m: Model): { t0: number; t1: number } | null {
  const d = m.d;
  const v = d.verdict.idx;
  if (m.n <= 4000) return null;
  const times: number[] = [];
  const tv = v >= 0 ? m.t[v] : Number.POSITIVE_INFINITY;
  for (const r of d.schedule.rows) if (r.idx >= 0 && m.t[r.idx] <= tv) times.push(m.t[r.idx]);
  for (const w of d.windows) if (w.t0 <= tv) times.push(w.t0, Math.min(w.t1, tv));
  for (const k of d.skews) if (k.t <= tv) times.push(k.t);
  for (const w of d.verdict.witness) times.push(m.t[w]);
  let a: number;
  let b: number;
  if (v >= 0) {
    a = Math.max(0, v - 3000);
    b = Math.min(m.n - 1, v + 400);
  } else if (times.length > 0) {
    // Context after the last entry: its consequences (~1,500 events).
    const last = Math.max(...times);
    let j = lowerBound(m.t, null, last);
    j = Math.min(m.n - 1, j + 1500);
    a = Math.max(0, Math.min(m.n - 1, lowerBound(m.t, null, Math.min(...times))) - 1000);
    b = j;
  } else {
    a = 0;
    b = Math.min(m.n - 1, 3400);
  }
  let lo = Math.min(m.t[a], ...times);
  let hi = Math.max(m.t[b], ...times.filter((t) => Number.isFinite(t)));
  if (v >= 0) hi = Math.max(hi, tv);
  const span = Math.max(1000, hi - lo);
  lo = Math.max(d.startUs, lo - span * 0.03);
  hi = hi + span * 0.05;
  return { t0: lo, t1: hi };
}

