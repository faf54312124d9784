// The dashboard's cubes as Arrow IPC files in the snapshot: mart_cube_monthly (additive counts per received
// month × tier-1 × tier-2 branch × business category × cause × intake channel), mart_cube_backlog_quarterly
// (open at each quarter's end by aging bucket) and mart_cube_response_days (the response-time histogram).
// String columns are dictionary-encoded and counts are the narrowest integers that hold them, so a cell costs
// a few bytes per column instead of repeated JSON keys; the browser filters and adds the typed arrays directly.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { Dictionary, Int8, Int16, Int32, makeData, makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import { ident } from "../db/warehouse.ts";

export const CUBES: readonly { mart: string; file: string }[] = [
  { mart: "mart_cube_monthly", file: "cube_monthly.arrow" },
  { mart: "mart_cube_backlog_quarterly", file: "cube_backlog_quarterly.arrow" },
  { mart: "mart_cube_response_days", file: "cube_response_days.arrow" },
];

/**
 * Each cube is published at three grains, the same cells added up: `bank` (period × intake channel), `tier1`
 * (no tier-2 branch) and `full`. The page reads the coarsest one that has every dimension its filters name,
 * so a whole-bank or a tier-1 view adds thousands of cells instead of millions, and fetches the full grain only
 * when a tier-2 branch is chosen. Rolled up here by `group by`, from the one mart that defines the counts.
 */
export const CUBE_LEVELS: Readonly<Record<string, { suffix: string; drop: readonly string[] }>> = {
  full: { suffix: "", drop: [] },
  tier1: { suffix: "_tier1", drop: ["tier2_org"] },
  bank: { suffix: "_bank", drop: ["tier2_org", "tier1_org", "region", "business_category", "cause_code"] },
};

/** The cubes' files at every level: `cube_monthly.arrow`, `cube_monthly_tier1.arrow`, `cube_monthly_bank.arrow`, … */
export function cubeFiles(): { mart: string; level: string; file: string }[] {
  return CUBES.flatMap(({ mart, file }) =>
    Object.entries(CUBE_LEVELS).map(([level, { suffix }]) => ({ mart, level, file: file.replace(/\.arrow$/, `${suffix}.arrow`) })),
  );
}

/** The dimensions (string columns and the histogram's days) a cube mart groups by. */
const CUBE_KEYS = new Set([
  "month",
  "quarter",
  "tier1_org",
  "tier2_org",
  "region",
  "business_category",
  "cause_code",
  "intake_channel",
  "aging_bucket",
  "days",
]);

/** A string column as codes into its dictionary (-1 for null), or a number column (NaN for null). */
export type EncodedColumn = { codes: Int32Array; dictionary: string[] } | Float64Array;

/** JS values as an EncodedColumn: strings (or all null) as codes in order of first appearance, else numbers. */
function encode(values: unknown[]): EncodedColumn {
  const sample = values.find((v) => v != null);
  if (typeof sample === "string" || sample === undefined) {
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(values.length);
    values.forEach((v, i) => {
      codes[i] = v == null ? -1 : codeOf(index, dictionary, String(v));
    });
    return { codes, dictionary };
  }
  return Float64Array.from(values, (v) => (v == null ? Number.NaN : Number(v)));
}

function codeOf(index: Map<string, number>, dictionary: string[], value: string): number {
  let code = index.get(value);
  if (code === undefined) {
    code = dictionary.length;
    index.set(value, code);
    dictionary.push(value);
  }
  return code;
}

/**
 * One table's columns as Arrow vectors, each in the narrowest type that holds it: strings dictionary-encoded
 * with 8-, 16- or 32-bit indices as the dictionary needs (ids numbered from 0 in column order, so the bytes do
 * not depend on how many tables the process built before), whole numbers of 0 and more as Uint8, Uint16 or
 * Int32 by their largest value, others Float64 (null as NaN). A cube's cell is then a few bytes per column:
 * most cells count a handful of complaints.
 */
export function arrowTable(columns: Record<string, unknown[]>): Table {
  return encodedTable(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, encode(values)])));
}

/** arrowTable from columns already encoded (publishCubes fills them chunk by chunk). */
export function encodedTable(columns: Record<string, EncodedColumn>): Table {
  const vectors: Record<string, Vector> = {};
  let dictionaryId = 0;
  for (const [name, column] of Object.entries(columns)) {
    if (!(column instanceof Float64Array)) {
      const { codes, dictionary } = column;
      const size = dictionary.length + (codes.includes(-1) ? 1 : 0);
      const [type, Indices] = size < 2 ** 7 ? [new Int8(), Int8Array] : size < 2 ** 15 ? [new Int16(), Int16Array] : ([new Int32(), Int32Array] as const);
      let nullCount = 0;
      const valid = new Uint8Array((codes.length + 7) >> 3);
      codes.forEach((c, i) => {
        if (c < 0) nullCount++;
        else valid[i >> 3] |= 1 << (i & 7);
      });
      const data = makeData({
        type: new Dictionary(new Utf8(), type, dictionaryId++),
        length: codes.length,
        nullCount,
        nullBitmap: nullCount ? valid : null,
        data: (Indices as typeof Int32Array).from(codes, (c: number) => Math.max(c, 0)),
        dictionary: vectorFromArray(dictionary, new Utf8()),
      } as never);
      vectors[name] = makeVector(data);
      continue;
    }
    let whole = true;
    let min = 0;
    let max = 0;
    for (const n of column) {
      if (!Number.isInteger(n) || Math.abs(n) >= 2 ** 31) whole = false;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    if (!whole) vectors[name] = makeVector(column);
    else if (min >= 0 && max < 2 ** 8) vectors[name] = makeVector(Uint8Array.from(column));
    else if (min >= 0 && max < 2 ** 16) vectors[name] = makeVector(Uint16Array.from(column));
    else vectors[name] = makeVector(Int32Array.from(column));
  }
  return new Table(vectors);
}

/**
 * A query's rows as encoded columns, read chunk by chunk into typed arrays: a 10M-complaint bank's cubes are
 * millions of cells, which as JS value arrays (one per column) did not fit Node's heap.
 */
export async function encodedColumns(connection: DuckDBConnection, sql: string): Promise<Record<string, EncodedColumn>> {
  const result = await connection.stream(sql);
  const names = result.columnNames();
  const strings = result.columnTypes().map((t) => String(t) === "VARCHAR");
  // typed arrays grown by doubling as chunks arrive: the query runs once (a count first ran it twice)
  let capacity = 1 << 16;
  const numbers: (Float64Array | null)[] = names.map((_, c) => (strings[c] ? null : new Float64Array(capacity)));
  const codes: (Int32Array | null)[] = names.map((_, c) => (strings[c] ? new Int32Array(capacity) : null));
  const dictionaries = names.map(() => ({ dictionary: [] as string[], index: new Map<string, number>() }));
  const grow = <T extends Float64Array | Int32Array>(array: T, size: number): T => {
    const bigger = new (array.constructor as new (n: number) => T)(size);
    bigger.set(array);
    return bigger;
  };
  let n = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (n + chunk.rowCount > capacity) {
      while (n + chunk.rowCount > capacity) capacity *= 2;
      names.forEach((_, c) => {
        if (numbers[c]) numbers[c] = grow(numbers[c], capacity);
        if (codes[c]) codes[c] = grow(codes[c], capacity);
      });
    }
    names.forEach((_, c) => {
      const values = chunk.getColumnValues(c);
      const column = numbers[c];
      if (column) {
        for (let i = 0; i < values.length; i++) column[n + i] = values[i] == null ? Number.NaN : Number(values[i]);
      } else {
        const out = codes[c] as Int32Array;
        const { index, dictionary } = dictionaries[c];
        for (let i = 0; i < values.length; i++) out[n + i] = values[i] == null ? -1 : codeOf(index, dictionary, String(values[i]));
      }
    });
    n += chunk.rowCount;
  }
  return Object.fromEntries(
    names.map((name, c) => [
      name,
      numbers[c] ? numbers[c].slice(0, n) : { codes: (codes[c] as Int32Array).slice(0, n), dictionary: dictionaries[c].dictionary },
    ]),
  );
}

/** Writes each cube of CUBES at each level of CUBE_LEVELS into `dir`, and the branch tree; returns the file names. */
export async function publishCubes(connection: DuckDBConnection, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const { mart, level, file } of cubeFiles()) {
    const described = await connection.runAndReadAll(`describe ${ident(mart)}`);
    const columns = (described.getRowObjectsJS() as { column_name: string; column_type: string }[]).map((c) => ({ name: c.column_name, type: c.column_type }));
    const { drop } = CUBE_LEVELS[level];
    const keys = columns.filter((c) => CUBE_KEYS.has(c.name) && !drop.includes(c.name)).map((c) => c.name);
    // counts as INTEGER, amounts as DOUBLE: JS numbers, not BigInts, chunk by chunk
    const measures = columns
      .filter((c) => !CUBE_KEYS.has(c.name))
      .map((c) => {
        const cast = /INT/.test(c.type) ? "integer" : "double";
        return `cast(${drop.length ? `sum(${ident(c.name)})` : ident(c.name)} as ${cast}) as ${ident(c.name)}`;
      });
    // rows ordered by branch first: the browser then reads one tier-1 branch's cells as one run of rows
    // (reports/components/cube.js), instead of testing every cell of the bank
    const order = [...keys.filter((k) => k === "tier1_org" || k === "tier2_org"), ...keys.filter((k) => k !== "tier1_org" && k !== "tier2_org")];
    const sql = `select ${[...keys.map(ident), ...measures].join(", ")} from ${ident(mart)}${drop.length ? " group by all" : ""} order by ${order.map((k) => `${ident(k)} nulls last`).join(", ")}`;
    await writeFile(join(dir, file), tableToIPC(encodedTable(await encodedColumns(connection, sql)), "file"));
    files.push(file);
  }
  // the tier-2 branches under each tier-1 branch: the choices of the dashboard's tier-2 filter
  const tree = await connection.runAndReadAll("select distinct region, tier1_org, tier2_org from mart_cube_monthly where tier2_org is not null order by all");
  await writeFile(join(dir, "cube_branches.json"), JSON.stringify(tree.getRowObjectsJS()));
  files.push("cube_branches.json");
  return files;
}
