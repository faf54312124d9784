// The site's data built in one process (src/site/data.ts), as `kesu site` does before Framework runs: the
// same bytes each loader writes when Framework runs it as its own process, the same parameterised pages
// as the site config lists, a snapshot file parsed once and never changed by a builder, and a file that
// cannot be built left to its loader instead of failing silently.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { arrowTable } from "../../src/publish/cube.ts";
import { cubeFile, prepareSiteData, siteDataFiles } from "../../src/site/data.ts";
import { siteParams, snapshotAt } from "../../src/site/snapshot.ts";
import { TINY, tinySnapshot, type TinySnapshot } from "../fixtures/tiny.ts";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
// a tiny real snapshot (test/fixtures/tiny.ts): what `kesu build` publishes, every file of it
let FIXTURE: string;
let tiny: TinySnapshot;
const TSX = join(REPO, "node_modules/.bin/tsx");

let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kesu-site-data-"));
  tiny = await tinySnapshot();
  FIXTURE = tiny.publishDir;
}, 120_000);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  tiny?.cleanup();
});

/** The pages the snapshot has data for, read from the published marts (not from siteParams). */
function expectedPages() {
  const by = tiny.read("received_quarterly_by.json");
  const categories = [...new Set(by.filter((r) => r.dimension === "business_category" && (r.received as number) > 0).map((r) => String(r.code)))];
  const branches = [
    ...new Set(
      tiny
        .read("org_scorecard_quarterly.json")
        .filter((r) => r.org_level === "tier1")
        .map((r) => String(r.org_code)),
    ),
  ];
  return { quarters: TINY.quarters, categories, branches };
}

/** The loader's stdout as Framework gets it: its own process through tsx, the snapshot in KESU_PUBLISH_DIR. */
async function loaderOutput(loader: string, args: string[], publishDir: string): Promise<Buffer> {
  const { stdout } = await run(TSX, [join(REPO, "reports/data", loader), ...args], {
    cwd: REPO,
    env: { ...process.env, KESU_PUBLISH_DIR: publishDir },
    encoding: "buffer",
    maxBuffer: 16 << 20,
  });
  return stdout;
}

/** The snapshot's parameterised pages as observablehq.config.ts lists them (it reads KESU_PUBLISH_DIR on import). */
async function configDynamicPaths(publishDir: string): Promise<string[]> {
  const saved = process.env.KESU_PUBLISH_DIR;
  process.env.KESU_PUBLISH_DIR = publishDir;
  try {
    vi.resetModules();
    const config = (await import("../../observablehq.config.ts")).default as { dynamicPaths: string[] };
    return config.dynamicPaths;
  } finally {
    if (saved === undefined) delete process.env.KESU_PUBLISH_DIR;
    else process.env.KESU_PUBLISH_DIR = saved;
  }
}

describe("siteDataFiles", () => {
  it("lists the data file of every page: five quarters, each category with complaints, each tier-1 branch", () => {
    const { quarters, categories, branches } = expectedPages();
    expect(categories.length).toBeGreaterThan(5);
    expect(branches.length).toBeGreaterThan(5);
    const paths = siteDataFiles(snapshotAt(FIXTURE))
      .map((f) => f.path)
      .sort();
    const expected = [
      "data/dashboard.json",
      ...["cube-monthly", "cube-backlog-quarterly", "cube-response-days"].flatMap((c) => ["", "-tier1", "-bank"].map((level) => `data/${c}${level}.arrow`)),
      "data/quarters.json",
      "data/methodology.json",
      "data/data-quality.json",
      "data/cases.json",
      "data/products.json",
      "data/branches.json",
      ...quarters.map((q) => `data/quarter-${q}.json`),
      ...categories.map((c) => `data/product-${c}.json`),
      ...branches.map((o) => `data/branch-${o}.json`),
    ].sort();
    expect(paths).toEqual(expected);
  });

  it("builds each file byte for byte as its loader process writes it", async () => {
    const files = new Map(siteDataFiles(snapshotAt(FIXTURE)).map((f) => [f.path, f]));
    const cases: [string, string, string[]][] = [
      ["data/dashboard.json", "dashboard.json.ts", []],
      ["data/cube-monthly.arrow", "cube-[cube].arrow.ts", ["--cube=monthly"]],
      ["data/cube-response-days.arrow", "cube-[cube].arrow.ts", ["--cube=response-days"]],
      ["data/cube-monthly-bank.arrow", "cube-[cube].arrow.ts", ["--cube=monthly-bank"]],
      ["data/cube-backlog-quarterly-tier1.arrow", "cube-[cube].arrow.ts", ["--cube=backlog-quarterly-tier1"]],
      ["data/quarters.json", "quarters.json.ts", []],
      ["data/methodology.json", "methodology.json.ts", []],
      ["data/data-quality.json", "data-quality.json.ts", []],
      ["data/cases.json", "cases.json.ts", []],
      ["data/products.json", "products.json.ts", []],
      ["data/branches.json", "branches.json.ts", []],
      ["data/quarter-2025-Q1.json", "quarter-[quarter].json.ts", ["--quarter=2025-Q1"]],
      ["data/product-debit_card.json", "product-[category].json.ts", ["--category=debit_card"]],
      ["data/branch-BJ.json", "branch-[org].json.ts", ["--org=BJ"]],
    ];
    for (const [path, loader, args] of cases) {
      const mine = Buffer.from(files.get(path)!.build());
      expect(mine.length, path).toBeGreaterThan(100);
      expect(mine.equals(await loaderOutput(loader, args, FIXTURE)), path).toBe(true);
    }
    // the quarter file really is that quarter's (not, say, the last one built)
    const q1 = JSON.parse(String(files.get("data/quarter-2025-Q1.json")!.build())) as { quarter: string; by: { quarter: string }[] };
    expect(q1.quarter).toBe("2025-Q1");
    expect(new Set(q1.by.map((r) => r.quarter))).toEqual(new Set(["2025-Q1"]));
  }, 120_000);
});

describe("the cubes' files", () => {
  it("are the snapshot's cube files as published, and add up to the kpi mart's received", () => {
    const s = snapshotAt(FIXTURE);
    const site = Buffer.from(cubeFile(s, "data/cube-monthly.arrow"));
    expect(site.equals(readFileSync(join(FIXTURE, "cube_monthly.arrow")))).toBe(true);
    const kpi = JSON.parse(readFileSync(join(FIXTURE, "kpi_quarterly.json"), "utf8")) as { received: number }[];
    const table = tableFromIPC(site);
    expect(table.toArray().reduce((n, r) => n + r.received, 0)).toBe(kpi.reduce((n, r) => n + r.received, 0));
    expect(() => cubeFile(s, "data/cube-nope.arrow")).toThrow(/not one of the cubes/);
  });

  it("an Arrow table is the same bytes however many tables the process built before", () => {
    // dictionary ids are numbered per table: a loader process and `kesu build` get the same file
    const columns = { month: ["2025-01", "2025-02", null], received: [3, 4, 5] };
    const first = Buffer.from(tableToIPC(arrowTable(columns), "file"));
    arrowTable({ a: ["x"], b: ["y"] });
    const again = Buffer.from(tableToIPC(arrowTable(columns), "file"));
    expect(again.equals(first)).toBe(true);
    expect(
      tableFromIPC(again)
        .toArray()
        .map((r) => r.month),
    ).toEqual(["2025-01", "2025-02", null]);
  });
});

describe("siteParams", () => {
  it("lists the quarters, categories and branches the site config builds pages for", async () => {
    const params = siteParams(snapshotAt(FIXTURE));
    const expected = [
      ...params.quarters.map((q) => `/quarterly/${q}`),
      ...params.categories.map((c) => `/products/${c}`),
      ...params.branches.map((o) => `/branches/${o}`),
    ];
    expect(params.quarters).toEqual(["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]);
    expect(await configDynamicPaths(FIXTURE)).toEqual(expected);
  });

  it("takes the branches from the scorecard mart once it is published, as the config does", async () => {
    const dir = join(tmp, "with-scorecard");
    cpSync(FIXTURE, dir, { recursive: true });
    // two tier-1 units (one of them in two quarters) and a tier-2 unit that gets no page
    writeFileSync(
      join(dir, "org_scorecard_quarterly.json"),
      JSON.stringify([
        { quarter: "2025-Q3", org_code: "SZ", org_level: "tier1" },
        { quarter: "2025-Q2", org_code: "SZ", org_level: "tier1" },
        { quarter: "2025-Q3", org_code: "BJ", org_level: "tier1" },
        { quarter: "2025-Q3", org_code: "BJ01", org_level: "tier2" },
      ]),
    );
    expect(siteParams(snapshotAt(dir)).branches).toEqual(["BJ", "SZ"]);
    expect((await configDynamicPaths(dir)).filter((p) => p.startsWith("/branches/"))).toEqual(["/branches/BJ", "/branches/SZ"]);
  });
});

describe("snapshotAt", () => {
  it("parses a file once and hands out values a builder cannot change", () => {
    const dir = join(tmp, "once");
    cpSync(FIXTURE, dir, { recursive: true });
    const s = snapshotAt(dir);
    const kpi = s.read<{ quarter: string; received: number }[]>("kpi_quarterly.json");
    rmSync(join(dir, "kpi_quarterly.json"));
    expect(s.read("kpi_quarterly.json")).toBe(kpi);
    expect(() => {
      kpi[0].received = 0;
    }).toThrow(TypeError);
    expect(() => kpi.sort()).toThrow(TypeError);
    // a new reader sees the directory as it is now
    expect(() => snapshotAt(dir).read("kpi_quarterly.json")).toThrow(/kpi_quarterly\.json is missing/);
    expect(snapshotAt(dir).optional("kpi_quarterly.json")).toBeNull();
  });
});

describe("prepareSiteData", () => {
  it("writes every file where Framework looks for a loader's output", async () => {
    const cache = join(tmp, "cache-ok");
    const result = await prepareSiteData(snapshotAt(FIXTURE), cache);
    expect(result.skipped).toEqual([]);
    const { quarters, categories, branches } = expectedPages();
    // the dashboard, three cubes at three grains, quarters, methodology, data quality, cases, products, branches, and one per page
    expect(result.written.length).toBe(16 + quarters.length + categories.length + branches.length);
    const kpi = JSON.parse(readFileSync(join(FIXTURE, "kpi_quarterly.json"), "utf8")) as { quarter: string; received: number }[];
    const q3 = JSON.parse(readFileSync(join(cache, "data/quarter-2025-Q3.json"), "utf8")) as { kpi: { received: number } };
    expect(q3.kpi.received).toBe(kpi.find((k) => k.quarter === "2025-Q3")!.received);
  });

  it("leaves a file it cannot build to its loader, saying why", async () => {
    const dir = join(tmp, "no-kpi");
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(join(dir, "kpi_quarterly.json"));
    const cache = join(tmp, "cache-no-kpi");
    const result = await prepareSiteData(snapshotAt(dir), cache);
    // the quarter pages and the quarter list read the KPI mart; the rest do not (the dashboard adds up its cubes)
    expect(result.skipped.map((f) => f.path).sort()).toEqual(
      ["data/quarters.json", ...["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"].map((q) => `data/quarter-${q}.json`)].sort(),
    );
    for (const f of result.skipped) expect(f.error).toMatch(/kpi_quarterly\.json is missing/);
    expect(existsSync(join(cache, "data/quarter-2025-Q3.json"))).toBe(false);
    expect(existsSync(join(cache, "data/products.json"))).toBe(true);
    const { categories, branches } = expectedPages();
    expect(result.written.length).toBe(15 + categories.length + branches.length);
  });
});
