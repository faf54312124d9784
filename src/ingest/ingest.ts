// Ingestion: every new file in the inbox (or the files named) through its pipeline into the warehouse.
// Each file is staged outside the warehouse, then lands in one transaction with the files staged before it
// on the same connection (a batch of at least a row group): a crash leaves no part of any file of the
// batch, and the next run picks them up again. A file already loaded (same sha256) is skipped.
// rows_in = rows_loaded + rows_rejected for every file.
import type { Dirent } from "node:fs";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, symlink } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { resolveCalendar } from "../calendar/index.ts";
import { PROFILES } from "../clock/profiles.ts";
import { todayIn, type KesuConfig } from "../config/config.ts";
import { ensureRawSchema } from "../db/schema.ts";
import { all, exec, ident, literal, one, transaction } from "../db/warehouse.ts";
import { CANONICAL_FIELDS } from "../canonical.ts";
import { mappedSelect, validatePipeline } from "./mapping.ts";
import type { PipelineSpec } from "./pipeline.ts";
import { hmacPads, hmacSql, keyFingerprint, maskSql } from "../privacy.ts";
import {
  checkHeader,
  dropTemp,
  type FileScan,
  headerFit,
  type HeaderMatch,
  loadCsv,
  loadJsonLines,
  needsLineEndRepair,
  readCsvHeader,
  assertUnchanged,
  FileChangedError,
  scanFile,
  UnreadableFileError,
  writeReadableCopy,
} from "./read.ts";
import { loadDimOrg } from "./reference.ts";

export interface FileResult {
  file: string;
  pipeline: string;
  status: "loaded" | "skipped" | "quarantined";
  rows_in: number;
  rows_loaded: number;
  rows_rejected: number;
  message?: string;
  ms: number;
  /** The file's columns the pipeline does not map (read and ignored). */
  ignored_columns?: string[];
  /** The pipeline's columns the file lacks (read as empty). */
  missing_columns?: string[];
  /** Short rows padded with empty trailing fields. */
  rows_padded?: number;
  /** Rows loaded with a value they could not take as given (raw.value_issues). */
  rows_flagged?: number;
  /** Labels no value map knows, loaded as unmapped: field, label (masked), rows, first line. */
  unmapped_labels?: { field: string; label: string | null; rows: number; first_line: number }[];
  /** Where a refused file went: moved from the inbox, or copied (a file outside the inbox stays where it is). */
  quarantined_to?: string;
}

export interface IngestOptions {
  config: KesuConfig;
  pipelines: readonly PipelineSpec[];
  /** Explicit files; otherwise every file in inbox/<pipeline>/ matching the pipeline's pattern. */
  files?: string[];
  /**
   * The pipeline the user named (`kesu ingest --pipeline NAME FILE…`): explicit files are read with it
   * whatever their names. Without it an explicit file goes to the pipeline its name matches, else to the
   * one whose columns its header carries.
   */
  namedPipeline?: PipelineSpec;
  onFile?: (result: FileResult) => void;
  onProgress?: (event: { file: string; phase: string }) => void;
  /** Asked before each file: true stops the run there (the scheduler's shutdown); the rest wait. */
  shouldStop?: () => boolean;
  /** Opens another connection to the same warehouse: with it, `config.ingestWorkers` files load at once. */
  connect?: () => Promise<DuckDBConnection>;
  /**
   * A file changed less than this long ago is left for a later run (an export still being written or
   * copied: read now, it would load in part, then again in full). The scheduler passes config.settleSeconds.
   */
  settleMs?: number;
}

/**
 * Files waiting in each pipeline's inbox, in name order (exports are named by period, so by time). A file
 * in a pipeline's inbox that its pattern does not match comes back without a pipeline, to be quarantined:
 * nothing in the inbox is silently ignored. Hidden files (.partial uploads, .DS_Store) are left alone.
 */
export async function discoverInbox(
  inboxDir: string,
  pipelines: readonly PipelineSpec[],
): Promise<{ path: string; pipeline?: PipelineSpec; irregular?: string }[]> {
  const found: { path: string; pipeline?: PipelineSpec; irregular?: string }[] = [];
  for (const pipeline of pipelines) {
    const dir = join(inboxDir, pipeline.name);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      if (!entry.isFile()) {
        // not read (a link may lead out of the inbox, a FIFO would block the run), but never passed over in silence
        const kind = entry.isSymbolicLink() ? "a symbolic link" : entry.isDirectory() ? "a directory" : entry.isFIFO() ? "a FIFO" : "not a regular file";
        found.push({ path: join(dir, entry.name), pipeline, irregular: kind });
        continue;
      }
      found.push({ path: join(dir, entry.name), pipeline: pipeline.filePattern.test(entry.name) ? pipeline : undefined });
    }
  }
  return found;
}

export class KeyMismatchError extends Error {
  override name = "KeyMismatchError";
}

/**
 * One key per warehouse: customer references made with two keys never match, so repeats, escalations and
 * duplicates would be silently undercounted. The first ingest records the key's fingerprint; a later one
 * with another key is refused before any file is read.
 */
async function checkKey(connection: DuckDBConnection, key: string): Promise<void> {
  const fingerprint = keyFingerprint(key);
  const stored = await one<{ value: string }>(connection, "select value from raw.settings where name = 'key_fingerprint'");
  if (!stored) {
    await exec(connection, "insert into raw.settings values ('key_fingerprint', $f) on conflict do nothing", { f: fingerprint });
    return;
  }
  if (stored.value !== fingerprint) {
    throw new KeyMismatchError(
      `the pseudonymisation key is not the one this warehouse was built with (key fingerprint ${stored.value.slice(0, 12)}…, given ${fingerprint.slice(0, 12)}…): ` +
        "customers would not match across files, and repeats and escalations would be undercounted. Use the warehouse's key (KESU_HMAC_KEY), " +
        "or, to change it, build a new warehouse from every export with the new key (README: Changing the key)",
    );
  }
}

function pipelineForFile(path: string, pipelines: readonly PipelineSpec[]): PipelineSpec | undefined {
  const name = basename(path);
  return pipelines.find((p) => p.filePattern.test(name));
}

/** The CSV pipeline whose columns a file's header carries best (its required ones all present), if any. */
export async function pipelineForHeader(path: string, pipelines: readonly PipelineSpec[]): Promise<PipelineSpec | undefined> {
  let best: { spec: PipelineSpec; found: number } | undefined;
  for (const spec of pipelines) {
    const fit = await headerFit(path, spec);
    if ("found" in fit && (!best || fit.found > best.found)) best = { spec, found: fit.found };
  }
  return best?.spec;
}

/** Whether kesu owns the file's place: inside the inbox it may move it; anywhere else it only reads it. */
function inInbox(config: KesuConfig, path: string): boolean {
  return resolve(path).startsWith(resolve(config.inboxDir) + sep);
}

export async function ingest(connection: DuckDBConnection, options: IngestOptions): Promise<FileResult[]> {
  const { config } = options;
  for (const pipeline of options.pipelines) validatePipeline(pipeline);
  await ensureRawSchema(connection);
  await loadDimOrg(connection, config.dimOrgPath);
  const pads = hmacPads(config.hmacKey);
  await checkKey(connection, config.hmacKey);

  const found = options.files
    ? await Promise.all(
        options.files.map(async (path) => ({
          path: resolve(path),
          pipeline: options.namedPipeline ?? pipelineForFile(path, options.pipelines) ?? (await pipelineForHeader(path, options.pipelines)),
        })),
      )
    : await discoverInbox(config.inboxDir, options.pipelines);
  // What the inbox holds that is not a file to read: reported, left where it is, given no file id.
  const irregular: FileResult[] = found
    .filter((item): item is typeof item & { irregular: string } => "irregular" in item && typeof item.irregular === "string")
    .map((item) => ({
      file: item.path,
      pipeline: item.pipeline?.name ?? "",
      status: "skipped",
      rows_in: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      ms: 0,
      message: `${basename(item.path)}: ${item.irregular}, not a regular file: not read, left where it is`,
    }));
  const work = found.filter((item) => !("irregular" in item && item.irregular));

  // Files load side by side, one DuckDB connection each: a file's statements are too small for DuckDB to
  // spread over more than one core (a table of fewer than 122,880 rows is one row group), so one file at a
  // time left the other cores idle. File ids follow inbox order whatever order the loads finish in,
  // because "latest wins" breaks ties by file order; a file skipped as already loaded, or left in the inbox
  // by a shutdown, leaves its id unused.
  // Files are also scanned (sha256) in inbox order, so of two copies of a file in one run the earlier one
  // loads, as one at a time it would.
  const workers = options.connect ? Math.max(1, Math.min(config.ingestWorkers, work.length)) : 1;
  const connections = [connection];
  const results: (FileResult | undefined)[] = new Array(work.length);
  // A checkpoint per gigabyte of WAL and one at the end, not one whenever 16 MB has piled up: each of those
  // rewrote table data and cost seconds, every few files. Only batches under a row group go to the WAL (a
  // run of small files, a worker's last batch); the gigabyte bounds the replay after a crash and the
  // uncheckpointed data held in memory.
  const walLimit = (await one<{ value: string }>(connection, "select current_setting('wal_autocheckpoint') as value"))!.value;
  await connection.run("set wal_autocheckpoint = '1GB'");
  // The cores are shared out between the files loading at once. Left at every core per statement, each
  // file's small statements paid for a second thread they could not use, and the files loading beside them
  // waited for it: at two cores and two files, the same 1.45M rows took 30 s, and 24 s with one thread each.
  const threads = (await one<{ value: number }>(connection, "select current_setting('threads') as value"))!.value;
  await connection.run(`set threads = ${Math.max(1, Math.floor(threads / workers))}`);
  try {
    while (connections.length < workers) connections.push(await options.connect!());
    let next = 0;
    let failure: { error: unknown } | undefined;
    const claim = contentClaims();
    // Every item's file id is reserved up front, in inbox order, in one statement. Asking the sequence per
    // file took an autocommit that waited behind other workers' commits, and held up the files after it.
    const fileIds = (await all<{ id: number }>(connection, `select nextval('raw.file_id_seq') as id from range(${work.length})`))
      .map((row) => row.id)
      .sort((a, b) => a - b);
    // Steps run one after another in the order they were asked for (the inbox order, as files are taken)
    let chain: Promise<unknown> = Promise.resolve();
    const inOrder = <T>(step: () => Promise<T>): Promise<T> => {
      const done = chain.then(step);
      chain = done.catch(() => undefined);
      return done;
    };
    const finish = (index: number, result: FileResult, started: number) => {
      result.ms = Date.now() - started;
      results[index] = result;
      options.onFile?.(result);
    };
    const work1 = async (worker: DuckDBConnection) => {
      const batch = new Batch(worker, options.onProgress);
      // Results are reported in the order the worker took its files: a file loaded or quarantined at once
      // first lands the batch staged before it.
      const flush = async () => {
        for (const staged of await batch.land()) finish(staged.index, staged.result, staged.started);
      };
      try {
        while (!failure && next < work.length && !options.shouldStop?.()) {
          const index = next++;
          const item = work[index]!;
          const scanned = item.pipeline ? inOrder(() => scanAndClaim(item.path, claim)) : undefined;
          const started = Date.now();
          const outcome = await loadItem(worker, config, item, fileIds[index]!, scanned, pads, options, started, flush);
          if ("status" in outcome) {
            await flush();
            finish(index, outcome, started);
          } else {
            batch.add({ ...outcome, index, started });
            if (batch.rows >= ROW_GROUP_ROWS) await flush();
          }
        }
        // a shutdown, the end of the inbox, or a failure elsewhere: what this worker staged lands now
        await flush();
      } catch (error) {
        // the other workers land the files they hold and take no more; this worker's staged files are dropped
        // with its batch, and load again next run
        failure ??= { error };
        await batch.abandon();
      }
    };
    await Promise.all(connections.map(work1));
    if (failure) throw failure.error;
  } finally {
    for (const extra of connections.slice(1)) extra.closeSync();
    await connection.run(`set wal_autocheckpoint = ${literal(walLimit)}`);
    await connection.run(`set threads = ${threads}`);
  }
  // every file taken was finished: the results are the files of the inbox up to where a shutdown stopped
  const done = [...results.filter((r): r is FileResult => r !== undefined), ...irregular];
  for (const r of irregular) options.onFile?.(r);
  // Not fatal: a checkpoint refused (another transaction open) is taken at the next commit or at close.
  if (done.some((r) => r.status === "loaded")) await connection.run("checkpoint").catch(() => undefined);
  return done;
}

/**
 * DuckDB's row group. A transaction that appends at least this many rows to a table writes them straight
 * into the database file, compressed, at its commit; a smaller one writes them to the WAL, and a checkpoint
 * later compresses and writes them again, while every other commit waits. So files are staged and land in
 * batches of at least a row group: 1.36M rows of hotline exports took 11.0 s to load and checkpoint one
 * file (113k rows) per transaction, 5.6 s three files per transaction.
 */
const ROW_GROUP_ROWS = 122_880;

/** One inbox item: staged (to land with its batch, its claim released then), skipped, or quarantined. */
async function loadItem(
  connection: DuckDBConnection,
  config: KesuConfig,
  item: { path: string; pipeline?: PipelineSpec },
  fileId: number,
  scanned: Promise<ScannedFile> | undefined,
  pads: { innerHex: string; outerHex: string },
  options: Pick<IngestOptions, "onProgress" | "settleMs">,
  started: number,
  flush: () => Promise<void>,
): Promise<FileResult | (StagedFile & { release: () => void })> {
  if (!item.pipeline || !scanned) {
    const reason = inInbox(config, item.path)
      ? "its name matches no pipeline's file pattern (see `kesu pipelines`); rename it and put it back in the inbox"
      : "its name matches no pipeline's file pattern and its header no pipeline's columns; name the pipeline with `kesu ingest --pipeline NAME FILE` (see `kesu pipelines`, `kesu inspect FILE`)";
    return quarantine(connection, config, item.path, fileId, undefined, reason, started);
  }
  const { scan, claim } = await scanned;
  const leftForLater = (why: string): FileResult => {
    claim.release();
    return {
      file: item.path,
      pipeline: item.pipeline!.name,
      status: "skipped",
      rows_in: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      message: `${basename(item.path)}: ${why}`,
      ms: 0,
    };
  };
  const age = Date.now() - scan.mtimeMs;
  if (!scan.stable || (options.settleMs && age < options.settleMs)) {
    return leftForLater(
      scan.stable
        ? `last changed ${Math.max(0, Math.round(age / 1000))} s ago: read once it has stayed unchanged for ${Math.round(options.settleMs! / 1000)} s (still being written?)`
        : "changed while it was being scanned: still being written? Left in the inbox for the next run",
    );
  }
  // A copy of a file still loading: this worker lands what it holds first, so that no two workers each wait
  // for a file the other has staged.
  if (!claim.free) await flush();
  await claim.granted;
  let staged: StagedFile | FileResult;
  try {
    staged = await stageFile(connection, config, item.path, item.pipeline, scan, fileId, pads, options.onProgress);
  } catch (error) {
    if (error instanceof FileChangedError) return leftForLater(error.message);
    claim.release();
    if (!(error instanceof UnreadableFileError)) throw error;
    return quarantine(connection, config, item.path, fileId, item.pipeline.name, error.message, started, scan);
  }
  if ("status" in staged) {
    claim.release();
    return staged;
  }
  return { ...staged, release: claim.release };
}

async function quarantine(
  connection: DuckDBConnection,
  config: KesuConfig,
  path: string,
  fileId: number,
  pipeline: string | undefined,
  reason: string,
  started: number,
  /** The file's scan, when it was read for its claim: not read again. */
  scan?: FileScan,
): Promise<FileResult> {
  const name = basename(path);
  // capped: a header of 10,000 columns once made a 74,537-character message, stored and published
  const message = `${name}: ${reason.length > 600 ? `${reason.slice(0, 600)}… (${reason.length} characters)` : reason}`;
  const { sha256, size } = scan ?? (await scanFile(path));
  await mkdir(config.quarantineDir, { recursive: true });
  // Never over an earlier quarantined file of the same name: that one is the only copy of a refused export
  const target = existsSync(join(config.quarantineDir, name)) ? join(config.quarantineDir, `${fileId}-${name}`) : join(config.quarantineDir, name);
  const owned = inInbox(config, path);
  await transaction(connection, async () => {
    await exec(
      connection,
      `insert into raw.files (file_id, file_name, path, sha256, pipeline, size_bytes, status, rows_in, rows_loaded, rows_rejected, message, started_at, finished_at)
       values ($file_id, $name, $path, $sha, $pipeline, $size, 'quarantined', null, null, null, $message, to_timestamp($started / 1000), now())`,
      { file_id: fileId, name, path: relative(config.dataDir, target), sha: sha256, pipeline: pipeline ?? null, size, message, started },
    );
  });
  // A file in the inbox is kesu's to move; any other file is the user's: a copy is quarantined, it stays.
  if (owned) await rename(path, target);
  else await copyFile(path, target);
  return { file: path, pipeline: pipeline ?? "", status: "quarantined", rows_in: 0, rows_loaded: 0, rows_rejected: 0, message, ms: 0, quarantined_to: target };
}

/**
 * One load at a time per content: two copies of a file in one run must not both load because neither had
 * landed when the other looked. Claims are registered in inbox order (by the scan, on the ordered chain)
 * and granted in that order; the second copy waits for the first to land or fail, then finds it loaded
 * and is skipped.
 */
function contentClaims(): (sha256: string) => Claim {
  const held = new Map<string, Promise<void>>();
  return (sha256) => {
    const before = held.get(sha256);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const mine = (before ?? Promise.resolve()).then(() => released);
    held.set(sha256, mine);
    void mine.then(() => {
      if (held.get(sha256) === mine) held.delete(sha256);
    });
    return { free: before === undefined, granted: before ?? Promise.resolve(), release };
  };
}

interface Claim {
  /** No other copy held it when this one asked. */
  free: boolean;
  granted: Promise<void>;
  release: () => void;
}

/** A file's scan, with its claim on the content. */
interface ScannedFile {
  scan: FileScan;
  claim: Claim;
}

async function scanAndClaim(path: string, claim: (sha256: string) => Claim): Promise<ScannedFile> {
  const scan = await scanFile(path);
  return { scan, claim: claim(scan.sha256) };
}

/** A file read, typed, masked and pseudonymised into its worker's staging tables, waiting to land. */
interface StagedFile {
  fileId: number;
  path: string;
  /** The path raw.files keeps: relative to the data dir. */
  storedPath: string;
  pipeline: string;
  sha256: string;
  size: number;
  rowsIn: number;
  loaded: number;
  rejected: number;
  header: HeaderMatch;
  padded: number;
  flagged: number;
  unmapped: NonNullable<FileResult["unmapped_labels"]>;
  /** What a re-export of an earlier file (same name, other content) changed. */
  message?: string;
}

/**
 * One worker's staged files and the connection-local tables holding their rows. `land` moves them into
 * the warehouse in one transaction: every file of the batch lands whole, or (a crash, a failure) none does
 * and each loads again next run.
 */
class Batch {
  private files: (StagedFile & { index: number; started: number; release: () => void })[] = [];
  rows = 0;
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly onProgress: IngestOptions["onProgress"],
  ) {}

  add(file: StagedFile & { index: number; started: number; release: () => void }): void {
    this.files.push(file);
    this.rows += file.loaded;
  }

  async land(): Promise<{ index: number; started: number; result: FileResult }[]> {
    if (!this.files.length) return [];
    const { connection, files } = this;
    try {
      await transaction(connection, async () => {
        for (const file of files) this.onProgress?.({ file: file.path, phase: "loading" });
        await connection.run("insert into raw.complaint_versions by name select * from staged_versions");
        await connection.run("insert into raw.rejects by name select * from staged_rejects");
        await connection.run("insert into raw.value_issues by name select * from staged_value_issues");
        for (const file of files) {
          this.onProgress?.({ file: file.path, phase: "committing" });
          await exec(
            connection,
            `insert into raw.files (file_id, file_name, path, sha256, pipeline, size_bytes, status, rows_in, rows_loaded, rows_rejected, message,
               started_at, finished_at, ignored_columns, missing_columns, rows_padded, rows_flagged)
             values ($file_id, $name, $path, $sha, $pipeline, $size, 'loaded', $rows_in, $loaded, $rejected, $message, to_timestamp($started / 1000), now(),
               cast($ignored as varchar[]), cast($missing as varchar[]), $padded, $flagged)`,
            {
              file_id: file.fileId,
              name: basename(file.path),
              path: file.storedPath,
              sha: file.sha256,
              pipeline: file.pipeline,
              size: file.size,
              rows_in: file.rowsIn,
              loaded: file.loaded,
              rejected: file.rejected,
              started: file.started,
              message: file.message ?? null,
              ignored: JSON.stringify(file.header.ignored),
              missing: JSON.stringify(file.header.missing),
              padded: file.padded,
              flagged: file.flagged,
            },
          );
        }
      });
    } finally {
      await this.abandon();
    }
    return files.map((file) => ({
      index: file.index,
      started: file.started,
      result: {
        file: file.path,
        pipeline: file.pipeline,
        status: "loaded",
        rows_in: file.rowsIn,
        rows_loaded: file.loaded,
        rows_rejected: file.rejected,
        ms: 0,
        ignored_columns: file.header.ignored,
        missing_columns: file.header.missing,
        rows_padded: file.padded,
        rows_flagged: file.flagged,
        unmapped_labels: file.unmapped,
        ...(file.message ? { message: file.message } : {}),
      },
    }));
  }

  /** Drops the staged rows and lets waiting copies of the staged files go on. */
  async abandon(): Promise<void> {
    await dropTemp(this.connection, "staged_versions", "staged_rejects", "staged_value_issues");
    for (const file of this.files) file.release();
    this.files = [];
    this.rows = 0;
  }
}

/**
 * A step that reads the file's own bytes (the reader, the typing over them). Its failure is the file's,
 * not the run's: a bare CR inside a field, a field too large for the memory limit — the file is
 * quarantined with DuckDB's reason (its first line, which names no cell) and the other files go on. A
 * failure of the machine (a full disk, a lost database) still stops the run.
 */
async function fileStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const message = (error as Error).message ?? String(error);
    if (/No space left|disk is full|Permission denied|database has been invalidated|FATAL/i.test(message)) throw error;
    throw new UnreadableFileError(`DuckDB's reader could not read it (${message.split("\n")[0]!.slice(0, 200)}); fix the file and put it back in the inbox`);
  }
}

/**
 * The first receipt date a source's complaints may have: the configured one, or for a source judged on the
 * bank's working days the first day its calendar covers (a complaint before it cannot be judged, and one
 * such row failed every build). Resolved per file (a few small files): a year added while the scheduler
 * runs counts from its next load.
 */
function earliestReceipt(config: KesuConfig, spec: PipelineSpec): { date: string; why: string } | undefined {
  if (config.earliestReceiptDate)
    return { date: config.earliestReceiptDate, why: "the earliest receipt date configured: earliestReceiptDate / KESU_EARLIEST_RECEIPT_DATE" };
  const onBankDays = spec.clockProfiles.some((id) => Object.hasOwn(PROFILES, id) && PROFILES[id]!.businessDays === "bank_calendar");
  if (!onBankDays) return undefined;
  let first: string | null;
  try {
    first = resolveCalendar({ calendarDir: config.calendarDir, calendarPath: config.calendarPath, strict: config.calendarStrict }).calendar.coverage().from;
  } catch {
    first = null; // a broken calendar file is the build's to report; the load goes on without this bound
  }
  return first
    ? { date: first, why: `the first day the working-day calendar covers; add the year's holiday notice with \`kesu calendar add FILE\`` }
    : undefined;
}

/**
 * A file loaded before under the same name with other content is a re-export: what it changed is said.
 * A complaint the new export leaves out is kept as last loaded (an export is a listing, not a withdrawal:
 * latest wins per complaint, and nothing is deleted), so the user is told which ones, to follow up.
 */
async function reExportChanges(connection: DuckDBConnection, name: string, pipeline: string, sha256: string, fileId: number): Promise<string | undefined> {
  const earlier = await one<{ file_id: number }>(
    connection,
    "select max(file_id) as file_id from raw.files where file_name = $name and pipeline = $pipeline and status = 'loaded' and sha256 <> $sha",
    { name, pipeline, sha: sha256 },
  );
  if (earlier?.file_id == null) return undefined;
  const diff = (await one<{ left_out: number; examples: string[] | null; added: number; kept: number }>(
    connection,
    `with before as (select distinct complaint_key from raw.complaint_versions where file_id = $earlier),
       now as (select distinct complaint_key from staged_versions where file_id = $file_id)
     select (select count(*) from before anti join now using (complaint_key)) as left_out,
       (select list(complaint_key order by complaint_key)[1:5] from (select complaint_key from before anti join now using (complaint_key))) as examples,
       (select count(*) from now anti join before using (complaint_key)) as added,
       (select count(*) from now semi join before using (complaint_key)) as kept`,
    { earlier: earlier.file_id, file_id: fileId },
  ))!;
  const leftOut = diff.left_out
    ? `; ${diff.left_out} complaint(s) of the earlier one are not in it (${(diff.examples ?? []).join(", ")}${diff.left_out > 5 ? ", …" : ""}) and stay as last loaded: a row left out of a re-export does not withdraw a complaint`
    : "";
  return `${name}: a re-export of file ${earlier.file_id} (same name, other content): ${diff.kept} complaint(s) again, ${diff.added} new${leftOut}`;
}

/**
 * Reads, types, validates, masks and pseudonymises one file into the connection's staging tables
 * (created by the first file of a batch). A file already loaded comes back as a skipped result.
 */
async function stageFile(
  connection: DuckDBConnection,
  config: KesuConfig,
  path: string,
  spec: PipelineSpec,
  scan: FileScan,
  fileId: number,
  pads: { innerHex: string; outerHex: string },
  onProgress: IngestOptions["onProgress"],
): Promise<StagedFile | FileResult> {
  const sha256 = scan.sha256;
  const storedPath = relative(config.dataDir, path);
  const seen = await all<{ file_id: number; file_name: string; path: string; status: string; rows_in: number; rows_loaded: number; rows_rejected: number }>(
    connection,
    "select file_id, file_name, path, status, rows_in, rows_loaded, rows_rejected from raw.files where sha256 = $sha and status in ('loaded', 'duplicate') order by file_id",
    { sha: sha256 },
  );
  const previous = seen.find((file) => file.status === "loaded");
  if (previous) {
    const skipped = {
      file: path,
      pipeline: spec.name,
      status: "skipped" as const,
      rows_in: previous.rows_in,
      rows_loaded: previous.rows_loaded,
      rows_rejected: previous.rows_rejected,
      ms: 0,
    };
    if (seen.some((file) => file.path === storedPath)) return { ...skipped, message: "already loaded (same sha256)" };
    // Another file with the same bytes (a copy under another name, two empty exports): recorded, so the
    // manifest lists every file the inbox held, and not loaded twice.
    const message = `${basename(path)}: the same content (sha256) as ${previous.file_name} (file ${previous.file_id}), already loaded: recorded as a duplicate, not loaded again`;
    await exec(
      connection,
      `insert into raw.files (file_id, file_name, path, sha256, pipeline, size_bytes, status, rows_in, rows_loaded, rows_rejected, message, started_at, finished_at)
       values ($file_id, $name, $path, $sha, $pipeline, $size, 'duplicate', 0, 0, 0, $message, now(), now())`,
      { file_id: fileId, name: basename(path), path: storedPath, sha: sha256, pipeline: spec.name, size: scan.size, message },
    );
    return { ...skipped, rows_in: 0, rows_loaded: 0, rows_rejected: 0, message };
  }
  let readable = path;
  let transcoded: string | undefined;
  let header: HeaderMatch = { fileColumns: [], ignored: [], missing: [] };
  if (spec.format.kind === "csv") {
    header = checkHeader(spec, await readCsvHeader(path, spec.format.encoding, spec.format.delimiter, spec.format.quote));
    // A file whose header ends with an LF (or CRLF) ends its lines so: a CR of its own is a character of a field.
    const lineEnds = needsLineEndRepair(scan);
    if (spec.format.encoding !== "utf-8" || lineEnds) {
      onProgress?.({ file: path, phase: "transcoding" });
      await mkdir(config.tmpDir, { recursive: true });
      transcoded = join(config.tmpDir, `${sha256}.${fileId}.utf8.csv`);
      try {
        await writeReadableCopy(path, transcoded, spec.format.encoding, lineEnds);
      } catch (error) {
        await rm(transcoded, { force: true });
        throw error;
      }
      readable = transcoded;
    }
  }
  // DuckDB's readers expand glob characters in a path (hotline_*.csv would read every hotline export):
  // such a file is read through a link of a plain name, so the path is taken literally.
  let link: string | undefined;
  if (readable === path && /[*?[\]{}]/.test(path)) {
    await mkdir(config.tmpDir, { recursive: true });
    link = join(config.tmpDir, `${sha256}.${fileId}.link`);
    await rm(link, { force: true });
    await symlink(path, link);
    readable = link;
  }
  try {
    // Staging builds connection-local temp tables outside any transaction: they are not part of the
    // warehouse, so a crash here leaves nothing behind, and DuckDB appends to them much faster than to
    // transaction-local storage.
    onProgress?.({ file: path, phase: "reading" });
    const source = await fileStep(() =>
      spec.format.kind === "csv" ? loadCsv(connection, readable, spec, header.fileColumns, scan) : loadJsonLines(connection, readable, spec, scan),
    );
    // what was read is the file its scan hashed, not a file still growing
    await assertUnchanged(path, scan);
    onProgress?.({ file: path, phase: "validating" });
    // tomorrow in bank time: an export written late in the evening elsewhere may carry its own date
    const tomorrow = new Date(Date.parse(`${todayIn(config)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const mapped = mappedSelect(spec, {
      timezone: config.timezone,
      orgTable: "ref.dim_org",
      latestReceiptDate: tomorrow,
      earliestReceiptDate: earliestReceipt(config, spec),
    });
    // The typed rows are materialised once (connection-local, like src): the staging reads the good ones
    // and the reasons are built from the bad ones. As a view the whole mapping ran twice whenever a file had
    // a bad row, which nearly every real export has (a quarter of the scale benchmark's ingest time).
    await fileStep(() => exec(connection, `create or replace temp table typed as ${mapped.sql}`));
    onProgress?.({ file: path, phase: "pseudonymising" });
    // One HMAC per distinct customer, not per row: customers complain more than once. Computed over every
    // row's id (a bad row's extra id costs nothing and is never stored).
    await exec(
      connection,
      `create or replace temp table customer_refs as
       select customer_id, ${hmacSql("customer_id")} as customer_ref
       from (select distinct customer_id from typed) where customer_id is not null`,
      { hmac_inner: pads.innerHex, hmac_outer: pads.outerHex },
    );
    const versionFields = Object.keys(CANONICAL_FIELDS).filter((name) => name !== "customer_id");
    const select = versionFields.map((name) => {
      if (name === "narrative") return `${maskSql("narrative")} as narrative`;
      if (name === "extension_level" || name === "paused_days") return `coalesce(${ident(name)}, 0) as ${ident(name)}`;
      return ident(name);
    });
    onProgress?.({ file: path, phase: "staging" });
    await connection.run("create temp table if not exists staged_versions as select * from raw.complaint_versions limit 0");
    await connection.run("create temp table if not exists staged_rejects as select * from raw.rejects limit 0");
    await connection.run("create temp table if not exists staged_value_issues as select * from raw.value_issues limit 0");
    const inserted = await connection.run(
      `insert into staged_versions (file_id, line, pipeline, complaint_key, customer_ref, ${versionFields.map(ident).join(", ")})
       select $file_id, __line, $pipeline, ${literal(`${spec.sourceSystem}:`)} || source_id, refs.customer_ref, ${select.join(", ")}
       from typed left join customer_refs as refs using (customer_id) where not __bad`,
      { file_id: fileId, pipeline: spec.name } as never,
    );
    const loaded = inserted.rowsChanged;
    const rejectedByRules = source.rowsIn - source.readerRejects - loaded;
    onProgress?.({ file: path, phase: "recording rejects" });
    await connection.run(
      // What is kept of a rejected row is what can be shown: a cell's value masked, and of a whole line
      // (which may hold a customer id in clear, that no mask can recognise) only its sha256, to find it
      // again in the file.
      `insert into staged_rejects (file_id, line, column_name, value, reason)
       select $file_id, line, column_name, value, reason from (
         select __line as line, e.column_name, ${maskSql("e.value")} as value, e.reason
         from (select __line, unnest(__errors) as e from typed where __bad)
         where $any_bad
         union all
         select line, null, 'sha256:' || sha256(coalesce(csv_line, '')), reason from src_reader_rejects
       )`,
      { file_id: fileId, any_bad: rejectedByRules > 0 } as never,
    );
    // What loaded rows could not take as given: each value with its reason (masked: a cell may hold anything)
    onProgress?.({ file: path, phase: "recording value issues" });
    await connection.run(
      `insert into staged_value_issues (file_id, line, field, column_name, value, reason, action)
       select $file_id, __line, e.field, e.column_name, ${maskSql("e.value")}, e.reason, e.action
       from (select __line, unnest(__issues) as e from typed where __flagged and not __bad)`,
      { file_id: fileId } as never,
    );
    const flagged = (await one<{ n: number }>(connection, "select count(distinct line) as n from staged_value_issues where file_id = $file_id", {
      file_id: fileId,
    }))!.n;
    const unmapped = await all<{ field: string; label: string | null; rows: number; first_line: number }>(
      connection,
      `select field, value as label, count(*) as rows, min(line) as first_line from staged_value_issues
       where file_id = $file_id and action in ('unmapped', 'defaulted') group by all order by rows desc, field, label`,
      { file_id: fileId },
    );
    // Every row is accounted for: loaded, or rejected with at least one reason on its line.
    const rejectedLines = (await one<{ n: number }>(connection, "select count(distinct line) as n from staged_rejects where file_id = $file_id", {
      file_id: fileId,
    }))!.n;
    const rowsRejected = rejectedByRules + source.readerRejects;
    if (rejectedLines !== rowsRejected || rejectedByRules < 0) {
      throw new Error(
        `accounting error in ${path}: rows_in ${source.rowsIn} = loaded ${loaded} + rejected ${rowsRejected}, but ${rejectedLines} lines carry reasons`,
      );
    }
    const message = await reExportChanges(connection, basename(path), spec.name, sha256, fileId);
    // staged: the file waits here for the rest of its batch
    onProgress?.({ file: path, phase: "staged" });
    return {
      fileId,
      path,
      storedPath,
      pipeline: spec.name,
      sha256,
      size: scan.size,
      rowsIn: source.rowsIn,
      loaded,
      rejected: rowsRejected,
      header,
      padded: source.padded ?? 0,
      flagged,
      unmapped,
      message,
    };
  } finally {
    // `src` is a view for CSV and a table for JSON Lines: dropTemp drops whichever each one is.
    await dropTemp(connection, "typed", "src", "src_base", "src_padded", "src_recovered", "src_raw", "src_lines", "src_lines_typed", "customer_refs");
    if (transcoded) await rm(transcoded, { force: true });
    if (link) await rm(link, { force: true });
  }
}
