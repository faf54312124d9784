// The real jobs on real DuckDB files: an ingest stops between files when asked, a publish with nothing
// loaded is a recorded skip, and a warehouse held open by a reader in another process is a transient
// failure that the scheduler retries until the reader lets go — recorded in raw.job_runs.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, withWarehouse } from "../../src/db/warehouse.ts";
import { createJobs, createRecorder, siteIsStale } from "../../src/schedule/jobs.ts";
import { Scheduler, type CronEngine, type JobRun } from "../../src/schedule/scheduler.ts";
import { tempDataDir } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const manualCron: CronEngine = { create: () => ({ start() {}, stop() {}, nextRuns: () => [] }) };
const noLog = () => undefined;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("scheduled jobs on a real warehouse", () => {
  it("ingest finishes the file it is on and leaves the rest when shutdown is requested", async () => {
    const env = tempDataDir("ingest");
    cleanup = env.cleanup;
    const inbox = join(env.dir, "inbox", "hotline");
    // A second export with different bytes (same rows, one more newline), so it is a new file to load.
    writeFileSync(join(inbox, "hotline_202511.csv"), `${readFileSync(join(inbox, "hotline_202510.csv"), "utf8")}\n`);
    // One file at a time, so that the second file is still waiting when shutdown is asked for
    const jobs = createJobs({ config: { ...env.config, ingestWorkers: 1 }, pipelines: PIPELINES, outDir: join(env.dir, "dist"), log: noLog });
    const hotline = jobs.find((j) => j.name === "ingest:hotline")!;
    let asked = 0;
    // Asked before each file: "not yet" before the first, "stop" before the second.
    const outcome = await hotline.run({ trigger: "cron", stopping: () => asked++ >= 1 });
    expect(asked).toBe(2);
    expect(outcome.files).toBe(1);
    expect(outcome.note).toMatch(/stopped for shutdown after 1 of 2 file/);
    const files = await withWarehouse(env.config.warehousePath, {}, (w) =>
      all<{ file_name: string }>(w.connection, "select file_name from raw.files order by 1"),
    );
    expect(files.map((f) => f.file_name)).toEqual(["hotline_202510.csv"]);
  });

  it("with files loading side by side, finishes every file under way and starts no other on shutdown", async () => {
    const env = tempDataDir("ingest");
    cleanup = env.cleanup;
    const inbox = join(env.dir, "inbox", "hotline");
    const export10 = readFileSync(join(inbox, "hotline_202510.csv"), "utf8");
    writeFileSync(join(inbox, "hotline_202511.csv"), `${export10}\n`);
    writeFileSync(join(inbox, "hotline_202512.csv"), `${export10}\n\n`);
    const jobs = createJobs({ config: { ...env.config, ingestWorkers: 2 }, pipelines: PIPELINES, outDir: join(env.dir, "dist"), log: noLog });
    const hotline = jobs.find((j) => j.name === "ingest:hotline")!;
    let asked = 0;
    // each of the two asks before taking its first file ("not yet"); then shutdown is on
    const outcome = await hotline.run({ trigger: "cron", stopping: () => asked++ >= 2 });
    expect(outcome.files).toBe(2);
    expect(outcome.note).toMatch(/stopped for shutdown after 2 of 3 file/);
    const files = await withWarehouse(env.config.warehousePath, {}, (w) =>
      all<{ file_name: string; whole: boolean }>(
        w.connection,
        "select file_name, rows_loaded = (select count(*) from raw.complaint_versions v where v.file_id = f.file_id) as whole from raw.files f order by 1",
      ),
    );
    expect(files).toEqual([
      { file_name: "hotline_202510.csv", whole: true },
      { file_name: "hotline_202511.csv", whole: true },
    ]);
  });

  it("calls the site stale when the snapshot is newer than the build dist/ points to, or dist/ is missing", async () => {
    const env = tempDataDir();
    cleanup = env.cleanup;
    const dist = join(env.dir, "dist");
    expect(siteIsStale(env.config, dist)).toBe(false); // nothing published, no warehouse: nothing to do
    mkdirSync(env.config.publishDir, { recursive: true });
    writeFileSync(join(env.config.publishDir, "meta.json"), "{}");
    expect(siteIsStale(env.config, dist)).toBe(true); // a snapshot and no site
    const build = join(env.dir, ".dist.builds", "b1");
    mkdirSync(build, { recursive: true });
    symlinkSync(join(".dist.builds", "b1"), dist);
    const t = Date.now() / 1000;
    utimesSync(join(env.config.publishDir, "meta.json"), t - 60, t - 60);
    utimesSync(build, t - 30, t - 30);
    expect(siteIsStale(env.config, dist)).toBe(false); // built after the snapshot
    utimesSync(join(env.config.publishDir, "meta.json"), t, t);
    expect(siteIsStale(env.config, dist)).toBe(true); // a newer snapshot, the site build killed
  });

  it("publish is a skip, not a failure, while nothing has been loaded", async () => {
    const env = tempDataDir("ingest");
    cleanup = env.cleanup;
    const jobs = createJobs({ config: env.config, pipelines: PIPELINES, outDir: join(env.dir, "dist"), log: noLog });
    const outcome = await jobs.find((j) => j.name === "publish")!.run({ trigger: "cron", stopping: () => false });
    expect(outcome).toMatchObject({ status: "skipped", files: 0 });
    expect(outcome.note).toMatch(/no complaints yet/);
  });

  it("retries a job while another process holds the warehouse open, and records the run", async () => {
    const env = tempDataDir("ingest");
    cleanup = env.cleanup;
    await withWarehouse(env.config.warehousePath, {}, async () => undefined); // create the file
    // A reader in another process (as `kesu query` would be) holds the file for 2.5 s.
    const script = join(env.dir, "hold.mts");
    writeFileSync(
      script,
      `import { withWarehouse } from ${JSON.stringify(join(ROOT, "src/db/warehouse.ts"))};
       await withWarehouse(${JSON.stringify(env.config.warehousePath)}, { readOnly: true }, async () => {
         console.log("holding");
         await new Promise((r) => setTimeout(r, 2500));
       });`,
    );
    const reader = spawn(join(ROOT, "node_modules/.bin/tsx"), [script], { stdio: ["ignore", "pipe", "inherit"] });
    const readerDone = new Promise<void>((resolve) => reader.on("close", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      reader.stdout.on("data", (c: Buffer) => c.toString().includes("holding") && resolve());
      reader.on("close", (code) => reject(new Error(`the reader exited (${code}) before holding the warehouse`)));
    });

    const recorder = createRecorder(env.config, noLog);
    const recorded: JobRun[] = [];
    const scheduler = new Scheduler({
      jobs: createJobs({ config: env.config, pipelines: PIPELINES, outDir: join(env.dir, "dist"), log: noLog }),
      timezone: env.config.timezone,
      cron: manualCron,
      publishDebounceMs: 3_600_000,
      retries: 4,
      retryBaseMs: 500, // waits 0.5, 1, 2, 4 s: outlasts the reader's 2.5 s
      record: async (run) => {
        recorded.push(run);
        await recorder.record(run);
      },
    });
    scheduler.trigger("ingest:hotline", "cron");
    await scheduler.idle();
    await readerDone;
    await scheduler.stop();
    expect(recorded).toHaveLength(1);
    const run = recorded[0]!;
    expect(run.status).toBe("ok");
    expect(run.attempt).toBeGreaterThanOrEqual(2);
    expect(run.error).toMatch(/is in use by pid \d+/);
    expect(run.rows_loaded).toBeGreaterThan(0);
    const stored = await withWarehouse(env.config.warehousePath, {}, (w) =>
      all(
        w.connection,
        "select job, trigger, status, files, rows_loaded, attempt, error is not null as has_error, finished_at >= started_at as ordered from raw.job_runs",
      ),
    );
    expect(stored).toEqual([
      { job: "ingest:hotline", trigger: "cron", status: "ok", files: 1, rows_loaded: run.rows_loaded, attempt: run.attempt, has_error: true, ordered: true },
    ]);
  });
});
