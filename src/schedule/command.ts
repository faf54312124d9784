// `kesu schedule`: the long-lived scheduler (or --once, or --list). Holds the warehouse's writer lock
// for its whole life, and on SIGTERM/SIGINT lets the running job finish the files it is loading, releases the
// warehouse and the lock, and exits 0.
import type { KesuConfig } from "../config/config.ts";
import { horizonWarning } from "../calendar/index.ts";
import { calendarFor, todayIn } from "../publish/build.ts";
import { acquireWriterLock } from "../db/warehouse.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";
import { nodeCronEngine } from "./cron.ts";
import { createJobs, createRecorder, PUBLISH_JOB, siteIsStale } from "./jobs.ts";
import { Scheduler, type CronEngine } from "./scheduler.ts";

export interface ScheduleCommandInput {
  config: KesuConfig;
  pipelines: readonly PipelineSpec[];
  outDir: string;
  mode: "run" | "once" | "list";
  log: (line: string) => void;
  cron?: CronEngine;
  /** Signals that stop the scheduler (the process's, by default). */
  signals?: NodeJS.EventEmitter;
}

export interface ScheduleListEntry {
  job: string;
  cron: string;
  timezone: string;
  next: string[];
}

/** Wall-clock time in the bank's timezone, `2026-11-24 02:00` style, for --list. */
export function bankTime(date: Date, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export async function scheduleCommand(input: ScheduleCommandInput): Promise<ScheduleListEntry[] | undefined> {
  const { config, log } = input;
  const recorder = createRecorder(config, log);
  const failed: string[] = [];
  const scheduler = new Scheduler({
    jobs: createJobs({ config, pipelines: input.pipelines, outDir: input.outDir, log }),
    timezone: config.timezone,
    cron: input.cron ?? nodeCronEngine,
    publishDebounceMs: config.schedule.publishDebounceMs,
    retries: config.schedule.retries,
    retryBaseMs: config.schedule.retryBaseMs,
    record: (run) => {
      if (run.status === "failed") failed.push(`${run.job}: ${run.error}`);
      return recorder.record(run);
    },
    log,
  });
  if (input.mode === "list") {
    return scheduler.nextRuns(3).map((entry) => ({
      job: entry.job,
      cron: entry.cron,
      timezone: config.timezone,
      next: entry.next.map((d) => bankTime(d, config.timezone)),
    }));
  }

  // Before anything is touched: a second scheduler or a manual run refuses here.
  const lock = acquireWriterLock(config.warehousePath);
  const signals = input.signals ?? process;
  let stopping: Promise<void> | undefined;
  let wake!: () => void;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: the operator will not wait. The files being loaded roll back (no file lands in part),
      // and the lock left behind names a dead pid, which the next start takes over.
      log(`schedule: second ${signal}: exiting now without waiting for the current job`);
      process.exit(130);
    }
    log(`schedule: ${signal} received; finishing the files being loaded, then stopping`);
    stopping = scheduler.stop().then(wake);
  };
  const onTerm = () => onSignal("SIGTERM");
  const onInt = () => onSignal("SIGINT");
  signals.on("SIGTERM", onTerm);
  signals.on("SIGINT", onInt);
  try {
    if (input.mode === "once") {
      await Promise.race([scheduler.runOnce(), stopped]);
      await stopping;
    } else {
      // The calendar's horizon, said at start as well as after every publish: a scheduler runs for months
      const horizon = horizonWarning(calendarFor(config, todayIn(config)), todayIn(config));
      if (horizon) log(`schedule: warning: ${horizon}`);
      scheduler.start();
      if (siteIsStale(config, input.outDir)) {
        log(`schedule: the site in ${input.outDir} is older than the snapshot (or missing): publishing now`);
        scheduler.trigger(PUBLISH_JOB, "startup");
      }
      log(`schedule: holding ${lock.path} (pid ${process.pid}); SIGTERM or Ctrl-C stops after the files being loaded`);
      await stopped;
    }
    await recorder.flush();
    // For system cron / a container CronJob: a failed job must fail the invocation.
    if (input.mode === "once" && failed.length) throw new Error(`${failed.length} job(s) failed: ${failed.join("; ")}`);
  } finally {
    signals.off("SIGTERM", onTerm);
    signals.off("SIGINT", onInt);
    await scheduler.stop();
    lock.release();
    log("schedule: stopped; warehouse and lock released");
  }
  return undefined;
}
