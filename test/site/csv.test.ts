// The site's CSV downloads (reports/components/table.js): a text cell a spreadsheet would run as a
// formula is neutralised (OWASP: a leading apostrophe), quoting is right, numbers stay numbers.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { toCsv } from "../../reports/components/table.js";

describe("toCsv", () => {
  it("prefixes text cells that start with = + - @, TAB or CR, and quotes what needs quoting", () => {
    const rows = [
      { name: '=HYPERLINK("http://x","open")', n: 3 },
      { name: "+86 电话", n: -2 },
      { name: "-1+1", n: 0.5 },
      { name: "@SUM(A1)", n: null },
      { name: "\tcmd", n: 1 },
      { name: "\rcmd", n: 1 },
      { name: "信用卡, 年费", n: 1 },
    ];
    const csv = toCsv(rows, [
      { key: "name", label: "名称" },
      { key: "n", label: "件数" },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "\ufeff名称,件数",
      `"'=HYPERLINK(""http://x"",""open"")",3`,
      "'+86 电话,-2",
      "'-1+1,0.5",
      "'@SUM(A1),",
      "'\tcmd,1",
      `"'\rcmd",1`,
      `"信用卡, 年费",1`,
      "",
    ]);
  });
});

// One rule for every number (issue 19): written as a number, rates as fractions with 4 decimals, counts
// whole, days 1 decimal, CNY 2 decimals; a code column is its label in the page's language and the code in
// a column of its own. The expected texts below are worked out by hand from the rows.
describe("toCsv: units, codes and extra columns", () => {
  const labels = { business_category: { credit_card: { zh: "信用卡", en: "Credit card" }, debit_card: { zh: "借记卡", en: "Debit card" } } };

  it("writes rates as 4-decimal fractions, changes signed without a formula guard, counts, days and CNY with their decimals", () => {
    const rows = [
      { share: 0.29137, qoq: -0.04, n: 1234, days: 2.75, cny: 1234.5, per: 3.14159 },
      { share: 1 / 3, qoq: 0.125, n: 0, days: 12.04, cny: 0, per: 10 },
      { share: null, qoq: -0.00001, n: null, days: null, cny: null, per: null },
    ];
    const csv = toCsv(rows, [
      { key: "share", label: "占比", unit: "rate" },
      { key: "qoq", label: "环比", unit: "change" },
      { key: "n", label: "投诉量（件）", unit: "count" },
      { key: "days", label: "答复用时中位数（天）", unit: "days" },
      { key: "cny", label: "补偿金额（元）", unit: "cny" },
      { key: "per", label: "每万客户投诉量（件）", unit: "number", decimals: 2 },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "\ufeff占比,环比,投诉量（件）,答复用时中位数（天）,补偿金额（元）,每万客户投诉量（件）",
      "0.2914,-0.0400,1234,2.8,1234.50,3.14",
      "0.3333,0.1250,0,12.0,0.00,10.00",
      ",0.0000,,,,",
      "",
    ]);
  });

  it("a code column: the label in Chinese, and the code in its own column named after it", () => {
    const rows = [
      { code: "credit_card", received: 30 },
      { code: "unclassified", received: 2 },
    ];
    const columns = [
      { key: "code", label: "业务类别", code: "business_category" },
      { key: "received", label: "投诉量（件）", unit: "count" },
    ];
    expect(toCsv(rows, columns, { labels, lang: "zh" }).split("\r\n")).toEqual([
      "\ufeff业务类别,业务类别代码,投诉量（件）",
      "信用卡,credit_card,30",
      "未分类,unclassified,2",
      "",
    ]);
  });

  it("the same code column in English: English label and header, the same code", () => {
    const rows = [{ code: "debit_card", received: 7 }];
    const columns = [
      { key: "code", label: "Business category", code: "business_category" },
      { key: "received", label: "Complaints", unit: "count" },
    ];
    expect(toCsv(rows, columns, { labels, lang: "en" }).split("\r\n")).toEqual([
      "\ufeffBusiness category,Business category code,Complaints",
      "Debit card,debit_card,7",
      "",
    ]);
  });

  it("a header that names a rank gets the rank in a column of its own (also), and csv: false leaves a column out", () => {
    const rows = [{ org: "上海分行", breach_rate: 0.0625, rank: 3, link: "x" }];
    const csv = toCsv(rows, [
      { key: "org", label: "一级分行" },
      { key: "breach_rate", label: "超时率（排名）", unit: "rate", also: [{ key: "rank", label: "超时率排名" }] },
      { key: "link", label: "链接", csv: false },
    ]);
    expect(csv.split("\r\n")).toEqual(["\ufeff一级分行,超时率（排名）,超时率排名", "上海分行,0.0625,3", ""]);
  });
});

// Every CSV download of the site has its own file name (issue 19: two tables shared one): every "kesu-….csv"
// name in a page under reports/, with each ${…} read as a wildcard, is distinct, starts with the page's path
// and, on a parameterised page ([quarter].md), names the parameter.
describe("CSV file names across the site", () => {
  const root = join(import.meta.dirname, "..", "..", "reports");
  const pages = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"));
  const names = pages.flatMap((page) =>
    [...readFileSync(join(root, page), "utf8").matchAll(/(`kesu-[^`]*\.csv`|"kesu-[^"]*\.csv")/g)].map((m) => ({ page, name: m[1].slice(1, -1) })),
  );

  it("finds the tables' file names", () => {
    expect(names.length).toBeGreaterThan(30);
    for (const { page, name } of names) expect(name, page).toMatch(/^kesu-.*\.csv$/);
  });

  it("no two tables share a file name, whatever the parameters", () => {
    const byShape = new Map<string, string[]>();
    for (const { page, name } of names) {
      const shape = name.replace(/\$\{[^}]*\}/g, "{}");
      byShape.set(shape, [...(byShape.get(shape) ?? []), `${page}: ${name}`]);
    }
    expect([...byShape.values()].filter((v) => v.length > 1)).toEqual([]);
  });

  // The dashboard (index.md) and the case list (cases.md) keep their names until they move to this rule.
  it("every file name starts with its page's path (quarterly/[quarter].md → kesu-quarterly-${quarter}-…) and names the parameter", () => {
    for (const { page, name } of names) {
      if (page === "index.md" || page === "cases.md") continue;
      const path = page
        .replace(/\.md$/, "")
        .replace(/\/?index$/, "")
        .replace(/\/?\[\w+\]$/, "")
        .replaceAll("/", "-");
      expect(name, page).toMatch(new RegExp(`^kesu-${path}-`));
      const param = /\[(\w+)\]\.md$/.exec(page)?.[1];
      if (param) expect(name, page).toContain(`\${${param}}`);
    }
  });
});
