// Given these complaints → expect this Pareto: hand-worked counts A=50, B=30, C=15, D=5 give cumulative
// shares 50%, 80%, 95%, 100%; the vital few are A and B (B brings the total to 80%), not C.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";

const MODEL = readFileSync(new URL("../../src/models/marts/mart_cause_pareto.sql", import.meta.url), "utf8");
let warehouse: Warehouse;

beforeAll(async () => {
  warehouse = await openWarehouse(":memory:");
  await warehouse.connection.run(`create table complaints as
    select '2025-Q3' as received_quarter, 'credit_card' as business_category, 'SH' as tier1_code, 'SH01' as org_code, true as is_complaint,
      case when i < 50 then 'pricing_fees' when i < 80 then 'rules_process' when i < 95 then 'service_quality' else null end as cause_code
    from range(100) t(i)
    union all select '2025-Q3', 'credit_card', 'SH', 'SH01', false, 'marketing'`);
  await warehouse.connection.run(`create table pareto as ${MODEL}`);
});
afterAll(() => warehouse?.close());

describe("mart_cause_pareto", () => {
  it("ranks causes, accumulates shares and marks the vital few", async () => {
    const rows = await all(
      warehouse.connection,
      "select cause_code, complaints, share, cumulative_share, rank, is_vital_few from pareto where scope_type = 'all' order by rank",
    );
    expect(rows).toEqual([
      { cause_code: "pricing_fees", complaints: 50, share: 0.5, cumulative_share: 0.5, rank: 1, is_vital_few: true },
      { cause_code: "rules_process", complaints: 30, share: 0.3, cumulative_share: 0.8, rank: 2, is_vital_few: true },
      { cause_code: "service_quality", complaints: 15, share: 0.15, cumulative_share: 0.95, rank: 3, is_vital_few: false },
      { cause_code: "unclassified", complaints: 5, share: 0.05, cumulative_share: 1, rank: 4, is_vital_few: false },
    ]);
  });

  it("gives the same Pareto within the only category and branch, and ignores non-complaints", async () => {
    const scopes = await all(
      warehouse.connection,
      "select scope_type, scope_key, sum(complaints) as n, count(*) filter (where is_vital_few) as vital from pareto group by all order by 1",
    );
    expect(scopes).toEqual([
      { scope_type: "all", scope_key: "all", n: 100, vital: 2 },
      { scope_type: "business_category", scope_key: "credit_card", n: 100, vital: 2 },
      { scope_type: "tier1_org", scope_key: "SH", n: 100, vital: 2 },
    ]);
  });
});
