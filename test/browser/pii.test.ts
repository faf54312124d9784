// The PII scanner on hand-made strings: each kind is found (bare and in the ways people write it), and
// fractions, hex strings and numbers failing their check digit are not.
import { describe, expect, it } from "vitest";
import { luhnValid, residentIdValid, scanPii } from "./pii.ts";

const kinds = (text: string) => scanPii(text).map((h) => `${h.kind}:${h.value}`);

describe("check digits", () => {
  it("GB 11643: the standard's example 11010519491231002X is valid, a changed digit is not", () => {
    expect(residentIdValid("11010519491231002X")).toBe(true);
    expect(residentIdValid("110105194912310021")).toBe(false);
  });
  it("Luhn: 4111111111111111 is valid, 4111111111111112 is not", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true); // the textbook example
  });
});

describe("scanPii", () => {
  it("finds each kind inside Chinese text", () => {
    expect(kinds("客户身份证11010519491231002X，要求处理")).toEqual(["resident_id:11010519491231002X"]);
    expect(kinds("请致电13812345678或+86 139-1234-5678")).toEqual(["mobile:13812345678", "mobile:+86 139-1234-5678"]);
    expect(kinds("卡号4111111111111111被扣款；另一张4111 1111 1111 1111")).toEqual(["card_number:4111111111111111", "card_number:4111 1111 1111 1111"]);
    expect(kinds("回复请发邮箱li.wei@163.com。")).toEqual(["email:li.wei@163.com"]);
  });
  it("ignores fractions, hex strings, wrong check digits and masked values", () => {
    expect(kinds("share 0.09340909090909091 and 0.13812345678")).toEqual([]);
    expect(kinds('"bdbdbd969696636363252525"')).toEqual([]);
    expect(kinds("110105194912310021 4111111111111112")).toEqual([]);
    expect(kinds("卡号[卡号]，手机[手机号]，邮箱[邮箱]")).toEqual([]);
    expect(kinds("12345678901")).toEqual([]); // not a mainland mobile prefix
  });
});
