// Every signal the generator planted (demo/signals.json) is found by the pipeline from the exports alone:
// the app-outage spike flagged as an emerging issue in its month, the chronic-breach branch ranked worst
// on SLA, the repeat-complainer cohort's duplicates and repeats counted, and the escalations detected.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { generateSample } from "../../src/demo/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { DEMO_HMAC_KEY } from "../../src/privacy.ts";
import { buildWarehouse } from "../../src/publish/build.ts";
import { tempDataDir } from "../helpers.ts";

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let signals: any;
const ref = (customerId: string) => createHmac("sha256", DEMO_HMAC_KEY).update(customerId).digest("hex");
const keyOf = (sourceId: string) => {
  const prefix = { BC: "branch_counter", HL: "hotline", EC: "echannel", XF: "letter_visit" }[sourceId.slice(0, 2)];
  return `${prefix}:${sourceId}`;
};

beforeAll(async () => {
  env = tempDataDir();
  await generateSample({ dataDir: env.dir, seed: 20251, complaints: 20_000, from: "2024-10-01", to: "2026-09-30" });
  signals = JSON.parse(readFileSync(join(env.dir, "demo", "signals.json"), "utf8"));
  warehouse = await openWarehouse(env.config.warehousePath);
  await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
  await buildWarehouse(warehouse.connection, env.config, PIPELINES);
}, 300_000);
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

describe("planted signals, found from the exports", () => {
  it("flags the app outage as the strongest emerging issue of its month", async () => {
    const month = signals.outage_spike.days[0].slice(0, 7);
    const rows = await all<{ cell_key: string; cause_code: string }>(
      warehouse.connection,
      "select cell_key, cause_code from mart_emerging_issues where month = $m and cell_type = 'business_category' order by z_score desc",
      { m: month },
    );
    expect(rows[0]).toEqual({ cell_key: "payment_settlement", cause_code: "facilities_systems" });
    expect(rows.map((r) => r.cell_key)).toContain("debit_card");
  });

  it("ranks the chronic-breach branch worst on SLA over the whole period", async () => {
    const rows = await all<{ tier2_org: string; breach_rate: number }>(
      warehouse.connection,
      `select c.tier2_code as tier2_org, count(*) filter (where k.breached) / count(*) filter (where k.breached is not null) as breach_rate
       from int_complaint_clocks k join complaints c using (complaint_key)
       where k.profile_id = 'cn-nfra-2020' and c.tier2_code is not null
       group by 1 having count(*) >= 30 order by breach_rate desc`,
    );
    expect(rows[0].tier2_org).toBe(signals.chronic_breach_branch.org_code);
    expect(rows[0].breach_rate).toBeGreaterThan(3 * rows[1].breach_rate);
  });

  it("counts the repeat cohort's duplicates while open and repeats after close", async () => {
    const planted = { duplicates: [] as string[], repeats: [] as string[], first: [] as string[] };
    for (const c of signals.repeat_cohort) {
      planted.duplicates.push(...c.duplicates_while_open.map(keyOf));
      planted.repeats.push(...c.repeats_after_close.map(keyOf));
      if (c.source_ids.length) planted.first.push(keyOf(c.source_ids[0]));
    }
    const flags = new Map(
      (
        await all<{ complaint_key: string; dup: boolean; rep: boolean }>(
          warehouse.connection,
          "select complaint_key, is_duplicate_while_open as dup, is_repeat_after_close as rep from int_complaint_recurrence",
        )
      ).map((r) => [r.complaint_key, r]),
    );
    expect(planted.duplicates.length).toBeGreaterThan(5);
    expect(planted.repeats.length).toBeGreaterThan(5);
    // a few planted repeats land while an earlier complaint was reopened: then they are duplicates instead
    expect(planted.duplicates.filter((k) => flags.get(k)?.dup).length).toBeGreaterThanOrEqual(Math.floor(0.9 * planted.duplicates.length));
    expect(planted.repeats.filter((k) => flags.get(k)?.rep).length).toBeGreaterThanOrEqual(Math.floor(0.9 * planted.repeats.length));
    for (const k of planted.first) expect(flags.get(k), k).toMatchObject({ dup: false, rep: false });
    const cohortRefs = signals.repeat_cohort.map((c: any) => ref(c.customer_id));
    const [row] = await all<{ n: number }>(
      warehouse.connection,
      "select count(distinct customer_ref) as n from complaints where list_contains(string_split($refs, ','), customer_ref)",
      { refs: cohortRefs.join(",") },
    );
    expect(row.n).toBe(signals.repeat_cohort.length);
  });

  it("detects every escalation: a branch complaint followed through 12378/12345 within 90 days", async () => {
    expect(signals.escalation_candidates.length).toBeGreaterThan(2);
    for (const e of signals.escalation_candidates) {
      const [row] = await all<{ is_escalated: boolean }>(warehouse.connection, "select is_escalated from int_complaint_recurrence where complaint_key = $k", {
        k: keyOf(e.first),
      });
      expect(row, e.first).toEqual({ is_escalated: true });
    }
  });
});
