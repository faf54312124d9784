// One measured stage of the benchmark, in its own process so its peak RSS is its own.
// Usage: tsx bench/stage.ts duckdb|kesu FILE DATA_DIR  → prints one JSON line {ms, rows, peak_rss_mb}
import { join } from "node:path";
import { PIPELINES } from "../pipelines/index.ts";
import { loadConfig } from "../src/config/config.ts";
import { literal, one, withWarehouse } from "../src/db/warehouse.ts";
import { ingest } from "../src/ingest/ingest.ts";

const [stage, file, dataDir] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (stage === "duckdb") {
  // DuckDB's own bulk loader on the same file: the reference kesu is measured against. GB18030 cannot be
  // read by DuckDB, so that comparison gets the UTF-8 copy kesu itself transcodes to.
  await withWarehouse(join(dataDir, "baseline.duckdb"), {}, async (w) => {
    await w.connection.run(`create or replace table t as select * from read_csv(${literal(file)})`);
    rows = (await one<{ n: number }>(w.connection, "select count(*) as n from t"))!.n;
  });
} else {
  const config = loadConfig({ dataDir, demo: true });
  const results = await withWarehouse(config.warehousePath, {}, (w) => ingest(w.connection, { config, pipelines: PIPELINES, files: [file] }));
  rows = results.reduce((n, r) => n + r.rows_loaded, 0);
  if (results.some((r) => r.status !== "loaded")) throw new Error(`bench: ${file} was not loaded: ${JSON.stringify(results)}`);
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, rows, peak_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`);
