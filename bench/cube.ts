// `npm run bench -- --cube [--complaints N]`: the dashboard's cubes for a bank of N complaints (default
// 10,000,000) — their cells, bytes (raw and gzip) and how long the page's filter pass takes over them in
// V8 (the engine of the browsers the site targets), for the filter combinations a user sets. A benchmark,
// not a test: it prints figures and never fails on a timing.
//
// The complaints are synthetic, drawn in DuckDB with skewed frequencies over a bank larger than the demo's
// (by default 36 tier-1 branches with 8 tier-2 branches each, --tier1 and --tier2 to change; 24 months, 14 categories, 14 causes, 13 channels), and
// grouped as mart_cube_monthly, mart_cube_response_days and mart_cube_backlog_quarterly group them, so
// the number of occupied cells is what such a bank would publish. Files go through src/publish/cube.ts's
// arrowTable (the same encoding `kesu build` writes) and are read by reports/components/cube.js.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
// @ts-expect-error plain JavaScript module of the site
import { aggregate, cubeOf, grainFor, histogramQuantile } from "../reports/components/cube.js";
import { cubeFiles, publishCubes } from "../src/publish/cube.ts";

const DIMS = "month, quarter, tier1_org, tier2_org, region, business_category, cause_code, intake_channel";

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function cubeBench({ complaints, tier1 = 36, tier2 = 8 }: { complaints: number; tier1?: number; tier2?: number }): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const started = performance.now();
  await db.run("select setseed(0.42)");
  // one row per complaint: dimensions drawn with skew (power of a uniform), flags at plausible rates
  await db.run(`create table c as
    with draws as (select i, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7
                   from range(${complaints}) t(i))
    select
      strftime(date '2025-01-01' + to_months(floor(r1 * 24)::int), '%Y-%m') as month,
      'T' || lpad(floor(pow(r2, 1.6) * ${tier1})::int::varchar, 2, '0') as tier1_org,
      case when r7 < 0.1 then null else 'T' || lpad(floor(pow(r2, 1.6) * ${tier1})::int::varchar, 2, '0') || lpad(floor(r7 * ${tier2})::int::varchar, 2, '0') end as tier2_org,
      'R' || (floor(pow(r2, 1.6) * ${tier1})::int % ${Math.min(7, tier1)})::varchar as region,
      'cat' || floor(pow(r3, 2.2) * 14)::int as business_category,
      'cause' || floor(pow(r4, 1.8) * 14)::int as cause_code,
      'ch' || floor(pow(r5, 2.5) * 13)::int as intake_channel,
      floor(pow(r6, 2) * 60)::int as days,
      r6 as u
    from draws`);
  await db.run("alter table c add column quarter varchar; update c set quarter = left(month, 4) || '-Q' || ceil(right(month, 2)::int / 3)::int");
  const flag = (p: number, salt: number) => `count(*) filter (where hash(rowid + ${salt}) % 10000 < ${Math.round(p * 10000)})`;
  await db.run(`create table mart_cube_monthly as select ${DIMS},
      count(*) as received, ${flag(0.99, 1)} as received_merged, ${flag(0.01, 2)} as duplicates_while_open, ${flag(0.02, 3)} as withdrawn,
      ${flag(0.97, 4)} as judged, ${flag(0.05, 5)} as breached, ${flag(0.95, 6)} as responded_dated, ${flag(0.9, 7)} as responded_on_time,
      ${flag(0.01, 8)} as at_risk, ${flag(0.02, 9)} as repeats_after_close, ${flag(0.01, 10)} as reopened, ${flag(0.9, 11)} as closed,
      ${flag(0.9, 12)} as bank_channel_complaints, ${flag(0.003, 13)} as escalated, ${flag(0.3, 14)} as at_fault, ${flag(0.95, 15)} as fault_assessed,
      ${flag(0.4, 16)} as upheld, ${flag(0.95, 17)} as outcome_decided, ${flag(0.8, 18)} as satisfied, ${flag(0.6, 19)} as surveyed_reached,
      cast(coalesce(sum(floor(u * 2000)) filter (where hash(rowid + 20) % 100 < 5), 0) as double) as redress_total_cny
    from c group by all`);
  await db.run(`create table mart_cube_response_days as select ${DIMS}, days, count(*) as complaints from c where hash(rowid + 21) % 100 < 95 group by all`);
  await db.run(`create table mart_cube_backlog_quarterly as select quarter, tier1_org, tier2_org, region, business_category, cause_code, intake_channel,
      (['0-15', '16-30', '31-60', '61-90', '90+'])[1 + floor(u * 5)::int] as aging_bucket,
      count(*) as open_at_end, ${flag(0.3, 22)} as open_breached, ${flag(0.2, 23)} as open_at_risk
    from c where hash(rowid + 24) % 100 < 7 group by all`);
  const drawn = performance.now() - started;
  console.log(
    `cube bench: ${complaints.toLocaleString("en")} synthetic complaints over ${tier1} tier-1 branches with ${tier2} tier-2 branches each, drawn and grouped in DuckDB in ${(drawn / 1000).toFixed(1)} s`,
  );

  // the files `kesu build` would publish from such marts, every grain (src/publish/cube.ts)
  const dir = mkdtempSync(join(tmpdir(), "kesu-cube-bench-"));
  const t1 = performance.now();
  await publishCubes(db, dir);
  console.log(`  published every grain in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const cubes: Record<string, Record<string, ReturnType<typeof cubeOf>>> = {};
  for (const { mart, level, file } of cubeFiles()) {
    const bytes = readFileSync(join(dir, file));
    const t0 = performance.now();
    const name = mart.replace("mart_cube_", "");
    cubes[level] ??= {};
    cubes[level][name] = cubeOf(tableFromIPC(bytes));
    const read = performance.now() - t0;
    console.log(
      `  ${file}: ${cubes[level][name].n.toLocaleString("en")} cells, ${(bytes.length / 1e6).toFixed(2)} MB raw, ${(gzipSync(bytes).length / 1e6).toFixed(2)} MB gzip; read into columns in ${read.toFixed(0)} ms`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  // the page's passes for one filter change (reports/index.md): months × channels over every measure, the
  // period's response-time histogram, and the quarter-end backlog by aging bucket
  const scopes: [string, Record<string, string | null>][] = [
    ["whole bank", {}],
    ["one tier-1 branch", { tier1_org: "T03" }],
    ["tier-1 branch + category", { tier1_org: "T03", business_category: "cat0" }],
    ["region + cause + channel", { region: "R2", cause_code: "cause1", intake_channel: "ch0" }],
    ["one category", { business_category: "cat2" }],
    ["one channel", { intake_channel: "ch1" }],
    ["tier-2 branch", { tier1_org: "T03", tier2_org: "T0301" }],
    ["tier-2 branch + category + cause", { tier1_org: "T03", tier2_org: "T0301", business_category: "cat1", cause_code: "cause0" }],
  ];
  const months = ["2026-04", "2026-05", "2026-06"];
  for (const [name, scope] of scopes) {
    // the grain the page reads for these filters (reports/index.md)
    const level = grainFor(scope);
    const c = cubes[level];
    const runs: number[] = [];
    let received = 0;
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      const cells = aggregate(c.monthly, scope, ["month", "intake_channel"], Object.keys(c.monthly.measures));
      const histogram = aggregate(c.response_days, { ...scope, month: months }, ["days"], ["complaints"]);
      histogramQuantile(
        histogram.map((r: { days: number; complaints: number }) => ({ value: r.days, count: r.complaints })),
        0.5,
      );
      aggregate(c.backlog_quarterly, { ...scope, quarter: "2026-Q2" }, ["aging_bucket"], ["open_at_end", "open_breached", "open_at_risk"]);
      runs.push(performance.now() - t0);
      received = cells.reduce((n: number, r: { received: number }) => n + r.received, 0);
    }
    console.log(
      `  filter pass, ${name} (${level} grain, ${c.monthly.n.toLocaleString("en")} + ${c.response_days.n.toLocaleString("en")} cells): median ${median(runs).toFixed(0)} ms of 7 (min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)}); ${received.toLocaleString("en")} complaints in scope`,
    );
  }
  db.closeSync();
  instance.closeSync();
}
