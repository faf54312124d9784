// The warehouse's stored layer: what ingestion writes. Everything downstream (staging → marts) is
// rebuilt from these tables by `kesu build` (src/models/), so only these need to survive a crash.
import { CANONICAL_FIELDS } from "../canonical.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "./warehouse.ts";

const versionColumns = Object.entries(CANONICAL_FIELDS)
  .filter(([name]) => name !== "customer_id")
  .map(([name, field]) => `  ${ident(name)} ${field.sqlType}`)
  .join(",\n");

export const RAW_SCHEMA_SQL = `
create schema if not exists raw;
create schema if not exists ref;
create sequence if not exists raw.file_id_seq start 1;

-- One row per file seen: the manifest. rows_in = rows_loaded + rows_rejected for every loaded file.
create table if not exists raw.files (
  file_id bigint primary key,
  file_name varchar not null,
  path varchar not null,
  sha256 varchar not null,
  pipeline varchar,
  size_bytes bigint,
  status varchar not null,          -- loaded | quarantined
  rows_in bigint,
  rows_loaded bigint,
  rows_rejected bigint,
  message varchar,
  started_at timestamptz not null,
  finished_at timestamptz not null
);

-- Settings the warehouse must keep: key_fingerprint, an HMAC of a fixed text under the pseudonymisation
-- key, so a run with another key is refused (its customer references would never match the stored ones).
create table if not exists raw.settings (
  name varchar primary key,
  value varchar not null
);

-- One row per run of a scheduled job (\`kesu schedule\`): job is 'ingest:<pipeline>' or 'publish'; status
-- ok | failed | skipped (a run refused because the previous one was still running, or nothing to do);
-- attempt = tries it took (transient I/O errors are retried); error = the last error, even when a retry
-- then succeeded. files/rows count what that run loaded (ingest) or published.
create sequence if not exists raw.job_run_id_seq start 1;
create table if not exists raw.job_runs (
  run_id bigint primary key,
  job varchar not null,
  trigger varchar,                  -- cron | debounce | once | startup
  started_at timestamptz not null,
  finished_at timestamptz not null,
  status varchar not null,
  files integer,
  rows_loaded bigint,
  rows_rejected bigint,
  error varchar,
  attempt integer not null
);

-- One row per defect of a rejected row (a row with two bad cells has two entries).
create table if not exists raw.rejects (
  file_id bigint not null,
  line bigint,
  column_name varchar,
  value varchar,
  reason varchar not null
);

-- One row per value a loaded row could not take as given (the row loaded all the same): an unknown label
-- loaded as 'unmapped', a missing value of a field that is never empty, an unreadable or impossible
-- optional value left empty. value is the cell's raw text, masked. Nothing here cost a complaint.
create table if not exists raw.value_issues (
  file_id bigint not null,
  line bigint not null,
  field varchar not null,
  column_name varchar,
  value varchar,
  reason varchar not null,
  action varchar not null           -- unmapped | nulled | defaulted
);

-- Every loaded version of every complaint, already typed, masked and pseudonymised; kept for audit.
create table if not exists raw.complaint_versions (
  file_id bigint not null,
  line bigint not null,
  pipeline varchar not null,
  complaint_key varchar not null,
  customer_ref varchar,
${versionColumns}
);
`;

/**
 * Creates the raw layer, or brings an existing warehouse up to date: canonical fields added since it
 * was created become new (empty) columns, so a bank's warehouse survives an upgrade of kesu.
 */
export async function ensureRawSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(RAW_SCHEMA_SQL);
  for (const [name, field] of Object.entries(CANONICAL_FIELDS)) {
    if (name === "customer_id") continue;
    await connection.run(`alter table raw.complaint_versions add column if not exists ${ident(name)} ${field.sqlType}`);
  }
  // Since headers are matched tolerantly: what each file's header lacked or carried beyond the pipeline,
  // and the short rows padded with empty trailing fields.
  await connection.run("alter table raw.files add column if not exists ignored_columns varchar[]");
  await connection.run("alter table raw.files add column if not exists missing_columns varchar[]");
  await connection.run("alter table raw.files add column if not exists rows_padded bigint");
  await connection.run("alter table raw.files add column if not exists rows_flagged bigint");
  // Since the customer id became optional (exports without one, such as CFPB's).
  await connection.run("alter table raw.complaint_versions alter column customer_ref drop not null");
}
