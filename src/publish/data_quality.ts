// The data-quality part of the snapshot (docs/design.md §7 data-quality page): one row per file seen, and the
// rejects grouped by pipeline × column × reason. raw.rejects holds the *raw* cell or line, which can be a
// customer id, a narrative or a whole JSON record: only masked values of non-identifying columns leave
// the warehouse, the rest are withheld (the page says so), so nothing unmasked reaches the site.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { PIPELINES } from "../../pipelines/index.ts";
import { all } from "../db/warehouse.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";
import { maskSql } from "../privacy.ts";

/** Canonical fields whose source values identify a person or tell their story: never shown, even masked. */
const WITHHELD_FIELDS = ["customer_id", "narrative"] as const;

/** Longest example value shown; a reject example is a hint of what was wrong, not the record. */
const EXAMPLE_CHARS = 40;

const normalise = (name: string) => name.toLowerCase().replace(/[\s_\-.:()（）]/g, "");

/** pipeline → normalised source column names whose values are withheld. */
export function withheldColumns(pipelines: readonly PipelineSpec[] = PIPELINES): Record<string, string[]> {
  return Object.fromEntries(
    pipelines.map((p) => [
      p.name,
      WITHHELD_FIELDS.map((f) => p.fields[f]?.from)
        .filter((c): c is string => !!c)
        .map(normalise),
    ]),
  );
}

/** Whether a reject's value may be shown (masked): a named column that is not an identifying one. */
export function exampleAllowed(pipeline: string | null, column: string | null, withheld = withheldColumns()): boolean {
  if (!column) return false; // a whole-line reject (malformed JSON, bad CSV line) is the full record
  return !(withheld[pipeline ?? ""] ?? []).includes(normalise(column));
}

// Positions and line numbers inside parser messages make every line its own reason; group them as one.
const REASON_SQL = "regexp_replace(r.reason, '(position|line|column) [0-9]+', '\\1 …', 'g')";

export async function publishDataQuality(connection: DuckDBConnection, dir: string, pipelines: readonly PipelineSpec[] = PIPELINES): Promise<string[]> {
  // The file register, kept as a temp table for the totals below
  await connection.run(
    `create or replace temp table dq_files as
     with periods as (
       select file_id, strftime(min(received_at), '%Y-%m-%d') as period_start, strftime(max(received_at), '%Y-%m-%d') as period_end
       from raw.complaint_versions group by file_id
     ),
     ordered as (
       select f.file_id, ${maskSql("f.file_name")} as file_name, f.pipeline, f.status, f.size_bytes, f.rows_in, f.rows_loaded, f.rows_rejected,
         coalesce(f.rows_flagged, 0) as rows_flagged, coalesce(f.rows_padded, 0) as rows_padded,
         coalesce(f.ignored_columns, []) as ignored_columns, coalesce(f.missing_columns, []) as missing_columns,
         ${maskSql("f.message")} as message,
         strftime(timezone('UTC', f.started_at), '%Y-%m-%dT%H:%M:%SZ') as started_at, strftime(timezone('UTC', f.finished_at), '%Y-%m-%dT%H:%M:%SZ') as finished_at,
         p.period_start, p.period_end,
         -- a file is late when the same pipeline had already delivered a later period before it arrived
         max(p.period_end) over (partition by f.pipeline order by f.started_at, f.file_id rows between unbounded preceding and 1 preceding) as newest_before
       from raw.files f left join periods p using (file_id)
     ),
     final as (
       select * exclude (newest_before),
         coalesce(period_end < newest_before, false) as is_late,
         newest_before as later_period_already_loaded,
         date_diff('day', period_end::date, finished_at[1:10]::date) as lag_days
       from ordered
     )
     select * from final`,
  );
  const files = await all(connection, "select * from dq_files order by file_id");
  const withheld = withheldColumns(pipelines);
  const groups = await all<{
    pipeline: string | null;
    column_name: string | null;
    reason: string;
    rejects: number;
    rows: number;
    files: number;
    examples: string[] | null;
  }>(
    connection,
    `select f.pipeline, nullif(r.column_name, '') as column_name, ${REASON_SQL} as reason,
       count(*) as rejects, count(distinct (r.file_id, r.line)) as rows, count(distinct r.file_id) as files,
       (list(distinct left(${maskSql("r.value")}, ${EXAMPLE_CHARS}) order by left(${maskSql("r.value")}, ${EXAMPLE_CHARS}))
         filter (where r.value is not null and r.value <> ''))[1:3] as examples
     from raw.rejects r left join raw.files f using (file_id)
     group by all order by rejects desc, f.pipeline, column_name, reason`,
  );
  // Examples are masked in SQL for every group, then kept only where the column may be shown at all.
  const rejects = groups.map((g) => {
    const allowed = exampleAllowed(g.pipeline, g.column_name, withheld);
    return { ...g, examples: allowed ? (g.examples ?? []) : [], examples_withheld: !allowed };
  });
  // Values loaded all the same: each unknown label (or missing, or impossible value) × rows × first line.
  // The value was masked at ingest; it is shown only for columns that may be shown at all, shortened.
  const issueGroups = await all<{
    pipeline: string | null;
    field: string;
    column_name: string | null;
    action: string;
    reason: string;
    label: string | null;
    rows: number;
    files: number;
    first_file: string;
    first_line: number;
  }>(
    connection,
    `select f.pipeline, v.field, v.column_name, v.action, regexp_replace(v.reason, ';.*:', ':') as reason, left(v.value, ${EXAMPLE_CHARS}) as label,
       count(*) as rows, count(distinct v.file_id) as files,
       arg_min(${maskSql("f.file_name")}, (v.file_id, v.line)) as first_file, arg_min(v.line, (v.file_id, v.line)) as first_line
     from raw.value_issues v left join raw.files f using (file_id)
     group by all order by rows desc, f.pipeline, v.field, label`,
  );
  const valueIssues = issueGroups.map((g) => {
    const allowed = exampleAllowed(g.pipeline, g.column_name, withheld);
    return { ...g, label: allowed ? g.label : null, label_withheld: !allowed };
  });
  // The register's totals, per source system and for all of them (pipeline null), and per quarter over the
  // files whose complaints fall in it: figures the data-quality page and the quarterly report's caveat show
  await writeFile(join(dir, "data_quality_files.json"), JSON.stringify(files));
  const totals = `count(*) as files, count(*) filter (where status = 'quarantined') as quarantined, count(*) filter (where is_late) as late,
       coalesce(sum(rows_in), 0)::bigint as rows_in, coalesce(sum(rows_loaded), 0)::bigint as rows_loaded, coalesce(sum(rows_rejected), 0)::bigint as rows_rejected,
       case when sum(rows_in) > 0 then sum(rows_rejected) / sum(rows_in) end as reject_rate`;
  const byPipeline = await all(
    connection,
    `select pipeline, grouping(pipeline) = 1 as is_total, ${totals}, min(period_start) as period_start, max(period_end) as period_end
     from dq_files group by grouping sets ((pipeline), ()) order by is_total desc, pipeline`,
  );
  // the quarters from the first file's period to the last one's
  const byQuarter = await all(
    connection,
    `with quarters as (
       select cast(unnest(generate_series(date_trunc('quarter', min(period_start)::date), date_trunc('quarter', max(period_end)::date), interval 3 month)) as date) as quarter_start
       from dq_files
     ),
     spans as (
       select quarter_start, cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
         cast(year(quarter_start) as varchar) || '-Q' || cast(quarter(quarter_start) as varchar) as quarter
       from quarters
     )
     select q.quarter, strftime(q.quarter_start, '%Y-%m-%d') as period_start, strftime(q.quarter_end, '%Y-%m-%d') as period_end,
       ${totals.replace("count(*) as files", "count(f.file_id) as files")},
       coalesce(list(f.file_name order by f.file_id) filter (where f.is_late), []) as late_files
     from spans q
     left join dq_files f on f.period_start <= strftime(q.quarter_end, '%Y-%m-%d') and f.period_end >= strftime(q.quarter_start, '%Y-%m-%d')
     group by all order by q.quarter`,
  );
  await connection.run("drop table dq_files");
  await writeFile(join(dir, "data_quality_rejects.json"), JSON.stringify(rejects));
  await writeFile(join(dir, "data_quality_value_issues.json"), JSON.stringify(valueIssues));
  await writeFile(join(dir, "data_quality_pipelines.json"), JSON.stringify(byPipeline));
  await writeFile(join(dir, "data_quality_quarterly.json"), JSON.stringify(byQuarter));
  return [
    "data_quality_files.json",
    "data_quality_rejects.json",
    "data_quality_value_issues.json",
    "data_quality_pipelines.json",
    "data_quality_quarterly.json",
  ];
}
