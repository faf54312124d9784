// The dashboard's cubes (mart_cube_*), on complaints worked by hand: a crossed filter (tier-1 × category ×
// quarter) adds up to the counts a reader would make from the rows below, the backlog cube to the open
// complaint, and the Arrow file the site receives keeps every value and encodes strings as dictionaries.
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error plain JavaScript module of the site
import { GRAINS, grainFor } from "../../reports/components/cube.js";
import { arrowTable, encodedColumns, publishCubes } from "../../src/publish/cube.ts";
import { buildFixture, type Row } from "./fixture.ts";

const ROWS: Row[] = [
  // Shanghai Pudong (tier-2 SH01), credit card, hotline: C1 answered in 3 days; C2 from the same customer
  // while C1 is open → a duplicate, answered in 3 days too
  { key: "C1", customer: "X", org: "SH0101", received: "2025-07-02", responded: "2025-07-05" },
  { key: "C2", customer: "X", org: "SH0101", received: "2025-07-03", responded: "2025-07-06" },
  // Shanghai (no tier-2), credit card, regulator transfer: answered after 41 days → breached (15-day clock)
  { key: "C4", customer: "Y", org: "SH", channel: "regulator_transfer", received: "2025-08-10", responded: "2025-09-20" },
  // Shanghai, credit card: withdrawn → no clock, counted as withdrawn
  { key: "C5", customer: "Z", org: "SH", received: "2025-07-10", status: "withdrawn" },
  // Beijing, debit card: still open at 30 Sep, 60 days after receipt → breached, aging bucket 31-60
  { key: "C3", customer: "W", org: "BJ", category: "debit_card", channel: "branch_counter", received: "2025-08-01" },
];

describe("the dashboard's cubes", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-09-30" });
  });
  afterAll(() => warehouse?.close());

  const sum = (table: string, where: string, measures: string[]) =>
    all(warehouse.connection, `select ${measures.map((m) => `coalesce(sum(${m}), 0)::int as ${m}`).join(", ")} from ${table} where ${where}`);

  it("adds up, for Shanghai × credit card × 2025-Q3, to the counts of C1, C2, C4 and C5", async () => {
    const [row] = await sum("mart_cube_monthly", "tier1_org = 'SH' and business_category = 'credit_card' and quarter = '2025-Q3'", [
      "received",
      "received_merged",
      "duplicates_while_open",
      "withdrawn",
      "judged",
      "breached",
      "responded_dated",
      "responded_on_time",
      "open_now",
    ]);
    expect(row).toEqual({
      received: 4,
      received_merged: 3,
      duplicates_while_open: 1,
      withdrawn: 1,
      judged: 3,
      breached: 1,
      responded_dated: 3,
      responded_on_time: 2,
      open_now: 0,
    });
    const [tier2] = await sum("mart_cube_monthly", "tier2_org = 'SH01'", ["received", "breached"]);
    expect(tier2).toEqual({ received: 2, breached: 0 });
    const [hotline] = await sum("mart_cube_monthly", "tier1_org = 'SH' and intake_channel = 'hotline'", ["received", "judged"]);
    expect(hotline).toEqual({ received: 3, judged: 2 });
  });

  it("holds the quarter-end backlog by aging bucket, and the response-time histogram of the decided", async () => {
    const backlog = await all(
      warehouse.connection,
      "select tier1_org, aging_bucket, open_at_end::int as open, open_breached::int as breached from mart_cube_backlog_quarterly where quarter = '2025-Q3'",
    );
    expect(backlog).toEqual([{ tier1_org: "BJ", aging_bucket: "31-60", open: 1, breached: 1 }]);
    const days = await all(
      warehouse.connection,
      "select days, sum(complaints)::int as n from mart_cube_response_days where tier2_org = 'SH01' group by 1 order by 1",
    );
    // C1 and C2 both took 3 calendar days, whatever the convention for the receipt day: one bar of two
    expect(days).toHaveLength(1);
    expect(days[0].n).toBe(2);
    const [decided] = await sum("mart_cube_response_days", "tier1_org = 'SH'", ["complaints"]);
    expect(decided).toEqual({ complaints: 3 });
  });

  it("is published at three grains that hold the same counts: tier-1 rows without the tier-2 branch, bank rows by channel only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kesu-cubes-"));
    try {
      const files = await publishCubes(warehouse.connection, dir);
      expect(files).toContain("cube_monthly_tier1.arrow");
      const rows = (file: string) =>
        tableFromIPC(readFileSync(join(dir, file)))
          .toArray()
          .map((r) => r.toJSON() as Record<string, unknown>);
      const full = rows("cube_monthly.arrow");
      const tier1 = rows("cube_monthly_tier1.arrow");
      const bank = rows("cube_monthly_bank.arrow");
      expect(Object.keys(tier1[0])).not.toContain("tier2_org");
      expect(Object.keys(bank[0]).filter((k) => ["tier1_org", "region", "business_category", "cause_code"].includes(k))).toEqual([]);
      // C1, C2 (SH01) and C4, C5 (SH itself) are one Shanghai credit-card row per month and channel at tier-1 grain
      const sh = tier1.filter((r) => r.tier1_org === "SH" && r.month === "2025-07" && r.intake_channel === "hotline");
      expect(sh).toHaveLength(1);
      expect(sh[0]).toMatchObject({ received: 3, received_merged: 2, withdrawn: 1 });
      // every grain adds up to the five complaints
      for (const grain of [full, tier1, bank]) expect(grain.reduce((n, r) => n + Number(r.received), 0)).toBe(5);
      expect(bank.find((r) => r.month === "2025-08" && r.intake_channel === "regulator_transfer")).toMatchObject({ received: 1, breached: 1 });
      const backlog = rows("cube_backlog_quarterly_bank.arrow");
      expect(backlog).toEqual([expect.objectContaining({ quarter: "2025-Q3", intake_channel: "branch_counter", aging_bucket: "31-60", open_at_end: 1 })]);
      // the page picks a grain by the dimensions reports/components/cube.js says it has: the files' own
      const FILTER_DIMS = ["region", "tier1_org", "tier2_org", "business_category", "cause_code", "intake_channel"];
      for (const [grain, dims] of GRAINS as [string, string[]][]) {
        for (const cube of ["cube_monthly", "cube_response_days", "cube_backlog_quarterly"]) {
          const file = `${cube}${grain === "full" ? "" : `_${grain}`}.arrow`;
          const fields = tableFromIPC(readFileSync(join(dir, file))).schema.fields.map((f) => f.name);
          expect(fields.filter((f) => FILTER_DIMS.includes(f)).sort(), file).toEqual([...dims].sort());
        }
      }
      expect(grainFor({ intake_channel: "hotline", region: null })).toBe("bank");
      expect(grainFor({ cause_code: "x", intake_channel: "hotline" })).toBe("tier1");
      expect(grainFor({ tier1_org: "SH", tier2_org: "SH01" })).toBe("full");
      expect(JSON.parse(readFileSync(join(dir, "cube_branches.json"), "utf8"))).toEqual([{ region: expect.any(String), tier1_org: "SH", tier2_org: "SH01" }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a query of more rows than its first buffers hold, every row in order, once", async () => {
    // 150,000 rows: past the first 65,536-row arrays and their first doubling
    const columns = await encodedColumns(
      warehouse.connection,
      "select i::integer as n, case when i % 3 = 0 then null else 'c' || (i % 5)::varchar end as code from range(150000) t(i) order by i",
    );
    const n = columns.n as Float64Array;
    const { codes, dictionary } = columns.code as { codes: Int32Array; dictionary: string[] };
    expect(n.length).toBe(150_000);
    expect([n[0], n[65_536], n[149_999]]).toEqual([0, 65_536, 149_999]);
    const at = (i: number) => (codes[i] < 0 ? null : dictionary[codes[i]]);
    // 0 is a multiple of 3 (null); 65,537 = 3 × 21,845 + 2 → c2; 149,999 = 3 × 49,999 + 2 → c4
    expect([at(0), at(1), at(65_537), at(149_999)]).toEqual([null, "c1", "c2", "c4"]);
  });

  it("travels as Arrow with dictionary-encoded strings, nulls and numbers intact", () => {
    const table = tableFromIPC(tableToIPC(arrowTable({ org: ["SH", null, "SH", "BJ"], received: [1n, 2n, 3n, 4n], redress: [0, 1.5, 0, 2] }), "file"));
    expect(String(table.schema.fields[0].type)).toMatch(/Dictionary/);
    expect(table.toArray().map((r) => r.toJSON())).toEqual([
      { org: "SH", received: 1, redress: 0 },
      { org: null, received: 2, redress: 1.5 },
      { org: "SH", received: 3, redress: 0 },
      { org: "BJ", received: 4, redress: 2 },
    ]);
  });

  it("stores each column in the narrowest type that holds it", () => {
    const table = arrowTable({
      org: ["SH", "BJ", "SH"],
      small: [0, 255, 3],
      medium: [0, 256, 65535],
      large: [0, 65536, 1],
      negative: [-1, 0, 1],
      fraction: [0.5, 1, 2],
    });
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      org: "Dictionary<Int8, Utf8>",
      small: "Uint8",
      medium: "Uint16",
      large: "Int32",
      negative: "Int32",
      fraction: "Float64",
    });
    // 200 distinct strings no longer fit 8-bit indices
    const many = arrowTable({ org: Array.from({ length: 200 }, (_, i) => `O${i}`) });
    expect(String(many.schema.fields[0].type)).toBe("Dictionary<Int16, Utf8>");
    expect(tableFromIPC(tableToIPC(many, "file")).getChild("org")!.get(199)).toBe("O199");
  });
});
