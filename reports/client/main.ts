// Report page entry: decode the embedded data, restore the view from the URL hash (or open on
// the violation), build the views, wire keys, and expose window.__swarmsimReport for tests.
import { App } from "./app.ts";
import { DOWN_KINDS, ROLES, type ReportData } from "./data.ts";
import { byId } from "./dom.ts";
import { Inspector } from "./inspect.ts";
import { decode, indexOfSeq, summary } from "./model.ts";
import { openingWindow } from "./view.ts";
import { jumpToViolation, renderFaults, renderFilters, renderStory, renderVerdict } from "./panels.ts";
import { Services } from "./services.ts";
import { EventTable } from "./table.ts";
import { Timeline } from "./timeline.ts";

function computeMatches(app: App): void {
  const q = app.query.trim().toLowerCase();
  if (q === "") {
    app.matches = null;
    return;
  }
  const m = app.m;
  const out = new Uint8Array(m.n);
  for (let i = 0; i < m.n; i++) {
    const k = m.node[i];
    const text = `#${m.seq[i]} ${k >= 0 ? m.d.nodes[k].name : ""} ${m.typeNames[m.type[i]]} ${summary(m, i)}`.toLowerCase();
    if (text.includes(q)) out[i] = 1;
  }
  app.matches = out;
}

function defaultView(app: App): void {
  const w = openingWindow(app.m);
  if (w === null) return;
  app.t0 = Math.max(app.m.d.startUs, w.t0);
  app.t1 = Math.min(app.maxUs, w.t1);
}

function main(): void {
  const started = performance.now();
  const raw = byId<HTMLScriptElement>("report-data").textContent ?? "{}";
  const data = JSON.parse(raw) as ReportData;
  const m = decode(data);
  const app = new App(m);
  const restored = app.readHash(location.hash);
  if (!restored.ok) defaultView(app);
  computeMatches(app);
  // Registered before the views so that they redraw with fresh matches.
  app.on("filter", () => computeMatches(app));
  renderVerdict(app);
  renderStory(app);
  renderFaults(app);
  renderFilters(app);
  const notes = byId<HTMLDivElement>("notes");
  notes.textContent = data.notes.join(" ");
  notes.style.display = data.notes.length > 0 ? "block" : "none";
  const timeline = new Timeline(app);
  const services = new Services(app);
  const inspector = new Inspector(app);
  new EventTable(app);
  timeline.draw();
  services.draw();
  const cur = restored.cursorSeq !== null ? indexOfSeq(m, restored.cursorSeq) : data.verdict.idx;
  app.setCursor(cur >= 0 ? cur : -1, "init");
  if (cur < 0) inspector.render();

  window.addEventListener("keydown", (ev) => {
    const target = ev.target as HTMLElement | null;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) {
      if (ev.key === "Escape") target.blur();
      return;
    }
    const span = app.t1 - app.t0;
    const step = (dir: number) => {
      for (let i = app.cursor + dir; i >= 0 && i < m.n; i += dir) {
        if (app.eventVisible(i, app.matches)) return app.seek(i, "key");
      }
    };
    switch (ev.key) {
      case "v":
        jumpToViolation(app);
        break;
      case "ArrowRight":
      case "j":
        step(1);
        break;
      case "ArrowLeft":
      case "k":
        step(-1);
        break;
      case "+":
      case "=":
        app.setView(app.t0 + span / 4, app.t1 - span / 4, "key");
        break;
      case "-":
        app.setView(app.t0 - span / 2, app.t1 + span / 2, "key");
        break;
      case "0":
        app.setView(m.d.startUs, app.maxUs, "key");
        break;
      case "h":
        app.heartbeats = !app.heartbeats;
        app.emit("filter", "key");
        break;
      case "/":
        byId<HTMLInputElement>("search").focus();
        break;
      default:
        return;
    }
    ev.preventDefault();
  });

  const api = {
    ready: true,
    /** Time spent in this script, and time since navigation start when the views were ready. */
    loadMs: performance.now() - started,
    readyAtMs: performance.now(),
    counts: () => ({
      ...app.counts,
      events: m.n,
      messages: m.msgCount,
      heartbeatMessages: m.msgHeartbeat.reduce((a, b) => a + b, 0),
      roleBands: data.roles.node.length,
      faultRows: data.schedule.rows.length,
      storyItems: data.story.length,
    }),
    view: () => ({ t0: app.t0, t1: app.t1 }),
    setView: (t0: number, t1: number) => app.setView(t0, t1, "api"),
    cursorSeq: () => (app.cursor >= 0 ? m.seq[app.cursor] : null),
    seekSeq: (s: number) => app.seek(indexOfSeq(m, s), "api"),
    setHeartbeats: (on: boolean) => {
      app.heartbeats = on;
      app.emit("filter", "api");
    },
    hideNode: (name: string, hidden: boolean) => {
      const k = data.nodes.findIndex((n) => n.name === name);
      if (k < 0) return;
      if (hidden) app.hiddenNodes.add(k);
      else app.hiddenNodes.delete(k);
      app.emit("filter", "api");
    },
    hideKind: (kind: string, hidden: boolean) => {
      const k = data.strs.indexOf(kind);
      if (k < 0) return;
      if (hidden) app.hiddenKinds.add(k);
      else app.hiddenKinds.delete(k);
      app.emit("filter", "api");
    },
    setQuery: (q: string) => {
      app.query = q;
      app.emit("filter", "api");
    },
    filters: () => ({
      heartbeats: app.heartbeats,
      hiddenNodes: [...app.hiddenNodes].map((k) => data.nodes[k].name).sort(),
      hiddenKinds: [...app.hiddenKinds].map((k) => data.strs[k]).sort(),
      hiddenTypes: [...app.hiddenTypes].map((k) => m.typeNames[k]).sort(),
      query: app.query,
    }),
    roleBands: () =>
      data.roles.node.map((k, j) => ({ node: data.nodes[k].name, role: ROLES[data.roles.role[j]], term: data.roles.term[j], t0: data.roles.t0[j], t1: data.roles.t1[j], seq: m.seq[data.roles.idx[j]] })),
    downIntervals: () => data.down.node.map((k, j) => ({ node: data.nodes[k].name, kind: DOWN_KINDS[data.down.kind[j]], t0: data.down.t0[j], t1: data.down.t1[j] })),
    violation: () => (data.verdict.idx >= 0 ? { timeUs: m.t[data.verdict.idx], seq: m.seq[data.verdict.idx] } : null),
    hash: () => app.hash(),
    serviceLanes: () => services.lanes(),
    trackTop: (key: string) => timeline.trackTop(key),
    xOf: (tUs: number) => timeline.x()(tUs),
  };
  (window as unknown as { __swarmsimReport: typeof api }).__swarmsimReport = api;
  document.body.dataset.ready = "1";
}

main();
