// `npm run bench`: kesu's full ingest (validation, mapping, masking, pseudonymising) against DuckDB's own
// `create table … as select * from read_csv(…)` on the same file, in the same run. A benchmark, not a test:
// it prints figures and ratios and never fails on a timing.
//   npm run bench [-- --rows N]
//   npm run bench -- --scale [--complaints N] [--keep-data DIR] [--memory-limit 3GB]   the whole pipeline at scale (bench/scale.ts)
//   npm run bench -- --cube [--complaints N] [--tier1 36] [--tier2 8]   the dashboard's cubes: cells, bytes, filter-pass time (bench/cube.ts)
//   npm run bench -- --site-weight [--dist DIR] [--pages all|N]   a built site's bytes on disk and per page on the wire (bench/site-weight.ts)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import iconv from "iconv-lite";
import { writeBranchBench, writeHotlineBench } from "../src/demo/bench.ts";
import { dimOrgCsv, OrgDirectory } from "../src/demo/orgs.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "branch-rows": { type: "string" },
    scale: { type: "boolean", default: false },
    cube: { type: "boolean", default: false },
    "site-weight": { type: "boolean", default: false },
    dist: { type: "string", default: "dist" },
    pages: { type: "string", default: "all" },
    tier1: { type: "string", default: "36" },
    tier2: { type: "string", default: "8" },
    complaints: { type: "string", default: "10000000" },
    "keep-data": { type: "string" },
    "memory-limit": { type: "string" },
  },
});
if (values["site-weight"]) {
  const { siteWeightBench } = await import("./site-weight.ts");
  await siteWeightBench({ dist: values.dist, pages: values.pages });
  process.exit(0);
}
if (values.cube) {
  const { cubeBench } = await import("./cube.ts");
  await cubeBench({ complaints: Number(values.complaints), tier1: Number(values.tier1), tier2: Number(values.tier2) });
  process.exit(0);
}
if (values.scale) {
  const { scaleBench } = await import("./scale.ts");
  await scaleBench({ complaints: Number(values.complaints), keepData: values["keep-data"], memoryLimit: values["memory-limit"] });
  process.exit(0);
}
const rows = Number(values.rows);
const branchRows = Number(values["branch-rows"] ?? Math.round(rows / 4));
const root = join(tmpdir(), "kesu-bench");
mkdirSync(root, { recursive: true });

function stage(kind: "duckdb" | "kesu", file: string): { ms: number; rows: number; peak_rss_mb: number } {
  const dataDir = join(root, `${kind}-${Date.now()}`);
  mkdirSync(join(dataDir, "reference"), { recursive: true });
  writeFileSync(join(dataDir, "reference", "dim_org.csv"), dimOrgCsv(new OrgDirectory().units));
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", new URL("./stage.ts", import.meta.url).pathname, kind, file, dataDir], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split("\n").pop()!);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function ensure(path: string, write: () => Promise<void>): Promise<void> {
  if (existsSync(path)) return;
  const started = performance.now();
  await write();
  console.log(`generated ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
function report(label: string, baseline: ReturnType<typeof stage>, kesu: ReturnType<typeof stage>, bytes: number) {
  console.log(`\n${label}: ${fmt(kesu.rows)} rows, ${(bytes / 1e6).toFixed(0)} MB`);
  console.log(
    `  DuckDB read_csv CTAS   ${(baseline.ms / 1000).toFixed(2)} s   ${fmt(baseline.rows / (baseline.ms / 1000))} rows/s   peak RSS ${fmt(baseline.peak_rss_mb)} MB`,
  );
  console.log(`  kesu ingest            ${(kesu.ms / 1000).toFixed(2)} s   ${fmt(kesu.rows / (kesu.ms / 1000))} rows/s   peak RSS ${fmt(kesu.peak_rss_mb)} MB`);
  console.log(`  ratio kesu / DuckDB    ${(kesu.ms / baseline.ms).toFixed(2)}×`);
}

const hotline = join(root, `hotline_bench_${rows}.csv`);
await ensure(hotline, () => writeHotlineBench(hotline, rows));
report("hotline (UTF-8 CSV)", stage("duckdb", hotline), stage("kesu", hotline), statSync(hotline).size);

const branch = join(root, `branch_counter_bench_${branchRows}.csv`);
const branchUtf8 = join(root, `branch_counter_bench_${branchRows}.utf8.csv`);
await ensure(branch, () => writeBranchBench(branch, branchRows));
await ensure(branchUtf8, async () => writeFileSync(branchUtf8, iconv.decode(readFileSync(branch), "gb18030")));
report("branch_counter (GB18030 CSV, transcoding included for kesu)", stage("duckdb", branchUtf8), stage("kesu", branch), statSync(branch).size);
