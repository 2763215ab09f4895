// Verdict card, story strip, fault schedule table with its legend, and the filter bar.
import type { App } from "./app.ts";
import { FAULT_COLOR, KIND_PALETTE, ROLE_FILL, VIOLATION } from "./colors.ts";
import { ROLES } from "./data.ts";
import { byId, clear, el, fmtMs, fmtTime, humanizeTimes } from "./dom.ts";

/** Only relative paths and http(s)/file URLs become links (never javascript: or data:). */
function safeHref(href: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (m && !["http", "https", "file"].includes(m[1].toLowerCase())) return null;
  return href;
}

function kv(parent: HTMLElement, key: string, value: string, cls = ""): HTMLElement {
  const row = el("div", `kv ${cls}`);
  row.append(el("span", "k", key), el("span", "v", value));
  parent.append(row);
  return row;
}

export function renderVerdict(app: App): void {
  const d = app.m.d;
  const v = d.verdict;
  const card = byId<HTMLDivElement>("verdict");
  clear(card);
  const failed = v.error !== null || v.invariant !== null || !v.ok;
  const head = el("div", failed ? "status bad" : "status ok");
  if (v.error !== null) head.textContent = "✕ Internal assertion failed";
  else if (v.invariant !== null) head.textContent = `✕ Invariant violated: ${v.invariant}${v.ok ? " (as the scenario expects)" : ""}`;
  else head.textContent = v.ok ? (v.warnings.length > 0 ? `✓ Passed with ${v.warnings.length} warning(s)` : "✓ Passed") : `✕ Outcome differs from expected (${v.expected})`;
  if (d.schedule.shrunk) head.append(el("span", "shrunk-badge", `shrunk to ${d.schedule.rows.length} timeline ${d.schedule.rows.length === 1 ? "entry" : "entries"}`));
  card.append(head);
  const title = el("div", "scenario");
  title.append(el("span", "name", d.scenario));
  if (d.description !== "") title.append(el("span", "desc", d.description));
  card.append(title);
  if (v.error !== null) card.append(el("p", "message", v.error));
  if (v.invariant !== null) {
    const msg = el("p", "message", humanizeTimes(v.message));
    card.append(msg);
    const at = el("div", "at");
    at.append(el("span", "", `at ${fmtTime(v.timeUs ?? 0)} · event #${v.idx >= 0 ? app.m.seq[v.idx] : "?"}${v.nodes.length > 0 ? ` · nodes ${v.nodes.join(", ")}` : ""} · `));
    const jump = el("button", "link", "jump to violation (v)");
    jump.addEventListener("click", () => jumpToViolation(app));
    at.append(jump);
    if (v.witness.length > 0) {
      at.append(el("span", "", " · witness "));
      for (const w of v.witness) {
        const b = el("button", "link witness", `#${app.m.seq[w]}`);
        b.addEventListener("click", () => app.seek(w, "verdict"));
        at.append(b, el("span", "", " "));
      }
    }
    card.append(at);
  }
  const facts = el("div", "facts");
  kv(facts, "seed", String(d.seed), "seed");
  kv(facts, "expected", v.expected);
  if (v.status !== "") kv(facts, "ended", v.status);
  kv(facts, "events", v.events.toLocaleString("en-US"));
  kv(facts, "simulated", fmtTime(v.simulatedUs));
  kv(facts, "trace hash", v.traceHash);
  if (d.version !== "") kv(facts, "version", d.version);
  card.append(facts);
  if (v.warnings.length > 0) {
    const ul = el("ul", "warnings");
    for (const w of v.warnings) ul.append(el("li", "", `⚠ ${w.invariant}: ${w.message}${w.nodes.length > 0 ? ` (${w.nodes.join(", ")})` : ""}`));
    card.append(ul);
  }
  if (d.schedule.shrunk) {
    card.append(el("div", "sub", `Shrunk fault schedule (${d.schedule.rows.length} entries)`));
    const ol = el("ol", "shrunk");
    for (const r of d.schedule.rows) ol.append(el("li", "", `at ${fmtTime(r.atUs)}: ${r.text}${r.on ? ` (on ${r.on})` : ""}`));
    card.append(ol);
  }
  const replay = el("div", "replay");
  replay.append(el("span", "k", "replay"));
  const code = el("code", "cmd", d.replay);
  code.id = "replay-cmd";
  const copy = el("button", "copy", "copy");
  copy.addEventListener("click", () => {
    const done = () => {
      copy.textContent = "copied";
    };
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(code);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      copy.textContent = "selected: press Ctrl+C";
    };
    if (navigator.clipboard) navigator.clipboard.writeText(d.replay).then(done, fallback);
    else fallback();
  });
  replay.append(code, copy);
  card.append(replay);
  const ex = el("div", "exports");
  const links: [string, string | null][] = [
    ["Perfetto trace (ui.perfetto.dev)", d.exports.perfetto],
    ["events.jsonl", d.exports.jsonl],
  ];
  for (const [label, href] of links) {
    const safe = href === null ? null : safeHref(href);
    if (safe === null) continue;
    const a = el("a", "", label);
    a.setAttribute("href", safe);
    ex.append(a);
  }
  if (ex.childElementCount > 0) card.append(ex);
}

export function jumpToViolation(app: App): void {
  const v = app.m.d.verdict;
  if (v.idx < 0) return;
  const span = app.t1 - app.t0;
  const tv = app.m.t[v.idx];
  app.setView(tv - span * 0.75, tv + span * 0.25, "violation");
  app.setCursor(v.idx, "violation");
}

export function renderStory(app: App): void {
  const box = byId<HTMLDivElement>("story");
  clear(box);
  const chips: { idx: number; b: HTMLButtonElement }[] = [];
  /** A chip's left edge within the strip's scrolled content. */
  const leftIn = (b: HTMLElement) => b.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
  for (const s of app.m.d.story) {
    const b = el("button", `chip ${s.kind}`);
    b.append(el("span", "t", fmtMs(app.m.t[s.idx])), el("span", "x", s.text));
    b.title = `event #${app.m.seq[s.idx]}`;
    b.addEventListener("click", () => app.seek(s.idx, "story"));
    box.append(b);
    chips.push({ idx: s.idx, b });
  }
  if (chips.length === 0) box.append(el("span", "muted", "No key transitions recorded."));
  app.on("cursor", (source) => {
    let cur: HTMLButtonElement | null = null;
    for (const c of chips) {
      c.b.classList.remove("current");
      if (c.idx <= app.cursor) cur = c.b;
    }
    if (cur) cur.classList.add("current");
    if (source === "init") {
      // Opening: line the strip up with the opening window (its first chip at the left), so the
      // faults that led to the violation show rather than the strip's right end.
      const first = chips.find((c) => app.m.t[c.idx] >= app.t0);
      box.scrollLeft = first ? Math.max(0, leftIn(first.b) - 8) : 0;
    } else if (cur) {
      box.scrollLeft = Math.max(0, leftIn(cur) - box.clientWidth / 2);
    }
  });
}

export function renderFaults(app: App): void {
  const d = app.m.d;
  const box = byId<HTMLDivElement>("faults");
  clear(box);
  const cap = el("div", "sub", d.schedule.shrunk ? `Shrunk fault schedule: ${d.schedule.rows.length} entries` : `Fault schedule: ${d.schedule.rows.length} entries`);
  box.append(cap);
  const table = el("table", "faults");
  const thead = el("thead");
  const hr = el("tr");
  for (const h of ["at", "kind", "action", "on", "applied"]) hr.append(el("th", "", h));
  thead.append(hr);
  const tbody = el("tbody");
  for (const r of d.schedule.rows) {
    const tr = el("tr");
    tr.append(el("td", "num", fmtTime(r.atUs)));
    const kind = el("td", "kind");
    const sw = el("span", "swatch");
    sw.style.background = FAULT_COLOR[r.kind] ?? "#999";
    kind.append(sw, el("span", "", r.kind));
    tr.append(kind, el("td", "action", r.text), el("td", "", r.on ?? ""));
    const applied = el("td", "num");
    if (r.idx >= 0) {
      const b = el("button", "link", `#${app.m.seq[r.idx]}`);
      b.addEventListener("click", () => app.seek(r.idx, "faults"));
      applied.append(b);
    } else applied.textContent = "—";
    tr.append(applied);
    tbody.append(tr);
  }
  table.append(thead, tbody);
  if (d.schedule.rows.length > 0) box.append(table);

  // Legend: only the kinds present.
  const legend = byId<HTMLDivElement>("legend");
  clear(legend);
  const kinds = new Set<string>(d.schedule.rows.map((r) => r.kind));
  for (const w of d.windows) kinds.add(w.kind);
  if (d.skews.length > 0) kinds.add("skew");
  for (let k = 0; k < d.down.kind.length; k++) kinds.add(["crash", "pause", "remove"][d.down.kind[k]]);
  const faultKinds = Object.keys(FAULT_COLOR).filter((k) => kinds.has(k));
  if (faultKinds.length > 0) {
    const g = el("span", "lg-group");
    g.append(el("span", "lg-title", "faults"));
    for (const k of faultKinds) {
      const it = el("span", "lg-item");
      const sw = el("span", `swatch fault-${k}`);
      sw.style.background = FAULT_COLOR[k];
      it.append(sw, el("span", "", k));
      g.append(it);
    }
    legend.append(g);
  }
  const roles = el("span", "lg-group");
  roles.append(el("span", "lg-title", "roles"));
  const present = new Set(d.roles.role);
  ROLES.forEach((r, i) => {
    if (!present.has(i)) return;
    const it = el("span", "lg-item");
    const sw = el("span", `swatch role-${r}`);
    sw.style.background = ROLE_FILL[i];
    it.append(sw, el("span", "", r));
    roles.append(it);
  });
  if (present.size > 0) legend.append(roles);
  const msgs = el("span", "lg-group");
  msgs.append(el("span", "lg-title", "messages"));
  const sts = new Set(d.msg.st);
  const glyph: [number[], string][] = [
    [[0], "→ delivered"],
    [[1, 3], "✕ dropped"],
    [[2], "⊣ blocked by partition"],
    [[4], "⇢ in flight"],
  ];
  for (const [codes, text] of glyph) if (codes.some((c) => sts.has(c))) msgs.append(el("span", "lg-item", text));
  if (sts.size > 0) legend.append(msgs);
  const vv = el("span", "lg-group");
  if (d.verdict.invariant !== null) {
    const it = el("span", "lg-item");
    const sw = el("span", "swatch");
    sw.style.background = VIOLATION;
    it.append(sw, el("span", "", "violation (witness outlined)"));
    vv.append(it);
    legend.append(vv);
  }
}

export function renderFilters(app: App): void {
  const m = app.m;
  const d = m.d;
  const box = byId<HTMLDivElement>("filters");
  clear(box);
  const changed = () => app.emit("filter", "filters");

  const hbCount = m.msgHeartbeat.reduce((a, b) => a + b, 0);
  const hb = el("label", "toggle");
  const hbBox = el("input");
  hbBox.type = "checkbox";
  hbBox.id = "hb-toggle";
  hbBox.checked = app.heartbeats;
  hbBox.addEventListener("change", () => {
    app.heartbeats = hbBox.checked;
    changed();
  });
  hb.append(hbBox, el("span", "", `heartbeats (${hbCount.toLocaleString("en-US")})`));
  box.append(hb);

  if (d.verdict.idx >= 0) {
    const dim = el("label", "toggle");
    const dimBox = el("input");
    dimBox.type = "checkbox";
    dimBox.checked = app.dim;
    dimBox.addEventListener("change", () => {
      app.dim = dimBox.checked;
      changed();
    });
    dim.append(dimBox, el("span", "", "dim non-witness"));
    box.append(dim);
  }

  const nodes = el("div", "fgroup");
  nodes.append(el("span", "ftitle", "nodes"));
  const nodeBoxes: HTMLInputElement[] = [];
  d.nodes.forEach((n, k) => {
    const lab = el("label", "chk");
    const c = el("input");
    c.type = "checkbox";
    c.checked = !app.hiddenNodes.has(k);
    c.dataset.node = n.name;
    c.addEventListener("change", () => {
      if (c.checked) app.hiddenNodes.delete(k);
      else app.hiddenNodes.add(k);
      changed();
    });
    nodeBoxes.push(c);
    const iso = el("button", "mini", "only");
    iso.title = `isolate ${n.name}: hide every other lane`;
    iso.addEventListener("click", () => {
      app.hiddenNodes = new Set(d.nodes.map((_, j) => j).filter((j) => j !== k));
      changed();
    });
    lab.append(c, el("span", "", n.name), iso);
    nodes.append(lab);
  });
  const all = el("button", "mini", "all");
  all.addEventListener("click", () => {
    app.hiddenNodes.clear();
    changed();
  });
  nodes.append(all);
  box.append(nodes);

  const kinds = el("div", "fgroup");
  kinds.append(el("span", "ftitle", "message kinds"));
  const kindCount = new Map<number, number>();
  for (const k of d.msg.kind) kindCount.set(k, (kindCount.get(k) ?? 0) + 1);
  const kindBoxes: HTMLInputElement[] = [];
  m.kinds.forEach((k, i) => {
    const lab = el("label", "chk");
    const c = el("input");
    c.type = "checkbox";
    c.checked = !app.hiddenKinds.has(k);
    c.addEventListener("change", () => {
      if (c.checked) app.hiddenKinds.delete(k);
      else app.hiddenKinds.add(k);
      changed();
    });
    kindBoxes.push(c);
    const sw = el("span", "swatch");
    sw.style.background = KIND_PALETTE[i % KIND_PALETTE.length];
    lab.append(c, sw, el("span", "", `${d.strs[k]} (${kindCount.get(k) ?? 0})`));
    kinds.append(lab);
  });
  box.append(kinds);

  const types = el("details", "fgroup types");
  types.append(el("summary", "ftitle", "event types"));
  const typeCount = new Int32Array(m.typeNames.length);
  for (let i = 0; i < m.n; i++) typeCount[m.type[i]]++;
  const typeBoxes: HTMLInputElement[] = [];
  m.typeNames.forEach((t, ti) => {
    const lab = el("label", "chk");
    const c = el("input");
    c.type = "checkbox";
    c.checked = !app.hiddenTypes.has(ti);
    c.addEventListener("change", () => {
      if (c.checked) app.hiddenTypes.delete(ti);
      else app.hiddenTypes.add(ti);
      changed();
    });
    typeBoxes.push(c);
    lab.append(c, el("span", "", `${t} (${typeCount[ti]})`));
    types.append(lab);
  });
  box.append(types);

  const search = el("input", "search");
  search.type = "search";
  search.id = "search";
  search.placeholder = "search events ( / )";
  search.value = app.query;
  let timer = 0;
  search.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      app.query = search.value;
      changed();
    }, 200);
  });
  // Enter jumps to the next match after the cursor (Shift+Enter: the previous one), wrapping.
  search.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    window.clearTimeout(timer);
    if (app.query !== search.value) {
      app.query = search.value;
      changed();
    }
    const hit = nextMatch(app, ev.shiftKey ? -1 : 1);
    if (hit >= 0) app.seek(hit, "search");
  });
  box.append(search);

  // Keep the controls in step when the state changes elsewhere (API, URL hash, keys).
  app.on("filter", () => {
    hbBox.checked = app.heartbeats;
    nodeBoxes.forEach((c, k) => {
      c.checked = !app.hiddenNodes.has(k);
    });
    kindBoxes.forEach((c, i) => {
      c.checked = !app.hiddenKinds.has(m.kinds[i]);
    });
    typeBoxes.forEach((c, ti) => {
      c.checked = !app.hiddenTypes.has(ti);
    });
    if (document.activeElement !== search) search.value = app.query;
  });
}

/** The next event (in direction dir from the cursor, wrapping) that matches the search and the filters, or -1. */
export function nextMatch(app: App, dir: 1 | -1): number {
  const mt = app.matches;
  const n = app.m.n;
  if (mt === null || n === 0) return -1;
  const from = app.cursor < 0 ? (dir > 0 ? -1 : n) : app.cursor;
  for (let k = 1; k <= n; k++) {
    const i = (((from + dir * k) % n) + n) % n;
    if (mt[i] === 1 && app.eventVisible(i, mt)) return i;
  }
  return -1;
}
