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

// @ts-expect-error plain JavaScript module of the site
import { filtersFromQuery, queryFromFilters } from "../../reports/components/url.js";

describe("filters in the URL", () => {
  const choices = { quarters: ["2025-Q2", "2025-Q3"], scopes: [null, "region:华东", "org:BJ"], categories: ["credit_card"], channels: ["hotline"] };

  it("reads canonical codes and drops what the page cannot show", () => {
    expect(filtersFromQuery("?quarter=2025-Q3&org=BJ&category=credit_card&channel=hotline", choices)).toEqual({
      quarter: "2025-Q3",
      scope: "org:BJ",
      category: "credit_card",
      channel: "hotline",
    });
    expect(filtersFromQuery("?quarter=2030-Q1&org=XX&region=华东&category=nope", choices)).toEqual({
      quarter: undefined,
      scope: undefined,
      category: undefined,
      channel: undefined,
    });
    expect(filtersFromQuery(`?region=${encodeURIComponent("华东")}`, choices).scope).toBe("region:华东");
  });

  it("writes them back, keeping other parameters, and round-trips", () => {
    const filters = { quarter: "2025-Q3", scope: "region:华东", category: null, channel: "hotline" };
    const query = queryFromFilters(filters, "?x=1&org=BJ");
    expect(new URLSearchParams(query).toString()).toBe(new URLSearchParams({ x: "1", quarter: "2025-Q3", region: "华东", channel: "hotline" }).toString());
    expect(filtersFromQuery(query, choices)).toEqual({ quarter: "2025-Q3", scope: "region:华东", category: undefined, channel: "hotline" });
    expect(queryFromFilters({ quarter: null, scope: null, category: null, channel: null })).toBe("");
  });
});
