// `npm run bench -- --scale [--complaints N] [--keep-data DIR] [--memory-limit 3GB]`: N generated complaints (default ten million)
// through ingest, build (models, assertions, snapshot) and site, each stage in its own process, printing its
// time and peak RSS; and DuckDB's own readers on the same files in the same run, for the ratio. Target on a
// 2-core machine: ingest + build + site under 3 minutes and 4 GB. A benchmark, not a test: it never fails
// on a timing.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_MEMORY_LIMIT } from "../src/config/config.ts";
import { writeReadableCopy } from "../src/ingest/read.ts";

interface Figures {
  stage: string;
  ms: number;
  peak_rss_mb: number;
  [key: string]: unknown;
}

const STAGE = new URL("./scale-stage.ts", import.meta.url).pathname;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Runs one stage in a child process; peak RSS is the largest process of its tree (GNU time's %M). */
/** Runs a stage and prints its figures at once: a long run shows where it is and what it has measured. */
async function measured(stage: string, dataDir: string, args: string[] = []): Promise<Figures> {
  console.log(`  [${new Date().toISOString().slice(11, 19)}] ${stage} … (load average ${load()})`);
  const figures = await runStage(stage, dataDir, args);
  console.log(
    `  [${new Date().toISOString().slice(11, 19)}] ${stage}: ${secs(figures.ms)}, peak RSS ${fmt(figures.peak_rss_mb)} MB  ${JSON.stringify(figures)}`,
  );
  return figures;
}

function runStage(stage: string, dataDir: string, args: string[] = []): Promise<Figures> {
  const scratch = mkdtempSync(join(tmpdir(), "kesu-stage-"));
  const out = join(scratch, "figures.json");
  const timeFile = join(scratch, "time.txt");
  const node = [process.execPath, "--import", "tsx", STAGE, stage, dataDir, ...args];
  const [command, ...argv] = TIME ? [TIME, "-f", "%e %M", "-o", timeFile, ...node] : node;
  return new Promise((done, fail) => {
    const child = spawn(command, argv, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, KESU_BENCH_OUT: out } });
    child.on("error", fail);
    child.on("close", (code) => {
      try {
        if (code !== 0) throw new Error(`stage ${stage} exited ${code}`);
        const figures = JSON.parse(readFileSync(out, "utf8")) as Figures & { self_peak_rss_mb: number };
        const tree = TIME ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ")[1]) / 1024 : 0;
        done({ ...figures, peak_rss_mb: Math.max(tree, figures.self_peak_rss_mb) });
      } catch (error) {
        fail(error);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

export async function scaleBench(options: { complaints: number; keepData?: string; memoryLimit?: string }): Promise<void> {
  if (options.memoryLimit) process.env.KESU_MEMORY_LIMIT = options.memoryLimit;
  const root = options.keepData ? resolve(options.keepData) : mkdtempSync(join(tmpdir(), "kesu-scale-"));
  const source = join(root, "source");
  const run = join(root, `run-${Date.now()}`);
  console.log(
    `scale benchmark: ${fmt(options.complaints)} complaints, ${cpus().length} cores, DuckDB memory_limit ${process.env.KESU_MEMORY_LIMIT ?? `${DEFAULT_MEMORY_LIMIT} (kesu's default)`}, load average ${load()} (before)`,
  );
  try {
    // 1. The exports, once (kept between runs with --keep-data): two shards in parallel processes.
    const marker = join(source, "complete.json");
    if (existsSync(marker) && JSON.parse(readFileSync(marker, "utf8")).complaints === options.complaints) {
      console.log(`exports: reusing ${source}`);
    } else {
      rmSync(source, { recursive: true, force: true });
      mkdirSync(source, { recursive: true });
      const started = performance.now();
      const shards = await Promise.all([0, 1].map((k) => runStage("generate", source, [String(options.complaints), String(k), "2"])));
      const rows = shards.reduce((n, s) => n + (s.rows as number), 0);
      const bytes = shards.reduce((n, s) => n + (s.bytes as number), 0);
      const files = shards.reduce((n, s) => n + (s.files as number), 0);
      writeFileSync(marker, JSON.stringify({ complaints: options.complaints, rows, bytes, files }));
      console.log(
        `exports: ${fmt(rows)} rows (${fmt(shards.reduce((n, s) => n + (s.bad_rows as number), 0))} bad) in ${files} files, ${(bytes / 1e9).toFixed(2)} GB, ` +
          `generated in ${secs(performance.now() - started)} (2 processes, peak RSS ${fmt(Math.max(...shards.map((s) => s.peak_rss_mb)))} MB each at most)`,
      );
    }
    const exportRows = (JSON.parse(readFileSync(marker, "utf8")) as { rows: number }).rows;

    // 2. DuckDB's own readers on the same files (branch files transcoded to UTF-8 beforehand, untimed).
    const baselineDir = join(run, "baseline");
    for (const pipeline of readdirSync(join(source, "inbox"))) {
      mkdirSync(join(baselineDir, "inbox", pipeline), { recursive: true });
      for (const file of readdirSync(join(source, "inbox", pipeline))) {
        const from = join(source, "inbox", pipeline, file);
        const to = join(baselineDir, "inbox", pipeline, file);
        if (pipeline === "branch_counter") await writeReadableCopy(from, to, "gb18030", false);
        else symlinkSync(from, to);
      }
    }
    const baseline = await measured("baseline", baselineDir);
    rmSync(baselineDir, { recursive: true, force: true });

    // 3–5. kesu: a fresh data dir whose inbox is the generated exports.
    const dataDir = join(run, "kesu");
    mkdirSync(dataDir, { recursive: true });
    symlinkSync(join(source, "inbox"), join(dataDir, "inbox"));
    symlinkSync(join(source, "reference"), join(dataDir, "reference"));
    const ingest = await measured("ingest", dataDir);
    const build = await measured("build", dataDir);
    const site = await measured("site", dataDir, [join(run, "dist")]);
    const warehouseBytes = Number(execFileSync("du", ["-sb", join(dataDir, "warehouse.duckdb")], { encoding: "utf8" }).split("\t")[0]);

    const total = ingest.ms + build.ms + site.ms;
    const peak = Math.max(ingest.peak_rss_mb, build.peak_rss_mb, site.peak_rss_mb);
    const rowsIn = ingest.rows as number;
    console.log(`\nload average ${load()} (after)`);
    console.log(
      `\n${fmt(options.complaints)} complaints → ${fmt(exportRows)} export rows (${fmt(ingest.rows_rejected as number)} rejected), ${ingest.files} files; warehouse ${(warehouseBytes / 1e9).toFixed(2)} GB`,
    );
    console.log(`  stage                      time      peak RSS   rows/s`);
    const line = (label: string, f: Figures, rows?: number) =>
      console.log(`  ${label.padEnd(25)}${secs(f.ms).padStart(8)}  ${`${fmt(f.peak_rss_mb)} MB`.padStart(10)}   ${rows ? fmt(rows / (f.ms / 1000)) : ""}`);
    line("DuckDB read_csv/read_json", baseline, baseline.rows as number);
    line("kesu ingest", ingest, rowsIn);
    line("kesu build", build, build.complaints as number);
    line("kesu site", site);
    console.log(`  ${"ingest + build + site".padEnd(25)}${secs(total).padStart(8)}  ${`${fmt(peak)} MB`.padStart(10)}   ${fmt(rowsIn / (total / 1000))}`);
    console.log(`  ratio kesu ingest / DuckDB readers  ${(ingest.ms / baseline.ms).toFixed(2)}×`);
    console.log(`  target (< 180 s, < 4096 MB): ${total < 180_000 && peak < 4096 ? "met" : "NOT met"}`);
    const { staged, ...phases } = ingest.phases_ms as Record<string, number>;
    console.log(
      `\n  ingest phases, summed over files (s): ${Object.entries(phases)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
        .join(", ")}`,
    );
    console.log(`    (a batch's loading and committing count once per file in it; files waited ${((staged ?? 0) / 1000).toFixed(1)} s staged for their batch)`);
    console.log(
      `  ingest by pipeline: ${Object.entries(ingest.by_pipeline as Record<string, { rows: number; ms: number }>)
        .map(([k, v]) => `${k} ${fmt(v.rows)} rows ${secs(v.ms)}`)
        .join(", ")}`,
    );
    console.log(
      `  build models (s): ${Object.entries(build.models_ms as Record<string, number>)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
        .join(", ")}`,
    );
    console.log(`  ${fmt(build.complaints as number)} complaints as of ${build.as_of}; ${site.pages} pages`);
  } finally {
    rmSync(run, { recursive: true, force: true });
    if (!options.keepData) rmSync(root, { recursive: true, force: true });
  }
}
