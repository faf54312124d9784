// `kesu build`: reference tables → SQL models → assertions → published snapshot.
import type { DuckDBConnection } from "@duckdb/node-api";
import { horizonWarning, provisionalWarning, resolveCalendar, type CalendarYearInfo, type ResolvedCalendar } from "../calendar/index.ts";
import { todayIn, type KesuConfig } from "../config/config.ts";
import { ensureRawSchema } from "../db/schema.ts";
import { all, one } from "../db/warehouse.ts";
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
  calendar: CalendarStatus;
  /** What the operator must act on (printed by `kesu build`, logged by the scheduler, shown on the data-quality page). */
  warnings: string[];
}

/** The calendar a build used, and what of it was provisional: published as calendar.json. */
export interface CalendarStatus {
  name: string;
  /** 31 Dec of the last year a notice or bank file gives. */
  last_confirmed_date: string;
  strict: boolean;
  years: CalendarYearInfo[];
  /** Deadlines (complaint × clock profile) that fall in a provisional year, by profile and year. */
  provisional_deadlines: { profile_id: string; year: number; deadlines: number; complaints: number }[];
  provisional_deadlines_total: number;
  horizon_warning: string | null;
  provisional_warning: string | null;
  /** The date the horizon warning was judged at: the later of today (bank time) and the data's as-of. */
  checked_on: string;
}

export { todayIn } from "../config/config.ts";

/** The calendar a build over data as of `asOf` uses: the bank's layers, provisional years through the next year. */
export function calendarFor(config: KesuConfig, asOf: string): ResolvedCalendar {
  return resolveCalendar({
    calendarDir: config.calendarDir,
    calendarPath: config.calendarPath,
    strict: config.calendarStrict,
    throughYear: Number(asOf.slice(0, 4)) + 1,
  });
}

async function calendarStatus(connection: DuckDBConnection, resolved: ResolvedCalendar, checkedOn: string): Promise<CalendarStatus> {
  const provisional = await all<{ profile_id: string; year: number; deadlines: number; complaints: number }>(
    connection,
    `select profile_id, year(deadline) as year, count(*) as deadlines, count(distinct complaint_key) as complaints
     from int_complaint_clocks where deadline_is_provisional group by all order by year, profile_id`,
  );
  const byYear = new Map<number, number>();
  for (const p of provisional) byYear.set(p.year, (byYear.get(p.year) ?? 0) + p.deadlines);
  const total = provisional.reduce((n, p) => n + p.deadlines, 0);
  return {
    name: resolved.calendar.name,
    last_confirmed_date: resolved.lastConfirmedDate,
    strict: resolved.strict,
    years: resolved.years,
    provisional_deadlines: provisional,
    provisional_deadlines_total: total,
    horizon_warning: horizonWarning(resolved, checkedOn),
    provisional_warning: provisionalWarning(
      resolved,
      [...byYear].map(([year, count]) => ({ year, count })),
    ),
    checked_on: checkedOn,
  };
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
  options: { asOf?: string /** Today in bank time, for the horizon warning (default: the clock). */; today?: string } = {},
): Promise<BuildResult> {
  await ensureRawSchema(connection);
  await loadDimOrg(connection, config.dimOrgPath);
  const asOf = options.asOf ?? (await dataAsOf(connection));
  const resolved = calendarFor(config, asOf);
  // A bank's own keyword rules replace the built-in ones whole (validated like them: file, path, reason).
  const causeRules = config.causeRulesPath ? loadCauseRules(config.causeRulesPath) : undefined;
  await writeReferenceTables(connection, {
    calendar: resolved.calendar,
    calendarYears: resolved.years,
    pipelines,
    asOfDate: asOf,
    headlineProfile: config.headlineProfile,
    causeRules,
  });
  const models = await runModels(connection);
  const complaints = (await one<{ n: number }>(connection, "select count(*) as n from complaints"))!.n;
  const today = options.today ?? todayIn(config);
  // the later of two ISO dates (strings: Math.max would not do)
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text
  const calendar = await calendarStatus(connection, resolved, today > asOf ? today : asOf);
  const publish = await publishSnapshot(connection, config, { calendar, pipelines });
  const warnings = [calendar.provisional_warning, calendar.horizon_warning].filter((w): w is string => w !== null);
  return { as_of: asOf, complaints, models, publish, calendar, warnings };
}
