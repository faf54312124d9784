// Layout at a phone's width and a wide desktop's, in a real browser over a sample built through the real CLI
// (test/browser/sample.ts; its own build, as every browser test file runs in its own process). For every
// page type at 360×740 and 1440×900, in Chinese and in English:
// - every Plot bar chart draws bars (a rect of positive width and height in each bar mark's group): with
//   fixed margins wider than the chart, Plot's x range turns negative and draws nothing;
// - every table fits its frame, or its frame scrolls sideways (and then the page itself does not), and a
//   frame cuts a table only where the column has no more room;
// - the page never scrolls sideways;
// - the text of a heat map or a Pareto chart (cell numbers, tick labels, cumulative shares) never overlaps
//   other text of the same chart, compared as the rotated rectangles the reader sees;
// - no chart's text runs outside its own svg (cut-off labels).
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserSuite, openPage } from "./harness.ts";

const QUARTER = "2025-Q3";
const PRODUCT = "credit_card";
const BRANCH = "GD";
/** A category with an emerging issue in the sample (the mobile-app outage src/demo plants in 2025-08). */
const EMERGING = "debit_card";

const suite = browserSuite();

function visit(path: string, viewport: { width: number; height: number }, lang: "zh" | "en") {
  return openPage(suite, path, { viewport, lang });
}

interface Layout {
  /** Plot svgs with a bar mark, and which of them draw no bar. */
  barCharts: number;
  emptyBarCharts: string[];
  tables: number;
  /** Tables wider than their frame where the frame does not scroll, or frames wider than the page. */
  overflowingTables: string[];
  scrollWidth: number;
  innerWidth: number;
  /** Heat maps and Pareto charts checked, and their pairs of overlapping texts. */
  textCharts: number;
  overlaps: string[];
  /** Texts that run outside their chart's svg. */
  outside: string[];
}

/** Everything measured in the page, in one pass (the checks are plain geometry on the rendered DOM). */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const main = document.querySelector("#observablehq-main")!;
    const svgs = Array.from(main.querySelectorAll<SVGSVGElement>("svg")).filter((svg) => svg.querySelector(":scope > g[aria-label]") !== null);
    const title = (svg: SVGSVGElement) => (svg.closest("figure")?.querySelector("h2")?.textContent ?? svg.getAttribute("class") ?? "svg").trim();
    const marks = (svg: SVGSVGElement, name: string) => Array.from(svg.querySelectorAll<SVGGElement>(`:scope > g[aria-label="${name}"]`));

    const bars = svgs.filter((svg) => marks(svg, "bar").length > 0);
    const emptyBarCharts = bars
      .filter((svg) =>
        marks(svg, "bar").some(
          (g) =>
            !Array.from(g.querySelectorAll("rect")).some((r) => {
              const box = r.getBoundingClientRect();
              return box.width > 0 && box.height > 0;
            }),
        ),
      )
      .map(title);

    // A table's frame: its nearest ancestor that clips or scrolls sideways, else the main column.
    const tables = Array.from(main.querySelectorAll("table"));
    const pageFits = document.documentElement.scrollWidth <= innerWidth + 1;
    const mainBox = main.getBoundingClientRect();
    const mainStyle = getComputedStyle(main);
    const columnWidth = main.clientWidth - Number.parseFloat(mainStyle.paddingLeft) - Number.parseFloat(mainStyle.paddingRight);
    const overflowingTables: string[] = [];
    for (const table of tables) {
      let frame: Element = main;
      for (let e = table.parentElement; e && e !== main; e = e.parentElement) {
        if (getComputedStyle(e).overflowX !== "visible") {
          frame = e;
          break;
        }
      }
      const t = table.getBoundingClientRect();
      const f = frame.getBoundingClientRect();
      const caption = table.closest("figure")?.querySelector<HTMLElement>("figcaption span");
      const name = (caption?.innerText || table.className || "table").trim().slice(0, 60);
      const scrolls = ["auto", "scroll"].includes(getComputedStyle(frame).overflowX);
      if (t.right > f.right + 1 && !(scrolls && pageFits))
        overflowingTables.push(`${name}: table right ${Math.round(t.right)} > frame right ${Math.round(f.right)}`);
      if (frame !== main && f.right > mainBox.right + 1)
        overflowingTables.push(`${name}: frame right ${Math.round(f.right)} > main right ${Math.round(mainBox.right)}`);
      // a table cut off by its frame while the column has room beside it (a frame narrower than the column)
      if (t.right > f.right + 1 && f.width < columnWidth - 1)
        overflowingTables.push(`${name}: cut at ${Math.round(f.width)} px in a column of ${Math.round(columnWidth)} px`);
    }

    // A text's outline as the reader sees it: its box in its own coordinates, through the transforms
    // (the rotated tick labels' rectangles are rotated, not their axis-aligned hulls).
    type Point = { x: number; y: number };
    const outline = (text: SVGTextElement): Point[] | null => {
      const b = text.getBBox();
      const m = text.getScreenCTM();
      if (!m || b.width === 0 || b.height === 0) return null;
      const inset = 0.5; // anti-aliasing: boxes that touch do not overlap
      return [
        [b.x + inset, b.y + inset],
        [b.x + b.width - inset, b.y + inset],
        [b.x + b.width - inset, b.y + b.height - inset],
        [b.x + inset, b.y + b.height - inset],
      ].map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
    };
    // separating axis theorem for two convex quadrilaterals
    const separated = (p: Point[], q: Point[]) =>
      [p, q].some((poly) =>
        poly.some((a, i) => {
          const b = poly[(i + 1) % poly.length];
          const axis = { x: a.y - b.y, y: b.x - a.x };
          const project = (s: Point[]) => s.map((v) => v.x * axis.x + v.y * axis.y);
          const [pp, qq] = [project(p), project(q)];
          return Math.max(...pp) <= Math.min(...qq) || Math.max(...qq) <= Math.min(...pp);
        }),
      );
    const shown = (t: SVGTextElement) => t.textContent!.trim() !== "" && getComputedStyle(t).display !== "none" && getComputedStyle(t).visibility !== "hidden";
    const texts = (svg: SVGSVGElement) => Array.from(svg.querySelectorAll<SVGTextElement>(":scope > g[aria-label] text")).filter(shown);

    const textCharts = svgs.filter((svg) => marks(svg, "cell").length > 0 || (marks(svg, "bar").length > 0 && marks(svg, "line").length > 0));
    const overlaps: string[] = [];
    for (const svg of textCharts) {
      const all = texts(svg)
        .map((t) => ({ t, o: outline(t) }))
        .filter((x) => x.o !== null);
      for (let i = 0; i < all.length; i++)
        for (let j = i + 1; j < all.length; j++)
          if (!separated(all[i].o!, all[j].o!)) overlaps.push(`${title(svg)}: "${all[i].t.textContent}" × "${all[j].t.textContent}"`);
    }

    const outside: string[] = [];
    for (const svg of svgs) {
      const s = svg.getBoundingClientRect();
      for (const t of texts(svg)) {
        const o = outline(t);
        if (!o) continue;
        const xs = o.map((p) => p.x);
        if (Math.min(...xs) < s.left - 1 || Math.max(...xs) > s.right + 1) outside.push(`${title(svg)}: "${t.textContent}"`);
      }
    }

    return {
      barCharts: bars.length,
      emptyBarCharts,
      tables: tables.length,
      overflowingTables,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      textCharts: textCharts.length,
      overlaps,
      outside,
    };
  });
}

// Each page type, with the least number of bar charts, tables and heat map/Pareto charts it shows
// (so a chart that is not drawn at all cannot pass unnoticed).
const PAGES: { name: string; path: string; bars: number; tables: number; textCharts: number }[] = [
  { name: "dashboard", path: "/", bars: 1, tables: 1, textCharts: 0 },
  { name: "quarterly report", path: `/quarterly/${QUARTER}`, bars: 4, tables: 6, textCharts: 2 },
  { name: "product list", path: "/products/", bars: 1, tables: 1, textCharts: 0 },
  { name: "product page", path: `/products/${PRODUCT}`, bars: 2, tables: 1, textCharts: 0 },
  // a category with an emerging issue: its table of masked example narratives
  { name: "product page with emerging issues", path: `/products/${EMERGING}?quarter=${QUARTER}`, bars: 2, tables: 2, textCharts: 0 },
  { name: "branch scorecards", path: "/branches/", bars: 1, tables: 1, textCharts: 0 },
  { name: "branch page", path: `/branches/${BRANCH}`, bars: 1, tables: 2, textCharts: 0 },
  { name: "data quality", path: "/data-quality", bars: 1, tables: 2, textCharts: 0 },
  { name: "methodology", path: "/methodology", bars: 0, tables: 1, textCharts: 0 },
  { name: "open cases", path: "/cases", bars: 0, tables: 1, textCharts: 0 },
];
const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1440, height: 900 },
];
const CASES = PAGES.flatMap((p) => VIEWPORTS.flatMap((viewport) => (["zh", "en"] as const).map((lang) => ({ ...p, viewport, lang, px: viewport.width }))));

describe.each(CASES)("$name at $px px ($lang)", ({ path, viewport, lang, bars, tables, textCharts }) => {
  let layout: Layout;
  beforeAll(async () => {
    const v = await visit(path, viewport, lang);
    try {
      layout = await measure(v.page);
    } finally {
      await v.close();
    }
  }, 120_000);

  it("draws bars in every bar chart", () => {
    expect(layout.barCharts).toBeGreaterThanOrEqual(bars);
    expect(layout.emptyBarCharts).toEqual([]);
  });
  it("keeps every table inside its frame, or scrolls the frame", () => {
    expect(layout.tables).toBeGreaterThanOrEqual(tables);
    expect(layout.overflowingTables).toEqual([]);
  });
  it("does not scroll sideways", () => {
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth + 1);
  });
  it("writes no text of a heat map or Pareto chart over another", () => {
    expect(layout.textCharts).toBeGreaterThanOrEqual(textCharts);
    expect(layout.overlaps).toEqual([]);
  });
  it("keeps every chart's text inside the chart", () => {
    expect(layout.outside).toEqual([]);
  });
});
