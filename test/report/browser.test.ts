// The browser kesu prints with when the machine has none: the npm package's headless chromium, unpacked
// with its NSS libraries and a fontconfig holding Noto Sans SC as TrueType (converted from the font
// package's WOFF). test/browser runs the whole site on whichever chromium the machine has; this file runs
// the npm one even where Debian's is installed.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, chromiumBinary, npmChromium, woffToSfnt } from "../../src/report/browser.ts";
import { serveSite } from "../../src/site/build.ts";
import { FONT_STYLESHEET, writeSiteFont } from "../../src/site/fonts.ts";

const execFileP = promisify(execFile);
const FONT_FILES = join(dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css")), "files");
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("woffToSfnt", () => {
  it("gives the font the WOFF wraps: the size its header records, every table, each 4-byte aligned", () => {
    for (const name of readdirSync(FONT_FILES)
      .filter((f) => f.endsWith("-400-normal.woff"))
      .slice(0, 5)) {
      const woff = readFileSync(join(FONT_FILES, name));
      const sfnt = woffToSfnt(woff);
      // WOFF 1.0 §3: totalSfntSize is the uncompressed font's size, tables padded to 4 bytes
      expect(sfnt.length, name).toBe(woff.readUInt32BE(16));
      const tables = sfnt.readUInt16BE(4);
      expect(tables).toBe(woff.readUInt16BE(12));
      const tags = Array.from({ length: tables }, (_, i) => sfnt.toString("latin1", 12 + i * 16, 16 + i * 16));
      expect(tags).toEqual(expect.arrayContaining(["cmap", "glyf", "head", "name"]));
      for (let i = 0; i < tables; i++) expect(sfnt.readUInt32BE(12 + i * 16 + 8) % 4).toBe(0);
      // head.magicNumber (0x5F0F3CF5) where the directory says head is: the tables were inflated in place
      const head = tags.indexOf("head");
      expect(sfnt.readUInt32BE(sfnt.readUInt32BE(12 + head * 16 + 8) + 12)).toBe(0x5f0f3cf5);
    }
  });

  it("refuses what is not WOFF 1.0", () => {
    expect(() => woffToSfnt(Buffer.from("wOF2 not this one"))).toThrow(/not a WOFF 1.0 font/);
  });
});

describe("which chromium", () => {
  it("takes KESU_CHROMIUM when set, and says so when nothing is there", () => {
    const saved = process.env.KESU_CHROMIUM;
    try {
      process.env.KESU_CHROMIUM = "/nonexistent/chromium";
      expect(() => chromiumBinary()).toThrow(/KESU_CHROMIUM is \/nonexistent\/chromium, and there is no file there/);
    } finally {
      if (saved === undefined) delete process.env.KESU_CHROMIUM;
      else process.env.KESU_CHROMIUM = saved;
    }
  });

  it("prints Chinese in the site's font with the npm chromium: the page's text and the running header", async () => {
    const site = mkdtempSync(join(tmpdir(), "kesu-npm-chromium-"));
    temps.push(site);
    await writeSiteFont(site);
    writeFileSync(
      join(site, "index.html"),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>@import url("./${FONT_STYLESHEET}"); body { font-family: "Noto Sans SC"; }</style></head>` +
        `<body><h1>季度投诉情况报告</h1><p>受理投诉 797 件</p></body></html>`,
    );
    const server = await serveSite({ dir: site });
    const binary = npmChromium();
    const browser = await chromium.launch({
      executablePath: binary.path,
      args: CHROMIUM_ARGS,
      headless: true,
      env: { ...process.env, ...binary.env } as Record<string, string>,
    });
    const pdf = join(site, "out.pdf");
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.evaluate(async () => {
        await document.fonts.load('16px "Noto Sans SC"', document.body.textContent ?? "");
      });
      await page.pdf({
        path: pdf,
        displayHeaderFooter: true,
        headerTemplate: `<div style="font-family: 'Noto Sans SC'; font-size: 8pt">页眉示例银行</div>`,
        footerTemplate: "<div></div>",
        margin: { top: "20mm", bottom: "10mm" },
      });
    } finally {
      await browser.close();
      await server.close();
    }
    expect(browser.version()).toMatch(/^\d+\./);
    const text = (await execFileP("pdftotext", [pdf, "-"])).stdout;
    expect(text).toContain("季度投诉情况报告");
    expect(text).toContain("页眉示例银行");
    const fonts = (await execFileP("pdffonts", [pdf])).stdout;
    // the page's font (the webfont) and the header's (fontconfig's TrueType pieces): both Noto Sans SC, embedded
    const noto = fonts.split("\n").filter((line) => /NotoSansSC/.test(line));
    expect(noto.length, fonts).toBeGreaterThanOrEqual(2);
    expect(fonts).not.toMatch(/OpenSans/); // no Chinese fell back to the package's Latin font
  }, 120_000);
});
