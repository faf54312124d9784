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
  const choices = {
    quarters: ["2025-Q2", "2025-Q3"],
    months: ["2025-04", "2025-05", "2025-06", "2025-07"],
    regions: ["华东"],
    orgs: ["BJ"],
    branches: ["BJ01"],
    categories: ["credit_card"],
    causes: ["system_failure"],
    channels: ["hotline"],
    langs: ["zh", "en"],
  };
  const none = {
    quarter: undefined,
    from: undefined,
    to: undefined,
    region: undefined,
    org: undefined,
    branch: undefined,
    category: undefined,
    cause: undefined,
    channel: undefined,
    lang: undefined,
  };

  it("reads canonical codes and drops unknown ones", () => {
    expect(filtersFromQuery("?quarter=2025-Q3&org=BJ&category=credit_card&channel=hotline", choices)).toEqual({
      ...none,
      quarter: "2025-Q3",
      org: "BJ",
      category: "credit_card",
      channel: "hotline",
    });
    expect(filtersFromQuery("?quarter=2030-Q1&org=XX&branch=GD01&category=nope&lang=fr&from=2024-01", choices)).toEqual(none);
    expect(filtersFromQuery(`?region=${encodeURIComponent("华东")}&branch=BJ01&cause=system_failure&lang=en`, choices)).toEqual({
      ...none,
      region: "华东",
      branch: "BJ01",
      cause: "system_failure",
      lang: "en",
    });
  });

  it("puts a month range the right way round", () => {
    expect(filtersFromQuery("?from=2025-07&to=2025-05", choices)).toMatchObject({ from: "2025-05", to: "2025-07" });
  });

  it("writes them back, keeping other parameters, and round-trips", () => {
    const filters = { ...none, quarter: "2025-Q3", region: "华东", channel: "hotline", category: null, from: "2025-04", lang: "en" };
    const query = queryFromFilters(filters, "?x=1&org=BJ");
    expect(new URLSearchParams(query).toString()).toBe(
      new URLSearchParams({ x: "1", quarter: "2025-Q3", from: "2025-04", region: "华东", channel: "hotline", lang: "en" }).toString(),
    );
    expect(filtersFromQuery(query, choices)).toEqual({ ...none, quarter: "2025-Q3", from: "2025-04", region: "华东", channel: "hotline", lang: "en" });
    expect(queryFromFilters({ quarter: null, org: null, category: null, channel: null })).toBe("");
  });
});
