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
function ingest(dir: string, killAt?: { file: string; phase: string }): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KESU, "ingest", "--data-dir", dir], { env: { ...process.env, KESU_TRACE: "1", KESU_HMAC_KEY: "crash-test-key-0123456789" } });
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
    versions: await all(w.connection, "select count(*) as n, count(distinct complaint_key) as keys, sum(hash(complaint_key, line, narrative, customer_ref)) as checksum from raw.complaint_versions"),
  }));
}

let killed: ReturnType<typeof tempDataDir>;
let clean: ReturnType<typeof tempDataDir>;
beforeAll(() => {
  killed = tempDataDir("ingest");
  clean = tempDataDir("ingest");
  for (const env of [killed, clean]) seed(env.dir);
});
afterAll(() => {
  killed?.cleanup();
  clean?.cleanup();
});

describe("SIGKILL mid-file", () => {
  it("leaves no trace of the file being loaded, and a rerun ends equal to an uninterrupted run", async () => {
    const first = await ingest(killed.dir, { file: "hotline_202510.csv", phase: "loading" });
    expect(first.signal).toBe("SIGKILL");
    // The file killed mid-load is absent; files committed before it are whole.
    const afterKill = await state(killed.dir);
    const names = (afterKill.files as { file_name: string }[]).map((f) => f.file_name);
    expect(names).toContain("hotline_202509.csv");
    expect(names).not.toContain("hotline_202510.csv");
    const partial = await withWarehouse(join(killed.dir, "warehouse.duckdb"), {}, (w) =>
      all(w.connection, "select count(*) as n from raw.complaint_versions where complaint_key like 'hotline:B%'"),
    );
    expect(partial).toEqual([{ n: 0 }]);

    const rerun = await ingest(killed.dir);
    expect(rerun.code).toBe(0);
    expect((await ingest(clean.dir)).code).toBe(0);
    expect(await state(killed.dir)).toEqual(await state(clean.dir));
  });
});
