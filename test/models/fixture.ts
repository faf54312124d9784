// Given-these-rows fixture for model tests: hand-written complaint versions go into a real (in-memory)
// DuckDB warehouse's raw layer, next to a small org tree, and the whole model chain of src/models/run.ts
// runs over them with its assertions, exactly as `kesu build` does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultCalendar } from "../../src/calendar/index.ts";
import type { CauseRule } from "../../src/classify/rules.ts";
import { ensureRawSchema } from "../../src/db/schema.ts";
import { openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { loadDimOrg } from "../../src/ingest/reference.ts";
import { writeReferenceTables } from "../../src/models/reference.ts";
import { runModels } from "../../src/models/run.ts";

export interface Row {
  key: string;
  received: string;
  org?: string;
  category?: string;
  cause?: string | null;
  narrative?: string | null;
  customer?: string | null;
  channel?: string;
  status?: string;
  responded?: string | null;
  closed?: string | null;
  isComplaint?: boolean;
  outcome?: string | null;
  atFault?: boolean | null;
  satisfaction?: string | null;
  /** The export's update time ("YYYY-MM-DD HH:MM:SS"); none by default. */
  updated?: string | null;
  /** The file the version came from (load order), default 1; the line is the row's place in ROWS. */
  file?: number;
}

/** A date is read at 10:00 bank time; a value with a time ("2025-01-10 23:30:00") is taken as it is. */
const at = (value: string) => (value.includes(" ") ? value : `${value} 10:00:00`);

/** A head office, two tier-1 branches with denominators, one tier-2 branch without, and an outlet. */
export const DIM_ORG = `org_code,org_name_zh,org_name_en,org_level,parent_code,tier1_code,region,province,customers,outlets
HO,总行,Head Office,head_office,,,,,100000,20
SH,上海分行,Shanghai Branch,tier1,HO,SH,华东,上海,20000,4
BJ,北京分行,Beijing Branch,tier1,HO,BJ,华北,北京,50000,10
SH01,上海浦东分行,Shanghai Pudong Branch,tier2,SH,SH,华东,上海,,
SH0101,上海分行浦东支行,Shanghai Pudong Sub-branch,outlet,SH01,SH,华东,上海,,
`;

export async function buildFixture(
  rows: readonly Row[],
  options: { asOf: string; profiles?: string[]; causeRules?: readonly CauseRule[]; dimOrg?: string },
): Promise<Warehouse> {
  const dir = mkdtempSync(join(tmpdir(), "kesu-model-"));
  const warehouse = await openWarehouse(":memory:");
  try {
    const connection = warehouse.connection;
    await ensureRawSchema(connection);
    writeFileSync(join(dir, "dim_org.csv"), options.dimOrg ?? DIM_ORG);
    await loadDimOrg(connection, join(dir, "dim_org.csv"));
    const pipeline = { name: "test", clockProfiles: options.profiles ?? ["cn-nfra-2020"] } as never;
    await writeReferenceTables(connection, {
      calendar: defaultCalendar,
      pipelines: [pipeline],
      asOfDate: options.asOf,
      headlineProfile: (options.profiles ?? ["cn-nfra-2020"])[0],
      causeRules: options.causeRules,
    });
    let line = 0;
    for (const r of rows) {
      line++;
      await connection.run(
        `insert into raw.complaint_versions (file_id, line, pipeline, complaint_key, customer_ref, source_id, intake_channel, received_at,
           org_code, business_category, cause_code, narrative, is_complaint, status, responded_at, closed_at, extension_level, paused_days,
           outcome, is_at_fault, satisfaction, updated_at)
         values ($17, $1, 'test', $2, $3, $2, $4, cast($5 as timestamp), $6, $7, $8, $9, $10, $11, cast($12 as timestamp), cast($13 as timestamp), 0, 0, $14, $15, $16, cast($18 as timestamp))`,
        [
          line,
          r.key,
          r.customer ?? null,
          r.channel ?? "hotline",
          at(r.received),
          r.org ?? "SH",
          r.category ?? "credit_card",
          r.cause === undefined ? "pricing_fees" : r.cause,
          r.narrative ?? null,
          r.isComplaint ?? true,
          r.status ?? (r.responded || r.closed ? "closed" : "in_progress"),
          r.responded ? at(r.responded) : null,
          r.closed ? at(r.closed) : null,
          r.outcome ?? null,
          r.atFault ?? null,
          r.satisfaction ?? null,
          r.file ?? 1,
          r.updated ?? null,
        ] as never,
      );
    }
    await runModels(connection);
    return warehouse;
  } catch (error) {
    warehouse.close();
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
