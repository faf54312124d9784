// Chart components rendered for real (Observable Plot into a jsdom document): each carries its title,
// a unit in the subtitle or axis label, the source note, zh-CN thousands separators, one-decimal
// percentages, direct labels and the median rule where asked. Inputs and expected strings are by hand.
// @ts-expect-error jsdom ships no type declarations (and @types/jsdom is not worth a dependency for one test)
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";

type Charts = Record<string, (...args: unknown[]) => Element>;
let charts: Charts;

beforeAll(async () => {
  const { window } = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
  Object.assign(globalThis, { document: window.document, window, navigator: window.navigator });
  // @ts-expect-error plain JavaScript module of the site
  charts = (await import("../../reports/components/charts.js")) as Charts;
});

const texts = (el: Element) => [...el.querySelectorAll("text, tspan")].map((t) => t.textContent ?? "");
/** Only the text marks' labels (not axis ticks). */
const labels = (el: Element) => [...el.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? "");

describe("rankedBars", () => {
  const rows = [
    { name: "北京分行", value: 1200 },
    { name: "上海分行", value: 34567 },
    { name: "广东分行", value: 800 },
  ];

  it("has title, subtitle, source note, axis label and thousands-separated direct labels, largest first", () => {
    const figure = charts.rankedBars(rows, { title: "各分行投诉量", subtitle: "单位：件", xLabel: "投诉量（件）", width: 600 });
    expect(figure.querySelector("h2")?.textContent).toBe("各分行投诉量");
    expect(figure.querySelector("h3")?.textContent).toBe("单位：件");
    expect(figure.querySelector("figcaption")?.textContent).toBe("数据来源：kesu 投诉数据仓库（按受理日期统计，北京时间）");
    const t = texts(figure);
    expect(t.some((s) => s.startsWith("投诉量（件）"))).toBe(true);
    expect(t).toContain("34,567");
    expect(t).toContain("1,200");
    const names = t.filter((s) => s.endsWith("分行"));
    expect(names).toEqual(["上海分行", "北京分行", "广东分行"]);
  });

  it("draws the median as a labelled dashed rule; the source note follows the language", () => {
    const figure = charts.rankedBars(rows, { title: "x", median: 1200, width: 600, lang: "en" });
    expect(texts(figure)).toContain("median 1,200");
    expect(figure.querySelector('line[stroke-dasharray="4,3"], [stroke-dasharray="4,3"] line')).not.toBeNull();
    expect(figure.querySelector("figcaption")?.textContent).toMatch(/^Source: kesu/);
  });

  it("writes rates with one decimal when given the percentage format", async () => {
    // @ts-expect-error plain JavaScript module of the site
    const { fmtPct } = await import("../../reports/components/format.js");
    const figure = charts.rankedBars(
      [
        { name: "A", value: 0.12345 },
        { name: "B", value: 0.5 },
      ],
      { title: "t", format: fmtPct, width: 600 },
    );
    expect(texts(figure)).toEqual(expect.arrayContaining(["12.3%", "50.0%"]));
  });
});

describe("agingBars", () => {
  it("splits each age bucket into breached, at risk and within time, counts written on the bars", () => {
    const rows = [
      { aging_bucket: "0-7", bucket_order: 1, open_complaints: 1500, breached: 0, at_risk: 0 },
      { aging_bucket: "16-30", bucket_order: 3, open_complaints: 48, breached: 20, at_risk: 3 },
    ];
    const figure = charts.agingBars(rows, { title: "账龄" });
    const t = labels(figure);
    // 1,500 within time; 20 breached, 3 at risk and 48 − 20 − 3 = 25 within time
    expect(t).toEqual(expect.arrayContaining(["1,500", "20", "3", "25"]));
    expect(t.sort()).toEqual(["1,500", "20", "25", "3"]); // empty parts get no label
    expect(figure.textContent).toContain("已超时");
    expect(figure.textContent).toContain("临期");
  });
});

describe("agingBars with a small backlog", () => {
  it("has whole-number ticks only, each once (3 open: 0, 1, 2, 3)", () => {
    const figure = charts.agingBars([{ aging_bucket: "0-7", open_complaints: 3, breached: 1, at_risk: 2 }], { title: "账龄" });
    const ticks = [...figure.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(["0", "1", "2", "3"]);
  });
});

describe("heatmap", () => {
  it("labels every cell with its count, so it reads without the grey scale", () => {
    const cells = [
      { row: "信用卡", column: "定价收费", value: 1468 },
      { row: "借记卡", column: "定价收费", value: 16 },
    ];
    const figure = charts.heatmap(cells, { title: "业务类别 × 投诉原因" });
    expect(texts(figure)).toEqual(expect.arrayContaining(["1,468", "16"]));
  });
});

describe("phone widths", () => {
  it("wraps a long label onto two lines, and ends a longer one in an ellipsis", () => {
    const fitText = charts.fitText as unknown as (text: string, px: number) => string;
    // 10 px per CJK character at 10 px: six to a 60 px line
    expect(fitText("管理制度、业务规则与流程", 60)).toBe("管理制度、业\n务规则与流程");
    // thirteen characters: the second line keeps five and "…" (5 × 10 + 5.8 ≤ 60; six would be 65.8)
    expect(fitText("一二三四五六七八九十甲乙丙", 60)).toBe("一二三四五六\n七八九十甲…");
    expect(fitText("信用卡", 60)).toBe("信用卡");
  });

  it("draws every bar of a ranked chart 300 px wide, inside the chart (fixed 190 + 120 px margins drew none)", () => {
    const rows = [
      { name: "网上银行、手机银行、微信银行、短信、网站", value: 9, text: "0.9%（2 / 233）" },
      { name: "北京分行", value: 3 },
      { name: "广东分行", value: 1 },
    ];
    const figure = charts.rankedBars(rows, { title: "t", width: 300 });
    const rects = [...figure.querySelectorAll('g[aria-label="bar"] rect')];
    expect(rects).toHaveLength(3);
    for (const r of rects) {
      const [x, w] = [Number(r.getAttribute("x")), Number(r.getAttribute("width"))];
      expect(w).toBeGreaterThan(0);
      expect(x + w).toBeLessThanOrEqual(300);
    }
  });
});
