// The main timeline: fault tracks, one swimlane per node (role bands, down hatching, event
// ticks), Lamport message arrows, the violation rule and the cursor, on one zoomable time axis,
// plus the brushable overview strip. Canvas for dense layers, SVG for axis, labels, selection.
import { axisTop } from "d3-axis";
import { type BrushBehavior, brushX } from "d3-brush";
import { scaleLinear } from "d3-scale";
import { type Selection, select } from "d3-selection";
import { type ZoomBehavior, zoom, zoomIdentity } from "d3-zoom";
import type { App } from "./app.ts";
import { CURSOR, FAULT_COLOR, KIND_PALETTE, pattern, ROLE_FILL, ROLE_SHORT, ROLE_TEXT, tickColor, VIOLATION } from "./colors.ts";
import { DOWN_KINDS, ROLES, ST_BLOCKED, ST_DELIVERED, ST_INFLIGHT } from "./data.ts";
import { byId, fmtTime, humanizeTimes, sizeCanvas } from "./dom.ts";
import { field, lowerBound, summary } from "./model.ts";

/** Above this many marks in view a layer is drawn as per-pixel aggregates. */
export const DETAIL_LIMIT = 20_000;
const GUTTER = 116;
const RIGHT = 14;
const AXIS_H = 28;
const LANE_H = 42;
/** Under a down interval's hatching, and the opaque box behind its label (no arrow shows through). */
const DOWN_FILL = "#edf2f7";
const DOWN_LABEL_H = 14;
const OV_H = 46;

interface Track {
  key: string;
  label: string;
  y: number;
  h: number;
  node: number;
}

export class Timeline {
  private readonly canvas = byId<HTMLCanvasElement>("tl-canvas");
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly ovCanvas = byId<HTMLCanvasElement>("ov-canvas");
  private readonly ovSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly banner = byId<HTMLDivElement>("tl-banner");
  private readonly tip = byId<HTMLDivElement>("tip");
  private tracks: Track[] = [];
  private laneY = new Float64Array(0);
  private width = 800;
  private height = 200;
  private zoomB: ZoomBehavior<SVGSVGElement, unknown>;
  private brushB: BrushBehavior<unknown>;
  private syncing = false;
  private readonly kindColor = new Map<number, string>();
  private readonly witness = new Set<number>();
  /** Index of the drawn tick nearest the pointer (for click → cursor). */
  private hover = -1;

  constructor(private readonly app: App) {
    this.svg = select(byId<HTMLElement>("tl-svg") as unknown as SVGSVGElement);
    this.ovSvg = select(byId<HTMLElement>("ov-svg") as unknown as SVGSVGElement);
    app.m.kinds.forEach((k, i) => {
      this.kindColor.set(k, KIND_PALETTE[i % KIND_PALETTE.length]);
    });
    for (const w of app.m.d.verdict.witness) this.witness.add(w);
    this.zoomB = zoom<SVGSVGElement, unknown>()
      .filter((ev: Event) => (ev.type === "wheel" ? true : !(ev as MouseEvent).button && ev.type !== "dblclick"))
      .on("zoom", (ev) => {
        if (this.syncing) return;
        const d = ev.transform.rescaleX(this.baseX()).domain();
        this.app.setView(d[0], d[1], "zoom");
      });
    this.brushB = brushX<unknown>().on("brush end", (ev) => {
      if (this.syncing || !ev.sourceEvent || !ev.selection) return;
      const xo = this.baseX();
      const [a, b] = ev.selection as [number, number];
      this.app.setView(xo.invert(a), xo.invert(b), "brush");
    });
    this.svg.call(this.zoomB);
    this.svg.on("mousemove", (ev: MouseEvent) => this.onMove(ev));
    this.svg.on("mouseleave", () => {
      this.tip.style.display = "none";
    });
    this.svg.on("click", () => {
      if (this.hover >= 0) this.app.setCursor(this.hover, "timeline");
    });
    app.on("view", () => this.draw());
    app.on("filter", () => this.draw());
    app.on("cursor", () => this.drawOverlay());
    window.addEventListener("resize", () => this.draw());
  }

  private baseX() {
    return scaleLinear()
      .domain([this.app.m.d.startUs, this.app.maxUs])
      .range([GUTTER, this.width - RIGHT]);
  }

  x() {
    return scaleLinear().domain([this.app.t0, this.app.t1]).range([GUTTER, this.width - RIGHT]);
  }

  private layout(): void {
    const d = this.app.m.d;
    const tracks: Track[] = [];
    let y = AXIS_H;
    const add = (key: string, label: string, h: number, node = -1) => {
      tracks.push({ key, label, y, h, node });
      y += h;
    };
    add("cluster", "cluster", 20);
    if (d.windows.some((w) => w.kind === "partition")) add("partition", "partition", 24);
    if (d.windows.some((w) => w.kind !== "partition")) add("network", "loss/delay", 20);
    if (d.skews.length > 0) add("clock", "clock", 20);
    this.laneY = new Float64Array(d.nodes.length).fill(-1);
    d.nodes.forEach((n, k) => {
      if (!this.app.nodeVisible(k)) return;
      this.laneY[k] = y;
      add(`node:${n.name}`, n.name, LANE_H, k);
    });
    this.tracks = tracks;
    this.height = y + 6;
  }

  /** Top of a track ("partition", "network", "clock", "cluster", "node:<name>") in CSS pixels, or null (for tests). */
  trackTop(key: string): number | null {
    return this.track(key)?.y ?? null;
  }

  private track(key: string): Track | undefined {
    return this.tracks.find((t) => t.key === key);
  }

  draw(): void {
    const app = this.app;
    const m = app.m;
    const d = m.d;
    this.width = Math.max(480, this.canvas.parentElement!.clientWidth);
    this.layout();
    const W = this.width;
    const H = this.height;
    const ctx = sizeCanvas(this.canvas, W, H);
    this.svg.attr("width", W).attr("height", H);
    const x = this.x();
    const { t0, t1 } = app;
    const X0 = GUTTER;
    const X1 = W - RIGHT;
    const dimOthers = app.dim && d.verdict.idx >= 0;
    const notices: string[] = [];

    // Lane backgrounds.
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, W, H);
    for (const tr of this.tracks) {
      if (tr.node >= 0 && tr.node % 2 === 1) {
        ctx.fillStyle = "#f8fafc";
        ctx.fillRect(X0, tr.y, X1 - X0, tr.h);
      }
      ctx.strokeStyle = "#e2e8f0";
      ctx.beginPath();
      ctx.moveTo(0, tr.y + tr.h + 0.5);
      ctx.lineTo(W, tr.y + tr.h + 0.5);
      ctx.stroke();
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(X0, 0, X1 - X0, H);
    ctx.clip();

    // Fault windows: a light tint through the lanes, a labelled bar in their track.
    const firstLane = this.tracks.find((tr) => tr.node >= 0);
    const lanesTop = firstLane ? firstLane.y : AXIS_H;
    for (const w of d.windows) {
      if (w.t1 < t0 || w.t0 > t1) continue;
      const { xa, xb } = extent(x, w.t0, w.t1, X0, X1, 2);
      const col = FAULT_COLOR[w.kind] ?? "#999";
      ctx.globalAlpha = 0.07;
      ctx.fillStyle = col;
      ctx.fillRect(xa, lanesTop, xb - xa, H - lanesTop);
      ctx.globalAlpha = 1;
      const tr = this.track(w.kind === "partition" ? "partition" : "network");
      if (!tr) continue;
      ctx.fillStyle = col;
      ctx.globalAlpha = 0.25;
      ctx.fillRect(xa, tr.y + 3, xb - xa, tr.h - 6);
      ctx.globalAlpha = 1;
      ctx.fillStyle = pattern(ctx, w.kind === "partition" ? "diag" : w.kind === "loss" ? "dots" : "horiz", col);
      ctx.fillRect(xa, tr.y + 3, xb - xa, tr.h - 6);
      ctx.fillStyle = "#1a202c";
      ctx.font = "11px system-ui, sans-serif";
      this.clippedText(ctx, w.text, xa + 4, tr.y + tr.h / 2 + 4, xb - xa - 6);
    }
    const clock = this.track("clock");
    if (clock) {
      ctx.font = "11px system-ui, sans-serif";
      for (const s of d.skews) {
        if (s.t < t0 || s.t > t1) continue;
        const xs = x(s.t);
        ctx.fillStyle = FAULT_COLOR.skew;
        ctx.fillRect(xs - 1, clock.y + 3, 3, clock.h - 6);
        const name = s.node >= 0 ? d.nodes[s.node].name : "all";
        const parts = [s.offsetUs !== null ? `${s.offsetUs >= 0 ? "+" : ""}${fmtTime(s.offsetUs)}` : "", s.driftPpm !== null ? `${s.driftPpm}ppm` : ""].filter((p) => p !== "");
        ctx.fillStyle = "#1a202c";
        ctx.fillText(`${name} ${parts.join(" ")}`, xs + 5, clock.y + clock.h / 2 + 4);
      }
    }

    // Down intervals, hatched (their labels go on top of the arrows, in drawDownLabels).
    const hatch = [pattern(ctx, "diag", "#1a202c"), pattern(ctx, "horiz", "#4a5568"), pattern(ctx, "cross", "#742a2a")];
    const dd = d.down;
    for (let j = 0; j < dd.node.length; j++) {
      const y = this.laneY[dd.node[j]];
      if (y < 0 || dd.t1[j] < t0 || dd.t0[j] > t1) continue;
      const { xa, xb } = extent(x, dd.t0[j], dd.t1[j], X0, X1, 2);
      ctx.fillStyle = DOWN_FILL;
      ctx.fillRect(xa, y + 1, xb - xa, LANE_H - 2);
      ctx.fillStyle = hatch[dd.kind[j]];
      ctx.fillRect(xa, y + 1, xb - xa, LANE_H - 2);
    }
    // Event ticks (messages are drawn as arrows instead).
    const matches = app.matches;
    const lanes = this.tracks.filter((tr) => tr.node >= 0);
    const cluster = this.track("cluster")!;
    const tickLists: { idx: Int32Array; y: number; h: number }[] = lanes.map((tr) => ({ idx: m.laneEvents[tr.node], y: tr.y + 26, h: 12 }));
    tickLists.push({ idx: m.worldEvents, y: cluster.y + 4, h: 12 });
    const isMsg = m.typeNames.map((t) => t.startsWith("msg."));
    let ticks = 0;
    for (const tl of tickLists) {
      const a = lowerBound(m.t, tl.idx, t0);
      const b = lowerBound(m.t, tl.idx, t1 + 1);
      for (let p = a; p < b; p++) {
        const i = tl.idx[p];
        if (!isMsg[m.type[i]] && app.eventVisible(i, matches)) ticks++;
      }
    }
    app.counts.visibleTicks = ticks;
    app.counts.aggregatedTicks = ticks > DETAIL_LIMIT;
    const colors = m.typeNames.map(tickColor);
    for (const tl of tickLists) {
      const a = lowerBound(m.t, tl.idx, t0);
      const b = lowerBound(m.t, tl.idx, t1 + 1);
      if (app.counts.aggregatedTicks) {
        const bins = new Uint32Array(Math.ceil(X1 - X0) + 1);
        for (let p = a; p < b; p++) {
          const i = tl.idx[p];
          if (!isMsg[m.type[i]] && app.eventVisible(i, matches)) bins[Math.floor(x(m.t[i]) - X0)]++;
        }
        ctx.fillStyle = "#475569";
        for (let px = 0; px < bins.length; px++) {
          if (bins[px] === 0) continue;
          ctx.globalAlpha = Math.min(1, 0.25 + bins[px] / 8);
          ctx.fillRect(X0 + px, tl.y, 1, tl.h);
        }
        ctx.globalAlpha = 1;
        continue;
      }
      for (let p = a; p < b; p++) {
        const i = tl.idx[p];
        if (isMsg[m.type[i]] || !app.eventVisible(i, matches)) continue;
        const xi = Math.round(x(m.t[i]));
        ctx.globalAlpha = dimOthers && !this.witness.has(i) && i !== d.verdict.idx ? 0.35 : 1;
        ctx.fillStyle = matches !== null ? "#d69e2e" : colors[m.type[i]];
        ctx.fillRect(xi - 1, tl.y, 2, tl.h);
      }
      ctx.globalAlpha = 1;
    }
    if (app.counts.aggregatedTicks) notices.push(`${ticks.toLocaleString("en-US")} event ticks in view: drawn as per-pixel density (detail limit ${DETAIL_LIMIT.toLocaleString("en-US")}). Zoom in for single events.`);

    // Message arrows, then the role bands above them: a band and its "leader · term 2" label stay
    // readable however many arrows cross the lane.
    this.drawArrows(ctx, x, notices, dimOthers);
    this.drawRoles(ctx, x);
    this.drawDownLabels(ctx, x);

    // Witness outlines on top.
    for (const w of this.witness) {
      const k = m.node[w];
      const y = k >= 0 ? this.laneY[k] : cluster.y - 22;
      if ((k >= 0 && y < 0) || m.t[w] < t0 || m.t[w] > t1) continue;
      const xi = x(m.t[w]);
      ctx.strokeStyle = VIOLATION;
      ctx.lineWidth = 2;
      ctx.strokeRect(xi - 5, y + 23, 10, 17);
      ctx.lineWidth = 1;
    }
    ctx.restore();

    const hidden = d.nodes.length - lanes.length;
    if (hidden > 0) notices.push(`${hidden} node lane(s) hidden by filters.`);
    this.banner.textContent = notices.join(" ");
    this.banner.style.display = notices.length > 0 ? "block" : "none";

    this.drawAxisAndLabels(x);
    this.drawOverlay();
    this.syncZoom();
    this.drawOverview();
  }

  /**
   * "crashed" / "paused" / "removed" on each down interval, on a light backing and after the
   * arrows: the drops of messages sent to a down node land on its lane and would hide the label.
   */
  private drawDownLabels(ctx: CanvasRenderingContext2D, x: (t: number) => number): void {
    const { t0, t1 } = this.app;
    const X0 = GUTTER;
    const X1 = this.width - RIGHT;
    const dd = this.app.m.d.down;
    ctx.font = "bold 11px system-ui, sans-serif";
    for (let j = 0; j < dd.node.length; j++) {
      const y = this.laneY[dd.node[j]];
      if (y < 0 || dd.t1[j] < t0 || dd.t0[j] > t1) continue;
      const { xa, xb } = extent(x, dd.t0[j], dd.t1[j], X0, X1, 2);
      const label = DOWN_KINDS[dd.kind[j]];
      const maxW = xb - xa - 6;
      if (maxW < 14) continue;
      const w = Math.min(maxW, ctx.measureText(label).width) + 4;
      ctx.fillStyle = DOWN_FILL;
      ctx.fillRect(xa + 2, y + LANE_H - DOWN_LABEL_H - 3, w, DOWN_LABEL_H);
      ctx.fillStyle = "#1a202c";
      this.clippedText(ctx, label, xa + 4, y + LANE_H - 6, maxW);
    }
  }

  private drawRoles(ctx: CanvasRenderingContext2D, x: (t: number) => number): void {
    const { t0, t1 } = this.app;
    const X0 = GUTTER;
    const X1 = this.width - RIGHT;
    const r = this.app.m.d.roles;
    const candDots = pattern(ctx, "dots", "#7c5800");
    let bands = 0;
    ctx.font = "10px system-ui, sans-serif";
    for (let j = 0; j < r.node.length; j++) {
      const y = this.laneY[r.node[j]];
      if (y < 0 || r.t1[j] < t0 || r.t0[j] > t1) continue;
      bands++;
      const { xa, xb } = extent(x, r.t0[j], r.t1[j], X0, X1, 1);
      const role = r.role[j];
      ctx.fillStyle = ROLE_FILL[role];
      ctx.fillRect(xa, y + 3, xb - xa, 14);
      if (role === 1 || role === 2) {
        ctx.fillStyle = candDots;
        ctx.fillRect(xa, y + 3, xb - xa, 14);
      }
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(xa, y + 3, 1, 14);
      ctx.fillStyle = ROLE_TEXT[role];
      const label = xb - xa > 80 ? `${ROLES[role]} · term ${r.term[j]}` : `${ROLE_SHORT[role]}${r.term[j]}`;
      this.clippedText(ctx, label, xa + 3, y + 14, xb - xa - 4);
    }
    this.app.counts.visibleRoleBands = bands;
  }

  private drawArrows(ctx: CanvasRenderingContext2D, x: (t: number) => number, notices: string[], dimOthers: boolean): void {
    const app = this.app;
    const m = app.m;
    const md = m.d.msg;
    const { t0, t1 } = app;
    const visible: number[] = [];
    let hb = 0;
    for (let j = 0; j < m.msgCount; j++) {
      if (m.msgT1[j] < t0 || m.msgT0[j] > t1 || !app.msgVisible(j)) continue;
      visible.push(j);
      if (m.msgHeartbeat[j] === 1) hb++;
    }
    app.counts.visibleArrows = visible.length;
    app.counts.heartbeatArrowsVisible = hb;
    app.counts.aggregatedArrows = visible.length > DETAIL_LIMIT;
    const mid = (k: number) => this.laneY[k] + 24;
    if (app.counts.aggregatedArrows) {
      // Per-pixel density of sends on the sender's lane.
      const X0 = GUTTER;
      const bins = new Map<number, Uint32Array>();
      for (const j of visible) {
        const k = md.from[j];
        let b = bins.get(k);
        if (!b) bins.set(k, (b = new Uint32Array(Math.ceil(this.width) + 1)));
        const px = Math.floor(x(Math.max(t0, m.msgT0[j])));
        if (px >= X0 && px < b.length) b[px]++;
      }
      ctx.fillStyle = "#4e79a7";
      for (const [k, b] of bins) {
        const y = this.laneY[k];
        for (let px = 0; px < b.length; px++) {
          if (b[px] === 0) continue;
          ctx.globalAlpha = Math.min(0.9, 0.15 + b[px] / 12);
          ctx.fillRect(px, y + 19, 1, 6);
        }
      }
      ctx.globalAlpha = 1;
      notices.push(`${visible.length.toLocaleString("en-US")} messages in view: drawn as per-pixel send density (limit ${DETAIL_LIMIT.toLocaleString("en-US")} arrows). Zoom in or filter message kinds to see arrows.`);
      return;
    }
    ctx.lineWidth = 1;
    for (const j of visible) {
      const st = md.st[j];
      const xa = x(m.msgT0[j]);
      const ya = mid(md.from[j]);
      let xb = x(m.msgT1[j]);
      let yb = mid(md.to[j]);
      const color = this.kindColor.get(md.kind[j]) ?? "#888";
      const isWitness = this.witness.has(md.a[j]) || this.witness.has(md.b[j]);
      ctx.globalAlpha = dimOthers && !isWitness ? 0.45 : 0.95;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      if (st === ST_BLOCKED) {
        // A stub: the send goes a third of the way and stops at a bar.
        xb = xa + (xb - xa) * 0.35;
        yb = ya + (yb - ya) * 0.35;
      }
      if (st === ST_INFLIGHT) ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(xa, ya);
      ctx.lineTo(xb, yb);
      ctx.stroke();
      ctx.setLineDash([]);
      const ang = Math.atan2(yb - ya, xb - xa);
      if (st === ST_DELIVERED || st === ST_INFLIGHT) {
        ctx.beginPath();
        ctx.moveTo(xb, yb);
        ctx.lineTo(xb - 7 * Math.cos(ang - 0.4), yb - 7 * Math.sin(ang - 0.4));
        ctx.lineTo(xb - 7 * Math.cos(ang + 0.4), yb - 7 * Math.sin(ang + 0.4));
        ctx.closePath();
        if (st === ST_DELIVERED) ctx.fill();
        else {
          ctx.fillStyle = "#ffffff";
          ctx.fill();
          ctx.stroke();
        }
      } else if (st === ST_BLOCKED) {
        const px = -Math.sin(ang) * 5;
        const py = Math.cos(ang) * 5;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(xb - px, yb - py);
        ctx.lineTo(xb + px, yb + py);
        ctx.stroke();
        ctx.lineWidth = 1;
      } else {
        ctx.strokeStyle = "#c53030";
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(xb - 4, yb - 4);
        ctx.lineTo(xb + 4, yb + 4);
        ctx.moveTo(xb - 4, yb + 4);
        ctx.lineTo(xb + 4, yb - 4);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }
    ctx.globalAlpha = 1;
  }

  private clippedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, maxW: number): void {
    if (maxW < 14) return;
    let s = text;
    if (ctx.measureText(s).width > maxW) {
      while (s.length > 1 && ctx.measureText(`${s}…`).width > maxW) s = s.slice(0, -1);
      s = `${s}…`;
      if (s.length <= 2) return;
    }
    ctx.fillText(s, x, y);
  }

  private drawAxisAndLabels(x: ReturnType<typeof scaleLinear<number, number>>): void {
    const span = this.app.t1 - this.app.t0;
    this.svg.selectAll("g.axis, g.labels").remove();
    this.svg
      .append("g")
      .attr("class", "axis")
      .attr("transform", `translate(0,${AXIS_H - 2})`)
      .call(
        axisTop(x)
          .ticks(Math.max(2, Math.floor((this.width - GUTTER) / 110)))
          .tickFormat((v) => fmtTime(Number(v), span)),
      );
    const g = this.svg.append("g").attr("class", "labels");
    for (const tr of this.tracks) {
      const t = g
        .append("text")
        .attr("x", 8)
        .attr("y", tr.y + (tr.node >= 0 ? 16 : tr.h / 2 + 4))
        .attr("class", tr.node >= 0 ? "lane-label" : "track-label");
      t.text(tr.label);
      if (tr.node >= 0) {
        g.append("text")
          .attr("x", 8)
          .attr("y", tr.y + 32)
          .attr("class", "lane-sub")
          .text(this.app.m.d.nodes[tr.node].manager ? "manager" : "worker");
      }
    }
  }

  /** Violation rule and cursor: cheap SVG redrawn on cursor moves. */
  drawOverlay(): void {
    const x = this.x();
    const d = this.app.m.d;
    const H = this.height;
    this.svg.selectAll("g.overlay").remove();
    const g = this.svg.append("g").attr("class", "overlay").attr("pointer-events", "none");
    if (d.verdict.timeUs !== null && d.verdict.timeUs >= this.app.t0 && d.verdict.timeUs <= this.app.t1) {
      const xv = x(d.verdict.timeUs);
      g.append("line").attr("class", "violation-rule").attr("x1", xv).attr("x2", xv).attr("y1", AXIS_H - 4).attr("y2", H).attr("stroke", VIOLATION).attr("stroke-width", 2);
      g.append("text")
        .attr("class", "violation-label")
        .attr("x", xv - 4)
        .attr("y", AXIS_H + 14)
        .attr("text-anchor", "end")
        .text(`✕ ${d.verdict.invariant ?? ""}`);
    }
    const c = this.app.cursor;
    if (c >= 0 && this.app.m.t[c] >= this.app.t0 && this.app.m.t[c] <= this.app.t1) {
      const xc = x(this.app.m.t[c]);
      g.append("line").attr("class", "cursor-rule").attr("x1", xc).attr("x2", xc).attr("y1", AXIS_H - 4).attr("y2", H).attr("stroke", CURSOR).attr("stroke-width", 1.5).attr("stroke-dasharray", "5 3");
      const k = this.app.m.node[c];
      const y = k >= 0 ? this.laneY[k] : -1;
      if (y >= 0) g.append("rect").attr("x", xc - 6).attr("y", y + 22).attr("width", 12).attr("height", 19).attr("fill", "none").attr("stroke", CURSOR).attr("stroke-width", 2);
    }
  }

  private syncZoom(): void {
    const xo = this.baseX();
    const k = (this.app.maxUs - this.app.m.d.startUs) / Math.max(1, this.app.t1 - this.app.t0);
    const tx = GUTTER - k * xo(this.app.t0);
    this.zoomB
      .scaleExtent([1, Math.max(1, (this.app.maxUs - this.app.m.d.startUs) / 10)])
      .translateExtent([
        [GUTTER, 0],
        [this.width - RIGHT, this.height],
      ])
      .extent([
        [GUTTER, 0],
        [this.width - RIGHT, this.height],
      ]);
    this.syncing = true;
    this.svg.call(this.zoomB.transform, zoomIdentity.translate(tx, 0).scale(k));
    this.syncing = false;
  }

  private drawOverview(): void {
    const m = this.app.m;
    const d = m.d;
    const W = this.width;
    const ctx = sizeCanvas(this.ovCanvas, W, OV_H);
    this.ovSvg.attr("width", W).attr("height", OV_H);
    const xo = this.baseX();
    ctx.fillStyle = "#f8fafc";
    ctx.fillRect(GUTTER, 0, W - RIGHT - GUTTER, OV_H);
    for (const w of d.windows) {
      ctx.fillStyle = FAULT_COLOR[w.kind] ?? "#999";
      ctx.globalAlpha = 0.2;
      ctx.fillRect(xo(w.t0), 0, Math.max(2, xo(w.t1) - xo(w.t0)), OV_H);
    }
    ctx.globalAlpha = 1;
    const bins = new Uint32Array(Math.ceil(W) + 1);
    let max = 1;
    for (let i = 0; i < m.n; i++) {
      const px = Math.floor(xo(m.t[i]));
      bins[px]++;
      if (bins[px] > max) max = bins[px];
    }
    ctx.fillStyle = "#64748b";
    for (let px = GUTTER; px < bins.length; px++) {
      if (bins[px] === 0) continue;
      const h = Math.max(1, (Math.sqrt(bins[px]) / Math.sqrt(max)) * (OV_H - 8));
      ctx.fillRect(px, OV_H - h, 1, h);
    }
    if (d.verdict.timeUs !== null) {
      ctx.fillStyle = VIOLATION;
      ctx.fillRect(xo(d.verdict.timeUs) - 1, 0, 2, OV_H);
    }
    ctx.fillStyle = "#334155";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText("overview", 8, OV_H / 2 + 4);
    this.brushB.extent([
      [GUTTER, 0],
      [W - RIGHT, OV_H],
    ]);
    let g = this.ovSvg.select<SVGGElement>("g.brush");
    if (g.empty()) g = this.ovSvg.append("g").attr("class", "brush");
    g.call(this.brushB);
    this.syncing = true;
    g.call(this.brushB.move, [xo(this.app.t0), Math.max(xo(this.app.t0) + 1, xo(this.app.t1))]);
    this.syncing = false;
  }

  private showTip(ev: MouseEvent, text: string): void {
    this.tip.textContent = text;
    this.tip.style.display = "block";
    this.tip.style.left = `${Math.min(ev.pageX + 12, document.body.clientWidth - 380)}px`;
    this.tip.style.top = `${ev.pageY + 14}px`;
  }

  /** What lies under the pointer besides events: the violation label, fault bands and their
   * ends, clock skews, role bands and down intervals. Sets hover to the event that began it. */
  private describeAt(ev: MouseEvent, tr: Track | undefined, px: number, py: number): string | null {
    const m = this.app.m;
    const d = m.d;
    const x = this.x();
    const tUs = x.invert(px);
    const label = this.svg.select<SVGTextElement>("text.violation-label").node();
    if (label !== null && d.verdict.idx >= 0) {
      const r = label.getBoundingClientRect();
      if (ev.clientX >= r.left - 2 && ev.clientX <= r.right + 2 && ev.clientY >= r.top - 2 && ev.clientY <= r.bottom + 2) {
        this.hover = d.verdict.idx;
        return `✕ ${d.verdict.invariant ?? ""} at ${fmtTime(m.t[d.verdict.idx])} (event #${m.seq[d.verdict.idx]}): ${humanizeTimes(d.verdict.message)}`;
      }
    }
    if (!tr) return null;
    if (tr.key === "partition" || tr.key === "network") {
      let best: { w: (typeof d.windows)[number]; edge: boolean } | null = null;
      for (const w of d.windows) {
        if ((w.kind === "partition") !== (tr.key === "partition")) continue;
        const xa = x(w.t0);
        const xb = Math.max(x(w.t1), xa + 2);
        if (Math.abs(px - xb) <= 4 && w.t1 < d.endUs) best = { w, edge: true };
        else if (px >= xa - 2 && px <= xb && best === null) best = { w, edge: false };
      }
      if (best === null) return null;
      const w = best.w;
      this.hover = w.idx;
      const what = w.kind === "partition" ? `partition ${w.text}` : w.text;
      if (best.edge) return `${w.kind === "partition" ? "heal" : `end of ${w.kind}`} at ${fmtTime(w.t1)} · ${what} (since ${fmtTime(w.t0)})`;
      return `${what} · ${this.spanText(w.t0, w.t1)}${w.kind === "partition" && w.t1 < d.endUs ? " (healed)" : ""}`;
    }
    if (tr.key === "clock") {
      for (const k of d.skews) {
        if (Math.abs(x(k.t) - px) > 5) continue;
        this.hover = k.idx;
        const parts = [k.offsetUs !== null ? `offset ${k.offsetUs >= 0 ? "+" : ""}${fmtTime(k.offsetUs)}` : "", k.driftPpm !== null ? `drift ${k.driftPpm}ppm` : ""].filter((p) => p !== "");
        return `clock skew ${k.node >= 0 ? d.nodes[k.node].name : "all"} at ${fmtTime(k.t)}: ${parts.join(", ")}`;
      }
      return null;
    }
    if (tr.node < 0) return null;
    const rel = py - tr.y;
    if (rel >= 2 && rel <= 18) {
      const r = d.roles;
      for (let j = 0; j < r.node.length; j++) {
        if (r.node[j] !== tr.node || tUs < r.t0[j] || tUs > r.t1[j]) continue;
        this.hover = r.idx[j];
        const leader = field(m, r.idx[j], "leader");
        return `${tr.label} ${ROLES[r.role[j]]} · term ${r.term[j]} · leader ${typeof leader === "string" && leader !== "" ? leader : "none known"} · ${this.spanText(r.t0[j], r.t1[j])}`;
      }
    }
    return null;
  }

  /** "from – to", the end read as the end of the run when an interval lasts to it. */
  private spanText(a: number, b: number): string {
    const endUs = this.app.m.d.endUs;
    return `${fmtTime(a)} – ${b >= endUs ? `${fmtTime(endUs)} (end of run)` : fmtTime(b)}`;
  }

  /** A down interval (crashed, paused, removed) of lane node k at time tUs. */
  private downAt(k: number, tUs: number): string | null {
    const dd = this.app.m.d.down;
    for (let j = 0; j < dd.node.length; j++) {
      if (dd.node[j] !== k || tUs < dd.t0[j] || tUs > dd.t1[j]) continue;
      return `${this.app.m.d.nodes[k].name} ${DOWN_KINDS[dd.kind[j]]} · ${this.spanText(dd.t0[j], dd.t1[j])}`;
    }
    return null;
  }

  private onMove(ev: MouseEvent): void {
    const rect = (this.svg.node() as SVGSVGElement).getBoundingClientRect();
    const px = ev.clientX - rect.left;
    const py = ev.clientY - rect.top;
    const tr = this.tracks.find((t) => py >= t.y && py < t.y + t.h);
    this.hover = -1;
    if (px < GUTTER) {
      this.tip.style.display = "none";
      return;
    }
    const special = this.describeAt(ev, tr, px, py);
    if (special !== null) {
      this.showTip(ev, special);
      return;
    }
    if (!tr) {
      this.tip.style.display = "none";
      return;
    }
    const m = this.app.m;
    const list = tr.node >= 0 ? m.laneEvents[tr.node] : m.worldEvents;
    const x = this.x();
    const tUs = x.invert(px);
    const p = lowerBound(m.t, list, tUs);
    let best = -1;
    let bestDx = 8;
    for (let q = Math.max(0, p - 40); q < Math.min(list.length, p + 40); q++) {
      const i = list[q];
      if (!this.app.eventVisible(i, null)) continue;
      const dx = Math.abs(x(m.t[i]) - px);
      if (dx < bestDx) {
        bestDx = dx;
        best = i;
      }
    }
    if (best < 0) {
      const down = tr.node >= 0 ? this.downAt(tr.node, tUs) : null;
      if (down !== null) this.showTip(ev, down);
      else this.tip.style.display = "none";
      return;
    }
    this.hover = best;
    this.showTip(ev, `#${m.seq[best]} ${fmtTime(m.t[best])} ${tr.label} ${m.typeNames[m.type[best]]}: ${humanizeTimes(summary(m, best))}`);
  }
}

/** An interval's pixel extent: clipped to the plot [X0, X1], and at least `minW` px wide. */
function extent(x: (t: number) => number, t0: number, t1: number, X0: number, X1: number, minW: number): { xa: number; xb: number } {
  const xa = Math.max(X0, x(t0));
  return { xa, xb: Math.min(X1, Math.max(x(t1), xa + minW)) };
}
