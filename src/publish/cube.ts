// The dashboard's cubes as Arrow IPC files in the snapshot: mart_cube_monthly (additive counts per received
// month × tier-1 × tier-2 branch × business category × cause × intake channel), mart_cube_backlog_quarterly
// (open at each quarter's end by aging bucket) and mart_cube_response_days (the response-time histogram).
// String columns are dictionary-encoded and counts are 32-bit integers, so a cell costs a few bytes per
// column instead of repeated JSON keys; the browser filters and adds the typed arrays directly.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { Dictionary, Float64, Int32, makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import { ident } from "../db/warehouse.ts";

export const CUBES: readonly { mart: string; file: string }[] = [
  { mart: "mart_cube_monthly", file: "cube_monthly.arrow" },
  { mart: "mart_cube_backlog_quarterly", file: "cube_backlog_quarterly.arrow" },
  { mart: "mart_cube_response_days", file: "cube_response_days.arrow" },
];

/**
 * One table's columns as Arrow vectors: strings dictionary-encoded (ids numbered from 0 in column order, so
 * the bytes do not depend on how many tables the process built before), whole numbers as Int32, others Float64.
 */
export function arrowTable(columns: Record<string, unknown[]>): Table {
  const vectors: Record<string, Vector> = {};
  let dictionaryId = 0;
  for (const [name, values] of Object.entries(columns)) {
    const sample = values.find((v) => v != null);
    if (typeof sample === "string" || sample === undefined) {
      vectors[name] = vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), new Int32(), dictionaryId++));
      continue;
    }
    const numbers = values.map((v) => (v == null ? Number.NaN : Number(v)));
    const whole = numbers.every((n) => Number.isInteger(n) && Math.abs(n) < 2 ** 31);
    vectors[name] = whole ? makeVector(Int32Array.from(numbers)) : vectorFromArray(numbers, new Float64());
  }
  return new Table(vectors);
}

/** Writes each cube of CUBES into `dir`; returns the file names. */
export async function publishCubes(connection: DuckDBConnection, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const { mart, file } of CUBES) {
    const reader = await connection.runAndReadAll(`select * from ${ident(mart)}`);
    const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
    await writeFile(join(dir, file), tableToIPC(arrowTable(columns), "file"));
    files.push(file);
  }
  return files;
}
