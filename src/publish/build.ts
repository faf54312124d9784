// `kesu build`: reference tables → SQL models → assertions → published snapshot.
import type { DuckDBConnection } from "@duckdb/node-api";
import { defaultCalendar, loadCalendarFile } from "../calendar/index.ts";
import type { KesuConfig } from "../config/config.ts";
import { ensureRawSchema } from "../db/schema.ts";
import { one } from "../db/warehouse.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";
import { loadCauseRules } from "../classify/rules.ts";
import { loadDimOrg } from "../ingest/reference.ts";
import { writeReferenceTables } from "../models/reference.ts";
import { runModels, type ModelTiming } from "../models/run.ts";
import { publishSnapshot, type PublishResult } from "./publish.ts";

export interface BuildResult {
  as_of: string;
  complaints: number;
  models: ModelTiming[];
  publish: PublishResult;
}

/**
 * The data's as-of date: the last moment any export speaks of. Open complaints are judged at this date,
 * not at "today", so the same exports always give the same figures.
 */
async function dataAsOf(connection: DuckDBConnection): Promise<string> {
  const row = await one<{ as_of: string | null }>(
    connection,
    `select strftime(max(greatest(received_at, coalesce(updated_at, received_at), coalesce(responded_at, received_at), coalesce(closed_at, received_at))), '%Y-%m-%d') as as_of
     from raw.complaint_versions`,
  );
  if (!row?.as_of) throw new Error("the warehouse holds no complaints yet: run `kesu ingest` first (or `kesu demo` for the sample)");
  return row.as_of;
}

export async function buildWarehouse(
  connection: DuckDBConnection,
  config: KesuConfig,
  pipelines: readonly PipelineSpec[],
  options: { asOf?: string } = {},
): Promise<BuildResult> {
  await ensureRawSchema(connection);
  await loadDimOrg(connection, config.dimOrgPath);
  const asOf = options.asOf ?? (await dataAsOf(connection));
  const calendar = config.calendarPath ? loadCalendarFile(config.calendarPath) : defaultCalendar;
  // A bank's own keyword rules replace the built-in ones whole (validated like them: file, path, reason).
  const causeRules = config.causeRulesPath ? loadCauseRules(config.causeRulesPath) : undefined;
  await writeReferenceTables(connection, { calendar, pipelines, asOfDate: asOf, headlineProfile: config.headlineProfile, causeRules });
  const models = await runModels(connection);
  const complaints = (await one<{ n: number }>(connection, "select count(*) as n from complaints"))!.n;
  const publish = await publishSnapshot(connection, config);
  return { as_of: asOf, complaints, models, publish };
}
