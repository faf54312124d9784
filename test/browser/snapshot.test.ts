// The screenshot comparator on hand-made PNGs: within tolerance it matches, beyond it (or at another
// size) it fails and leaves `-changed` files for review, a missing baseline is written locally but fails
// in CI, and KESU_UPDATE_SNAPSHOTS rewrites the baseline.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { matchSnapshot, snapshotOk } from "./snapshot.ts";

/** A 100×100 white PNG with `dark` pixels of the first rows painted black. */
function png(dark = 0, width = 100, height = 100): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(255);
  for (let i = 0; i < dark; i++) image.data.set([0, 0, 0, 255], i * 4);
  return PNG.sync.write(image);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kesu-snap-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("matchSnapshot", () => {
  const local = { CI: undefined };

  it("writes a missing baseline locally and passes", () => {
    const result = matchSnapshot("page", png(), { dir, env: local });
    expect(result.status).toBe("written");
    expect(snapshotOk(result)).toBe(true);
    expect(readFileSync(join(dir, "page.png"))).toEqual(png());
  });

  it("fails on a missing baseline when CI=true, writing nothing but the -changed file", () => {
    const result = matchSnapshot("page", png(), { dir, env: { CI: "true" } });
    expect(result.status).toBe("missing");
    expect(snapshotOk(result)).toBe(false);
    expect(existsSync(join(dir, "page.png"))).toBe(false);
    expect(existsSync(join(dir, "page-changed.png"))).toBe(true);
  });

  it("matches within the tolerance: 90 of 10,000 pixels (0.9%) under the 1% default", () => {
    matchSnapshot("page", png(), { dir, env: local });
    const result = matchSnapshot("page", png(90), { dir, env: { CI: "true" } });
    expect(result.status).toBe("matched");
    expect(result.diffRatio).toBeCloseTo(0.009, 6);
    expect(existsSync(join(dir, "page-changed.png"))).toBe(false);
  });

  it("fails beyond it: 110 of 10,000 pixels (1.1%), with -changed and diff images for review", () => {
    matchSnapshot("page", png(), { dir, env: local });
    const result = matchSnapshot("page", png(110), { dir, env: { CI: "true" } });
    expect(result.status).toBe("mismatch");
    expect(result.diffRatio).toBeCloseTo(0.011, 6);
    expect(snapshotOk(result)).toBe(false);
    expect(readFileSync(join(dir, "page-changed.png"))).toEqual(png(110));
    const diff = PNG.sync.read(readFileSync(join(dir, "page-changed.diff.png")));
    expect([diff.data[0], diff.data[1], diff.data[2]]).toEqual([255, 0, 0]); // pixelmatch paints differences red
    expect(readFileSync(join(dir, "page.png")), "the baseline is kept").toEqual(png());
  });

  it("fails when the size differs", () => {
    matchSnapshot("page", png(), { dir, env: local });
    const result = matchSnapshot("page", png(0, 100, 120), { dir, env: local });
    expect(result.status).toBe("mismatch");
    expect(result.message).toMatch(/100×120 differs from the baseline's 100×100/);
  });

  it("rewrites the baseline with KESU_UPDATE_SNAPSHOTS=1, and clears stale -changed files", () => {
    matchSnapshot("page", png(), { dir, env: local });
    matchSnapshot("page", png(500), { dir, env: local });
    expect(existsSync(join(dir, "page-changed.png"))).toBe(true);
    const result = matchSnapshot("page", png(500), { dir, env: { KESU_UPDATE_SNAPSHOTS: "1", CI: "true" } });
    expect(result.status).toBe("updated");
    expect(readFileSync(join(dir, "page.png"))).toEqual(png(500));
    expect(existsSync(join(dir, "page-changed.png"))).toBe(false);
  });
});
