// The scanner must be able to fail: each kind of outside reference is caught on a tiny string, and the
// things that are not requests are left alone.
import { describe, expect, it } from "vitest";
import { PII_PATTERNS, PII_SPELLINGS, scanText } from "./scan.ts";

describe("scanText", () => {
  it.each([
    ['<script src="https://cdn.jsdelivr.net/npm/d3@7"></script>', "script src"],
    ["<link rel=stylesheet href='https://fonts.googleapis.com/css2?family=Inter'>", "link href"],
    ['<img src="//example.com/pixel.gif">', "img src"],
    ['@import url("https://fonts.googleapis.com/css")', "css @import"],
    ["body { background: url(https://example.com/bg.png) }", "css url()"],
    ['fetch("https://api.example.com/telemetry")', "fetch"],
    ['import("https://esm.sh/lodash")', "import"],
    ['import {x} from "https://cdn.example.com/x.js";', "import"],
  ])("catches %s", (text, kind) => {
    expect(scanText(text).map((r) => r.kind)).toContain(kind);
  });

  it("ignores namespaces, local paths and loopback", () => {
    const text = [
      'const svg = "http://www.w3.org/2000/svg"; el.setAttribute("xmlns", "http://www.w3.org/1999/xhtml")',
      '<script type="module" src="./_observablehq/client.js"></script><link href="/_observablehq/theme.css">',
      'fetch("./_file/data/dashboard.json"); fetch("http://127.0.0.1:3000/x")',
    ].join("\n");
    expect(scanText(text)).toEqual([]);
  });
});

describe("PII patterns", () => {
  it("match every planted spelling and not masked tokens or ordinary numbers", () => {
    const planted: Record<string, string> = {
      resident_id: "身份证110101199003071234 又写作440301 19850315 2316 或１１０１０５１９４９１２３１００２Ｘ",
      resident_id_15: "旧身份证110101900307123",
      mobile: "手机13812345678、138 12340005、139-1234-0006、138.1234.0008、138/1234/0009、１３８１２３４００１０",
      card_number: "卡号6222021234567890123 或622202 1234567890123 或6217 0087 9596 9400",
      landline: "电话021-62340014",
      passport: "护照E12340026",
      hk_id: "香港身份证A123402(8)",
      email: "邮箱zhang@qq.com、li.wei＠163.com",
      name: "张伟先生、王芳女士",
    };
    const counts: Record<string, number> = {
      resident_id: 3,
      resident_id_15: 1,
      mobile: 6,
      card_number: 3,
      landline: 1,
      passport: 1,
      hk_id: 1,
      email: 2,
      name: 2,
    };
    for (const [kind, text] of Object.entries(planted)) expect(text.match(PII_PATTERNS[kind]!)?.length ?? 0, kind).toBe(counts[kind]);
    for (const [spelling, pattern] of Object.entries(PII_SPELLINGS)) expect(Object.values(planted).join(" ").match(pattern), spelling).not.toBeNull();
    const clean =
      "身份证[身份证号] 手机[手机号] 卡号[卡号] 电话[电话] 护照[护照号] 邮箱[邮箱] [姓名]先生 金额 1234.56 日期 20250301 2025-09-20 10:00 " +
      "工单 HL2025030001234 占比 0.09340909090909091 文件 data-quality.0a1b2c3d.json sha256:38e0b9c1312345678901a";
    for (const [kind, pattern] of Object.entries(PII_PATTERNS)) expect(clean.match(pattern), kind).toBeNull();
  });
});
