// The report's stylesheet (inlined).
export const REPORT_CSS = `
:root { --fg:#1a202c; --muted:#64748b; --line:#e2e8f0; --bg:#f1f5f9; --card:#ffffff; --bad:#e53e3e; --ok:#2f855a; --accent:#2563eb; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:baseline; gap:12px; padding:10px 18px; background:#0f172a; color:#e2e8f0; }
header h1 { font-size:15px; margin:0; font-weight:600; }
header .keys { margin-left:auto; color:#94a3b8; font-size:12px; }
kbd { font:11px ui-monospace,monospace; border:1px solid #64748b; border-radius:3px; padding:0 4px; }
main { padding:12px 18px 40px; display:flex; flex-direction:column; gap:12px; }
section.card { min-width:0; overflow:hidden; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
section.card > h2 { font-size:12px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); margin:0 0 8px; font-weight:600; }
.muted { color:var(--muted); }
.sub { font-weight:600; margin:10px 0 4px; }
.note { color:#9c4221; }
#verdict .status { font-size:20px; font-weight:700; }
#verdict .status.bad { color:var(--bad); }
#verdict .status.ok { color:var(--ok); }
#verdict .shrunk-badge { margin-left:12px; font-size:12px; font-weight:600; vertical-align:3px; color:#744210; background:#fefcbf; border:1px solid #f6e05e; border-radius:10px; padding:1px 8px; }
#verdict .scenario { margin:4px 0; }
#verdict .scenario .name { font-weight:600; margin-right:10px; }
#verdict .scenario .desc { color:var(--muted); white-space:pre-wrap; }
#verdict .message { font-size:15px; margin:8px 0; padding:8px 10px; border-left:4px solid var(--bad); background:#fff5f5; white-space:pre-wrap; }
#verdict .at { color:var(--muted); }
.facts { display:flex; flex-wrap:wrap; gap:4px 20px; margin-top:8px; }
.kv .k { color:var(--muted); margin-right:6px; }
.kv .v { font-family:ui-monospace,monospace; }
ul.warnings { margin:8px 0; padding-left:18px; color:#975a16; }
ol.shrunk { margin:4px 0; padding-left:22px; font-family:ui-monospace,monospace; }
.replay { margin-top:10px; display:flex; align-items:center; gap:8px; flex-wrap:wrap; }
.replay .k { color:var(--muted); }
.replay code { background:#0f172a; color:#e2e8f0; padding:5px 8px; border-radius:4px; font:12px ui-monospace,monospace; user-select:all; word-break:break-all; }
.exports { margin-top:8px; display:flex; gap:14px; }
.exports a { color:var(--accent); }
button { font:inherit; cursor:pointer; }
button.link { background:none; border:none; color:var(--accent); padding:0; text-decoration:underline; }
button.copy, button.mini { border:1px solid #cbd5e1; background:#f8fafc; border-radius:4px; padding:1px 7px; }
button.mini { font-size:11px; padding:0 5px; margin-left:3px; }
.banner { display:none; padding:6px 10px; border-radius:6px; background:#fffbeb; border:1px solid #f6e05e; color:#744210; margin:6px 0; }
#story { display:flex; gap:6px; overflow-x:auto; padding-bottom:6px; }
.chip { flex:0 0 auto; border:1px solid #cbd5e1; background:#f8fafc; border-radius:14px; padding:2px 10px; white-space:nowrap; }
.chip .t { color:var(--muted); margin-right:6px; font-variant-numeric:tabular-nums; }
.chip.leader { border-color:#2b6cb0; } .chip.leader .x::before { content:"★ "; color:#2b6cb0; }
.chip.fault { border-color:#dd6b20; } .chip.fault .x::before { content:"⚡ "; color:#dd6b20; }
.chip.violation { border-color:var(--bad); background:#fff5f5; } .chip.violation .x::before { content:"✕ "; color:var(--bad); }
.chip.warning .x::before { content:"⚠ "; color:#b7791f; }
.chip.election .x::before { content:"? "; color:#b7791f; }
.chip.reschedule .x::before { content:"↻ "; color:#2f855a; }
.chip.op .x::before { content:"$ "; color:#2c5282; }
.chip.current { outline:2px solid var(--accent); }
#filters { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; margin-bottom:8px; }
.fgroup { display:flex; flex-wrap:wrap; gap:4px 8px; align-items:center; }
.ftitle { color:var(--muted); font-size:11px; text-transform:uppercase; letter-spacing:.05em; cursor:default; }
details.types[open] { flex-basis:100%; }
.chk, .toggle { display:inline-flex; align-items:center; gap:3px; white-space:nowrap; }
input.search { min-width:220px; padding:3px 8px; border:1px solid #cbd5e1; border-radius:4px; }
.swatch { display:inline-block; width:12px; height:12px; border-radius:2px; margin-right:4px; vertical-align:-2px; border:1px solid rgba(0,0,0,.15); }
#legend { display:flex; flex-wrap:wrap; gap:6px 18px; margin:6px 0; }
.lg-group { display:inline-flex; gap:10px; align-items:center; flex-wrap:wrap; }
.lg-title { color:var(--muted); font-size:11px; text-transform:uppercase; letter-spacing:.05em; }
.lg-item { white-space:nowrap; }
.legend-line { display:flex; flex-wrap:wrap; gap:10px; margin-top:6px; }
#tl { position:relative; }
#tl canvas, #ov canvas { display:block; }
#tl svg, #ov svg { position:absolute; left:0; top:0; }
#ov { position:relative; margin-top:4px; }
svg .axis text { font-size:11px; fill:#475569; }
svg .axis path, svg .axis line { stroke:#94a3b8; }
svg .lane-label { font-weight:600; font-size:12px; fill:#1a202c; }
svg .lane-sub { font-size:10px; fill:#64748b; }
svg .track-label { font-size:11px; fill:#64748b; }
svg .violation-label { fill:#e53e3e; font-weight:700; font-size:12px; paint-order:stroke; stroke:#fff; stroke-width:3px; }
.brush .selection { fill:#2563eb; fill-opacity:.12; stroke:#2563eb; }
#tip { position:absolute; display:none; max-width:380px; background:#0f172a; color:#f8fafc; padding:5px 8px; border-radius:4px; font-size:12px; pointer-events:none; z-index:10; }
.two { display:grid; grid-template-columns: minmax(0,1fr) minmax(0,1fr); gap:12px; }
@media (max-width: 1100px) { .two { grid-template-columns: 1fr; } }
table { border-collapse:collapse; }
table.state, table.faults { width:100%; }
table.state th, table.state td, table.faults th, table.faults td { border-bottom:1px solid var(--line); padding:3px 6px; text-align:left; white-space:nowrap; }
table.state td.changed { background:#fefcbf !important; font-weight:700; text-decoration:underline; }
table.state td.down { color:#fff; background:#4a5568; }
td.num { font-variant-numeric:tabular-nums; }
td.action { white-space:normal !important; font-family:ui-monospace,monospace; }
#matrix, #state { overflow-x:auto; }
table.matrix { font:11px ui-monospace,monospace; }
table.matrix th, table.matrix td { border:1px solid #fff; min-width:22px; height:20px; text-align:center; padding:0 2px; }
table.matrix thead th { color:var(--muted); font-weight:400; }
table.matrix thead th.bad { color:#fff; background:var(--bad); font-weight:700; }
table.matrix tbody th { text-align:left; padding-right:8px; white-space:nowrap; }
table.matrix td.uncommitted { background-image:repeating-linear-gradient(45deg, rgba(255,255,255,.75) 0 3px, transparent 3px 6px); font-style:italic; }
table.matrix td.commit-mark { border-right:3px solid #1a202c; }
table.matrix td.bad { outline:2px solid var(--bad); outline-offset:-2px; }
table.matrix td.snap { color:var(--muted); background:#edf2f7; }
.svc-head { margin-top:8px; }
.svc-name { font-weight:600; }
.svc-canvas { display:block; }
#events { height:330px; overflow:auto; border:1px solid var(--line); border-radius:4px; position:relative; }
#events .spacer { position:relative; }
#events .rows { position:absolute; left:0; right:0; top:0; }
.erow { display:flex; gap:10px; height:22px; line-height:22px; padding:0 8px; border-bottom:1px solid #f1f5f9; cursor:pointer; white-space:nowrap; overflow:hidden; font-size:12px; }
.erow:hover { background:#f8fafc; }
.erow.current { background:#dbeafe; }
.erow.violation { color:var(--bad); font-weight:700; }
.erow.witness { box-shadow: inset 3px 0 0 var(--bad); }
.erow.outside { color:#94a3b8; }
.c-seq { width:64px; color:var(--muted); font-variant-numeric:tabular-nums; }
.c-t { width:90px; font-variant-numeric:tabular-nums; }
.c-node { width:56px; font-weight:600; }
.c-type { width:120px; color:#475569; }
.c-sum { overflow:hidden; text-overflow:ellipsis; }
pre.json { background:#f8fafc; border:1px solid var(--line); padding:8px; border-radius:4px; font:12px ui-monospace,monospace; white-space:pre-wrap; word-break:break-all; max-height:300px; overflow:auto; }
ul.related { padding-left:18px; margin:4px 0; }
ul.related button.current { font-weight:700; }
`;
