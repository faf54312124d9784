// End to end through the real CLI: demo → ingest → build → query, on a small generated sample. The
// expected figures are computed here from the export files themselves (parsed with csv-parse and
// JSON.parse, bad rows known from the generator's signals.json), never from kesu's own code.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDataDir } from "../helpers.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;

async function kesu(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [KESU, ...args, "--json"], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KESU_HMAC_KEY: "" } /* the sample must run on its demo key */,
  });
  return JSON.parse(stdout);
}

interface Version {
  key: string;
  channel: string;
  receivedDate: string; // bank-local YYYY-MM-DD
  updated: string; // comparable local timestamp
  isComplaint: boolean;
  fileOrder: number;
  line: number;
}

interface Signals {
  bad_rows: { file: string; line: number; effect: "rejected" | "flagged" }[];
  files: { file: string; rows: number }[];
}

const pad = (n: string) => n.padStart(2, "0");
/** `2025/3/4 14:05` → `2025-03-04 14:05:00` */
function branchTime(s: string): string {
  const [date, time] = s.split(" ");
  const [y, m, d] = date.split("/");
  const [hh, mm, ss = "00"] = time.split(":");
  return `${y}-${pad(m)}-${pad(d)} ${pad(hh)}:${mm}:${ss}`;
}
/** ISO with +08:00 (the bank's own offset) → local `YYYY-MM-DD HH:MM:SS` */
const isoLocal = (s: string) => s.slice(0, 19).replace("T", " ");
/** `2025年3月4日` → `2025-03-04` */
const zhDate = (s: string) => s.replace(/(\d+)年(\d+)月(\d+)日/, (_m, y, mo, d) => `${y}-${pad(mo)}-${pad(d)}`);
const quarterOf = (date: string) => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

function readExports(dataDir: string, signals: Signals): { versions: Version[]; rowsPerFile: Map<string, number> } {
  // Only a row that cannot be a complaint is rejected (no id, no readable receipt date, broken JSON); the
  // generator marks those. Every other planted defect loads, its value recorded.
  const bad = new Set(signals.bad_rows.filter((b) => b.effect === "rejected").map((b) => `${b.file}#${b.line}`));
  const versions: Version[] = [];
  const rowsPerFile = new Map<string, number>();
  const files = signals.files.map((f) => f.file).sort((a, b) => a.localeCompare(b));
  files.forEach((file, fileOrder) => {
    const path = join(dataDir, file);
    if (file.endsWith(".jsonl")) {
      const lines = readFileSync(path, "utf8").split("\n");
      let rows = 0;
      lines.forEach((text, i) => {
        if (!text.trim()) return;
        rows++;
        if (bad.has(`${file}#${i + 1}`)) return;
        const o = JSON.parse(text);
        // the export's channel words (pipelines/README.md); any other word is a label no map knows: unmapped
        const channel = { MOBILE: "mobile_app", WECHAT: "wechat", NETBANK: "online_banking", SMS: "sms", WEB: "website" }[o.channel as string] ?? "unmapped";
        versions.push({
          key: `echannel:${o.id}`,
          channel,
          receivedDate: o.submitted_at.slice(0, 10),
          updated: o.ts,
          isComplaint: o.type === "complaint",
          fileOrder,
          line: i + 1,
        });
      });
      rowsPerFile.set(file, rows);
      return;
    }
    const pipeline = file.split("/")[1];
    const gb = pipeline === "branch_counter";
    const text = gb ? new TextDecoder("gb18030").decode(readFileSync(path)) : readFileSync(path, "utf8");
    const records = parse(text, { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
    rowsPerFile.set(file, records.length);
    // Physical start line: header is line 1; newlines inside quoted fields push later records down.
    let line = 2;
    for (const record of records) {
      const start = line;
      line += 1 + Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
      if (bad.has(`${file}#${start}`)) continue;
      const v = (key: string, channel: string, received: string, updated: string, isComplaint: boolean) =>
        versions.push({ key: `${pipeline}:${key}`, channel, receivedDate: received.slice(0, 10), updated, isComplaint, fileOrder, line: start });
      if (gb) v(record.投诉编号, "branch_counter", branchTime(record.受理时间), branchTime(record.更新时间), record.登记类型 === "投诉");
      else if (pipeline === "hotline")
        v(record.ticket_id, "hotline", isoLocal(record.created_at), isoLocal(record.updated_at), record.ticket_type === "COMPLAINT");
      else if (pipeline === "letter_visit") v(record.登记编号, "letter_visit", zhDate(record.收到日期), record.更新时间, record.登记类型 === "投诉");
      else v(record.转办单号, pipeline, record.本行受理时间, record.更新时间, true);
    }
  });
  return { versions, rowsPerFile };
}

function latest(versions: Version[]): Map<string, Version> {
  const best = new Map<string, Version>();
  for (const v of versions) {
    const b = best.get(v.key);
    if (!b || v.updated > b.updated || (v.updated === b.updated && (v.fileOrder > b.fileOrder || (v.fileOrder === b.fileOrder && v.line > b.line))))
      best.set(v.key, v);
  }
  return best;
}

let env: ReturnType<typeof tempDataDir>;
let signals: Signals;
let ingestResult: { file: string; rows_in: number; rows_loaded: number; rows_rejected: number; status: string }[];
let expected: ReturnType<typeof readExports>;

beforeAll(async () => {
  env = tempDataDir();
  await kesu(["demo", "--data-dir", env.dir, "--seed", "7", "--complaints", "3000"]);
  signals = JSON.parse(readFileSync(join(env.dir, "demo", "signals.json"), "utf8"));
  expected = readExports(env.dir, signals);
  ingestResult = (await kesu(["ingest", "--data-dir", env.dir])) as typeof ingestResult;
  await kesu(["build", "--data-dir", env.dir]);
});
afterAll(() => env?.cleanup());

describe("demo → ingest → build → query round trip", () => {
  it("accounts for every row of every file: rows_in = loaded + rejected, rejected = planted rows that cannot be complaints", () => {
    expect(ingestResult.length).toBe(signals.files.length);
    for (const result of ingestResult) {
      const file = result.file.slice(env.dir.length + 1);
      const planted = signals.bad_rows.filter((b) => b.file === file && b.effect === "rejected").length;
      // two months without letters give identical header-only files: the second is skipped by its sha256
      expect(result.status === "loaded" || (result.status === "skipped" && result.rows_in === 0), file).toBe(true);
      expect(result.rows_in, file).toBe(expected.rowsPerFile.get(file));
      expect(result.rows_rejected, file).toBe(planted);
      expect(result.rows_loaded + result.rows_rejected, file).toBe(result.rows_in);
    }
  });

  it("holds one row per complaint in `complaints`, latest version winning", async () => {
    const want = latest(expected.versions);
    const rows = (await kesu(["query", "--data-dir", env.dir, "select complaint_key, intake_channel, is_complaint from complaints"])) as {
      complaint_key: string;
      intake_channel: string;
      is_complaint: boolean;
    }[];
    expect(rows.length).toBe(want.size);
    for (const row of rows) {
      const v = want.get(row.complaint_key);
      expect(v, row.complaint_key).toBeDefined();
      expect(row.intake_channel).toBe(v!.channel);
      expect(row.is_complaint).toBe(v!.isComplaint);
    }
  });

  it("counts complaints received per quarter and per quarter × channel as the exports say", async () => {
    const want = new Map<string, number>();
    for (const v of latest(expected.versions).values()) {
      if (!v.isComplaint) continue;
      const q = quarterOf(v.receivedDate);
      want.set(`${q}|total|all`, (want.get(`${q}|total|all`) ?? 0) + 1);
      want.set(`${q}|intake_channel|${v.channel}`, (want.get(`${q}|intake_channel|${v.channel}`) ?? 0) + 1);
    }
    const rows = (await kesu([
      "query",
      "--data-dir",
      env.dir,
      "select quarter, dimension, code, received from mart_received_quarterly_by where dimension in ('total', 'intake_channel')",
    ])) as { quarter: string; dimension: string; code: string; received: number }[];
    const got = new Map(rows.map((r) => [`${r.quarter}|${r.dimension}|${r.code}`, r.received]));
    expect(got).toEqual(want);
    const quarters = new Set([...want.keys()].map((k) => k.split("|")[0]));
    expect(quarters.size).toBeGreaterThanOrEqual(8);
  });

  it("reports the same quarter total through `kesu metrics`, and refuses a quarter it has no data for", async () => {
    const counts = new Map<string, number>();
    for (const v of latest(expected.versions).values())
      if (v.isComplaint) counts.set(quarterOf(v.receivedDate), (counts.get(quarterOf(v.receivedDate)) ?? 0) + 1);
    const quarter = [...counts.keys()].sort()[4];
    const metrics = (await kesu(["metrics", "--data-dir", env.dir, "--quarter", quarter, "--by", "intake_channel"])) as {
      received: number;
      by: { code: string; received: number }[];
    };
    expect(metrics.received).toBe(counts.get(quarter));
    expect(metrics.by.reduce((n, r) => n + r.received, 0)).toBe(counts.get(quarter));
    await expect(kesu(["metrics", "--data-dir", env.dir, "--quarter", "1999-Q1"])).rejects.toThrow(/no data for quarter 1999-Q1/);
  });
});
