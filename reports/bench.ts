// Report load time in headless Chromium, for `npm run bench` (report100k).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, waitReady } from "./browser.ts";

/** Opens the report file and measures the time until its views are interactive. */
export async function measureReportLoad(htmlPath: string): Promise<{ loadMs: number; bytes: number }> {
  const bytes = statSync(htmlPath).size;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const url = pathToFileURL(resolve(htmlPath)).href;
    await page.goto(url, { waitUntil: "commit" });
    await waitReady(page, 60_000);
    if (errors.length > 0) throw new Error(`report page errors: ${errors.join("; ")}`);
    // Navigation start → views built, measured by the page's own clock.
    const loadMs = await page.evaluate(() => (window as unknown as { __swarmsimReport: { readyAtMs: number } }).__swarmsimReport.readyAtMs);
    return { loadMs: Math.round(loadMs), bytes };
  } finally {
    await browser.close();
  }
}
