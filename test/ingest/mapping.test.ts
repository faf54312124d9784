// The typing SELECT reads each source cell cleaned once: trimmed of spaces (DuckDB's trim: Unicode space
// separators, not tabs), empty → NULL, a null word → NULL. The cleaning skips trim() for cells that cannot
// need it; this checks it against plain trim() on the cells most likely to tell them apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { ensureRawSchema } from "../../src/db/schema.ts";
import { mappedSelect } from "../../src/ingest/mapping.ts";

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openWarehouse(":memory:");
  await ensureRawSchema(warehouse.connection);
  await warehouse.connection.run("create or replace table ref.dim_org (org_code varchar, org_name_zh varchar)");
});
afterAll(() => warehouse?.close());

const CELLS = [
  "HL1",
  "  HL1",
  "HL1  ",
  " ",
  "",
  "\u3000",
  "\u3000HL1\u3000",
  "\u00a0HL1",
  "HL1\u00a0",
  "\u2003中文\u2003",
  "中文",
  "中 文",
  "\tHL1",
  "HL1\t",
  "\u200bHL1",
  "x\u205f",
  "\u1680y",
  "  a b  ",
  "None",
  " None ",
  "N/A",
];

describe("cleaning source cells", () => {
  for (const name of ["hotline", "cfpb"]) {
    it(`equals nullif(trim(cell), '') and the null words (${name})`, async () => {
      const spec = PIPELINES.find((p) => p.name === name)!;
      if (spec.format.kind !== "csv") throw new Error("csv pipeline expected");
      const header = spec.format.header;
      const nullWords = spec.format.nullValues ?? [];
      const c = warehouse.connection;
      await c.run(`create or replace temp table src as select ${header.map((h) => `cast(null as varchar) as "${h}"`).join(", ")}, 0::bigint as __line limit 0`);
      const idColumn = spec.fields.source_id!.from;
      for (const [i, cell] of CELLS.entries()) {
        await c.run(`insert into src ("${idColumn}", __line) values ($cell, $line)`, { cell, line: i + 2 } as never);
      }
      const { sql } = mappedSelect(spec, { timezone: "Asia/Shanghai", orgTable: "ref.dim_org" });
      const rows = await all<{ line: number; got: string | null; cell: string }>(
        c,
        `select t.__line as line, t.source_id as got, src."${idColumn}" as cell from (${sql}) t join src using (__line) order by line`,
      );
      expect(rows).toHaveLength(CELLS.length);
      const trimmed = await all<{ line: number; want: string | null }>(
        c,
        `select __line as line, nullif(trim("${idColumn}"), '') as want from src order by line`,
      );
      for (const [i, row] of rows.entries()) {
        const want = trimmed[i].want !== null && nullWords.includes(trimmed[i].want!) ? null : trimmed[i].want;
        expect([row.cell, row.got]).toEqual([row.cell, want]);
      }
      // the oracle itself: spaces and Unicode spaces go, a tab and a zero-width space stay
      expect(trimmed.find((t) => t.line === CELLS.indexOf("\u3000HL1\u3000") + 2)!.want).toBe("HL1");
      expect(trimmed.find((t) => t.line === CELLS.indexOf("\tHL1") + 2)!.want).toBe("\tHL1");
    });
  }
});
