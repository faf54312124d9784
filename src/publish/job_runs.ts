// The scheduler's job history as published for the data-quality page: `job_runs.json`, the latest
// JOB_RUNS_PUBLISHED rows of raw.job_runs, newest first.
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { literal } from "../db/warehouse.ts";

export const JOB_RUNS_PUBLISHED = 200;

/**
 * Columns: run_id, job ('ingest:<pipeline>' | 'publish'), trigger (cron | debounce | once | startup), started_at and
 * finished_at (ISO 8601 in UTC, `…Z`), duration_ms, status (ok | failed | skipped), files,
 * rows_loaded, rows_rejected, error (masked; on an ok row, the transient error a retry overcame), attempt.
 */
export async function publishJobRuns(connection: DuckDBConnection, dir: string): Promise<string[]> {
  const file = join(dir, "job_runs.json");
  // raw.job_runs always exists here: publishing runs after buildWarehouse's ensureRawSchema.
  await connection.run(
    `copy (
       select run_id, job, trigger,
         strftime(timezone('UTC', started_at), '%Y-%m-%dT%H:%M:%S.%gZ') as started_at,
         strftime(timezone('UTC', finished_at), '%Y-%m-%dT%H:%M:%S.%gZ') as finished_at,
         epoch_ms(finished_at) - epoch_ms(started_at) as duration_ms,
         status, files, rows_loaded, rows_rejected, error, attempt
       from raw.job_runs
       order by started_at desc, run_id desc
       limit ${JOB_RUNS_PUBLISHED}
     ) to ${literal(file)} (format json, array true)`,
  );
  return ["job_runs.json"];
}
