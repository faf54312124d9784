// The data-quality snapshot files from a hand-made raw layer: counts per pipeline × column × reason,
// late files, and — the point — no raw customer id, narrative or whole record in what is published,
// while a masked example of an ordinary column (a bad date carrying a planted mobile number) is shown.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ensureRawSchema } from "../../src/db/schema.ts";
import { exampleAllowed, publishDataQuality } from "../../src/publish/data_quality.ts";

const ID = "110101199003071234";
const MOBILE = "13812345678";
let warehouse: Warehouse;
let dir: string;
let files: Record<string, unknown>[];
let valueIssues: Record<string, unknown>[];
let rejects: {
  pipeline: string;
  column_name: string | null;
  reason: string;
  rejects: number;
  rows: number;
  files: number;
  examples: string[];
  examples_withheld: boolean;
}[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kesu-dq-"));
  warehouse = await openWarehouse(":memory:");
  const c = warehouse.connection;
  await ensureRawSchema(c);
  // hotline: March file, then January arrives late (after March was loaded); echannel: one file
  await c.run(`insert into raw.files (file_id, file_name, path, sha256, pipeline, size_bytes, status, rows_in, rows_loaded, rows_rejected, message, started_at, finished_at) values
    (1, 'hotline_202503.csv', '/x/1', 'a', 'hotline', 10, 'loaded', 3, 1, 2, null, '2025-04-01 10:00:00+08', '2025-04-01 10:00:01+08'),
    (2, 'hotline_202501.csv', '/x/2', 'b', 'hotline', 10, 'loaded', 2, 1, 1, null, '2025-04-02 10:00:00+08', '2025-04-02 10:00:01+08'),
    (3, 'echannel_202503.jsonl', '/x/3', 'c', 'echannel', 10, 'loaded', 3, 1, 2, null, '2025-04-01 11:00:00+08', '2025-04-01 11:00:01+08'),
    (4, 'mystery.csv', '/x/4', 'd', null, 10, 'quarantined', null, null, null, 'header matches no pipeline', '2025-04-01 12:00:00+08', '2025-04-01 12:00:00+08')`);
  await c.run(`insert into raw.complaint_versions (file_id, line, pipeline, complaint_key, received_at) values
    (1, 2, 'hotline', 'h:1', '2025-03-05 09:00'), (1, 3, 'hotline', 'h:2', '2025-03-28 09:00'),
    (2, 2, 'hotline', 'h:3', '2025-01-10 09:00'), (3, 2, 'echannel', 'e:1', '2025-03-02 09:00')`);
  await c.run(`insert into raw.rejects values
    (1, 4, 'customer_no', '${ID}', 'required value is malformed'),
    (1, 5, 'created_at', 'call ${MOBILE} yesterday', 'unparseable date/time'),
    (2, 3, 'created_at', 'tomorrow', 'unparseable date/time'),
    (2, 3, 'description', '客户${MOBILE}反映', 'too long'),
    (3, 3, null, '{"id":"E1","user_id":"${ID}","content":"手机${MOBILE}"', 'malformed JSON: Unterminated string in JSON at position 52'),
    (3, 4, null, '{"id":"E2"', 'malformed JSON: Unterminated string in JSON at position 9')`);
  // loaded with values recorded: an unknown product (twice, lines 2 and 3) with a planted mobile in one, a
  // missing status, and an impossible pause left empty
  await c.run(`insert into raw.value_issues values
    (1, 3, 'business_category', 'product', 'XYZ', 'unknown business_category label: loaded as unmapped', 'unmapped'),
    (1, 2, 'business_category', 'product', 'XYZ', 'unknown business_category label: loaded as unmapped', 'unmapped'),
    (2, 2, 'status', 'status', null, 'missing value: loaded as unmapped', 'unmapped'),
    (3, 2, 'paused_days', 'paused', '-1', 'must be ≥ 0: left empty', 'nulled')`);
  await publishDataQuality(c, dir);
  valueIssues = JSON.parse(readFileSync(join(dir, "data_quality_value_issues.json"), "utf8"));
  files = JSON.parse(readFileSync(join(dir, "data_quality_files.json"), "utf8"));
  rejects = JSON.parse(readFileSync(join(dir, "data_quality_rejects.json"), "utf8"));
});
afterAll(() => {
  warehouse?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("data_quality_files.json", () => {
  it("has one row per file with its period, and flags the file that arrived after a later period", () => {
    expect(files.map((f) => f.file_name)).toEqual(["hotline_202503.csv", "hotline_202501.csv", "echannel_202503.jsonl", "mystery.csv"]);
    const byName = Object.fromEntries(files.map((f) => [f.file_name, f]));
    expect(byName["hotline_202503.csv"]).toMatchObject({ period_start: "2025-03-05", period_end: "2025-03-28", is_late: false, rows_in: 3 });
    expect(byName["hotline_202501.csv"]).toMatchObject({ period_end: "2025-01-10", is_late: true, later_period_already_loaded: "2025-03-28" });
    expect(byName["echannel_202503.jsonl"]).toMatchObject({ is_late: false });
    expect(byName["mystery.csv"]).toMatchObject({ status: "quarantined", message: "header matches no pipeline", is_late: false });
    // 10:00 in Shanghai is 02:00 UTC
    expect(byName["hotline_202503.csv"].started_at).toBe("2025-04-01T02:00:00Z");
    expect(JSON.stringify(files)).not.toContain("/x/");
  });
});

describe("data_quality_rejects.json", () => {
  it("counts defects, rows and files per pipeline × column × reason, one reason for all JSON positions", () => {
    const key = (r: (typeof rejects)[number]) => `${r.pipeline}|${r.column_name}|${r.reason}`;
    const got = Object.fromEntries(rejects.map((r) => [key(r), [r.rejects, r.rows, r.files]]));
    expect(got).toEqual({
      "hotline|created_at|unparseable date/time": [2, 2, 2],
      "hotline|customer_no|required value is malformed": [1, 1, 1],
      "hotline|description|too long": [1, 1, 1],
      "echannel|null|malformed JSON: Unterminated string in JSON at position …": [2, 2, 1],
    });
  });

  it("withholds customer ids, narratives and whole lines, and masks what it shows", () => {
    const find = (column: string | null) => rejects.find((r) => r.column_name === column)!;
    expect(find("customer_no")).toMatchObject({ examples: [], examples_withheld: true });
    expect(find("description")).toMatchObject({ examples: [], examples_withheld: true });
    expect(find(null)).toMatchObject({ examples: [], examples_withheld: true });
    expect(find("created_at")).toMatchObject({ examples: ["call [手机号] yesterday", "tomorrow"], examples_withheld: false });
    const text = readFileSync(join(dir, "data_quality_rejects.json"), "utf8");
    expect(text).not.toContain(ID);
    expect(text).not.toContain(MOBILE);
  });

  it("decides withholding by the pipeline's own mapping, ignoring case and spacing", () => {
    expect(exampleAllowed("hotline", "Customer_No")).toBe(false);
    expect(exampleAllowed("hotline", "paused_days")).toBe(true);
    expect(exampleAllowed("branch_counter", null)).toBe(false);
  });
});

describe("data_quality_value_issues.json", () => {
  it("groups the loaded rows' value issues by label, with rows, files and the first file and line", () => {
    expect(valueIssues).toEqual([
      {
        pipeline: "hotline",
        field: "business_category",
        column_name: "product",
        action: "unmapped",
        reason: "unknown business_category label: loaded as unmapped",
        label: "XYZ",
        rows: 2,
        files: 1,
        first_file: "hotline_202503.csv",
        first_line: 2,
        label_withheld: false,
      },
      {
        pipeline: "echannel",
        field: "paused_days",
        column_name: "paused",
        action: "nulled",
        reason: "must be ≥ 0: left empty",
        label: "-1",
        rows: 1,
        files: 1,
        first_file: "echannel_202503.jsonl",
        first_line: 2,
        label_withheld: false,
      },
      {
        pipeline: "hotline",
        field: "status",
        column_name: "status",
        action: "unmapped",
        reason: "missing value: loaded as unmapped",
        label: null,
        rows: 1,
        files: 1,
        first_file: "hotline_202501.csv",
        first_line: 2,
        label_withheld: false,
      },
    ]);
  });
});

describe("data_quality_pipelines.json and data_quality_quarterly.json", () => {
  it("total the register per source system, for all, and per quarter, with the reject rate over rows in", () => {
    const pipelines = JSON.parse(readFileSync(join(dir, "data_quality_pipelines.json"), "utf8"));
    // files 1–4: rows in 3 + 2 + 3 = 8, loaded 1 + 1 + 1 = 3, rejected 2 + 1 + 2 = 5; file 2 late; file 4 quarantined
    expect(pipelines).toEqual([
      {
        pipeline: null,
        is_total: true,
        files: 4,
        quarantined: 1,
        late: 1,
        rows_in: 8,
        rows_loaded: 3,
        rows_rejected: 5,
        reject_rate: 5 / 8,
        period_start: "2025-01-10",
        period_end: "2025-03-28",
      },
      {
        pipeline: "echannel",
        is_total: false,
        files: 1,
        quarantined: 0,
        late: 0,
        rows_in: 3,
        rows_loaded: 1,
        rows_rejected: 2,
        reject_rate: 2 / 3,
        period_start: "2025-03-02",
        period_end: "2025-03-02",
      },
      {
        pipeline: "hotline",
        is_total: false,
        files: 2,
        quarantined: 0,
        late: 1,
        rows_in: 5,
        rows_loaded: 2,
        rows_rejected: 3,
        reject_rate: 3 / 5,
        period_start: "2025-01-10",
        period_end: "2025-03-28",
      },
      {
        pipeline: null,
        is_total: false,
        files: 1,
        quarantined: 1,
        late: 0,
        rows_in: 0,
        rows_loaded: 0,
        rows_rejected: 0,
        reject_rate: null,
        period_start: null,
        period_end: null,
      },
    ]);
    // every loaded file's complaints fall in 2025-Q1; the quarantined one has none
    const quarters = JSON.parse(readFileSync(join(dir, "data_quality_quarterly.json"), "utf8"));
    expect(quarters).toEqual([
      {
        quarter: "2025-Q1",
        period_start: "2025-01-01",
        period_end: "2025-03-31",
        files: 3,
        quarantined: 0,
        late: 1,
        rows_in: 8,
        rows_loaded: 3,
        rows_rejected: 5,
        reject_rate: 5 / 8,
        late_files: ["hotline_202501.csv"],
      },
    ]);
  });
});
