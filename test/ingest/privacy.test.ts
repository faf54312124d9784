// The masking rules and the HMAC, run in DuckDB exactly as ingest runs them, on hand-written strings.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { hmacPads, hmacSql, maskSql } from "../../src/privacy.ts";
import { maskText } from "../../src/site/snapshot.ts";

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openWarehouse(":memory:");
});
afterAll(() => warehouse?.close());

async function mask(text: string): Promise<string> {
  const rows = await all<{ m: string }>(warehouse.connection, `select ${maskSql("$t")} as m`, { t: text });
  return rows[0].m;
}

describe("narrative masking", () => {
  it.each([
    ["身份证110101199003071234号", "身份证[身份证号]号"],
    ["证件 11010119900307123X。", "证件 [身份证号]。"],
    ["卡号6222021234567890123，", "卡号[卡号]，"], // 19 digits
    ["卡号 6222 0212 3456 7890", "卡号 [卡号]"], // grouped
    ["账号6217000010001234", "账号[卡号]"], // 16 digits
    ["电话13812345678", "电话[手机号]"],
    ["电话 +86 138-1234-5678 联系", "电话 [手机号] 联系"],
    ["邮箱 zhang.san@example.com.cn 回复", "邮箱 [邮箱] 回复"],
    ["13812345678和13987654321", "[手机号]和[手机号]"],
    // every spelling seen in hostile exports (issue 16): grouping by space, dash, dot, slash; full width
    ["身份证 440301 19850315 2316 已提供", "身份证 [身份证号] 已提供"],
    ["证件１１０１０５１９４９１２３１００２Ｘ", "证件[身份证号]"],
    ["旧证 110105491231002 号", "旧证 [身份证号] 号"], // 15-digit ID of before 1999
    ["手机138 12340005", "手机[手机号]"],
    ["手机139-12340006。", "手机[手机号]。"],
    ["手机138.1234.0008", "手机[手机号]"],
    ["手机138/1234/0009", "手机[手机号]"],
    ["手机１３８１２３４００１０", "手机[手机号]"],
    ["卡 622202 1234567890123 扣款", "卡 [卡号] 扣款"], // 19 digits grouped 6+13
    ["邮箱 zhang＠example.com", "邮箱 [邮箱]"],
    ["座机021-62340014转", "座机[电话]转"],
    ["座机 0755 1234567", "座机 [电话]"],
    ["护照E12340026", "护照[护照号]"],
    ["香港身份证A123402(8)", "香港身份证[证件号]"],
    ["澳门身份证1234567(8)", "澳门身份证[证件号]"],
    ["台湾身份证A123456789。", "台湾身份证[证件号]。"],
    ["客户张三先生来电", "客户[姓名]先生来电"],
    ["李女士反映", "[姓名]女士反映"],
  ])("%s", async (input, expected) => {
    expect(await mask(input)).toBe(expected);
    // the site's second pass (src/site/snapshot.ts) catches the same set
    expect(maskText(input)).toBe(expected);
  });

  it("leaves ordinary numbers alone: amounts, dates, 10-digit numbers, ticket ids", async () => {
    for (const text of [
      "退款 1234.56 元",
      "2025年10月1日",
      "工单 HL2025030001234",
      "编号1234567890",
      "95588",
      "2025-10-01 10:00:00",
      "金额 12,345.00 元",
      "Tue 2025/10/14",
    ]) {
      expect(await mask(text)).toBe(text);
      expect(maskText(text)).toBe(text);
    }
  });
});

describe("customer pseudonym", () => {
  it.each([["C00012345"], ["客户甲"], [""]])("HMAC-SHA256 in SQL equals Node's for %j", async (id) => {
    for (const key of ["short key", "k".repeat(100)]) {
      const pads = hmacPads(key);
      const rows = await all<{ h: string }>(warehouse.connection, `select ${hmacSql("$id")} as h`, {
        id,
        hmac_inner: pads.innerHex,
        hmac_outer: pads.outerHex,
      });
      expect(rows[0].h).toBe(createHmac("sha256", key).update(id).digest("hex"));
    }
  });
});
