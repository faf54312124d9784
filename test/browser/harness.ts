// What every browser test file does first: build (or reuse) the sample and start chromium once, and open a
// page with the reader's viewport and language, recording its requests and console errors.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium, waitForRendered } from "../../src/report/browser.ts";
import { buildSample, type Sample } from "./sample.ts";

export interface Suite {
  sample: Sample;
  browser: Browser;
}

/** Builds the sample and launches chromium before the file's tests, closes both after; the object fills in. */
export function browserSuite(): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.sample = await buildSample();
    suite.browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.sample?.cleanup();
  });
  return suite;
}

export interface Visit {
  page: Page;
  requests: string[];
  consoleErrors: string[];
  /** Requests to any origin but the serving one (data: and blob: URLs stay in the page). */
  outside(): string[];
  close(): Promise<void>;
}

/**
 * A page of the sample's site, fully rendered, in a fresh browser context: 1280×900 unless told, Beijing
 * time, and the language the toggle would have left in localStorage when `lang` is given.
 */
export async function openPage(
  suite: Suite,
  path: string,
  { viewport = { width: 1280, height: 900 }, lang }: { viewport?: { width: number; height: number }; lang?: "zh" | "en" } = {},
): Promise<Visit> {
  const context = await suite.browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: "reduce", locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  if (lang) await context.addInitScript((l) => localStorage.setItem("kesu-lang", l), lang);
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  const origin = new URL(suite.sample.server.url).origin;
  const response = await page.goto(new URL(path, suite.sample.server.url).href);
  expect(response?.status(), `GET ${path}`).toBe(200);
  await waitForRendered(page);
  return {
    page,
    requests,
    consoleErrors,
    outside: () => requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin),
    close: () => context.close(),
  };
}
