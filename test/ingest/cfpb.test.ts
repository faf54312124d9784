// The CFPB export in two shapes found in the wild (test/fixtures/cfpb): the 18-column CRLF export with a
// multi-line narrative, "None" cells and a truncated last record, and the 14-column early layout with
// snake_case headers and mixed date formats. Expectations worked out line by line from the files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest, type FileResult } from "../../src/ingest/ingest.ts";
import { buildWarehouse } from "../../src/publish/build.ts";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, tempDataDir } from "../helpers.ts";

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let results: FileResult[];
beforeAll(async () => {
  env = tempDataDir("cfpb");
  warehouse = await openWarehouse(env.config.warehousePath);
  results = await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
});
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

const rows = () =>
  all(
    warehouse.connection,
    `select source_id, line, strftime(received_at, '%Y-%m-%d') as sent, strftime(regulator_received_at, '%Y-%m-%d') as cfpb_received,
       business_category, cause_code, status, outcome, reported_timely, satisfaction, customer_ref, intake_channel, org_code
     from raw.complaint_versions where pipeline = 'cfpb' order by file_id, line`,
  );

describe("cfpb", () => {
  it("reads both layouts and accounts for every record", () => {
    const current = results.find((r) => r.file.endsWith("cfpb_2025q1.csv"))!;
    const legacy = results.find((r) => r.file.endsWith("complaints_legacy_2014.csv"))!;
    expect(current).toMatchObject({ status: "loaded", rows_in: 5, rows_loaded: 4, rows_rejected: 1 });
    expect(legacy).toMatchObject({ status: "loaded", rows_in: 3, rows_loaded: 3, rows_rejected: 0 });
  });

  it("maps products, issues, responses and the reported timeliness; dates in every format", async () => {
    const common = { customer_ref: null, intake_channel: "regulator_transfer", org_code: "HO" };
    expect(await rows()).toEqual([
      // cfpb_2025q1.csv sorts before complaints_legacy_2014.csv, so it is read first
      {
        ...common,
        source_id: "9000001",
        line: 2,
        sent: "2025-03-03",
        cfpb_received: "2025-03-01",
        business_category: "credit_card",
        cause_code: "pricing_fees",
        status: "closed",
        outcome: "rejected",
        reported_timely: true,
        satisfaction: null,
      },
      {
        ...common,
        source_id: "9000002",
        line: 3,
        sent: "2025-03-02",
        cfpb_received: "2025-03-02",
        business_category: "debit_card",
        cause_code: "rules_process",
        status: "closed",
        outcome: "upheld",
        reported_timely: true,
        satisfaction: null,
      },
      // an unknown product loads as unmapped (its label is kept in raw.value_issues); its unknown issue is "not given"
      {
        ...common,
        source_id: "9000003",
        line: 5,
        sent: "2025-03-06",
        cfpb_received: "2025-03-05",
        business_category: "unmapped",
        cause_code: null,
        status: "in_progress",
        outcome: null,
        reported_timely: true,
        satisfaction: null,
      },
      {
        ...common,
        source_id: "9000004",
        line: 6,
        sent: "2025-03-09",
        cfpb_received: "2025-03-07",
        business_category: "personal_loan",
        cause_code: "rules_process",
        status: "in_progress",
        outcome: null,
        reported_timely: true,
        satisfaction: null,
      },
      // the early layout: M/D/YYYY, MM/DD/YY, ISO and DD-MM-YYYY dates
      {
        ...common,
        source_id: "1200001",
        line: 2,
        sent: "2014-03-17",
        cfpb_received: "2014-03-14",
        business_category: "debit_card",
        cause_code: null,
        status: "closed",
        outcome: "rejected",
        reported_timely: true,
        satisfaction: null,
      },
      {
        ...common,
        source_id: "1200002",
        line: 3,
        sent: "2014-03-21",
        cfpb_received: "2014-03-20",
        business_category: "credit_card",
        cause_code: null,
        status: "closed",
        outcome: "upheld",
        reported_timely: false,
        satisfaction: "unsatisfied",
      },
      {
        ...common,
        source_id: "1200003",
        line: 4,
        sent: "2014-03-21",
        cfpb_received: "2014-03-22",
        business_category: "personal_loan",
        cause_code: null,
        status: "closed",
        outcome: null,
        reported_timely: true,
        satisfaction: null,
      },
    ]);
  });

  it("rejects the truncated last record (it lost its Complaint ID), and records the unknown product, by physical line", async () => {
    const rejects = await all(
      warehouse.connection,
      "select line, column_name, value from raw.rejects join raw.files using (file_id) where file_name = 'cfpb_2025q1.csv' order by line",
    );
    expect(rejects).toEqual([
      // 10 of 18 fields, no id: of a whole line only its sha256 is kept (it may hold anything in clear)
      {
        line: 7,
        column_name: null,
        value: `sha256:${createHash("sha256")
          .update(readFileSync(join(FIXTURES, "cfpb/inbox/cfpb/cfpb_2025q1.csv"), "utf8").split("\r\n")[6]!)
          .digest("hex")}`,
      },
    ]);
    const issues = await all(
      warehouse.connection,
      "select line, field, column_name, value, action from raw.value_issues join raw.files using (file_id) where file_name = 'cfpb_2025q1.csv' order by line",
    );
    expect(issues).toEqual([{ line: 5, field: "business_category", column_name: "Product", value: "Spaceship loan", action: "unmapped" }]);
  });

  it("treats the literal None as empty and masks e-mail in the multi-line narrative", async () => {
    const narratives = await all<{ source_id: string; narrative: string | null }>(
      warehouse.connection,
      "select source_id, narrative from raw.complaint_versions where pipeline = 'cfpb' and source_id in ('9000001', '9000002') order by source_id",
    );
    expect(narratives[0].narrative).toBeNull();
    expect(narratives[1].narrative).toBe("I called the bank XX/XX/2025.\r\nThey said the hold would lift, call me at 415-555-0100 or mail [邮箱]");
  });

  it("judges open complaints on the us-cfpb clock and leaves closed ones without a date unjudged, the export's flag beside", async () => {
    await buildWarehouse(warehouse.connection, env.config, PIPELINES, { asOf: "2025-03-31" });
    const clocks = await all(
      warehouse.connection,
      `select c.source_id, k.profile_id, strftime(k.deadline, '%Y-%m-%d') as deadline, k.is_open, k.breached, c.reported_timely
       from int_complaint_clocks k join complaints c using (complaint_key) where c.source_id in ('9000001', '9000004') order by 1`,
    );
    expect(clocks).toEqual([
      // closed with explanation, date not in the export: no computed verdict, the CFPB's "Yes" kept
      { source_id: "9000001", profile_id: "us-cfpb", deadline: "2025-03-18", is_open: false, breached: null, reported_timely: true },
      // sent 9 Mar, in progress on 31 Mar: past 9 + 15 = 24 Mar
      { source_id: "9000004", profile_id: "us-cfpb", deadline: "2025-03-24", is_open: true, breached: true, reported_timely: true },
    ]);
  });
});
