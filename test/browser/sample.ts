// The one sample site the browser suite runs against: a small deterministic demo (fixed seed) taken
// through the real CLI — demo → run (ingest, build, site) — into a temp data dir, served on 127.0.0.1.
// Building it costs most of the suite's time, so test/browser/site.test.ts builds it once for all its
// describe blocks rather than once per file.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { serveSite, type SiteServer } from "../../src/site/build.ts";
import { tempDataDir } from "../helpers.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;

export const SAMPLE = { seed: 7, complaints: 6000 };

export interface Sample {
  dataDir: string;
  dist: string;
  server: SiteServer;
  meta: { quarters: string[]; as_of: string; generated_at: string; clock_profile: string; bank_name: { zh: string; en: string } };
  /** Runs the real `kesu` command on the sample's data dir; resolves to stdout. */
  kesu(args: string[]): Promise<string>;
  /** `kesu query --json` on the sample's warehouse. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  cleanup(): Promise<void>;
}

/**
 * Builds the sample. While working on the tests themselves, KESU_BROWSER_SAMPLE=DIR reuses a data dir an
 * earlier build left (with its site in DIR/dist) and keeps it; never set it in CI, where the sample must
 * come from the code under test.
 */
export async function buildSample(): Promise<Sample> {
  const reuse = process.env.KESU_BROWSER_SAMPLE;
  const env = reuse ? { dir: reuse, cleanup: () => {} } : tempDataDir();
  const dataDir = env.dir;
  const dist = join(dataDir, "dist");
  const kesu = async (args: string[]) => (await run(process.execPath, [KESU, ...args, "--data-dir", dataDir], { maxBuffer: 64 << 20 })).stdout;
  if (!reuse) {
    try {
      await kesu(["demo", "--seed", String(SAMPLE.seed), "--complaints", String(SAMPLE.complaints)]);
      await kesu(["run", "--out", dist]);
    } catch (error) {
      env.cleanup();
      throw error;
    }
  }
  const server = await serveSite({ dir: dist, port: 0 });
  return {
    dataDir,
    dist,
    server,
    meta: JSON.parse(readFileSync(join(dataDir, "publish", "meta.json"), "utf8")),
    kesu,
    query: async (sql) => JSON.parse(await kesu(["query", "--json", sql])),
    cleanup: async () => {
      await server.close();
      env.cleanup();
    },
  };
}
