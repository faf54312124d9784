// The scheduler's rules with a fake cron engine (fired by hand) and vitest's fake timers: one job at a
// time, no job overlapping itself, a debounced publish after loads, retries of transient errors only,
// and a graceful stop. The real node-cron engine is checked for next-run times and for actually firing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { loadConfig } from "../../src/config/config.ts";
import { nodeCronEngine } from "../../src/schedule/cron.ts";
import { createJobs } from "../../src/schedule/jobs.ts";
import { isTransient, Scheduler, type CronEngine, type Job, type JobContext, type JobOutcome, type JobRun } from "../../src/schedule/scheduler.ts";
import { tempDataDir } from "../helpers.ts";

/** A cron engine whose tasks fire only when the test says so. */
function fakeCron() {
  const tasks = new Map<string, { expression: string; timezone: string; fire: () => void; started: boolean; stopped: boolean }>();
  const engine: CronEngine = {
    create(name, expression, timezone, fire) {
      const task = { expression, timezone, fire, started: false, stopped: false };
      tasks.set(name, task);
      return {
        start: () => {
          task.started = true;
        },
        stop: () => {
          task.stopped = true;
        },
        nextRuns: () => [],
      };
    },
  };
  const fire = (name: string) => {
    const task = tasks.get(name)!;
    if (task.started && !task.stopped) task.fire();
  };
  return { engine, tasks, fire };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const OK = (rows = 0): JobOutcome => ({ status: "ok", files: rows ? 1 : 0, rows_loaded: rows, rows_rejected: 0 });

/** A job whose runs wait until the test finishes them, remembering the order of events. */
function controlledJob(name: string, kind: Job["kind"], events: string[]) {
  const runs: { finish: (outcome: JobOutcome) => void; fail: (error: unknown) => void; context: JobContext }[] = [];
  const job: Job = {
    name,
    kind,
    cron: "* * * * *",
    run(context) {
      events.push(`start ${name}`);
      const d = deferred<JobOutcome>();
      runs.push({ finish: d.resolve, fail: d.reject, context });
      return d.promise.finally(() => events.push(`end ${name}`));
    },
  };
  return { job, runs };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function makeScheduler(jobs: Job[], cron: CronEngine, options: Partial<{ debounce: number; retries: number; base: number }> = {}) {
  const recorded: JobRun[] = [];
  const scheduler = new Scheduler({
    jobs,
    timezone: "Asia/Shanghai",
    cron,
    publishDebounceMs: options.debounce ?? 60_000,
    retries: options.retries ?? 3,
    retryBaseMs: options.base ?? 1000,
    record: (run) => void recorded.push(run),
  });
  return { scheduler, recorded };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("schedules", () => {
  it("gives every pipeline the cron its file declares, in the bank timezone, and publish its own", () => {
    const env = tempDataDir();
    try {
      const jobs = createJobs({ config: env.config, pipelines: PIPELINES, outDir: "dist", log: () => undefined });
      const { engine, tasks } = fakeCron();
      const { scheduler } = makeScheduler(jobs, engine);
      scheduler.start();
      // Expected crons copied from the pipeline files by hand (pipelines/*.ts), not read from them here.
      expect(tasks.get("ingest:hotline")).toMatchObject({ expression: "*/15 * * * *", timezone: "Asia/Shanghai", started: true });
      expect(tasks.get("ingest:branch_counter")?.expression).toBe("0 2 * * *");
      expect(tasks.get("ingest:regulator_transfer")?.expression).toBe("0 * * * *");
      expect(tasks.get("ingest:cfpb")?.expression).toBe("0 6 * * 1");
      expect(tasks.get("publish")?.expression).toBe("30 4 * * *");
      expect([...tasks.keys()].sort()).toEqual(
        ["branch_counter", "cfpb", "echannel", "government_transfer", "hotline", "letter_visit", "regulator_transfer"]
          .map((p) => `ingest:${p}`)
          .concat("publish")
          .sort(),
      );
    } finally {
      env.cleanup();
    }
  });

  it("lets config and the environment override crons, and rejects unknown pipelines and bad crons", () => {
    const env = tempDataDir();
    try {
      const config = loadConfig({ dataDir: env.dir, demo: true, env: { KESU_PUBLISH_CRON: "*/5 * * * * *" } });
      config.schedule.pipelineCrons = { hotline: "*/5 * * * *" };
      const jobs = createJobs({ config, pipelines: PIPELINES, outDir: "dist", log: () => undefined });
      expect(jobs.find((j) => j.name === "ingest:hotline")?.cron).toBe("*/5 * * * *");
      expect(jobs.find((j) => j.name === "ingest:echannel")?.cron).toBe("*/30 * * * *");
      expect(jobs.find((j) => j.name === "publish")?.cron).toBe("*/5 * * * * *");
      const all = loadConfig({ dataDir: env.dir, demo: true, env: { KESU_SCHEDULE_CRON: "* * * * * *" } });
      expect(
        new Set(
          createJobs({ config: all, pipelines: PIPELINES, outDir: "dist", log: () => undefined })
            .filter((j) => j.kind === "ingest")
            .map((j) => j.cron),
        ),
      ).toEqual(new Set(["* * * * * *"]));
      config.schedule.pipelineCrons = { hotlin: "* * * * *" };
      expect(() => createJobs({ config, pipelines: PIPELINES, outDir: "dist", log: () => undefined })).toThrow(/unknown pipeline.*hotlin/);
      expect(() => nodeCronEngine.create("ingest:x", "61 * * * *", "Asia/Shanghai", () => undefined)).toThrow(/invalid cron expression "61 \* \* \* \*"/);
    } finally {
      env.cleanup();
    }
  });

  it("computes the next three runs in the bank timezone with node-cron", () => {
    // 2026-01-01 00:00 UTC is 08:00 in Shanghai: the next 02:00 Shanghai is 2 Jan 02:00 = 1 Jan 18:00 UTC.
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const handle = nodeCronEngine.create("ingest:branch_counter", "0 2 * * *", "Asia/Shanghai", () => undefined);
    expect(handle.nextRuns(3).map((d) => d.toISOString())).toEqual(["2026-01-01T18:00:00.000Z", "2026-01-02T18:00:00.000Z", "2026-01-03T18:00:00.000Z"]);
    // Every 15 minutes from 00:07 UTC: 00:15, 00:30, 00:45.
    vi.setSystemTime(new Date("2026-01-01T00:07:00Z"));
    const hotline = nodeCronEngine.create("ingest:hotline", "*/15 * * * *", "Asia/Shanghai", () => undefined);
    expect(hotline.nextRuns(3).map((d) => d.toISOString())).toEqual(["2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z", "2026-01-01T00:45:00.000Z"]);
    // Weekly, Monday 06:00 Shanghai: 2026-01-05 is a Monday → 4 Jan 22:00 UTC.
    const cfpb = nodeCronEngine.create("ingest:cfpb", "0 6 * * 1", "Asia/Shanghai", () => undefined);
    expect(cfpb.nextRuns(2).map((d) => d.toISOString())).toEqual(["2026-01-04T22:00:00.000Z", "2026-01-11T22:00:00.000Z"]);
    handle.stop();
    hotline.stop();
    cfpb.stop();
  });

  it("node-cron really fires a started task on its cron, and not after stop", async () => {
    vi.useRealTimers();
    let fired = 0;
    const handle = nodeCronEngine.create("tick", "* * * * * *", "Asia/Shanghai", () => void fired++);
    handle.start();
    await new Promise((r) => setTimeout(r, 2300));
    handle.stop();
    const atStop = fired;
    expect(atStop).toBeGreaterThanOrEqual(2);
    expect(atStop).toBeLessThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 1200));
    expect(fired).toBe(atStop);
  });
});

describe("one writer, no overlap", () => {
  it("runs jobs one at a time in trigger order", async () => {
    const events: string[] = [];
    const a = controlledJob("ingest:a", "ingest", events);
    const b = controlledJob("ingest:b", "ingest", events);
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([a.job, b.job], engine);
    scheduler.start();
    fire("ingest:a");
    fire("ingest:b");
    await flush();
    expect(events).toEqual(["start ingest:a"]);
    a.runs[0]!.finish(OK());
    await flush();
    expect(events).toEqual(["start ingest:a", "end ingest:a", "start ingest:b"]);
    b.runs[0]!.finish(OK());
    await scheduler.idle();
    expect(recorded.map((r) => [r.job, r.status, r.trigger])).toEqual([
      ["ingest:a", "ok", "cron"],
      ["ingest:b", "ok", "cron"],
    ]);
  });

  it("skips (and records) a run whose previous run is still going, and queues a waiting job only once", async () => {
    const events: string[] = [];
    const a = controlledJob("ingest:a", "ingest", events);
    const b = controlledJob("ingest:b", "ingest", events);
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([a.job, b.job], engine);
    scheduler.start();
    fire("ingest:a");
    await flush();
    fire("ingest:a"); // a is running: skipped
    fire("ingest:b");
    fire("ingest:b"); // b is waiting: not queued twice
    fire("ingest:b");
    await flush();
    // Nothing is recorded while a job runs: the recorder writes the warehouse the job has open.
    expect(recorded).toHaveLength(0);
    a.runs[0]!.finish(OK());
    await flush();
    expect(recorded.map((r) => [r.job, r.status])).toEqual([
      ["ingest:a", "ok"],
      ["ingest:a", "skipped"],
    ]);
    expect(recorded[1]).toMatchObject({ attempt: 0, error: "the previous run was still running" });
    b.runs[0]!.finish(OK());
    await scheduler.idle();
    expect(a.runs).toHaveLength(1);
    expect(b.runs).toHaveLength(1);
    expect(events.filter((e) => e.startsWith("start"))).toEqual(["start ingest:a", "start ingest:b"]);
    // Once finished, the job runs again on its next tick.
    fire("ingest:a");
    await flush();
    expect(a.runs).toHaveLength(2);
    a.runs[1]!.finish(OK());
    await scheduler.idle();
  });
});

describe("debounced publish", () => {
  it("publishes once, debounce ms after the last load, and not after loads of nothing", async () => {
    const events: string[] = [];
    const a = controlledJob("ingest:a", "ingest", events);
    const p = controlledJob("publish", "publish", events);
    const { engine, fire } = fakeCron();
    const { scheduler } = makeScheduler([a.job, p.job], engine, { debounce: 60_000 });
    scheduler.start();

    fire("ingest:a");
    await flush();
    a.runs[0]!.finish(OK(0)); // loaded nothing
    await scheduler.idle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(p.runs).toHaveLength(0);

    fire("ingest:a");
    await flush();
    a.runs[1]!.finish(OK(10)); // t = 120 s: loaded rows → publish due at 180 s
    await scheduler.idle();
    expect(scheduler.publishPending).toBe(true);
    await vi.advanceTimersByTimeAsync(40_000);
    fire("ingest:a");
    await flush();
    a.runs[2]!.finish(OK(5)); // t = 160 s: another load pushes the publish to 220 s
    await scheduler.idle();
    await vi.advanceTimersByTimeAsync(59_000); // t = 219 s
    expect(p.runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000); // t = 220 s
    expect(p.runs).toHaveLength(1);
    expect(events.at(-1)).toBe("start publish");
    p.runs[0]!.finish(OK());
    await scheduler.idle();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(p.runs).toHaveLength(1);
  });

  it("also publishes on its own cron, and a cron publish while one runs is skipped", async () => {
    const events: string[] = [];
    const p = controlledJob("publish", "publish", events);
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([p.job], engine);
    scheduler.start();
    fire("publish");
    await flush();
    fire("publish");
    expect(p.runs).toHaveLength(1);
    p.runs[0]!.finish(OK());
    await scheduler.idle();
    expect(recorded.map((r) => r.status).sort()).toEqual(["ok", "skipped"]);
  });
});

describe("retries", () => {
  const busy = () => Object.assign(new Error("EBUSY: resource busy or locked, open 'inbox/hotline/x.csv'"), { code: "EBUSY" });

  it("retries transient I/O errors with exponential backoff and records the attempts", async () => {
    let calls = 0;
    const times: number[] = [];
    const job: Job = {
      name: "ingest:a",
      kind: "ingest",
      cron: "* * * * *",
      run: async () => {
        times.push(Date.now());
        if (++calls < 3) throw busy();
        return OK(4);
      },
    };
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([job], engine, { retries: 3, base: 1000 });
    scheduler.start();
    fire("ingest:a");
    await vi.advanceTimersByTimeAsync(10_000);
    await scheduler.idle();
    expect(calls).toBe(3);
    // Waits of 1 s then 2 s between the attempts.
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([1000, 2000]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ status: "ok", attempt: 3, rows_loaded: 4 });
    expect(recorded[0]!.error).toMatch(/EBUSY/);
  });

  it("gives up after the configured retries", async () => {
    let calls = 0;
    const job: Job = {
      name: "ingest:a",
      kind: "ingest",
      cron: "* * * * *",
      run: async () => {
        calls++;
        throw busy();
      },
    };
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([job], engine, { retries: 2, base: 100 });
    scheduler.start();
    fire("ingest:a");
    await vi.advanceTimersByTimeAsync(10_000);
    await scheduler.idle();
    expect(calls).toBe(3);
    expect(recorded[0]).toMatchObject({ status: "failed", attempt: 3 });
  });

  it("reports other failures at once, without retrying", async () => {
    let calls = 0;
    const job: Job = {
      name: "publish",
      kind: "publish",
      cron: "* * * * *",
      run: async () => {
        calls++;
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
    };
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([job], engine);
    scheduler.start();
    fire("publish");
    await flush();
    await scheduler.idle();
    expect(calls).toBe(1);
    expect(recorded[0]).toMatchObject({ status: "failed", attempt: 1, error: "ENOSPC: no space left on device, write" });
  });

  it("classifies errors", () => {
    expect(isTransient(Object.assign(new Error("x"), { code: "EMFILE" }))).toBe(true);
    expect(isTransient(new Error('IO Error: Could not set lock on file "/d/warehouse.duckdb": Conflicting lock is held in node (PID 7)'))).toBe(true);
    expect(isTransient(Object.assign(new Error("x"), { code: "ENOENT" }))).toBe(false);
    expect(isTransient(new Error("assertion assert_rows_add_up failed: 3 rows"))).toBe(false);
  });
});

describe("graceful stop", () => {
  it("lets the running job finish, drops waiting runs and the pending publish, and starts nothing after", async () => {
    const events: string[] = [];
    const a = controlledJob("ingest:a", "ingest", events);
    const b = controlledJob("ingest:b", "ingest", events);
    const p = controlledJob("publish", "publish", events);
    const { engine, fire, tasks } = fakeCron();
    const { scheduler } = makeScheduler([a.job, b.job, p.job], engine, { debounce: 1000 });
    scheduler.start();
    fire("ingest:a");
    await flush();
    a.runs[0]!.finish(OK(3)); // publish now pending
    await flush();
    fire("ingest:a");
    fire("ingest:b");
    await flush();
    expect(a.runs).toHaveLength(2);
    expect(a.runs[1]!.context.stopping()).toBe(false);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await flush();
    // The running job is told to stop after its current file, and is waited for.
    expect(a.runs[1]!.context.stopping()).toBe(true);
    expect(stopped).toBe(false);
    expect([...tasks.values()].every((t) => t.stopped)).toBe(true);
    a.runs[1]!.finish(OK(1));
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.runs).toHaveLength(0);
    expect(p.runs).toHaveLength(0);
    expect(scheduler.trigger("ingest:b", "cron")).toBe(false);
  });

  it("cuts a retry backoff short", async () => {
    let calls = 0;
    const job: Job = {
      name: "ingest:a",
      kind: "ingest",
      cron: "* * * * *",
      run: async () => {
        calls++;
        throw Object.assign(new Error("EBUSY"), { code: "EBUSY" });
      },
    };
    const { engine, fire } = fakeCron();
    const { scheduler, recorded } = makeScheduler([job], engine, { base: 3_600_000 });
    scheduler.start();
    fire("ingest:a");
    await flush();
    await scheduler.stop(); // would otherwise wait an hour
    expect(calls).toBe(1);
    expect(recorded[0]).toMatchObject({ status: "failed", attempt: 1 });
  });
});
