// serveSite without a Framework build: clean URLs over a tiny hand-made site, and a server that keeps
// serving correctly after a rebuild swaps a new site into the same directory (new hashed file names).
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type SiteServer } from "../../src/site/build.ts";

let tmp: string;
let dir: string;
let server: SiteServer;

function writeSite(target: string, asset: string): void {
  mkdirSync(join(target, "quarterly"), { recursive: true });
  mkdirSync(join(target, "_import"), { recursive: true });
  writeFileSync(join(target, "index.html"), `<!doctype html><html lang="zh-CN"><script src="./_import/${asset}"></script>仪表盘`);
  writeFileSync(join(target, "quarterly", "index.html"), "季度报告列表");
  writeFileSync(join(target, "quarterly", "2025-Q3.html"), "2025-Q3 季度投诉情况报告");
  writeFileSync(join(target, "_import", asset), `export const asset = ${JSON.stringify(asset)};`);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kesu-serve-"));
  dir = join(tmp, "dist");
  writeSite(dir, "charts.aaaa1111.js");
  server = await serveSite({ dir });
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const get = async (path: string) => {
  const response = await fetch(new URL(path, server.url));
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
};

describe("serveSite", () => {
  it("listens on the loopback interface on a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("maps clean URLs to .html files and folders to their index", async () => {
    expect(await get("/quarterly/2025-Q3")).toMatchObject({ status: 200, text: "2025-Q3 季度投诉情况报告" });
    expect((await get("/quarterly/2025-Q3")).type).toMatch(/text\/html/);
    expect(await get("/quarterly/")).toMatchObject({ status: 200, text: "季度报告列表" });
    expect(await get("/")).toMatchObject({ status: 200 });
    expect((await get("/quarterly/1999-Q1")).status).toBe(404);
  });

  it("lets browsers keep content-hashed files for a year, and revalidate pages", async () => {
    const cache = async (path: string) => (await fetch(new URL(path, server.url))).headers.get("cache-control");
    expect(await cache("/_import/charts.aaaa1111.js")).toBe("public, max-age=31536000, immutable");
    expect(await cache("/quarterly/2025-Q3")).toBe("no-cache");
    expect(await cache("/")).toBe("no-cache");
    // compressed, the same
    const br = await fetch(new URL("/_import/charts.aaaa1111.js", server.url), { headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("serves a rebuilt site swapped into the same directory (new asset names, old ones gone)", async () => {
    expect((await get("/_import/charts.aaaa1111.js")).status).toBe(200);
    // what buildSite does: build beside, then rename over the served directory
    const staging = join(tmp, "dist.tmp");
    writeSite(staging, "charts.bbbb2222.js");
    renameSync(dir, join(tmp, "dist.old"));
    renameSync(staging, dir);
    expect(await get("/_import/charts.bbbb2222.js")).toMatchObject({ status: 200, text: 'export const asset = "charts.bbbb2222.js";' });
    expect((await get("/")).text).toContain("charts.bbbb2222.js");
    expect((await get("/_import/charts.aaaa1111.js")).status).toBe(404);
  });
});
