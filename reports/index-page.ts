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
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid #e2e8f0; }
th, td { padding:5px 8px; border-bottom:1px solid #e2e8f0; text-align:left; vertical-align:top; }
th { font-size:11px; text-transform:uppercase; letter-spacing:.05em; color:#64748b; background:#f8fafc; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.desc { color:#475569; max-width:520px; }
td.hash { font-family:ui-monospace,monospace; font-size:11px; color:#64748b; }
.badge { display:inline-block; padding:0 7px; border-radius:9px; font-weight:700; font-size:12px; }
.badge.ok { background:#c6f6d5; color:#22543d; }
.badge.fail { background:#fed7d7; color:#822727; }
.warn { color:#975a16; }
tr.fail td { background:#fff5f5; }
a { color:#2563eb; }
`;

const FILTER_JS = `document.getElementById("filter").addEventListener("input",function(e){var q=e.target.value.toLowerCase();document.querySelectorAll("tbody tr").forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?"":"none";});});`;

function cell(text: string, cls = ""): string {
  return `<td${cls ? ` class="${cls}"` : ""}>${escapeHtml(text)}</td>`;
}

/** Only relative paths and http(s)/file URLs become links. */
function safeHref(href: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (m && !["http", "https", "file"].includes(m[1].toLowerCase())) return null;
  return href;
}

/** The library index page. Rows are shown in the order given. */
export function renderIndex(rows: readonly IndexRow[]): string {
  const failed = rows.filter((r) => !r.ok).length;
  const body = rows
    .map((r) => {
      const href = r.reportHref === null ? null : safeHref(r.reportHref);
      const link = href === null ? "<td>—</td>" : `<td><a href="${escapeHtml(href)}">report</a></td>`;
      const outcome = r.outcome === r.expected ? r.outcome : `${r.outcome} (expected ${r.expected})`;
      return `<tr class="${r.ok ? "ok" : "fail"}">
<td><span class="badge ${r.ok ? "ok" : "fail"}">${r.ok ? "ok" : "FAIL"}</span></td>
${cell(r.scenario)}${cell(r.description, "desc")}${cell(outcome)}${cell(r.violation ?? "—")}${cell(r.warnings.join(", ") || "—", r.warnings.length > 0 ? "warn" : "")}
${cell(r.events.toLocaleString("en-US"), "num")}${cell(formatTime(r.simulatedUs), "num")}${cell(`${Math.round(r.wallMs)} ms`, "num")}${cell(r.traceHash, "hash")}
${link}
</tr>`;
    })
    .join("\n");
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
<input id="filter" type="search" placeholder="filter scenarios">
<table>
<thead><tr><th></th><th>scenario</th><th>description</th><th>outcome</th><th>violation</th><th>warnings</th><th>events</th><th>simulated</th><th>wall</th><th>trace hash</th><th></th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</main>
<script>${FILTER_JS}</script>
</body>
</html>
`;
}
