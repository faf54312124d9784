// A process killed mid-file leaves no part of that file in the warehouse, and the next run loads it
// again: the end state equals an uninterrupted run's. Real processes, real SIGKILL, real DuckDB files.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, withWarehouse } from "../../src/db/warehouse.ts";
import { tempDataDir } from "../helpers.ts";

const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;
const HEADER =
  "ticket_id,created_at,customer_no,org_code,product,category,description,ticket_type,priority,status,status_history,acknowledged_at,responded_at,closed_at,extension_level,paused_days,at_fault,outcome,redress_amount,satisfaction,updated_at";

/** A hotline export big enough that loading it takes a noticeable moment. */
function writeHotline(path: string, rows: number, prefix: string): void {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    const t = `2025-09-${day}T10:00:00+08:00`;
    lines.push(`${prefix}${i},${t},C${i % 5000},SH01,CC,pricing_fees,年费争议 第${i}号,COMPLAINT,P3,NEW,,,,,0,0,,,,,${t}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

function seed(dir: string): void {
  mkdirSync(join(dir, "inbox", "hotline"), { recursive: true });
  writeHotline(join(dir, "inbox", "hotline", "hotline_202509.csv"), 200_000, "A");
  writeHotline(join(dir, "inbox", "hotline", "hotline_202510.csv"), 200_000, "B");
}

/** Runs `kesu ingest`; with killAt, SIGKILLs the process as soon as it reports that phase. */
function ingest(dir: string, killAt?: { file: string; phase: string }, workers = 2): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, KESU_TRACE: "1", KESU_HMAC_KEY: "crash-test-key-0123456789", KESU_INGEST_WORKERS: String(workers) };
    const child = spawn(process.execPath, [KESU, "ingest", "--data-dir", dir], { env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (killAt && stderr.split("\n").some((line) => line.includes(killAt.file) && line.endsWith(` ${killAt.phase}`))) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function state(dir: string) {
  return withWarehouse(join(dir, "warehouse.duckdb"), {}, async (w) => ({
    files: await all(w.connection, "select file_name, status, rows_in, rows_loaded, rows_rejected from raw.files order by file_name"),
    versions: await all(
      w.connection,
      "select count(*) as n, count(distinct complaint_key) as keys, sum(hash(complaint_key, line, narrative, customer_ref)) as checksum from raw.complaint_versions",
    ),
  }));
}

let clean: ReturnType<typeof tempDataDir>;
const killed: ReturnType<typeof tempDataDir>[] = [];
beforeAll(async () => {
  clean = tempDataDir("ingest");
  seed(clean.dir);
  // the uninterrupted run both cases end equal to
  const run = await ingest(clean.dir, undefined, 1);
  if (run.code !== 0) throw new Error(`the uninterrupted ingest failed: ${run.stderr}`);
}, 120_000);
afterAll(() => {
  clean?.cleanup();
  for (const env of killed) env.cleanup();
});

// One file at a time, the file before the killed one has committed; two at a time, it may still be loading
// beside it, and then it is as absent as the killed one. Either way no file is there in part.
describe.each([1, 2])("SIGKILL mid-file, loading %i file(s) at a time", (workers) => {
  it("leaves no trace of the file being loaded, and a rerun ends equal to an uninterrupted run", async () => {
    const env = tempDataDir("ingest");
    killed.push(env);
    seed(env.dir);
    const first = await ingest(env.dir, { file: "hotline_202510.csv", phase: "loading" }, workers);
    expect(first.signal).toBe("SIGKILL");
    const afterKill = await state(env.dir);
    const names = (afterKill.files as { file_name: string }[]).map((f) => f.file_name);
    if (workers === 1) expect(names).toContain("hotline_202509.csv");
    expect(names).not.toContain("hotline_202510.csv");
    const perFile = await withWarehouse(join(env.dir, "warehouse.duckdb"), {}, (w) =>
      all(
        w.connection,
        `select f.file_name, f.rows_loaded, (select count(*) from raw.complaint_versions v where v.file_id = f.file_id) as versions
         from raw.files f`,
      ),
    );
    for (const file of perFile) expect(file.versions).toBe(file.rows_loaded);
    const partial = await withWarehouse(join(env.dir, "warehouse.duckdb"), {}, (w) =>
      all(
        w.connection,
        "select count(*) as n from raw.complaint_versions where complaint_key like 'hotline:B%' or file_id not in (select file_id from raw.files)",
      ),
    );
    expect(partial).toEqual([{ n: 0 }]);

    const rerun = await ingest(env.dir, undefined, workers);
    expect(rerun.code).toBe(0);
    expect(await state(env.dir)).toEqual(await state(clean.dir));
  });
});
