// The warehouse opens with a memory limit (default 2GB, KESU_MEMORY_LIMIT or memoryLimit in the config file),
// so a large build spills to disk instead of taking 80% of a shared server's RAM.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { one, warehouseOptions, withWarehouse } from "../../src/db/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "kesu-mem-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limitOf = (memoryLimit: string) =>
  withWarehouse(
    join(dir, `w-${memoryLimit}.duckdb`),
    warehouseOptions({ timezone: "Asia/Shanghai", memoryLimit }),
    async (w) => (await one<{ bytes: number }>(w.connection, "select current_setting('memory_limit') as bytes"))!.bytes,
  );

describe("memory limit", () => {
  it("defaults to 2GB, and the environment beats the config file", () => {
    expect(loadConfig({ dataDir: dir, demo: true, env: {} }).memoryLimit).toBe("2GB");
    writeFileSync(join(dir, "kesu.config.json"), JSON.stringify({ memoryLimit: "6GB" }));
    expect(loadConfig({ dataDir: dir, demo: true, env: {} }).memoryLimit).toBe("6GB");
    expect(loadConfig({ dataDir: dir, demo: true, env: { KESU_MEMORY_LIMIT: "512 MB" } }).memoryLimit).toBe("512MB");
    rmSync(join(dir, "kesu.config.json"));
  });

  it("refuses a value that is not a size", () => {
    expect(() => loadConfig({ dataDir: dir, demo: true, env: { KESU_MEMORY_LIMIT: "lots" } })).toThrow(ConfigError);
    expect(() => loadConfig({ dataDir: dir, demo: true, env: { KESU_MEMORY_LIMIT: "3" } })).toThrow(/not a size/);
  });

  it("is DuckDB's memory_limit in the opened warehouse", async () => {
    // DuckDB reports the setting in its own units: 3GB = 3 × 1000³ bytes ≈ 2.7 GiB, 512MB ≈ 488.2 MiB
    expect(String(await limitOf("3GB"))).toBe("2.7 GiB");
    expect(String(await limitOf("512MB"))).toBe("488.2 MiB");
  });
});
