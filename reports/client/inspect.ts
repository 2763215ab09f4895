// Cluster state and the Raft log matrix at the cursor, folded from the events up to it.
import type { App } from "./app.ts";
import { ROLE_FILL, ROLE_TEXT } from "./colors.ts";
import { byId, clear, el, fmtTime } from "./dom.ts";
import { field, type Model } from "./model.ts";

interface NodeState {
  status: string;
  role: string;
  term: number | null;
  leader: string | null;
  commit: number;
  applied: number;
  snapshot: number;
  logTerms: number[];
  logHashes: number[];
  offsetUs: number;
  driftPpm: number;
  side: string;
  running: Map<string, string>;
}

const COLS = ["status", "role", "term", "leader", "commit", "applied", "log", "clock", "side", "running"] as const;
type Col = (typeof COLS)[number];

function fresh(): NodeState {
  return { status: "up", role: "—", term: null, leader: null, commit: 0, applied: 0, snapshot: 0, logTerms: [], logHashes: [], offsetUs: 0, driftPpm: 0, side: "—", running: new Map() };
}

function apply(m: Model, st: NodeState[], i: number): void {
  const type = m.typeNames[m.type[i]];
  const k = m.node[i];
  const g = (f: string) => field(m, i, f);
  const n = k >= 0 ? st[k] : null;
  switch (type) {
    case "raft.role":
      if (n) {
        n.role = String(g("role"));
        n.term = Number(g("term"));
        n.leader = (g("leader") as string | null) ?? null;
      }
      break;
    case "raft.append":
      if (n) {
        const idx = Number(g("index"));
        const off = idx - 1 - n.snapshot;
        if (off >= 0 && off <= n.logTerms.length) {
          n.logTerms.length = off;
          n.logHashes.length = off;
          n.logTerms.push(Number(g("term")));
          n.logHashes.push(Number(g("entryHash")));
        }
      }
      break;
    case "raft.truncate":
      if (n) {
        const off = Math.max(0, Number(g("fromIndex")) - 1 - n.snapshot);
        n.logTerms.length = Math.min(n.logTerms.length, off);
        n.logHashes.length = Math.min(n.logHashes.length, off);
      }
      break;
    case "raft.snapshot":
      if (n) {
        const idx = Number(g("index"));
        const drop = Math.max(0, Math.min(n.logTerms.length, idx - n.snapshot));
        n.logTerms.splice(0, drop);
        n.logHashes.splice(0, drop);
        n.snapshot = Math.max(n.snapshot, idx);
      }
      break;
    case "raft.commit":
      if (n) n.commit = Math.max(n.commit, Number(g("index")));
      break;
    case "raft.apply":
      if (n) n.applied = Math.max(n.applied, Number(g("index")));
      break;
    case "node.crash":
      if (n) {
        n.status = "crashed";
        n.role = "—";
        n.running.clear();
      }
      break;
    case "node.pause":
      if (n) n.status = "paused";
      break;
    case "node.remove":
      if (n) n.status = "removed";
      break;
    case "node.restart":
    case "node.resume":
      if (n) n.status = "up";
      break;
    case "clock.skew":
      for (const s of n ? [n] : st) {
        const o = g("offsetUs");
        const dr = g("driftPpm");
        if (typeof o === "number") s.offsetUs = o;
        if (typeof dr === "number") s.driftPpm = dr;
      }
      break;
    case "net.partition": {
      const groups = g("groups");
      for (const s of st) s.side = "—";
      if (Array.isArray(groups)) {
        groups.forEach((grp, gi) => {
          if (!Array.isArray(grp)) return;
          for (const name of grp) {
            const j = m.d.nodes.findIndex((x) => x.name === name);
            if (j >= 0) st[j].side = `${String.fromCharCode(65 + (gi % 26))} (${grp.length})`;
          }
        });
      }
      break;
    }
    case "net.heal":
      for (const s of st) s.side = "—";
      break;
    case "container.state":
      if (n) {
        const key = String(g("task"));
        if (g("state") === "running") n.running.set(key, `${g("service")}.${g("slot")}`);
        else n.running.delete(key);
      }
      break;
    default:
      break;
  }
}

function cell(s: NodeState, c: Col): string {
  switch (c) {
    case "status":
      return s.status;
    case "role":
      return s.role;
    case "term":
      return s.term === null ? "—" : String(s.term);
    case "leader":
      return s.leader ?? "—";
    case "commit":
      return String(s.commit);
    case "applied":
      return String(s.applied);
    case "log":
      return String(s.snapshot + s.logTerms.length);
    case "clock":
      return s.offsetUs === 0 && s.driftPpm === 0 ? "0" : `${s.offsetUs >= 0 ? "+" : ""}${fmtTime(s.offsetUs)}${s.driftPpm !== 0 ? ` ${s.driftPpm}ppm` : ""}`;
    case "side":
      return s.side;
    case "running":
      return [...s.running.values()].join(" ") || "—";
  }
}

const TERM_PALETTE = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9d9d9", "#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc"];
const MATRIX_COLS = 40;

export class Inspector {
  constructor(private readonly app: App) {
    app.on("cursor", () => this.render());
  }

  /** State after event `upto` (inclusive), and the cells the event itself changed. */
  fold(upto: number): { st: NodeState[]; changed: Set<string> } {
    const m = this.app.m;
    const st = m.d.nodes.map(fresh);
    for (let i = 0; i < upto; i++) apply(m, st, i);
    const before = st.map((s) => COLS.map((c) => cell(s, c)));
    if (upto >= 0) apply(m, st, upto);
    const changed = new Set<string>();
    st.forEach((s, k) => {
      COLS.forEach((c, ci) => {
        if (cell(s, c) !== before[k][ci]) changed.add(`${k}:${c}`);
      });
    });
    return { st, changed };
  }

  render(): void {
    const m = this.app.m;
    const cur = this.app.cursor;
    const { st, changed } = this.fold(cur);
    const head = byId<HTMLDivElement>("state-head");
    head.textContent = cur >= 0 ? `at event #${m.seq[cur]} · ${fmtTime(m.t[cur])} · ${m.typeNames[m.type[cur]]}${m.node[cur] >= 0 ? ` on ${m.d.nodes[m.node[cur]].name}` : ""}` : "before the first event";
    const box = byId<HTMLDivElement>("state");
    clear(box);
    const table = el("table", "state");
    const hr = el("tr");
    hr.append(el("th", "", "node"));
    for (const c of COLS) hr.append(el("th", "", c));
    const thead = el("thead");
    thead.append(hr);
    const tbody = el("tbody");
    st.forEach((s, k) => {
      const tr = el("tr");
      const name = m.d.nodes[k];
      tr.append(el("th", "", `${name.name}${name.manager ? "" : " (w)"}`));
      for (const c of COLS) {
        const td = el("td", changed.has(`${k}:${c}`) ? "changed" : "", cell(s, c));
        if (c === "role") {
          const ri = ["follower", "candidate", "pre-candidate", "leader"].indexOf(s.role);
          if (ri >= 0) {
            td.style.background = ROLE_FILL[ri];
            td.style.color = ROLE_TEXT[ri];
          }
        }
        if (c === "status" && s.status !== "up") td.classList.add("down");
        tr.append(td);
      }
      tbody.append(tr);
    });
    table.append(thead, tbody);
    box.append(table);
    this.renderMatrix(st);
  }

  private renderMatrix(st: NodeState[]): void {
    const m = this.app.m;
    const box = byId<HTMLDivElement>("matrix");
    clear(box);
    const rows = m.d.nodes.map((n, k) => ({ n, k, s: st[k] })).filter((r) => r.n.manager);
    const last = Math.max(0, ...rows.map((r) => r.s.snapshot + r.s.logTerms.length));
    if (rows.length === 0 || last === 0) {
      box.append(el("p", "muted", "No Raft log entries yet at the cursor."));
      return;
    }
    const entry = (s: NodeState, idx: number): [number, number] | null => {
      const off = idx - 1 - s.snapshot;
      return off >= 0 && off < s.logTerms.length ? [s.logTerms[off], s.logHashes[off]] : null;
    };
    const disagree = (idx: number) => {
      let seen: [number, number] | null = null;
      for (const r of rows) {
        const e = entry(r.s, idx);
        if (e === null) continue;
        if (seen === null) seen = e;
        else if (seen[0] !== e[0] || seen[1] !== e[1]) return true;
      }
      return false;
    };
    let firstBad = -1;
    for (let idx = 1; idx <= last && firstBad < 0; idx++) if (disagree(idx)) firstBad = idx;
    let lo = Math.max(1, last - MATRIX_COLS + 1);
    if (firstBad >= 0 && firstBad < lo) lo = Math.max(1, firstBad - 5);
    const hi = Math.min(last, lo + MATRIX_COLS - 1);
    const note = el("div", "muted", `indexes ${lo}–${hi} of ${last}${firstBad >= 0 ? ` · logs disagree from index ${firstBad}` : " · logs agree"}`);
    box.append(note);
    const table = el("table", "matrix");
    const hr = el("tr");
    hr.append(el("th", "", "index"));
    for (let idx = lo; idx <= hi; idx++) {
      const bad = disagree(idx);
      const th = el("th", bad ? "bad" : "", bad ? `${idx}≠` : String(idx));
      hr.append(th);
    }
    const thead = el("thead");
    thead.append(hr);
    const tbody = el("tbody");
    for (const r of rows) {
      const tr = el("tr");
      tr.append(el("th", "", `${r.n.name} (c${r.s.commit})`));
      for (let idx = lo; idx <= hi; idx++) {
        const e = entry(r.s, idx);
        const td = el("td");
        if (idx <= r.s.snapshot) {
          td.textContent = "S";
          td.className = "snap";
        } else if (e !== null) {
          td.textContent = String(e[0]);
          td.style.background = TERM_PALETTE[e[0] % TERM_PALETTE.length];
          td.className = idx <= r.s.commit ? "committed" : "uncommitted";
          td.title = `index ${idx} term ${e[0]} hash ${e[1]}${idx <= r.s.commit ? " committed" : " uncommitted"}`;
        }
        if (idx === r.s.commit) td.classList.add("commit-mark");
        if (disagree(idx)) td.classList.add("bad");
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(thead, tbody);
    box.append(table);
  }
}
