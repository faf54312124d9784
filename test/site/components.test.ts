// The site's pure components that compute something: the median, competition ranking, the scorecard's
// "rank 1 = needs attention most" in both directions, label lookup in both languages. Expectations are
// worked by hand from the small inputs written here.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the site, no type declarations
import { label, median, rankRows, versusMedian, fmtPct, fmtInt } from "../../reports/components/format.js";
// @ts-expect-error plain JavaScript module of the site
import { rankOn } from "../../reports/components/scorecard.js";
// @ts-expect-error plain JavaScript module of the site
import { parseLang, tr } from "../../reports/components/i18n.js";

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values, ignoring nulls", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5); // sorted 1,2,3,4 → (2+3)/2
    expect(median([null, 10, undefined, 20])).toBe(15);
    expect(median([])).toBeNull();
    expect(median([null])).toBeNull();
  });
});

describe("rankRows", () => {
  it("gives competition ranks, highest first, ties sharing a rank, rows without a value last and unranked", () => {
    const ranked = rankRows(
      [
        { o: "a", v: 2 },
        { o: "b", v: 7 },
        { o: "c", v: null },
        { o: "d", v: 7 },
        { o: "e", v: 1 },
      ],
      "v",
    );
    expect(ranked.map((r: { o: string; rank: number | null }) => [r.o, r.rank])).toEqual([
      ["b", 1],
      ["d", 1],
      ["a", 3],
      ["e", 4],
      ["c", null],
    ]);
  });

  it("ranks lowest first when ascending", () => {
    expect(rankRows([{ v: 0.3 }, { v: 0.1 }, { v: 0.2 }], "v", { ascending: true }).map((r: { v: number }) => r.v)).toEqual([0.1, 0.2, 0.3]);
  });
});

describe("scorecard rankOn", () => {
  const peers = [
    { org_code: "BJ", breach_rate: 0.15, satisfaction_rate: 0.8 },
    { org_code: "SH", breach_rate: 0.05, satisfaction_rate: 0.9 },
    { org_code: "GD", breach_rate: 0.06, satisfaction_rate: null },
    { org_code: "SZ", breach_rate: 0.04, satisfaction_rate: 0.85 },
  ];
  type Ranked = { org_code: string; rank: number | null; side: string | null };

  it("ranks a higher-is-worse measure with the highest first and sides against the median", () => {
    const { median: mid, rows } = rankOn(peers, "breach_rate");
    expect(mid).toBeCloseTo(0.055, 10); // sorted .04 .05 .06 .15 → (.05+.06)/2
    expect(rows.map((r: Ranked) => [r.org_code, r.rank, r.side])).toEqual([
      ["BJ", 1, "worse"],
      ["GD", 2, "worse"],
      ["SH", 3, "better"],
      ["SZ", 4, "better"],
    ]);
  });

  it("ranks a higher-is-better measure with the lowest first; a branch without a value gets no rank", () => {
    const { median: mid, rows } = rankOn(peers, "satisfaction_rate");
    expect(mid).toBe(0.85); // .8 .85 .9
    expect(rows.map((r: Ranked) => [r.org_code, r.rank, r.side])).toEqual([
      ["BJ", 1, "worse"],
      ["SZ", 2, "median"],
      ["SH", 3, "better"],
      ["GD", null, null],
    ]);
  });

  it("refuses an unknown measure", () => {
    expect(() => rankOn(peers, "nonsense")).toThrow(/unknown scorecard measure nonsense/);
  });
});

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

  it("formats thousands and one-decimal percentages; sides against a median", () => {
    expect(fmtInt(1234567)).toBe("1,234,567");
    expect(fmtPct(0.12345)).toBe("12.3%");
    expect(fmtPct(null)).toBe("—");
    expect(versusMedian(3, 2)).toBe("above");
    expect(versusMedian(1, 2)).toBe("below");
    expect(versusMedian(2, 2)).toBe("at");
    expect(versusMedian(null, 2)).toBeNull();
  });
});
