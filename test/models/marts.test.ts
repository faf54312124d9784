// Given these complaints → expect these rows, for the branch scorecard, the cause × category heat map,
// category × branch and category by month. Every expected figure below is worked out by hand from the
// rows (comments show the arithmetic); the marts come from the real model chain (fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

// NFRA clock: 15 calendar days, receipt day not counted. Received Tue 1 Jul 2025 → deadline Wed 16 Jul.
const onTime = { received: "2025-07-01", responded: "2025-07-10" };
const late = { received: "2025-07-01", responded: "2025-07-20" };
const ROWS: Row[] = [
  // Shanghai (SH; customers 20,000, outlets 4): 2 complaints in 2024-Q3, 4 in 2025-Q2, 6 in 2025-Q3
  { key: "h1", received: "2024-08-01", responded: "2024-08-05" },
  { key: "h2", received: "2024-08-02", responded: "2024-08-05" },
  ...[1, 2, 3, 4].map((i) => ({ key: `p${i}`, received: "2025-05-06", responded: "2025-05-08" })),
  { key: "s1", ...onTime, cause: "pricing_fees" },
  { key: "s2", ...onTime, cause: "pricing_fees" },
  { key: "s3", ...onTime, cause: "pricing_fees" },
  { key: "s4", ...onTime, cause: "service_quality" },
  { key: "s5", ...onTime, category: "debit_card", cause: null },
  // booked at an outlet under the tier-2 branch SH01: counts for SH and for SH01
  { key: "s6", ...late, org: "SH0101", category: "debit_card", cause: "fund_security" },
  // Beijing (BJ; customers 50,000, outlets 10): 5 complaints in 2025-Q3, none before
  { key: "b1", ...onTime, org: "BJ", category: "debit_card", cause: "fund_security" },
  { key: "b2", ...onTime, org: "BJ", category: "debit_card", cause: "fund_security" },
  { key: "b3", ...late, org: "BJ", category: "personal_loan", cause: "rules_process" },
  { key: "b4", ...late, org: "BJ", category: "personal_loan", cause: "rules_process" },
  // open: deadline Tue 16 Sep, so breached at the as-of date and at the quarter's end
  { key: "b5", received: "2025-09-01", org: "BJ", category: "personal_loan", cause: "collection_methods" },
  // not a complaint: counted nowhere
  { key: "x1", ...onTime, org: "BJ", isComplaint: false },
];

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await buildFixture(ROWS, { asOf: "2025-09-30" });
});
afterAll(() => warehouse?.close());
const q = (sql: string) => all<Record<string, unknown>>(warehouse.connection, sql);

describe("mart_org_scorecard_quarterly", () => {
  it("gives intensity per 10k customers and per 100 outlets, QoQ, YoY, SLA rates and ranks by level", async () => {
    const rows = await q(`select org_code, org_level, parent_org_code, received, per_10k_customers, per_100_outlets, qoq_pct, yoy_pct,
        judged, breached, on_time_rate, breach_rate, open_breached, rank_intensity, rank_breach
      from mart_org_scorecard_quarterly where quarter = '2025-Q3' order by org_level, org_code`);
    expect(rows).toEqual([
      // BJ: 5 / 50,000 × 10,000 = 1; 5 / 10 × 100 = 50; no complaints a quarter or a year before → no change;
      // breached b3, b4 (late) and b5 (open past its deadline) = 3 of 5; on time 2 of the 4 responded
      {
        org_code: "BJ",
        org_level: "tier1",
        parent_org_code: "HO",
        received: 5,
        per_10k_customers: 1,
        per_100_outlets: 50,
        qoq_pct: null,
        yoy_pct: null,
        judged: 5,
        breached: 3,
        on_time_rate: 0.5,
        breach_rate: 0.6,
        open_breached: 1,
        rank_intensity: 2,
        rank_breach: 1,
      },
      // SH: 6 / 20,000 × 10,000 = 3; 6 / 4 × 100 = 150; QoQ 6/4 − 1 = 0.5; YoY 6/2 − 1 = 2; s6 late: 1 of 6
      {
        org_code: "SH",
        org_level: "tier1",
        parent_org_code: "HO",
        received: 6,
        per_10k_customers: 3,
        per_100_outlets: 150,
        qoq_pct: 0.5,
        yoy_pct: 2,
        judged: 6,
        breached: 1,
        on_time_rate: 5 / 6,
        breach_rate: 1 / 6,
        open_breached: 0,
        rank_intensity: 1,
        rank_breach: 2,
      },
      // SH01 has no denominators in dim_org: no intensity and no intensity rank; s6 is its only complaint
      {
        org_code: "SH01",
        org_level: "tier2",
        parent_org_code: "SH",
        received: 1,
        per_10k_customers: null,
        per_100_outlets: null,
        qoq_pct: null,
        yoy_pct: null,
        judged: 1,
        breached: 1,
        on_time_rate: 0,
        breach_rate: 1,
        open_breached: 0,
        rank_intensity: null,
        rank_breach: 1,
      },
    ]);
  });

  it("gives each branch its peers' medians (same level, same quarter)", async () => {
    const rows = await q(`select org_code, median_per_10k_customers as m10k, median_breach_rate as mbr from mart_org_scorecard_quarterly
      where quarter = '2025-Q3' order by org_code`);
    // tier 1: per 10k 3 and 1 → 2; breach 1/6 and 0.6 → (1/6 + 0.6) / 2; tier 2: SH01 alone, no denominator
    expect(rows.map((r) => r.org_code)).toEqual(["BJ", "SH", "SH01"]);
    for (const r of rows.slice(0, 2)) {
      expect(r.m10k).toBe(2);
      expect(r.mbr as number).toBeCloseTo((1 / 6 + 0.6) / 2, 12);
    }
    expect(rows[2]).toEqual({ org_code: "SH01", m10k: null, mbr: 1 });
  });

  it("has a row for every quarter × branch, zero where a branch had no complaints", async () => {
    const rows = await q(`select quarter, org_code, received, per_10k_customers, qoq_pct, rank_intensity from mart_org_scorecard_quarterly
      where org_level = 'tier1' and quarter in ('2024-Q4', '2025-Q2') order by quarter, org_code`);
    expect(rows).toEqual([
      { quarter: "2024-Q4", org_code: "BJ", received: 0, per_10k_customers: 0, qoq_pct: null, rank_intensity: 1 },
      // 2024-Q3 had 2, 2024-Q4 none: QoQ −100%
      { quarter: "2024-Q4", org_code: "SH", received: 0, per_10k_customers: 0, qoq_pct: -1, rank_intensity: 1 },
      { quarter: "2025-Q2", org_code: "BJ", received: 0, per_10k_customers: 0, qoq_pct: null, rank_intensity: 2 },
      // 4 / 20,000 × 10,000 = 2; 2025-Q1 had none → no QoQ
      { quarter: "2025-Q2", org_code: "SH", received: 4, per_10k_customers: 2, qoq_pct: null, rank_intensity: 1 },
    ]);
    const count = await q("select count(*) as n from mart_org_scorecard_quarterly");
    expect(count).toEqual([{ n: 5 * 3 }]); // 2024-Q3 … 2025-Q3 × (SH, BJ, SH01)
  });
});

describe("mart_kpi_quarterly intensity", () => {
  it("gives the bank's intensity from the head-office denominators, with QoQ and YoY", async () => {
    const rows = await q(`select quarter, received, per_10k_customers, per_100_outlets, intensity_qoq_pct, intensity_yoy_pct
      from mart_kpi_quarterly where quarter in ('2024-Q3', '2025-Q2', '2025-Q3') order by quarter`);
    // head office: 100,000 customers, 20 outlets. 2024-Q3: 2 → 0.2 and 10; 2025-Q2: 4 → 0.4 and 20;
    // 2025-Q3: 11 → 1.1 and 55; QoQ 1.1 / 0.4 − 1 = 1.75; YoY 1.1 / 0.2 − 1 = 4.5
    expect(rows.map((r) => [r.quarter, r.received])).toEqual([
      ["2024-Q3", 2],
      ["2025-Q2", 4],
      ["2025-Q3", 11],
    ]);
    const close = (x: unknown, want: number) => expect(x as number).toBeCloseTo(want, 12);
    close(rows[0].per_10k_customers, 0.2);
    close(rows[0].per_100_outlets, 10);
    close(rows[1].per_10k_customers, 0.4);
    close(rows[2].per_10k_customers, 1.1);
    close(rows[2].per_100_outlets, 55);
    close(rows[2].intensity_qoq_pct, 1.75);
    close(rows[2].intensity_yoy_pct, 4.5);
    // 2025-Q1 had none: no QoQ for 2025-Q2; nothing a year before it either
    expect([rows[1].intensity_qoq_pct, rows[1].intensity_yoy_pct, rows[0].intensity_qoq_pct]).toEqual([null, null, null]);
  });
});

describe("mart_cause_by_category_quarterly", () => {
  it("shares each cell of the heat map of its category and of its quarter", async () => {
    const rows = await q(`select business_category, cause_code, complaints, share_of_category, share_of_quarter
      from mart_cause_by_category_quarterly where quarter = '2025-Q3' and complaints > 0 order by business_category, cause_code`);
    // 11 complaints in the quarter: credit card 4, debit card 4, personal loans 3
    expect(rows).toEqual([
      { business_category: "credit_card", cause_code: "pricing_fees", complaints: 3, share_of_category: 0.75, share_of_quarter: 3 / 11 },
      { business_category: "credit_card", cause_code: "service_quality", complaints: 1, share_of_category: 0.25, share_of_quarter: 1 / 11 },
      { business_category: "debit_card", cause_code: "fund_security", complaints: 3, share_of_category: 0.75, share_of_quarter: 3 / 11 },
      { business_category: "debit_card", cause_code: "unclassified", complaints: 1, share_of_category: 0.25, share_of_quarter: 1 / 11 },
      { business_category: "personal_loan", cause_code: "collection_methods", complaints: 1, share_of_category: 1 / 3, share_of_quarter: 1 / 11 },
      { business_category: "personal_loan", cause_code: "rules_process", complaints: 2, share_of_category: 2 / 3, share_of_quarter: 2 / 11 },
    ]);
  });

  it("fills the grid with zeros: a share of 0 in a category with complaints, none in a category without", async () => {
    const rows = await q(`select business_category, cause_code, complaints, share_of_category, share_of_quarter from mart_cause_by_category_quarterly
      where quarter = '2025-Q3' and ((business_category = 'credit_card' and cause_code = 'marketing') or (business_category = 'agency' and cause_code = 'pricing_fees'))
      order by 1`);
    expect(rows).toEqual([
      { business_category: "agency", cause_code: "pricing_fees", complaints: 0, share_of_category: null, share_of_quarter: 0 },
      { business_category: "credit_card", cause_code: "marketing", complaints: 0, share_of_category: 0, share_of_quarter: 0 },
    ]);
    // (13 JR/T 0169 categories + unmapped) × (13 causes + unmapped + unclassified) per quarter
    expect(await q("select count(*) as n from mart_cause_by_category_quarterly where quarter = '2025-Q3'")).toEqual([{ n: 14 * 15 }]);
  });
});

describe("mart_category_org_quarterly", () => {
  it("splits each category over tier-1 branches, ties sharing a rank", async () => {
    const rows = await q(`select business_category, org_code, complaints, share_of_category, rank_in_category
      from mart_category_org_quarterly where quarter = '2025-Q3' order by business_category, org_code`);
    expect(rows).toEqual([
      { business_category: "credit_card", org_code: "SH", complaints: 4, share_of_category: 1, rank_in_category: 1 },
      { business_category: "debit_card", org_code: "BJ", complaints: 2, share_of_category: 0.5, rank_in_category: 1 },
      { business_category: "debit_card", org_code: "SH", complaints: 2, share_of_category: 0.5, rank_in_category: 1 },
      { business_category: "personal_loan", org_code: "BJ", complaints: 3, share_of_category: 1, rank_in_category: 1 },
    ]);
  });
});

describe("mart_category_monthly", () => {
  it("counts complaints by received month and category, with zero months kept", async () => {
    const rows = await q(`select month, business_category, complaints from mart_category_monthly
      where month in ('2024-09', '2025-07', '2025-09') and complaints > 0 or month = '2024-09' order by month, business_category`);
    expect(rows).toEqual([
      { month: "2024-09", business_category: "credit_card", complaints: 0 },
      { month: "2024-09", business_category: "debit_card", complaints: 0 },
      { month: "2024-09", business_category: "personal_loan", complaints: 0 },
      { month: "2025-07", business_category: "credit_card", complaints: 4 },
      { month: "2025-07", business_category: "debit_card", complaints: 4 },
      { month: "2025-07", business_category: "personal_loan", complaints: 2 },
      { month: "2025-09", business_category: "personal_loan", complaints: 1 },
    ]);
    // August 2024 … September 2025 = 14 months × 3 categories
    expect(await q("select count(*) as n from mart_category_monthly")).toEqual([{ n: 14 * 3 }]);
  });
});
