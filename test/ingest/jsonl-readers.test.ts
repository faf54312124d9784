// JSON Lines has two readers: DuckDB's (fast, strict) and the Node parser (exact, the fallback). On a file
// both accept they must give the same rows, line numbers and reasons; a file DuckDB's reader refuses must
// reach the Node parser, and a file that is not UTF-8 is still quarantined.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import type { PipelineSpec } from "../../src/ingest/pipeline.ts";
import { loadJsonLines, loadJsonLinesInDuckDB, loadJsonLinesInNode, scanFile, UnreadableFileError } from "../../src/ingest/read.ts";

const spec = { name: "t", format: { kind: "jsonl", keys: ["id", "ext", "note", "客户", 'odd"key'] } } as unknown as PipelineSpec;
let dir: string;
let warehouse: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kesu-jsonl-"));
  warehouse = await openWarehouse(join(dir, "w.duckdb"));
});
afterAll(() => {
  warehouse?.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
type Reader = typeof loadJsonLinesInDuckDB;
async function read(reader: Reader, path: string) {
  const counts = await reader(warehouse.connection, path, spec, await scanFile(path));
  const rows = await all(warehouse.connection, `select * from src order by __line`);
  const rejects = await all(warehouse.connection, "select line, reason, csv_line from src_reader_rejects order by line");
  return { counts, rows, rejects };
}

const VARIED = [
  '\uFEFF{"id":"E1","ext":1,"note":"plain","客户":"张三"}',
  "",
  '{"id":"E2","ext":2.5,"note":{"nested":[1,2]},"odd\\"key":"q"}',
  "   ",
  "not json at all",
  '{"id":"E3","note":"line \\u4e2d\\u6587 escaped","ext":null}',
  "[1,2,3]",
  '"just a string"',
  '{"id":"E4","ext":true,"note":"tab\\tinside"}',
  '  {"id":"E5"}  ',
  '{"id":"E6", "note": "unterminated',
  "{}",
];

describe("JSON Lines readers", () => {
  it("on a hand-read file: rows at their physical lines, a reason for each bad line, blank lines not counted", async () => {
    const { counts, rows, rejects } = await read(loadJsonLinesInDuckDB, file("varied.jsonl", `${VARIED.join("\n")}\n`));
    // 12 lines, 2 blank → 10 rows in; 4 bad (lines 5, 7, 8, 11) → 6 rows in src
    expect(counts).toEqual({ rowsIn: 10, readerRejects: 4 });
    expect(rows.map((r) => [r.__line, r.id])).toEqual([
      [1, "E1"],
      [3, "E2"],
      [6, "E3"],
      [9, "E4"],
      [10, "E5"],
      [12, null],
    ]);
    expect(rows[0]).toMatchObject({ ext: "1", note: "plain", 客户: "张三" });
    expect(rows[1]).toMatchObject({ ext: "2.5", note: '{"nested":[1,2]}', 'odd"key': "q" });
    expect(rows[2]).toMatchObject({ ext: null, note: "line 中文 escaped" });
    expect(rows[3]).toMatchObject({ ext: "true", note: "tab\tinside" });
    expect(rejects.map((r) => [r.line, String(r.reason).replace(/:.*/, "")])).toEqual([
      [5, "malformed JSON"],
      [7, "not a JSON object"],
      [8, "not a JSON object"],
      [11, "malformed JSON"],
    ]);
    expect(rejects[0].csv_line).toBe("not json at all");
  });

  for (const [label, ending] of [
    ["no final newline", ""],
    ["final newline", "\n"],
    ["blank lines at the end", "\n\n  \n\u3000\u00a0\t\n"],
  ] as const) {
    it(`DuckDB's reader and the Node parser agree row for row (${label})`, async () => {
      const path = file(`agree-${label}.jsonl`, VARIED.join("\n") + ending);
      const fast = await read(loadJsonLinesInDuckDB, path);
      const exact = await read((c, p, s) => loadJsonLinesInNode(c, p, s), path);
      expect(fast).toEqual(exact);
    });
  }

  it("falls back to the Node parser for a file DuckDB's strict reader refuses, with the same result", async () => {
    const mixed = file("mixed.jsonl", '{"id":"M1"}\r\n{"id":"M2"}\n\n{"id":"M3"}\r\nbad\n');
    const control = file("control.jsonl", '{"id":"C1"}\n{"id":"C2 \u0001 raw control"}\n{"id":"C3"}\n');
    // CRLF: DuckDB's line reader was seen to swallow the lines after a blank one in such a file
    const crlf = file("crlf.jsonl", `${VARIED.join("\r\n")}\r\n`);
    const lateCr = file("late-cr.jsonl", `${'{"id":"L"}\n'.repeat(8000)}{"id":"CR"}\r\n{"id":"after"}\n`);
    for (const path of [mixed, control, crlf, lateCr]) {
      await expect(loadJsonLinesInDuckDB(warehouse.connection, path, spec, await scanFile(path))).rejects.toThrow();
      const viaFallback = await read(loadJsonLines, path);
      expect(viaFallback).toEqual(await read((c, p, s) => loadJsonLinesInNode(c, p, s), path));
    }
    const { rows, rejects } = await read(loadJsonLines, mixed);
    expect(rows.map((r) => [r.__line, r.id])).toEqual([
      [1, "M1"],
      [2, "M2"],
      [4, "M3"],
    ]);
    expect(rejects.map((r) => r.line)).toEqual([5]);
  });

  it("still quarantines a file that is not UTF-8", async () => {
    const gbk = file("gbk.jsonl", Buffer.concat([Buffer.from('{"id":"G1","note":"'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('"}\n')]));
    await expect(loadJsonLines(warehouse.connection, gbk, spec, await scanFile(gbk))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});

describe("a key given twice in a record", () => {
  it("keeps the first on both readers (JSON.parse alone keeps the last)", async () => {
    const text = `${['{"id":"D1","note":"first","ext":1,"note":"second"}', '{"id":"D2","note":{"note":"inner"},"note":"outer"}'].join("\n")}\n`;
    const viaDuckDB = await read(loadJsonLinesInDuckDB, file("dups.jsonl", text));
    const viaNode = await read(loadJsonLinesInNode, file("dups-node.jsonl", text));
    const notes = (r: typeof viaDuckDB) => r.rows.map((row) => [row.id, row.note]);
    expect(notes(viaDuckDB)).toEqual([
      ["D1", "first"],
      ["D2", '{"note":"inner"}'],
    ]);
    expect(notes(viaNode)).toEqual(notes(viaDuckDB));
  });
});
