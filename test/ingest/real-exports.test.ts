// Exports as they come (test/fixtures/real-exports, described in test/fixtures/README.md): CFPB
// downloads as found in public repositories — every layout, real rows — and a bank work-order export of a
// newer system version. Through the real CLI, as a user runs it; expectations worked out from the files.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { PipelineDefinitionError } from "../../src/ingest/mapping.ts";
import { loadPipelines, pipelineFromJson } from "../../src/ingest/local.ts";
import { FIXTURES } from "../helpers.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const env = { ...process.env, KESU_HMAC_KEY: "real-exports-test-key-0123456789" };

interface Result {
  file: string;
  pipeline: string;
  status: string;
  rows_in: number;
  rows_loaded: number;
  rows_rejected: number;
  message?: string;
  ignored_columns?: string[];
  missing_columns?: string[];
  rows_padded?: number;
  unmapped_labels?: { field: string; label: string | null; rows: number; first_line: number }[];
  quarantined_to?: string;
}

let root: string;
let dataDir: string;
let downloads: string;
const kesu = async (args: string[], dir = dataDir) =>
  JSON.parse((await run(process.execPath, [KESU, ...args, "--data-dir", dir, "--json"], { env, maxBuffer: 16 << 20 })).stdout);
const query = (sql: string, dir = dataDir) => kesu(["query", sql], dir) as Promise<Record<string, unknown>[]>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "kesu-real-"));
  dataDir = join(root, "data");
  downloads = join(root, "Downloads");
  mkdirSync(dataDir);
  cpSync(join(FIXTURES, "real-exports/reference"), join(dataDir, "reference"), { recursive: true });
  cpSync(join(FIXTURES, "real-exports/downloads"), downloads, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("kesu ingest --pipeline NAME FILE: the named pipeline wins, and the user's file stays", () => {
  it("reads a file whatever its name with the pipeline the user named", async () => {
    const [result] = (await kesu(["ingest", "--pipeline", "cfpb", join(downloads, "export (3).csv")])) as Result[];
    expect(result).toMatchObject({ pipeline: "cfpb", status: "loaded", rows_in: 5, rows_loaded: 5, rows_rejected: 0 });
    expect(existsSync(join(downloads, "export (3).csv"))).toBe(true);
  });

  it("leaves a refused file outside the inbox at its original path, and quarantines a copy", async () => {
    const path = join(downloads, "95588_workorders_v2.csv");
    const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
    // the hotline export named as a CFPB one: its header has no Complaint ID or Date sent to company
    const [result] = (await kesu(["ingest", "--pipeline", "cfpb", path])) as Result[];
    expect(result.status).toBe("quarantined");
    expect(result.message).toMatch(/no "Complaint ID" column \(source_id\) and no "Date sent to company" column \(received_at\)/);
    // messages name columns, never the header's cells
    expect(result.message).not.toMatch(/W1|C101|Ticket ID/);
    expect(readFileSync(path).equals(before.bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before.mtime);
    expect(readdirSync(join(dataDir, "quarantine"))).toEqual(["95588_workorders_v2.csv"]);
    expect(result.quarantined_to).toBe(join(dataDir, "quarantine", "95588_workorders_v2.csv"));
  });
});

describe("CFPB exports in every layout found in the wild", () => {
  let results: Result[];
  const files = [
    "Consumer_Complaints.csv",
    "consumer_complaints_pandas.csv",
    "complaints_2014.csv",
    "consumer_complaints_bigquery.csv",
    "complaints_with_analysis.csv",
    "complaints.csv",
  ];
  beforeAll(async () => {
    // no --pipeline: each is recognised by its name (Consumer_Complaints.csv was the download name for years)
    results = (await kesu(["ingest", ...files.map((f) => join(downloads, f))])) as Result[];
  }, 60_000);
  const of = (name: string) => results.find((r) => r.file.endsWith(`/${name}`))!;

  it("loads every one, refusing none, with rows in = loaded + rejected", () => {
    expect(results.map((r) => [r.file.split("/").at(-1), r.pipeline, r.status, r.rows_in, r.rows_loaded, r.rows_rejected])).toEqual([
      ["Consumer_Complaints.csv", "cfpb", "skipped", 0, 0, 0], // the same bytes as "export (3).csv", loaded above: a duplicate
      ["consumer_complaints_pandas.csv", "cfpb", "loaded", 3, 3, 0],
      ["complaints_2014.csv", "cfpb", "loaded", 4, 4, 0],
      ["consumer_complaints_bigquery.csv", "cfpb", "loaded", 3, 3, 0],
      ["complaints_with_analysis.csv", "cfpb", "loaded", 3, 3, 0],
      ["complaints.csv", "cfpb", "loaded", 2, 2, 0],
    ]);
  });

  it("says which columns each file lacks (read as empty) and which it adds (ignored)", () => {
    expect(of("consumer_complaints_pandas.csv")).toMatchObject({
      ignored_columns: ["(index column)"],
      missing_columns: ["Consumer complaint narrative", "Company public response", "Company", "Tags", "Consumer consent provided?", "Submitted via"],
    });
    expect(of("complaints_2014.csv")).toMatchObject({
      ignored_columns: [],
      missing_columns: ["Consumer complaint narrative", "Company public response", "Tags", "Consumer consent provided?"],
    });
    expect(of("consumer_complaints_bigquery.csv")).toMatchObject({ ignored_columns: [], missing_columns: [] });
    expect(of("complaints_with_analysis.csv")).toMatchObject({ ignored_columns: ["sentiment", "topic"], missing_columns: [] });
    // today's layout: no narrative, consent or dispute since 2026-08-14
    expect(of("complaints.csv")).toMatchObject({
      ignored_columns: [],
      missing_columns: ["Consumer complaint narrative", "Consumer consent provided?", "Consumer disputed?"],
    });
  });

  it("maps the labels as the CFPB spells them in each era: 'Consumer loan' = 'Consumer Loan', true/false = Yes/No", async () => {
    const rows = await query(
      `select source_id, business_category, status, reported_timely, strftime(received_at, '%Y-%m-%d') as sent
       from raw.complaint_versions where source_id in ('2105708', '1114124', '2397100', '2214174', '1290564', '3379500') order by source_id`,
    );
    expect(rows).toEqual([
      { source_id: "1114124", business_category: "personal_loan", status: "in_progress", reported_timely: true, sent: "2014-11-13" }, // "Consumer loan"
      { source_id: "1290564", business_category: "personal_loan", status: "closed", reported_timely: true, sent: "2015-03-19" }, // Mortgage, pandas copy, "Company response"
      { source_id: "2105708", business_category: "personal_loan", status: "in_progress", reported_timely: true, sent: "2016-09-12" }, // "Consumer Loan"
      { source_id: "2214174", business_category: "debt_collection", status: "closed", reported_timely: false, sent: "2016-11-18" }, // timely "false"
      { source_id: "2397100", business_category: "personal_info", status: "closed", reported_timely: true, sent: "2017-03-21" }, // timely "true"
      { source_id: "3379500", business_category: "personal_info", status: "closed", reported_timely: true, sent: "2019-09-20" }, // 15-column layout
    ]);
    expect(await query("select count(*) as n from raw.value_issues")).toEqual([{ n: 0 }]);
  });
});

describe("a bank export of a newer system version: renamed header, extra column, label spellings, a short row", () => {
  let result: Result;
  beforeAll(async () => {
    [result] = (await kesu(["ingest", "--pipeline", "hotline", join(downloads, "95588_workorders_v2.csv")])) as Result[];
    await kesu(["build", "--as-of", "2025-10-31"]);
  }, 90_000);

  it("loads every complaint: only the row without a receipt date is rejected; the short row is padded", async () => {
    expect(result).toMatchObject({
      status: "loaded",
      rows_in: 5,
      rows_loaded: 4,
      rows_rejected: 1,
      rows_padded: 1,
      ignored_columns: ["Agent Notes"],
      missing_columns: [],
    });
    expect(await query("select line, column_name, reason from raw.rejects join raw.files using (file_id) where pipeline = 'hotline'")).toEqual([
      { line: 6, column_name: "created_at", reason: "required value is missing" },
    ]);
  });

  it("matches labels whatever their case or width, and loads the one no map knows as unmapped", async () => {
    const rows = await query(
      "select source_id, business_category, is_complaint, severity, status from raw.complaint_versions where pipeline = 'hotline' order by source_id",
    );
    expect(rows).toEqual([
      { source_id: "W1", business_category: "credit_card", is_complaint: true, severity: "normal", status: "closed" }, // cc, complaint, p3, closed
      { source_id: "W2", business_category: "personal_loan", is_complaint: true, severity: "major", status: "in_progress" }, // full-width ＬＯＡＮ, Ｐ２, ＡＳＳＩＧＮＥＤ
      { source_id: "W3", business_category: "unmapped", is_complaint: true, severity: "normal", status: "received" }, // MORTGAGE: no map entry
      { source_id: "W4", business_category: "debit_card", is_complaint: true, severity: "normal", status: "received" }, // short row, padded
    ]);
    expect(result.unmapped_labels).toEqual([{ field: "business_category", label: "MORTGAGE", rows: 1, first_line: 4 }]);
  });

  it("counts the unmapped complaint in the quarter's received total and lists its label on the data-quality page", async () => {
    // 2025-Q4 received: W1–W4 (hotline) — the CFPB files hold no 2025 complaints
    const [kpi] = await query("select received from mart_kpi_quarterly where quarter = '2025-Q4'");
    expect(kpi).toEqual({ received: 4 });
    const [byCategory] = await query(
      "select received from mart_received_quarterly_by where quarter = '2025-Q4' and dimension = 'business_category' and code = 'unmapped'",
    );
    expect(byCategory).toEqual({ received: 1 });
    const [unmapped] = await query("select complaints, received from mart_unmapped_labels_quarterly where quarter = '2025-Q4' and field = 'all'");
    expect(unmapped).toEqual({ complaints: 1, received: 4 });
    const published = JSON.parse(readFileSync(join(dataDir, "publish/data_quality_value_issues.json"), "utf8"));
    expect(published).toContainEqual(
      expect.objectContaining({
        pipeline: "hotline",
        field: "business_category",
        label: "MORTGAGE",
        rows: 1,
        first_file: "95588_workorders_v2.csv",
        first_line: 4,
      }),
    );
  });
});

describe("pipelines without code: <data-dir>/pipelines/*.json", () => {
  it("adapts the hotline pipeline (its file name and one more product word) with no edit of kesu", async () => {
    const dir = join(root, "adapted");
    mkdirSync(join(dir, "inbox/hotline"), { recursive: true });
    cpSync(join(FIXTURES, "real-exports/reference"), join(dir, "reference"), { recursive: true });
    cpSync(join(FIXTURES, "real-exports/pipelines-adapted"), join(dir, "pipelines"), { recursive: true });
    cpSync(join(downloads, "95588_workorders_v2.csv"), join(dir, "inbox/hotline/95588_workorders_v2.csv"));
    const listed = (await kesu(["pipelines"], dir)) as { name: string; defined_in: string }[];
    expect(listed.find((p) => p.name === "hotline")!.defined_in).toBe(join(dir, "pipelines/hotline.json"));
    const [result] = (await kesu(["ingest"], dir)) as Result[]; // from the inbox: the adapted pattern takes the name
    expect(result).toMatchObject({ pipeline: "hotline", status: "loaded", rows_loaded: 4, unmapped_labels: [] });
    expect(await query("select business_category from raw.complaint_versions where source_id = 'W3'", dir)).toEqual([{ business_category: "personal_loan" }]);
  }, 60_000);

  it("refuses a malformed pipeline file with a message naming the file and the key at fault", () => {
    const attempt = (data: unknown) => {
      try {
        pipelineFromJson(data, "bank.json", PIPELINES);
      } catch (error) {
        expect(error).toBeInstanceOf(PipelineDefinitionError);
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(attempt({ extends: "hotline", fields: { business_category: { values: { MORTGAGE: "mortgage" } } } })).toMatch(
      /bank\.json: pipeline hotline: value map of business_category: "MORTGAGE" → "mortgage" is not a business_category code/,
    );
    expect(attempt({ extends: "hotline", format: { encoding: "gbk" } })).toBe('bank.json: format.encoding: expected "utf-8" or "gb18030"');
    expect(attempt({ extends: "hotline", fields: { produkt: { from: "x" } } })).toMatch(/^bank\.json: fields\.produkt: not a canonical field/);
    expect(attempt({ extends: "nosuch" })).toMatch(/^bank\.json: extends: no built-in pipeline "nosuch"/);
    expect(attempt({ extends: "hotline", clockProfiles: ["cn-nfra-2021"] })).toMatch(/^bank\.json: clockProfiles\[0\]: unknown clock profile/);
    expect(attempt({ extends: "hotline", filePattern: "([" })).toMatch(/^bank\.json: filePattern: not a regular expression/);
    expect(attempt({ extends: "hotline", format: { aliases: { "Ticket No": "ticket_number" } } })).toMatch(
      /alias "Ticket No" names "ticket_number", which is not a column/,
    );
    expect(attempt({ extends: "hotline", fields: { business_category: { values: { Mortgage: "personal_loan", MORTGAGE: "other" } } } })).toMatch(
      /differ only in case or width/,
    );
  });

  it("adds a pipeline of its own, listed beside the built-in ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "kesu-local-"));
    try {
      mkdirSync(join(dir, "pipelines"));
      const media = {
        name: "media_watch",
        description: "舆情监测 (media monitoring) — UTF-8 CSV",
        sourceSystem: "media_watch",
        channels: ["media"],
        fixedChannel: "media",
        filePattern: "^media_.*\\.csv$",
        format: { kind: "csv", encoding: "utf-8", delimiter: ",", quote: '"', header: ["编号", "发现时间", "机构", "业务", "内容"] },
        fields: {
          source_id: { from: "编号" },
          received_at: { from: "发现时间", formats: ["%Y-%m-%d %H:%M"] },
          org_code: { from: "机构" },
          business_category: { from: "业务", values: { 信用卡: "credit_card" } },
          narrative: { from: "内容" },
        },
        constants: { is_complaint: true, status: "received" },
        clockProfiles: ["cn-nfra-2020"],
        cron: "0 7 * * *",
      };
      writeFileSync(join(dir, "pipelines/media_watch.json"), JSON.stringify(media));
      const loaded = loadPipelines(dir, PIPELINES);
      expect(loaded.pipelines.map((p) => p.name)).toEqual([...PIPELINES.map((p) => p.name), "media_watch"]);
      expect(loaded.origins.media_watch).toBe(join(dir, "pipelines/media_watch.json"));
      expect(loaded.pipelines.at(-1)!.filePattern.test("media_202510.csv")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("kesu inspect FILE", () => {
  it("says which pipeline reads a file and why the others do not, what would load, and the label no map knows — loading nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kesu-inspect-"));
    try {
      cpSync(join(FIXTURES, "real-exports/reference"), join(dir, "reference"), { recursive: true });
      const report = (await kesu(["inspect", join(downloads, "95588_workorders_v2.csv")], dir)) as {
        chosen: string;
        candidates: { pipeline: string; header: string; columns_found: number | null }[];
        result: Result;
        value_issues: { field: string; value: string; rows: number; first_line: number }[];
      };
      expect(report.chosen).toBe("hotline");
      expect(report.candidates.find((c) => c.pipeline === "hotline")).toMatchObject({ columns_found: 21, header: "reads (1 column(s) ignored: Agent Notes)" });
      expect(report.candidates.find((c) => c.pipeline === "cfpb")!.header).toMatch(/no "Complaint ID" column/);
      expect(report.candidates.find((c) => c.pipeline === "branch_counter")!.header).toMatch(/not valid GB18030/);
      expect(report.result).toMatchObject({ rows_in: 5, rows_loaded: 4, rows_rejected: 1, rows_padded: 1 });
      expect(report.value_issues).toEqual([expect.objectContaining({ field: "business_category", value: "MORTGAGE", rows: 1, first_line: 4 })]);
      expect(readdirSync(dir)).toEqual(["reference"]); // nothing written to the data dir
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
