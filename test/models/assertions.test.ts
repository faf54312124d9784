// The build's assertions stop it with the offending rows: a date outside the working-day calendar names the
// missing year; shares of the new marts must add up to 1; cause sources must add up to the complaints.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { AssertionFailure, liveModelSchema, runModels } from "../../src/models/run.ts";
import { buildFixture } from "./fixture.ts";

const assertion = (name: string) =>
  readFileSync(new URL(`../../src/models/assertions/${name}.sql`, import.meta.url), "utf8")
    .trim()
    .replace(/;\s*$/, "");

describe("assert_dates_in_calendar", () => {
  it("fails the build naming the year the calendar lacks", async () => {
    // the built-in calendar covers 2020–2026
    const error = await buildFixture(
      [
        { key: "old", received: "2019-12-30", responded: "2020-01-06" },
        { key: "ok", received: "2025-07-01", responded: "2025-07-02" },
      ],
      { asOf: "2025-09-30" },
    ).then(
      (w) => {
        w.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AssertionFailure);
    expect((error as AssertionFailure).assertion).toBe("assert_dates_in_calendar");
    expect((error as AssertionFailure).rows).toEqual([
      { missing_year: 2019, column_name: "received_date", example_complaint_key: "old", reason: expect.stringContaining("no year 2019") },
    ]);
  });
});

describe("share and cause-source assertions", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        { key: "a", received: "2025-07-01", responded: "2025-07-02", category: "debit_card" },
        { key: "b", received: "2025-07-01", responded: "2025-07-20", org: "BJ" },
        { key: "c", received: "2025-08-01", cause: null },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  /** Tampers with a mart: main.<mart> is a view, so the statement runs against the live build's tables. */
  async function tamper(sql: string) {
    await warehouse.connection.run(`set search_path = '${await liveModelSchema(warehouse.connection)}'`);
    try {
      await warehouse.connection.run(sql);
    } finally {
      await warehouse.connection.run("reset search_path");
    }
  }

  it("pass on a clean build and name the group whose shares no longer add up to 1", async () => {
    expect(await all(warehouse.connection, assertion("assert_shares_sum_to_one"))).toEqual([]);
    await tamper("update mart_sla_bands_quarterly_by set share = share * 2 where band = 'open' and dimension = 'total'");
    await tamper("update mart_category_org_quarterly set share_of_category = 0.4 where org_code = 'BJ'");
    const rows = await all(warehouse.connection, `${assertion("assert_shares_sum_to_one")} order by 1, 3`);
    expect(rows).toEqual([
      // credit card in 2025-Q3: b (BJ) and c (SH), 0.5 each; BJ set to 0.4 → 0.9
      { mart: "mart_category_org_quarterly", quarter: "2025-Q3", grouping: "category credit_card", total_share: 0.9 },
      // bands: a, b decided (2/3), c open (1/3 → 2/3) → 4/3
      { mart: "mart_sla_bands_quarterly_by", quarter: "2025-Q3", grouping: "profile cn-nfra-2020 total all", total_share: 4 / 3 },
    ]);
  });

  it("catch cause sources that do not add up", async () => {
    expect(await all(warehouse.connection, assertion("assert_cause_sources_add_up"))).toEqual([]);
    await tamper("update mart_cause_classification_quarterly set cause_unclassified = cause_unclassified + 1");
    const rows = await all(warehouse.connection, assertion("assert_cause_sources_add_up"));
    expect(rows).toEqual([{ quarter: "2025-Q3", complaints: 3, cause_provided: 2, cause_classified: 0, cause_unclassified: 2 }]);
  });

  it("catch marts whose totals disagree with the quarter's and month's received", async () => {
    expect(await all(warehouse.connection, assertion("assert_mart_totals_agree"))).toEqual([]);
    await tamper("update mart_category_monthly set complaints = complaints + 1 where month = '2025-08' and complaints > 0");
    await tamper("update mart_org_scorecard_quarterly set received = received + 1 where org_code = 'BJ' and quarter = '2025-Q3'");
    const rows = await all(warehouse.connection, `${assertion("assert_mart_totals_agree")} order by 1`);
    // c alone in August; a, b, c in 2025-Q3
    expect(rows).toEqual([
      { mart: "mart_category_monthly", period: "2025-08", total: 2, expected: 1 },
      { mart: "mart_org_scorecard_quarterly (tier1)", period: "2025-Q3", total: 4, expected: 3 },
    ]);
  });
});

describe("every other assertion, made to fail", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        { key: "a", received: "2025-07-01", responded: "2025-07-02" },
        { key: "b", received: "2025-07-03", responded: "2025-07-20", org: "BJ" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  async function tamper(sql: string) {
    await warehouse.connection.run(`set search_path = '${await liveModelSchema(warehouse.connection)}'`);
    try {
      await warehouse.connection.run(sql);
    } finally {
      await warehouse.connection.run("reset search_path");
    }
  }

  it("pass on the clean build", async () => {
    for (const name of ["assert_complaint_key_unique", "assert_decisions_not_before_receipt", "assert_every_complaint_judged", "assert_rows_accounted"])
      expect(await all(warehouse.connection, assertion(name)), name).toEqual([]);
  });

  it("assert_complaint_key_unique names a key that appears twice", async () => {
    await tamper("insert into complaints select * from complaints where complaint_key = 'a'");
    expect(await all(warehouse.connection, assertion("assert_complaint_key_unique"))).toEqual([{ complaint_key: "a", n: 2 }]);
    await tamper("delete from complaints where complaint_key = 'a' and rowid = (select max(rowid) from complaints where complaint_key = 'a')");
  });

  it("assert_decisions_not_before_receipt names a reply dated before the receipt", async () => {
    await tamper("update complaints set responded_at = timestamp '2025-07-02 09:00:00' where complaint_key = 'b'");
    const rows = await all(warehouse.connection, "select complaint_key from (" + assertion("assert_decisions_not_before_receipt") + ")");
    expect(rows).toEqual([{ complaint_key: "b" }]);
  });

  it("assert_every_complaint_judged names a complaint its profile left without a deadline", async () => {
    await tamper("delete from int_complaint_clocks where complaint_key = 'a'");
    const rows = await all(warehouse.connection, "select complaint_key, profile_id, reason from (" + assertion("assert_every_complaint_judged") + ")");
    expect(rows).toEqual([{ complaint_key: "a", profile_id: "cn-nfra-2020", reason: "no cn-nfra-2020 clock for this complaint" }]);
  });

  it("assert_rows_accounted names a loaded file whose rows in are not loaded plus rejected", async () => {
    await warehouse.connection.run(
      `insert into raw.files (file_id, file_name, path, sha256, pipeline, size_bytes, status, rows_in, rows_loaded, rows_rejected, started_at, finished_at)
       values (7, 'hotline_202507.csv', '/in/hotline_202507.csv', 'x', 'hotline', 10, 'loaded', 5, 3, 1, now(), now()),
              (8, 'ok.csv', '/in/ok.csv', 'y', 'hotline', 10, 'loaded', 4, 3, 1, now(), now()),
              (9, 'bad.csv', '/in/bad.csv', 'z', 'hotline', 10, 'quarantined', 4, 0, 0, now(), now())`,
    );
    const rows = await all(warehouse.connection, assertion("assert_rows_accounted"));
    expect(rows).toEqual([{ file_id: 7, file_name: "hotline_202507.csv", rows_in: 5, rows_loaded: 3, rows_rejected: 1 }]);
  });
});

describe("a build", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(
      [
        { key: "a", received: "2025-07-01", responded: "2025-07-02" },
        { key: "b", received: "2025-07-01", responded: "2025-07-20", org: "BJ" },
      ],
      { asOf: "2025-09-30" },
    );
  });
  afterAll(() => warehouse?.close());

  const schemas = async () =>
    (await all<{ s: string }>(warehouse.connection, "select schema_name as s from duckdb_schemas() where schema_name like 'models%' order by 1")).map(
      (r) => r.s,
    );
  const keys = async () => (await all<{ k: string }>(warehouse.connection, "select complaint_key as k from complaints order by 1")).map((r) => r.k);

  it("that fails leaves the previous marts in place and nothing of itself", async () => {
    const live = await liveModelSchema(warehouse.connection);
    expect(live).toMatch(/^models_[ab]$/);
    expect(await schemas()).toEqual([live]);
    await warehouse.connection.run(
      `insert into raw.complaint_versions select * replace (line + 100 as line, 'old' as complaint_key, timestamp '2019-12-30 10:00:00' as received_at)
       from raw.complaint_versions where complaint_key = 'a'`,
    );
    const error = await runModels(warehouse.connection).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as AssertionFailure).assertion).toBe("assert_dates_in_calendar");
    // the failed build saw 'old'; readers still see the previous build, through the same schema
    expect(await keys()).toEqual(["a", "b"]);
    expect(await liveModelSchema(warehouse.connection)).toBe(live);
    expect(await schemas()).toEqual([live]);
    // and the connection is left reading main, not the failed build's schema
    expect((await all<{ s: string }>(warehouse.connection, "select current_schema() as s"))[0]!.s).toBe("main");
  });

  it("that passes swaps in whole, clearing the debris a crashed build left", async () => {
    await warehouse.connection.run("delete from raw.complaint_versions where complaint_key = 'old'");
    await warehouse.connection.run("update raw.complaint_versions set complaint_key = 'c' where complaint_key = 'b'");
    const live = await liveModelSchema(warehouse.connection);
    const other = live === "models_a" ? "models_b" : "models_a";
    // a build killed half-way leaves its schema behind
    await warehouse.connection.run(`create schema ${other}; create table ${other}.complaints as select 'debris' as complaint_key`);
    await runModels(warehouse.connection);
    expect(await liveModelSchema(warehouse.connection)).toBe(other);
    expect(await schemas()).toEqual([other]);
    expect(await keys()).toEqual(["a", "c"]);
    expect(await all(warehouse.connection, "select count(*)::int as n from mart_org_scorecard_quarterly where org_code = 'BJ'")).not.toEqual([{ n: 0 }]);
  });
});
