// Screenshot snapshots compared with a tolerance (pixelmatch over pngjs). The golden-file habit of
// STYLE.md: a missing baseline is written locally but fails in CI (CI=true), a mismatch writes
// `<name>-changed.png` (and `<name>-changed.diff.png`, the differing pixels in red) beside the baseline for
// review — both git-ignored by `test/**/*-changed.*` — and KESU_UPDATE_SNAPSHOTS=1 rewrites baselines:
//
//   KESU_UPDATE_SNAPSHOTS=1 npx vitest run test/browser
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";

export const SNAPSHOT_DIR = new URL("./snapshots/", import.meta.url).pathname;

export type SnapshotStatus = "matched" | "written" | "updated" | "missing" | "mismatch";

export interface SnapshotResult {
  status: SnapshotStatus;
  /** Share of pixels that differ beyond pixelmatch's colour threshold (1 when the sizes differ). */
  diffRatio: number;
  baseline: string;
  message: string;
}

export interface SnapshotOptions {
  dir?: string;
  /** Largest share of differing pixels still accepted: anti-aliasing and font hinting jitter. */
  maxDiffRatio?: number;
  /** pixelmatch's per-pixel colour distance threshold (0–1). */
  threshold?: number;
  env?: Record<string, string | undefined>;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Compares a PNG against the baseline `<dir>/<name>.png`, writing files as the module comment says. */
export function matchSnapshot(name: string, png: Buffer, options: SnapshotOptions = {}): SnapshotResult {
  const dir = options.dir ?? SNAPSHOT_DIR;
  const env = options.env ?? process.env;
  // 1 %: the same page in Debian's chromium (156) and the npm package's (153), both drawing the site's own
  // font, differs in glyph antialiasing by 0.53 % of the pixels and nowhere else; a moved chart, a lost
  // table or a font falling back differs by several per cent.
  const maxDiffRatio = options.maxDiffRatio ?? 0.01;
  const baseline = join(dir, `${name}.png`);
  const changed = join(dir, `${name}-changed.png`);
  const diffFile = join(dir, `${name}-changed.diff.png`);
  mkdirSync(dir, { recursive: true });
  rmSync(changed, { force: true });
  rmSync(diffFile, { force: true });

  if (truthy(env.KESU_UPDATE_SNAPSHOTS)) {
    writeFileSync(baseline, png);
    return { status: "updated", diffRatio: 0, baseline, message: `updated ${baseline}` };
  }
  if (!existsSync(baseline)) {
    if (truthy(env.CI)) {
      writeFileSync(changed, png);
      return {
        status: "missing",
        diffRatio: 1,
        baseline,
        message: `no baseline ${baseline} (CI never writes one); the screenshot is in ${changed} — commit a baseline made with KESU_UPDATE_SNAPSHOTS=1`,
      };
    }
    writeFileSync(baseline, png);
    return { status: "written", diffRatio: 0, baseline, message: `wrote new baseline ${baseline}: review and commit it` };
  }

  const expected = PNG.sync.read(readFileSync(baseline));
  const actual = PNG.sync.read(png);
  if (expected.width !== actual.width || expected.height !== actual.height) {
    writeFileSync(changed, png);
    return {
      status: "mismatch",
      diffRatio: 1,
      baseline,
      message: `${name}: size ${actual.width}×${actual.height} differs from the baseline's ${expected.width}×${expected.height}; see ${changed}`,
    };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: options.threshold ?? 0.1 });
  const diffRatio = differing / (actual.width * actual.height);
  if (diffRatio > maxDiffRatio) {
    writeFileSync(changed, png);
    writeFileSync(diffFile, PNG.sync.write(diff));
    return {
      status: "mismatch",
      diffRatio,
      baseline,
      message: `${name}: ${differing} pixels (${(diffRatio * 100).toFixed(2)}%) differ, more than ${(maxDiffRatio * 100).toFixed(2)}%; see ${changed} and ${diffFile}`,
    };
  }
  return { status: "matched", diffRatio, baseline, message: `${name}: ${(diffRatio * 100).toFixed(3)}% of pixels differ` };
}

/** What a test expects: matched, or written/updated outside CI. */
export function snapshotOk(result: SnapshotResult): boolean {
  return result.status === "matched" || result.status === "written" || result.status === "updated";
}
