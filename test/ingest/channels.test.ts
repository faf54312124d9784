// Letters/visits and transfer forms (test/fixtures/channels): hand-worked expectations per line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest, type FileResult } from "../../src/ingest/ingest.ts";
import { tempDataDir } from "../helpers.ts";

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let results: FileResult[];
beforeAll(async () => {
  env = tempDataDir("channels");
  warehouse = await openWarehouse(env.config.warehousePath);
  results = await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
});
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});
const result = (pipeline: string) => results.find((r) => r.pipeline === pipeline)!;
const issues = (pipeline: string) =>
  all(
    warehouse.connection,
    "select line, field, column_name, value, action from raw.value_issues join raw.files using (file_id) where pipeline = $p order by line",
    { p: pipeline },
  );
const rejects = (pipeline: string) =>
  all(warehouse.connection, "select line, column_name, value from raw.rejects join raw.files using (file_id) where pipeline = $p order by line", {
    p: pipeline,
  });

describe("letter_visit (BOM, 年月日 dates, multi-line letters)", () => {
  it("loads the letter whose text spans three lines and rejects by physical line", async () => {
    expect(result("letter_visit")).toMatchObject({ status: "loaded", rows_in: 3, rows_loaded: 2, rows_rejected: 1 });
    // XF1 spans lines 2–4; XF2 (line 5) has 2025年2月30日 (no receipt date: rejected); XF3 (line 6) has the
    // category 保险, not in JR/T 0169 (loaded as unmapped)
    expect(await rejects("letter_visit")).toEqual([{ line: 5, column_name: "收到日期", value: "2025年2月30日" }]);
    expect(await issues("letter_visit")).toEqual([{ line: 6, field: "business_category", column_name: "业务类别", value: "保险", action: "unmapped" }]);
    const [row] = await all(
      warehouse.connection,
      "select source_id, line, strftime(received_at, '%Y-%m-%d') as received, narrative from raw.complaint_versions where pipeline = 'letter_visit' order by line",
    );
    expect(row).toEqual({ source_id: "XF1", line: 2, received: "2025-09-29", narrative: "尊敬的领导：\n本人信用卡年费被重复扣收，\n请核实退还。" });
  });
});

describe("regulator_transfer and government_transfer (transfer forms)", () => {
  it("keeps the regulator's receipt and forward dates beside the bank's receipt", async () => {
    expect(result("regulator_transfer")).toMatchObject({ rows_in: 2, rows_loaded: 2, rows_rejected: 0 });
    const rows = await all(
      warehouse.connection,
      `select complaint_key, intake_channel, is_complaint, strftime(regulator_received_at, '%Y-%m-%d') as reg, strftime(forwarded_at, '%Y-%m-%d') as fwd
       from raw.complaint_versions where pipeline = 'regulator_transfer' order by line`,
    );
    expect(rows).toEqual([
      {
        complaint_key: "regulator_transfer:12378-202509-000001",
        intake_channel: "regulator_transfer",
        is_complaint: true,
        reg: "2025-09-25",
        fwd: "2025-09-30",
      },
      // the regulator's receipt date 2025-00-10 cannot be read: left empty, the bank's own receipt (9 Oct) stands
      { complaint_key: "regulator_transfer:12378-202510-000002", intake_channel: "regulator_transfer", is_complaint: true, reg: null, fwd: "2025-10-09" },
    ]);
    expect(await rejects("regulator_transfer")).toEqual([]);
    expect(await issues("regulator_transfer")).toEqual([
      { line: 3, field: "regulator_received_at", column_name: "来源受理日期", value: "2025-00-10", action: "nulled" },
    ]);
  });

  it("loads a government transfer assigned to a unit missing from dim_org as unmapped, and says so", async () => {
    expect(result("government_transfer")).toMatchObject({ rows_in: 2, rows_loaded: 2, rows_rejected: 0 });
    expect(await rejects("government_transfer")).toEqual([]);
    expect(await issues("government_transfer")).toEqual([{ line: 2, field: "org_code", column_name: "承办机构代码", value: "ZZ01", action: "unmapped" }]);
  });
});
