// The dashboard's cube reader (reports/components/cube.js) on hand-made cells: filters by code or codes,
// nulls as their own group that no code filter keeps, sums grouped by one or two dimensions or a numeric
// column, and quantiles of a histogram as DuckDB's quantile_cont interpolates them.
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the site
import { aggregate, codesOf, cubeOf, histogramQuantile, monthQuarter, quarterBefore, quarterMonths, ratio, total } from "../../reports/components/cube.js";
import { arrowTable } from "../../src/publish/cube.ts";

// biome-ignore lint/suspicious/noExplicitAny: rows of the untyped page module
type Row = Record<string, any>;

// five cells as the publisher writes them (dictionary-encoded strings, Int32 counts), read back from bytes
const cube = cubeOf(
  tableFromIPC(
    tableToIPC(
      arrowTable({
        month: ["2025-07", "2025-07", "2025-08", "2025-10", "2025-10"],
        tier1_org: ["BJ", "BJ", "SH", "BJ", "SH"],
        tier2_org: ["BJ01", null, "SH01", "BJ01", null],
        received: [3, 4, 5, 6, 7],
        breached: [1, 0, 2, 3, 0],
        judged: [3, 4, 4, 6, 7],
      }),
      "file",
    ),
  ),
);

describe("aggregate", () => {
  it("adds every cell with no filter", () => {
    expect(total(cube, {}, ["received", "breached"])).toEqual({ received: 25, breached: 6, cells: 5 });
  });

  it("keeps the cells of a code, or of any of several codes, and ignores null filters", () => {
    expect(total(cube, { tier1_org: "BJ", month: null }, ["received"]).received).toBe(3 + 4 + 6);
    expect(total(cube, { month: ["2025-07", "2025-08"] }, ["received"]).received).toBe(3 + 4 + 5);
    expect(total(cube, { tier1_org: "GD" }, ["received"])).toEqual({ received: 0, cells: 0 });
  });

  it("never keeps a null code under a code filter, and groups nulls as null", () => {
    expect(total(cube, { tier2_org: "BJ01" }, ["received"]).received).toBe(3 + 6);
    const byBranch = aggregate(cube, { tier1_org: "BJ" }, ["tier2_org"], ["received"]);
    expect(byBranch.sort((a: Row, b: Row) => String(a.tier2_org).localeCompare(String(b.tier2_org)))).toEqual([
      { tier2_org: "BJ01", received: 9, cells: 2 },
      { tier2_org: null, received: 4, cells: 1 },
    ]);
  });

  it("groups by two dimensions", () => {
    const rows = aggregate(cube, {}, ["month", "tier1_org"], ["breached", "judged"]);
    const key = (r: Record<string, unknown>) => `${r.month}|${r.tier1_org}`;
    expect(Object.fromEntries(rows.map((r: Row) => [key(r), [r.breached, r.judged]]))).toEqual({
      "2025-07|BJ": [1, 7],
      "2025-08|SH": [2, 4],
      "2025-10|BJ": [3, 6],
      "2025-10|SH": [0, 7],
    });
  });

  it("groups by a numeric column (a histogram's days)", () => {
    const rows = aggregate(cube, {}, ["judged"], ["received"]);
    expect(rows.sort((a: Row, b: Row) => a.judged - b.judged)).toEqual([
      { judged: 3, received: 3, cells: 1 },
      { judged: 4, received: 9, cells: 2 },
      { judged: 6, received: 6, cells: 1 },
      { judged: 7, received: 7, cells: 1 },
    ]);
  });

  it("names what it does not have", () => {
    expect(() => aggregate(cube, { region: "华北" }, [], ["received"])).toThrow(/no dimension region/);
    expect(() => aggregate(cube, {}, [], ["nope"])).toThrow(/no measure nope/);
    expect(codesOf(cube, "tier1_org")).toEqual(["BJ", "SH"]);
  });
});

describe("cells in runs", () => {
  // ordered by tier-1 then tier-2 branch as the publisher writes them; tier-2 nulls in two places
  const sorted = cubeOf(
    tableFromIPC(
      tableToIPC(
        arrowTable({
          tier1_org: ["BJ", "BJ", "BJ", "GD", "SH", "SH"],
          tier2_org: ["BJ01", "BJ02", null, "GD01", "SH01", null],
          received: [1, 2, 4, 8, 16, 32],
        }),
        "file",
      ),
    ),
  );

  it("finds each code's run, and gives no runs for a column whose codes are scattered", () => {
    expect(Array.from(sorted.dims.tier1_org.runs.start.slice(0, 3))).toEqual([0, 3, 4]);
    expect(Array.from(sorted.dims.tier1_org.runs.end.slice(0, 3))).toEqual([3, 4, 6]);
    expect(sorted.dims.tier2_org.runs).not.toBeNull(); // the nulls do not break the runs
    expect(cube.dims.tier1_org.runs).toBeNull(); // BJ, BJ, SH, BJ, SH
  });

  it("adds the same from a run as from every cell", () => {
    expect(total(sorted, { tier1_org: "BJ" }, ["received"]).received).toBe(1 + 2 + 4);
    expect(total(sorted, { tier1_org: ["GD", "SH"] }, ["received"]).received).toBe(8 + 16 + 32);
    expect(total(sorted, { tier1_org: "SH", tier2_org: "SH01" }, ["received"]).received).toBe(16);
    expect(total(sorted, { tier1_org: "BJ", tier2_org: "SH01" }, ["received"]).received).toBe(0);
    expect(total(sorted, { tier2_org: "BJ02" }, ["received"]).received).toBe(2);
  });
});

describe("histogramQuantile", () => {
  it("interpolates as quantile_cont: values 1, 1, 2, 5 have median 1.5 and P90 4.1", () => {
    // sorted 1 1 2 5: the median sits at position 0.5 × 3 = 1.5, between 1 and 2; P90 at 2.7, 2 + 0.7 × 3
    const bins = [
      { value: 5, count: 1 },
      { value: 1, count: 2 },
      { value: 2, count: 1 },
      { value: null, count: 9 },
    ];
    expect(histogramQuantile(bins, 0.5)).toBeCloseTo(1.5, 12);
    expect(histogramQuantile(bins, 0.9)).toBeCloseTo(4.1, 12);
    expect(histogramQuantile([{ value: 7, count: 1 }], 0.9)).toBe(7);
    expect(histogramQuantile([], 0.5)).toBeNull();
  });
});

describe("periods and ratios", () => {
  it("knows a quarter's months, a month's quarter and earlier quarters", () => {
    expect(quarterMonths("2025-Q4")).toEqual(["2025-10", "2025-11", "2025-12"]);
    expect(monthQuarter("2025-08")).toBe("2025-Q3");
    expect(quarterBefore("2025-Q1", 1)).toBe("2024-Q4");
    expect(quarterBefore("2025-Q3", 4)).toBe("2024-Q3");
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });
});
