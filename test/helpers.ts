// Shared test helpers: temporary data dirs with fixtures, and a warehouse opened on them.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type KesuConfig } from "../src/config/config.ts";

export const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

/** A fresh data dir, optionally seeded from a fixture folder; removed by the returned cleanup. */
export function tempDataDir(fixture?: string): { dir: string; config: KesuConfig; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "kesu-test-"));
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  // the tests write each export whole before a run: no scheduled ingest need wait for one to settle
  const config = loadConfig({ dataDir: dir, demo: true, env: { KESU_SETTLE_SECONDS: "0" } });
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
