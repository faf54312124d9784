// Real `kesu schedule` processes with a seconds cron: files dropped into the inbox reach the published
// snapshot and the site; a second writer is refused; SIGTERM finishes the current file and exits 0;
// SIGKILL during a publish leaves the previous site intact and the next run completes it.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, utimesSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { all, lockPathFor, withWarehouse } from "../../src/db/warehouse.ts";
import { tempDataDir } from "../helpers.ts";

const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const HEADER =
  "ticket_id,created_at,customer_no,org_code,product,category,description,ticket_type,priority,status,status_history,acknowledged_at,responded_at,closed_at,extension_level,paused_days,at_fault,outcome,redress_amount,satisfaction,updated_at";

/** A hotline export of `rows` valid complaints received in `month` (YYYY-MM), ids prefixed so files never collide. */
function hotlineFile(path: string, month: string, rows: number, prefix: string, org = "SH01"): void {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const t = `${month}-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00+08:00`;
    lines.push(`${prefix}${i},${t},C${i % 997},${org},CC,pricing_fees,年费争议 第${i}号,COMPLAINT,P3,NEW,,,,,0,0,,,,,${t}`);
  }
  // Written beside the inbox and renamed in, as an uploader should: the scheduler never sees half a file.
  const tmp = join(dirname(dirname(dirname(path))), `.${basename(path)}.part`);
  writeFileSync(tmp, `${lines.join("\n")}\n`);
  renameSync(tmp, path);
}

const ENV = {
  KESU_HMAC_KEY: "schedule-test-key-0123456789",
  KESU_SCHEDULE_CRON: "* * * * * *", // every pipeline every second
  KESU_PUBLISH_CRON: "0 0 1 1 *", // publish only after loads (debounced), not on its own cron here
  KESU_PUBLISH_DEBOUNCE_MS: "300",
  KESU_TRACE: "1",
  // a dropped export is read once it has stayed unchanged this long (the default is 10 s)
  KESU_SETTLE_SECONDS: "1",
};

interface Proc {
  child: ChildProcess;
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], env: Record<string, string> = {}): Proc {
  // Own process group, so a kill can take the scheduler and its site-build child together, as systemd or
  // a container runtime does.
  const child = spawn(process.execPath, [KESU, ...args], { env: { ...process.env, ...ENV, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, log: () => log, exited };
}

// Generous: site builds take turns on one lock across the machine, and CI has 2 cores.
async function waitFor<T>(what: string, probe: () => T | undefined | false, proc?: Proc, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = probe();
    } catch {
      value = undefined; // a file not there yet
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${proc ? `; log:\n${proc.log().slice(-3000)}` : ""}`);
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited while waiting for ${what}; log:\n${proc.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Every file of the site with a digest of its bytes (followed through the dist symlink). */
function siteDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

const envs: ReturnType<typeof tempDataDir>[] = [];
const procs: Proc[] = [];
afterAll(() => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) process.kill(-p.child.pid!, "SIGKILL");
  for (const e of envs) e.cleanup();
});

describe("kesu schedule (real processes)", () => {
  it("--list prints every job with its next three runs in the bank's time", async () => {
    const env = tempDataDir();
    envs.push(env);
    const p = start(["schedule", "--list", "--json", "--data-dir", env.dir], { KESU_SCHEDULE_CRON: "", KESU_PUBLISH_CRON: "" });
    expect((await p.exited).code, p.log()).toBe(0);
    const entries = JSON.parse(p.log().slice(p.log().indexOf("["))) as { job: string; cron: string; timezone: string; next: string[] }[];
    expect(entries.map((e) => e.job)).toEqual([
      "ingest:branch_counter",
      "ingest:hotline",
      "ingest:echannel",
      "ingest:letter_visit",
      "ingest:regulator_transfer",
      "ingest:government_transfer",
      "ingest:cfpb",
      "publish",
    ]);
    const at = (s: string) => Date.parse(`${s.replace(" ", "T")}Z`); // wall-clock arithmetic (China has no DST)
    for (const e of entries) {
      expect(e.timezone).toBe("Asia/Shanghai");
      expect(e.next).toHaveLength(3);
    }
    const byJob = Object.fromEntries(entries.map((e) => [e.job, e.next]));
    // Daily at 02:00 bank time, one day apart; hotline every quarter hour; publish daily at 04:30.
    expect(byJob["ingest:branch_counter"]!.every((t) => t.endsWith(" 02:00:00"))).toBe(true);
    expect(at(byJob["ingest:branch_counter"]![1]!) - at(byJob["ingest:branch_counter"]![0]!)).toBe(86_400_000);
    expect(at(byJob["ingest:hotline"]![1]!) - at(byJob["ingest:hotline"]![0]!)).toBe(900_000);
    expect(byJob["ingest:hotline"]!.every((t) => /:(00|15|30|45):00$/.test(t))).toBe(true);
    expect(byJob.publish!.every((t) => t.endsWith(" 04:30:00"))).toBe(true);
    // The first run is within the next quarter hour of now, in Shanghai time (UTC+8).
    const nowShanghai = Date.now() + 8 * 3_600_000;
    expect(at(byJob["ingest:hotline"]![0]!) - nowShanghai).toBeGreaterThan(-1000);
    expect(at(byJob["ingest:hotline"]![0]!) - nowShanghai).toBeLessThanOrEqual(900_000);
  });

  it("stops on SIGTERM after the file being loaded, releasing the lock, exit 0", async () => {
    const env = tempDataDir("ingest");
    envs.push(env);
    // Two exports large enough that loading one takes a moment; the fixture's own inbox goes first.
    hotlineFile(join(env.dir, "inbox", "hotline", "hotline_202508.csv"), "2025-08", 60_000, "S");
    hotlineFile(join(env.dir, "inbox", "hotline", "hotline_202509.csv"), "2025-09", 60_000, "T");
    // One file at a time, so that the second is still waiting at SIGTERM (with two at a time both would be
    // under way, and both would finish: test/schedule/jobs.test.ts)
    const proc = start(["schedule", "--data-dir", env.dir, "--out", join(env.dir, "dist")], { KESU_PUBLISH_DEBOUNCE_MS: "600000", KESU_INGEST_WORKERS: "1" });
    procs.push(proc);
    // (reading, not loading: a file under a row group is staged and lands with the next unless a shutdown
    // stops the worker taking it)
    await waitFor("the first big file being read", () => /hotline_202508\.csv reading/.test(proc.log()), proc);
    process.kill(proc.child.pid!, "SIGTERM");
    const { code } = await proc.exited;
    expect(code, proc.log()).toBe(0);
    expect(proc.log()).toContain("SIGTERM received");
    expect(existsSync(lockPathFor(env.config.warehousePath))).toBe(false);
    const files = await withWarehouse(env.config.warehousePath, { readOnly: true }, (w) =>
      all<{ file_name: string; rows_loaded: number }>(
        w.connection,
        "select file_name, rows_loaded from raw.files where pipeline = 'hotline' order by file_name",
      ),
    );
    // The file being loaded was finished whole; the next one was left for the next run.
    expect(files.map((f) => f.file_name)).toContain("hotline_202508.csv");
    expect(files.find((f) => f.file_name === "hotline_202508.csv")?.rows_loaded).toBe(60_000);
    expect(files.map((f) => f.file_name)).not.toContain("hotline_202509.csv");
  });

  it("publishes dropped files, refuses a second writer, and survives SIGKILL mid-publish", { timeout: 1_500_000 }, async () => {
    const env = tempDataDir();
    envs.push(env);
    mkdirSync(join(env.dir, "reference"), { recursive: true });
    // A small org tree of the shape the bank file has: head office → tier-1 → tier-2 → outlet.
    writeFileSync(
      join(env.dir, "reference", "dim_org.csv"),
      [
        "org_code,org_name_zh,org_name_en,org_level,parent_code,tier1_code,region,province,customers,outlets",
        "HO,总行,Head Office,head_office,,,,,3000000,6",
        "SH,上海分行,Shanghai Branch,tier1,HO,SH,华东,上海,2000000,4",
        "SH01,上海浦东分行,Shanghai Pudong Branch,tier2,SH,SH,华东,上海,,",
        "SH0101,上海分行浦东支行,Shanghai Pudong Sub-branch,outlet,SH01,SH,华东,上海,,",
        "",
      ].join("\n"),
    );
    mkdirSync(join(env.dir, "inbox", "hotline"), { recursive: true });
    const dist = join(env.dir, "dist");
    const meta = join(env.config.publishDir, "meta.json");
    const builds = join(env.dir, ".dist.builds");

    // 1. `--once` (what a system cron would run): every job once, then exit 0 with the lock released.
    hotlineFile(join(env.dir, "inbox", "hotline", "hotline_202509.csv"), "2025-09", 40, "A", "SH0101");
    // dropped a minute ago: settled (a file changed within KESU_SETTLE_SECONDS waits for the next run)
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(env.dir, "inbox", "hotline", "hotline_202509.csv"), minuteAgo, minuteAgo);
    const once = start(["schedule", "--once", "--data-dir", env.dir, "--out", dist]);
    procs.push(once);
    expect((await once.exited).code, once.log()).toBe(0);
    expect(existsSync(lockPathFor(env.config.warehousePath))).toBe(false);
    const first = readJson<{ ingest: { files: number; rows_loaded: number } }>(meta)!;
    expect(first.ingest).toMatchObject({ files: 1, rows_loaded: 40 });
    const kpi1 = readJson<{ quarter: string; received: number }[]>(join(env.config.publishDir, "kpi_quarterly.json"))!;
    expect(kpi1.find((r) => r.quarter === "2025-Q3")?.received).toBe(40);
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dist, "index.html"))).toBe(true);
    const siteBefore = siteDigest(dist);
    const metaBefore = readFileSync(meta, "utf8");

    // 2. The long-lived scheduler; a second scheduler and a manual run are refused while it holds the warehouse.
    const a = start(["schedule", "--data-dir", env.dir, "--out", dist]);
    procs.push(a);
    await waitFor("the scheduler to start", () => a.log().includes("jobs started"), a);
    for (const other of [
      ["schedule", "--once", "--data-dir", env.dir, "--out", dist],
      ["run", "--data-dir", env.dir, "--out", dist],
    ]) {
      const p = start(other);
      const { code } = await p.exited;
      expect(code).not.toBe(0);
      expect(p.log()).toContain(`warehouse ${env.config.warehousePath} is in use by pid ${a.child.pid}`);
    }
    expect(a.log()).not.toContain("older than the snapshot"); // the site --once built is current

    // 3. An export dropped into its inbox is loaded and published; kill everything during the site build.
    hotlineFile(join(env.dir, "inbox", "hotline", "hotline_202510.csv"), "2025-10", 25, "B", "SH0101");
    await waitFor("the publish's site build", () => a.log().includes("building the site"), a);
    const before = new Set(readdirSync(builds));
    // Killed once this scheduler holds the site-build lock (Framework is then running for it), and
    // preferably once Framework has begun writing the new build (it creates the directory late).
    await waitFor("the site-build lock", () => readFileSync(join(env.dir, "tmp/site/build.lock"), "utf8").trim() === String(a.child.pid) || undefined, a);
    await waitFor("Framework writing", () => readdirSync(builds).some((d) => !before.has(d)) || a.log().includes("swapped in"), a, 30_000).catch(
      () => undefined,
    );
    expect(a.log()).not.toContain("swapped in");
    process.kill(-a.child.pid!, "SIGKILL");
    await a.exited;
    // Readers still get the previous site, byte for byte; the lock names a dead pid.
    expect(siteDigest(dist)).toEqual(siteBefore);
    expect(readFileSync(lockPathFor(env.config.warehousePath), "utf8").split(" ")[0]!.trim()).toBe(String(a.child.pid));
    // The snapshot was swapped in before the site build began: it already has the second file, whole.
    expect(readJson<{ ingest: { rows_loaded: number } }>(meta)?.ingest.rows_loaded).toBe(65);
    expect(readFileSync(meta, "utf8")).not.toEqual(metaBefore);

    // 4. A restarted scheduler takes over the dead process's lock, sees the site is behind the snapshot,
    // and publishes at once; SIGTERM then stops it with exit 0.
    const d = start(["schedule", "--data-dir", env.dir, "--out", dist]);
    procs.push(d);
    await waitFor("the catch-up publish", () => d.log().includes("swapped in"), d);
    expect(d.log()).toContain("older than the snapshot");
    process.kill(d.child.pid!, "SIGTERM");
    expect((await d.exited).code, d.log()).toBe(0);
    expect(existsSync(lockPathFor(env.config.warehousePath))).toBe(false);
    const kpi2 = readJson<{ quarter: string; received: number }[]>(join(env.config.publishDir, "kpi_quarterly.json"))!;
    expect(kpi2.find((r) => r.quarter === "2025-Q4")?.received).toBe(25);
    const siteAfter = siteDigest(dist);
    expect(siteAfter).not.toEqual(siteBefore);
    expect(Object.keys(siteAfter)).toContain("/index.html");
    // Builds left by the killed run are cleaned up: only the current build and the one before it remain.
    expect(readdirSync(builds).length).toBeLessThanOrEqual(2);
    // The history the data-quality page shows: the load of the second file, by the killed scheduler.
    const runs = await withWarehouse(env.config.warehousePath, { readOnly: true }, (w) =>
      all<{ job: string; trigger: string; status: string; rows_loaded: number }>(
        w.connection,
        "select job, trigger, status, rows_loaded from raw.job_runs order by run_id",
      ),
    );
    expect(runs).toContainEqual({ job: "ingest:hotline", trigger: "once", status: "ok", rows_loaded: 40 });
    expect(runs).toContainEqual({ job: "ingest:hotline", trigger: "cron", status: "ok", rows_loaded: 25 });
    expect(runs.filter((r) => r.job === "publish" && r.status === "ok").map((r) => r.trigger)).toEqual(["once", "startup"]);
  });
});
