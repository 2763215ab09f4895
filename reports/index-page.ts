// The `npm start` library index (reports/out/index.html): one row per scenario with its
// outcome and a link to its report. Static HTML, all user data escaped; a tiny inline filter.
import { formatTime } from "../sim/kernel/types.ts";
import { escapeHtml } from "./embed.ts";
import type { IndexRow } from "./types.ts";

const CSS = `
body { margin:0; font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:#1a202c; background:#f1f5f9; }
header { padding:12px 18px; background:#0f172a; color:#e2e8f0; display:flex; gap:16px; align-items:baseline; }
header h1 { font-size:16px; margin:0; }
main { padding:14px 18px; }
.summary { margin-bottom:10px; font-size:14px; }
.summary .bad { color:#e53e3e; font-weight:700; }
.summary .ok { color:#2f855a; font-weight:700; }
input { padding:4px 8px; border:1px solid #cbd5e1; border-radius:4px; min-width:260px; margin-bottom:10px; }
table { border-collapse:collapse; width:100%; max-width:100%; background:#fff; border:1px solid #e2e8f0; }
th, td { padding:5px 8px; border-bottom:1px solid #e2e8f0; text-align:left; vertical-align:top; overflow-wrap:anywhere; }
th { font-size:11px; text-transform:uppercase; letter-spacing:.05em; color:#64748b; background:#f8fafc; overflow-wrap:normal; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.name { font-weight:600; min-width:9em; overflow-wrap:normal; }
td.desc { color:#475569; width:34%; }
td.viol { width:22%; }
#nomatch { display:none; padding:14px; background:#fff; border:1px solid #e2e8f0; border-top:none; color:#64748b; }
@media (max-width: 1200px) { .wide { display:none; } }
@media (max-width: 900px) { .mid { display:none; } td.name { min-width:7em; } }
details summary { cursor:pointer; list-style:none; }
details summary::-webkit-details-marker { display:none; }
details summary .more { color:#2563eb; font-size:11px; margin-left:4px; }
details[open] summary .more { display:none; }
details .rest { margin-top:4px; }
tr.group th { background:#e2e8f0; color:#0f172a; font-size:12px; text-transform:none; letter-spacing:0; padding:7px 8px; }
tr.group th .count { color:#64748b; font-weight:400; margin-left:8px; }
.kpis { display:flex; gap:18px; margin-bottom:10px; }
.kpi { background:#fff; border:1px solid #e2e8f0; border-radius:6px; padding:6px 12px; }
.kpi b { font-size:18px; display:block; }
td.hash { font-family:ui-monospace,monospace; font-size:11px; color:#64748b; overflow-wrap:normal; }
.badge { white-space:nowrap; overflow-wrap:normal; display:inline-block; padding:0 7px; border-radius:9px; font-weight:700; font-size:12px; }
.badge.ok { background:#c6f6d5; color:#22543d; }
.badge.fail { background:#fed7d7; color:#822727; }
.warn { color:#975a16; }
tr.fail td { background:#fff5f5; }
a { color:#2563eb; }
`;

// Filters rows by their text; a group header shows only while one of its rows does, and a line
// says so when no scenario matches.
const FILTER_JS = `document.getElementById("filter").addEventListener("input",function(e){var q=e.target.value.toLowerCase(),any=false,head=null,seen=false;document.querySelectorAll("tbody tr").forEach(function(r){if(r.classList.contains("group")){if(head)head.style.display=seen?"":"none";head=r;seen=false;return;}var on=r.textContent.toLowerCase().indexOf(q)>=0;r.style.display=on?"":"none";if(on){seen=true;any=true;}});if(head)head.style.display=seen?"":"none";document.getElementById("nomatch").style.display=any?"none":"block";});`;

function cell(text: string, cls = ""): string {
  return `<td${cls ? ` class="${cls}"` : ""}>${escapeHtml(text)}</td>`;
}

/** The scenario name, linked to its report when there is one. */
function nameCell(name: string, href: string | null): string {
  const safe = href === null ? null : safeHref(href);
  return safe === null ? cell(name, "name") : `<td class="name"><a href="${escapeHtml(safe)}">${escapeHtml(name)}</a></td>`;
}

/** Long text folded to its first sentence (at most `max` chars); the rest opens on click. */
function folded(text: string, cls: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat;
  let head = sentence.length <= max ? sentence : `${flat.slice(0, max).replace(/\s\S*$/, "")}…`;
  if (head.length >= flat.length) return cell(flat, cls);
  const rest = flat.slice(head.endsWith("…") ? head.length - 1 : head.length).trim();
  head = escapeHtml(head);
  return `<td class="${cls}"><details><summary>${head}<span class="more">more</span></summary><div class="rest">${escapeHtml(rest)}</div></details></td>`;
}

/** Simulated time, rounded for a table: 25.6s, 3m00s, 1h00m. */
function simTime(us: number): string {
  return formatTime(us < 60e6 ? Math.round(us / 1e5) * 1e5 : Math.round(us / 1e6) * 1e6);
}

const GROUP_TITLES: Record<string, string> = {
  raft: "Raft under faults",
  swarm: "Real-world SwarmKit issues (SWARM.md §10)",
  bugs: "Historical bugs switched on: the invariant must fire",
  seeds: "Everyday operations",
  examples: "Examples",
  regressions: "Regressions",
};

/** Only relative paths and http(s)/file URLs become links. */
function safeHref(href: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (m && !["http", "https", "file"].includes(m[1].toLowerCase())) return null;
  return href;
}

/** The library index page: rows grouped by library folder (known folders first), in the order given within a group. */
export function renderIndex(rows: readonly IndexRow[]): string {
  const failed = rows.filter((r) => !r.ok).length;
  const caught = rows.filter((r) => r.ok && r.expected.startsWith("violation:")).length;
  const warned = rows.filter((r) => r.warnings.length > 0).length;
  const groups = new Map<string, IndexRow[]>();
  for (const r of rows) {
    const g = r.group ?? "";
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }
  const section = (g: string, list: IndexRow[]) =>
    (groups.size > 1 || g !== ""
      ? `<tr class="group"><th colspan="10">${escapeHtml(GROUP_TITLES[g] ?? g)}<span class="count">${escapeHtml(g === "" ? "" : `scenarios/${g}/`)} · ${list.length}</span></th></tr>\n`
      : "") + list.map(row).join("\n");
  const row = (r: IndexRow) => {
      const outcome = r.outcome === r.expected ? r.outcome : `${r.outcome} (expected ${r.expected})`;
      return `<tr class="${r.ok ? "ok" : "fail"}">
<td><span class="badge ${r.ok ? "ok" : "fail"}">${r.ok ? "ok" : "FAIL"}</span></td>
${nameCell(r.scenario, r.reportHref)}${folded(r.description, "desc", 160)}<td class="outcome">${escapeHtml(outcome).replace(/:/g, ":<wbr>")}</td>${r.violation === null ? cell("—") : folded(r.violation, "viol", 120)}${cell(r.warnings.join(", ") || "—", r.warnings.length > 0 ? "warn" : "")}
${cell(r.events.toLocaleString("en-US"), "num mid")}${cell(simTime(r.simulatedUs), "num mid")}${cell(`${Math.round(r.wallMs)} ms`, "num wide")}${cell(r.traceHash, "hash wide")}
</tr>`;
    };
  const order = Object.keys(GROUP_TITLES);
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
  const sorted = [...groups].sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const body = sorted.map(([g, list]) => section(g, list)).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>swarmsim scenario library</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>swarmsim scenario library</h1><span>${rows.length} scenarios</span></header>
<main>
<div class="summary">${failed === 0 ? `<span class="ok">all ${rows.length} scenarios as expected</span>` : `<span class="bad">${failed} of ${rows.length} scenarios not as expected</span>`}</div>
<div class="kpis"><div class="kpi"><b>${rows.length - failed}/${rows.length}</b>as expected</div><div class="kpi"><b>${caught}</b>violations caught on purpose (historical bugs, known weaknesses)</div><div class="kpi"><b>${warned}</b>runs with warnings (single points of failure)</div></div>
<input id="filter" type="search" placeholder="filter scenarios">
<table>
<thead><tr><th></th><th title="each name opens its report">scenario</th><th>description</th><th>outcome</th><th>violation</th><th>warnings</th><th class="mid">events</th><th class="mid">simulated</th><th class="wide">wall</th><th class="wide">trace hash</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<div id="nomatch">No scenario matches the filter.</div>
</main>
<script>${FILTER_JS}</script>
</body>
</html>
`;
}
