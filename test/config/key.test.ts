// The pseudonymisation key is asked for only where customer ids are read (ingest, run, schedule): reading
// the warehouse or publishing from it (query, metrics, report, build, site) must work without the secret.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { openWarehouse } from "../../src/db/warehouse.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "kesu-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noKey = { ...process.env, KESU_HMAC_KEY: "" };

describe("pseudonymisation key", () => {
  it("is required by default, and optional for a command that says it reads no customer id", () => {
    expect(() => loadConfig({ dataDir: dir, env: {} })).toThrow(ConfigError);
    expect(loadConfig({ dataDir: dir, env: {}, needsKey: false }).hmacKey).toBe("");
    expect(() => loadConfig({ dataDir: dir, env: { KESU_HMAC_KEY: "short" }, needsKey: false })).toThrow(/at least 16/);
  });

  it("kesu query reads the warehouse without it; kesu ingest refuses to start without it", async () => {
    (await openWarehouse(join(dir, "warehouse.duckdb"))).close();
    const { stdout } = await run(process.execPath, [KESU, "query", "select 42 as answer", "--json", "--data-dir", dir], { env: noKey });
    expect(JSON.parse(stdout)).toEqual([{ answer: 42 }]);
    const ingest = run(process.execPath, [KESU, "ingest", "--data-dir", dir], { env: noKey });
    await expect(ingest).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/KESU_HMAC_KEY/) });
  });
});
