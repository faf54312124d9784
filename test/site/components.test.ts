// The site's pure components: label lookup and formatting in both languages (ranks and medians are the
// marts' now: test/models/peer-ranks.test.ts). Expectations are worked by hand from the inputs written here.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { label, fmtPct, fmtInt } from "../../reports/components/format.js";
// @ts-expect-error plain JavaScript module of the site
import { parseLang, tr } from "../../reports/components/i18n.js";

describe("labels and language", () => {
  const labels = { business_category: { credit_card: { zh: "信用卡", en: "Credit card" } } };

  it("looks a code up in either language and falls back readably", () => {
    expect(label(labels, "business_category", "credit_card")).toBe("信用卡");
    expect(label(labels, "business_category", "credit_card", "en")).toBe("Credit card");
    expect(label(labels, "business_category", "unclassified", "en")).toBe("Unclassified");
    expect(label(labels, "business_category", "mystery")).toBe("mystery");
  });

  it("reads a stored language as en only when it says en; picks the text of that language", () => {
    expect(parseLang("en")).toBe("en");
    expect(parseLang("zh")).toBe("zh");
    expect(parseLang(null)).toBe("zh");
    expect(parseLang("fr")).toBe("zh");
    expect(tr("en", "投诉", "Complaints")).toBe("Complaints");
    expect(tr("zh", "投诉", "Complaints")).toBe("投诉");
  });

  it("formats thousands and one-decimal percentages", () => {
    expect(fmtInt(1234567)).toBe("1,234,567");
    expect(fmtPct(0.12345)).toBe("12.3%");
    expect(fmtPct(null)).toBe("—");
  });
});
