// The XLSX workbook from the hand-written snapshot in test/fixtures/publish, checked against figures
// worked out by hand from that fixture's 2025-Q3 rows (the off-site subtotal is computed nowhere else
// in the snapshot), read back from the written file with exceljs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeQuarterlyXlsx } from "../../src/report/xlsx.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/publish/", import.meta.url));
let dir: string;
let workbook: ExcelJS.Workbook;
const values = (sheet: string, row: number) => (workbook.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kesu-xlsx-"));
  const result = await writeQuarterlyXlsx({ publishDir: FIXTURE, quarter: "2025-Q3", file: join(dir, "q.xlsx") });
  // 表1–表4, 表6–表8, 表11, 表12 and the notes: the fixture has no scorecard, bands or aging marts (表5, 表9, 表10).
  expect(result.sheets).toBe(10);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(result.file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("quarterly workbook (fixture 2025-Q3)", () => {
  it("has the page's tables, in its order, leaving out those whose marts the snapshot lacks", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "表1 投诉总量",
      "表2 按业务类别",
      "表3 按投诉原因",
      "表4 按一级分行",
      "表6 现场与非现场渠道",
      "表7 按受理渠道",
      "表8 办理时效",
      "表11 处理结果",
      "表12 重复与升级投诉",
      "说明",
    ]);
  });

  it("table 1: received 983 (930, 821 before); merged 973 against 921 and 815; non-complaints 52", () => {
    expect(values("表1 投诉总量", 1)).toEqual(["指标", "2025-Q3", "上季度", "上年同期", "环比", "同比"]);
    expect(values("表1 投诉总量", 2)).toEqual(["受理投诉（件）", 983, 930, 821, 0.056989, 0.19732]);
    const [item, mergedNow, mergedPrev, mergedYearAgo, qoq, yoy] = values("表1 投诉总量", 3) as number[];
    expect([item, mergedNow, mergedPrev, mergedYearAgo]).toEqual(["合并重复后（件）", 973, 921, 815]);
    expect(qoq).toBeCloseTo(52 / 921, 12);
    expect(yoy).toBeCloseTo(158 / 815, 12);
    expect(values("表1 投诉总量", 4)).toEqual(["咨询、建议等非投诉（件，不计入）", 52]); // no comparison: empty cells, not zeros
  });

  it("table 4: tier-1 branches by count, then the median row (164 of 319, 318, 164, 127, 55)", () => {
    const sheet = workbook.getWorksheet("表4 按一级分行")!;
    expect([2, 3, 4, 5, 6].map((r) => sheet.getCell(r, 2 + 1).value)).toEqual([319, 318, 164, 127, 55]);
    expect(sheet.getCell(7, 1).value).toBe("中位数");
    expect(sheet.getCell(7, 3).value).toBe(164);
    expect(sheet.getCell(7, 6).value).toBeCloseTo(0.037975, 9); // median QoQ of 0.07047, 0.035831, 0.037975, 0.114035, 0.037736
  });

  it("table 5: on-site 90, then the off-site subtotal 807 + 48 + 38 = 893 with its own changes", () => {
    expect(values("表6 现场与非现场渠道", 2).slice(0, 3)).toEqual(["现场", "现场", 90]);
    const [side, group, received, share, prevQuarter, qoq, prevYear, yoy] = values("表6 现场与非现场渠道", 3) as number[];
    expect([side, group, received, prevQuarter, prevYear]).toEqual(["非现场", "非现场合计", 893, 751 + 45 + 35, 644 + 31 + 21]);
    expect(share).toBeCloseTo(0.820956 + 0.04883 + 0.038657, 9);
    expect(qoq).toBeCloseTo((893 - 831) / 831, 12);
    expect(yoy).toBeCloseTo((893 - 696) / 696, 12);
    expect(values("表6 现场与非现场渠道", 4).slice(0, 3)).toEqual(["非现场", "电子渠道", 807]);
  });

  it("table 6: channels ordered on-site, electronic (largest first), letters, transfers", () => {
    const sheet = workbook.getWorksheet("表7 按受理渠道")!;
    const rows = [2, 3, 4, 5, 6, 7].map((r) => [sheet.getCell(r, 2).value, sheet.getCell(r, 3).value]);
    expect(rows).toEqual([
      ["营业网点现场", 90],
      ["客服热线", 402],
      ["手机银行", 320],
      ["网上银行", 85],
      ["信函/来访", 48],
      ["监管转办", 38],
    ]);
    expect(sheet.getCell(2, 1).value).toBe("现场·现场");
  });

  it("keeps numbers as numbers and formats them: counts #,##0, shares 0.0%, changes signed", () => {
    const sheet = workbook.getWorksheet("表2 按业务类别")!;
    expect(typeof sheet.getCell("B2").value).toBe("number");
    expect(sheet.getCell("B2").numFmt).toBe("#,##0");
    expect(sheet.getCell("C2").numFmt).toBe("0.0%");
    expect(sheet.getCell("E2").numFmt).toBe("+0.0%;-0.0%;0.0%");
    const outcomes = workbook.getWorksheet("表11 处理结果")!;
    expect([outcomes.getCell("B2").value, outcomes.getCell("B2").numFmt]).toEqual([0.27, "0.0%"]);
    expect([outcomes.getCell("B5").value, outcomes.getCell("B5").numFmt]).toEqual([19822, "#,##0"]);
    const recurrence = workbook.getWorksheet("表12 重复与升级投诉")!;
    expect([recurrence.getCell("B7").value, recurrence.getCell("B7").numFmt]).toEqual([3, "#,##0"]);
    expect(recurrence.getCell("A8").value).toMatch(/暂定/); // escalation window not yet complete in the fixture
  });

  it("says which bank, quarter and as-of date the numbers are for", () => {
    const notes = workbook.getWorksheet("说明")!;
    expect(String(notes.getCell("B1").value)).toMatch(/2025-Q3 季度投诉情况报告/);
    expect(notes.getCell("A3").value).toBe("数据截至");
  });

  it("refuses a quarter that is not in the snapshot, naming the ones that are", async () => {
    await expect(writeQuarterlyXlsx({ publishDir: FIXTURE, quarter: "2019-Q1", file: join(dir, "x.xlsx") })).rejects.toThrow(
      /quarter 2019-Q1 is not in the snapshot .*2024-Q3, 2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3/,
    );
  });
});
