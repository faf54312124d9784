// The warehouse: one DuckDB file per data dir, opened by exactly one writer process (docs/design.md §2).
// Everything that talks to DuckDB goes through these helpers so that parameters are always bound (never
// pasted into SQL), identifiers are always quoted, and every connection is released.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";

export interface Warehouse {
  readonly path: string;
  readonly connection: DuckDBConnection;
  /** Another connection to the same database, set up as the first; the caller closes it. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Bank timezone for the session; timestamps in the warehouse are bank-local wall-clock time. */
  timezone?: string;
  threads?: number;
  /** DuckDB's memory_limit ("3GB"); DuckDB's own default (80% of RAM) when absent. */
  memoryLimit?: string;
  /** `kesu query`: user SQL may read the warehouse and nothing else on the machine. */
  sandboxed?: boolean;
}

/** The options every kesu command opens its warehouse with: the bank's timezone and memory limit. */
export const warehouseOptions = (config: { timezone: string; memoryLimit: string }, extra: OpenOptions = {}): OpenOptions => ({
  timezone: config.timezone,
  memoryLimit: config.memoryLimit,
  ...extra,
});

/**
 * Opens (creating if needed) a DuckDB database. `:memory:` opens a private in-memory database (tests).
 * Extensions are never auto-installed: banks' servers are often air-gapped, and a missing extension
 * must fail at once instead of hanging on the network (docs/offline.md).
 */
export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  const config: Record<string, string> = {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "true",
  };
  if (options.readOnly) config.access_mode = "READ_ONLY";

  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    throw new WarehouseError(describeOpenError(path, error));
  }
  const connect = async () => {
    const connection = await instance.connect();
    await connection.run(`set TimeZone = ${literal(options.timezone ?? "Asia/Shanghai")}`);
    if (options.sandboxed) {
      // the warehouse only: no file read or written beside it (copy … to, read_text, attach), no
      // extension installed, and no statement can switch that back
      await connection.run("set enable_external_access = false");
      await connection.run("set lock_configuration = true");
    }
    return connection;
  };
  const connection = await connect();
  return {
    path,
    connection,
    connect,
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
    // DuckDB refuses a second process whatever the first does: it may be a reader (kesu query, a BI tool)
    // the scheduler retries on "is in use by pid" (src/schedule/scheduler.ts isTransient)
    return `warehouse ${path} is in use by pid ${pid ?? "?"} (a kesu job, or a reader such as kesu query or a BI tool): DuckDB lets one process open it to write; wait for it to finish or close it`;
  }
  return `cannot open warehouse ${path}: ${message}`;
}

export async function withWarehouse<T>(path: string, options: OpenOptions, body: (warehouse: Warehouse) => Promise<T>): Promise<T> {
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
export async function all<T = Record<string, unknown>>(connection: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJS().map((row) => normaliseRow(row) as T);
}

export async function one<T = Record<string, unknown>>(connection: DuckDBConnection, sql: string, params?: Params): Promise<T | undefined> {
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

// ---- The single-writer lock -------------------------------------------------------------------------
// DuckDB refuses a second read-write process, but only while the file is open: the scheduler opens the
// warehouse per job, so between jobs a manual `kesu run` could slip in and interleave with it. The lock
// file next to the warehouse is held for a writer's whole life (the scheduler's, or one command's) and
// is checked before anything is touched.

export class WarehouseBusyError extends Error {
  override name = "WarehouseBusyError";
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`warehouse ${path} is in use by pid ${pid}: only one kesu process may write it at a time; wait for it to finish or stop it`);
  }
}

export function lockPathFor(warehousePath: string): string {
  return `${warehousePath}.lock`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A process's start time (clock ticks since boot, Linux /proc), or undefined where it cannot be read. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** What a lock file holds: our pid and our start time, so a reused pid is not taken for the holder. */
function lockText(): string {
  return `${`${process.pid} ${processStart(process.pid) ?? ""}`.trim()}\n`;
}

/**
 * The live holder a lock file names, or undefined when it is stale: its process is gone; or the pid is
 * this very process, which does not hold it (a container restarted: every run is pid 1); or the pid was
 * reused by a process started at another time than the one that wrote the lock.
 */
function liveHolder(text: string): number | undefined {
  const [pidText, start] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid)) return undefined;
  const now = processStart(pid);
  if (start && now && start !== now) return undefined;
  return pid;
}

/** The pid holding the warehouse's writer lock, if a live process holds it. */
export function lockHolder(warehousePath: string): number | undefined {
  try {
    return liveHolder(readFileSync(lockPathFor(warehousePath), "utf8"));
  } catch {
    return undefined;
  }
}

export interface WriterLock {
  readonly path: string;
  release(): void;
}

// Re-entrant within a process: `kesu run` takes the lock and then calls ingest and build, which take it too.
const held = new Map<string, { count: number; lockPath: string }>();

/**
 * Takes the writer lock (O_EXCL create of `<warehouse>.lock` holding our pid) or throws
 * WarehouseBusyError naming the live holder. A lock left by a dead process is taken over: it is first
 * renamed aside and re-read, so of two processes racing for the same stale lock only one wins.
 */
export function acquireWriterLock(warehousePath: string): WriterLock {
  const key = resolve(warehousePath);
  const lockPath = lockPathFor(key);
  const mine = held.get(key);
  if (mine) {
    mine.count++;
    return releaser(key, lockPath);
  }
  mkdirSync(dirname(key), { recursive: true });
  for (let tries = 0; ; tries++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, lockText());
      closeSync(fd);
      held.set(key, { count: 1, lockPath });
      return releaser(key, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let text = "";
    try {
      text = readFileSync(lockPath, "utf8");
    } catch {
      continue; // released between our create and read: try again
    }
    const pid = Number(text.trim().split(/\s+/)[0]);
    // An empty file is a lock being written this instant by a live process (create, then write) — unless
    // it is old, when its writer died in between and it is as stale as a dead pid's.
    if (text === "" && Date.now() - mtimeMs(lockPath) < 2000) {
      if (tries >= 20) throw new WarehouseBusyError(key, 0);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (text !== "" && liveHolder(text) !== undefined) throw new WarehouseBusyError(key, pid);
    if (tries >= 20) throw new WarehouseBusyError(key, pid || 0);
    const aside = `${lockPath}.stale-${process.pid}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      continue;
    }
    // Someone else may have replaced the stale lock with a live one between our read and our rename.
    const moved = readFileSync(aside, "utf8");
    if (moved !== text) {
      try {
        linkSync(aside, lockPath); // put the live lock back (fails if yet another writer created one)
      } catch {
        /* the slot is taken again; the loop re-reads it */
      }
    }
    rmSync(aside, { force: true });
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function releaser(key: string, lockPath: string): WriterLock {
  let released = false;
  return {
    path: lockPath,
    release() {
      if (released) return;
      released = true;
      const entry = held.get(key);
      if (!entry) return;
      if (--entry.count > 0) return;
      held.delete(key);
      try {
        if (Number(readFileSync(lockPath, "utf8").trim().split(/\s+/)[0]) === process.pid) unlinkSync(lockPath);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Runs `body` holding the writer lock of the warehouse. */
export async function withWriterLock<T>(warehousePath: string, body: () => Promise<T>): Promise<T> {
  const lock = acquireWriterLock(warehousePath);
  try {
    return await body();
  } finally {
    lock.release();
  }
}
