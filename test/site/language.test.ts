// Language completeness (issue 19 item 8): every label the site shows in English is English (no Han
// characters, ASCII punctuation), regions included; every reject reason template ingest writes has a
// Chinese rendering for the data-quality page, which keeps the warehouse's English in English mode.
import { describe, expect, it } from "vitest";
import { CODE_LISTS } from "../../src/codes.ts";
import { buildOrgUnits } from "../../src/demo/orgs.ts";
import { GROUP_LABELS, METRICS } from "../../src/metrics/definitions.ts";
import { CN_MAINLAND_YEARS } from "../../src/calendar/cn-mainland.ts";
import { STATUTORY_RULE_SOURCE } from "../../src/calendar/statutory.ts";
import { PIPELINES } from "../../pipelines/index.ts";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { calendarSourceText } from "../../reports/components/calendar.js";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { REASONS, reasonCode, reasonText } from "../../reports/components/reasons.js";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { label } from "../../reports/components/format.js";

const HAN = /\p{Script=Han}/u;
const FULL_WIDTH = /[，：（）、；。“”！？]/;

describe("labels in English", () => {
  it("every code list entry has a non-empty English label without Han characters or full-width punctuation", () => {
    for (const [list, codes] of Object.entries(CODE_LISTS))
      for (const [code, l] of Object.entries(codes as Record<string, { zh: string; en: string }>)) {
        expect(l.en.trim(), `${list}.${code}`).not.toBe("");
        expect(l.en, `${list}.${code}`).not.toMatch(HAN);
        expect(l.en, `${list}.${code}`).not.toMatch(FULL_WIDTH);
        expect(l.zh.trim(), `${list}.${code}`).not.toBe("");
      }
  });

  it("every region of the sample's org file has an English label (East China for 华东)", () => {
    const labels = CODE_LISTS as unknown as Record<string, Record<string, { zh: string; en: string }>>;
    const regions = [...new Set(buildOrgUnits().map((o) => o.region))].filter(Boolean);
    expect(regions.length).toBeGreaterThan(3);
    for (const r of regions) expect(label(labels, "region", r, "en"), r).not.toMatch(HAN);
    expect(label(labels, "region", "华东", "en")).toBe("East China");
    expect(label(labels, "region", "西南", "zh")).toBe("西南");
  });

  it("every org of the sample has an English name without Han characters", () => {
    for (const o of buildOrgUnits()) expect(o.org_name_en, o.org_code).not.toMatch(HAN);
  });

  it("every metric definition the methodology page shows reads in English: name, definition, window, rule, group", () => {
    for (const m of METRICS)
      for (const part of ["name", "definition", "window", "rule"] as const) {
        expect(m[part].en, `${m.id}.${part}`).not.toMatch(HAN);
        expect(m[part].en, `${m.id}.${part}`).not.toMatch(FULL_WIDTH);
        expect(m[part].zh.trim(), `${m.id}.${part}`).not.toBe("");
      }
    for (const [g, l] of Object.entries(GROUP_LABELS)) expect(l.en, g).not.toMatch(HAN);
  });

  it("every built-in source system is named in Chinese and in English (the data-quality page's zh (en) split)", () => {
    for (const p of PIPELINES) {
      const match = /^(.*?) \((.*)\) — /.exec(p.description);
      expect(match, p.name).not.toBeNull();
      expect(match![1], p.name).toMatch(HAN);
      expect(match![2], p.name).not.toMatch(HAN);
    }
  });

  it("every working-day calendar source kesu ships reads in English in English mode, as written in Chinese mode", () => {
    const sources = [...CN_MAINLAND_YEARS.map((y) => y.source), STATUTORY_RULE_SOURCE];
    for (const source of sources) {
      expect(calendarSourceText("zh", source)).toBe(source);
      const en = calendarSourceText("en", source);
      expect(en, source).toEqual(expect.any(String));
      expect(en, source).not.toMatch(HAN);
      expect(en, source).not.toMatch(FULL_WIDTH);
    }
    expect(calendarSourceText("en", CN_MAINLAND_YEARS.find((y) => y.year === 2024)!.source)).toBe(
      "State Council General Office notice on the 2024 public holidays (Guobanfa Mingdian [2023] No. 7)",
    );
    // a bank file's own words have no English: null, for the page to show them as written
    expect(calendarSourceText("en", "本行2027年营业日历")).toBeNull();
  });
});

// One example of every reason src/ingest writes (mapping.ts, read.ts), as publish groups it; written here
// from the templates, with the Chinese each should read as worked out by hand for some.
const EXAMPLES: [string, string | null][] = [
  ["required value is missing", "必填值缺失"],
  ["missing value: loaded as unmapped", "值缺失：按“未识别”入库"],
  ["unknown branch name: not an org_name_zh in dim_org: loaded as unmapped", null],
  ["unknown org_code: not in dim_org", null],
  ["unknown business_category label: no value map entry (case and width ignored): loaded as unmapped", null],
  ["unknown status code", "未知的 status 代码"],
  ["not a yes/no value; expected one of: 是, 否", "不是“是/否”值；应为以下之一：是, 否"],
  ["unparseable date/time; expected format %Y-%m-%d or %Y/%m/%d", "无法解析的日期时间；应为格式 %Y-%m-%d 或 %Y/%m/%d"],
  ["unparseable date/time: left empty", "无法解析的日期时间：已留空"],
  ["not a whole number", "不是整数"],
  ["not an amount to the cent: left empty", "不是精确到分的金额：已留空"],
  ["implausible year (expected 2000–2099)", null],
  ["receipt date in the future (after 2026-01-02, the day after the load)", "受理日期在未来（晚于入库次日 2026-01-02）"],
  ["receipt date before 2020-01-01 (the first day the working-day calendar covers; add the year's holiday notice with `kesu calendar add FILE`)", null],
  ["receipt date before 2021-01-01 (the earliest receipt date configured: earliestReceiptDate / KESU_EARLIEST_RECEIPT_DATE)", null],
  ["out of range 0–365: left empty", "超出范围 0–365：已留空"],
  ["must be ≥ 0: left empty", "应不小于 0：已留空"],
  ["responded before received_at: left empty", "responded 早于受理时间（received_at）：已留空"],
  ["MISSING COLUMNS: Expected Number of Columns: 12 Found: 10", "缺少列：应有 12 列，实有 10 列"],
  ["TOO MANY COLUMNS: Expected Number of Columns: 12 Found: 13 (the record spans lines 4–6)", "列数过多：应有 12 列，实有 13 列（该记录跨第 4–6 行）"],
  ["UNQUOTED VALUE: a quote in this record is not closed where the record ends", null],
  [
    "UNQUOTED VALUE: a quote in this record is not closed where the record ends; a quote opened on line … runs on to line 30 (8 lines): this line is rejected and the 7 after it are read on their own",
    null,
  ],
  ["INVALID UNICODE: File is not utf-8 encoded", null],
  ["CAST ERROR: Could not convert string 'x' to INTEGER", null],
  ["LINE SIZE OVER MAXIMUM: Maximum line size of 2097152 bytes exceeded", null],
  ["unreadable: lines 100–400 hold more than 64 broken records", "无法读取：第 100–400 行中损坏的记录超过 64 条"],
  ["malformed JSON: Unterminated string in JSON at position …", "JSON 格式错误：字符串未结束（位置 …）"],
  ["malformed JSON: Unexpected end of JSON input", "JSON 格式错误：内容意外结束"],
  ["not a JSON object", "不是 JSON 对象"],
];

describe("reject reasons in Chinese", () => {
  it("every reason code has a Chinese text, and every example of src/ingest's reasons has a code", () => {
    const seen = new Set<string>();
    for (const [english, zh] of EXAMPLES) {
      const code = reasonCode(english);
      expect(code, english).not.toBeNull();
      seen.add(code);
      const text = reasonText("zh", english);
      expect(text, english).toMatch(HAN);
      // no English sentence left: at most two ASCII words in a row (column names, formats, codes and a `command` stay)
      expect(text.replace(/`[^`]*`/g, ""), english).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
      if (zh) expect(text).toBe(zh);
      expect(reasonText("en", english), "English mode keeps the warehouse's text").toBe(english);
    }
    for (const r of REASONS) expect(seen, `${r.code} has an example here`).toContain(r.code);
  });
});
