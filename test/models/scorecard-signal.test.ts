// The branch scorecard finds the sample's planted chronic-breach branch from the exports alone: ranked
// worst on breach rate among tier-2 branches in every quarter, with the same figures as mart_sla_quarterly_by.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { generateSample } from "../../src/demo/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { buildWarehouse } from "../../src/publish/build.ts";
import { tempDataDir } from "../helpers.ts";

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let planted: { org_code: string; breach_rate_planted: number; baseline_breach_rate: number };

beforeAll(async () => {
  env = tempDataDir();
  await generateSample({ dataDir: env.dir, seed: 7, complaints: 10_000, from: "2024-10-01", to: "2026-09-30" });
  planted = JSON.parse(readFileSync(join(env.dir, "demo", "signals.json"), "utf8")).chronic_breach_branch;
  warehouse = await openWarehouse(env.config.warehousePath);
  await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
  await buildWarehouse(warehouse.connection, env.config, PIPELINES);
}, 300_000);
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

describe("mart_org_scorecard_quarterly on the sample", () => {
  it("ranks the planted chronic-breach branch worst among tier-2 branches in every quarter", async () => {
    const rows = await all<{ quarter: string; org_code: string; judged: number; breach_rate: number }>(
      warehouse.connection,
      `select quarter, org_code, judged, breach_rate from mart_org_scorecard_quarterly where org_level = 'tier2' and rank_breach = 1 order by quarter`,
    );
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      expect(r.org_code, r.quarter).toBe(planted.org_code);
      // well above the baseline it was planted against
      expect(r.breach_rate, r.quarter).toBeGreaterThan((planted.breach_rate_planted + planted.baseline_breach_rate) / 2);
    }
  });

  it("shares the figures of the published SLA mart for the same branch", async () => {
    const rows = await all(
      warehouse.connection,
      `select s.quarter, s.judged = m.judged and s.breach_rate = m.breach_rate as same
       from mart_org_scorecard_quarterly s
       join mart_sla_quarterly_by m on m.quarter = s.quarter and m.dimension = 'tier2_org' and m.code = s.org_code
         and m.profile_id = (select headline_profile from ref.run_params)
       where s.org_code = $org`,
      { org: planted.org_code },
    );
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.same === true)).toBe(true);
  });
});
