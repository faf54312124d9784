// One writer per warehouse: the lock file next to it. Real processes: `kesu ingest`, `kesu build` and
// `kesu run` refuse while another process holds it, naming that pid, and touch nothing; a lock left by a
// dead process is taken over (by exactly one of several racers); `kesu query` explains a held warehouse.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireWriterLock, lockPathFor, WarehouseBusyError, withWarehouse } from "../../src/db/warehouse.ts";
import { tempDataDir } from "../helpers.ts";

const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

function kesu(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KESU, ...args], { env: { ...process.env, KESU_HMAC_KEY: "lock-test-key-0123456789" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A pid that certainly belongs to no live process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name).slice(dir.length))
    .sort();
}

let env: ReturnType<typeof tempDataDir>;
beforeAll(() => {
  env = tempDataDir("ingest");
});
afterAll(() => env?.cleanup());

describe("writer lock", () => {
  it("makes ingest, build and run refuse with the holder's pid, touching nothing", async () => {
    const warehouse = env.config.warehousePath;
    const lock = acquireWriterLock(warehouse);
    try {
      expect(readFileSync(lockPathFor(warehouse), "utf8").split(" ")[0]!.trim()).toBe(String(process.pid));
      const before = tree(env.dir);
      for (const command of ["ingest", "build", "run"]) {
        const result = await kesu([command, "--data-dir", env.dir, ...(command === "run" ? ["--out", join(env.dir, "dist")] : [])]);
        expect(result.code, `${command}: ${result.stderr}`).not.toBe(0);
        expect(result.stderr).toContain(`warehouse ${warehouse} is in use by pid ${process.pid}`);
      }
      expect(tree(env.dir)).toEqual(before);
      expect(existsSync(warehouse)).toBe(false);
    } finally {
      lock.release();
    }
    expect(existsSync(lockPathFor(warehouse))).toBe(false);
    // Released: the same command now works.
    const ingest = await kesu(["ingest", "--data-dir", env.dir]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(existsSync(lockPathFor(warehouse))).toBe(false);
  });

  it("is re-entrant within a process and released by its last holder", () => {
    const warehouse = join(env.dir, "reentrant.duckdb");
    const outer = acquireWriterLock(warehouse);
    const inner = acquireWriterLock(warehouse);
    inner.release();
    inner.release(); // releasing twice counts once
    expect(existsSync(lockPathFor(warehouse))).toBe(true);
    outer.release();
    expect(existsSync(lockPathFor(warehouse))).toBe(false);
  });

  it("refuses while a live process holds it, and takes over a dead process's lock", () => {
    const warehouse = join(env.dir, "stale.duckdb");
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lockPathFor(warehouse), `${sleeper.pid}\n`);
      expect(() => acquireWriterLock(warehouse)).toThrow(WarehouseBusyError);
      expect(() => acquireWriterLock(warehouse)).toThrow(`in use by pid ${sleeper.pid}`);
    } finally {
      sleeper.kill("SIGKILL");
    }
    // An empty lock is one being written right now: busy. Left empty for long, its writer died: stale.
    writeFileSync(lockPathFor(warehouse), "");
    expect(() => acquireWriterLock(warehouse)).toThrow(WarehouseBusyError);
    const old = Date.now() / 1000 - 10;
    utimesSync(lockPathFor(warehouse), old, old);
    acquireWriterLock(warehouse).release();
    expect(existsSync(lockPathFor(warehouse))).toBe(false);
    const dead = deadPid();
    writeFileSync(lockPathFor(warehouse), `${dead}\n`);
    const lock = acquireWriterLock(warehouse);
    expect(readFileSync(lockPathFor(warehouse), "utf8").split(" ")[0]!.trim()).toBe(String(process.pid));
    lock.release();
    expect(readdirSync(env.dir).filter((f) => f.startsWith("stale.duckdb.lock"))).toEqual([]);
  });

  it("lets exactly one of several processes racing for a stale lock win it", async () => {
    const warehouse = join(env.dir, "race.duckdb");
    writeFileSync(lockPathFor(warehouse), `${deadPid()}\n`);
    mkdirSync(join(env.dir, "race"), { recursive: true });
    const script = join(env.dir, "race", "take.mts");
    writeFileSync(
      script,
      `import { acquireWriterLock } from ${JSON.stringify(join(ROOT, "src/db/warehouse.ts"))};
       const start = Number(process.argv[2]);
       while (Date.now() < start) {}
       try { const lock = acquireWriterLock(${JSON.stringify(warehouse)}); console.log("won"); setTimeout(() => lock.release(), 4000); }
       catch (e) { console.log(e.name); }`,
    );
    const tsx = join(ROOT, "node_modules/.bin/tsx");
    const start = Date.now() + 2500; // all four spin until the same moment, after tsx has started
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(tsx, [script, String(start)]);
            let out = "";
            child.stdout.on("data", (c: Buffer) => (out += c.toString()));
            child.on("close", () => resolve(out.trim()));
          }),
      ),
    );
    expect(results.sort()).toEqual(["WarehouseBusyError", "WarehouseBusyError", "WarehouseBusyError", "won"]);
    expect(existsSync(lockPathFor(warehouse))).toBe(false);
  });

  it("makes kesu query say who holds the warehouse while a writer has it open", async () => {
    const warehouse = env.config.warehousePath;
    const lock = acquireWriterLock(warehouse);
    try {
      await withWarehouse(warehouse, {}, async () => {
        const result = await kesu(["query", "--data-dir", env.dir, "select count(*) from raw.files"]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(`warehouse ${warehouse} is in use by pid ${process.pid}`);
      });
    } finally {
      lock.release();
    }
    // Between jobs (warehouse closed) readers get in even though a writer holds the lock file.
    const again = acquireWriterLock(warehouse);
    try {
      const result = await kesu(["query", "--data-dir", env.dir, "--json", "select count(*) as n from raw.files where status = 'loaded'"]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)[0].n).toBeGreaterThan(0);
    } finally {
      again.release();
    }
  });
});
