// The XLSX workbook of a tiny real snapshot (test/fixtures/tiny.ts), read back from the written file with
// exceljs: it lays out the marts' own columns (nothing recomputed, nothing rounded), and what it shows is
// checked against the published rows and against sums and medians worked out here from the parts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeQuarterlyXlsx } from "../../src/report/xlsx.ts";
import { TINY, tinySnapshot, type TinySnapshot } from "../fixtures/tiny.ts";

type Row = Record<string, unknown>;
const Q = "2025-Q3";
let snapshot: TinySnapshot;
let dir: string;
let workbook: ExcelJS.Workbook;
const values = (sheet: string, row: number) => (workbook.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);
const column = (sheet: string, col: number) => {
  const ws = workbook.getWorksheet(sheet)!;
  return Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getCell(i + 2, col).value);
};
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const inQ = (rows: Row[]) => rows.filter((r) => r.quarter === Q);

beforeAll(async () => {
  snapshot = await tinySnapshot();
  dir = mkdtempSync(join(tmpdir(), "kesu-xlsx-"));
  const result = await writeQuarterlyXlsx({ publishDir: snapshot.publishDir, quarter: Q, file: join(dir, "q.xlsx") });
  expect(result.sheets).toBe(13);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(result.file);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  snapshot?.cleanup();
});

describe("quarterly workbook (tiny real snapshot, 2025-Q3)", () => {
  it("has the page's tables, in its order", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "表1 投诉总量",
      "表2 按业务类别",
      "表3 按投诉原因",
      "表4 按一级分行",
      "表5 按地区",
      "表6 现场与非现场渠道",
      "表7 按受理渠道",
      "表8 办理时效",
      "表9 答复用时分段",
      "表10 季末未办结投诉账龄",
      "表11 处理结果",
      "表12 重复与升级投诉",
      "说明",
    ]);
  });

  it("table 1: the kpi and recurrence marts' figures as they are; merged change equal to the counts' ratio", () => {
    const kpi = inQ(snapshot.read("kpi_quarterly.json"))[0]!;
    const rec = snapshot.read("recurrence_quarterly.json");
    const now = rec.find((r) => r.quarter === Q)!;
    const before = rec.find((r) => r.quarter === "2025-Q2")!;
    expect(values("表1 投诉总量", 1)).toEqual(["指标", Q, "上季度", "上年同期", "环比", "同比"]);
    expect(values("表1 投诉总量", 2)).toEqual(["受理投诉（件）", kpi.received, kpi.received_prev_quarter, kpi.received_prev_year, kpi.qoq_pct, kpi.yoy_pct]);
    const [item, merged, mergedPrev, , qoq] = values("表1 投诉总量", 3) as [string, number, number, unknown, number];
    expect([item, merged, mergedPrev]).toEqual(["合并重复后（件）", now.received_merged, before.received_merged]);
    expect(qoq).toBeCloseTo((now.received_merged as number) / (before.received_merged as number) - 1, 12);
  });

  it("table 4: tier-1 branches by count, then a median row equal to the median of the rows above it", () => {
    const branches = inQ(snapshot.read("org_scorecard_quarterly.json")).filter((r) => r.org_level === "tier1");
    const sheet = "表4 按一级分行";
    const received = column(sheet, 3);
    const counts = received.slice(0, -1) as number[];
    expect(counts).toEqual(branches.map((r) => r.received as number).sort((a, b) => b - a));
    expect(values(sheet, received.length + 1)[0]).toBe("中位数");
    expect(received.at(-1)).toBe(median(counts));
    const breach = column(sheet, 10);
    expect(breach.at(-1)).toBeCloseTo(median(branches.map((r) => r.breach_rate).filter((v): v is number => v != null)), 12);
  });

  it("table 5: regions add up to the quarter's complaints, intensity over their customers", () => {
    const kpi = inQ(snapshot.read("kpi_quarterly.json"))[0]!;
    const sheet = "表5 按地区";
    const received = column(sheet, 3) as number[];
    expect(received.reduce((a, b) => a + b, 0)).toBe(kpi.received);
    const regions = inQ(snapshot.read("region_quarterly.json"));
    expect(column(sheet, 1)).toEqual(regions.map((r) => r.region));
    const first = regions[0]!;
    expect(column(sheet, 5)[0]).toBeCloseTo(((first.received as number) * 10000) / (first.customers as number), 12);
  });

  it("table 6: on-site, then an off-site subtotal equal to the sum of the off-site groups", () => {
    const groups = inQ(snapshot.read("received_quarterly_by.json")).filter((r) => r.dimension === "intake_group");
    const off = groups.filter((r) => r.code !== "on_site");
    const on = groups.find((r) => r.code === "on_site")!;
    expect(values("表6 现场与非现场渠道", 2).slice(0, 3)).toEqual(["现场", "现场", on.received]);
    const [side, group, received, share, prevQuarter] = values("表6 现场与非现场渠道", 3) as [string, string, number, number, number];
    const sum = (key: string) => off.reduce((n, r) => n + (r[key] as number), 0);
    expect([side, group, received, prevQuarter]).toEqual(["非现场", "非现场合计", sum("received"), sum("received_prev_quarter")]);
    expect(share).toBeCloseTo(sum("share"), 12);
  });

  it("keeps numbers as numbers and formats them: counts #,##0, shares 0.0%, changes signed", () => {
    const sheet = workbook.getWorksheet("表2 按业务类别")!;
    expect(typeof sheet.getCell("B2").value).toBe("number");
    expect(sheet.getCell("B2").numFmt).toBe("#,##0");
    expect(sheet.getCell("C2").numFmt).toBe("0.0%");
    expect(sheet.getCell("E2").numFmt).toBe("+0.0%;-0.0%;0.0%");
    const kpi = inQ(snapshot.read("kpi_quarterly.json"))[0]!;
    const outcomes = workbook.getWorksheet("表11 处理结果")!;
    expect([outcomes.getCell("B2").value, outcomes.getCell("B2").numFmt]).toEqual([kpi.at_fault_rate, "0.0%"]);
  });

  it("says which bank, quarter and as-of date the numbers are for", () => {
    const notes = workbook.getWorksheet("说明")!;
    expect(String(notes.getCell("B1").value)).toMatch(/2025-Q3 季度投诉情况报告/);
    expect(notes.getCell("A3").value).toBe("数据截至");
    expect(notes.getCell("B3").value).toBe(TINY.to);
  });

  it("refuses a quarter that is not in the snapshot, naming the ones that are", async () => {
    await expect(writeQuarterlyXlsx({ publishDir: snapshot.publishDir, quarter: "2019-Q1", file: join(dir, "x.xlsx") })).rejects.toThrow(
      /quarter 2019-Q1 is not in the snapshot .*2024-Q3, 2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3/,
    );
  });
});
