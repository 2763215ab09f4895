// Browser tests of the report page in headless Debian Chromium (playwright-core). All browser
// tests live in this one file so that they never run in parallel with each other. Without
// /usr/bin/chromium they are skipped with a message, except under CI=true where they fail.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEARTBEAT_KINDS } from "../sim/kernel/events.ts";
import { measureReportLoad } from "./bench.ts";
import { blockExternal, CHROMIUM_PATH, chromiumAvailable, launchChromium, waitReady } from "./browser.ts";
import { describeAction } from "../sim/scenario/describe.ts";
import { renderIndex, renderReport } from "./render.ts";
import { type SyntheticRun, syntheticRun } from "./testing/synthetic.ts";
import type { TraceEvent } from "./types.ts";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "out");
const CI = process.env.CI === "true";
const available = chromiumAvailable();
if (!available && !CI) console.warn(`\n  SKIPPED report browser tests: ${CHROMIUM_PATH} not found (run .ci/install-browser.sh)\n`);

const EVIL_DESC = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> description`;
const EVIL_SVC = `<img src=y onerror="window.__pwned = 3">`;
const REPLAY = "npx tsx sim/cli.ts run scenarios/synthetic.yml --seed 7";

interface Api {
  counts(): Record<string, number | boolean>;
  view(): { t0: number; t1: number };
  setView(t0: number, t1: number): void;
  cursorSeq(): number | null;
  seekSeq(s: number): void;
  setHeartbeats(on: boolean): void;
  hideNode(name: string, hidden: boolean): void;
  hideKind(kind: string, hidden: boolean): void;
  setQuery(q: string): void;
  filters(): unknown;
  roleBands(): { node: string; role: string; term: number; seq: number; t0: number; t1: number }[];
  violation(): { timeUs: number; seq: number } | null;
}

/** Message records the page draws: one per deliver/drop, plus sends that never ended. */
function expectedArrows(events: readonly TraceEvent[], keep: (kind: string, from: string, to: string) => boolean): number {
  const ended = new Set<number>();
  let n = 0;
  for (const e of events) {
    if (e.type === "msg.deliver" || e.type === "msg.drop") {
      ended.add(e.msgId);
      if (keep(e.kind, e.from, e.to)) n++;
    }
  }
  for (const e of events) if (e.type === "msg.send" && !ended.has(e.msgId) && keep(e.kind, e.from, e.to)) n++;
  return n;
}

describe.skipIf(!available && !CI)("report in a real browser", () => {
  let browser: Browser;
  let run: SyntheticRun;
  let url: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: run .ci/install-browser.sh`);
    mkdirSync(OUT, { recursive: true });
    run = syntheticRun({ description: EVIL_DESC, serviceName: EVIL_SVC });
    const html = renderReport({ ...run, shrunk: run.shrunk, replayCommand: REPLAY, exports: { perfetto: "trace.perfetto.json", jsonl: "events.jsonl" } });
    const file = join(OUT, "browser-test.html");
    writeFileSync(file, html);
    url = pathToFileURL(file).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(at = url): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const attempts = await blockExternal(page, at.split("#")[0]);
    page.on("close", () => requests.push(...attempts));
    await page.goto(at);
    await waitReady(page);
    return page;
  }

  const api = <T>(page: Page, fn: (a: Api) => T): Promise<T> => page.evaluate(`(${fn.toString()})(window.__swarmsimReport)`) as Promise<T>;

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(OUT, `browser-${name}.png`), fullPage: true });
    await page.close();
  }

  it("shows the seed and the replay command in the verdict card", async () => {
    const page = await open();
    const card = await page.textContent("#verdict");
    expect(card).toContain("raft.log-matching");
    expect(card).toContain(run.result.violations[0].message);
    expect(await page.textContent("#verdict .seed .v")).toBe(String(run.meta.seed));
    expect(await page.textContent("#replay-cmd")).toBe(REPLAY);
    await shot(page, "verdict");
  });

  it("opens on the violation: the red rule lies in the opening view", async () => {
    const page = await open();
    const view = await api(page, (a) => a.view());
    const v = await api(page, (a) => a.violation());
    expect(v).not.toBeNull();
    expect(v!.timeUs).toBeGreaterThanOrEqual(view.t0);
    expect(v!.timeUs).toBeLessThanOrEqual(view.t1);
    const rule = await page.$("#tl-svg line.violation-rule");
    expect(rule).not.toBeNull();
    const x = Number(await rule!.getAttribute("x1"));
    const width = Number(await page.getAttribute("#tl-svg", "width"));
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(width);
    expect(await api(page, (a) => a.cursorSeq())).toBe(v!.seq);
    // Zoom elsewhere, then `v` brings the violation back.
    await api(page, (a) => a.setView(0, 5_000_000));
    expect(await page.$("#tl-svg line.violation-rule")).toBeNull();
    await page.keyboard.press("v");
    const back = await api(page, (a) => a.view());
    expect(v!.timeUs).toBeGreaterThanOrEqual(back.t0);
    expect(v!.timeUs).toBeLessThanOrEqual(back.t1);
    expect(await page.$("#tl-svg line.violation-rule")).not.toBeNull();
    await shot(page, "violation");
  });

  it("lists exactly the shrunk timeline in the fault table", async () => {
    const page = await open();
    const rows = await page.$$eval("#faults tbody tr", (trs) => trs.map((tr) => [tr.children[1].textContent, tr.children[2].textContent]));
    expect(rows).toEqual(run.shrunk.map((e) => [e.action.kind, describeAction(e.action)]));
    const legend = await page.$$eval("#legend .lg-item", (els) => els.map((e) => e.textContent));
    // Legend: only the fault kinds present (no "pause", "delay", …).
    expect(legend).toContain("partition");
    expect(legend).not.toContain("pause");
    expect(legend).not.toContain("delay");
    await shot(page, "faults");
  });

  it("draws one role band per role change", async () => {
    const page = await open();
    const bands = await api(page, (a) => a.roleBands());
    const history = run.events.filter((e) => e.type === "raft.role").map((e) => ({ node: e.node, role: (e as { role: string }).role, term: (e as { term: number }).term, seq: e.seq }));
    expect(bands.map(({ node, role, term, seq }) => ({ node, role, term, seq }))).toEqual(history);
    await api(page, (a) => a.setView(0, 1e12));
    expect((await api(page, (a) => a.counts())).visibleRoleBands).toBe(history.length);
    await api(page, (a) => a.hideNode("m1", true));
    expect((await api(page, (a) => a.counts())).visibleRoleBands).toBe(history.filter((h) => h.node !== "m1").length);
    await shot(page, "roles");
  });

  it("draws one arrow per filtered message; the heartbeat toggle adds exactly the heartbeats", async () => {
    const page = await open();
    await api(page, (a) => a.setView(0, 1e12));
    const noHb = expectedArrows(run.events, (k) => !HEARTBEAT_KINDS.has(k));
    const all = expectedArrows(run.events, () => true);
    expect(noHb).toBeLessThan(all);
    let c = await api(page, (a) => a.counts());
    expect(c.aggregatedArrows).toBe(false);
    expect(c.visibleArrows).toBe(noHb);
    await page.click("#hb-toggle");
    c = await api(page, (a) => a.counts());
    expect(c.visibleArrows).toBe(all);
    expect((c.visibleArrows as number) - noHb).toBe(all - noHb);
    expect(c.heartbeatArrowsVisible).toBe(all - noHb);
    await shot(page, "arrows-heartbeats");
    const page2 = await open();
    await api(page2, (a) => a.setView(0, 1e12));
    await api(page2, (a) => a.hideNode("w2", true));
    await api(page2, (a) => a.hideKind("raft.append", true));
    c = await api(page2, (a) => a.counts());
    expect(c.visibleArrows).toBe(expectedArrows(run.events, (k, f, t) => !HEARTBEAT_KINDS.has(k) && k !== "raft.append" && f !== "w2" && t !== "w2"));
    await shot(page2, "arrows-filtered");
  });

  it("restores the view from the URL hash", async () => {
    const page = await open();
    await api(page, (a) => a.setView(21_000_000, 29_500_000));
    await api(page, (a) => a.setHeartbeats(true));
    await api(page, (a) => a.hideNode("w1", true));
    await api(page, (a) => a.hideKind("raft.vote", true));
    await api(page, (a) => a.setQuery("append"));
    const seq = run.events.find((e) => e.timeUs > 25_000_000)!.seq;
    await api(page, (a) => a.seekSeq(0));
    await page.evaluate(`window.__swarmsimReport.seekSeq(${seq})`);
    const state = { view: await api(page, (a) => a.view()), filters: await api(page, (a) => a.filters()), cursor: await api(page, (a) => a.cursorSeq()) };
    const link = page.url();
    expect(link).toContain("#");
    await page.close();
    const again = await open(link);
    const view = await api(again, (a) => a.view());
    expect(view.t0).toBeCloseTo(state.view.t0, -1);
    expect(view.t1).toBeCloseTo(state.view.t1, -1);
    expect(await api(again, (a) => a.filters())).toEqual(state.filters);
    expect(await api(again, (a) => a.cursorSeq())).toBe(seq);
    expect(await again.isChecked("#hb-toggle")).toBe(true);
    expect(await again.inputValue("#search")).toBe("append");
    await shot(again, "hash-restore");
  });

  it("renders user data as text and runs none of it", async () => {
    const page = await open();
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.textContent("#verdict .desc")).toBe(EVIL_DESC);
    const svc = await page.textContent("#services .svc-name");
    expect(svc).toBe(EVIL_SVC);
    expect(await page.$$eval("img", (imgs) => imgs.length)).toBe(0);
    expect(await page.$$eval("script", (s) => s.length)).toBe(2);
    await shot(page, "xss");
  });

  it("syncs the event table with the timeline both ways", async () => {
    const page = await open();
    const target = run.events.find((e) => e.type === "net.partition")!;
    await api(page, (a) => a.setView(0, 1e12));
    await page.evaluate(`window.__swarmsimReport.seekSeq(${target.seq})`);
    const current = await page.textContent("#events .erow.current .c-seq");
    expect(current).toBe(`#${target.seq}`);
    expect(await page.textContent("#details pre.json")).toContain('"type": "net.partition"');
    // Click another row: the cursor follows.
    const label = `#${target.seq + 2}`;
    await page.locator("#events .erow", { has: page.locator(".c-seq", { hasText: new RegExp(`^${label}$`) }) }).click();
    expect(`#${await api(page, (a) => a.cursorSeq())}`).toBe(label);
    // A delivered message shows its matching send.
    const deliver = run.events.find((e) => e.type === "msg.deliver" && e.timeUs > 5_000_000)!;
    await page.evaluate(`window.__swarmsimReport.seekSeq(${deliver.seq})`);
    const related = await page.$$eval("#details ul.related button", (bs) => bs.map((b) => b.textContent ?? ""));
    expect(related.some((t) => t.includes("msg.send"))).toBe(true);
    expect(related.some((t) => t.includes("msg.deliver"))).toBe(true);
    await shot(page, "table-sync");
  });

  it("loads a 100,000-event report without gross regressions", async () => {
    const big = syntheticRun({ targetEvents: 100_000 });
    const file = join(OUT, "browser-100k.html");
    writeFileSync(file, renderReport({ ...big, replayCommand: REPLAY }));
    const { loadMs, bytes } = await measureReportLoad(file);
    console.log(`report100k: ${big.events.length} events, ${(bytes / 1e6).toFixed(2)} MB, loaded in ${loadMs} ms`);
    expect(bytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(loadMs).toBeLessThanOrEqual(6000);
    const page = await open(pathToFileURL(file).href);
    const c = await api(page, (a) => a.counts());
    expect(c.aggregatedArrows).toBe(false);
    await api(page, (a) => a.setHeartbeats(true));
    await api(page, (a) => a.setView(0, 1e13));
    const all = await api(page, (a) => a.counts());
    expect(all.aggregatedArrows).toBe(true);
    expect(await page.isVisible("#tl-banner")).toBe(true);
    expect(await page.textContent("#tl-banner")).toMatch(/per-pixel/);
    await shot(page, "100k-aggregated");
  });

  function writePage(name: string, r: SyntheticRun, extra: Partial<Parameters<typeof renderReport>[0]> = {}): string {
    const file = join(OUT, `browser-${name}.html`);
    writeFileSync(file, renderReport({ ...r, shrunk: null, replayCommand: REPLAY, ...extra }));
    return pathToFileURL(file).href;
  }

  it("opens a long failing run on its causes: faults, witnesses and violation in view, the Story scrolled to the faults", async () => {
    const big = syntheticRun({ targetEvents: 20_000 });
    const page = await open(writePage("opening-fail", big));
    const view = await api(page, (a) => a.view());
    const v = (await api(page, (a) => a.violation()))!;
    expect(v.timeUs).toBeLessThanOrEqual(view.t1);
    const faults = big.events.filter((e) => ["net.partition", "net.loss", "node.crash", "clock.skew"].includes(e.type));
    for (const f of faults) expect(f.timeUs).toBeGreaterThanOrEqual(view.t0);
    const witness = big.events[big.events.length - 1] as unknown as { witness: number[] };
    for (const s of witness.witness) expect(big.events.find((e) => e.seq === s)!.timeUs).toBeGreaterThanOrEqual(view.t0);
    // The partition chip is on screen in the Story strip (it opened on the faults, not its right end).
    const chip = await page.evaluate(() => {
      const box = document.getElementById("story")!.getBoundingClientRect();
      const c = [...document.querySelectorAll("#story .chip.fault")].find((b) => (b.textContent ?? "").includes("partition"))!.getBoundingClientRect();
      return { left: c.left - box.left, right: c.right - box.left, width: box.width };
    });
    expect(chip.left).toBeGreaterThanOrEqual(0);
    expect(chip.right).toBeLessThanOrEqual(chip.width);
    await shot(page, "opening-fail");
  });

  it("opens a long passing run on its timeline entries", async () => {
    const big = syntheticRun({ targetEvents: 20_000, violation: false });
    const page = await open(writePage("opening-pass", big));
    const view = await api(page, (a) => a.view());
    for (const e of big.events.filter((x) => ["net.partition", "net.heal", "node.crash", "node.restart"].includes(x.type))) {
      expect(e.timeUs).toBeGreaterThanOrEqual(view.t0);
      expect(e.timeUs).toBeLessThanOrEqual(view.t1);
    }
    await shot(page, "opening-pass");
  });

  it("stacks a slot's overlapping tasks in the Services panel so the duplicate stays visible", async () => {
    const page = await open(writePage("duplicate-slot", syntheticRun({ duplicateSlot: true })));
    const lanes = await api(page, (a) => (a as unknown as { serviceLanes(): { label: string; lines: number }[] }).serviceLanes());
    expect(lanes.find((l) => l.label === "slot 1")?.lines).toBe(2);
    expect(lanes.find((l) => l.label === "slot 2")?.lines).toBe(1);
    expect(await page.textContent("#services .svc-head")).toContain("overlapping tasks");
    await shot(page, "duplicate-slot");
  });

  type Api2 = Api & { trackTop(key: string): number | null; xOf(t: number): number; roleBands(): { node: string; role: string; term: number; seq: number; t0: number; t1: number }[] };
  const api2 = <T>(page: Page, fn: (a: Api2) => T): Promise<T> => page.evaluate(`(${fn.toString()})(window.__swarmsimReport)`) as Promise<T>;

  it("draws role bands above the message arrows, so 'leader · term 2' stays readable", async () => {
    const page = await open();
    await api(page, (a) => a.setHeartbeats(true));
    await api(page, (a) => a.setView(0, 1e12));
    expect((await api(page, (a) => a.counts())).aggregatedArrows).toBe(false);
    // m2's lane lies between m1 and m3: every arrow between those two crosses its band.
    const bands = (await api2(page, (a) => a.roleBands())).filter((b) => b.node === "m2" && (b.role === "follower" || b.role === "leader"));
    const top = (await api2(page, (a) => a.trackTop("node:m2")))!;
    let checked = 0;
    let off = 0;
    for (const b of bands) {
      const [xa, xb] = await page.evaluate(`[window.__swarmsimReport.xOf(${b.t0}), window.__swarmsimReport.xOf(${b.t1})]`) as [number, number];
      if (xb - xa < 20) continue;
      const fill = b.role === "leader" ? [0x2b, 0x6c, 0xb0] : [0xe2, 0xe8, 0xf0];
      const px = (await page.evaluate(`(() => { const c = document.getElementById("tl-canvas"); const r = window.devicePixelRatio || 1; return Array.from(c.getContext("2d").getImageData(Math.ceil((${xa} + 3) * r), Math.round((${top} + 5) * r), Math.floor((${xb - xa} - 6) * r), 1).data); })()`)) as number[];
      for (let i = 0; i < px.length; i += 4) {
        checked++;
        if (Math.abs(px[i] - fill[0]) > 2 || Math.abs(px[i + 1] - fill[1]) > 2 || Math.abs(px[i + 2] - fill[2]) > 2) off++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(off).toBe(0);
    await shot(page, "roles-above-arrows");
  });

  it("draws each down interval's label ('crashed') on an opaque box above the hatching, arrows and drop marks", async () => {
    const page = await open();
    await api(page, (a) => a.setHeartbeats(true));
    await api(page, (a) => a.setView(0, 1e12));
    const down = (await page.evaluate("window.__swarmsimReport.downIntervals()")) as { node: string; kind: string; t0: number; t1: number }[];
    expect(down).toContainEqual(expect.objectContaining({ node: "w2", kind: "crashed" }));
    let checked = 0;
    let off = 0;
    for (const d of down) {
      const laneTop = (await page.evaluate(`window.__swarmsimReport.trackTop("node:${d.node}")`)) as number | null;
      const [xa, xb] = (await page.evaluate(`[window.__swarmsimReport.xOf(${d.t0}), window.__swarmsimReport.xOf(${d.t1})]`)) as [number, number];
      expect(laneTop).not.toBeNull();
      if (xb - xa < 60) continue;
      // A row inside the box and above the glyphs (the box spans lane y+25..y+39, text from ~y+28).
      const px = (await page.evaluate(`(() => { const c = document.getElementById("tl-canvas"); const r = window.devicePixelRatio || 1; return Array.from(c.getContext("2d").getImageData(Math.ceil((${xa} + 4) * r), Math.round((${laneTop} + 26) * r), Math.floor(36 * r), 1).data); })()`)) as number[];
      for (let i = 0; i < px.length; i += 4) {
        checked++;
        if (Math.abs(px[i] - 0xed) > 2 || Math.abs(px[i + 1] - 0xf2) > 2 || Math.abs(px[i + 2] - 0xf7) > 2) off++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(36);
    expect(off).toBe(0);
    await shot(page, "down-labels");
  });

  it("explains fault bands, heal, role bands and the violation label on hover", async () => {
    const page = await open();
    await api(page, (a) => a.setView(0, 1e12));
    const hover = async (x: number, y: number) => {
      const box = (await page.locator("#tl-svg").boundingBox())!;
      await page.mouse.move(box.x + x, box.y + y);
      return (await page.isVisible("#tip")) ? ((await page.textContent("#tip")) ?? "") : "";
    };
    const part = (await api2(page, (a) => a.trackTop("partition")))!;
    const p0 = run.events.find((e) => e.type === "net.partition")!.timeUs;
    const heal = run.events.find((e) => e.type === "net.heal")!.timeUs;
    const xp = await page.evaluate(`window.__swarmsimReport.xOf(${(p0 + heal) / 2})`) as number;
    const tipBand = await hover(xp, part + 12);
    expect(tipBand).toContain("partition");
    expect(tipBand).toContain("m2 m3 w1 w2");
    expect(tipBand).toContain("20s – 45s");
    const xh = await page.evaluate(`window.__swarmsimReport.xOf(${heal})`) as number;
    expect(await hover(xh, part + 12)).toMatch(/^heal at 45s/);
    const band = (await api2(page, (a) => a.roleBands())).find((b) => b.node === "m1" && b.role === "leader")!;
    const xr = await page.evaluate(`window.__swarmsimReport.xOf(${(band.t0 + band.t1) / 2})`) as number;
    const m1 = (await api2(page, (a) => a.trackTop("node:m1")))!;
    const tipRole = await hover(xr, m1 + 10);
    expect(tipRole).toContain(`m1 leader · term ${band.term} · leader m1`);
    const label = (await page.locator("#tl-svg text.violation-label").boundingBox())!;
    const svg = (await page.locator("#tl-svg").boundingBox())!;
    const tipV = await hover(label.x - svg.x + label.width / 2, label.y - svg.y + label.height / 2);
    expect(tipV).toContain("raft.log-matching");
    expect(tipV).toContain(run.result.violations[0].message);
    await shot(page, "hover");
  });

  it("verdict: says the schedule was shrunk, hides an empty node list, and writes checker times as the CLI does", async () => {
    const r = syntheticRun();
    const message = "read → v212 (33055727..33055727us, events #2558/#2559) cannot follow";
    const ve = r.events[r.events.length - 1] as unknown as { message: string; nodes: string[] };
    ve.message = message;
    ve.nodes = [];
    r.result.violations = [{ ...r.result.violations[0], message, nodes: [] }];
    const page = await open(writePage("verdict-nodes", r, { shrunk: r.shrunk }));
    expect(await page.textContent("#verdict .status")).toContain(`shrunk to ${r.shrunk.length} timeline entries`);
    const at = (await page.textContent("#verdict .at")) ?? "";
    expect(at).not.toContain("nodes");
    const msg = await page.textContent("#verdict .message");
    expect(msg).toBe("read → v212 (at 33.055727s, events #2558/#2559) cannot follow");
    // Story times: at most millisecond precision.
    const times = await page.$$eval("#story .chip .t", (ts) => ts.map((t) => t.textContent ?? ""));
    for (const t of times) expect(t).toMatch(/^(\d+m)?\d+(\.\d{1,3})?s$/);
    await shot(page, "verdict-shrunk");
  });

  it("search: Enter jumps to the next match, Shift+Enter to the previous", async () => {
    const page = await open();
    await api(page, (a) => a.seekSeq(1));
    await page.fill("#search", "node.crash");
    await page.press("#search", "Enter");
    const crash = run.events.find((e) => e.type === "node.crash")!;
    expect(await api(page, (a) => a.cursorSeq())).toBe(crash.seq);
    const view = await api(page, (a) => a.view());
    expect(crash.timeUs).toBeGreaterThanOrEqual(view.t0);
    expect(crash.timeUs).toBeLessThanOrEqual(view.t1);
    await page.close();
  });

  it("index page: fits 800 and 1400 px, scenario names open their reports, and a filter matching nothing says so", async () => {
    const long = "A long description that goes on and on about what the scenario shows. ".repeat(6);
    const rows = ["raft", "swarm"].flatMap((group) =>
      [1, 2, 3].map((k) => ({
        scenario: `${group}-scenario-with-a-long-name-${k}`,
        description: long,
        ok: k !== 2,
        outcome: k === 2 ? "violation:cluster.leader-available" : "pass",
        expected: "pass",
        violation: k === 2 ? `cluster.leader-available: ${long}` : null,
        warnings: k === 3 ? ["warn.spof-managers"] : [],
        events: 540_123,
        simulatedUs: 163_000_000,
        wallMs: 1234,
        traceHash: "d3ba64ca74b924c6",
        reportHref: `${group}/${k}/report.html`,
        group,
      })),
    );
    const file = join(OUT, "browser-index.html");
    writeFileSync(file, renderIndex(rows));
    for (const width of [800, 1400]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const link = page.locator("td.name a").first();
      expect(await link.getAttribute("href")).toBe("raft/1/report.html");
      const lb = (await link.boundingBox())!;
      expect(lb.x + lb.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(OUT, `browser-index-${width}.png`), fullPage: true });
      await page.fill("#filter", "swarm-scenario");
      expect(await page.locator("tr.group:visible").count()).toBe(1);
      await page.fill("#filter", "no such scenario");
      expect(await page.isVisible("#nomatch")).toBe(true);
      expect(await page.locator("tbody tr:visible").count()).toBe(0);
      await page.close();
    }
  });

  it("never lets a request leave the file and throws no page errors", () => {
    expect(requests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
