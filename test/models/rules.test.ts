// Rules pinned at their edges, each worked out by hand in the comments (docs/design.md §4–5): latest wins
// when only some versions carry an update time; a complaint settled at the very instant the next one arrives;
// the 90-day windows counted in calendar days of the bank's timezone, not in 90 × 24 hours; the repeat-customer
// rate over every customer who complained; at risk from 80% of the allowance, at the quarter's end too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

const ROWS: Row[] = [
  // latest wins: L has a version with an update time in file 1 and one without in file 2 (a source that does not
  // export update times, loaded later): the timed version wins; among timed versions the newer time wins
  // although its file (3) came before file 4's older time.
  { key: "L", customer: "L", received: "2025-01-06", responded: "2025-01-08", updated: "2025-01-08 09:00:00", file: 1 },
  { key: "L", customer: "L", received: "2025-01-06", status: "in_progress", file: 2 },
  { key: "M", customer: "M", received: "2025-01-06", responded: "2025-01-09", updated: "2025-01-09 09:00:00", file: 3 },
  { key: "M", customer: "M", received: "2025-01-06", status: "in_progress", updated: "2025-01-07 09:00:00", file: 4 },

  // duplicate while open at the instant: D1 replied at 20 Jan 10:00; D2 arrives at exactly that instant → settled,
  // not a duplicate; D3 arrived a minute before → duplicate.
  { key: "D1", customer: "D", received: "2025-01-10", responded: "2025-01-20 10:00:00" },
  { key: "D3", customer: "D", received: "2025-01-20 09:59:00", responded: "2025-01-21" },
  { key: "D2", customer: "D", category: "debit_card", received: "2025-01-10", responded: "2025-01-20 10:00:00" },
  { key: "D4", customer: "D", category: "debit_card", received: "2025-01-20 10:00:00", responded: "2025-01-22" },

  // repeat after close, calendar days: R1 closed 10 Jan 08:00; R2 arrives 10 Apr 23:00, day 90 by date
  // (21 + 28 + 31 + 10) though 90 days and 15 hours by the clock → repeat. S1 closed 10 Jan 23:00; S2 arrives
  // 11 Apr 01:00, day 91 → not a repeat although only 90 days and 2 hours passed.
  { key: "R1", customer: "R", received: "2025-01-06", closed: "2025-01-10 08:00:00", responded: "2025-01-10 08:00:00" },
  { key: "R2", customer: "R", received: "2025-04-10 23:00:00", responded: "2025-04-14" },
  { key: "S1", customer: "S", received: "2025-01-06", closed: "2025-01-10 23:00:00", responded: "2025-01-10 23:00:00" },
  { key: "S2", customer: "S", received: "2025-04-11 01:00:00", responded: "2025-04-14" },

  // escalation, calendar days: E1 hotline 10 Jan 08:00, regulator 10 Apr 20:00 (day 90) → escalated. F1 hotline
  // 10 Jan 20:00, regulator 11 Apr 07:00 (day 91, 90 days 11 hours) → not.
  { key: "E1", customer: "E", received: "2025-01-10 08:00:00", responded: "2025-01-11" },
  { key: "E2", customer: "E", category: "debit_card", channel: "regulator_transfer", received: "2025-04-10 20:00:00", responded: "2025-04-12" },
  { key: "F1", customer: "F", received: "2025-01-10 20:00:00", responded: "2025-01-11" },
  { key: "F2", customer: "F", category: "debit_card", channel: "regulator_transfer", received: "2025-04-11 07:00:00", responded: "2025-04-14" },
];

describe("rules at their edges", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-09-30" });
  });
  afterAll(() => warehouse?.close());

  it("latest wins: a version with an update time beats one without, then the newer time whatever the file", async () => {
    const rows = await all(
      warehouse.connection,
      "select complaint_key as key, status, lineage_file_id::int as file from complaints where complaint_key in ('L', 'M') order by 1",
    );
    expect(rows).toEqual([
      { key: "L", status: "closed", file: 1 },
      { key: "M", status: "closed", file: 3 },
    ]);
  });

  it("a complaint settled at the instant the next arrives is not open then: no duplicate", async () => {
    const rows = await all(
      warehouse.connection,
      "select complaint_key as key, is_duplicate_while_open as dup from int_complaint_recurrence where complaint_key like 'D%' order by 1",
    );
    expect(rows).toEqual([
      { key: "D1", dup: false },
      { key: "D2", dup: false },
      { key: "D3", dup: true },
      { key: "D4", dup: false },
    ]);
  });

  it("counts the repeat and escalation windows in calendar days: day 90 counts at any hour, day 91 never", async () => {
    const rows = await all(
      warehouse.connection,
      `select complaint_key as key, is_repeat_after_close as repeat, is_escalated as escalated from int_complaint_recurrence
       where complaint_key in ('R2', 'S2', 'E1', 'F1') order by 1`,
    );
    expect(rows).toEqual([
      { key: "E1", repeat: false, escalated: true },
      { key: "F1", repeat: false, escalated: false },
      { key: "R2", repeat: true, escalated: false },
      { key: "S2", repeat: false, escalated: false },
    ]);
  });
});

describe("repeat-customer rate", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        // A: a1 in March stays open; a2 (April) is a duplicate of it → in Q2 A complained, with no non-duplicate
        { key: "a1", customer: "A", received: "2025-03-20" },
        { key: "a2", customer: "A", received: "2025-04-10", responded: "2025-04-11" },
        // B: two non-duplicate complaints in Q2 (the first settled before the second) → a repeat customer
        { key: "b1", customer: "B", received: "2025-04-01", responded: "2025-04-02" },
        { key: "b2", customer: "B", received: "2025-05-01", responded: "2025-05-02" },
        // C: one complaint in Q2
        { key: "c1", customer: "C", received: "2025-06-01", responded: "2025-06-02" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  it("divides by every customer who complained, one whose only complaint was a duplicate included", async () => {
    // Q2: customers A, B, C = 3; repeat customers B = 1 (A has no non-duplicate complaint there)
    const [bank] = await all(
      warehouse.connection,
      "select customers, repeat_customers, repeat_customer_rate from mart_recurrence_quarterly where quarter = '2025-Q2'",
    );
    expect(bank).toEqual({ customers: 3, repeat_customers: 1, repeat_customer_rate: 1 / 3 });
    const [branch] = await all(
      warehouse.connection,
      "select repeat_customer_rate from mart_org_scorecard_quarterly where quarter = '2025-Q2' and org_code = 'SH'",
    );
    expect(branch).toEqual({ repeat_customer_rate: 1 / 3 });
  });
});

describe("at risk", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        // cn-nfra-2020: 15 days, receipt day not counted. Received Thu 18 Sep 2025, open at 30 Sep: 12 days used,
        // 12 ≥ 0.8 × 15 → at risk (deadline 3 Oct rolls past the National Day holiday to Thu 9 Oct).
        { key: "k80", received: "2025-09-18" },
        // received 19 Sep: 11 days used, 11 < 12 → not at risk
        { key: "k73", received: "2025-09-19" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  it("is reached at 80% of the allowance, in the clocks and at the quarter's end alike", async () => {
    const clocks = await all(warehouse.connection, "select complaint_key as key, deadline::varchar as deadline, at_risk from int_complaint_clocks order by 1");
    expect(clocks).toEqual([
      { key: "k73", deadline: "2025-10-09", at_risk: false },
      { key: "k80", deadline: "2025-10-09", at_risk: true },
    ]);
    const [aging] = await all(
      warehouse.connection,
      "select sum(open_complaints)::int as open, sum(at_risk)::int as at_risk from mart_sla_aging_quarterly where quarter = '2025-Q3'",
    );
    expect(aging).toEqual({ open: 2, at_risk: 1 });
    const [kpi] = await all(warehouse.connection, "select open_at_end, open_at_risk from mart_kpi_quarterly where quarter = '2025-Q3'");
    expect(kpi).toEqual({ open_at_end: 2, open_at_risk: 1 });
  });
});

describe("aging buckets", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        // open at 30 Sep 2025, age in calendar days since receipt: 23 Sep → 7 (last day of "0-7"), 22 Sep → 8
        // (first of "8-15"), 30 Aug → 31 (first of "31-60"), 31 Jul → 61 (first of ">60")
        { key: "a7", received: "2025-09-23" },
        { key: "a8", received: "2025-09-22" },
        { key: "a31", received: "2025-08-30" },
        { key: "a61", received: "2025-07-31" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  it("puts a complaint aged exactly on a boundary in the bucket that names it", async () => {
    const rows = await all(
      warehouse.connection,
      `select aging_bucket as bucket, sum(open_complaints)::int as open from mart_sla_aging_quarterly_by
       where quarter = '2025-Q3' and profile_id = 'cn-nfra-2020' and dimension = 'total' group by 1, bucket_order order by bucket_order`,
    );
    expect(rows).toEqual([
      { bucket: "0-7", open: 1 },
      { bucket: "8-15", open: 1 },
      { bucket: "16-30", open: 0 },
      { bucket: "31-60", open: 1 },
      { bucket: ">60", open: 1 },
    ]);
  });
});

describe("the report's groupings, computed in the marts", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        // Q2: d (SH, hotline)
        { key: "d", received: "2025-05-06", responded: "2025-05-07" },
        // Q3: a (SH, hotline, replied 20 Jul after its 16 Jul deadline); b (BJ, counter, late too); c (SH's tier-2
        // branch, hotline, open at 30 Sep and not yet due); e (SH, the same customer and category as c while c
        // is open: a duplicate, judged all the same); w (SH, withdrawn: received, not judged)
        { key: "a", received: "2025-07-01", responded: "2025-07-20" },
        { key: "b", received: "2025-07-01", responded: "2025-07-20", org: "BJ", channel: "branch_counter" },
        { key: "c", received: "2025-09-25", org: "SH01", customer: "X" },
        { key: "e", received: "2025-09-28", customer: "X" },
        { key: "w", received: "2025-08-01", status: "withdrawn" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  it("regions: the tier-1 branches' counts, intensity over their customers, breach rate", async () => {
    const rows = await all(
      warehouse.connection,
      `select region, received, share, received_prev_quarter, qoq_pct, customers::int as customers, per_10k_customers, judged, breached, breach_rate
       from mart_region_quarterly where quarter = '2025-Q3' order by region`,
    );
    // 华东 = SH (20,000 customers): a, c, e, w → 4 of 5, 4 × 10,000 / 20,000 = 2; Q2 had d → +300%; merged 3 (e);
    // judged a, c, e (w withdrawn), a breached → 1/3
    // 华北 = BJ (50,000): b → 1 of 5, 0.2 per 10,000; no Q2 complaint → no QoQ; b breached
    expect(rows).toEqual([
      {
        region: "华东",
        received: 4,
        share: 4 / 5,
        received_prev_quarter: 1,
        qoq_pct: 3,
        customers: 20000,
        per_10k_customers: 2,
        judged: 3,
        breached: 1,
        breach_rate: 1 / 3,
      },
      {
        region: "华北",
        received: 1,
        share: 1 / 5,
        received_prev_quarter: 0,
        qoq_pct: null,
        customers: 50000,
        per_10k_customers: 0.2,
        judged: 1,
        breached: 1,
        breach_rate: 1,
      },
    ]);
    const [merged] = await all(warehouse.connection, "select received_merged from mart_region_quarterly where quarter = '2025-Q3' and region = '华东'");
    expect(merged).toEqual({ received_merged: 3 });
  });

  it("on-site and off-site: the off-site subtotal is a slice of its own", async () => {
    const rows = await all(
      warehouse.connection,
      "select code, received, share from mart_received_quarterly_by where quarter = '2025-Q3' and dimension = 'intake_side' order by code",
    );
    // b at the counter; a, c, e, w by the hotline (electronic, off-site)
    expect(rows).toEqual([
      { code: "off_site", received: 4, share: 4 / 5 },
      { code: "on_site", received: 1, share: 1 / 5 },
    ]);
  });

  it("medians over the tier-1 branches, and the merged count's change", async () => {
    const [medians] = await all(
      warehouse.connection,
      "select distinct median_received, median_breach_rate from mart_org_scorecard_quarterly where quarter = '2025-Q3' and org_level = 'tier1'",
    );
    // SH 4, BJ 1 → 2.5; breach rates SH 1/3, BJ 1 → 2/3
    expect(medians).toEqual({ median_received: 2.5, median_breach_rate: (1 / 3 + 1) / 2 });
    const [merged] = await all(
      warehouse.connection,
      "select received_merged, received_merged_prev_quarter, merged_qoq_pct from mart_recurrence_quarterly where quarter = '2025-Q3'",
    );
    // Q3: 5 received, e a duplicate → 4; Q2: 1 → +300%
    expect(merged).toEqual({ received_merged: 4, received_merged_prev_quarter: 1, merged_qoq_pct: 3 });
    const [kpi] = await all(warehouse.connection, "select received, judged, withdrawn from mart_kpi_quarterly where quarter = '2025-Q3'");
    expect(kpi).toEqual({ received: 5, judged: 4, withdrawn: 1 });
  });
});
