// The scheduler's core: cron triggers feed one queue, jobs run one at a time (the warehouse has a
// single writer), a job never overlaps itself, loads trigger a debounced publish, transient failures are
// retried with backoff, and stop() lets the running job finish the files it is loading. The cron engine, the
// timers and the job bodies are injected, so tests can drive them with fakes; src/schedule/cron.ts is
// the node-cron engine used in production.

export type JobStatus = "ok" | "failed" | "skipped";
export type Trigger = "cron" | "debounce" | "once" | "startup";

export interface JobOutcome {
  status: JobStatus;
  files: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Why a run was skipped, or a note; failures carry their error separately. */
  note?: string;
  /**
   * Found nothing to do (an inbox with no new file). Not recorded: a 15-minute poll would otherwise fill
   * the history (and the 200 runs published) with empty runs within two days.
   */
  idle?: boolean;
}

export interface JobContext {
  /** True once shutdown was requested: an ingest stops after the file it is loading. */
  stopping(): boolean;
  trigger: Trigger;
}

export interface Job {
  /** 'ingest:<pipeline>' or 'publish'. */
  name: string;
  cron: string;
  /** An ingest that loaded rows schedules a publish. */
  kind: "ingest" | "publish";
  run(context: JobContext): Promise<JobOutcome>;
}

export interface JobRun {
  job: string;
  trigger: Trigger;
  started_at: Date;
  finished_at: Date;
  status: JobStatus;
  files: number;
  rows_loaded: number;
  rows_rejected: number;
  error: string | null;
  attempt: number;
}

export interface CronHandle {
  start(): void;
  stop(): void;
  /** The next `count` run times after now, in the engine's timezone. */
  nextRuns(count: number): Date[];
}

export interface CronEngine {
  /** A cron task calling `fire` on each match of `expression` in `timezone`; not started. */
  create(name: string, expression: string, timezone: string, fire: () => void): CronHandle;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): Date;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => new Date(),
};

/**
 * Transient errors: ones that clear by themselves within seconds, so a retry is the right answer.
 * - EBUSY, ETXTBSY: a file still held by the process writing it (an SMB/NFS upload, an antivirus scan).
 * - EAGAIN, EINTR: interrupted or would-block system calls.
 * - EMFILE, ENFILE: out of file descriptors for a moment (another job, a backup).
 * - ETIMEDOUT, ECONNRESET, ESTALE: network shares (the inbox is often a mounted share).
 * - DuckDB's "Could not set lock on file" (worded "warehouse … is in use by pid N" by openWarehouse): a
 *   read-only `kesu query` has the file open right now.
 * Not transient, reported at once: ENOSPC (a full disk needs a person, and retrying a load that needs
 * space only thrashes), EACCES/EPERM, ENOENT, bad data, failed assertions, SQL errors.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(["EBUSY", "ETXTBSY", "EAGAIN", "EINTR", "EMFILE", "ENFILE", "ETIMEDOUT", "ECONNRESET", "ESTALE"]);

export function isTransient(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  // WarehouseError "is in use by pid": DuckDB's lock conflict as src/db/warehouse.ts words it.
  if (error instanceof Error && error.name === "WarehouseError" && /is in use by pid/.test(message)) return true;
  return /Could not set lock on file/i.test(message) || /\b(EBUSY|EAGAIN|EMFILE|ENFILE|ETIMEDOUT|ECONNRESET|ESTALE)\b/.test(message);
}

export interface SchedulerOptions {
  jobs: readonly Job[];
  timezone: string;
  cron: CronEngine;
  /** Quiet period after a loading ingest before the publish runs. */
  publishDebounceMs: number;
  retries: number;
  retryBaseMs: number;
  timers?: Timers;
  /** Called once per finished (or skipped) run; the production recorder writes raw.job_runs. */
  record: (run: JobRun) => Promise<void> | void;
  log?: (line: string) => void;
}

interface Queued {
  job: Job;
  trigger: Trigger;
}

export class Scheduler {
  private readonly timers: Timers;
  private readonly log: (line: string) => void;
  private readonly handles = new Map<string, CronHandle>();
  private readonly queue: Queued[] = [];
  private running: Queued | undefined;
  private pumping: Promise<void> | undefined;
  private debounce: unknown;
  private stopRequested = false;
  private wakeBackoff: (() => void) | undefined;
  /** Skips noticed while a job runs: recorded after it, never concurrently (the recorder writes the warehouse). */
  private readonly skipped: JobRun[] = [];

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? realTimers;
    this.log = options.log ?? (() => undefined);
    const names = new Set<string>();
    for (const job of options.jobs) {
      if (names.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
      names.add(job.name);
    }
  }

  /** Every job with its next `count` run times (the cron tasks are created but need not be started). */
  nextRuns(count = 3): { job: string; cron: string; next: Date[] }[] {
    return this.options.jobs.map((job) => ({ job: job.name, cron: job.cron, next: this.handle(job).nextRuns(count) }));
  }

  private handle(job: Job): CronHandle {
    let handle = this.handles.get(job.name);
    if (!handle) {
      handle = this.options.cron.create(job.name, job.cron, this.options.timezone, () => this.trigger(job.name, "cron"));
      this.handles.set(job.name, handle);
    }
    return handle;
  }

  /** Starts every job's cron. */
  start(): void {
    for (const job of this.options.jobs) this.handle(job).start();
    this.log(`schedule: ${this.options.jobs.length} jobs started (${this.options.timezone})`);
  }

  /**
   * Puts a job in the queue. A job already waiting is not queued twice (the waiting run will see the
   * same files); a job that is running right now is skipped and the skip recorded: it never overlaps itself.
   */
  trigger(name: string, trigger: Trigger): boolean {
    if (this.stopRequested) return false;
    const job = this.options.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    if (this.queue.some((q) => q.job === job)) return false;
    if (this.running?.job === job) {
      const now = this.timers.now();
      this.log(`schedule: ${name} skipped: the previous run is still running`);
      this.skipped.push({
        job: name,
        trigger,
        started_at: now,
        finished_at: now,
        status: "skipped",
        files: 0,
        rows_loaded: 0,
        rows_rejected: 0,
        error: "the previous run was still running",
        attempt: 0,
      });
      return false;
    }
    this.queue.push({ job, trigger });
    this.pump();
    return true;
  }

  /** After a load: publish once the loads have been quiet for publishDebounceMs. */
  requestPublish(): void {
    if (this.stopRequested) return;
    const publish = this.options.jobs.find((j) => j.kind === "publish");
    if (!publish) return;
    // A publish already waiting in the queue will run after this load anyway.
    if (this.queue.some((q) => q.job === publish)) return;
    if (this.debounce !== undefined) this.timers.clearTimeout(this.debounce);
    this.debounce = this.timers.setTimeout(() => {
      this.debounce = undefined;
      this.trigger(publish.name, "debounce");
    }, this.options.publishDebounceMs);
  }

  /** Whether a publish is waiting for its debounce to elapse. */
  get publishPending(): boolean {
    return this.debounce !== undefined;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = (async () => {
      while (this.queue.length && !this.stopRequested) {
        const next = this.queue.shift()!;
        this.running = next;
        try {
          await this.execute(next);
        } catch (error) {
          // execute() handles job errors itself; this is a bug in the scheduler, never a reason to die.
          this.log(`schedule: internal error running ${next.job.name}: ${(error as Error).stack ?? String(error)}`);
        } finally {
          this.running = undefined;
        }
      }
    })().finally(() => {
      this.pumping = undefined;
    });
  }

  private async execute({ job, trigger }: Queued): Promise<void> {
    const started = this.timers.now();
    let attempt = 0;
    let lastError: unknown;
    let outcome: JobOutcome | undefined;
    const context: JobContext = { stopping: () => this.stopRequested, trigger };
    this.log(`schedule: ${job.name} started (${trigger})`);
    for (;;) {
      attempt++;
      try {
        outcome = await job.run(context);
        break;
      } catch (error) {
        lastError = error;
        if (!isTransient(error) || attempt > this.options.retries || this.stopRequested) break;
        const wait = this.options.retryBaseMs * 2 ** (attempt - 1);
        this.log(`schedule: ${job.name} attempt ${attempt} failed (${(error as Error).message}); retrying in ${wait} ms`);
        await this.sleep(wait);
        if (this.stopRequested) break;
      }
    }
    const finished = this.timers.now();
    const error = lastError === undefined ? null : lastError instanceof Error ? lastError.message : String(lastError);
    const run: JobRun = {
      job: job.name,
      trigger,
      started_at: started,
      finished_at: finished,
      status: outcome?.status ?? "failed",
      files: outcome?.files ?? 0,
      rows_loaded: outcome?.rows_loaded ?? 0,
      rows_rejected: outcome?.rows_rejected ?? 0,
      error: outcome ? (error ?? outcome.note ?? null) : error,
      attempt,
    };
    const quiet = run.status === "ok" && outcome?.idle === true && attempt === 1;
    if (quiet) this.log(`schedule: ${job.name}: nothing new`);
    else if (run.status === "failed") this.log(`schedule: ${job.name} failed after ${attempt} attempt(s): ${error}`);
    else this.log(`schedule: ${job.name} ${run.status}: ${run.files} file(s), ${run.rows_loaded} rows loaded, ${run.rows_rejected} rejected`);
    for (const entry of [...(quiet ? [] : [run]), ...this.skipped.splice(0)]) {
      try {
        await this.options.record(entry);
      } catch (recordError) {
        this.log(`schedule: could not record the run of ${entry.job}: ${(recordError as Error).message}`);
      }
    }
    // Any file taken in (rows loaded, or only rejected or quarantined) changes what the site shows:
    // the figures, or the data-quality page.
    if (job.kind === "ingest" && (run.rows_loaded > 0 || run.files > 0)) this.requestPublish();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.wakeBackoff = undefined;
        resolve();
      }, ms);
      this.wakeBackoff = () => {
        this.timers.clearTimeout(handle);
        this.wakeBackoff = undefined;
        resolve();
      };
    });
  }

  /** Resolves when nothing is running or queued. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /**
   * Every job once, in order (ingests first, then publish), then waits for them: `kesu schedule --once`.
   * The publish runs whether or not anything loaded, so a first run on an already loaded warehouse
   * still produces the site.
   */
  async runOnce(): Promise<void> {
    for (const job of this.options.jobs.filter((j) => j.kind === "ingest")) this.trigger(job.name, "once");
    for (const job of this.options.jobs.filter((j) => j.kind === "publish")) this.trigger(job.name, "once");
    await this.idle();
    if (this.debounce !== undefined) {
      this.timers.clearTimeout(this.debounce);
      this.debounce = undefined;
    }
  }

  /**
   * Graceful stop: no new runs start, waiting runs are dropped, a pending publish is cancelled, a retry
   * backoff is cut short, and the running job finishes the files it is loading. Resolves when it has.
   */
  async stop(): Promise<void> {
    this.stopRequested = true;
    for (const handle of this.handles.values()) handle.stop();
    if (this.debounce !== undefined) {
      this.timers.clearTimeout(this.debounce);
      this.debounce = undefined;
    }
    const dropped = this.queue.splice(0);
    if (dropped.length) this.log(`schedule: stopping; ${dropped.length} waiting run(s) dropped: ${dropped.map((q) => q.job.name).join(", ")}`);
    this.wakeBackoff?.();
    await this.idle();
  }
}
