// `npm run bench -- --site-weight [--dist DIR] [--pages all|N]`: what a built site weighs and what a reader downloads.
// On disk: total bytes, bytes per file type (raw, and as the .br/.gz siblings `kesu site` writes), the
// largest files, and the data-file members repeated byte for byte across pages (labels, meta). In the
// browser: each page loaded in headless chromium (src/report/browser.ts) from serveSite, with a fresh
// cache, once asking for no coding (Accept-Encoding: identity) and once as chromium asks (gzip, deflate,
// br, zstd): requests, bytes on the wire, and which types dominate. A benchmark, not a test: it prints
// figures and never fails on them. A dist built before compression (no siblings) shows what was sent then.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { createHash } from "node:crypto";
import type { Browser } from "playwright-core";
import { launchChromium, waitForRendered } from "../src/report/browser.ts";
import { serveSite } from "../src/site/build.ts";

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

interface FileInfo {
  path: string;
  ext: string;
  bytes: number;
  gz?: number;
  br?: number;
}

function siteFiles(dir: string): FileInfo[] {
  const all = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
  const names = new Set(all);
  const isSibling = (p: string) => /\.(gz|br)$/.test(p) && names.has(p.slice(0, -3));
  return all
    .filter((p) => !isSibling(p))
    .map((path) => {
      const size = (suffix: string) => (names.has(path + suffix) ? statSync(join(dir, path + suffix)).size : undefined);
      return { path, ext: extname(path) || "(none)", bytes: statSync(join(dir, path)).size, gz: size(".gz"), br: size(".br") };
    });
}

function diskReport(dir: string, files: FileInfo[]): void {
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const siblings = files.reduce((s, f) => s + (f.gz ?? 0) + (f.br ?? 0), 0);
  console.log(
    `\n${dir}\n  ${files.length} files, ${mb(total)} (${mb(siblings)} more in .gz/.br siblings of ${files.filter((f) => f.gz || f.br).length} files)`,
  );
  const byType = new Map<string, { n: number; bytes: number; gz: number; br: number }>();
  for (const f of files) {
    const t = byType.get(f.ext) ?? { n: 0, bytes: 0, gz: 0, br: 0 };
    t.n++;
    t.bytes += f.bytes;
    t.gz += f.gz ?? f.bytes;
    t.br += f.br ?? f.bytes;
    byType.set(f.ext, t);
  }
  console.log(`\n  by type        files        raw       gzip     brotli   share of raw`);
  for (const [ext, t] of [...byType].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(
      `  ${padEnd(ext, 12)} ${pad(t.n, 6)} ${pad(mb(t.bytes), 10)} ${pad(mb(t.gz), 10)} ${pad(mb(t.br), 10)}   ${pad(((100 * t.bytes) / total).toFixed(1), 5)}%`,
    );
  }
  const byDir = new Map<string, number>();
  for (const f of files) {
    const top = f.path.startsWith("_file/data/") ? "_file/data" : f.path.includes("/") ? f.path.split("/")[0]! : "(root)";
    byDir.set(top, (byDir.get(top) ?? 0) + f.bytes);
  }
  console.log(
    `\n  by folder: ${[...byDir]
      .sort((a, b) => b[1] - a[1])
      .map(([d, b]) => `${d} ${mb(b)}`)
      .join(", ")}`,
  );
  console.log(`\n  largest files                                                        raw      brotli`);
  for (const f of [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 15)) {
    console.log(`  ${padEnd(f.path, 62)} ${pad(kb(f.bytes), 10)} ${pad(f.br ? kb(f.br) : "-", 10)}`);
  }
}

/**
 * Members of the pages' JSON data files that several files carry byte for byte (a member's JSON text,
 * at the top level of each file): what a shared file would save. Counted over the files as written.
 */
function sharedDataReport(dir: string, files: FileInfo[]): void {
  const data = files.filter((f) => f.path.startsWith("_file/data/") && f.ext === ".json");
  const members = new Map<string, { key: string; bytes: number; files: string[] }>();
  let dataBytes = 0;
  for (const f of data) {
    dataBytes += f.bytes;
    const value = JSON.parse(readFileSync(join(dir, f.path), "utf8")) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    for (const [key, member] of Object.entries(value)) {
      const text = JSON.stringify(member);
      const hash = createHash("sha1").update(key).update("\0").update(text).digest("hex");
      const m = members.get(hash) ?? { key, bytes: Buffer.byteLength(text) + key.length + 4, files: [] };
      m.files.push(f.path);
      members.set(hash, m);
    }
  }
  const repeated = [...members.values()].filter((m) => m.files.length > 1).sort((a, b) => b.bytes * (b.files.length - 1) - a.bytes * (a.files.length - 1));
  const saved = repeated.reduce((s, m) => s + m.bytes * (m.files.length - 1), 0);
  console.log(
    `\n  data files: ${data.length} JSON, ${mb(dataBytes)}; top-level members repeated byte for byte across them: ${mb(saved)} of copies beyond the first (${((100 * saved) / Math.max(1, dataBytes)).toFixed(1)}%)`,
  );
  console.log(`  member            bytes each   in files   repeated bytes`);
  for (const m of repeated.slice(0, 10)) {
    console.log(`  ${padEnd(m.key, 18)} ${pad(kb(m.bytes), 10)} ${pad(m.files.length, 10)} ${pad(kb(m.bytes * (m.files.length - 1)), 14)}`);
  }
}

interface Load {
  requests: number;
  wire: number;
  body: number;
  coded: number;
  byType: Map<string, { n: number; wire: number }>;
  error?: string;
}

async function load(browser: Browser, url: string, identity: boolean): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...(identity ? { extraHTTPHeaders: { "accept-encoding": "identity" } } : {}),
  });
  const page = await context.newPage();
  const finished: Promise<{ type: string; wire: number; body: number; coded: boolean }>[] = [];
  page.on("requestfinished", (request) => {
    finished.push(
      (async () => {
        const sizes = await request.sizes();
        const response = await request.response();
        const coding = (await response?.headerValue("content-encoding")) ?? "";
        const path = new URL(request.url()).pathname;
        const type = request.url().startsWith("data:") ? "data:" : extname(path) || ".html";
        return { type, wire: sizes.responseBodySize + sizes.responseHeadersSize, body: sizes.responseBodySize, coded: coding !== "" };
      })(),
    );
  });
  try {
    await page.goto(url);
    // a page that fails to render still counts what it fetched (a benchmark does not fail on the page)
    const error = await waitForRendered(page).then(
      () => undefined,
      (e: Error) => e.message.replace(/^https?:\/\/[^ ]+ /, "").slice(0, 120),
    );
    const results = await Promise.all(finished);
    const byType = new Map<string, { n: number; wire: number }>();
    for (const r of results) {
      const t = byType.get(r.type) ?? { n: 0, wire: 0 };
      t.n++;
      t.wire += r.wire;
      byType.set(r.type, t);
    }
    return {
      requests: results.length,
      wire: results.reduce((s, r) => s + r.wire, 0),
      body: results.reduce((s, r) => s + r.body, 0),
      coded: results.filter((r) => r.coded).length,
      byType,
      error,
    };
  } finally {
    await context.close();
  }
}

function pagesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html") && e.name !== "404.html")
    .map((e) =>
      relative(dir, join(e.parentPath, e.name))
        .replace(/(^|\/)index\.html$/, "$1")
        .replace(/\.html$/, ""),
    )
    .sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

export async function siteWeightBench(options: { dist: string; pages?: string }): Promise<void> {
  if (!existsSync(join(options.dist, "index.html"))) {
    console.log(`no built site in ${options.dist}: build one with \`kesu site --out ${options.dist}\` (or pass --dist DIR)`);
    return;
  }
  const dir = realpathSync(options.dist);
  const files = siteFiles(dir);
  diskReport(dir, files);
  sharedDataReport(dir, files);

  let pages = pagesOf(dir);
  if (options.pages && options.pages !== "all") pages = pages.slice(0, Number(options.pages));
  const server = await serveSite({ dir });
  const browser = await launchChromium();
  try {
    console.log(`\n  per page (fresh cache)              identity: requests   bytes      |  gzip/br: bytes   coded   ratio`);
    const sums = { identity: 0, coded: 0, requests: 0 };
    const types = new Map<string, { n: number; identity: number; coded: number }>();
    for (const path of pages) {
      const url = new URL(path, server.url).href;
      const [plain, coded] = [await load(browser, url, true), await load(browser, url, false)];
      sums.identity += plain.wire;
      sums.coded += coded.wire;
      sums.requests += coded.requests;
      for (const [type, t] of coded.byType) {
        const s = types.get(type) ?? { n: 0, identity: 0, coded: 0 };
        s.n += t.n;
        s.coded += t.wire;
        s.identity += plain.byType.get(type)?.wire ?? 0;
        types.set(type, s);
      }
      const top = [...coded.byType]
        .sort((a, b) => b[1].wire - a[1].wire)
        .slice(0, 3)
        .map(([type, t]) => `${type} ${kb(t.wire)}/${t.n}`)
        .join(", ");
      console.log(
        `  /${padEnd(path, 32)} ${pad(plain.requests, 10)} ${pad(kb(plain.wire), 11)}  | ${pad(kb(coded.wire), 11)} ${pad(`${coded.coded}/${coded.requests}`, 7)} ${pad(`${(plain.wire / coded.wire).toFixed(1)}x`, 6)}   ${top}${coded.error ? `  (did not render: ${coded.error})` : ""}`,
      );
    }
    console.log(
      `\n  all ${pages.length} pages, one fresh load each: ${sums.requests} requests, ${mb(sums.identity)} uncoded, ${mb(sums.coded)} as chromium takes it (${(sums.identity / Math.max(1, sums.coded)).toFixed(1)}x)`,
    );
    console.log(`  by type over those loads   requests   identity   coded     share of coded`);
    for (const [type, t] of [...types].sort((a, b) => b[1].coded - a[1].coded)) {
      console.log(
        `  ${padEnd(type, 24)} ${pad(t.n, 10)} ${pad(mb(t.identity), 10)} ${pad(mb(t.coded), 10)}   ${pad(((100 * t.coded) / sums.coded).toFixed(1), 5)}%`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
