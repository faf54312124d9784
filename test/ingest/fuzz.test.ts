// Fuzz-style: 60 mutated exports (truncated, wrong delimiter, wrong encoding, bad dates, unknown codes,
// binary junk, empty, header only, …) through one ingest run. Nothing may crash the run; every file is
// either loaded with rows_in = loaded + rejected and a reason on every reject, or quarantined with a
// message; and no row of any file is silently lost.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomLcg } from "d3";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ingest, type FileResult } from "../../src/ingest/ingest.ts";
import { FIXTURES, tempDataDir } from "../helpers.ts";

const random = randomLcg(20251122);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const sources = {
  hotline: readFileSync(join(FIXTURES, "ingest/inbox/hotline/hotline_202510.csv")),
  branch_counter: readFileSync(join(FIXTURES, "ingest/inbox/branch_counter/branch_counter_202510.csv")),
  echannel: readFileSync(join(FIXTURES, "ingest/inbox/echannel/echannel_202510.jsonl")),
} as const;
type Source = keyof typeof sources;
const extension: Record<Source, string> = { hotline: "csv", branch_counter: "csv", echannel: "jsonl" };

/** Each mutation takes the file's bytes and returns new bytes. */
const MUTATIONS: Record<string, (bytes: Buffer, source: Source) => Buffer> = {
  truncated: (b) => b.subarray(0, Math.floor(b.length * (0.2 + 0.7 * random()))),
  wrong_delimiter: (b, s) =>
    s === "branch_counter" ? iconv.encode(iconv.decode(b, "gb18030").replaceAll(",", ";"), "gb18030") : Buffer.from(b.toString("utf8").replaceAll(",", ";")),
  wrong_encoding: (b, s) => (s === "branch_counter" ? Buffer.from(iconv.decode(b, "gb18030"), "utf8") : iconv.encode(b.toString("utf8"), "gb18030")),
  latin1_garbage: (b) => Buffer.from(b.toString("latin1"), "utf8"),
  bad_dates: (b, s) => swapText(b, s, /20\d\d[-/]\d{1,2}[-/]\d{1,2}/g, () => pick(["2025-13-45", "yesterday", "2025/02/30", "0000-00-00", ""])),
  unknown_codes: (b, s) => swapText(b, s, /\b(CC|LOAN|DC|MOBILE|WECHAT|COMPLAINT)\b|信用卡|借记卡|已办结/g, () => pick(["ZZ", "未知", "??", "complaint?"])),
  binary_junk: () => Buffer.from(Array.from({ length: 200 + Math.floor(random() * 3000) }, () => Math.floor(random() * 256))),
  empty: () => Buffer.alloc(0),
  header_only: (b) => b.subarray(0, b.indexOf(0x0a) + 1),
  junk_in_the_middle: (b) => {
    const at = Math.floor(b.length * random());
    return Buffer.concat([b.subarray(0, at), Buffer.from([0x00, 0xff, 0xfe, 0x22, 0x0a, 0x22]), b.subarray(at)]);
  },
  unterminated_quote: (b, s) => swapText(b, s, /,/, () => ',"'),
  duplicated_rows: (b) => Buffer.concat([b, b.subarray(b.indexOf(0x0a) + 1)]),
};

function swapText(b: Buffer, s: Source, pattern: RegExp, replacement: () => string): Buffer {
  const gb = s === "branch_counter";
  const text = gb ? iconv.decode(b, "gb18030") : b.toString("utf8");
  const out = text.replace(pattern, () => replacement());
  return gb ? iconv.encode(out, "gb18030") : Buffer.from(out, "utf8");
}

let env: ReturnType<typeof tempDataDir>;
let warehouse: Warehouse;
let results: FileResult[];
const written: { name: string; source: Source; mutation: string }[] = [];

beforeAll(async () => {
  env = tempDataDir("ingest");
  const mutations = Object.keys(MUTATIONS);
  for (let i = 0; i < 60; i++) {
    const source = (Object.keys(sources) as Source[])[i % 3];
    const mutation = mutations[Math.floor(i / 3) % mutations.length];
    const name = `${source}_fuzz${String(i).padStart(2, "0")}_${mutation}.${extension[source]}`;
    mkdirSync(join(env.dir, "inbox", source), { recursive: true });
    writeFileSync(join(env.dir, "inbox", source, name), MUTATIONS[mutation](Buffer.from(sources[source]), source));
    written.push({ name, source, mutation });
  }
  warehouse = await openWarehouse(env.config.warehousePath);
  results = await ingest(warehouse.connection, { config: env.config, pipelines: PIPELINES });
});
afterAll(() => {
  warehouse?.close();
  env?.cleanup();
});

describe("60 mutated exports", () => {
  it("all reach a verdict: loaded (or skipped as an identical copy) or quarantined", () => {
    expect(results.length).toBe(60 + 3); // the three clean fixtures are in the inbox too
    for (const r of results) expect(["loaded", "quarantined", "skipped"], r.file).toContain(r.status);
    for (const kind of ["loaded", "quarantined"])
      expect(
        results.some((r) => r.status === kind),
        kind,
      ).toBe(true);
  });

  it("accounts rows_in = loaded + rejected for every loaded file, in the result and in raw.files", async () => {
    const files = await all<{ file_name: string; rows_in: number; rows_loaded: number; rows_rejected: number; status: string; message: string | null }>(
      warehouse.connection,
      "select file_name, rows_in, rows_loaded, rows_rejected, status, message from raw.files",
    );
    for (const f of files.filter((x) => x.status === "loaded")) expect(f.rows_loaded + f.rows_rejected, f.file_name).toBe(f.rows_in);
    for (const r of results.filter((x) => x.status === "loaded")) expect(r.rows_loaded + r.rows_rejected, r.file).toBe(r.rows_in);
    const counted = await all<{ file_name: string; versions: number; rejected_lines: number; rows_loaded: number; rows_rejected: number }>(
      warehouse.connection,
      `select f.file_name, f.rows_loaded, f.rows_rejected,
         (select count(*) from raw.complaint_versions v where v.file_id = f.file_id) as versions,
         (select count(distinct coalesce(line, -1)) from raw.rejects r where r.file_id = f.file_id) as rejected_lines
       from raw.files f where status = 'loaded'`,
    );
    for (const f of counted) {
      expect(f.versions, f.file_name).toBe(f.rows_loaded);
      expect(f.rejected_lines, f.file_name).toBe(f.rows_rejected);
    }
  });

  it("gives every reject a reason and a line, and every quarantined file a message, moved out of the inbox", async () => {
    const missing = await all(warehouse.connection, "select * from raw.rejects where reason is null or reason = '' or line is null");
    expect(missing).toEqual([]);
    for (const q of results.filter((r) => r.status === "quarantined")) {
      expect(q.message, q.file).toMatch(/\S{10,}/);
      expect(existsSync(q.file), q.file).toBe(false);
      expect(existsSync(join(env.config.quarantineDir, q.file.split("/").pop()!)), q.file).toBe(true);
    }
  });

  it("quarantines what cannot be read: binary junk, a CSV without even a header, a foreign delimiter", () => {
    const verdict = (mutation: string) => results.filter((r) => r.file.includes(`_${mutation}.`)).map((r) => r.status);
    expect(new Set(verdict("binary_junk"))).toEqual(new Set(["quarantined"]));
    const empty = results.filter((r) => r.file.includes("_empty."));
    for (const r of empty.filter((x) => x.file.endsWith(".csv"))) expect(r.status, r.file).toBe("quarantined");
    // an empty JSON Lines export is a period with no complaints: loaded, zero rows (its twin: same sha256)
    for (const r of empty.filter((x) => x.file.endsWith(".jsonl"))) expect([r.status, r.rows_in], r.file).toEqual([expect.stringMatching(/loaded|skipped/), 0]);
    for (const r of results.filter((x) => x.file.includes("_wrong_delimiter.") && x.file.endsWith(".csv"))) expect(r.status, r.file).toBe("quarantined");
  });
});

describe("a stray file in an inbox", () => {
  it("is quarantined with a message, not ignored", async () => {
    const stray = tempDataDir("ingest");
    try {
      writeFileSync(join(stray.dir, "inbox", "hotline", "notes.txt"), "call back Mr Wang\n");
      const w = await openWarehouse(stray.config.warehousePath);
      try {
        const r = await ingest(w.connection, { config: stray.config, pipelines: PIPELINES });
        const note = r.find((x) => x.file.endsWith("notes.txt"))!;
        expect(note.status).toBe("quarantined");
        expect(note.message).toMatch(/matches no pipeline's file pattern/);
        expect(existsSync(join(stray.config.quarantineDir, "notes.txt"))).toBe(true);
      } finally {
        w.close();
      }
    } finally {
      stray.cleanup();
    }
  });
});
