// The dashboard's cubes as Arrow IPC files in the snapshot: mart_cube_monthly (additive counts per received
// month × tier-1 × tier-2 branch × business category × cause × intake channel), mart_cube_backlog_quarterly
// (open at each quarter's end by aging bucket) and mart_cube_response_days (the response-time histogram).
// String columns are dictionary-encoded and counts are the narrowest integers that hold them, so a cell costs
// a few bytes per column instead of repeated JSON keys; the browser filters and adds the typed arrays directly.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { Dictionary, Float64, Int8, Int16, Int32, makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
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

/**
 * One table's columns as Arrow vectors, each in the narrowest type that holds it: strings dictionary-encoded
 * with 8-, 16- or 32-bit indices as the dictionary needs (ids numbered from 0 in column order, so the bytes do
 * not depend on how many tables the process built before), whole numbers of 0 and more as Uint8, Uint16 or
 * Int32 by their largest value, others Float64 (null as NaN). A cube's cell is then a few bytes per column:
 * most cells count a handful of complaints.
 */
export function arrowTable(columns: Record<string, unknown[]>): Table {
  const vectors: Record<string, Vector> = {};
  let dictionaryId = 0;
  for (const [name, values] of Object.entries(columns)) {
    const sample = values.find((v) => v != null);
    if (typeof sample === "string" || sample === undefined) {
      const distinct = new Set(values).size;
      const index = distinct < 2 ** 7 ? new Int8() : distinct < 2 ** 15 ? new Int16() : new Int32();
      vectors[name] = vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), index, dictionaryId++));
      continue;
    }
    const numbers = values.map((v) => (v == null ? Number.NaN : Number(v)));
    const whole = numbers.every((n) => Number.isInteger(n) && Math.abs(n) < 2 ** 31);
    let min = 0;
    let max = 0;
    for (const n of numbers) {
      if (n < min) min = n;
      if (n > max) max = n;
    }
    if (!whole) vectors[name] = vectorFromArray(numbers, new Float64());
    else if (min >= 0 && max < 2 ** 8) vectors[name] = makeVector(Uint8Array.from(numbers));
    else if (min >= 0 && max < 2 ** 16) vectors[name] = makeVector(Uint16Array.from(numbers));
    else vectors[name] = makeVector(Int32Array.from(numbers));
  }
  return new Table(vectors);
}

/** Writes each cube of CUBES at each level of CUBE_LEVELS into `dir`, and the branch tree; returns the file names. */
export async function publishCubes(connection: DuckDBConnection, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const { mart, level, file } of cubeFiles()) {
    const described = await connection.runAndReadAll(`describe ${ident(mart)}`);
    const columns = (described.getRowObjectsJS() as { column_name: string }[]).map((c) => c.column_name);
    const { drop } = CUBE_LEVELS[level];
    const keys = columns.filter((c) => CUBE_KEYS.has(c) && !drop.includes(c));
    const measures = columns.filter((c) => !CUBE_KEYS.has(c));
    // rows ordered by branch first: the browser then reads one tier-1 branch's cells as one run of rows
    // (reports/components/cube.js), instead of testing every cell of the bank
    const order = [...keys.filter((k) => k === "tier1_org" || k === "tier2_org"), ...keys.filter((k) => k !== "tier1_org" && k !== "tier2_org")];
    const select = drop.length ? `${keys.map(ident).join(", ")}, ${measures.map((m) => `sum(${ident(m)}) as ${ident(m)}`).join(", ")}` : "*";
    const sql = `select ${select} from ${ident(mart)}${drop.length ? " group by all" : ""} order by ${order.map((k) => `${ident(k)} nulls last`).join(", ")}`;
    const reader = await connection.runAndReadAll(sql);
    await writeFile(join(dir, file), tableToIPC(arrowTable(reader.getColumnsObjectJS() as Record<string, unknown[]>), "file"));
    files.push(file);
  }
  // the tier-2 branches under each tier-1 branch: the choices of the dashboard's tier-2 filter
  const tree = await connection.runAndReadAll("select distinct region, tier1_org, tier2_org from mart_cube_monthly where tier2_org is not null order by all");
  await writeFile(join(dir, "cube_branches.json"), JSON.stringify(tree.getRowObjectsJS()));
  files.push("cube_branches.json");
  return files;
}
