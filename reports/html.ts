// The report page: one offline HTML file per run. Data is embedded as escaped JSON, the script
// (client + d3) inlined; nothing is fetched. Same input ⇒ byte-identical output.
import { clientBundle } from "./bundle.ts";
import { compileReport } from "./compact.ts";
import { escapeHtml, scriptJson } from "./embed.ts";
import { REPORT_CSS } from "./style.ts";
import type { ReportInput } from "./types.ts";

/** Renders the whole report page. */
export function renderReport(input: ReportInput): string {
  const data = compileReport(input);
  const v = data.verdict;
  const title = `${v.invariant !== null ? `✕ ${v.invariant}` : v.ok ? "✓ passed" : "✕ failed"} · ${data.scenario} · seed ${data.seed}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>swarmsim report</h1><span class="keys"><kbd>v</kbd> violation · <kbd>←</kbd><kbd>→</kbd> events · <kbd>+</kbd><kbd>-</kbd><kbd>0</kbd> zoom · <kbd>h</kbd> heartbeats · <kbd>/</kbd> search · drag/scroll the timeline</span></header>
<main>
<noscript><p>This report needs JavaScript to draw its views; the raw data is embedded in the page source.</p></noscript>
<section class="card" id="verdict-card"><div id="verdict"></div></section>
<section class="card"><h2>Story</h2><div id="story"></div></section>
<section class="card" id="timeline-card"><h2>Timeline</h2>
<div id="filters"></div>
<div id="legend"></div>
<div id="notes" class="banner"></div>
<div id="tl-banner" class="banner"></div>
<div id="tl"><canvas id="tl-canvas"></canvas><svg id="tl-svg" role="img" aria-label="timeline"></svg></div>
<div id="ov"><canvas id="ov-canvas"></canvas><svg id="ov-svg" aria-label="overview"></svg></div>
</section>
<div class="two">
<section class="card"><h2>Cluster state at the cursor</h2><div id="state-head" class="muted"></div><div id="state"></div></section>
<section class="card"><h2>Raft log at the cursor</h2><div id="matrix"></div></section>
</div>
<section class="card"><h2>Services</h2><div id="services"></div></section>
<section class="card"><h2>Faults</h2><div id="faults"></div></section>
<div class="two">
<section class="card"><h2>Events</h2><div id="events-count" class="muted"></div><div id="events"></div></section>
<section class="card"><h2>Details</h2><div id="details"></div></section>
</div>
</main>
<div id="tip"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${clientBundle()}</script>
</body>
</html>
`;
}
