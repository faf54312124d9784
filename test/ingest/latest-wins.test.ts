// Two overlapping exports of the same complaints: the newer state wins in `complaints`, whatever order
// the files arrive in, and every version stays in raw.complaint_versions for audit.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { buildWarehouse } from "../../src/publish/build.ts";
import { tempDataDir } from "../helpers.ts";

const HEADER =
  "ticket_id,created_at,customer_no,org_code,product,category,description,ticket_type,priority,status,status_history,acknowledged_at,responded_at,closed_at,extension_level,paused_days,at_fault,outcome,redress_amount,satisfaction,updated_at";
const row = (id: string, status: string, responded: string, updated: string) =>
  `${id},2025-10-10T09:00:00+08:00,C1,SH01,CC,pricing_fees,年费,COMPLAINT,P3,${status},,,${responded},,0,0,,,,,${updated}`;

// October export: X open, Y open, Z open. November export: X replied (newer), Y unchanged but later in the
// file order with the same update time, and W new. The November file is ingested FIRST.
const OCTOBER = [
  HEADER,
  row("X", "NEW", "", "2025-10-10T09:00:00+08:00"),
  row("Y", "ASSIGNED", "", "2025-10-12T09:00:00+08:00"),
  row("Z", "NEW", "", "2025-10-10T09:00:00+08:00"),
];
const NOVEMBER = [
  HEADER,
  row("X", "REPLIED", "2025-10-20T09:00:00+08:00", "2025-10-20T09:00:00+08:00"),
  row("Y", "REPLIED", "", "2025-10-12T09:00:00+08:00"),
  row("W", "NEW", "", "2025-11-01T09:00:00+08:00"),
];

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;

beforeAll(async () => {
  env = tempDataDir("ingest");
  warehouse = await openWarehouse(env.config.warehousePath);
  // Named files, newest export first: arrival order must not decide the state.
  const nov = join(env.dir, "hotline_202511.csv");
  const oct = join(env.dir, "hotline_202510.csv");
  writeFileSync(nov, `${NOVEMBER.join("\n")}\n`);
  writeFileSync(oct, `${OCTOBER.join("\n")}\n`);
  await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES, files: [nov] });
  await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES, files: [oct] });
  await buildWarehouse(warehouse.connection, env.config, PIPELINES);
});
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

describe("latest wins", () => {
  it("takes the state with the newest update time, then the later file", async () => {
    const rows = await all(
      warehouse.connection,
      "select source_id, status, version_count from complaints where source_system = 'hotline' and source_id in ('X','Y','Z','W') order by source_id",
    );
    expect(rows).toEqual([
      { source_id: "W", status: "received", version_count: 1 },
      // newer update time (20 Oct) beats the October export's 10 Oct, although it was loaded first
      { source_id: "X", status: "responded", version_count: 2 },
      // same update time in both exports: the later file (loaded second, the October one) wins
      { source_id: "Y", status: "in_progress", version_count: 2 },
      { source_id: "Z", status: "received", version_count: 1 },
    ]);
  });

  it("keeps every version for audit", async () => {
    const rows = await all(
      warehouse.connection,
      "select source_id, status from raw.complaint_versions where pipeline = 'hotline' and source_id in ('X','Y') order by source_id, file_id",
    );
    expect(rows).toEqual([
      { source_id: "X", status: "responded" },
      { source_id: "X", status: "received" },
      { source_id: "Y", status: "responded" },
      { source_id: "Y", status: "in_progress" },
    ]);
  });
});
