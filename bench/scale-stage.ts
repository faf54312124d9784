// One stage of the scale benchmark, in its own process so its time and peak RSS are its own.
// Usage: tsx bench/scale-stage.ts STAGE DATA_DIR [ARGS…]  → prints one JSON line (the stage's figures) last.
//   generate DATA_DIR COMPLAINTS SHARD SHARDS   one shard of the exports (bench/scale-data.ts)
//   baseline DATA_DIR                           DuckDB's own readers (read_csv, read_json) on the same files
//   ingest DATA_DIR                             `kesu ingest` of the whole inbox
//   build DATA_DIR                              `kesu build`: models, assertions, snapshot
//   site DATA_DIR OUT_DIR                       `kesu site`: the Observable Framework build
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PIPELINES } from "../pipelines/index.ts";
import { loadConfig } from "../src/config/config.ts";
import { literal, one, warehouseOptions, withWarehouse } from "../src/db/warehouse.ts";
import { ingest } from "../src/ingest/ingest.ts";
import { buildWarehouse } from "../src/publish/build.ts";
import { writeScaleData } from "./scale-data.ts";

const [stage, dataDir, ...args] = process.argv.slice(2);
const started = performance.now();
let figures: Record<string, unknown> = {};

if (stage === "generate") {
  const data = await writeScaleData(dataDir, Number(args[0]), { shard: Number(args[1]), shards: Number(args[2]) });
  figures = {
    complaints: data.complaints,
    rows: data.rows,
    bad_rows: data.badRows,
    files: data.files.length,
    bytes: data.files.reduce((n, f) => n + f.bytes, 0),
  };
} else if (stage === "baseline") {
  // No validation, typing, masking or pseudonymising: every file as DuckDB reads it, one statement per
  // pipeline. GB18030 is not a DuckDB encoding, so branch files are read from UTF-8 copies made beforehand.
  const inbox = join(dataDir, "inbox");
  let rows = 0;
  // DuckDB with the same memory limit as kesu's stages (KESU_MEMORY_LIMIT, else kesu's default).
  await withWarehouse(join(dataDir, "baseline.duckdb"), warehouseOptions(loadConfig({ dataDir, demo: true })), async (w) => {
    for (const pipeline of readdirSync(inbox)) {
      const files = readdirSync(join(inbox, pipeline)).map((f) => join(inbox, pipeline, f));
      const list = `[${files.map(literal).join(", ")}]`;
      const reader = files[0].endsWith(".jsonl") ? `read_json(${list}, format = 'newline_delimited', ignore_errors = true)` : `read_csv(${list})`;
      await w.connection.run(`create table ${pipeline} as select * from ${reader}`);
      rows += (await one<{ n: number }>(w.connection, `select count(*) as n from ${pipeline}`))!.n;
    }
  });
  figures = { rows };
} else if (stage === "ingest") {
  const config = loadConfig({ dataDir, demo: true });
  // Where ingest time goes: the time between one phase's start and the next, summed over files. Files load
  // side by side (config.ingestWorkers), so the phases add up to more than the wall-clock time. A file then
  // waits "staged" for the rest of its batch, and the batch's "loading" and "committing" count once for
  // every file in it.
  const phases: Record<string, number> = {};
  const last = new Map<string, { phase: string; at: number }>();
  const close = (file: string, now: number) => {
    const open = last.get(file);
    if (open) phases[open.phase] = (phases[open.phase] ?? 0) + now - open.at;
    last.delete(file);
  };
  const results = await withWarehouse(config.warehousePath, warehouseOptions(config), async (w) => {
    return ingest(w.connection, {
      config,
      pipelines: PIPELINES,
      connect: w.connect,
      onProgress: ({ file, phase }) => {
        const now = performance.now();
        close(file, now);
        last.set(file, { phase, at: now });
      },
      onFile: ({ file }) => close(file, performance.now()),
    });
  });
  const notLoaded = results.filter((r) => r.status !== "loaded");
  if (notLoaded.length) throw new Error(`scale bench: ${notLoaded.length} file(s) not loaded, e.g. ${JSON.stringify(notLoaded[0])}`);
  const byPipeline: Record<string, { files: number; rows: number; ms: number }> = {};
  for (const r of results) {
    byPipeline[r.pipeline] ??= { files: 0, rows: 0, ms: 0 };
    const p = byPipeline[r.pipeline];
    p.files++;
    p.rows += r.rows_in;
    p.ms += r.ms;
  }
  figures = {
    files: results.length,
    rows: results.reduce((n, r) => n + r.rows_in, 0),
    rows_loaded: results.reduce((n, r) => n + r.rows_loaded, 0),
    rows_rejected: results.reduce((n, r) => n + r.rows_rejected, 0),
    phases_ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
    by_pipeline: byPipeline,
  };
} else if (stage === "build") {
  const config = loadConfig({ dataDir, demo: true });
  const result = await withWarehouse(config.warehousePath, warehouseOptions(config), async (w) => {
    return buildWarehouse(w.connection, config, PIPELINES);
  });
  figures = { complaints: result.complaints, as_of: result.as_of, models_ms: Object.fromEntries(result.models.map((m) => [m.name, m.ms])) };
} else if (stage === "site") {
  const config = loadConfig({ dataDir, demo: true });
  const { buildSite } = await import("../src/site/build.ts");
  const site = await buildSite({ publishDir: config.publishDir, outDir: args[0] });
  figures = { pages: site.pages };
} else {
  throw new Error(`unknown stage ${stage}`);
}
const ms = performance.now() - started;
const line = JSON.stringify({ stage, ms, self_peak_rss_mb: process.resourceUsage().maxRSS / 1024, ...figures });
if (process.env.KESU_BENCH_OUT) writeFileSync(process.env.KESU_BENCH_OUT, line);
process.stdout.write(`${line}\n`);
