// Services on the shared time axis: desired vs running replicas, and one lane per slot with the
// task history coloured by state (a `docker service ps` with history).
import type { App } from "./app.ts";
import { CURSOR, TASK_STATE_COLOR, VIOLATION } from "./colors.ts";
import { byId, clear, el, sizeCanvas } from "./dom.ts";

const GUTTER = 116;
const RIGHT = 14;
const CHART_H = 54;
const SLOT_H = 16;
const MAX_LANES = 40;

/**
 * States past running (SwarmKit's order): observed, the task no longer occupies its slot;
 * desired, it is being stopped and a replacement may start beside it.
 */
const PAST_RUNNING = new Set(["complete", "shutdown", "failed", "rejected", "remove", "orphaned"]);

interface Lane {
  label: string;
  /** Sub-lane of each row (0 = the slot's first line). Tasks of one slot that overlap in time
   * (a duplicate that svc.slot-unique reports, or an old task still shutting down) get their own
   * line so that neither hides the other. */
  rows: number[];
  sub: number[];
  /** Per row: time where its bar stops (a terminal state ends where the next task of its line starts). */
  end: number[];
  subs: number;
}

/** Stacks the tasks of one slot: a task occupies its line from its first event until it ends or is told to stop. */
export function stackTasks(d: { tasks: { t0: number[]; t1: number[]; state: number[]; desired?: number[]; task: number[] }; strs: string[] }, rows: number[]): { sub: number[]; end: number[]; subs: number } {
  const byTask = new Map<number, number[]>();
  for (const r of rows) {
    const k = d.tasks.task[r];
    const list = byTask.get(k);
    if (list) list.push(r);
    else byTask.set(k, [r]);
  }
  const tasks = [...byTask.values()].map((rs) => {
    const start = d.tasks.t0[rs[0]];
    let busyEnd = d.tasks.t1[rs[rs.length - 1]];
    // A task holds its line until it ends or is told to stop: a stop-first replacement then
    // shares the line; only tasks that both want to run at once (a duplicate, a start-first
    // replacement) are stacked.
    const desired = d.tasks.desired;
    for (const r of rs) {
      if (PAST_RUNNING.has(d.strs[d.tasks.state[r]]) || (desired !== undefined && PAST_RUNNING.has(d.strs[desired[r]]))) {
        busyEnd = d.tasks.t0[r];
        break;
      }
    }
    return { rs, start, busyEnd, line: 0 };
  });
  tasks.sort((a, b) => a.start - b.start);
  const lineFree: number[] = [];
  const lineLast: (typeof tasks)[number][] = [];
  const subOf = new Map<number, number>();
  const endOf = new Map<number, number>();
  for (const t of tasks) {
    let line = lineFree.findIndex((free) => free <= t.start);
    if (line < 0) {
      line = lineFree.length;
      lineFree.push(0);
      lineLast.push(t);
    } else {
      // The previous task of this line ends (its terminal bar stops) where this one starts.
      for (const r of lineLast[line].rs) endOf.set(r, Math.min(endOf.get(r) ?? Infinity, t.start));
      lineLast[line] = t;
    }
    lineFree[line] = Math.max(t.busyEnd, t.start);
    t.line = line;
    for (const r of t.rs) subOf.set(r, line);
  }
  return {
    sub: rows.map((r) => subOf.get(r) ?? 0),
    end: rows.map((r) => Math.min(d.tasks.t1[r], endOf.get(r) ?? Infinity)),
    subs: Math.max(1, lineFree.length),
  };
}

export class Services {
  private readonly box = byId<HTMLDivElement>("services");
  private readonly items: { canvas: HTMLCanvasElement; svc: number; lanes: Lane[]; hiddenLanes: number }[] = [];

  constructor(private readonly app: App) {
    const d = app.m.d;
    clear(this.box);
    if (d.services.length === 0) {
      this.box.append(el("p", "muted", "No services in this run."));
      return;
    }
    d.services.forEach((s, si) => {
      const lanesByKey = new Map<string, Lane>();
      for (let r = 0; r < d.tasks.svc.length; r++) {
        if (d.tasks.svc[r] !== si) continue;
        const slot = d.tasks.slot[r];
        const node = d.tasks.node[r];
        const key = slot > 0 ? `slot ${slot}` : node >= 0 ? d.nodes[node].name : "?";
        let lane = lanesByKey.get(key);
        if (!lane) lanesByKey.set(key, (lane = { label: key, rows: [], sub: [], end: [], subs: 1 }));
        lane.rows.push(r);
      }
      const all = [...lanesByKey.values()];
      for (const lane of all) Object.assign(lane, stackTasks(d, lane.rows));
      const lanes = all.slice(0, MAX_LANES);
      const head = el("div", "svc-head");
      head.append(el("span", "svc-name", s.name));
      const last = (arr: number[]) => (arr.length >= 2 ? arr[arr.length - 1] : 0);
      const global = s.mode.startsWith("global");
      head.append(el("span", "muted", global ? ` ${s.mode} · running ${last(s.running)} at the end` : ` desired ${last(s.desired)} · running ${last(s.running)} at the end`));
      const dup = all.filter((l) => l.subs > 1).length;
      if (dup > 0) head.append(el("span", "note", ` · ${dup} slot(s) with overlapping tasks that both want to run, stacked`));
      if (all.length > lanes.length) head.append(el("span", "note", ` · ${all.length - lanes.length} more slot lanes not drawn`));
      const canvas = el("canvas", "svc-canvas");
      this.box.append(head, canvas);
      this.items.push({ canvas, svc: si, lanes, hiddenLanes: all.length - lanes.length });
    });
    const legend = el("div", "legend-line");
    const states = new Set(d.tasks.state.map((k) => d.strs[k]));
    for (const [st, col] of Object.entries(TASK_STATE_COLOR)) {
      if (!states.has(st)) continue;
      const it = el("span", "lg-item");
      const sw = el("span", "swatch");
      sw.style.background = col;
      it.append(sw, el("span", "", st));
      legend.append(it);
    }
    this.box.append(legend);
    app.on("view", () => this.draw());
    app.on("cursor", () => this.draw());
    window.addEventListener("resize", () => this.draw());
  }

  /** Slot lanes as drawn: service, label and number of stacked lines (for tests). */
  lanes(): { service: string; label: string; lines: number }[] {
    return this.items.flatMap((it) => it.lanes.map((l) => ({ service: this.app.m.d.services[it.svc].name, label: l.label, lines: l.subs })));
  }

  draw(): void {
    const app = this.app;
    const d = app.m.d;
    const W = Math.max(480, this.box.clientWidth);
    const span = Math.max(1, app.t1 - app.t0);
    const x = (t: number) => GUTTER + ((t - app.t0) / span) * (W - RIGHT - GUTTER);
    for (const it of this.items) {
      const s = d.services[it.svc];
      const H = CHART_H + it.lanes.reduce((a, l) => a + l.subs, 0) * SLOT_H + 6;
      const ctx = sizeCanvas(it.canvas, W, H);
      ctx.clearRect(0, 0, W, H);
      ctx.font = "11px system-ui, sans-serif";
      const max = Math.max(1, ...s.desired.filter((_, i) => i % 2 === 1), ...s.running.filter((_, i) => i % 2 === 1));
      const y = (v: number) => CHART_H - 6 - (v / max) * (CHART_H - 16);
      ctx.fillStyle = "#334155";
      ctx.fillText("replicas", 8, 18);
      ctx.fillText(`0–${max}`, 8, 32);
      ctx.save();
      ctx.beginPath();
      ctx.rect(GUTTER, 0, W - RIGHT - GUTTER, H);
      ctx.clip();
      const step = (arr: number[], color: string, dash: number[]) => {
        if (arr.length < 2) return;
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        ctx.setLineDash(dash);
        ctx.beginPath();
        ctx.moveTo(x(arr[0]), y(arr[1]));
        for (let i = 2; i < arr.length; i += 2) {
          ctx.lineTo(x(arr[i]), y(arr[i - 1]));
          ctx.lineTo(x(arr[i]), y(arr[i + 1]));
        }
        ctx.lineTo(x(d.endUs), y(arr[arr.length - 1]));
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.lineWidth = 1;
      };
      step(s.running, "#38a169", []);
      step(s.desired, "#1a202c", [5, 4]);
      ctx.restore();
      ctx.fillStyle = "#1a202c";
      ctx.fillText("- - desired", W - RIGHT - 150, 12);
      ctx.fillStyle = "#2f855a";
      ctx.fillText("── running", W - RIGHT - 80, 12);
      let lineY = CHART_H;
      it.lanes.forEach((lane) => {
        const top = lineY;
        lineY += lane.subs * SLOT_H;
        ctx.fillStyle = "#334155";
        ctx.fillText(lane.subs > 1 ? `${lane.label} (${lane.subs} tasks)` : lane.label, 8, top + 12);
        if (lane.subs > 1) {
          ctx.fillStyle = "#fff5f5";
          ctx.fillRect(GUTTER, top, W - RIGHT - GUTTER, lane.subs * SLOT_H);
        }
        ctx.save();
        ctx.beginPath();
        ctx.rect(GUTTER, top, W - RIGHT - GUTTER, lane.subs * SLOT_H);
        ctx.clip();
        for (let q = 0; q < lane.rows.length; q++) {
          const r = lane.rows[q];
          const ly = top + lane.sub[q] * SLOT_H;
          const t0 = d.tasks.t0[r];
          const t1 = lane.end[q];
          if (t1 < t0 || t1 < app.t0 || t0 > app.t1) continue;
          const xa = Math.max(GUTTER, x(t0));
          const xb = Math.min(W - RIGHT, Math.max(x(t1), xa + 3));
          const state = d.strs[d.tasks.state[r]];
          ctx.fillStyle = TASK_STATE_COLOR[state] ?? "#e2e8f0";
          ctx.fillRect(xa, ly + 2, xb - xa, SLOT_H - 4);
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(xa, ly + 2, 1, SLOT_H - 4);
          if (xb - xa > 60) {
            ctx.fillStyle = state === "running" || state === "failed" ? "#ffffff" : "#1a202c";
            const node = d.tasks.node[r];
            ctx.fillText(`${state}${node >= 0 ? ` @${d.nodes[node].name}` : ""}`, xa + 3, ly + 12);
          }
        }
        ctx.restore();
      });
      const rule = (t: number | null, color: string, dash: number[]) => {
        if (t === null || t < app.t0 || t > app.t1) return;
        ctx.strokeStyle = color;
        ctx.lineWidth = color === VIOLATION ? 2 : 1.5;
        ctx.setLineDash(dash);
        ctx.beginPath();
        ctx.moveTo(x(t), 0);
        ctx.lineTo(x(t), H);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.lineWidth = 1;
      };
      rule(d.verdict.timeUs, VIOLATION, []);
      rule(app.cursor >= 0 ? app.m.t[app.cursor] : null, CURSOR, [5, 3]);
    }
  }
}
