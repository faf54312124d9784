// The metric definitions (src/metrics/definitions.ts) are the one source of the methodology: every key
// `kesu metrics --json` prints has a definition and every definition with a key is printed; every mart
// column a definition points to exists; and `kesu metrics` reads the new figures from the marts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { METRICS, METRICS_KEYS } from "../../src/metrics/definitions.ts";
import { headlineMetrics } from "../../src/metrics/headline.ts";
import { buildFixture, type Row } from "../models/fixture.ts";

// 2025-Q2: 2 complaints; 2025-Q3: 4 (one without a cause but with a narrative the rules read, one with
// neither). The bank (head office in fixture.ts) has 100,000 customers and 20 outlets.
const ROWS: Row[] = [
  { key: "q2a", received: "2025-05-06", responded: "2025-05-08" },
  { key: "q2b", received: "2025-05-07", responded: "2025-05-08" },
  { key: "q3a", received: "2025-07-01", responded: "2025-07-10", cause: "pricing_fees", narrative: "年费收取有异议" },
  { key: "q3b", received: "2025-07-01", responded: "2025-07-20", cause: null, narrative: "手机银行系统故障" },
  { key: "q3c", received: "2025-09-01", cause: null },
  // open, received 18 Sep: 12 of 15 days used at 30 Sep → at risk (12 ≥ 0.8 × 15)
  { key: "q3d", received: "2025-09-18" },
];

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await buildFixture(ROWS, { asOf: "2025-09-30" });
});
afterAll(() => warehouse?.close());

describe("metric definitions", () => {
  it("define exactly the keys `kesu metrics --json` prints (with --by)", async () => {
    const result = await headlineMetrics(warehouse.connection, { quarter: "2025-Q3", by: "business_category" });
    expect(Object.keys(result).sort()).toEqual([...METRICS_KEYS].sort());
    const plain = await headlineMetrics(warehouse.connection, { quarter: "2025-Q3" });
    expect(Object.keys(plain).sort()).toEqual(METRICS_KEYS.filter((k) => k !== "by").sort());
  });

  it("are complete and unique, in both languages", () => {
    const ids = METRICS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of METRICS) {
      for (const text of [m.name.zh, m.name.en, m.definition.zh, m.definition.en, m.window.zh, m.window.en, m.formula, m.rule.zh, m.rule.en]) {
        expect(text.trim(), m.id).not.toBe("");
      }
      expect(m.source.length, m.id).toBeGreaterThan(0);
    }
  });

  it("point at marts and columns that exist", async () => {
    const columns = await all<{ t: string; c: string }>(
      warehouse.connection,
      `select case when schema_name = 'main' then table_name else schema_name || '.' || table_name end as t, column_name as c from duckdb_columns()`,
    );
    const known = new Set(columns.map((r) => `${r.t}.${r.c}`));
    let checked = 0;
    for (const m of METRICS) {
      for (const { mart, column } of m.source) {
        for (const name of column.split(",").map((c) => c.trim().replace(/ \(.*\)$/, ""))) {
          const bare = name.match(/^sum\((\w+)\)$/)?.[1] ?? name;
          expect(known.has(`${mart}.${bare}`), `${m.id}: ${mart}.${bare}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});

describe("kesu metrics: the new figures", () => {
  it("reads intensity, its changes, at-risk open and cause coverage from the marts", async () => {
    const r = await headlineMetrics(warehouse.connection, { quarter: "2025-Q3" });
    expect({
      received: r.received,
      intensity_per_10k_customers: r.intensity_per_10k_customers,
      intensity_per_100_outlets: r.intensity_per_100_outlets,
      intensity_qoq_pct: r.intensity_qoq_pct,
      at_risk_open: r.at_risk_open,
      open_breached_at_quarter_end: r.open_breached_at_quarter_end,
      open_at_risk_at_quarter_end: r.open_at_risk_at_quarter_end,
      withdrawn: r.withdrawn,
      cause_provided: r.cause_provided,
      cause_classified: r.cause_classified,
      cause_unclassified: r.cause_unclassified,
      cause_coverage_rate: r.cause_coverage_rate,
      cause_agreement_checked: r.cause_agreement_checked,
      cause_agreement_rate: r.cause_agreement_rate,
    }).toEqual({
      received: 4,
      intensity_per_10k_customers: 0.4, // 4 × 10,000 / 100,000
      intensity_per_100_outlets: 20, // 4 × 100 / 20
      intensity_qoq_pct: 1, // 0.4 / 0.2 − 1
      at_risk_open: 1, // q3d
      open_breached_at_quarter_end: 1, // q3c: deadline 16 Sep
      open_at_risk_at_quarter_end: 1, // q3d, read at 30 Sep (the as-of date is the quarter's end here)
      withdrawn: 0,
      cause_provided: 2, // q3a, and q3d with the fixture's default cause
      cause_classified: 1, // q3b → facilities_systems
      cause_unclassified: 1, // q3c
      cause_coverage_rate: 0.75,
      cause_agreement_checked: 1, // q3a: 年费 → pricing_fees
      cause_agreement_rate: 1,
    });
  });

  it("by branch, adds each tier-1 branch's intensity and ranks from the scorecard", async () => {
    const r = await headlineMetrics(warehouse.connection, { quarter: "2025-Q3", by: "org_code" });
    // all four 2025-Q3 complaints are Shanghai's (20,000 customers, 4 outlets); Beijing has none, so it
    // has no row in the breakdown but ranks 2nd on intensity (0 per 10k)
    expect(r.by).toEqual([
      {
        code: "SH",
        received: 4,
        share: 1,
        qoq_pct: 1,
        yoy_pct: null,
        judged: 4,
        breach_rate: 0.5,
        on_time_rate: 0.5,
        per_10k_customers: 2,
        per_100_outlets: 100,
        rank_intensity: 1,
        rank_breach: 1,
      },
    ]);
  });
});
