// Given these complaints → expect these rows, for the aging of open complaints and the FCA-style response
// bands, both under the NFRA clock and the bank calendar (National Day 2025: 1–8 October off; Sunday
// 28 September and Saturday 11 October worked). Expected values are worked out by hand in the comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

describe("mart_sla_aging_quarterly", () => {
  // As of Tue 30 Sep 2025; NFRA: 15 calendar days after receipt, a deadline on a rest day moves on.
  const ROWS: Row[] = [
    // open, 5 days old at 30 Sep: 0-7; deadline 10 Oct; 5 of 15 days used → not at risk
    { key: "a1", received: "2025-09-25" },
    // open, 13 days old: 8-15; 17 Sep + 15 = 2 Oct, a holiday → 9 Oct; 13 ≥ 0.8 × 15 = 12 → at risk
    { key: "a2", received: "2025-09-17" },
    // open, 29 days old: 16-30; deadline Tue 16 Sep passed → breached
    { key: "a3", received: "2025-09-01", org: "BJ", category: "debit_card" },
    // decided 10 Jul: open at 30 Jun, 60 days old (31-60), deadline Fri 16 May passed → breached then
    { key: "a4", received: "2025-05-01", responded: "2025-07-10" },
    // decided within the quarter: not open at its end
    { key: "a5", received: "2025-04-01", responded: "2025-04-10" },
    // still open: 71 days old at 30 Jun and 163 at 30 Sep (>60), breached both times
    { key: "a6", received: "2025-04-20" },
  ];
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-09-30" });
  });
  afterAll(() => warehouse?.close());

  it("buckets the complaints open at each quarter's end by age, with breached and at risk read at that date", async () => {
    const rows = await all(
      warehouse.connection,
      `select quarter, aging_bucket, bucket_order, open_complaints, breached, at_risk from mart_sla_aging_quarterly
       where profile_id = 'cn-nfra-2020' order by quarter, bucket_order`,
    );
    expect(rows).toEqual([
      { quarter: "2025-Q2", aging_bucket: "0-7", bucket_order: 1, open_complaints: 0, breached: 0, at_risk: 0 },
      { quarter: "2025-Q2", aging_bucket: "8-15", bucket_order: 2, open_complaints: 0, breached: 0, at_risk: 0 },
      { quarter: "2025-Q2", aging_bucket: "16-30", bucket_order: 3, open_complaints: 0, breached: 0, at_risk: 0 },
      { quarter: "2025-Q2", aging_bucket: "31-60", bucket_order: 4, open_complaints: 1, breached: 1, at_risk: 0 },
      { quarter: "2025-Q2", aging_bucket: ">60", bucket_order: 5, open_complaints: 1, breached: 1, at_risk: 0 },
      { quarter: "2025-Q3", aging_bucket: "0-7", bucket_order: 1, open_complaints: 1, breached: 0, at_risk: 0 },
      { quarter: "2025-Q3", aging_bucket: "8-15", bucket_order: 2, open_complaints: 1, breached: 0, at_risk: 1 },
      { quarter: "2025-Q3", aging_bucket: "16-30", bucket_order: 3, open_complaints: 1, breached: 1, at_risk: 0 },
      { quarter: "2025-Q3", aging_bucket: "31-60", bucket_order: 4, open_complaints: 0, breached: 0, at_risk: 0 },
      { quarter: "2025-Q3", aging_bucket: ">60", bucket_order: 5, open_complaints: 1, breached: 1, at_risk: 0 },
    ]);
  });

  it("splits the same counts by branch and category", async () => {
    const rows = await all(
      warehouse.connection,
      `select dimension, code, aging_bucket, open_complaints, breached, at_risk from mart_sla_aging_quarterly_by
       where profile_id = 'cn-nfra-2020' and quarter = '2025-Q3' and dimension in ('tier1_org', 'business_category') and open_complaints > 0
       order by dimension, code, bucket_order`,
    );
    // a3 is Beijing's debit-card complaint; a1, a2, a6 Shanghai's credit-card ones
    expect(rows).toEqual([
      { dimension: "business_category", code: "credit_card", aging_bucket: "0-7", open_complaints: 1, breached: 0, at_risk: 0 },
      { dimension: "business_category", code: "credit_card", aging_bucket: "8-15", open_complaints: 1, breached: 0, at_risk: 1 },
      { dimension: "business_category", code: "credit_card", aging_bucket: ">60", open_complaints: 1, breached: 1, at_risk: 0 },
      { dimension: "business_category", code: "debit_card", aging_bucket: "16-30", open_complaints: 1, breached: 1, at_risk: 0 },
      { dimension: "tier1_org", code: "BJ", aging_bucket: "16-30", open_complaints: 1, breached: 1, at_risk: 0 },
      { dimension: "tier1_org", code: "SH", aging_bucket: "0-7", open_complaints: 1, breached: 0, at_risk: 0 },
      { dimension: "tier1_org", code: "SH", aging_bucket: "8-15", open_complaints: 1, breached: 0, at_risk: 1 },
      { dimension: "tier1_org", code: "SH", aging_bucket: ">60", open_complaints: 1, breached: 1, at_risk: 0 },
    ]);
    // Beijing had nothing open at the end of 2025-Q2: no rows for it then
    const q2 = await all(warehouse.connection, "select count(*) as n from mart_sla_aging_quarterly_by where quarter = '2025-Q2' and code = 'BJ'");
    expect(q2).toEqual([{ n: 0 }]);
  });

  it("agrees with the quarter-end backlog of mart_kpi_quarterly", async () => {
    const rows = await all(
      warehouse.connection,
      `select k.quarter, k.open_at_end, sum(a.open_complaints) as aged, k.open_breached, sum(a.breached) as aged_breached
       from mart_kpi_quarterly k join mart_sla_aging_quarterly a using (quarter) where a.profile_id = 'cn-nfra-2020' group by all order by 1`,
    );
    expect(rows).toEqual([
      { quarter: "2025-Q2", open_at_end: 2, aged: 2, open_breached: 2, aged_breached: 2 },
      { quarter: "2025-Q3", open_at_end: 4, aged: 4, open_breached: 2, aged_breached: 2 },
    ]);
  });
});

describe("mart_sla_aging_quarterly on a working-day clock, read at a past quarter end", () => {
  // cn-internal-investigate: 3 working days, the receipt day counted as day 1; at risk from 0.8 × 3 = 2.4
  // days used. As of 20 Oct, so 2025-Q3 is read at its end, Tue 30 Sep, not at the as-of date.
  const ROWS: Row[] = [
    // Mon 29 Sep: days used at 30 Sep = Mon, Tue = 2 < 2.4; deadline Mon 29 + 3 working days → Thu 9 Oct
    { key: "i1", received: "2025-09-29" },
    // Sun 28 Sep, a 调休 working day: Sun, Mon, Tue = 3 ≥ 2.4 → at risk; deadline Tue 30 Sep, not yet passed
    { key: "i2", received: "2025-09-28" },
    // Fri 26 Sep: deadline Fri, Sun, Mon 29 → breached at 30 Sep (decided only on 10 Oct)
    { key: "i3", received: "2025-09-26", responded: "2025-10-10" },
  ];
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-10-20", profiles: ["cn-internal-investigate"] });
  });
  afterAll(() => warehouse?.close());

  it("counts working days of the bank calendar up to the quarter's end", async () => {
    const rows = await all(
      warehouse.connection,
      `select quarter, aging_bucket, open_complaints, breached, at_risk from mart_sla_aging_quarterly
       where profile_id = 'cn-internal-investigate' and open_complaints > 0 order by quarter, bucket_order`,
    );
    expect(rows).toEqual([{ quarter: "2025-Q3", aging_bucket: "0-7", open_complaints: 3, breached: 1, at_risk: 1 }]);
  });
});

describe("mart_sla_bands_quarterly", () => {
  const ROWS: Row[] = [
    // Thu 25 Sep → Tue 30 Sep: business days after receipt are Fri 26, Sun 28 (调休, worked), Mon 29, Tue 30:
    // the 4th → within 8 weeks (Monday–Friday counting would wrongly say within 3)
    { key: "w1", received: "2025-09-25", responded: "2025-09-30" },
    // Fri 26 Sep → Tue 30 Sep: Sun 28, Mon 29, Tue 30 = the 3rd → within 3 business days
    { key: "w2", received: "2025-09-26", responded: "2025-09-30" },
    // Tue 30 Sep → Fri 10 Oct: 1–8 Oct are holidays, so Thu 9 is the 1st and Fri 10 the 2nd → within 3
    { key: "w3", received: "2025-09-30", responded: "2025-10-10" },
    // 1 Jul → 26 Aug is 56 days: within 8 weeks; → 27 Aug is 57: over
    { key: "w4", received: "2025-07-01", responded: "2025-08-26" },
    { key: "w5", received: "2025-07-01", responded: "2025-08-27", org: "BJ" },
    // still open at the as-of date
    { key: "w6", received: "2025-09-20" },
    // closed on a date the export does not give: no band
    { key: "w7", received: "2025-09-02", status: "closed" },
    // Sat 11 Oct (a worked 调休 Saturday) → Wed 15 Oct: Mon 13, Tue 14, Wed 15 = the 3rd → within 3;
    // → Thu 16 Oct: the 4th → within 8 weeks
    { key: "w8", received: "2025-10-11", responded: "2025-10-15" },
    { key: "w9", received: "2025-10-11", responded: "2025-10-16" },
  ];
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-10-20" });
  });
  afterAll(() => warehouse?.close());

  it("bands the time to respond in business days of the bank calendar, across National Day and 调休 days", async () => {
    const rows = await all(
      warehouse.connection,
      `select quarter, band, band_order, complaints, share from mart_sla_bands_quarterly where profile_id = 'cn-nfra-2020' order by quarter, band_order`,
    );
    expect(rows).toEqual([
      // 2025-Q3: w2, w3 | w1, w4 | w5 | w6 — six banded (w7 left out)
      { quarter: "2025-Q3", band: "within_3_business_days", band_order: 1, complaints: 2, share: 2 / 6 },
      { quarter: "2025-Q3", band: "within_8_weeks", band_order: 2, complaints: 2, share: 2 / 6 },
      { quarter: "2025-Q3", band: "over_8_weeks", band_order: 3, complaints: 1, share: 1 / 6 },
      { quarter: "2025-Q3", band: "open", band_order: 4, complaints: 1, share: 1 / 6 },
      // 2025-Q4: w8 | w9
      { quarter: "2025-Q4", band: "within_3_business_days", band_order: 1, complaints: 1, share: 0.5 },
      { quarter: "2025-Q4", band: "within_8_weeks", band_order: 2, complaints: 1, share: 0.5 },
      { quarter: "2025-Q4", band: "over_8_weeks", band_order: 3, complaints: 0, share: 0 },
      { quarter: "2025-Q4", band: "open", band_order: 4, complaints: 0, share: 0 },
    ]);
  });

  it("bands each branch's complaints among its own", async () => {
    const rows = await all(
      warehouse.connection,
      `select code, band, complaints, share from mart_sla_bands_quarterly_by
       where profile_id = 'cn-nfra-2020' and quarter = '2025-Q3' and dimension = 'tier1_org' order by code, band_order`,
    );
    // Beijing: w5 alone; Shanghai: w2, w3 | w1, w4 | — | w6
    expect(rows).toEqual([
      { code: "BJ", band: "within_3_business_days", complaints: 0, share: 0 },
      { code: "BJ", band: "within_8_weeks", complaints: 0, share: 0 },
      { code: "BJ", band: "over_8_weeks", complaints: 1, share: 1 },
      { code: "BJ", band: "open", complaints: 0, share: 0 },
      { code: "SH", band: "within_3_business_days", complaints: 2, share: 0.4 },
      { code: "SH", band: "within_8_weeks", complaints: 2, share: 0.4 },
      { code: "SH", band: "over_8_weeks", complaints: 0, share: 0 },
      { code: "SH", band: "open", complaints: 1, share: 0.2 },
    ]);
  });
});

describe("mart_sla_quarterly_by percentiles", () => {
  // The mart takes the percentiles from histograms of days, not from quantile_cont: they must be
  // quantile_cont's (linear interpolation between the values at floor and ceil of (n - 1) × q).
  const ROWS: Row[] = [
    // decided in 1, 2, 3 and 10 calendar days after receipt (Tue 1 Jul 2025)
    { key: "p1", received: "2025-07-01", responded: "2025-07-02", org: "SH01" },
    { key: "p2", received: "2025-07-01", responded: "2025-07-03" },
    { key: "p3", received: "2025-07-01", responded: "2025-07-04" },
    { key: "p4", received: "2025-07-01", responded: "2025-07-11", org: "BJ" },
    // open: no time to respond yet; closed on a date the export does not give: decided, but no days
    { key: "p5", received: "2025-07-01" },
    { key: "p6", received: "2025-07-01", status: "closed" },
  ];
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-07-31" });
  });
  afterAll(() => warehouse?.close());

  it("interpolates the median and the 90th percentile of the days to respond in each group", async () => {
    const rows = await all<{ dimension: string; code: string; responded: number; p50: number; p90: number }>(
      warehouse.connection,
      `select dimension, code, responded, p50_days_to_respond as p50, p90_days_to_respond as p90 from mart_sla_quarterly_by
       where profile_id = 'cn-nfra-2020' and quarter = '2025-Q3' and dimension in ('total', 'tier1_org', 'tier2_org')
       order by dimension, code`,
    );
    // all: days 1, 2, 3, 10 (n = 4): median at position 1.5 → (2 + 3) / 2 = 2.5; p90 at 2.7 → 3 + 0.7 × 7 = 7.9
    // SH (p1, p2, p3, p6): 1, 2, 3: median 2; p90 at 1.8 → 2 + 0.8 × 1 = 2.8. BJ: 10 alone.
    // tier-2: only SH01 (p1, 1 day); the complaints without a tier-2 branch make no row
    expect(rows.map((r) => ({ ...r, p90: Math.round(r.p90 * 1e9) / 1e9 }))).toEqual([
      { dimension: "tier1_org", code: "BJ", responded: 1, p50: 10, p90: 10 },
      { dimension: "tier1_org", code: "SH", responded: 4, p50: 2, p90: 2.8 },
      { dimension: "tier2_org", code: "SH01", responded: 1, p50: 1, p90: 1 },
      { dimension: "total", code: "all", responded: 5, p50: 2.5, p90: 7.9 },
    ]);
  });

  it("equals quantile_cont over the same clocks, bit for bit, in every group", async () => {
    const differing = await all(
      warehouse.connection,
      `with direct as (
         select c.received_quarter as quarter, k.profile_id, coalesce(c.tier1_code, c.org_code) as code,
           quantile_cont(k.elapsed_calendar_days, 0.5) filter (where not k.is_open) as p50,
           quantile_cont(k.elapsed_calendar_days, 0.9) filter (where not k.is_open) as p90
         from int_complaint_clocks k join complaints c using (complaint_key) group by all
       )
       select * from direct
       join mart_sla_quarterly_by m on m.quarter = direct.quarter and m.profile_id = direct.profile_id
         and m.dimension = 'tier1_org' and m.code = direct.code
       where m.p50_days_to_respond is distinct from direct.p50 or m.p90_days_to_respond is distinct from direct.p90`,
    );
    const groups = await all(warehouse.connection, "select * from mart_sla_quarterly_by where dimension = 'tier1_org'");
    expect(groups.length).toBe(2);
    expect(differing).toEqual([]);
  });
});
