// Runs the SQL models in the one order stated here, then the assertions. The models are written into a
// schema of their own (models_a or models_b, whichever is not in use) one statement at a time, and only
// when every model and assertion has passed does one short transaction point main's views at them and
// drop the previous build. So a failed build (bad model, failed assertion, crash) leaves the previous
// marts untouched, and readers only ever see main.<model>. Why not one transaction around it all: DuckDB
// writes tables created inside an open transaction twice as slowly, and plans joins on them without
// their row counts (at 10M complaints `complaints` took 130.9 s inside it against 68.5 s outside, and the
// clocks ran out of the 2GB memory limit inside it only).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal, transaction } from "../db/warehouse.ts";

type Layer = "staging" | "intermediate" | "core" | "marts";

/** The model DAG in execution order. The folder decides materialisation: staging → view, else table. */
export const MODELS: readonly { name: string; layer: Layer }[] = [
  { name: "stg_complaint_versions", layer: "staging" },
  { name: "int_complaints_latest", layer: "intermediate" },
  { name: "int_cause_classification", layer: "intermediate" },
  { name: "complaints", layer: "core" },
  { name: "int_quarters", layer: "intermediate" },
  { name: "int_complaint_clocks", layer: "intermediate" },
  { name: "int_complaint_recurrence", layer: "intermediate" },
  { name: "int_open_clocks_at_quarter_end", layer: "intermediate" },
  { name: "mart_received_monthly", layer: "marts" },
  { name: "mart_received_quarterly_by", layer: "marts" },
  { name: "mart_sla_monthly", layer: "marts" },
  { name: "mart_sla_quarterly_by", layer: "marts" },
  { name: "mart_kpi_quarterly", layer: "marts" },
  { name: "mart_recurrence_quarterly", layer: "marts" },
  { name: "int_cause_cells_monthly", layer: "intermediate" },
  { name: "mart_emerging_issues", layer: "marts" },
  { name: "mart_cause_pareto", layer: "marts" },
  { name: "int_org_volume_quarterly", layer: "intermediate" },
  { name: "int_org_sla_quarterly", layer: "intermediate" },
  { name: "mart_org_scorecard_quarterly", layer: "marts" },
  { name: "mart_region_quarterly", layer: "marts" },
  { name: "mart_org_peer_ranks_quarterly", layer: "marts" },
  { name: "mart_cause_by_category_quarterly", layer: "marts" },
  { name: "mart_sla_aging_quarterly_by", layer: "marts" },
  { name: "mart_sla_aging_quarterly", layer: "marts" },
  { name: "mart_sla_bands_quarterly_by", layer: "marts" },
  { name: "mart_sla_bands_quarterly", layer: "marts" },
  { name: "mart_category_org_quarterly", layer: "marts" },
  { name: "mart_cause_classification_quarterly", layer: "marts" },
  { name: "mart_cause_classifier_confusion", layer: "marts" },
  { name: "mart_category_monthly", layer: "marts" },
  { name: "mart_provisional_deadlines_quarterly", layer: "marts" },
  { name: "mart_unmapped_labels_quarterly", layer: "marts" },
  { name: "mart_cube_monthly", layer: "marts" },
  { name: "mart_cube_backlog_quarterly", layer: "marts" },
  { name: "mart_cube_response_days", layer: "marts" },
  { name: "mart_open_cases", layer: "marts" },
];

/** Files of src/models/macros, run before the models: `create or replace temp macro` statements. */
export const MACROS: readonly string[] = ["slices", "outcomes"];

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

/** The two schemas builds alternate between. */
export const MODEL_SCHEMAS = ["models_a", "models_b"] as const;

/** The schema main's model views read, or null before the first build (or in a warehouse of older kesu). */
export async function liveModelSchema(connection: DuckDBConnection): Promise<string | null> {
  const rows = await all<{ sql: string }>(connection, "select sql from duckdb_views() where schema_name = 'main' and view_name = $name and not internal", {
    name: MODELS[MODELS.length - 1]!.name,
  });
  // DuckDB keeps the view's statement normalised: CREATE VIEW name AS SELECT * FROM models_a.name;
  return MODEL_SCHEMAS.find((schema) => rows[0]?.sql.includes(` ${schema}.`)) ?? null;
}

/** Rebuilds every model and checks every assertion; throws AssertionFailure naming offending rows. */
export async function runModels(connection: DuckDBConnection): Promise<ModelTiming[]> {
  const live = await liveModelSchema(connection);
  const target = live === MODEL_SCHEMAS[0] ? MODEL_SCHEMAS[1] : MODEL_SCHEMAS[0];
  // Whatever is in the target schema is debris of a build that failed or crashed
  await connection.run(`drop schema if exists ${ident(target)} cascade`);
  await connection.run(`create schema ${ident(target)}`);
  const timings: ModelTiming[] = [];
  try {
    // Unqualified names are the models of this build only; raw.* and ref.* are always qualified
    await connection.run(`set search_path = ${literal(target)}`);
    // The SQL macros the models call (connection-local: they live as long as the build's connection)
    for (const file of MACROS) await connection.run(await readFile(`${modelsDir}macros/${file}.sql`, "utf8"));
    for (const model of MODELS) {
      const started = Date.now();
      const sql = await modelSql(model.layer, model.name);
      const kind = model.layer === "staging" ? "view" : "table";
      try {
        await connection.run(`create ${kind} ${ident(target)}.${ident(model.name)} as ${sql}`);
      } catch (error) {
        throw new Error(`model ${model.layer}/${model.name}.sql failed: ${(error as Error).message}`);
      }
      timings.push({ name: model.name, ms: Date.now() - started });
    }
    for (const assertion of ASSERTIONS) {
      const rows = await all(connection, await modelSql("assertions", assertion));
      if (rows.length) throw new AssertionFailure(assertion, rows);
    }
  } catch (error) {
    await connection.run("reset search_path");
    await connection.run(`drop schema if exists ${ident(target)} cascade`).catch(() => undefined);
    throw error;
  }
  await connection.run("reset search_path");
  await transaction(connection, async () => {
    for (const model of MODELS) {
      await dropRelation(connection, model.name);
      await connection.run(`create view main.${ident(model.name)} as select * from ${ident(target)}.${ident(model.name)}`);
    }
    if (live) await connection.run(`drop schema ${ident(live)} cascade`);
  });
  return timings;
}
