// The site built from a tiny real snapshot (test/fixtures/tiny.ts: 5 quarters, 2024-Q3..2025-Q3):
// every page exists, nothing in the output would make a browser request another host, a missing snapshot
// fails with a clear message, and the built site serves with clean URLs on 127.0.0.1.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, serveSite } from "../../src/site/build.ts";
import { siteDataFiles } from "../../src/site/data.ts";
import { snapshotAt } from "../../src/site/snapshot.ts";
import { scanDirectory } from "./scan.ts";
import { TINY, tinySnapshot, type TinySnapshot } from "../fixtures/tiny.ts";

const REPORTS = fileURLToPath(new URL("../../reports/", import.meta.url));
let tiny: TinySnapshot;
let FIXTURE: string;
let meta: { quarters: string[] };
let kpi: { quarter: string; received: number }[];

let tmp: string;
let outDir: string;
let built: Awaited<ReturnType<typeof buildSite>>;

// Builds of one publish dir take turns on its work dir's lock (src/site/build.ts: siteWorkDir); builds of
// two publish dirs run at once, and none writes into the checkout.
beforeAll(async () => {
  tiny = await tinySnapshot();
  FIXTURE = tiny.publishDir;
  meta = tiny.read("meta.json");
  kpi = tiny.read("kpi_quarterly.json");
  tmp = mkdtempSync(join(tmpdir(), "kesu-site-"));
  outDir = join(tmp, "dist");
  built = await buildSite({ publishDir: FIXTURE, outDir });
}, 300_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tiny?.cleanup();
});

describe("site built offline from the fixture snapshot", () => {
  it("fixture covers 2024-Q3..2025-Q3", () => {
    expect(meta.quarters).toEqual(TINY.quarters);
  });

  it("writes the dashboard, the quarter list and one page per quarter", () => {
    expect(built.outDir).toBe(outDir);
    expect(existsSync(join(outDir, "index.html"))).toBe(true);
    expect(existsSync(join(outDir, "quarterly", "index.html"))).toBe(true);
    for (const q of meta.quarters) expect(existsSync(join(outDir, "quarterly", `${q}.html`)), q).toBe(true);
    expect(built.pages).toBeGreaterThanOrEqual(meta.quarters.length + 2);
    expect(built.ms).toBeGreaterThan(0);
  });

  it("writes a product page per category with complaints, a branch page per tier-1 unit, and the data-quality page", () => {
    // the categories with complaints and the tier-1 branches, as the published marts list them
    const categories = [
      ...new Set(
        tiny
          .read("received_quarterly_by.json")
          .filter((r) => r.dimension === "business_category" && (r.received as number) > 0)
          .map((r) => String(r.code)),
      ),
    ];
    for (const c of categories) expect(existsSync(join(outDir, "products", `${c}.html`)), c).toBe(true);
    expect(
      readdirSync(join(outDir, "products"))
        .filter((f) => !/\.(gz|br)$/.test(f))
        .sort(),
    ).toEqual([...categories.map((c) => `${c}.html`), "index.html"].sort());
    const branches = new Set(
      tiny
        .read("org_scorecard_quarterly.json")
        .filter((r) => r.org_level === "tier1")
        .map((r) => String(r.org_code)),
    );
    expect(branches.size).toBeGreaterThan(5);
    for (const o of branches) expect(existsSync(join(outDir, "branches", `${o}.html`)), o).toBe(true);
    expect(existsSync(join(outDir, "branches", "index.html"))).toBe(true);
    expect(existsSync(join(outDir, "data-quality.html"))).toBe(true);
  });

  it("references no outside host in any .html, .css or .js file", () => {
    expect(scanDirectory(outDir)).toEqual([]);
    expect(existsSync(join(outDir, "_npm")), "no module fetched from the npm CDN").toBe(false);
    const index = readFileSync(join(outDir, "index.html"), "utf8");
    expect(index).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr/);
    expect(index).toMatch(/<html lang="zh-CN"|documentElement.lang = "zh-CN"/);
  });

  it("gives each quarter page only its quarter's data, with the published total", () => {
    const files = readdirSync(join(outDir, "_file", "data"));
    for (const q of meta.quarters) {
      const name = files.find((f) => f.startsWith(`quarter-${q}.`) && f.endsWith(".json"));
      expect(name, q).toBeDefined();
      const data = JSON.parse(readFileSync(join(outDir, "_file", "data", name!), "utf8"));
      expect(data.kpi.received).toBe(kpi.find((k) => k.quarter === q)!.received);
      expect(new Set(data.by.map((r: { quarter: string }) => r.quarter))).toEqual(new Set([q]));
    }
  });

  it("takes every data file from kesu's one-process build, none from a loader process", () => {
    expect(built.data.left_to_loaders).toEqual([]);
    const expected = siteDataFiles(snapshotAt(FIXTURE));
    expect(built.data.built).toBe(expected.length);
    // each attached file in the site (its name carries a content hash) is the one built in process; the
    // .gz/.br beside it (src/site/compress.ts) hold its bytes compressed
    const all = readdirSync(join(outDir, "_file", "data"));
    const files = all.filter((f) => !/\.(gz|br)$/.test(f));
    expect(files.length).toBe(expected.length);
    for (const f of all.filter((n) => !files.includes(n))) {
      const bytes = readFileSync(join(outDir, "_file", "data", f));
      const decoded = f.endsWith(".gz") ? gunzipSync(bytes) : brotliDecompressSync(bytes);
      expect(decoded.equals(readFileSync(join(outDir, "_file", "data", f.slice(0, -3)))), f).toBe(true);
    }
    expect(all.filter((f) => f.endsWith(".json.br")).length, "JSON data files with a brotli sibling").toBeGreaterThan(0);
    for (const f of expected) {
      const [base, ext] = [f.path.slice("data/".length).replace(/\.\w+$/, ""), f.path.split(".").pop()];
      const name = files.find((n) => new RegExp(`^${base}\\.[0-9a-f]{8}\\.${ext}$`).test(n));
      expect(name, f.path).toBeDefined();
      expect(readFileSync(join(outDir, "_file", "data", name!)).equals(Buffer.from(f.build())), f.path).toBe(true);
    }
  });

  it("serves clean URLs on 127.0.0.1 (GET /quarterly/<q> → 200 HTML)", async () => {
    const server = await serveSite({ dir: outDir, port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      for (const q of [meta.quarters[0], meta.quarters.at(-1)!]) {
        const response = await fetch(`${server.url}quarterly/${q}`);
        expect(response.status, q).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/text\/html/);
        expect(await response.text()).toContain("<html");
      }
      expect((await fetch(`${server.url}quarterly/1999-Q1`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("fails with a clear message when the snapshot is missing", async () => {
    const empty = join(tmp, "no-snapshot");
    await expect(buildSite({ publishDir: empty, outDir: join(tmp, "dist-none") })).rejects.toThrow(/snapshot/);
    expect(existsSync(join(outDir, "index.html")), "the previous site is untouched").toBe(true);
  });

  it("fails with the data loader's message when a snapshot file is missing", async () => {
    const partial = join(tmp, "partial");
    cpSync(FIXTURE, partial, { recursive: true });
    rmSync(join(partial, "kpi_quarterly.json"));
    await expect(buildSite({ publishDir: partial, outDir: join(tmp, "dist-partial") })).rejects.toThrow(/kpi_quarterly\.json is missing/);
    expect(existsSync(join(tmp, "dist-partial")), "no half-built site").toBe(false);
  }, 300_000);
});

describe("build state outside the checkout", () => {
  /** Every path under reports/ with its modification time: what a build must leave as it was. */
  const sources = () =>
    readdirSync(REPORTS, { recursive: true, withFileTypes: true })
      .map((e) => join(e.parentPath, e.name))
      .map((path) => `${path} ${statSync(path).mtimeMs}`)
      .sort();

  it("builds two data dirs' sites at once, writing nothing into reports/", async () => {
    const before = sources();
    const dirs = ["a", "b"].map((name) => {
      const dataDir = join(tmp, `data-${name}`);
      cpSync(FIXTURE, join(dataDir, "publish"), { recursive: true });
      return { publishDir: join(dataDir, "publish"), outDir: join(dataDir, "dist"), workDir: join(dataDir, "tmp", "site") };
    });
    // both locks held at one moment proves the builds overlapped (one lock for all made them take turns)
    let overlapped = false;
    const watch = setInterval(() => {
      if (dirs.every((d) => existsSync(join(d.workDir, "build.lock")))) overlapped = true;
    }, 20);
    try {
      const builds = await Promise.all(dirs.map((d) => buildSite(d)));
      for (const build of builds) expect(existsSync(join(build.outDir, "index.html"))).toBe(true);
    } finally {
      clearInterval(watch);
    }
    expect(overlapped).toBe(true);
    for (const d of dirs) {
      expect(existsSync(join(d.workDir, "root", ".observablehq", "cache")), "Framework's cache is in the data dir").toBe(true);
      expect(existsSync(join(d.workDir, "build.lock")), "lock released").toBe(false);
    }
    expect(sources()).toEqual(before);
    expect(existsSync(join(REPORTS, ".observablehq"))).toBe(false);
  }, 300_000);
});
