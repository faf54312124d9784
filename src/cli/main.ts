// The `kesu` command. Each subcommand prints a one-line human summary, or with --json a machine-readable
// result on stdout; progress and logs go to stderr.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { PIPELINES } from "../../pipelines/index.ts";
import { loadPipelines } from "../ingest/local.ts";
import { loadConfig, type KesuConfig } from "../config/config.ts";
import { all, lockHolder, warehouseOptions, withWarehouse, withWriterLock } from "../db/warehouse.ts";
import { ingest, type FileResult } from "../ingest/ingest.ts";
import { buildWarehouse } from "../publish/build.ts";
import { formatTable } from "./format.ts";
import { createProgress } from "./progress.ts";

const COMMON = {
  "data-dir": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsConfig["options"];

const USAGE = `kesu — bank complaint analytics

Usage: kesu <command> [options]        (every command takes --data-dir DIR, default ./data, and --json)

  start                      first run on a fresh checkout: sample data if the inbox is empty, then run, then serve
  demo [--seed N] [--complaints N] [--from DATE] [--to DATE]
                             write the deterministic sample exports into <data-dir>/inbox/
  ingest [--pipeline NAME] [FILE…]
                             load new inbox files (or the named files) into the warehouse
  build [--as-of DATE]       run the SQL models and assertions, publish the snapshot the site reads
  site [--serve] [--out DIR] [--port N] [--host H]
                             build the static site (default dist/); --serve serves it on 127.0.0.1 (or --host)
  run                        ingest + build + site
  metrics --quarter Q [--by business_category|cause_code|org_code|intake_channel] [--profile NAME]
                             a quarter's headline figures (the same numbers the site shows)
  metrics --definitions      what each figure means: definition, formula, window, rule, mart column
  query "SQL"                read-only SQL over the warehouse
  report --quarter Q [--pdf FILE] [--xlsx FILE] [--site DIR]
                             the quarterly report as an A4 PDF (printed by headless chromium from the built
                             site, default dist/, rebuilt in a temp dir when not built from this data dir)
                             and its tables as an XLSX workbook
  calendar show [YEAR]       the working-day calendar in use: each year and where it comes from (checked-in
                             notice / bank file / provisional), or one year's holidays and make-up workdays
  calendar add FILE [--replace]
                             add a year's holiday notice (JSON, format in README) without a release: checked,
                             then kept as <data-dir>/calendar/<year>.json; the next build recomputes
  inspect FILE [--pipeline NAME]
                             which pipeline reads FILE and why the others do not (name, header, encoding), its
                             first rows as they would load, its rejects and the labels no map knows; loads nothing
  pipelines                  list the pipelines (built-in and <data-dir>/pipelines/*.json), inboxes and schedules
  schedule [--once] [--list] [--out DIR] [--serve [--host H] [--port N]]
                             run every pipeline on its cron and republish after loads (long-lived);
                             --once runs every job once and exits; --list prints each job's next runs;
                             --serve serves the site it publishes (on 127.0.0.1 unless --host says)
`;

type Values = Record<string, string | boolean | undefined>;

function print(json: boolean, summary: string, data: unknown): void {
  if (json) process.stdout.write(`${JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
  else process.stdout.write(`${summary}\n`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Where a quarantined file went, said the way the user needs it: moved out of the inbox, or copied. */
function inboxCopy(config: KesuConfig, result: FileResult): string {
  const moved = result.file.startsWith(config.inboxDir);
  return moved ? `moved to ${result.quarantined_to}` : `a copy in ${result.quarantined_to}; ${result.file} is left where it is`;
}

/** The built-in pipelines with the data dir's own (`<data-dir>/pipelines/*.json`). */
function pipelinesOf(config: KesuConfig) {
  return loadPipelines(config.dataDir, PIPELINES);
}

function namedPipeline(config: KesuConfig, name: string) {
  const { pipelines } = pipelinesOf(config);
  const found = pipelines.find((p) => p.name === name);
  if (!found) throw new UsageError(`unknown pipeline "${name}"; known pipelines: ${pipelines.map((p) => p.name).join(", ")}`);
  return found;
}

function configFrom(values: Values, options: { needsKey?: boolean } = {}): KesuConfig {
  return loadConfig({ dataDir: values["data-dir"] as string | undefined, ...options });
}

function integerOption(values: Values, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${String(raw)}"`);
  return n;
}

class UsageError extends Error {
  override name = "UsageError";
}

async function cmdDemo(values: Values) {
  const { DEMO_DEFAULTS, generateSample } = await import("../demo/index.ts");
  const dataDir = (values["data-dir"] as string | undefined) ?? "data";
  const started = Date.now();
  const result = await generateSample({
    dataDir,
    seed: integerOption(values, "seed", DEMO_DEFAULTS.seed),
    complaints: integerOption(values, "complaints", DEMO_DEFAULTS.complaints),
    from: (values.from as string | undefined) ?? DEMO_DEFAULTS.from,
    to: (values.to as string | undefined) ?? DEMO_DEFAULTS.to,
  });
  const ms = Date.now() - started;
  print(
    Boolean(values.json),
    `demo: wrote ${result.files.length} export files (${result.complaints} complaints, ${result.rows} rows) into ${join(dataDir, "inbox")} in ${ms} ms`,
    { ...result, ms },
  );
  return result;
}

async function cmdIngest(values: Values, files: string[]) {
  const config = configFrom(values);
  const pipelines = values.pipeline ? [namedPipeline(config, values.pipeline as string)] : pipelinesOf(config).pipelines;
  const json = Boolean(values.json);
  const progress = createProgress({ enabled: !json && process.stderr.isTTY === true });
  const started = Date.now();
  // What landed before a failure (a full disk, a lost warehouse) is still the user's to know: with --json
  // the failed run prints those files before the error ends it.
  const landed: FileResult[] = [];
  const run = () =>
    withWriterLock(config.warehousePath, () =>
      withWarehouse(config.warehousePath, warehouseOptions(config), (warehouse) =>
        ingest(warehouse.connection, {
          config,
          pipelines,
          connect: warehouse.connect,
          files: files.length ? files : undefined,
          // a file the user names with its pipeline is read with it, whatever the file is called
          namedPipeline: values.pipeline && files.length ? pipelines[0] : undefined,
          onProgress: (event) => {
            progress.phase(event);
            // KESU_TRACE=1: one line per phase on stderr, for logs of unattended runs (and the crash test).
            if (process.env.KESU_TRACE) log(`trace ${event.file} ${event.phase}`);
          },
          onFile: (result) => {
            landed.push(result);
            progress.file(result);
          },
        }),
      ),
    );
  let results: FileResult[];
  try {
    results = await run();
  } catch (error) {
    progress.done();
    if (json)
      print(true, "", {
        error: (error as Error).message,
        files_done: landed.map(({ file, pipeline, status, rows_in, rows_loaded, rows_rejected, message }) => ({
          file,
          pipeline,
          status,
          rows_in,
          rows_loaded,
          rows_rejected,
          message,
        })),
      });
    else if (landed.length) log(`ingest: ${landed.filter((r) => r.status === "loaded").length} file(s) had landed before the failure`);
    throw error;
  }
  progress.done();
  const ms = Date.now() - started;
  const loaded = results.filter((r) => r.status === "loaded");
  const quarantined = results.filter((r) => r.status === "quarantined");
  const skipped = results.filter((r) => r.status === "skipped");
  for (const q of quarantined) log(`quarantined ${q.message}${q.quarantined_to ? ` (${inboxCopy(config, q)})` : ""}`);
  const irregular = skipped.filter((r) => r.message !== undefined && !r.message.startsWith("already loaded"));
  for (const r of irregular) log(`skipped ${r.message}`);
  for (const r of loaded) {
    if (r.unmapped_labels?.length) {
      const rows = r.unmapped_labels.reduce((n, u) => n + u.rows, 0);
      log(
        `${r.file}: ${rows} row(s) loaded with a label no map knows, as unmapped: ${r.unmapped_labels
          .slice(0, 5)
          .map((u) => `${u.field} "${u.label ?? ""}" ×${u.rows} (line ${u.first_line})`)
          .join(", ")}${r.unmapped_labels.length > 5 ? ", …" : ""}`,
      );
    }
    if (r.ignored_columns?.length) log(`${r.file}: columns not mapped, ignored: ${r.ignored_columns.join(", ")}`);
    if (r.rows_padded) log(`${r.file}: ${r.rows_padded} short row(s) padded with empty trailing fields`);
  }
  const rowsLoaded = loaded.reduce((n, r) => n + r.rows_loaded, 0);
  const rowsRejected = loaded.reduce((n, r) => n + r.rows_rejected, 0);
  print(
    json,
    `ingest: ${loaded.length} file(s) loaded, ${skipped.length - irregular.length} already loaded, ${quarantined.length} quarantined` +
      `${irregular.length ? `, ${irregular.length} skipped (named above)` : ""}; ` +
      `${rowsLoaded} rows loaded, ${rowsRejected} rejected in ${ms} ms`,
    results.map(({ file, pipeline, status, rows_in, rows_loaded, rows_rejected, message, ms, ...more }: FileResult) => ({
      file,
      pipeline,
      status,
      rows_in,
      rows_loaded,
      rows_rejected,
      message,
      ms,
      ...more,
    })),
  );
  return { results, ms };
}

async function cmdBuild(values: Values) {
  const config = configFrom(values, { needsKey: false });
  const started = Date.now();
  const result = await withWriterLock(config.warehousePath, () => {
    // a build reads what ingest loaded: it never creates a warehouse (in /etc, or a mistyped --data-dir)
    if (!existsSync(config.warehousePath)) throw new UsageError(`no warehouse at ${config.warehousePath}: run \`kesu ingest\` first (or check --data-dir)`);
    return withWarehouse(config.warehousePath, warehouseOptions(config), (warehouse) =>
      buildWarehouse(warehouse.connection, config, pipelinesOf(config).pipelines, { asOf: values["as-of"] as string | undefined }),
    );
  });
  const ms = Date.now() - started;
  for (const warning of result.warnings) log(`warning: ${warning}`);
  print(
    Boolean(values.json),
    `build: ${result.complaints} complaints as of ${result.as_of}; ${result.models.length} models, assertions passed; snapshot of ${result.publish.quarters.length} quarters in ${result.publish.dir} (${ms} ms)`,
    { ...result, ms },
  );
  return { ...result, ms };
}

async function cmdSite(values: Values) {
  const config = configFrom(values, { needsKey: false });
  const outDir = (values.out as string | undefined) ?? "dist";
  if (!existsSync(join(config.publishDir, "meta.json"))) {
    throw new UsageError(`no published snapshot in ${config.publishDir}: run \`kesu build\` first`);
  }
  const { buildSite } = await import("../site/build.ts");
  const result = await buildSite({ publishDir: config.publishDir, outDir, log, workDir: join(config.tmpDir, "site") });
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const z = result.compressed;
  print(
    Boolean(values.json),
    `site: built ${result.pages} pages into ${result.outDir} in ${result.ms} ms (text ${mb(z.raw)} MB, sent as ${mb(z.br)} MB brotli / ${mb(z.gzip)} MB gzip; compressed in ${z.ms} ms)`,
    result,
  );
  if (values.serve) await serveForever(result.outDir, integerOption(values, "port", 3000), values.host as string | undefined);
  return result;
}

async function serveForever(dir: string, port: number, host?: string): Promise<void> {
  const { serveSite } = await import("../site/build.ts");
  const server = await serveSite({ dir, port, host });
  process.stdout.write(`serving ${dir} at ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function cmdRun(values: Values) {
  const timings: Record<string, number> = {};
  const quiet = { ...values, json: false };
  // One writer from the first file to the swapped-in site: a scheduler cannot republish in between.
  await withWriterLock(configFrom(values).warehousePath, async () => {
    timings.ingest_ms = (await cmdIngest(quiet, [])).ms;
    timings.build_ms = (await cmdBuild(quiet)).ms;
    timings.site_ms = (await cmdSite({ ...quiet, serve: false })).ms;
  });
  if (values.json) print(true, "", timings);
  if (values.serve) await serveForever((values.out as string | undefined) ?? "dist", integerOption(values, "port", 3000));
  return timings;
}

function inboxIsEmpty(config: KesuConfig): boolean {
  if (!existsSync(config.inboxDir)) return true;
  return readdirSync(config.inboxDir).every((dir) => {
    try {
      return readdirSync(join(config.inboxDir, dir)).length === 0;
    } catch {
      return true;
    }
  });
}

async function cmdStart(values: Values) {
  const dataDir = (values["data-dir"] as string | undefined) ?? "data";
  const started = Date.now();
  const config = loadConfig({ dataDir, demo: true });
  if (inboxIsEmpty(config) && !existsSync(config.warehousePath)) {
    log("start: the inbox is empty — generating the embedded sample (kesu demo)");
    await cmdDemo({ "data-dir": dataDir });
  }
  await cmdRun({ ...values, serve: false });
  log(`start: pipeline and site ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await serveForever((values.out as string | undefined) ?? "dist", integerOption(values, "port", 3000));
}

async function cmdQuery(values: Values, positionals: string[]) {
  const sql = positionals.join(" ").trim();
  if (!sql) throw new UsageError('kesu query needs SQL, e.g. kesu query "select * from mart_kpi_quarterly"');
  const config = configFrom(values, { needsKey: false });
  if (!existsSync(config.warehousePath)) throw new UsageError(`no warehouse at ${config.warehousePath}: run \`kesu ingest\` first`);
  const rows = await withWarehouse(config.warehousePath, warehouseOptions(config, { readOnly: true, sandboxed: true }), (w) => all(w.connection, sql)).catch(
    (error: Error) => {
      // DuckDB refuses readers while a writer has the file open; say who, and that it is momentary.
      const holder = lockHolder(config.warehousePath);
      if (holder && /lock/i.test(error.message)) {
        throw new Error(`warehouse ${config.warehousePath} is in use by pid ${holder} (a kesu job is writing it right now); try again in a moment`);
      }
      throw error;
    },
  );
  if (values.json) print(true, "", rows);
  else process.stdout.write(`${formatTable(rows)}\n(${rows.length} row${rows.length === 1 ? "" : "s"})\n`);
}

async function cmdMetrics(values: Values) {
  const { BREAKDOWNS, headlineMetrics } = await import("../metrics/headline.ts");
  if (values.definitions) {
    // the definitions of every figure (src/metrics/definitions.ts, the methodology page's source)
    const { METRICS } = await import("../metrics/definitions.ts");
    print(
      Boolean(values.json),
      METRICS.map((m) => `${m.metricsKey ?? `(${m.id})`}  ${m.name.zh} ${m.name.en}: ${m.definition.en} [${m.formula}]`).join("\n"),
      METRICS,
    );
    return;
  }
  const quarter = values.quarter as string | undefined;
  if (!quarter || !/^\d{4}-Q[1-4]$/.test(quarter)) throw new UsageError("kesu metrics needs --quarter YYYY-QN, e.g. --quarter 2025-Q3");
  const by = values.by as (typeof BREAKDOWNS)[number] | undefined;
  if (by && !BREAKDOWNS.includes(by)) throw new UsageError(`--by must be one of ${BREAKDOWNS.join(", ")}`);
  const config = configFrom(values, { needsKey: false });
  if (!existsSync(config.warehousePath)) throw new UsageError(`no warehouse at ${config.warehousePath}: run \`kesu run\` first`);
  const result = await withWarehouse(config.warehousePath, warehouseOptions(config, { readOnly: true }), (w) =>
    headlineMetrics(w.connection, { quarter, by, profile: values.profile as string | undefined }),
  );
  const pct = (x: unknown) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "—");
  print(
    Boolean(values.json),
    `metrics ${quarter}: ${result.received} complaints (${result.received_merged} merged), QoQ ${pct(result.qoq_pct)}, YoY ${pct(result.yoy_pct)}; ` +
      `${typeof result.intensity_per_10k_customers === "number" ? `${result.intensity_per_10k_customers.toFixed(2)} per 10k customers; ` : ""}` +
      `on-time ${pct(result.on_time_rate)}, breach ${pct(result.breach_rate)} (${result.clock_profile}), ${result.breached} breached; at risk: ${result.at_risk_open} of the quarter's complaints (open now), ${result.open_at_risk_at_quarter_end} in the quarter-end backlog of ${result.open_at_quarter_end}; ${result.withdrawn} withdrawn (not judged); cause coverage ${pct(result.cause_coverage_rate)}; repeat-after-close ${pct(result.repeat_after_close_rate)}, ` +
      `escalation ${pct(result.escalation_rate)}${result.escalation_provisional ? " (provisional)" : ""}; ${(result.emerging_issues as unknown[]).length} emerging issue(s)`,
    result,
  );
}

async function cmdReport(values: Values) {
  const quarter = values.quarter as string | undefined;
  if (!quarter || !/^\d{4}-Q[1-4]$/.test(quarter)) throw new UsageError("kesu report needs --quarter YYYY-QN, e.g. --quarter 2025-Q3");
  if (!values.pdf && !values.xlsx) throw new UsageError("kesu report needs --pdf FILE and/or --xlsx FILE");
  const config = configFrom(values, { needsKey: false });
  const { report } = await import("../report/report.ts");
  const started = Date.now();
  const result = await report({
    publishDir: config.publishDir,
    quarter,
    pdf: values.pdf as string | undefined,
    xlsx: values.xlsx as string | undefined,
    siteDir: (values.site as string | undefined) ?? "dist",
    log,
  });
  const ms = Date.now() - started;
  const parts = [
    result.pdf && `PDF ${result.pdf.file} (${Math.round(result.pdf.bytes / 1024)} KB, site ${result.pdf.site})`,
    result.xlsx && `XLSX ${result.xlsx.file} (${result.xlsx.sheets} sheets)`,
  ].filter(Boolean);
  print(Boolean(values.json), `report ${quarter}: ${parts.join("; ")} in ${ms} ms`, { ...result, ms });
}

async function cmdSchedule(values: Values) {
  if (values.once && values.list) throw new UsageError("--once and --list do not go together");
  const { scheduleCommand } = await import("../schedule/command.ts");
  const config = configFrom(values);
  const outDir = (values.out as string | undefined) ?? "dist";
  const mode = values.list ? "list" : values.once ? "once" : "run";
  if (values.serve && mode !== "run") throw new UsageError("--serve goes with the long-lived scheduler, not --once or --list");
  // --serve: the site the scheduler publishes, served while it runs (each request reads the current build)
  const { serveSite } = await import("../site/build.ts");
  const server = values.serve
    ? await serveSite({ dir: outDir, port: integerOption(values, "port", 3000), host: values.host as string | undefined })
    : undefined;
  if (server) log(`schedule: serving ${outDir} at ${server.url}`);
  let entries: Awaited<ReturnType<typeof scheduleCommand>>;
  try {
    entries = await scheduleCommand({ config, pipelines: pipelinesOf(config).pipelines, outDir, mode, log });
  } finally {
    await server?.close();
  }
  if (entries) {
    if (values.json) print(true, "", entries);
    else
      process.stdout.write(
        `${formatTable(entries.map((e) => ({ job: e.job, cron: e.cron, next_1: e.next[0], next_2: e.next[1], next_3: e.next[2] })))}\n(times in ${config.timezone})\n`,
      );
  } else if (values.once) print(Boolean(values.json), "schedule: every job ran once", { once: true });
}

async function cmdCalendar(values: Values, positionals: string[]) {
  const { addCalendarFile, horizonWarning } = await import("../calendar/index.ts");
  const { calendarFor, todayIn } = await import("../publish/build.ts");
  const config = configFrom(values, { needsKey: false });
  const [action, argument, ...extra] = positionals;
  const today = todayIn(config);
  if (action === "add") {
    if (!argument || extra.length) throw new UsageError("kesu calendar add needs one FILE: a JSON year object (or an array of them)");
    const written = addCalendarFile(argument, config.calendarDir, { replace: Boolean(values.replace) });
    const resolved = calendarFor(config, today);
    print(
      Boolean(values.json),
      written.map((w) => `calendar: ${w.replaced ? "replaced" : "added"} ${w.year} from ${argument} as ${w.path}`).join("\n") +
        `\ncalendar: now confirmed to ${resolved.lastConfirmedDate}; the next \`kesu build\` recomputes every deadline from it`,
      { added: written, last_confirmed_date: resolved.lastConfirmedDate },
    );
    return;
  }
  if (action !== "show" && action !== undefined) throw new UsageError(`kesu calendar: unknown action "${action}" (use show [YEAR] or add FILE)`);
  const year = argument === undefined ? undefined : Number(argument);
  if (year !== undefined && (!Number.isInteger(year) || year < 1900 || year > 2100))
    throw new UsageError(`kesu calendar show YEAR: "${argument}" is not a year`);
  const resolved = calendarFor(config, `${Math.max(Number(today.slice(0, 4)), year ?? 0)}-12-31`);
  const warning = horizonWarning(resolved, today);
  if (year === undefined) {
    const rows = resolved.years.map((y) => ({
      year: y.year,
      origin: y.origin,
      holidays: y.holidays,
      makeup_workdays: y.makeup_workdays,
      source: y.file ? `${y.file}: ${y.source}` : y.source,
    }));
    if (values.json)
      print(true, "", {
        name: resolved.calendar.name,
        last_confirmed_date: resolved.lastConfirmedDate,
        strict: resolved.strict,
        warning,
        years: resolved.years,
      });
    else
      process.stdout.write(
        `${formatTable(rows)}\ncalendar ${resolved.calendar.name}: confirmed to ${resolved.lastConfirmedDate}${resolved.strict ? " (calendarStrict: no provisional years)" : ""}\n${warning ? `warning: ${warning}\n` : ""}`,
      );
    return;
  }
  const info = resolved.years.find((y) => y.year === year);
  if (!info) throw new UsageError(`the calendar in use has no ${year}${resolved.strict ? " (calendarStrict is on: no provisional years)" : ""}`);
  const data = resolved.calendar.years.find((y) => y.year === year)!;
  const days = [
    ...data.holidays.flatMap((h) => h.dates.map((date) => ({ date, kind: "holiday", name: `${h.name_zh} ${h.name_en}` }))),
    ...data.workdays.map((date) => ({ date, kind: "make-up workday", name: "调休上班" })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  if (values.json) print(true, "", { ...info, days });
  else process.stdout.write(`${formatTable(days)}\n${year}: ${info.origin}${info.file ? ` (${info.file})` : ""} — ${info.source}\n`);
}

async function cmdInspect(values: Values, positionals: string[]) {
  if (positionals.length !== 1) throw new UsageError("kesu inspect needs one FILE");
  const { inspectFile } = await import("../ingest/inspect.ts");
  const config = configFrom(values, { needsKey: false });
  const { pipelines } = pipelinesOf(config);
  const named = values.pipeline ? namedPipeline(config, values.pipeline as string) : undefined;
  const report = await inspectFile(positionals[0]!, { config, pipelines, named });
  if (values.json) return print(true, "", report);
  const out: string[] = [];
  out.push(
    `${report.file}`,
    "",
    formatTable(
      report.candidates.map((c) => ({
        pipeline: c.pipeline,
        name: c.name_matches ? "matches" : "no",
        columns: c.columns_found === null ? "—" : `${c.columns_found}/${c.columns_declared}`,
        header: c.header,
      })),
    ),
    "",
  );
  out.push(
    report.chosen
      ? `read with ${report.chosen}: ${report.why}`
      : `no pipeline reads it: ${report.why}. Name one with --pipeline, or add a pipeline in ${join(config.dataDir, "pipelines")}/ (README: Pipelines without code)`,
  );
  const r = report.result;
  if (r) {
    out.push(
      r.status === "quarantined"
        ? `would be refused: ${r.message}`
        : `would load ${r.rows_loaded} of ${r.rows_in} rows, reject ${r.rows_rejected}${r.rows_flagged ? `; ${r.rows_flagged} loaded with a value recorded as unmapped or empty` : ""}${r.rows_padded ? `; ${r.rows_padded} short row(s) padded` : ""}`,
    );
    if (report.sample.length) out.push("", "first rows as they would load:", formatTable(report.sample));
    if (report.value_issues.length) out.push("", "values no map knows, or that cannot be used (loaded all the same):", formatTable(report.value_issues));
    if (report.rejects.length) out.push("", "rows that would be rejected:", formatTable(report.rejects));
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

function cmdPipelines(values: Values) {
  const { pipelines, origins } = pipelinesOf(configFrom(values, { needsKey: false }));
  const rows = pipelines.map((p) => ({
    name: p.name,
    channels: p.channels.join(","),
    inbox: `inbox/${p.name}/`,
    format: p.format.kind === "csv" ? `csv ${p.format.encoding}` : p.format.kind,
    cron: p.cron,
    clock_profiles: p.clockProfiles.join(","),
    defined_in: origins[p.name],
  }));
  if (values.json) print(true, "", rows);
  else process.stdout.write(`${formatTable(rows)}\n`);
}

const COMMANDS: Record<string, { options: ParseArgsConfig["options"]; run: (values: Values, positionals: string[]) => Promise<unknown> | unknown }> = {
  start: { options: { out: { type: "string" }, port: { type: "string" } }, run: (v) => cmdStart(v) },
  demo: {
    options: { seed: { type: "string" }, complaints: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
    run: (v) => cmdDemo(v),
  },
  ingest: { options: { pipeline: { type: "string" } }, run: (v, p) => cmdIngest(v, p) },
  build: { options: { "as-of": { type: "string" } }, run: (v) => cmdBuild(v) },
  site: {
    options: { serve: { type: "boolean", default: false }, out: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
    run: (v) => cmdSite(v),
  },
  run: { options: { out: { type: "string" }, serve: { type: "boolean", default: false }, port: { type: "string" } }, run: (v) => cmdRun(v) },
  query: { options: {}, run: (v, p) => cmdQuery(v, p) },
  metrics: {
    options: { quarter: { type: "string" }, by: { type: "string" }, profile: { type: "string" }, definitions: { type: "boolean" } },
    run: (v) => cmdMetrics(v),
  },
  report: {
    options: { quarter: { type: "string" }, pdf: { type: "string" }, xlsx: { type: "string" }, site: { type: "string" } },
    run: (v) => cmdReport(v),
  },
  pipelines: { options: {}, run: (v) => cmdPipelines(v) },
  inspect: { options: { pipeline: { type: "string" } }, run: (v, p) => cmdInspect(v, p) },
  calendar: { options: { replace: { type: "boolean", default: false } }, run: (v, p) => cmdCalendar(v, p) },
  schedule: {
    options: {
      once: { type: "boolean", default: false },
      list: { type: "boolean", default: false },
      out: { type: "string" },
      serve: { type: "boolean", default: false },
      host: { type: "string" },
      port: { type: "string" },
    },
    run: (v) => cmdSchedule(v),
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    log(`kesu: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...COMMON, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    await command.run(values as Values, positionals);
    return 0;
  } catch (error) {
    const err = error as Error;
    log(`kesu ${name}: ${err.message}`);
    if (process.env.KESU_DEBUG && err.stack) log(err.stack);
    return err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}
