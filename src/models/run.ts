// Runs the SQL models in the one order stated here, then the assertions; all inside one transaction,
// so a failed build (bad model or failed assertion) leaves the previous marts untouched.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, transaction } from "../db/warehouse.ts";

type Layer = "staging" | "intermediate" | "marts";

/** The model DAG in execution order. The folder decides materialisation: staging → view, else table. */
export const MODELS: readonly { name: string; layer: Layer }[] = [
  { name: "stg_complaint_versions", layer: "staging" },
  { name: "int_complaints_latest", layer: "intermediate" },
  { name: "int_cause_classification", layer: "intermediate" },
  { name: "complaints", layer: "marts" },
  { name: "int_quarters", layer: "intermediate" },
  { name: "int_complaint_clocks", layer: "intermediate" },
  { name: "int_complaint_recurrence", layer: "intermediate" },
  { name: "mart_received_monthly", layer: "marts" },
  { name: "mart_received_quarterly_by", layer: "marts" },
  { name: "mart_sla_monthly", layer: "marts" },
  { name: "mart_sla_quarterly_by", layer: "marts" },
  { name: "mart_kpi_quarterly", layer: "marts" },
  { name: "mart_recurrence_quarterly", layer: "marts" },
  { name: "int_cause_cells_monthly", layer: "intermediate" },
  { name: "mart_emerging_issues", layer: "marts" },
  { name: "mart_cause_pareto", layer: "marts" },
  { name: "mart_org_scorecard_quarterly", layer: "marts" },
  { name: "mart_cause_by_category_quarterly", layer: "marts" },
  { name: "mart_sla_aging_quarterly_by", layer: "marts" },
  { name: "mart_sla_aging_quarterly", layer: "marts" },
  { name: "mart_sla_bands_quarterly_by", layer: "marts" },
  { name: "mart_sla_bands_quarterly", layer: "marts" },
  { name: "mart_category_org_quarterly", layer: "marts" },
  { name: "mart_cause_classification_quarterly", layer: "marts" },
  { name: "mart_cause_classifier_confusion", layer: "marts" },
  { name: "mart_category_monthly", layer: "marts" },
];

/** Files of src/models/macros, run before the models: `create or replace temp macro` statements. */
export const MACROS: readonly string[] = ["slices"];

export const ASSERTIONS: readonly string[] = [
  "assert_dates_in_calendar",
  "assert_complaint_key_unique",
  "assert_decisions_not_before_receipt",
  "assert_every_complaint_judged",
  "assert_shares_sum_to_one",
  "assert_rows_accounted",
  "assert_cause_sources_add_up",
  "assert_mart_totals_agree",
];

export class AssertionFailure extends Error {
  override name = "AssertionFailure";
  constructor(
    readonly assertion: string,
    readonly rows: Record<string, unknown>[],
  ) {
    super(`assertion ${assertion} failed: ${rows.length} offending row(s), e.g. ${JSON.stringify(rows.slice(0, 3), jsonSafe)}`);
  }
}

function jsonSafe(_key: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}

const modelsDir = fileURLToPath(new URL(".", import.meta.url));

async function modelSql(folder: string, name: string): Promise<string> {
  const sql = await readFile(`${modelsDir}${folder}/${name}.sql`, "utf8");
  return sql.trim().replace(/;\s*$/, "");
}

export interface ModelTiming {
  name: string;
  ms: number;
}

/** Drops a view or table of that name in the main schema, whichever it is (DuckDB refuses the wrong kind). */
async function dropRelation(connection: DuckDBConnection, name: string): Promise<void> {
  const rows = await all<{ kind: string }>(
    connection,
    `select 'view' as kind from duckdb_views() where schema_name = 'main' and view_name = $name and not internal
     union all select 'table' from duckdb_tables() where schema_name = 'main' and table_name = $name`,
    { name },
  );
  for (const { kind } of rows) await connection.run(`drop ${kind} ${ident(name)}`);
}

/** Rebuilds every model and checks every assertion; throws AssertionFailure naming offending rows. */
export async function runModels(connection: DuckDBConnection): Promise<ModelTiming[]> {
  const timings: ModelTiming[] = [];
  await transaction(connection, async () => {
    // The SQL macros the models call (connection-local: they live as long as the build's connection)
    for (const file of MACROS) await connection.run(await readFile(`${modelsDir}macros/${file}.sql`, "utf8"));
    for (const model of MODELS) {
      const started = Date.now();
      const sql = await modelSql(model.layer, model.name);
      const kind = model.layer === "staging" ? "view" : "table";
      await dropRelation(connection, model.name);
      try {
        await connection.run(`create ${kind} ${ident(model.name)} as ${sql}`);
      } catch (error) {
        throw new Error(`model ${model.layer}/${model.name}.sql failed: ${(error as Error).message}`);
      }
      timings.push({ name: model.name, ms: Date.now() - started });
    }
    for (const assertion of ASSERTIONS) {
      const rows = await all(connection, await modelSql("assertions", assertion));
      if (rows.length) throw new AssertionFailure(assertion, rows);
    }
  });
  return timings;
}
