// Tiny DOM helpers. User data (names, descriptions, messages) only ever goes through textContent.
import { formatTime } from "../../sim/kernel/types.ts";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`report: missing #${id}`);
  return e as T;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** A canvas sized for the device pixel ratio; returns its 2D context scaled to CSS pixels. */
export function sizeCanvas(c: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
  const r = window.devicePixelRatio || 1;
  c.width = Math.max(1, Math.round(w * r));
  c.height = Math.max(1, Math.round(h * r));
  c.style.width = `${w}px`;
  c.style.height = `${h}px`;
  const ctx = c.getContext("2d")!;
  ctx.setTransform(r, 0, 0, r, 0, 0);
  return ctx;
}

/** Simulated time as 12.345s / 3m02.5s: precision follows the span on screen. */
export function fmtTime(us: number, spanUs = 0): string {
  const digits = spanUs === 0 ? 6 : spanUs < 10_000 ? 6 : spanUs < 1_000_000 ? 4 : spanUs < 60_000_000 ? 2 : 1;
  const s = us / 1_000_000;
  if (Math.abs(s) < 60) return `${trim(s.toFixed(digits))}s`;
  const total = Math.floor(s);
  const h = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const rest = s - h * 3600 - mm * 60;
  const ss = trim(rest.toFixed(Math.min(digits, 3)));
  const pad = (x: number) => (x < 10 ? `0${x}` : `${x}`);
  return h > 0 ? `${h}h${pad(mm)}m${ss}s` : `${mm}m${ss}s`;
}

function trim(x: string): string {
  return x.includes(".") ? x.replace(/\.?0+$/, "") : x;
}

/** Raw microsecond times in checker messages ("33055727..33055727us", "from 31069234us") as the CLI's
 * formatTime writes times elsewhere ("33.055727s", "from 31.069234s"). */
export function humanizeTimes(text: string): string {
  return text
    .replace(/\b(\d+)\.\.(\d+)us\b/g, (_, a: string, b: string) => (a === b ? `at ${formatTime(Number(a))}` : `${formatTime(Number(a))}–${formatTime(Number(b))}`))
    .replace(/\b(\d+)us\b/g, (_, a: string) => formatTime(Number(a)));
}

/** Story times: the CLI's format, to the millisecond at most. */
export function fmtMs(us: number): string {
  return formatTime(Math.round(us / 1000) * 1000);
}
