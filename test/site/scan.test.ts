// The scanner must be able to fail: each kind of outside reference is caught on a tiny string, and the
// things that are not requests are left alone.
import { describe, expect, it } from "vitest";
import { PII_PATTERNS, scanText } from "./scan.ts";

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
  it("match planted shapes and not masked tokens or ordinary numbers", () => {
    const planted = "身份证110101199003071234 手机13812345678 卡号6222021234567890123";
    expect(planted.match(PII_PATTERNS.resident_id)).toHaveLength(1);
    expect(planted.match(PII_PATTERNS.mobile)).toHaveLength(1);
    expect(planted.match(PII_PATTERNS.card_number)?.length).toBeGreaterThanOrEqual(1);
    const clean = "身份证[身份证号] 手机[手机号] 卡号[卡号] 金额 1234.56 日期 20250301 工单 HL2025030001234 占比 0.09340909090909091";
    for (const pattern of Object.values(PII_PATTERNS)) expect(clean.match(pattern)).toBeNull();
  });
});
