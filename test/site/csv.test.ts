// The site's CSV downloads (reports/components/table.js): a text cell a spreadsheet would run as a
// formula is neutralised (OWASP: a leading apostrophe), quoting is right, numbers stay numbers.
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
