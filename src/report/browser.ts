// Headless Debian chromium driven by playwright-core (which downloads no browser of its own): the PDF
// report and the browser tests launch it the same way, with every host but the loopback unresolvable,
// so a page that tried to fetch from outside fails visibly instead of quietly reaching the internet.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.KESU_CHROMIUM ?? "/usr/bin/chromium";

/** Flags from OFFLINE.md "Browser and PDF": runs as root in containers, makes no background requests. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  "--font-render-hinting=none",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install chromium fonts-noto-cjk) or set KESU_CHROMIUM to a chromium binary`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Waits until a Framework page has finished rendering: data fetched, every cell resolved (Framework shows
 * an <observablehq-loading> placeholder until a cell's value arrives), every chart card drawn, fonts
 * loaded and one more frame painted. A cell that failed renders as .observablehq--error: that is an error here, not a blank chart.
 */
export async function waitForRendered(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
  // Charts wrapped in resize() draw only once a ResizeObserver has reported their width, after the cell
  // itself resolved: a card still empty then is a chart not drawn yet.
  await page.waitForFunction(
    () =>
      document.querySelector("observablehq-loading") === null &&
      Array.from(document.querySelectorAll("#observablehq-main .card")).every((card) => card.childElementCount > 0 || card.textContent!.trim() !== ""),
    undefined,
    { timeout: timeoutMs },
  );
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  const errors = await page.locator(".observablehq--error").allTextContents();
  if (errors.length) throw new Error(`${page.url()} rendered ${errors.length} failed cell(s): ${errors.join(" | ").slice(0, 500)}`);
}
