// Ingest on small hand-made exports (test/fixtures/ingest, described in test/fixtures/README.md):
// every expectation below was worked out by reading the fixture files, line by line.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest, type FileResult } from "../../src/ingest/ingest.ts";
import { DEMO_HMAC_KEY } from "../../src/privacy.ts";
import { tempDataDir } from "../helpers.ts";

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let results: FileResult[];

beforeAll(async () => {
  env = tempDataDir("ingest");
  warehouse = await openWarehouse(env.config.warehousePath);
  results = await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
});
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

const byPipeline = (name: string) => results.find((r) => r.pipeline === name)!;
const issuesOf = (pipeline: string) =>
  all<{ line: number; field: string; column_name: string; value: string | null; action: string }>(
    warehouse.connection,
    `select line, field, column_name, value, action from raw.value_issues join raw.files using (file_id) where pipeline = $p order by line, field`,
    { p: pipeline },
  );
const rejectsOf = (pipeline: string) =>
  all<{ line: number; column_name: string | null; value: string; reason: string }>(
    warehouse.connection,
    `select line, column_name, value, reason from raw.rejects join raw.files using (file_id) where pipeline = $p order by line, column_name`,
    { p: pipeline },
  );

describe("hotline fixture", () => {
  it("accounts for every row: 9 records = 8 loaded + 1 rejected (only the row without a readable receipt date)", () => {
    expect(byPipeline("hotline")).toMatchObject({ status: "loaded", rows_in: 9, rows_loaded: 8, rows_rejected: 1, rows_padded: 1, rows_flagged: 4 });
  });

  it("rejects only what cannot be a complaint, with its physical line, column, value and reason", async () => {
    const rejects = await rejectsOf("hotline");
    expect(rejects.map((r) => [r.line, r.column_name, r.value])).toEqual([
      [4, "created_at", "2025-13-01T10:00:00+08:00"], // month 13: no receipt date
    ]);
    expect(rejects[0].reason).toMatch(/unparseable date/);
  });

  it("loads the other defective rows and records each defect: unmapped labels, impossible values left empty, a padded short row", async () => {
    expect((await issuesOf("hotline")).map((r) => [r.line, r.field, r.column_name, r.value, r.action])).toEqual([
      [5, "business_category", "product", "XYZ", "unmapped"], // not a product code
      [6, "org_code", "org_code", "SH09", "unmapped"], // not in dim_org …
      [6, "paused_days", "paused_days", "-2", "nulled"], // … and a negative pause on the same row
      [8, "responded_at", "responded_at", "2025-09-25T10:00:00+08:00", "nulled"], // a day before its receipt
      // 9 fields instead of 21, padded: its 8th and 9th cells ("many", "columns") land in ticket_type and
      // priority, and its status is missing
      [9, "is_complaint", "ticket_type", "many", "defaulted"],
      [9, "severity", "priority", "columns", "unmapped"],
      [9, "status", "status", null, "unmapped"],
    ]);
    const rows = await all(
      warehouse.connection,
      `select source_id, org_code, business_category, status, paused_days, responded_at is null as no_response, is_complaint
       from raw.complaint_versions where pipeline = 'hotline' and source_id in ('HL4', 'HL5', 'HL7', 'HL8') order by source_id`,
    );
    expect(rows).toEqual([
      { source_id: "HL4", org_code: "SH01", business_category: "unmapped", status: "received", paused_days: 0, no_response: true, is_complaint: true },
      { source_id: "HL5", org_code: "unmapped", business_category: "credit_card", status: "received", paused_days: 0, no_response: true, is_complaint: true },
      { source_id: "HL7", org_code: "SH02", business_category: "debit_card", status: "responded", paused_days: 0, no_response: true, is_complaint: true },
      { source_id: "HL8", org_code: "SH02", business_category: "debit_card", status: "unmapped", paused_days: 0, no_response: true, is_complaint: true },
    ]);
    expect(byPipeline("hotline").unmapped_labels).toEqual([
      { field: "business_category", label: "XYZ", rows: 1, first_line: 5 },
      { field: "is_complaint", label: "many", rows: 1, first_line: 9 },
      { field: "org_code", label: "SH09", rows: 1, first_line: 6 },
      { field: "severity", label: "columns", rows: 1, first_line: 9 },
      { field: "status", label: null, rows: 1, first_line: 9 },
    ]);
  });

  it("keeps line numbers right after a multi-line quoted narrative and keeps both versions", async () => {
    const versions = await all<{ line: number; status: string }>(
      warehouse.connection,
      "select line, status from raw.complaint_versions where complaint_key = 'hotline:HL2' order by line",
    );
    expect(versions).toEqual([
      { line: 3, status: "in_progress" },
      { line: 10, status: "responded" },
    ]);
  });

  it("converts offset timestamps to bank-local time", async () => {
    const [row] = await all<{ received: string }>(
      warehouse.connection,
      "select strftime(received_at, '%Y-%m-%d %H:%M:%S') as received from raw.complaint_versions where complaint_key = 'hotline:HL1'",
    );
    expect(row.received).toBe("2025-09-20 09:00:00");
  });
});

describe("branch_counter fixture (GB18030, branch names)", () => {
  it("accounts for every row and resolves branch names to org codes", async () => {
    expect(byPipeline("branch_counter")).toMatchObject({ rows_in: 4, rows_loaded: 3, rows_rejected: 1 });
    const rows = await all(
      warehouse.connection,
      "select source_id, org_code, business_category, is_complaint from raw.complaint_versions where pipeline = 'branch_counter' order by line",
    );
    expect(rows).toEqual([
      { source_id: "BC1", org_code: "SH01", business_category: "credit_card", is_complaint: true },
      { source_id: "BC2", org_code: "unmapped", business_category: "debit_card", is_complaint: true },
      { source_id: "BC4", org_code: "BJ01", business_category: "personal_loan", is_complaint: false },
    ]);
  });

  it("rejects an impossible receipt date (30 days hath September) and loads the unknown branch as unmapped", async () => {
    const rejects = await rejectsOf("branch_counter");
    expect(rejects.map((r) => [r.line, r.column_name, r.value])).toEqual([[4, "受理时间", "2025/9/31 9:00"]]);
    const issues = await issuesOf("branch_counter");
    expect(issues.map((r) => [r.line, r.field, r.column_name, r.value, r.action])).toEqual([[3, "org_code", "受理网点", "上海分行不存在支行", "unmapped"]]);
  });
});

describe("echannel fixture (JSON Lines)", () => {
  it("counts non-blank lines, rejects malformed JSON, loads an unknown channel word as unmapped", async () => {
    expect(byPipeline("echannel")).toMatchObject({ rows_in: 4, rows_loaded: 3, rows_rejected: 1 });
    const rejects = await rejectsOf("echannel");
    expect(rejects.map((r) => [r.line, r.column_name])).toEqual([[3, null]]);
    expect(rejects[0].reason).toMatch(/malformed JSON/);
    const issues = await issuesOf("echannel");
    expect(issues.map((r) => [r.line, r.field, r.value, r.action])).toEqual([[2, "intake_channel", "FAX", "unmapped"]]);
  });
});

describe("privacy at the door", () => {
  it("stores an HMAC-SHA256 of the customer id, equal to Node's own HMAC", async () => {
    const rows = await all<{ customer_ref: string }>(
      warehouse.connection,
      "select customer_ref from raw.complaint_versions where complaint_key = 'hotline:HL1'",
    );
    expect(rows[0].customer_ref).toBe(createHmac("sha256", DEMO_HMAC_KEY).update("C001").digest("hex"));
    const clear = await all(warehouse.connection, "select * from raw.complaint_versions where customer_ref like '%C001%'");
    expect(clear).toEqual([]);
  });

  it("masks card, mobile, ID and e-mail in narratives", async () => {
    const rows = await all<{ key: string; narrative: string }>(
      warehouse.connection,
      "select complaint_key as key, narrative from raw.complaint_versions where narrative is not null order by file_id, line",
    );
    const text = rows.map((r) => r.narrative).join("\n");
    expect(text).toContain("卡号[卡号]");
    expect(text).toContain("联系电话[手机号]");
    expect(text).toContain("身份证[身份证号]");
    expect(text).toContain("[邮箱]");
    expect(text).not.toMatch(/\d{11,}|@/);
  });
});

describe("idempotency", () => {
  it("skips files already loaded (same sha256) and changes nothing", async () => {
    const before = await all(warehouse.connection, "select count(*) as n from raw.complaint_versions");
    const again = await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
    expect(again.map((r) => r.status)).toEqual(["skipped", "skipped", "skipped"]);
    expect(await all(warehouse.connection, "select count(*) as n from raw.complaint_versions")).toEqual(before);
  });
});
