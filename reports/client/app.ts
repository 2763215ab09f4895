// Shared view state (window, cursor, filters), a small change bus, and the URL-hash codec that
// makes a link reproduce the view.
import type { Model } from "./model.ts";

export type Topic = "view" | "cursor" | "filter";

export interface Counts {
  visibleArrows: number;
  heartbeatArrowsVisible: number;
  aggregatedArrows: boolean;
  visibleTicks: number;
  aggregatedTicks: boolean;
  visibleRoleBands: number;
}

export class App {
  t0: number;
  t1: number;
  cursor = -1;
  heartbeats = false;
  dim = true;
  hiddenNodes = new Set<number>();
  hiddenKinds = new Set<number>();
  hiddenTypes = new Set<number>();
  query = "";
  /** Per event: 1 when it matches the search query; null = no query. */
  matches: Uint8Array | null = null;
  counts: Counts = { visibleArrows: 0, heartbeatArrowsVisible: 0, aggregatedArrows: false, visibleTicks: 0, aggregatedTicks: false, visibleRoleBands: 0 };
  private readonly subs: Record<Topic, Array<(source: string) => void>> = { view: [], cursor: [], filter: [] };

  /** The right end of the time axis: a little past the last event, so that a rule there stays visible. */
  readonly maxUs: number;

  constructor(readonly m: Model) {
    this.maxUs = m.d.endUs + Math.max(1000, Math.round((m.d.endUs - m.d.startUs) * 0.01));
    this.t0 = m.d.startUs;
    this.t1 = this.maxUs;
  }

  on(topic: Topic, fn: (source: string) => void): void {
    this.subs[topic].push(fn);
  }

  emit(topic: Topic, source = ""): void {
    for (const fn of this.subs[topic]) fn(source);
    if (topic !== "cursor" || this.cursor >= 0) this.writeHash();
  }

  setView(t0: number, t1: number, source = ""): void {
    const minSpan = 10;
    const lo = this.m.d.startUs;
    const hi = this.maxUs;
    let a = Math.max(lo, Math.min(t0, hi));
    let b = Math.max(lo, Math.min(t1, hi));
    if (b - a < minSpan) {
      const c = (a + b) / 2;
      a = Math.max(lo, c - minSpan / 2);
      b = Math.min(hi, a + minSpan);
    }
    this.t0 = a;
    this.t1 = b;
    this.emit("view", source);
  }

  setCursor(i: number, source = ""): void {
    this.cursor = Math.max(-1, Math.min(this.m.n - 1, i));
    this.emit("cursor", source);
  }

  /** Moves the view so that time tUs is visible (keeps the span), then sets the cursor. */
  seek(i: number, source = ""): void {
    if (i < 0) return;
    const tUs = this.m.t[i];
    if (tUs < this.t0 || tUs > this.t1) {
      const span = this.t1 - this.t0;
      this.setView(tUs - span / 2, tUs + span / 2, source);
    }
    this.setCursor(i, source);
  }

  nodeVisible(k: number): boolean {
    return !this.hiddenNodes.has(k);
  }

  /** True when event i passes the node, type and search filters. */
  eventVisible(i: number, matches: Uint8Array | null): boolean {
    const k = this.m.node[i];
    if (k >= 0 && this.hiddenNodes.has(k)) return false;
    if (this.hiddenTypes.has(this.m.type[i])) return false;
    return matches === null || matches[i] === 1;
  }

  msgVisible(j: number): boolean {
    const d = this.m.d.msg;
    if (!this.heartbeats && this.m.msgHeartbeat[j] === 1) return false;
    if (this.hiddenKinds.has(d.kind[j])) return false;
    const f = d.from[j];
    const t = d.to[j];
    return f >= 0 && t >= 0 && !this.hiddenNodes.has(f) && !this.hiddenNodes.has(t);
  }

  // ---- URL hash ----

  hash(): string {
    const p = new URLSearchParams();
    p.set("t0", String(Math.round(this.t0)));
    p.set("t1", String(Math.round(this.t1)));
    if (this.cursor >= 0) p.set("cur", String(this.m.seq[this.cursor]));
    if (this.heartbeats) p.set("hb", "1");
    if (!this.dim) p.set("dim", "0");
    const names = (set: Set<number>, list: (i: number) => string) =>
      [...set]
        .sort((a, b) => a - b)
        .map(list)
        .join(",");
    if (this.hiddenNodes.size > 0) p.set("hide", names(this.hiddenNodes, (k) => this.m.d.nodes[k].name));
    if (this.hiddenKinds.size > 0) p.set("mk", names(this.hiddenKinds, (k) => this.m.d.strs[k]));
    if (this.hiddenTypes.size > 0) p.set("et", names(this.hiddenTypes, (k) => this.m.typeNames[k]));
    if (this.query !== "") p.set("q", this.query);
    return p.toString();
  }

  private writeHash(): void {
    const h = `#${this.hash()}`;
    if (location.hash !== h) history.replaceState(null, "", h);
  }

  /** Applies a hash written by hash(); returns false when there was none. */
  readHash(hash: string): { ok: boolean; cursorSeq: number | null } {
    const s = hash.replace(/^#/, "");
    if (s === "") return { ok: false, cursorSeq: null };
    const p = new URLSearchParams(s);
    const num = (k: string) => {
      const v = p.get(k);
      return v === null || v === "" || !Number.isFinite(Number(v)) ? null : Number(v);
    };
    const list = (k: string) => (p.get(k) ?? "").split(",").filter((x) => x !== "");
    this.heartbeats = p.get("hb") === "1";
    this.dim = p.get("dim") !== "0";
    this.hiddenNodes = new Set(list("hide").map((n) => this.m.d.nodes.findIndex((x) => x.name === n)).filter((k) => k >= 0));
    this.hiddenKinds = new Set(list("mk").map((n) => this.m.d.strs.indexOf(n)).filter((k) => k >= 0));
    this.hiddenTypes = new Set(list("et").map((n) => this.m.typeNames.indexOf(n)).filter((k) => k >= 0));
    this.query = p.get("q") ?? "";
    const t0 = num("t0");
    const t1 = num("t1");
    if (t0 !== null && t1 !== null && t1 > t0) {
      this.t0 = Math.max(this.m.d.startUs, t0);
      this.t1 = Math.min(this.maxUs, t1);
    }
    return { ok: true, cursorSeq: num("cur") };
  }
}
