// Headless Debian Chromium driven by playwright-core (installed by .ci/install-browser.sh; no
// tool ever downloads a browser). Shared by the browser tests and the load benchmark.
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** Aborts every request that is not the report file itself; returns the list of attempts. */
export async function blockExternal(page: Page, allowedUrl: string): Promise<string[]> {
  const attempts: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === allowedUrl) return route.continue();
    attempts.push(url);
    return route.abort();
  });
  page.on("request", (req) => {
    const url = req.url();
    if (url !== allowedUrl && !url.startsWith("data:") && !attempts.includes(url)) attempts.push(url);
  });
  return attempts;
}

/** Waits until the report's script has built every view. */
export async function waitReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __swarmsimReport?: { ready?: boolean } }).__swarmsimReport?.ready === true, null, { timeout: timeoutMs });
}
