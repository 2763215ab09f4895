// The event table (virtualised: only visible rows exist in the DOM), synced with the timeline
// both ways, and the details panel with the full event and its matching send/receive.
import type { App } from "./app.ts";
import { byId, clear, el, fmtTime } from "./dom.ts";
import { eventObject, msgStatusName, summary } from "./model.ts";

const ROW_H = 22;

export class EventTable {
  private readonly scroller = byId<HTMLDivElement>("events");
  private readonly spacer = el("div", "spacer");
  private readonly rowsBox = el("div", "rows");
  private readonly count = byId<HTMLDivElement>("events-count");
  private list = new Int32Array(0);
  private pos = new Int32Array(0);

  constructor(private readonly app: App) {
    this.scroller.append(this.spacer);
    this.spacer.append(this.rowsBox);
    this.scroller.addEventListener("scroll", () => this.renderRows(false));
    app.on("filter", () => {
      this.refilter();
      this.scrollToCursor();
    });
    app.on("cursor", (src) => {
      if (src !== "table") this.scrollToCursor();
      this.renderRows();
      this.details();
    });
    app.on("view", (src) => {
      if (src === "zoom" || src === "brush") {
        const c = app.cursor;
        if (c < 0 || app.m.t[c] < app.t0 || app.m.t[c] > app.t1) this.scrollToTime(app.t0);
      }
    });
    this.refilter();
  }

  private refilter(): void {
    const m = this.app.m;
    const out: number[] = [];
    for (let i = 0; i < m.n; i++) if (this.app.eventVisible(i, this.app.matches)) out.push(i);
    this.list = Int32Array.from(out);
    this.pos = new Int32Array(m.n).fill(-1);
    for (let r = 0; r < out.length; r++) this.pos[out[r]] = r;
    this.spacer.style.height = `${out.length * ROW_H}px`;
    this.count.textContent = `${out.length.toLocaleString("en-US")} of ${m.n.toLocaleString("en-US")} events${this.app.query ? ` matching “${this.app.query}”` : ""}`;
    this.renderRows();
  }

  private scrollToRow(r: number): void {
    const top = r * ROW_H;
    if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + this.scroller.clientHeight - ROW_H) {
      this.scroller.scrollTop = Math.max(0, top - this.scroller.clientHeight / 2);
    }
    this.renderRows();
  }

  private scrollToCursor(): void {
    const c = this.app.cursor;
    if (c < 0) return;
    let r = this.pos[c];
    if (r < 0) r = this.nearestRow(this.app.m.t[c]);
    this.scrollToRow(r);
  }

  private scrollToTime(tUs: number): void {
    this.scrollToRow(this.nearestRow(tUs));
  }

  private nearestRow(tUs: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.app.m.t[this.list[mid]] < tUs) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.list.length - 1));
  }

  /** The rendered row range and cursor, to skip redundant re-renders while scrolling. */
  private drawn = "";

  private renderRows(force = true): void {
    const m = this.app.m;
    const d = m.d;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - 5);
    const last = Math.min(this.list.length, first + Math.ceil(this.scroller.clientHeight / ROW_H) + 10);
    const key = `${first}:${last}:${this.app.cursor}:${this.app.t0}:${this.app.t1}`;
    if (!force && key === this.drawn) return;
    this.drawn = key;
    clear(this.rowsBox);
    this.rowsBox.style.transform = `translateY(${first * ROW_H}px)`;
    const witness = new Set(d.verdict.witness);
    for (let r = first; r < last; r++) {
      const i = this.list[r];
      const row = el("div", "erow");
      if (i === this.app.cursor) row.classList.add("current");
      if (i === d.verdict.idx) row.classList.add("violation");
      if (witness.has(i)) row.classList.add("witness");
      if (m.t[i] < this.app.t0 || m.t[i] > this.app.t1) row.classList.add("outside");
      const k = m.node[i];
      row.append(
        el("span", "c-seq", `#${m.seq[i]}`),
        el("span", "c-t", fmtTime(m.t[i])),
        el("span", "c-node", k >= 0 ? d.nodes[k].name : "—"),
        el("span", "c-type", m.typeNames[m.type[i]]),
        el("span", "c-sum", summary(m, i)),
      );
      row.addEventListener("click", () => this.app.seek(i, "table"));
      this.rowsBox.append(row);
    }
  }

  private details(): void {
    const box = byId<HTMLDivElement>("details");
    clear(box);
    const m = this.app.m;
    const i = this.app.cursor;
    if (i < 0) {
      box.append(el("p", "muted", "Click an event (timeline or table) to see it in full."));
      return;
    }
    box.append(el("div", "sub", `event #${m.seq[i]}`));
    box.append(el("pre", "json", JSON.stringify(eventObject(m, i), null, 2)));
    const j = m.msgOfEvent[i];
    if (j < 0) return;
    const md = m.d.msg;
    const a = md.a[j];
    const related: number[] = [];
    if (a >= 0) related.push(a);
    for (let q = 0; q < m.msgCount; q++) if ((a >= 0 && md.a[q] === a) || q === j) if (md.b[q] >= 0) related.push(md.b[q]);
    box.append(el("div", "sub", `message ${m.d.strs[md.kind[j]]}: ${msgStatusName(md.st[j])}`));
    const ul = el("ul", "related");
    for (const r of [...new Set(related)].sort((x, y) => x - y)) {
      const li = el("li");
      const b = el("button", r === i ? "link current" : "link", `#${m.seq[r]} ${fmtTime(m.t[r])} ${m.typeNames[m.type[r]]} ${summary(m, r)}`);
      b.addEventListener("click", () => this.app.seek(r, "details"));
      li.append(b);
      ul.append(li);
    }
    if (a < 0) ul.append(el("li", "muted", "(the send is not in the trace)"));
    box.append(ul);
  }
}
