// Publishing: the snapshot the site reads (docs/design.md §2). Marts are written as JSON (what the site's data
// loaders read) and Parquet (for analysts) into a fresh directory that replaces the previous snapshot
// only once complete, so a site build never sees a half-written snapshot and never opens the warehouse.
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { CODE_LISTS } from "../codes.ts";
import type { KesuConfig } from "../config/config.ts";
import { all, ident, literal, one } from "../db/warehouse.ts";
import { publishJobRuns } from "./job_runs.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";
import type { CalendarStatus } from "./build.ts";
import { publishCubes } from "./cube.ts";
import { publishDataQuality } from "./data_quality.ts";

/** Marts published as `<name>.json` (name without the `mart_` prefix) and `parquet/<name>.parquet`. */
export const PUBLISHED_MARTS: readonly { mart: string; file: string; where?: string }[] = [
  { mart: "mart_kpi_quarterly", file: "kpi_quarterly" },
  { mart: "mart_received_monthly", file: "received_monthly" },
  { mart: "mart_received_quarterly_by", file: "received_quarterly_by" },
  { mart: "mart_sla_monthly", file: "sla_monthly", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_sla_quarterly_by", file: "sla_quarterly_by", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_recurrence_quarterly", file: "recurrence_quarterly" },
  { mart: "mart_emerging_issues", file: "emerging_issues" },
  { mart: "mart_cause_pareto", file: "cause_pareto" },
  { mart: "mart_org_scorecard_quarterly", file: "org_scorecard_quarterly" },
  { mart: "mart_region_quarterly", file: "region_quarterly" },
  { mart: "mart_org_peer_ranks_quarterly", file: "org_peer_ranks_quarterly" },
  { mart: "mart_cause_by_category_quarterly", file: "cause_by_category_quarterly" },
  { mart: "mart_sla_aging_quarterly", file: "sla_aging_quarterly", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_sla_bands_quarterly", file: "sla_bands_quarterly", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_sla_aging_quarterly_by", file: "sla_aging_quarterly_by", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_sla_bands_quarterly_by", file: "sla_bands_quarterly_by", where: "profile_id = (select headline_profile from ref.run_params)" },
  { mart: "mart_category_org_quarterly", file: "category_org_quarterly" },
  { mart: "mart_cause_classification_quarterly", file: "cause_classification_quarterly" },
  { mart: "mart_category_monthly", file: "category_monthly" },
  { mart: "mart_unmapped_labels_quarterly", file: "unmapped_labels_quarterly" },
  { mart: "mart_open_cases", file: "open_cases" },
];

export interface PublishResult {
  dir: string;
  files: string[];
  quarters: string[];
}

/**
 * A publish killed mid-way leaves its staging snapshot (`publish.tmp-<pid>`) or the previous one set aside
 * (`publish.old-<pid>`): whole snapshots, which kesu itself made. Those of processes no longer running go.
 */
async function removeDebris(publishDir: string): Promise<void> {
  const dir = dirname(publishDir);
  const prefix = `${basename(publishDir)}.`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = entry.startsWith(prefix) ? /^(tmp|old)-(\d+)$/.exec(entry.slice(prefix.length)) : null;
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive) await rm(join(dir, entry), { recursive: true, force: true });
  }
}

export async function publishSnapshot(
  connection: DuckDBConnection,
  config: KesuConfig,
  extra: { calendar?: CalendarStatus; pipelines?: readonly PipelineSpec[] } = {},
): Promise<PublishResult> {
  await removeDebris(config.publishDir);
  const staging = `${config.publishDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, "parquet"), { recursive: true });
  const files: string[] = [];
  for (const { mart, file, where } of PUBLISHED_MARTS) {
    const query = `select * from ${ident(mart)}${where ? ` where ${where}` : ""}`;
    await connection.run(`copy (${query}) to ${literal(join(staging, `${file}.json`))} (format json, array true)`);
    await connection.run(`copy (${query}) to ${literal(join(staging, "parquet", `${file}.parquet`))} (format parquet)`);
    files.push(`${file}.json`);
  }
  const quarters = (await all<{ quarter: string }>(connection, "select quarter from int_quarters order by quarter_start")).map((r) => r.quarter);
  const months = (await all<{ month: string }>(connection, "select distinct received_month as month from complaints order by 1")).map((r) => r.month);
  const params = (await one<{ as_of: string; profile: string }>(
    connection,
    "select strftime(as_of_date, '%Y-%m-%d') as as_of, headline_profile as profile from ref.run_params",
  ))!;
  const ingestTotals = (await one<Record<string, number>>(
    connection,
    `select count(*) as files, coalesce(sum(rows_in), 0) as rows_in, coalesce(sum(rows_loaded), 0) as rows_loaded,
       coalesce(sum(rows_rejected), 0) as rows_rejected, count(*) filter (where status = 'quarantined') as quarantined
     from raw.files`,
  ))!;
  const meta = {
    bank_name: config.bankName,
    generated_at: new Date().toISOString(),
    as_of: params.as_of,
    timezone: config.timezone,
    clock_profile: params.profile,
    quarters,
    months,
    ingest: ingestTotals,
  };
  const orgs = await all<{ org_code: string; zh: string; en: string }>(
    connection,
    "select org_code, org_name_zh as zh, org_name_en as en from ref.dim_org where org_level in ('head_office', 'tier1', 'tier2') order by org_code",
  );
  const labels = {
    ...Object.fromEntries(Object.entries(CODE_LISTS).map(([list, codes]) => [list, codes])),
    org: Object.fromEntries(orgs.map((o) => [o.org_code, { zh: o.zh, en: o.en }])),
  };
  await writeFile(join(staging, "meta.json"), JSON.stringify(meta, null, 2));
  await writeFile(join(staging, "labels.json"), JSON.stringify(labels, null, 2));
  files.push("meta.json", "labels.json");
  if (extra.calendar) {
    // The calendar the figures were computed with, and how many deadlines rest on provisional years
    const provisionalByQuarter = await all(
      connection,
      `select * replace (strftime(first_provisional_deadline, '%Y-%m-%d') as first_provisional_deadline,
         strftime(last_provisional_deadline, '%Y-%m-%d') as last_provisional_deadline)
       from mart_provisional_deadlines_quarterly order by quarter, profile_id`,
    );
    await writeFile(join(staging, "calendar.json"), JSON.stringify({ ...extra.calendar, by_quarter: provisionalByQuarter }, jsonSafe, 2));
    files.push("calendar.json");
  }
  files.push(...(await publishJobRuns(connection, staging)));
  files.push(...(await publishDataQuality(connection, staging, extra.pipelines)));
  files.push(...(await publishCubes(connection, staging)));

  // Swap: the old snapshot stays whole until the new one is complete.
  const previous = `${config.publishDir}.old-${process.pid}`;
  await rm(previous, { recursive: true, force: true });
  await rename(config.publishDir, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(staging, config.publishDir);
  await rm(previous, { recursive: true, force: true });
  return { dir: config.publishDir, files, quarters };
}

function jsonSafe(_key: string, value: unknown) {
  if (typeof value === "bigint") return Number(value);
  return value;
}
