// How many files ingest loads at once: one more than the machine's cores, up to 4, by default; KESU_INGEST_WORKERS or
// ingestWorkers in the config file otherwise, and nothing that is not a whole number from 1 to 64.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";

const dir = mkdtempSync(join(tmpdir(), "kesu-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ingest workers", () => {
  it("default to one more than the cores, at most 4; the environment beats the config file", () => {
    expect(loadConfig({ dataDir: dir, demo: true, env: {} }).ingestWorkers).toBe(Math.min(4, availableParallelism() + 1));
    writeFileSync(join(dir, "kesu.config.json"), JSON.stringify({ ingestWorkers: 3 }));
    expect(loadConfig({ dataDir: dir, demo: true, env: {} }).ingestWorkers).toBe(3);
    expect(loadConfig({ dataDir: dir, demo: true, env: { KESU_INGEST_WORKERS: "1" } }).ingestWorkers).toBe(1);
  });

  it("refuse what is not a whole number from 1 to 64", () => {
    for (const value of ["0", "1.5", "many", "65"]) {
      expect(() => loadConfig({ dataDir: dir, demo: true, env: { KESU_INGEST_WORKERS: value } })).toThrow(ConfigError);
    }
  });
});
