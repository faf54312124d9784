// The warehouse: one DuckDB file per data dir, opened by exactly one writer process (DESIGN §2).
// Everything that talks to DuckDB goes through these helpers so that parameters are always bound (never
// pasted into SQL), identifiers are always quoted, and every connection is released.
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";

export interface Warehouse {
  readonly path: string;
  readonly connection: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Bank timezone for the session; timestamps in the warehouse are bank-local wall-clock time. */
  timezone?: string;
  threads?: number;
}

/**
 * Opens (creating if needed) a DuckDB database. `:memory:` opens a private in-memory database (tests).
 * Extensions are never auto-installed: banks' servers are often air-gapped, and a missing extension
 * must fail at once instead of hanging on the network (OFFLINE.md).
 */
export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  const config: Record<string, string> = {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "true",
  };
  if (options.readOnly) config.access_mode = "READ_ONLY";
  if (options.threads) config.threads = String(options.threads);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    throw new WarehouseError(describeOpenError(path, error));
  }
  const connection = await instance.connect();
  await connection.run(`set TimeZone = ${literal(options.timezone ?? "Asia/Shanghai")}`);
  return {
    path,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export class WarehouseError extends Error {
  override name = "WarehouseError";
}

function describeOpenError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pid = /PID (\d+)/.exec(message)?.[1];
  if (/lock/i.test(message)) {
    return `warehouse ${path} is in use by pid ${pid ?? "?"}: only one kesu process may write it at a time; wait for it to finish or stop it`;
  }
  return `cannot open warehouse ${path}: ${message}`;
}

export async function withWarehouse<T>(
  path: string,
  options: OpenOptions,
  body: (warehouse: Warehouse) => Promise<T>,
): Promise<T> {
  const warehouse = await openWarehouse(path, options);
  try {
    return await body(warehouse);
  } finally {
    warehouse.close();
  }
}

export type Params = Record<string, DuckDBValue> | DuckDBValue[];

/** Runs SQL (possibly several statements when no parameters are bound). */
export async function exec(connection: DuckDBConnection, sql: string, params?: Params): Promise<void> {
  await connection.run(sql, params as never);
}

/** Rows as plain JS objects; BIGINT/HUGEINT become numbers when they are safe integers. */
export async function all<T = Record<string, unknown>>(
  connection: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJS().map((row) => normaliseRow(row) as T);
}

export async function one<T = Record<string, unknown>>(
  connection: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T | undefined> {
  return (await all<T>(connection, sql, params))[0];
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (value && typeof value === "object" && !(value instanceof Date)) return normaliseRow(value as Record<string, unknown>);
  return value;
}

/** Runs `body` in one transaction: all of it lands, or none of it (a crash mid-file leaves no trace). */
export async function transaction<T>(connection: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await connection.run("begin transaction");
  try {
    const result = await body();
    await connection.run("commit");
    return result;
  } catch (error) {
    await connection.run("rollback").catch(() => undefined);
    throw error;
  }
}

/** Quotes an identifier (column, table) for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A SQL string literal. Only for values that cannot be bound as parameters (table-function arguments
 * such as read_csv's path and options, and SQL generated from pipeline declarations).
 */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
