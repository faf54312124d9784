// The built site in a real browser (Debian chromium, or the npm package's where Debian's is absent, via playwright-core), on one sample built through the
// real CLI (test/browser/sample.ts). For every page type: it renders with no console error, requests
// nothing from any host but the one serving it, has its charts and tables, and shows at least one figure
// that equals the same figure from `kesu metrics` or `kesu query` on the same data dir. Then filters,
// screenshot snapshots (test/browser/snapshots/), the regulator outputs (`kesu report` PDF and XLSX), and
// a scan of dist/ for personal data the sample's exports did contain.
//
// Update the screenshot baselines after an intended change:  KESU_UPDATE_SNAPSHOTS=1 npx vitest run test/browser
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { waitForRendered } from "../../src/report/browser.ts";
import { siteShowsSnapshot } from "../../src/report/report.ts";
import { PII_KINDS, scanPii, scanPiiDirectory, filesUnder, readText } from "./pii.ts";
import { browserSuite, openPage, type Visit } from "./harness.ts";
import type { Sample } from "./sample.ts";
import { matchSnapshot, snapshotOk } from "./snapshot.ts";

const execFileP = promisify(execFile);

/** The quarter the report tests print: inside the sample's 8 quarters, with a previous quarter. */
const QUARTER = "2025-Q3";
/** A business category with complaints in every quarter of the sample. */
const PRODUCT = "credit_card";
/** A tier-1 branch of the sample's organisation (src/demo/orgs.ts). */
const BRANCH = "GD";

const suite = browserSuite();
// the suite's sample, once its beforeAll has run
let sample: Sample;
beforeAll(() => {
  sample = suite.sample;
});

/** Thousands separators written out here, not with the page's Intl formatter. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function visit(path: string, options: { viewport?: { width: number; height: number } } = {}): Promise<Visit> {
  return openPage(suite, path, options);
}

/** The value shown in a KPI tile, found by its (Chinese) title. */
async function tileValue(page: Page, title: string): Promise<string> {
  return (
    await page
      .locator(".kesu-tile", { has: page.locator(`h3:text-is("${title}")`) })
      .first()
      .locator(".value")
      .innerText()
  ).trim();
}

/** Plot charts with at least one drawn mark (a bar, line or dot), not just an empty frame. */
async function drawnCharts(page: Page): Promise<number> {
  return page
    .locator("#observablehq-main svg")
    .evaluateAll((svgs) => svgs.filter((svg) => svg.querySelector("g[aria-label] > :is(rect, path, circle, line, text)") !== null).length);
}

async function tablesWithRows(page: Page): Promise<number> {
  return page.locator("#observablehq-main table").evaluateAll((tables) => tables.filter((t) => t.querySelectorAll("tbody tr").length > 0).length);
}

describe("the browser harness can fail", () => {
  it("records a request to another host (and chromium cannot resolve it)", async () => {
    const v = await visit("/methodology");
    try {
      const result = await v.page.evaluate(() =>
        fetch("https://cdn.jsdelivr.net/npm/d3@7").then(
          () => "fetched",
          (e) => `failed: ${e}`,
        ),
      );
      expect(result).toMatch(/^failed/);
      expect(v.outside()).toEqual(["https://cdn.jsdelivr.net/npm/d3@7"]);
      expect(v.consoleErrors.join("\n")).toMatch(/ERR_NAME_NOT_RESOLVED|Failed to fetch|jsdelivr/);
    } finally {
      await v.close();
    }
  });
});

// Each page type: minimum charts and tables, and one figure checked against the CLI.
const PAGES: { name: string; path: () => string; charts: number; tables: number }[] = [
  { name: "dashboard", path: () => "/", charts: 2, tables: 1 },
  { name: "quarter list", path: () => "/quarterly/", charts: 0, tables: 0 },
  { name: "quarterly report", path: () => `/quarterly/${QUARTER}`, charts: 4, tables: 6 },
  { name: "methodology", path: () => "/methodology", charts: 0, tables: 1 },
  { name: "data quality", path: () => "/data-quality", charts: 1, tables: 2 },
  { name: "open cases", path: () => "/cases", charts: 0, tables: 1 },
  { name: "product list", path: () => "/products/", charts: 1, tables: 1 },
  { name: "product page", path: () => `/products/${PRODUCT}`, charts: 2, tables: 1 },
  { name: "branch scorecards", path: () => "/branches/", charts: 1, tables: 1 },
  { name: "branch page", path: () => `/branches/${BRANCH}`, charts: 2, tables: 2 },
];

describe.each(PAGES)("page: $name", ({ path, charts, tables }) => {
  it("renders with no console error, no outside request, its charts and tables", async () => {
    const v = await visit(path());
    try {
      expect(v.consoleErrors).toEqual([]);
      expect(v.outside()).toEqual([]);
      expect(v.requests.length).toBeGreaterThan(1);
      expect(await drawnCharts(v.page)).toBeGreaterThanOrEqual(charts);
      expect(await tablesWithRows(v.page)).toBeGreaterThanOrEqual(tables);
    } finally {
      await v.close();
    }
  });
});

describe("tables download as CSV", () => {
  it(`quarterly ${QUARTER}: 表2's CSV has the zh headers, a BOM for Excel, and the category counts from \`kesu query\``, async () => {
    const counts = await sample.query<{ business_category: string; received: number }>(
      `select business_category, count(*)::integer as received from complaints where is_complaint and received_quarter = '${QUARTER}' group by all`,
    );
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const v = await visit(`/quarterly/${QUARTER}`);
    try {
      const figure = v.page.locator("figure.kesu-table", { hasText: "表2" }).first();
      const [download] = await Promise.all([v.page.waitForEvent("download"), figure.locator("button.kesu-download").click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const text = readFileSync(await download.path(), "utf8");
      expect(text.charCodeAt(0), "UTF-8 BOM").toBe(0xfeff);
      const lines = text.slice(1).trim().split(/\r\n/);
      expect(lines[0].split(",")[0]).toBe("业务类别");
      const top = counts.sort((a, b) => b.received - a.received)[0];
      const line = lines.find((l) => l.startsWith(`${labels.business_category[top.business_category].zh},`));
      expect(line, `a row for ${top.business_category}`).toBeDefined();
      // label, code, then the count (reports/components/table.js: a code column beside its label)
      expect(lines[0].split(",")[1]).toBe("业务类别代码");
      expect(line!.split(",")[1]).toBe(top.business_category);
      expect(line!.split(",")[2]).toBe(String(top.received));
    } finally {
      await v.close();
    }
  });
});

describe("light pages", () => {
  it(`the quarterly page loads at most 500 KB of data (issue 5: aggregates only)`, async () => {
    const v = await visit(`/quarterly/${QUARTER}`);
    try {
      const data = v.requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith("/_file/"));
      expect(data.length, "the page fetched its data file(s)").toBeGreaterThan(0);
      const bytes = data.reduce((n, p) => n + statSync(join(sample.dist, decodeURIComponent(p))).size, 0);
      expect(bytes).toBeGreaterThan(1000);
      expect(bytes).toBeLessThanOrEqual(500 * 1024);
    } finally {
      await v.close();
    }
  });
});

describe("figures on the pages equal the CLI's", () => {
  it("dashboard: the latest quarter's received tile equals `kesu metrics`", async () => {
    const latest = sample.meta.quarters.at(-1)!;
    const metrics = JSON.parse(await sample.kesu(["metrics", "--quarter", latest, "--json"]));
    const v = await visit("/");
    try {
      expect(await v.page.locator("#observablehq-main").innerText()).toContain(latest);
      expect(await tileValue(v.page, "受理投诉（件）")).toBe(thousands(metrics.received));
      expect(await tileValue(v.page, "合并重复后（件）")).toBe(thousands(metrics.received_merged));
    } finally {
      await v.close();
    }
  });

  it(`dashboard: the open-at-quarter-end tile's breached and at-risk are the aging mart's, as in the chart below it (latest quarter and ${QUARTER})`, async () => {
    // The kpi mart's at_risk counts another population (received in the quarter, read at the as-of date):
    // 0 for the sample's 2025-Q3 against 7 open at risk at its end. The tile says "of which", so it must be
    // the quarter-end figure.
    const aging = await sample.query<{ quarter: string; open: number; breached: number; at_risk: number }>(
      `select quarter, sum(open_complaints)::integer as open, sum(breached)::integer as breached, sum(at_risk)::integer as at_risk
       from mart_sla_aging_quarterly where profile_id = '${sample.meta.clock_profile}' group by quarter`,
    );
    const v = await visit("/");
    try {
      const tileText = () =>
        v.page
          .locator(".kesu-tile[data-metric='open_at_quarter_end']")
          .innerText()
          .then((t) => t.replace(/\s+/g, " "));
      for (const quarter of [sample.meta.quarters.at(-1)!, QUARTER]) {
        if (quarter !== sample.meta.quarters.at(-1)) await v.page.locator("#observablehq-main .kesu-filters select").nth(0).selectOption({ label: quarter });
        const expected = aging.find((r) => r.quarter === quarter)!;
        expect(expected.at_risk, "the sample has open complaints at risk at the quarter's end").toBeGreaterThan(0);
        await expect
          .poll(tileText, { message: quarter })
          .toContain(
            `${quarter} 末未办结（件） ${thousands(expected.open)} 不论何时受理；其中已超时 ${thousands(expected.breached)} · 临期 ${thousands(expected.at_risk)}`,
          );
      }
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it(`dashboard: every tile names its figure as \`kesu metrics --json\` does and carries the same value (latest quarter and ${QUARTER})`, async () => {
    const v = await visit("/");
    try {
      for (const quarter of [sample.meta.quarters.at(-1)!, QUARTER]) {
        const metrics = JSON.parse(await sample.kesu(["metrics", "--quarter", quarter, "--json"])) as Record<string, unknown>;
        if (quarter !== sample.meta.quarters.at(-1)) await v.page.locator("#observablehq-main .kesu-filters select").nth(0).selectOption({ label: quarter });
        const read = () =>
          v.page
            .locator(".kesu-tile")
            .evaluateAll((tiles) => tiles.map((t) => [t.getAttribute("data-metric"), t.getAttribute("data-value")] as [string | null, string | null]));
        await expect.poll(async () => (await read()).find(([id]) => id === "received")?.[1], { message: quarter }).toBe(String(metrics.received));
        const tiles = await read();
        expect(tiles.length, "the whole bank's tiles").toBeGreaterThanOrEqual(6);
        for (const [id, value] of tiles) {
          expect(id, "every tile names its metric").toBeTruthy();
          expect(metrics, `${id} is a kesu metrics id`).toHaveProperty(id!);
          expect(Number(value), `${quarter} ${id}`).toBeCloseTo(Number(metrics[id!]), 12);
        }
      }
    } finally {
      await v.close();
    }
  });

  it("dashboard: for 24 random filter combinations, every tile's value equals `kesu query` over complaints and their clocks for the same scope", async () => {
    // The expected figures are counted here from the complaints, their clocks (int_complaint_clocks,
    // int_open_clocks_at_quarter_end's definition re-derived from dates) and recurrence flags — not from the
    // cubes the page adds up, nor from any mart.
    const profile = sample.meta.clock_profile;
    const asOf = sample.meta.as_of;
    const tree = await sample.query<{ region: string; org: string; branch: string | null }>(
      "select distinct region, coalesce(tier1_code, org_code) as org, tier2_code as branch from complaints where is_complaint and region is not null",
    );
    const codes = async (column: string) =>
      (await sample.query<{ v: string }>(`select distinct ${column} as v from complaints where is_complaint and ${column} is not null order by 1`)).map(
        (r) => r.v,
      );
    const [categories, causes, channels, months] = [
      await codes("business_category"),
      await codes("cause_code"),
      await codes("intake_channel"),
      await codes("received_month"),
    ];
    // a fixed seed: the same 24 combinations on every run (mulberry32)
    let seed = 20261203;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const one = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const maybe = <T>(p: number, value: () => T) => (random() < p ? value() : undefined);
    const combos = Array.from({ length: 24 }, (_, i) => {
      const place = one(tree);
      const depth = random();
      const ranged = i % 4 === 3;
      const [from, to] = ranged ? [one(months), one(months)].sort() : [undefined, undefined];
      return {
        quarter: ranged ? undefined : one(sample.meta.quarters),
        from,
        to,
        region: depth < 0.25 ? place.region : undefined,
        org: depth >= 0.25 && depth < 0.6 ? place.org : depth >= 0.6 && place.branch ? place.org : undefined,
        branch: depth >= 0.6 && place.branch ? place.branch : undefined,
        category: maybe(0.45, () => one(categories)),
        cause: maybe(0.3, () => one(causes)),
        channel: maybe(0.35, () => one(channels)),
      };
    });
    const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
    const v = await visit("/");
    let nonEmpty = 0;
    const levels = new Set<string>();
    try {
      for (const combo of combos) {
        const query = new URLSearchParams(Object.entries(combo).filter(([, x]) => x != null) as [string, string][]).toString();
        const quarter = combo.quarter ?? sample.meta.quarters.at(-1)!;
        const monthsOf = combo.from
          ? months.filter((m) => m >= combo.from! && m <= combo.to!)
          : [1, 2, 3].map((k) => `${quarter.slice(0, 4)}-${String((Number(quarter.slice(6)) - 1) * 3 + k).padStart(2, "0")}`);
        const endMonth = monthsOf.at(-1)!;
        const endQuarter = `${endMonth.slice(0, 4)}-Q${Math.ceil(Number(endMonth.slice(5)) / 3)}`;
        const scope = [
          combo.region && `c.region = ${lit(combo.region)}`,
          combo.org && `coalesce(c.tier1_code, c.org_code) = ${lit(combo.org)}`,
          combo.branch && `c.tier2_code = ${lit(combo.branch)}`,
          combo.category && `c.business_category = ${lit(combo.category)}`,
          combo.cause && `c.cause_code = ${lit(combo.cause)}`,
          combo.channel && `c.intake_channel = ${lit(combo.channel)}`,
        ]
          .filter(Boolean)
          .map((w) => ` and ${w}`)
          .join("");
        const [expected] = await sample.query<Record<string, number | null>>(
          `with c as (select * from complaints c where c.is_complaint${scope}),
           k as (select * from int_complaint_clocks where profile_id = ${lit(profile)}),
           period as (
             select c.*, k.start_date, k.deadline, k.responded_date, k.is_open, k.at_risk, k.elapsed_calendar_days,
                    r.is_duplicate_while_open, r.is_repeat_after_close, r.is_bank_channel, r.is_escalated
             from c left join k using (complaint_key) left join int_complaint_recurrence r using (complaint_key)
             where c.received_month in (${monthsOf.map(lit).join(", ")})
           ),
           quarter_end as (select least(last_day(date ${lit(`${endQuarter.slice(0, 4)}-${String(Number(endQuarter.slice(6)) * 3).padStart(2, "0")}-01`)}), date ${lit(asOf)}) as at)
           select
             count(*) as received,
             count(*) filter (where not coalesce(is_duplicate_while_open, false)) as received_merged,
             count(*) filter (where responded_date <= deadline) / nullif(count(*) filter (where responded_date is not null), 0) as on_time_rate,
             count(*) filter (where responded_date > deadline or (is_open and date ${lit(asOf)} > deadline))
               / nullif(count(*) filter (where responded_date is not null or is_open), 0) as breach_rate,
             count(*) filter (where at_risk) as at_risk_open,
             quantile_cont(elapsed_calendar_days, 0.5) filter (where not is_open) as p50_days_to_respond,
             count(*) filter (where is_repeat_after_close) / nullif(count(*) filter (where not coalesce(is_duplicate_while_open, false)), 0) as repeat_after_close_rate,
             count(*) filter (where is_bank_channel and is_escalated) / nullif(count(*) filter (where is_bank_channel), 0) as escalation_rate,
             count(*) filter (where outcome in ('upheld', 'partly_upheld')) / nullif(count(*) filter (where outcome in ('upheld', 'partly_upheld', 'rejected')), 0) as upheld_rate,
             count(*) filter (where is_at_fault) / nullif(count(*) filter (where is_at_fault is not null), 0) as at_fault_rate,
             count(*) filter (where satisfaction = 'satisfied') / nullif(count(*) filter (where satisfaction in ('satisfied', 'neutral', 'unsatisfied')), 0) as satisfaction_rate,
             (select count(*) from c join k using (complaint_key), quarter_end
               where k.start_date <= quarter_end.at and (k.is_open or k.responded_date > quarter_end.at)) as open_at_quarter_end
           from period`,
        );
        await v.page.goto(new URL(`/?${query}`, sample.server.url).href);
        await waitForRendered(v.page);
        const read = () =>
          v.page
            .locator(".kesu-tile")
            .evaluateAll((tiles) => Object.fromEntries(tiles.map((t) => [t.getAttribute("data-metric"), t.getAttribute("data-value")])));
        await expect.poll(async () => (await read()).received, { message: query }).toBe(String(expected.received));
        const tiles = await read();
        expect(Object.keys(tiles).sort(), query).toEqual(Object.keys(expected).sort());
        for (const [id, want] of Object.entries(expected)) {
          if (want == null) expect(tiles[id], `${query}: ${id}`).toBe("");
          else expect(Number(tiles[id]), `${query}: ${id}`).toBeCloseTo(Number(want), 10);
        }
        // the scope line names every filter, and the URL keeps them
        expect(Object.fromEntries(new URLSearchParams(await v.page.evaluate(() => location.search))), query).toMatchObject(
          Object.fromEntries(new URLSearchParams(query)),
        );
        if (Number(expected.received) > 0) nonEmpty++;
        levels.add(String(await v.page.locator(".kesu-compute").getAttribute("data-level")));
      }
      // the combinations used every grain of the cubes (src/publish/cube.ts CUBE_LEVELS)
      expect([...levels].sort()).toEqual(["bank", "full", "tier1"]);
      expect(nonEmpty, "most combinations have complaints").toBeGreaterThanOrEqual(16);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 300_000);

  it("dashboard: emerging issues are the chosen quarter's, with their main channel and an example from the flagged cell's own complaints; a quiet quarter says none", async () => {
    const flags = await sample.query<{ quarter: string; cell_type: string; cell_key: string; cause_code: string; month: string; top_channel: string }>(
      "select quarter, cell_type, cell_key, cause_code, month, top_channel from mart_emerging_issues order by month, z_score desc",
    );
    const flagged = new Set(flags.map((f) => f.quarter));
    // a quiet quarter after the spike: one that showed earlier quarters' flags would name the spike there
    const quiet = sample.meta.quarters.find((q) => q > QUARTER && !flagged.has(q));
    expect(quiet, "the sample has a quiet quarter after the spike").toBeTruthy();
    const [top] = flags.filter((f) => f.quarter === QUARTER && f.cell_type === "business_category");
    expect(top, `the sample's planted spike is flagged in ${QUARTER}`).toBeTruthy();
    const own = await sample.query<{ narrative: string }>(
      `select distinct narrative from complaints where is_complaint and received_month = '${top.month}' and business_category = '${top.cell_key}'
       and coalesce(cause_code, 'unclassified') = '${top.cause_code}' and narrative is not null`,
    );
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8")) as Record<string, Record<string, { zh: string }>>;
    const v = await visit("/");
    try {
      const select = v.page.locator("#observablehq-main .kesu-filters select").nth(0);
      await select.selectOption({ label: QUARTER });
      const table = v.page.locator("figure.kesu-table", { hasText: `${QUARTER} 的新发问题` });
      const row = table.locator("tbody tr", { hasText: labels.business_category[top.cell_key].zh }).first();
      await expect.poll(() => row.count()).toBe(1);
      const cells = await row.locator("td").allInnerTexts();
      expect(cells.join(" ")).toContain(labels.intake_channel[top.top_channel].zh);
      expect(own.map((r) => r.narrative)).toContain(cells.at(-1)!.trim());
      await select.selectOption({ label: quiet! });
      await expect.poll(() => v.page.locator("#observablehq-main").innerText()).toContain(`${quiet} 所选范围内没有被标记的新发问题`);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("dashboard: the filters live in the URL — a pasted link restores them, a change rewrites the link", async () => {
    const v = await visit(`/?quarter=${QUARTER}&org=BJ&branch=BJ01&category=credit_card&channel=hotline`);
    try {
      const selects = v.page.locator("#observablehq-main select");
      const shown = () => selects.evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? ""));
      const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
      const everything = [QUARTER, "按季度", "按季度", "全部", "北京分行", "信用卡", "全部", "客服热线", labels.org.BJ01.zh];
      await expect.poll(shown).toEqual(everything);
      await selects.nth(5).selectOption({ index: 0 });
      await expect
        .poll(() => v.page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search))))
        .toEqual({ quarter: QUARTER, org: "BJ", branch: "BJ01", channel: "hotline" });
      await v.page.reload();
      await expect.poll(shown).toEqual(everything.map((t, i) => (i === 5 ? "全部" : t)));
      // the language is part of the link too: a pasted ?lang=en shows English, and the choice stays in it
      await v.page.goto(new URL(`/?quarter=${QUARTER}&lang=en`, sample.server.url).href);
      await waitForRendered(v.page);
      await expect.poll(() => v.page.evaluate(() => document.documentElement.dataset.kesuLang)).toBe("en");
      await expect.poll(() => v.page.evaluate(() => new URLSearchParams(location.search).get("lang"))).toBe("en");
      await v.page.locator("button[data-lang='zh']").click();
      await expect.poll(() => v.page.evaluate(() => new URLSearchParams(location.search).get("lang"))).toBe(null);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("case list: the dashboard's link carries its filters, and the list is the open complaints breached or at risk in that scope from `kesu query`", async () => {
    const [{ tier1 }] = await sample.query<{ tier1: string }>(
      `select coalesce(c.tier1_code, c.org_code) as tier1 from int_complaint_clocks k join complaints c using (complaint_key)
       where k.profile_id = '${sample.meta.clock_profile}' and k.is_open and (k.breached or k.at_risk) and c.is_complaint
       group by 1 order by count(*) desc, 1 limit 1`,
    );
    const expected = await sample.query<{ complaint_key: string }>(
      `select c.complaint_key from int_complaint_clocks k join complaints c using (complaint_key)
       where k.profile_id = '${sample.meta.clock_profile}' and k.is_open and (k.breached or k.at_risk) and c.is_complaint
       and coalesce(c.tier1_code, c.org_code) = '${tier1}' order by 1`,
    );
    const v = await visit(`/?org=${tier1}`);
    try {
      const link = v.page.locator("a.kesu-cases-link");
      await expect.poll(() => link.getAttribute("href")).toBe(`./cases?org=${tier1}`);
      await link.click();
      const keys = () => v.page.locator("figure.kesu-table tbody tr td:first-child").allInnerTexts();
      await expect.poll(async () => (await keys()).slice().sort()).toEqual(expected.map((r) => r.complaint_key));
      const text = await v.page.locator("#observablehq-main").innerText();
      expect(text).not.toMatch(/customer_ref|[0-9a-f]{64}/);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it(`quarterly ${QUARTER}: received and breached equal counts from \`kesu query\` on the complaints table`, async () => {
    const [row] = await sample.query<{ received: number }>(
      `select count(*)::integer as received from complaints where is_complaint and received_quarter = '${QUARTER}'`,
    );
    const metrics = JSON.parse(await sample.kesu(["metrics", "--quarter", QUARTER, "--json"]));
    expect(row.received).toBeGreaterThan(100);
    const v = await visit(`/quarterly/${QUARTER}`);
    try {
      expect(await tileValue(v.page, "受理投诉（件）")).toBe(thousands(row.received));
      const table1 = v.page.locator("figure.kesu-table", { hasText: "表1" }).locator("tbody tr").first();
      await expect.poll(() => table1.locator("td").nth(1).innerText()).toBe(thousands(row.received));
      expect(
        await v.page
          .locator(".kesu-tile", { has: v.page.locator('h3:text-is("超时率")') })
          .locator(".change")
          .innerText(),
      ).toContain(`超时 ${thousands(metrics.breached)} / 纳入考核`);
    } finally {
      await v.close();
    }
  });

  it("quarter list: each quarter's line gives its received count from `kesu query`, newest first", async () => {
    const counts = await sample.query<{ quarter: string; received: number }>(
      "select received_quarter as quarter, count(*)::integer as received from complaints where is_complaint group by all",
    );
    const v = await visit("/quarterly/");
    try {
      // its own title (a formatter once turned the front matter into a heading)
      expect(await v.page.title()).toMatch(/^季度报告/);
      const items = (await v.page.locator("#observablehq-main li").allInnerTexts()).filter((t) => /^\d{4}-Q\d/.test(t.trim()));
      expect(items.map((t) => t.trim().slice(0, 7))).toEqual(sample.meta.quarters.slice().reverse());
      for (const item of items) {
        const quarter = item.trim().slice(0, 7);
        expect(item, quarter).toContain(`受理投诉 ${thousands(counts.find((c) => c.quarter === quarter)!.received)} 件`);
      }
    } finally {
      await v.close();
    }
  });

  it("methodology: one row per metric `kesu metrics --definitions` lists, each with its name and formula", async () => {
    const definitions = JSON.parse(await sample.kesu(["metrics", "--definitions", "--json"])) as { name: { zh: string }; formula: string }[];
    expect(definitions.length).toBeGreaterThan(20);
    const v = await visit("/methodology");
    try {
      // Metric tables have five columns (name, definition, formula, window, rule); the cause-rule table four.
      const rows = await v.page.locator("#observablehq-main table.kesu-methodology tbody tr").evaluateAll((trs) =>
        trs
          .map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td))
          .filter((tds) => tds.length === 5)
          .map((tds) => ({ name: tds[0].querySelector("b")?.textContent ?? "", formula: tds[2].textContent ?? "" })),
      );
      expect(rows.length).toBe(definitions.length);
      expect(rows.map((r) => [r.name, r.formula])).toEqual(definitions.map((d) => [d.name.zh, d.formula]));
    } finally {
      await v.close();
    }
  });

  it("data quality: files, rows in and rows rejected equal raw.files from `kesu query`", async () => {
    const [files] = await sample.query<{ files: number; rows_in: number; rows_rejected: number }>(
      "select count(*)::integer as files, sum(rows_in)::integer as rows_in, sum(rows_rejected)::integer as rows_rejected from raw.files",
    );
    expect(files.rows_rejected, "the sample plants bad rows").toBeGreaterThan(0);
    const v = await visit("/data-quality");
    try {
      expect(await tileValue(v.page, "接收文件（个）")).toBe(thousands(files.files));
      expect(await tileValue(v.page, "接收记录（行）")).toBe(thousands(files.rows_in));
      expect(await tileValue(v.page, "拒收记录（行）")).toBe(thousands(files.rows_rejected));
    } finally {
      await v.close();
    }
  });
});

describe("figures on the product pages equal the CLI's", () => {
  it(`product list: ${QUARTER}'s ${PRODUCT} count after choosing the quarter equals \`kesu metrics --by business_category\``, async () => {
    const metrics = JSON.parse(await sample.kesu(["metrics", "--quarter", QUARTER, "--by", "business_category", "--json"]));
    const row = (metrics.by as { code: string; received: number }[]).find((r) => r.code === PRODUCT)!;
    expect(row.received).toBeGreaterThan(0);
    const v = await visit("/products/");
    try {
      await v.page.locator("#observablehq-main form select").first().selectOption({ label: QUARTER });
      const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
      const cells = v.page.locator("#observablehq-main table tbody tr", { hasText: labels.business_category[PRODUCT].zh }).first().locator("td");
      await expect.poll(() => cells.nth(1).innerText()).toBe(thousands(row.received));
    } finally {
      await v.close();
    }
  });
});

describe("emerging issues on the product and branch pages follow the chosen quarter", () => {
  it("a category's and a branch's page list the quarter's flags with their channel, and say none for a quiet quarter", async () => {
    const flags = await sample.query<{ quarter: string; cell_type: string; cell_key: string; month: string; top_channel: string; complaints: number }>(
      "select quarter, cell_type, cell_key, month, top_channel, complaints::integer as complaints from mart_emerging_issues order by z_score desc",
    );
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    for (const type of ["business_category", "tier1_org"]) {
      const flag = flags.find((f) => f.cell_type === type && f.quarter === QUARTER);
      expect(flag, `the sample has a ${type} flag in ${QUARTER}`).toBeTruthy();
      const quiet = sample.meta.quarters.find((q) => !flags.some((f) => f.cell_type === type && f.cell_key === flag!.cell_key && f.quarter === q));
      const v = await visit(type === "tier1_org" ? `/branches/${flag!.cell_key}` : `/products/${flag!.cell_key}`);
      try {
        const select = v.page.locator("#observablehq-main select").first();
        await select.selectOption({ label: QUARTER });
        await expect.poll(() => v.page.evaluate(() => new URLSearchParams(location.search).get("quarter"))).toBe(QUARTER);
        const table = v.page.locator("figure.kesu-table", { hasText: `${QUARTER} 新发问题` });
        const row = table.locator("tbody tr", { hasText: flag!.month }).first();
        await expect.poll(() => row.count(), { message: `${type} ${flag!.cell_key}` }).toBe(1);
        const text = await row.innerText();
        expect(text).toContain(labels.intake_channel[flag!.top_channel].zh);
        expect(text).toContain(String(flag!.complaints));
        await select.selectOption({ label: quiet! });
        await expect.poll(() => v.page.locator("#observablehq-main").innerText()).toContain(`${quiet} 该`);
        expect(await v.page.locator("figure.kesu-table", { hasText: "新发问题" }).count()).toBe(0);
        expect(v.consoleErrors).toEqual([]);
      } finally {
        await v.close();
      }
    }
  });
});

describe("figures on the branch pages equal the CLI's", () => {
  /** Complaints per tier-1 branch in a quarter, counted from the complaints table. */
  const perBranch = (quarter: string) =>
    sample.query<{ tier1_code: string; region: string; received: number }>(
      // a complaint whose unit is not in dim_org (loaded as 'unmapped') belongs to no tier-1 branch
      `select tier1_code, region, count(*)::integer as received from complaints
       where is_complaint and received_quarter = '${quarter}' and tier1_code is not null group by all order by tier1_code`,
    );
  const scorecardRows = (page: Page) =>
    page
      .locator("#observablehq-main table")
      .first()
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => (td as HTMLElement).innerText.trim())));

  it("scorecards: each branch's count and the median row equal counts from `kesu query`", async () => {
    const latest = sample.meta.quarters.at(-1)!;
    const counts = await perBranch(latest);
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const sorted = counts.map((c) => c.received).sort((a, b) => a - b);
    const middle = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
    const v = await visit("/branches/");
    try {
      const rows = await scorecardRows(v.page);
      const byName = new Map(rows.map((cells) => [cells[0], cells[2]]));
      for (const c of counts) expect(byName.get(labels.org[c.tier1_code].zh), c.tier1_code).toBe(thousands(c.received));
      expect(byName.get("中位数")).toBe(thousands(Math.round(median)));
      expect(rows.length).toBe(counts.length + 1);
    } finally {
      await v.close();
    }
  });

  it(`branch ${BRANCH}: the received tile, then ${QUARTER}'s after choosing it, equal \`kesu query\``, async () => {
    const latest = sample.meta.quarters.at(-1)!;
    const now = (await perBranch(latest)).find((c) => c.tier1_code === BRANCH)!.received;
    const then = (await perBranch(QUARTER)).find((c) => c.tier1_code === BRANCH)!.received;
    expect(now).not.toBe(then);
    const v = await visit(`/branches/${BRANCH}`);
    try {
      expect(await tileValue(v.page, "投诉量（件）")).toBe(thousands(now));
      await v.page.locator("#observablehq-main form select").first().selectOption({ label: QUARTER });
      await expect.poll(() => tileValue(v.page, "投诉量（件）")).toBe(thousands(then));
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("scorecards: the region filter keeps only that region's branches", async () => {
    const counts = await perBranch(sample.meta.quarters.at(-1)!);
    const regions = [...new Set(counts.map((c) => c.region))];
    const region = regions.find((r) => counts.filter((c) => c.region === r).length >= 2)!;
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const expected = counts
      .filter((c) => c.region === region)
      .map((c) => labels.org[c.tier1_code].zh)
      .sort();
    const v = await visit("/branches/");
    try {
      await v.page.locator("#observablehq-main form select").nth(1).selectOption({ label: region });
      await expect
        .poll(async () =>
          (await scorecardRows(v.page))
            .map((cells) => cells[0])
            .filter((name) => name !== "中位数")
            .sort(),
        )
        .toEqual(expected);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});

describe("filters and language change what is shown, without a reload", () => {
  const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { kesuMarker: number }).kesuMarker = 1));
  const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { kesuMarker?: number }).kesuMarker === 1);

  it("dashboard: quarter, branch, category and channel filters each show their slice's count from `kesu query`", async () => {
    const rows = await sample.query<{ quarter: string; tier1_code: string; business_category: string; intake_channel: string; n: number }>(
      `select received_quarter as quarter, tier1_code, business_category, intake_channel, count(*)::integer as n
       from complaints where is_complaint group by all`,
    );
    const count = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((n, r) => n + r.n, 0);
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const latest = sample.meta.quarters.at(-1)!;
    const v = await visit("/");
    try {
      const selects = v.page.locator("#observablehq-main .kesu-filters select");
      const received = () => tileValue(v.page, "受理投诉（件）");
      expect(await received(), latest).toBe(thousands(count((r) => r.quarter === latest)));
      await markDocument(v.page);

      await selects.nth(0).selectOption({ label: QUARTER });
      await expect.poll(received, { message: `quarter ${QUARTER}` }).toBe(thousands(count((r) => r.quarter === QUARTER)));

      // the form: quarter, from, to, region, tier-1 branch, category, cause, channel
      await selects.nth(4).selectOption({ label: labels.org[BRANCH].zh });
      await expect.poll(received, { message: `branch ${BRANCH}` }).toBe(thousands(count((r) => r.quarter === QUARTER && r.tier1_code === BRANCH)));
      await selects.nth(4).selectOption({ label: "全部" });

      await selects.nth(5).selectOption({ label: labels.business_category[PRODUCT].zh });
      await expect.poll(received, { message: `category ${PRODUCT}` }).toBe(thousands(count((r) => r.quarter === QUARTER && r.business_category === PRODUCT)));
      await selects.nth(5).selectOption({ label: "全部" });

      await selects.nth(7).selectOption({ label: labels.intake_channel.hotline.zh });
      await expect.poll(received, { message: "channel hotline" }).toBe(thousands(count((r) => r.quarter === QUARTER && r.intake_channel === "hotline")));

      expect(await sameDocument(v.page), "no reload").toBe(true);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it(`product page: the quarter filter shows that quarter's ${PRODUCT} count from \`kesu query\``, async () => {
    const counts = await sample.query<{ quarter: string; received: number }>(
      `select received_quarter as quarter, count(*)::integer as received from complaints
       where is_complaint and business_category = '${PRODUCT}' group by all`,
    );
    const count = (q: string) => counts.find((c) => c.quarter === q)!.received;
    const latest = sample.meta.quarters.at(-1)!;
    expect(count(latest)).not.toBe(count(QUARTER));
    const v = await visit(`/products/${PRODUCT}`);
    try {
      expect(await tileValue(v.page, "投诉量（件）"), `latest quarter ${latest}`).toBe(thousands(count(latest)));
      await markDocument(v.page);
      await v.page.locator("#observablehq-main form select").first().selectOption({ label: QUARTER });
      await expect.poll(() => tileValue(v.page, "投诉量（件）")).toBe(thousands(count(QUARTER)));
      expect(await sameDocument(v.page), "no reload").toBe(true);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("the English toggle relabels the page from the code lists, without a reload", async () => {
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const v = await visit(`/products/${PRODUCT}`);
    try {
      const heading = v.page.locator("#observablehq-main h1").first();
      expect(await heading.innerText()).toBe(labels.business_category[PRODUCT].zh);
      await markDocument(v.page);
      await v.page.locator('.kesu-lang-toggle button[data-lang="en"]').click();
      await expect.poll(() => heading.innerText()).toBe(labels.business_category[PRODUCT].en);
      expect(await v.page.evaluate(() => document.documentElement.lang)).toBe("en");
      expect(await sameDocument(v.page), "no reload").toBe(true);
      await v.page.locator('.kesu-lang-toggle button[data-lang="zh"]').click();
      await expect.poll(() => heading.innerText()).toBe(labels.business_category[PRODUCT].zh);
    } finally {
      await v.close();
    }
  });

  it("the English toggle also relabels what Framework writes in Chinese: sidebar, page title, contents, footer; a reload keeps it", async () => {
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const v = await visit(`/quarterly/${QUARTER}`);
    try {
      const sidebar = v.page.locator("#observablehq-sidebar");
      const texts = async () => ({
        sidebar: (await sidebar.innerText()).replace(/\s+/g, " "),
        title: await v.page.title(),
        toc: (await v.page.locator("#observablehq-toc > nav > div").innerText()).trim(),
        footer: (await v.page.locator("#observablehq-footer").innerText()).trim(),
      });
      const zh = await texts();
      expect(zh.title).toBe("季度投诉情况报告 | kesu 客诉分析");
      expect(zh.toc).toBe("本页目录");
      for (const name of ["仪表盘", "季度报告", "分行记分卡", labels.business_category[PRODUCT].zh, labels.org[BRANCH].zh]) expect(zh.sidebar).toContain(name);

      await v.page.locator('.kesu-lang-toggle button[data-lang="en"]').click();
      await expect.poll(async () => (await texts()).title).toBe("Quarterly complaints report | kesu complaint analytics");
      const en = await texts();
      expect(en.toc).toBe("Contents");
      expect(en.footer).toMatch(/^kesu · counted by date received/);
      for (const name of ["Dashboard", "Quarterly reports", "Branch scorecards", labels.business_category[PRODUCT].en, labels.org[BRANCH].en, QUARTER])
        expect(en.sidebar).toContain(name);
      expect(en.sidebar).not.toMatch(/[\u4e00-\u9fff]/);

      await v.page.reload();
      await expect.poll(async () => (await texts()).title).toBe("Quarterly complaints report | kesu complaint analytics");
      expect((await texts()).sidebar).toContain("Dashboard");

      await v.page.locator('.kesu-lang-toggle button[data-lang="zh"]').click();
      await expect.poll(texts).toEqual(zh);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("data quality: choosing one source system shows that system's file count from `kesu query`", async () => {
    const perPipeline = await sample.query<{ pipeline: string; files: number }>(
      "select pipeline, count(*)::integer as files from raw.files where pipeline is not null group by pipeline",
    );
    const v = await visit("/data-quality");
    try {
      const select = v.page.locator("#observablehq-main form select").first();
      const labels = await select.locator("option").allInnerTexts();
      expect(labels.length).toBeGreaterThan(2);
      // The option's label is the pipeline's display name; the page's own data maps names to codes.
      const dataFile = readdirSync(join(sample.dist, "_file", "data")).find((f) => f.startsWith("data-quality.") && f.endsWith(".json"))!;
      const pipelines = JSON.parse(readFileSync(join(sample.dist, "_file", "data", dataFile), "utf8")).pipelines as Record<string, { zh: string }>;
      const [code, names] = Object.entries(pipelines).find(([, p]) => labels.includes(p.zh))!;
      const expected = perPipeline.find((p) => p.pipeline === code)!.files;
      const total = perPipeline.reduce((n, p) => n + p.files, 0);
      expect(expected).toBeLessThan(total);
      await v.page.evaluate(() => ((window as unknown as { kesuMarker: number }).kesuMarker = 1));
      await select.selectOption({ label: names.zh });
      await expect.poll(() => tileValue(v.page, "接收文件（个）")).toBe(thousands(expected));
      expect(await v.page.evaluate(() => (window as unknown as { kesuMarker?: number }).kesuMarker), "same document: no reload").toBe(1);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});

describe("search", () => {
  it("finds a category page by part of its Chinese name, a branch by its English name and a quarter by its code, offline", async () => {
    const labels = JSON.parse(readFileSync(join(sample.dataDir, "publish", "labels.json"), "utf8"));
    const v = await visit("/methodology");
    try {
      const box = v.page.locator("#observablehq-search input");
      await expect.poll(() => box.getAttribute("placeholder")).toBe("搜索");
      const results = () =>
        v.page.locator("#observablehq-search-results a").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      const zh: string = labels.business_category[PRODUCT].zh;
      await box.fill(zh.slice(0, 2));
      await expect.poll(results, { message: zh.slice(0, 2) }).toContain(`/products/${PRODUCT}`);
      await box.fill(labels.org[BRANCH].en.split(" ")[0]);
      await expect.poll(results, { message: labels.org[BRANCH].en }).toContain(`/branches/${BRANCH}`);
      await box.fill(QUARTER);
      await expect.poll(async () => (await results())[0]).toBe(`/quarterly/${QUARTER}`);
      await v.page.locator("#observablehq-search-results a").first().click();
      await expect.poll(() => v.page.evaluate(() => location.pathname)).toBe(`/quarterly/${QUARTER}`);
      expect(v.outside()).toEqual([]);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});

describe("screenshot snapshots", () => {
  // Fixed viewport, fixed seed data, reduced motion and no caret; fonts loaded (waitForRendered).
  const shoot = async (path: string) => {
    const v = await visit(path, { viewport: { width: 1280, height: 900 } });
    try {
      await v.page.addStyleTag({
        content: "*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent !important; }",
      });
      await v.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      // The top 1800 px: tiles, the first charts and tables — what a reader sees first, and a size the README
      // can show; every figure further down is checked through the DOM above.
      return await v.page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1800 }, animations: "disabled", caret: "hide" });
    } finally {
      await v.close();
    }
  };

  it("dashboard matches test/browser/snapshots/dashboard.png", async () => {
    const result = matchSnapshot("dashboard", await shoot("/"));
    expect(snapshotOk(result), result.message).toBe(true);
  });

  it(`quarterly ${QUARTER} matches test/browser/snapshots/quarterly-${QUARTER}.png`, async () => {
    const result = matchSnapshot(`quarterly-${QUARTER}`, await shoot(`/quarterly/${QUARTER}`));
    expect(snapshotOk(result), result.message).toBe(true);
  });
});

/** The table captions of the quarterly page, in order, as shown. */
async function quarterlyCaptions(): Promise<string[]> {
  const v = await visit(`/quarterly/${QUARTER}`);
  try {
    return (await v.page.locator("#observablehq-main figure.kesu-table figcaption > span").allInnerTexts()).map((t) => t.trim());
  } finally {
    await v.close();
  }
}

describe("regulator outputs: kesu report", () => {
  let out: { pdf: { file: string; site: string }; xlsx: { file: string; sheets: number } };

  beforeAll(async () => {
    out = JSON.parse(
      await sample.kesu([
        "report",
        "--quarter",
        QUARTER,
        "--pdf",
        join(sample.dataDir, "out", "q.pdf"),
        "--xlsx",
        join(sample.dataDir, "out", "q.xlsx"),
        "--site",
        sample.dist,
        "--json",
      ]),
    );
  }, 300_000);

  it("reuses the built site only when it shows this snapshot", () => {
    expect(out.pdf.site).toBe("reused");
    expect(siteShowsSnapshot(sample.dist, QUARTER, sample.meta)).toBe(true);
    expect(siteShowsSnapshot(sample.dist, QUARTER, { ...sample.meta, generated_at: "2000-01-01T00:00:00.000Z" })).toBe(false);
    expect(siteShowsSnapshot(join(sample.dataDir, "no-site"), QUARTER, sample.meta)).toBe(false);
  });

  it("prints an A4 PDF of a sane length whose text has the quarter's total as the page shows it", async () => {
    const info = (await execFileP("pdfinfo", [out.pdf.file])).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    // 8 sections, most on their own page; a chart-heavy page may spill onto a second.
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(20);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)|Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    const text = (await execFileP("pdftotext", ["-layout", out.pdf.file, "-"], { maxBuffer: 16 << 20 })).stdout;
    const [row] = await sample.query<{ received: number }>(
      `select count(*)::integer as received from complaints where is_complaint and received_quarter = '${QUARTER}'`,
    );
    expect(text).toContain(thousands(row.received));
    expect(text).toContain(`${sample.meta.bank_name.zh} · ${QUARTER} 季度投诉情况报告`); // the running header
    // (spaces taken out: pdftotext may split a header where two pieces of the font meet, "2025-Q 3")
    const header = `${sample.meta.bank_name.zh}·${QUARTER}季度投诉情况报告`;
    expect(text.replace(/[ \t]+/g, "").split(header).length - 1, "header on every page").toBeGreaterThanOrEqual(pages);
    // Navigation: the sidebar's and table of contents' entries that the report body itself never says.
    const v = await visit(`/quarterly/${QUARTER}`);
    let navigation: string[];
    let sourceNotes: number;
    try {
      const body = await v.page.locator("#observablehq-main").innerText();
      sourceNotes = body.split("数据来源").length - 1; // one under each chart
      const entries = await v.page.locator("#observablehq-sidebar a, #observablehq-toc a, #observablehq-toc div").allInnerTexts();
      navigation = [...new Set(entries.map((e) => e.trim()).filter((e) => e.length > 1 && !body.includes(e) && !/^\d{4}-Q\d$/.test(e)))];
    } finally {
      await v.close();
    }
    expect(navigation.length, "the page has navigation to leave out").toBeGreaterThan(3);
    // Every chart was drawn before printing: each one's source note is in the PDF as on the screen.
    expect(sourceNotes).toBeGreaterThanOrEqual(5);
    expect(text.split("数据来源").length - 1).toBe(sourceNotes);
    for (const entry of navigation) expect(text.replace(/\s+/g, ""), `"${entry}" printed`).not.toContain(entry.replace(/\s+/g, ""));
  });

  it("prints in the site's own Noto Sans SC, embedded, whichever chromium and system fonts the machine has", async () => {
    const fonts = (await execFileP("pdffonts", [out.pdf.file])).stdout.split("\n").slice(2).filter(Boolean);
    const embedded = fonts.filter((line) => /NotoSansSC/.test(line));
    expect(embedded.length, fonts.join("\n")).toBeGreaterThan(0);
    for (const line of embedded) expect(line.split(/\s+/).slice(-5)[0], line).toBe("yes"); // the "emb" column
    // and the page itself draws every text (tables, inputs, charts) in it
    const v = await visit(`/quarterly/${QUARTER}`);
    try {
      const families = await v.page.evaluate(() => [
        ...new Set(["body", "table td", "table th", "svg text"].map((selector) => getComputedStyle(document.querySelector(selector)!).fontFamily)),
      ]);
      for (const family of families) expect(family).toMatch(/^"Noto Sans SC"/);
      expect(await v.page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', "季度投诉情况报告"))).toBe(true);
    } finally {
      await v.close();
    }
  });

  it("builds the site itself when the given one is missing, and prints the same report", async () => {
    const pdf = join(sample.dataDir, "out", "built.pdf");
    const result = JSON.parse(await sample.kesu(["report", "--quarter", QUARTER, "--pdf", pdf, "--site", join(sample.dataDir, "no-site"), "--json"]));
    expect(result.pdf.site).toBe("built");
    const text = (await execFileP("pdftotext", [pdf, "-"], { maxBuffer: 16 << 20 })).stdout;
    expect(text).toContain(`${QUARTER} 季度投诉情况报告`);
    expect(existsSync(join(sample.dataDir, "no-site")), "the temporary site is not left behind under the given path").toBe(false);
  }, 300_000);

  it("says what is wrong with bad arguments", async () => {
    const fail = (args: string[]) =>
      sample.kesu(args).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    expect(await fail(["report", "--pdf", "x.pdf"])).toEqual({ code: 2, stderr: expect.stringMatching(/needs --quarter YYYY-QN/) });
    expect(await fail(["report", "--quarter", QUARTER])).toEqual({ code: 2, stderr: expect.stringMatching(/needs --pdf FILE and\/or --xlsx FILE/) });
    expect(await fail(["report", "--quarter", "2019-Q1", "--xlsx", join(sample.dataDir, "out", "x.xlsx")])).toEqual({
      code: 1,
      stderr: expect.stringMatching(new RegExp(`quarter 2019-Q1 is not in the snapshot .*${sample.meta.quarters[0]}`)),
    });
  });

  it("writes one workbook sheet per table whose cells are the snapshot's numbers", async () => {
    const publish = (name: string) => JSON.parse(readFileSync(join(sample.dataDir, "publish", name), "utf8"));
    const kpi = publish("kpi_quarterly.json").find((r: { quarter: string }) => r.quarter === QUARTER);
    const byCategory = publish("received_quarterly_by.json").filter(
      (r: { quarter: string; dimension: string }) => r.quarter === QUARTER && r.dimension === "business_category",
    );
    const labels = publish("labels.json");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out.xlsx.file);
    const names = workbook.worksheets.map((s) => s.name);
    // The sample publishes every mart, so all twelve of the page's tables are there, numbered as on it.
    expect(names).toEqual([
      "表1 投诉总量",
      "表2 按业务类别",
      "表3 按投诉原因",
      "表4 按一级分行",
      "表5 按地区",
      "表6 现场与非现场渠道",
      "表7 按受理渠道",
      "表8 办理时效",
      "表9 答复用时分段",
      "表10 季末未办结投诉账龄",
      "表11 处理结果",
      "表12 重复与升级投诉",
      "说明",
    ]);
    const captions = await quarterlyCaptions();
    expect(captions.filter((c) => /^表\d+ /.test(c)).map((c) => c.split(" ")[0])).toEqual(names.slice(0, 12).map((n) => n.split(" ")[0]));
    expect(out.xlsx.sheets).toBe(names.length);

    const totals = workbook.getWorksheet("表1 投诉总量")!;
    expect(totals.getCell("A1").value).toBe("指标");
    expect(totals.getCell("B1").value).toBe(QUARTER);
    expect(totals.getCell("A2").value).toBe("受理投诉（件）");
    expect(totals.getCell("B2").value).toBe(kpi.received);
    expect(totals.getCell("C2").value).toBe(kpi.received_prev_quarter);
    expect(totals.getCell("E2").value).toBeCloseTo(kpi.qoq_pct, 12);
    expect(totals.getCell("E2").numFmt).toMatch(/%/);
    const intensity = totals.getRows(2, totals.rowCount - 1)!.find((r) => r.getCell(1).value === "每万客户投诉量（件）");
    expect(intensity?.getCell(2).value, "the bank's intensity row").toBeCloseTo(kpi.per_10k_customers, 12);
    expect(intensity?.getCell(2).numFmt).toBe("0.00");

    const categories = workbook.getWorksheet("表2 按业务类别")!;
    expect(categories.getRow(1).values).toEqual([undefined, "业务类别", "投诉量（件）", "占比", "上季度（件）", "环比", "上年同期（件）", "同比"]);
    expect(categories.rowCount).toBe(byCategory.length + 1);
    const first = byCategory[0];
    expect(categories.getCell("A2").value).toBe(labels.business_category[first.code]?.zh ?? "未分类");
    expect(categories.getCell("B2").value).toBe(first.received);
    expect(categories.getCell("C2").value).toBeCloseTo(first.share, 12);
    expect(categories.getCell("C2").numFmt).toBe("0.0%");
    const sumOfCategories = byCategory.reduce((n: number, r: { received: number }) => n + r.received, 0);
    expect(sumOfCategories).toBe(kpi.received);
  });
});

describe("no personal data in dist/", () => {
  it("the sample's raw inbox narratives do carry planted PII of every kind", () => {
    const found = new Set(filesUnder(join(sample.dataDir, "inbox")).flatMap((f) => scanPii(readText(f)).map((h) => h.kind)));
    expect([...found].sort()).toEqual([...PII_KINDS].sort());
  });

  it("every file of the built site is free of ID, mobile, card numbers and e-mail addresses", () => {
    expect(existsSync(join(sample.dist, "index.html"))).toBe(true);
    expect(filesUnder(sample.dist).length).toBeGreaterThan(20);
    expect(scanPiiDirectory(sample.dist)).toEqual([]);
  });
});
