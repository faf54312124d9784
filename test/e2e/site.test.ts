// The whole job on a small generated sample through the real CLI — demo → run (ingest, build, site) —
// then the built site is checked as a bank's reviewer would: every quarter has its page, nothing is
// loaded from another host, no personal data reached it, and it serves with clean URLs.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../../src/site/build.ts";
import { tempDataDir } from "../helpers.ts";
import { PII_PATTERNS, PII_SPELLINGS, scanDirectory } from "../site/scan.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const kesu = async (args: string[]) => (await run(process.execPath, [KESU, ...args], { maxBuffer: 64 << 20 })).stdout;

let env: ReturnType<typeof tempDataDir>;
let dist: string;
let quarters: string[];

beforeAll(async () => {
  env = tempDataDir();
  dist = join(env.dir, "dist");
  await kesu(["demo", "--data-dir", env.dir, "--seed", "3", "--complaints", "4000"]);
  await kesu(["run", "--data-dir", env.dir, "--out", dist]);
  quarters = JSON.parse(readFileSync(join(env.dir, "publish", "meta.json"), "utf8")).quarters;
}, 600_000);
afterAll(() => env?.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("the built site", () => {
  it("has the dashboard and one quarterly page per quarter in the data (≥ 8)", () => {
    expect(quarters.length).toBeGreaterThanOrEqual(8);
    expect(existsSync(join(dist, "index.html"))).toBe(true);
    for (const q of quarters) expect(existsSync(join(dist, "quarterly", `${q}.html`)), q).toBe(true);
  });

  it("has a product page per business category and a scorecard per tier-1 branch with complaints, the indexes and data quality", async () => {
    const q = (sql: string) => kesu(["query", "--data-dir", env.dir, "--json", sql]).then((out) => JSON.parse(out) as Record<string, string>[]);
    const categories = (await q("select distinct business_category as c from complaints where is_complaint")).map((r) => r.c);
    const branches = (
      await q(
        "select distinct tier1_code as o from complaints where is_complaint and tier1_code in (select org_code from ref.dim_org where org_level = 'tier1')",
      )
    ).map((r) => r.o);
    expect(categories.length).toBeGreaterThan(3);
    expect(branches.length).toBeGreaterThan(3);
    for (const c of categories) expect(existsSync(join(dist, "products", `${c}.html`)), c).toBe(true);
    for (const o of branches) expect(existsSync(join(dist, "branches", `${o}.html`)), o).toBe(true);
    for (const page of ["products/index.html", "branches/index.html", "data-quality.html"]) expect(existsSync(join(dist, page)), page).toBe(true);
    // no page for a category without complaints
    // (pages only: each has .br and .gz siblings for compressed serving)
    const pages = readdirSync(join(dist, "products")).filter((f) => f.endsWith(".html") && f !== "index.html");
    expect(pages.length).toBe(categories.length);
  });

  it("gives the data-quality page the warehouse's file and row counts", async () => {
    const [totals] = JSON.parse(
      await kesu([
        "query",
        "--data-dir",
        env.dir,
        "--json",
        "select count(*) as files, sum(rows_in) as rows_in, sum(rows_rejected) as rows_rejected from raw.files",
      ]),
    );
    const file = filesUnder(join(dist, "_file", "data")).find((f) => /\/data-quality\.[0-9a-f]+\.json$/.test(f))!;
    const data = JSON.parse(readFileSync(file, "utf8")) as { files: { rows_in: number; rows_rejected: number }[]; rejects: { rejects: number }[] };
    expect(data.files.length).toBe(Number(totals.files));
    expect(data.files.reduce((n, f) => n + (f.rows_in ?? 0), 0)).toBe(Number(totals.rows_in));
    expect(data.files.reduce((n, f) => n + (f.rows_rejected ?? 0), 0)).toBe(Number(totals.rows_rejected));
    const [defects] = JSON.parse(await kesu(["query", "--data-dir", env.dir, "--json", "select count(*) as n from raw.rejects"]));
    expect(data.rejects.reduce((n, r) => n + r.rejects, 0)).toBe(Number(defects.n));
  });

  it("loads nothing from another host (HTML, CSS and JS scanned)", () => {
    expect(scanDirectory(dist)).toEqual([]);
    expect(existsSync(join(dist, "_npm"))).toBe(false); // no module was fetched from the npm CDN
  });

  it("carries no unmasked personal data in any spelling, although the exports did: not the site, the snapshot or the warehouse", async () => {
    const inbox = filesUnder(join(env.dir, "inbox"))
      .filter((f) => !f.includes("branch_counter"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    // the sample plants every kind and spelling the scan looks for (src/demo/narratives.ts)
    for (const [kind, pattern] of Object.entries({ ...PII_PATTERNS, ...PII_SPELLINGS }))
      expect(inbox.match(pattern)?.length ?? 0, `planted ${kind}`).toBeGreaterThan(0);
    const published = [
      ...filesUnder(dist).filter((file) => /\.(html|json|js|css|csv)$/.test(file) && !file.includes("/_node/") && !file.includes("/_observablehq/")),
      ...filesUnder(join(env.dir, "publish")).filter((file) => file.endsWith(".json")),
    ];
    expect(published.length).toBeGreaterThan(50);
    for (const file of published) {
      const text = readFileSync(file, "utf8");
      for (const [kind, pattern] of Object.entries(PII_PATTERNS)) expect(text.match(pattern), `${kind} in ${file}`).toBeNull();
    }
    const stored = await kesu([
      "query",
      "--data-dir",
      env.dir,
      "--json",
      "select narrative from raw.complaint_versions union all select value from raw.rejects union all select value from raw.value_issues",
    ]);
    for (const [kind, pattern] of Object.entries(PII_PATTERNS)) expect(stored.match(pattern), `${kind} in the warehouse`).toBeNull();
  });

  it("publishes the same quarter total the warehouse holds", async () => {
    const q = quarters[quarters.length - 2];
    const [row] = JSON.parse(
      await kesu(["query", "--data-dir", env.dir, "--json", `select count(*) as n from complaints where is_complaint and received_quarter = '${q}'`]),
    );
    const file = filesUnder(join(dist, "_file")).find((f) => f.includes(`quarter-${q}`))!;
    expect(JSON.parse(readFileSync(file, "utf8")).kpi.received).toBe(row.n);
  });

  it("serves clean URLs on 127.0.0.1", async () => {
    const server = await serveSite({ dir: dist });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(`${server.url}quarterly/${quarters[0]}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("季度投诉情况报告");
      expect((await fetch(`${server.url}no-such-page`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
