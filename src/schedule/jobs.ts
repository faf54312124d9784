// The real jobs the scheduler runs: one ingest per pipeline, and the publish (models, assertions,
// snapshot, site). Each opens the warehouse only for as long as it works, so a read-only `kesu query`
// can get in between jobs; the writer lock file (held by the scheduler for its whole life) is what keeps
// other writers out.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { KesuConfig } from "../config/config.ts";
import { ensureRawSchema } from "../db/schema.ts";
import { exec, one, warehouseOptions, withWarehouse } from "../db/warehouse.ts";
import { discoverInbox, ingest } from "../ingest/ingest.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";
import { maskSql } from "../privacy.ts";
import { buildWarehouse } from "../publish/build.ts";
import type { Job, JobContext, JobOutcome, JobRun } from "./scheduler.ts";

export interface JobsInput {
  config: KesuConfig;
  pipelines: readonly PipelineSpec[];
  /** Where the site is built (default dist/). */
  outDir: string;
  log: (line: string) => void;
}

export const PUBLISH_JOB = "publish";

export function ingestJobName(pipeline: string): string {
  return `ingest:${pipeline}`;
}

/** The cron a pipeline runs on: KESU_SCHEDULE_CRON, else the config's override, else its own file's. */
export function pipelineCron(config: KesuConfig, pipeline: PipelineSpec): string {
  return config.schedule.allPipelinesCron ?? config.schedule.pipelineCrons[pipeline.name] ?? pipeline.cron;
}

export function createJobs(input: JobsInput): Job[] {
  const { config, pipelines } = input;
  const unknown = Object.keys(config.schedule.pipelineCrons).filter((name) => !pipelines.some((p) => p.name === name));
  if (unknown.length) throw new Error(`schedule.pipelines names unknown pipeline(s): ${unknown.join(", ")}`);
  const jobs: Job[] = pipelines.map((pipeline) => ({
    name: ingestJobName(pipeline.name),
    cron: pipelineCron(config, pipeline),
    kind: "ingest" as const,
    run: (context: JobContext) => runIngest(input, pipeline, context),
  }));
  jobs.push({ name: PUBLISH_JOB, cron: config.schedule.publishCron, kind: "publish", run: (context) => runPublish(input, context) });
  return jobs;
}

async function runIngest(input: JobsInput, pipeline: PipelineSpec, context: JobContext): Promise<JobOutcome> {
  const { config, log } = input;
  const outcome: JobOutcome = { status: "ok", files: 0, rows_loaded: 0, rows_rejected: 0 };
  const work = await discoverInbox(config.inboxDir, [pipeline]);
  if (!work.length) return { ...outcome, idle: true };
  await withWarehouse(config.warehousePath, warehouseOptions(config), async (warehouse) => {
    const quarantined: string[] = [];
    // A shutdown request is honoured between files: the files being loaded finish (none lands in
    // part either way), the rest wait for the next run. One call, so the reference tables load and the WAL is
    // checkpointed once per run, not once per file.
    const results = await ingest(warehouse.connection, {
      config,
      pipelines: [pipeline],
      connect: warehouse.connect,
      files: work.map((item) => item.path),
      shouldStop: context.stopping,
      // an export still being written is read at the next run, once it has stayed unchanged
      settleMs: config.schedule.settleSeconds * 1000,
      onProgress: (event) => {
        if (process.env.KESU_TRACE) log(`trace ${event.file} ${event.phase}`);
      },
    });
    if (results.length < work.length) {
      outcome.note = `stopped for shutdown after ${results.length} of ${work.length} file(s); the rest load on the next run`;
    }
    const waiting: string[] = [];
    for (const result of results) {
      if (result.status === "skipped") {
        // a file left for a later run (still being written), a duplicate, an irregular entry: named in the note
        if (result.message && !result.message.startsWith("already loaded")) waiting.push(result.message);
        continue;
      }
      outcome.files++;
      if (result.status === "quarantined") quarantined.push(result.message ?? result.file);
      outcome.rows_loaded += result.rows_loaded;
      outcome.rows_rejected += result.rows_rejected;
    }
    if (waiting.length) outcome.note = [outcome.note, `skipped: ${waiting.join("; ")}`].filter(Boolean).join("; ");
    if (quarantined.length) {
      for (const q of quarantined) log(`quarantined ${q}`);
      outcome.note = [outcome.note, `quarantined: ${quarantined.join("; ")}`].filter(Boolean).join("; ");
    }
  });
  return outcome.files || outcome.note ? outcome : { ...outcome, idle: true };
}

async function runPublish(input: JobsInput, context: JobContext): Promise<JobOutcome> {
  const { config, pipelines, log } = input;
  const built = await withWarehouse(config.warehousePath, warehouseOptions(config), async (warehouse) => {
    await ensureRawSchema(warehouse.connection);
    const n = (await one<{ n: number }>(warehouse.connection, "select count(*) as n from raw.complaint_versions"))!.n;
    if (!n) return undefined;
    return buildWarehouse(warehouse.connection, config, pipelines);
  });
  if (!built) return { status: "skipped", files: 0, rows_loaded: 0, rows_rejected: 0, note: "nothing to publish: the warehouse holds no complaints yet" };
  log(`schedule: publish: snapshot of ${built.complaints} complaints as of ${built.as_of}; building the site into ${input.outDir}`);
  const { buildSite } = await import("../site/build.ts");
  let site: Awaited<ReturnType<typeof buildSite>>;
  try {
    site = await buildSite({ publishDir: config.publishDir, outDir: input.outDir, log, workDir: join(config.tmpDir, "site") });
  } catch (error) {
    // Ctrl-C or a service stop signals the whole process group, Framework's build included.
    if (context.stopping())
      throw new Error(
        `site build interrupted by shutdown; the previous site is still served and the next start rebuilds it (${(error as Error).message.split("\n")[0]})`,
      );
    throw error;
  }
  log(`schedule: publish: site of ${site.pages} pages swapped in (${site.ms} ms)`);
  for (const warning of built.warnings) log(`schedule: publish: warning: ${warning}`);
  return {
    status: "ok",
    files: built.publish.files.length,
    rows_loaded: built.complaints,
    rows_rejected: 0,
    ...(built.warnings.length ? { note: built.warnings.join("; ") } : {}),
  };
}

/**
 * Whether the site is older than the snapshot (a publish was killed during its site build, or the site
 * was never built): the scheduler then publishes as soon as it starts instead of waiting for its cron.
 */
export function siteIsStale(config: KesuConfig, outDir: string): boolean {
  const meta = join(config.publishDir, "meta.json");
  if (!existsSync(meta)) return existsSync(config.warehousePath);
  if (!existsSync(outDir)) return true;
  // statSync follows dist/ to the build directory, whose mtime is when Framework last wrote into it.
  return statSync(meta).mtimeMs > statSync(outDir).mtimeMs;
}

/**
 * Writes job runs to raw.job_runs. The warehouse is opened just for the insert; when it cannot be
 * (a reader has it open), the rows wait in memory and go with the next successful write.
 */
export function createRecorder(config: KesuConfig, log: (line: string) => void): { record(run: JobRun): Promise<void>; flush(): Promise<void> } {
  const pending: JobRun[] = [];
  // Flushes take turns: two DuckDB instances on one file in one process would corrupt it.
  let turn: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    const mine = turn.then(flushNow);
    turn = mine.catch(() => undefined);
    return mine;
  }
  async function flushNow(): Promise<void> {
    if (!pending.length) return;
    const rows = pending.splice(0);
    try {
      await withWarehouse(config.warehousePath, warehouseOptions(config), async (warehouse) => {
        await ensureRawSchema(warehouse.connection);
        for (const run of rows) {
          await exec(
            warehouse.connection,
            // Error texts can quote a bad value from an export: masked like narratives before they are stored.
            `insert into raw.job_runs (run_id, job, trigger, started_at, finished_at, status, files, rows_loaded, rows_rejected, error, attempt)
             values (nextval('raw.job_run_id_seq'), $job, $trigger, to_timestamp($started / 1000), to_timestamp($finished / 1000), $status,
                     $files, $rows_loaded, $rows_rejected, ${maskSql("left($error, 2000)")}, $attempt)`,
            {
              job: run.job,
              trigger: run.trigger,
              started: run.started_at.getTime(),
              finished: run.finished_at.getTime(),
              status: run.status,
              files: run.files,
              rows_loaded: run.rows_loaded,
              rows_rejected: run.rows_rejected,
              error: run.error,
              attempt: run.attempt,
            },
          );
        }
      });
    } catch (error) {
      pending.unshift(...rows);
      log(`schedule: ${pending.length} job run(s) not yet recorded (${(error as Error).message}); will retry`);
    }
  }
  return {
    async record(run) {
      pending.push(run);
      await flush();
    },
    flush,
  };
}
