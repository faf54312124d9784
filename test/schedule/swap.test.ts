// Atomic publish of the site: dist/ is a symlink renamed over in one step, so a reader polling it in
// another process never finds it missing or half-built, and a failed Framework build leaves the previous
// site in place with no debris.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, buildsDirFor, swapIn } from "../../src/site/build.ts";
import { tinySnapshot } from "../fixtures/tiny.ts";

const tmp = mkdtempSync(join(tmpdir(), "kesu-swap-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stand-in build: a directory with an index.html naming it and a few pages. */
function fakeBuild(outDir: string, id: string): string {
  const dir = join(buildsDirFor(outDir), id);
  mkdirSync(join(dir, "quarterly"), { recursive: true });
  writeFileSync(join(dir, "index.html"), `<html>${id}</html>`);
  writeFileSync(join(dir, "quarterly", "2025-Q3.html"), `<html>${id} Q3</html>`);
  return dir;
}

describe("site swap", () => {
  it("replaces a plain dist/ directory once, then swaps builds without a reader ever missing a file", async () => {
    const dist = join(tmp, "dist");
    mkdirSync(dist);
    writeFileSync(join(dist, "index.html"), "<html>legacy</html>");
    await swapIn(dist, fakeBuild(dist, "b0000"));
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dist, "index.html"), "utf8")).toBe("<html>b0000</html>");

    // Another process reads both files in a tight loop while we swap 300 builds in (~5 s).
    const reader = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("node:fs");
         const seen = new Set(); let misses = 0, reads = 0;
         const end = Date.now() + Number(process.argv[2]);
         while (Date.now() < end) {
           try {
             const a = fs.readFileSync(process.argv[1] + "/index.html", "utf8");
             const b = fs.readFileSync(process.argv[1] + "/quarterly/2025-Q3.html", "utf8");
             if (!b.endsWith(" Q3</html>")) throw new Error("partial page");
             reads++; seen.add(a);
           } catch (e) { misses++; }
         }
         process.stdout.write(JSON.stringify({ misses, reads, versions: seen.size }));`,
        dist,
        "6000",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    reader.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const done = new Promise<void>((resolve) => reader.on("close", () => resolve()));
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 1; i <= 300; i++) {
      await swapIn(dist, fakeBuild(dist, `b${String(i).padStart(4, "0")}`));
      // Real publishes are minutes apart; 15 ms still swaps far faster than any reader needs to open a
      // file, while keeping a reader descheduled on a busy machine from outliving two swaps.
      await new Promise((r) => setTimeout(r, 15));
    }
    await done;
    const stats = JSON.parse(out) as { misses: number; reads: number; versions: number };
    expect(stats.reads).toBeGreaterThan(1000);
    expect(stats.versions).toBeGreaterThan(5); // the reader really ran across swaps
    expect(stats.misses).toBe(0);
    // Files read a moment apart may come from consecutive builds (a reader wanting one build pins the
    // link with realpath), but each file is whole.
    expect(readFileSync(join(dist, "index.html"), "utf8")).toBe("<html>b0300</html>");
    // Kept: the current build and the one before it (a request being served from it can finish).
    expect(readdirSync(buildsDirFor(dist)).sort()).toEqual(["b0299", "b0300"]);
    expect(readlinkSync(dist)).toBe(join(".dist.builds", "b0300"));
  });

  it("leaves the previous site in place, and no debris, when the Framework build fails", async () => {
    const dist = join(tmp, "dist-failing");
    await swapIn(dist, fakeBuild(dist, "previous"));
    // A snapshot whose KPI file is not JSON: the site's data loader fails, so Framework exits non-zero.
    const tiny = await tinySnapshot();
    const snapshot = join(tmp, "broken-publish");
    await cp(tiny.publishDir, snapshot, { recursive: true });
    tiny.cleanup();
    writeFileSync(join(snapshot, "kpi_quarterly.json"), "{ not json");
    await expect(buildSite({ publishDir: snapshot, outDir: dist })).rejects.toThrow(/site build failed/);
    expect(readFileSync(join(dist, "index.html"), "utf8")).toBe("<html>previous</html>");
    expect(readdirSync(buildsDirFor(dist))).toEqual(["previous"]);
    expect(existsSync(`${dist}.link-${process.pid}`)).toBe(false);
  });
});
