// The quarterly report as an A4 PDF: the built quarterly page, served on the loopback, printed by headless
// chromium. The page is laid out in print media at A4 width from the start, so the charts (sized to their
// container when they render) are drawn for the paper, not for a desktop window and then squeezed.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { serveSite } from "../site/build.ts";
import { launchChromium, waitForRendered } from "./browser.ts";

export interface PdfResult {
  file: string;
  bytes: number;
  ms: number;
}

// A4 is 210 × 297 mm; at CSS's 96 px per inch that is 794 × 1123 px. Margins leave room for the header.
const A4_VIEWPORT = { width: 794, height: 1123 };
const MARGIN = { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Chromium's header/footer templates have no page styles and load no file: every size and font is set
 * inline, and their glyphs come from the system's fonts (Debian's Noto CJK, or the Noto Sans SC that
 * src/report/browser.ts gives the npm chromium's fontconfig).
 */
function headerTemplate(bankName: string, quarter: string, asOf: string): string {
  return `<div style="font-family: 'Noto Sans SC', 'Noto Sans CJK SC', sans-serif; font-size: 8pt; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between; border-bottom: 0.5pt solid #444; padding-bottom: 1mm;">
  <span>${escapeHtml(bankName)} · ${escapeHtml(quarter)} 季度投诉情况报告</span><span>数据截至 ${escapeHtml(asOf)}</span></div>`;
}

function footerTemplate(): string {
  return `<div style="font-family: 'Noto Sans SC', 'Noto Sans CJK SC', sans-serif; font-size: 8pt; width: 100%; text-align: center;">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;
}

export async function renderQuarterlyPdf(options: { siteDir: string; quarter: string; file: string; bankName: string; asOf: string }): Promise<PdfResult> {
  const started = Date.now();
  const file = resolve(options.file);
  const server = await serveSite({ dir: options.siteDir, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: A4_VIEWPORT });
    const origin = new URL(server.url).host;
    const outside: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).host !== origin && !request.url().startsWith("data:")) outside.push(request.url());
    });
    // Print media before the first paint: the print CSS hides navigation and the charts size to paper.
    await page.emulateMedia({ media: "print" });
    const url = `${server.url}quarterly/${options.quarter}`;
    const response = await page.goto(url, { waitUntil: "load" });
    if (response?.status() !== 200) {
      throw new Error(`the built site has no page for ${options.quarter} (${url} → ${response?.status() ?? "no response"}): is the quarter in the snapshot?`);
    }
    await waitForRendered(page);
    if (outside.length) throw new Error(`the quarterly page requested another host, which a report must not: ${outside.join(", ")}`);
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(options.bankName, options.quarter, options.asOf),
      footerTemplate: footerTemplate(),
      margin: MARGIN,
      outline: true,
      tagged: true,
    });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, pdf);
    return { file, bytes: pdf.length, ms: Date.now() - started };
  } finally {
    await browser.close();
    await server.close();
  }
}
