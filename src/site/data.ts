// What every data file of the site holds, built from the published snapshot. The loaders in reports/data/
// are one-line wrappers around these (Framework runs each of them in its own process when it has no
// output for it); `kesu site` builds them all in its own process first (prepareSiteData), reading each
// snapshot file once, so the build spawns no loader process at all (see src/site/build.ts).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PIPELINES } from "../../pipelines/index.ts";
import { loadCauseRules } from "../classify/rules.ts";
import { AT_RISK_FRACTION, PROFILES, type ClockRule } from "../clock/profiles.ts";
import { CAUSES, CHANNEL_GROUP, type IntakeChannel } from "../codes.ts";
import { cubeFiles } from "../publish/cube.ts";
import { GROUP_LABELS, METRICS } from "../metrics/definitions.ts";
import { maskText, siteParams, type Meta, type Row, type Snapshot } from "./snapshot.ts";

const pick = (row: Row, keys: string[]): Row => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));

// ---------------------------------------------------------------------------------------------------------
// dashboard.json: what the dashboard shows beside the cubes' figures — the emerging issues (flags are not
// additive), the whole bank's repeat-customer rate (distinct customers cannot be added across cells) and
// which quarters' escalation windows are still open. Every count and rate comes from the cubes.

export function dashboardData(s: Snapshot) {
  const meta = s.read<Meta>("meta.json");
  const emerging = s.read<Row[]>("emerging_issues.json");
  return {
    meta,
    labels: s.read("labels.json"),
    // the tier-2 branches under each tier-1 branch (the tier-2 filter's choices)
    branches: s.read<Row[]>("cube_branches.json"),
    recurrence: s.read<Row[]>("recurrence_quarterly.json").map((r) => pick(r, ["quarter", "repeat_customer_rate", "escalation_provisional"])),
    // every flag, strongest first within a month (the page filters by period, category, branch, channel, cause)
    emerging: emerging
      .slice()
      .sort((a, b) => String(b.month).localeCompare(String(a.month)) || Number(b.z_score) - Number(a.z_score))
      .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).slice(0, 1).map(maskText) })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// cube-*.arrow: the snapshot's cubes (src/publish/cube.ts) as published — the dashboard computes every tile,
// chart and table from them in the browser (reports/components/cube.js), so all show the same scope.

/** The dashboard's cube files: the site's path → the snapshot file it is a copy of. */
export const CUBE_FILES: Record<string, string> = Object.fromEntries(cubeFiles().map((c) => [`data/${c.file.replace(/_/g, "-")}`, c.file]));

export function cubeFile(s: Snapshot, path: string): Uint8Array {
  const file = CUBE_FILES[path];
  if (!file) throw new Error(`${path} is not one of the cubes (${Object.keys(CUBE_FILES).join(", ")})`);
  return s.bytes(file);
}

// ---------------------------------------------------------------------------------------------------------
// quarter-[quarter].json: one quarter's report data — only that quarter's aggregates, with the previous
// quarter and year where the bulletin layout compares against them.

// The bulletin groups channels on-site vs off-site (CBIRC Order 2020 No.3); the snapshot's channel rows
// carry only the channel code, so each gets its group from the one mapping in src/codes.ts.
const withGroup = (r: Row): Row => (r.dimension === "intake_channel" ? { ...r, intake_group: CHANNEL_GROUP[r.code as IntakeChannel] ?? null } : r);

export function quarterData(s: Snapshot, quarter: string) {
  const meta = s.read<Meta>("meta.json");
  if (!meta.quarters.includes(quarter)) throw new Error(`quarter ${quarter} is not in the snapshot (${meta.quarters.join(", ")})`);
  const inQuarter = (rows: Row[]) => rows.filter((r) => r.quarter === quarter);
  const headline = (rows: Row[]) => rows.filter((r) => r.quarter === quarter && (r.profile_id == null || r.profile_id === meta.clock_profile));
  const recurrence = s.read<Row[]>("recurrence_quarterly.json");
  const kpi = s.read<Row[]>("kpi_quarterly.json").find((r) => r.quarter === quarter);
  if (!kpi) throw new Error(`kpi_quarterly.json has no row for ${quarter}`);
  const dataQuality = s.read<Row[]>("data_quality_quarterly.json").find((r) => r.quarter === quarter) ?? null;
  return {
    quarter,
    meta,
    labels: s.read("labels.json"),
    kpi,
    by: inQuarter(s.read<Row[]>("received_quarterly_by.json")).map(withGroup),
    sla: inQuarter(s.read<Row[]>("sla_quarterly_by.json")).map(withGroup),
    recurrence: recurrence.find((r) => r.quarter === quarter) ?? null,
    emerging: inQuarter(s.read<Row[]>("emerging_issues.json")).map((r) => ({
      ...r,
      example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText),
    })),
    // tier-1 branches, with their medians in every row (median_*: mart_org_scorecard_quarterly)
    branches: inQuarter(s.read<Row[]>("org_scorecard_quarterly.json")).filter((r) => r.org_level === "tier1"),
    regions: inQuarter(s.read<Row[]>("region_quarterly.json")),
    // the bank's Pareto of causes (cumulative shares and the vital few: mart_cause_pareto)
    pareto: inQuarter(s.read<Row[]>("cause_pareto.json")).filter((r) => r.scope_type === "all"),
    bands: headline(s.read<Row[]>("sla_bands_quarterly.json")),
    aging: headline(s.read<Row[]>("sla_aging_quarterly.json")),
    cause_by_category: inQuarter(s.read<Row[]>("cause_by_category_quarterly.json")),
    classification: s.read<Row[]>("cause_classification_quarterly.json").find((r) => r.quarter === quarter) ?? null,
    // the files whose complaints fall in the quarter (data_quality_quarterly.json, src/publish/data_quality.ts)
    data_quality: dataQuality,
    calendar: quarterCalendar(s, quarter, meta.clock_profile),
    // complaints of the quarter loaded with a label no map knew (counted in every table all the same)
    unmapped: inQuarter(s.read<Row[]>("unmapped_labels_quarterly.json")),
  };
}

/**
 * The calendar behind the quarter's headline deadlines: its name and horizon, and how many of the quarter's
 * deadlines rest on a provisional year.
 */
function quarterCalendar(s: Snapshot, quarter: string, profile: string) {
  const calendar = s.read<Row & { by_quarter: Row[]; years: Row[] }>("calendar.json");
  const row = calendar.by_quarter.find((r) => r.quarter === quarter && r.profile_id === profile);
  return {
    name: calendar.name,
    last_confirmed_date: calendar.last_confirmed_date,
    notice_years: calendar.years.filter((y) => y.origin !== "provisional").map((y) => y.year),
    provisional_years: calendar.years.filter((y) => y.origin === "provisional").map((y) => y.year),
    clocks: row?.clocks ?? 0,
    provisional_deadlines: row?.provisional_deadlines ?? 0,
    provisional_open: row?.provisional_open ?? 0,
    provisional_breached: row?.provisional_breached ?? 0,
    provisional_at_risk: row?.provisional_at_risk ?? 0,
    first_provisional_deadline: row?.first_provisional_deadline ?? null,
    last_provisional_deadline: row?.last_provisional_deadline ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// quarters.json: the quarter list's lines — each quarter's received count and its changes (mart_kpi_quarterly).

export function quartersData(s: Snapshot) {
  return { quarters: s.read<Row[]>("kpi_quarterly.json").map((r) => pick(r, ["quarter", "received", "qoq_pct", "yoy_pct"])) };
}

// ---------------------------------------------------------------------------------------------------------
// products.json: each business category per quarter — volume, change, timeliness and its top cause.

export function productsData(s: Snapshot) {
  const causes = s.read<Row[]>("cause_by_category_quarterly.json");
  const topCause = new Map<string, Row>();
  for (const r of causes) {
    const key = `${r.quarter}|${r.business_category}`;
    if (r.cause_code !== "unclassified" && Number(r.complaints) > Number(topCause.get(key)?.complaints ?? -1)) topCause.set(key, r);
  }
  const sla = s.read<Row[]>("sla_quarterly_by.json").filter((r) => r.dimension === "business_category");
  return {
    meta: s.read<Meta>("meta.json"),
    labels: s.read("labels.json"),
    categories: s
      .read<Row[]>("received_quarterly_by.json")
      .filter((r) => r.dimension === "business_category")
      .map((r) => {
        const x = sla.find((x) => x.quarter === r.quarter && x.code === r.code);
        const top = topCause.get(`${r.quarter}|${r.code}`);
        return {
          quarter: r.quarter,
          code: r.code,
          received: r.received,
          share: r.share,
          qoq_pct: r.qoq_pct,
          yoy_pct: r.yoy_pct,
          breach_rate: x?.breach_rate ?? null,
          on_time_rate: x?.on_time_rate ?? null,
          top_cause: top?.cause_code ?? null,
          top_cause_share: top?.share_of_category ?? null,
        };
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// product-[category].json: one business category's monthly trend, quarterly figures, cause mix, emerging
// issues (example narratives masked again here) and the branches it hits most. Uses the category marts of
// the data contract when published, the older snapshot files otherwise.

export function productData(s: Snapshot, category: string) {
  const mine = (rows: Row[], key = "business_category") => rows.filter((r) => r[key] === category);
  const quarterly = s.read<Row[]>("received_quarterly_by.json").filter((r) => r.dimension === "business_category" && r.code === category);
  if (!quarterly.length) throw new Error(`business category ${category} has no complaints in the snapshot`);
  const emerging = s
    .read<Row[]>("emerging_issues.json")
    .filter((r) => r.cell_type === "business_category" && r.cell_key === category)
    .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText) }));
  // Without the cause × category mart, the Pareto mart has the same counts per category scope.
  const causes = s.read<Row[]>("cause_by_category_quarterly.json");
  return {
    category,
    meta: s.read<Meta>("meta.json"),
    labels: s.read("labels.json"),
    quarterly,
    sla: s.read<Row[]>("sla_quarterly_by.json").filter((r) => r.dimension === "business_category" && r.code === category),
    monthly: mine(s.read<Row[]>("category_monthly.json")),
    causes: mine(causes),
    branches: mine(s.read<Row[]>("category_org_quarterly.json")),
    emerging,
  };
}

// ---------------------------------------------------------------------------------------------------------
// branches.json: the scorecard mart's tier-1 rows for every quarter (the page ranks and takes the median in
// the browser, so the quarter and measure filters need no reload).

export function branchesData(s: Snapshot) {
  return {
    meta: s.read<Meta>("meta.json"),
    labels: s.read("labels.json"),
    scorecard: s.read<Row[]>("org_scorecard_quarterly.json").filter((r) => r.org_level === "tier1"),
    // each branch's rank, peers' median and side of it per measure, among all tier-1 branches or its region's
    ranks: s.read<Row[]>("org_peer_ranks_quarterly.json"),
  };
}

// ---------------------------------------------------------------------------------------------------------
// branch-[org].json: one tier-1 branch's quarters, its tier-1 peers (for ranks and the median), its tier-2
// branches, the business categories it handles most and its emerging issues.

export function branchData(s: Snapshot, org: string) {
  const scorecard = s.read<Row[]>("org_scorecard_quarterly.json");
  const received = s.read<Row[]>("received_quarterly_by.json").filter((r) => r.dimension === "tier1_org" && r.code === org);
  if (!received.length && !scorecard?.some((r) => r.org_code === org)) throw new Error(`branch ${org} has no complaints in the snapshot`);
  return {
    org,
    meta: s.read<Meta>("meta.json"),
    labels: s.read("labels.json"),
    received,
    peers: scorecard.filter((r) => r.org_level === "tier1"),
    // the branch's ranks among all tier-1 branches, per quarter and measure
    ranks: s.read<Row[]>("org_peer_ranks_quarterly.json").filter((r) => r.peer_group === "all" && r.org_code === org),
    children: scorecard.filter((r) => r.org_level === "tier2" && r.parent_org_code === org),
    categories: s.read<Row[]>("category_org_quarterly.json").filter((r) => r.org_code === org),
    causes: s.read<Row[]>("cause_pareto.json").filter((r) => r.scope_type === "tier1_org" && r.scope_key === org),
    emerging: s
      .read<Row[]>("emerging_issues.json")
      .filter((r) => r.cell_type === "tier1_org" && r.cell_key === org)
      .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText) })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// data-quality.json: every file seen, the rejects by pipeline × column × reason (masked examples only, see
// src/publish/data_quality.ts), and the scheduler's job runs once it publishes them.

/**
 * "客服热线工单 (95xxx hotline work orders) — UTF-8 CSV" → zh and en names of the source system and its format.
 * A description in one language names the system in that one only: a Chinese-only one (a bank's own pipeline
 * file) has no English name (null: the page shows the pipeline's code), an English-only one is both.
 */
function pipelineLabel(description: string): { zh: string; en: string | null; format: string } {
  const [names, format = ""] = description.split(" — ");
  const name = names.trim();
  const match = /^(.*?) \((.*)\)$/.exec(name);
  if (match && /\p{Script=Han}/u.test(match[1])) return { zh: match[1], en: match[2], format };
  return { zh: name, en: /\p{Script=Han}/u.test(name) ? null : name, format };
}

// ---------------------------------------------------------------------------------------------------------
// cases.json: the open complaints past their deadline or at risk (mart_open_cases), for the case list page —
// no customer reference, no narrative.

export function casesData(s: Snapshot) {
  return { meta: s.read<Meta>("meta.json"), labels: s.read("labels.json"), cases: s.read("open_cases.json") };
}

export function dataQualityData(s: Snapshot) {
  return {
    meta: s.read<Meta>("meta.json"),
    labels: s.read("labels.json"),
    pipelines: Object.fromEntries(PIPELINES.map((p) => [p.name, { ...pipelineLabel(p.description), channels: p.channels }])),
    files: s.read("data_quality_files.json"),
    // the register's totals per source system, and for all (pipeline null): src/publish/data_quality.ts
    totals: s.read("data_quality_pipelines.json"),
    rejects: s.read("data_quality_rejects.json"),
    job_runs: s.read("job_runs.json"),
    calendar: s.read("calendar.json"),
    value_issues: s.read("data_quality_value_issues.json"),
  };
}

// ---------------------------------------------------------------------------------------------------------
// methodology.json: the metric definitions and the cause-classifier rules, read from the same modules
// `kesu metrics` and the SQL models use (src/metrics/definitions.ts, src/classify/cause-rules.json), so the
// page cannot drift from the figures. Needs no snapshot.

const rule = (r: ClockRule) => ({
  allowed: r.allowed,
  extensions: r.extensions,
  unit: r.unit,
  count_start_day: r.countStartDay,
  roll_to_working_day: r.rollToWorkingDay,
  exclude_paused_days: r.excludePausedDays,
  business_days: r.businessDays,
  source: r.source,
});

export function methodologyData() {
  return {
    at_risk_fraction: AT_RISK_FRACTION,
    clock_profiles: Object.values(PROFILES).map((p) => ({
      id: p.id,
      name: { zh: p.name_zh, en: p.name_en },
      start: p.start,
      notes: p.notes,
      ...rule(p),
      payment_services: p.paymentServices ? rule(p.paymentServices) : null,
    })),
    groups: GROUP_LABELS,
    metrics: METRICS,
    causes: CAUSES,
    cause_rules: loadCauseRules()
      .slice()
      .sort((a, b) => a.priority - b.priority || a.order - b.order)
      .map((r) => ({ id: r.id, cause_code: r.cause_code, priority: r.priority, lang: r.lang, keywords: r.keywords })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Every data file: one per page family, one per parameterised page (siteParams, which the site config's
// dynamicPaths use too).

/** One file the site's pages attach, by its path under reports/ (`data/quarter-2025-Q3.json`). */
export interface SiteDataFile {
  path: string;
  build(): string | Uint8Array;
}

const json = (value: unknown) => JSON.stringify(value);

/** Every data file the pages attach, each as its loader would write it to stdout. */
export function siteDataFiles(s: Snapshot): SiteDataFile[] {
  const params = siteParams(s);
  return [
    { path: "data/dashboard.json", build: () => json(dashboardData(s)) },
    ...Object.keys(CUBE_FILES).map((path) => ({ path, build: () => cubeFile(s, path) })),
    { path: "data/quarters.json", build: () => json(quartersData(s)) },
    { path: "data/methodology.json", build: () => json(methodologyData()) },
    { path: "data/data-quality.json", build: () => json(dataQualityData(s)) },
    { path: "data/cases.json", build: () => json(casesData(s)) },
    { path: "data/products.json", build: () => json(productsData(s)) },
    { path: "data/branches.json", build: () => json(branchesData(s)) },
    ...params.quarters.map((q) => ({ path: `data/quarter-${q}.json`, build: () => json(quarterData(s, q)) })),
    ...params.categories.map((c) => ({ path: `data/product-${c}.json`, build: () => json(productData(s, c)) })),
    ...params.branches.map((o) => ({ path: `data/branch-${o}.json`, build: () => json(branchData(s, o)) })),
  ];
}

/**
 * Writes every data file into Framework's loader cache (`<root>/.observablehq/cache/<path>`), where
 * `observable build` takes a loader's output from instead of running the loader. A file whose data cannot
 * be built is left out: Framework then runs its loader, which fails the build with the same message as
 * before. Each file is written beside and renamed into place, so a killed build leaves no partial output
 * that a later build would take as complete.
 */
export async function prepareSiteData(s: Snapshot, cacheDir: string): Promise<{ written: string[]; skipped: { path: string; error: string }[] }> {
  const written: string[] = [];
  const skipped: { path: string; error: string }[] = [];
  for (const file of siteDataFiles(s)) {
    let contents: string | Uint8Array;
    try {
      contents = file.build();
    } catch (error) {
      skipped.push({ path: file.path, error: (error as Error).message });
      continue;
    }
    const target = join(cacheDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.${process.pid}.tmp`, contents);
    await rename(`${target}.${process.pid}.tmp`, target);
    written.push(file.path);
  }
  return { written, skipped };
}
