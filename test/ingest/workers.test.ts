// Files loading side by side (config.ingestWorkers) must end exactly as one at a time would: file ids in
// inbox order whichever load finishes first (latest-wins breaks ties by file order), and two copies of one
// file in the same run loaded once.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, one, withWarehouse } from "../../src/db/warehouse.ts";
import { ingest, type FileResult } from "../../src/ingest/ingest.ts";
import { tempDataDir } from "../helpers.ts";

const HEADER =
  "ticket_id,created_at,customer_no,org_code,product,category,description,ticket_type,priority,status,status_history,acknowledged_at,responded_at,closed_at,extension_level,paused_days,at_fault,outcome,redress_amount,satisfaction,updated_at";

/** A hotline export of `rows` tickets K0…; no update time, so a later file's version wins by file order. */
function hotline(path: string, rows: number, status: string): void {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const t = `2025-08-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00+08:00`;
    lines.push(`K${i},${t},C${i % 997},SH01,CC,pricing_fees,年费争议 第${i}号,COMPLAINT,P3,${status},,,,,0,0,,,,,`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const envs: ReturnType<typeof tempDataDir>[] = [];
afterAll(() => {
  for (const env of envs) env.cleanup();
});

async function run(names: string[], write: (inbox: string) => void, workers: number) {
  const env = tempDataDir("ingest");
  envs.push(env);
  const inbox = join(env.dir, "inbox", "hotline");
  write(inbox);
  return withWarehouse(env.config.warehousePath, {}, async (w) => {
    const results: FileResult[] = await ingest(w.connection, {
      config: { ...env.config, ingestWorkers: workers },
      pipelines: PIPELINES,
      files: names.map((name) => join(inbox, name)),
      connect: w.connect,
    });
    return {
      results: results.map(({ file, status, rows_in, rows_loaded, rows_rejected }) => ({
        file: file.slice(inbox.length + 1),
        status,
        rows_in,
        rows_loaded,
        rows_rejected,
      })),
      files: await all(w.connection, "select file_id, file_name, status, rows_in, rows_loaded, rows_rejected from raw.files order by file_id"),
      versions: await all(
        w.connection,
        "select file_id, count(*) as n, sum(hash(complaint_key, line, status, narrative, customer_ref)) as checksum from raw.complaint_versions group by file_id order by file_id",
      ),
    };
  });
}

describe("loading files side by side", () => {
  it("numbers them in inbox order though the small later file finishes first, as one at a time does", async () => {
    const names = ["hotline_202508.csv", "hotline_202509.csv"];
    const write = (inbox: string) => {
      hotline(join(inbox, names[0]!), 60_000, "NEW");
      hotline(join(inbox, names[1]!), 5, "CLOSED");
    };
    const side = await run(names, write, 2);
    expect(side.files).toEqual([
      { file_id: 1, file_name: "hotline_202508.csv", status: "loaded", rows_in: 60_000, rows_loaded: 60_000, rows_rejected: 0 },
      { file_id: 2, file_name: "hotline_202509.csv", status: "loaded", rows_in: 5, rows_loaded: 5, rows_rejected: 0 },
    ]);
    expect(side).toEqual(await run(names, write, 1));
  });

  it("loads two copies of one file once, the second skipped as already loaded", async () => {
    const names = ["hotline_202506.csv", "hotline_202507.csv"];
    const side = await run(
      names,
      (inbox) => {
        for (const name of names) hotline(join(inbox, name), 20_000, "NEW");
      },
      2,
    );
    expect(side.results).toEqual([
      { file: names[0], status: "loaded", rows_in: 20_000, rows_loaded: 20_000, rows_rejected: 0 },
      // a copy under another name: recorded as a duplicate of the first, nothing of it loaded
      { file: names[1], status: "skipped", rows_in: 0, rows_loaded: 0, rows_rejected: 0 },
    ]);
    expect(side.versions).toEqual([{ file_id: 1, n: 20_000, checksum: expect.anything() }]);
  });

  it("lands what a worker holds before it waits for a copy of a file another worker holds, so neither waits forever", async () => {
    // Small files are staged and land together. Worker 1 holds A, worker 2 holds B; then worker 1 takes the
    // copy of B and worker 2 the copy of A. Waiting with their batches unlanded, each would wait for the other.
    const names = ["hotline_202501.csv", "hotline_202502.csv", "hotline_202503.csv", "hotline_202504.csv"];
    const side = await run(
      names,
      (inbox) => {
        // A is small and B large, so worker 1 is free first and takes the copy of B
        hotline(join(inbox, names[0]!), 1_000, "NEW");
        hotline(join(inbox, names[1]!), 20_000, "CLOSED");
        hotline(join(inbox, names[2]!), 20_000, "CLOSED");
        hotline(join(inbox, names[3]!), 1_000, "NEW");
      },
      2,
    );
    expect(side.results.map((r) => r.status)).toEqual(["loaded", "loaded", "skipped", "skipped"]);
    expect(side.files).toEqual([
      { file_id: 1, file_name: names[0], status: "loaded", rows_in: 1_000, rows_loaded: 1_000, rows_rejected: 0 },
      { file_id: 2, file_name: names[1], status: "loaded", rows_in: 20_000, rows_loaded: 20_000, rows_rejected: 0 },
      { file_id: 3, file_name: names[2], status: "duplicate", rows_in: 0, rows_loaded: 0, rows_rejected: 0 },
      { file_id: 4, file_name: names[3], status: "duplicate", rows_in: 0, rows_loaded: 0, rows_rejected: 0 },
    ]);
  }, 20_000);

  it("shares the cores out between the files loading at once, and gives them back afterwards", async () => {
    const env = tempDataDir("ingest");
    envs.push(env);
    const inbox = join(env.dir, "inbox", "hotline");
    const names = ["hotline_202504.csv", "hotline_202505.csv"];
    for (const [i, name] of names.entries()) hotline(join(inbox, name), 1_000, i ? "CLOSED" : "NEW");
    const { during, after } = await withWarehouse(env.config.warehousePath, { threads: 4 }, async (w) => {
      const watcher = await w.connect();
      const threads = async () => (await one<{ n: number }>(watcher, "select current_setting('threads') as n"))!.n;
      const seen: Promise<number>[] = [];
      await ingest(w.connection, {
        config: { ...env.config, ingestWorkers: 2 },
        pipelines: PIPELINES,
        files: names.map((name) => join(inbox, name)),
        connect: w.connect,
        // threads is a setting of the whole instance: another connection sees what the loads run with
        onProgress: ({ phase }) => void (phase === "validating" && seen.push(threads())),
      });
      return { during: await Promise.all(seen), after: await threads() };
    });
    expect(during).toEqual([2, 2]);
    expect(after).toBe(4);
  });
});
