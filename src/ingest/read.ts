// Reading one export into a temporary table `src`: every source column as VARCHAR plus `__line`, the
// physical line of the row in the file (header = line 1). Rows the reader itself cannot parse (wrong
// column count, malformed JSON, invalid UTF-8) go to `src_reader_rejects` with their line and reason.
// Typing and validation happen afterwards, in SQL (mapping.ts), so nothing here drops a row.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { parse } from "csv-parse/sync";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal, one } from "../db/warehouse.ts";
import { CANONICAL_FIELDS, type CanonicalField, type CanonicalFieldName } from "../canonical.ts";
import type { PipelineSpec } from "./pipeline.ts";

/** A file that cannot be read at all: it is quarantined with this message, and the run goes on. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
}

/** Drops a connection-local table or view of that name, whichever it is (DuckDB refuses the wrong kind). */
export async function dropTemp(connection: DuckDBConnection, ...names: string[]): Promise<void> {
  for (const name of names) {
    for (const kind of ["view", "table"]) await connection.run(`drop ${kind} if exists ${ident(name)}`).catch(() => undefined);
  }
}

/** What one pass over the file found (line feeds keep their count through a GB18030 → UTF-8 transcoding). */
export interface FileScan {
  sha256: string;
  size: number;
  lineFeeds: number;
  endsWithLineFeed: boolean;
  /** Carriage returns not followed by a line feed: inside a field of an LF or CRLF file, not line ends. */
  bareCarriageReturns: number;
  /** Line feeds preceded by a carriage return. */
  crlfs: number;
  /** How the first line (the header) ends: the file's own line end. */
  firstLineEnd: "lf" | "crlf" | "cr" | "none";
  /** Bytes in the longest line (a line feed ends a line). */
  longestLine: number;
  /** The file's modification time when the scan began. */
  mtimeMs: number;
  /** Size and modification time were the same before and after the scan (nobody was writing to it). */
  stable: boolean;
}

/** A file that changed between its scan and the end of its read: it is left for a later run. */
export class FileChangedError extends Error {
  override name = "FileChangedError";
}

/** Throws FileChangedError when the file is no longer what its scan read (an export still being written). */
export async function assertUnchanged(path: string, scan: FileScan): Promise<void> {
  const now = await stat(path);
  if (!scan.stable || now.size !== scan.size || now.mtimeMs !== scan.mtimeMs) {
    throw new FileChangedError(
      `changed while it was being read (${scan.size} bytes when read, ${now.size} now): still being written? Left in the inbox for the next run`,
    );
  }
}

export interface SourceTable {
  /** Rows the file holds: loaded into `src` plus rejected by the reader. */
  rowsIn: number;
  readerRejects: number;
  /** Short (or long) records the reader refused that were whole once padded with empty trailing fields. */
  padded?: number;
  /** Records read again from the lines an unclosed quote had run over. */
  recovered?: number;
}

const HEADER_PROBE_BYTES = 64 * 1024;

/** The first bytes of a file (a header line, a BOM, the line ending it uses). */
export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_PROBE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * One pass over a file: its sha256, size and line feeds. The line feeds let the CSV reader skip looking for
 * line breaks inside fields when there are exactly as many lines as records, and the JSON Lines reader check
 * that DuckDB read every byte.
 */
export async function scanFile(path: string): Promise<FileScan> {
  const before = await stat(path);
  const hash = createHash("sha256");
  let size = 0;
  let lineFeeds = 0;
  let bareCarriageReturns = 0;
  let crlfs = 0;
  let longestLine = 0;
  let lineStart = 0; // offset of the current line's first byte
  let firstLineEnd: FileScan["firstLineEnd"] | undefined;
  let last = -1;
  // Large reads: with the default 64 KB chunks hashing a 450 MB export takes 2 s instead of 0.5 s.
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
      lineFeeds++;
      if (size - bytes.length + at - lineStart > longestLine) longestLine = size - bytes.length + at - lineStart;
      lineStart = size - bytes.length + at + 1;
    }
    if (firstLineEnd === undefined && bytes.length) {
      const lf = bytes.indexOf(10);
      const cr = bytes.indexOf(13);
      if (cr !== -1 && (lf === -1 || cr < lf)) firstLineEnd = bytes[cr + 1] === 10 ? "crlf" : "cr";
      else if (lf !== -1) firstLineEnd = "lf";
    }
    if (last === 13 && bytes.length) bytes[0] === 10 ? crlfs++ : bareCarriageReturns++;
    for (let at = bytes.indexOf(13); at !== -1 && at < bytes.length - 1; at = bytes.indexOf(13, at + 1)) bytes[at + 1] === 10 ? crlfs++ : bareCarriageReturns++;
    if (bytes.length) last = bytes[bytes.length - 1];
  }
  if (last === 13) bareCarriageReturns++;
  return {
    sha256: hash.digest("hex"),
    size,
    lineFeeds,
    endsWithLineFeed: last === 10,
    bareCarriageReturns,
    crlfs,
    firstLineEnd: firstLineEnd ?? "none",
    longestLine: Math.max(longestLine, size - lineStart),
    mtimeMs: before.mtimeMs,
    stable: await stat(path).then((after) => after.size === before.size && after.mtimeMs === before.mtimeMs && after.size === size),
  };
}

/**
 * DuckDB's reader refuses a line over 2,000,000 bytes, and when such a line's text is cut inside a UTF-8
 * character (a long CJK narrative) the whole read fails ("Invalid unicode … in segment statistics
 * update"): one long complaint cost its file. The limit is raised to the file's longest line, up to
 * 64 MB (a longer line is a reject, or at worst the file is quarantined with DuckDB's reason).
 */
const DUCKDB_MAX_LINE = 2_000_000;
const MAX_LINE_CAP = 64 << 20;
const lineSize = (scan: FileScan | undefined, encoding: string) => {
  // a file read from its UTF-8 copy: a GB18030 character of 2 bytes takes 3
  const longest = scan ? Math.ceil(scan.longestLine * (encoding === "utf-8" ? 1 : 1.5)) : 0;
  return longest >= DUCKDB_MAX_LINE ? `, max_line_size = ${Math.min(MAX_LINE_CAP, longest + 1024)}` : "";
};

/** The first record of a CSV file, decoded; BOM stripped. */
export async function readCsvHeader(path: string, encoding: string, delimiter: string, quote: string): Promise<string[]> {
  const bytes = await readHead(path);
  if (bytes.length === 0) throw new UnreadableFileError("the file is empty (no header line)");
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes, { stream: true });
  } catch {
    throw new UnreadableFileError(`the file is not valid ${encoding.toUpperCase()}; re-export it in ${encoding.toUpperCase()}`);
  }
  const firstLineEnd = text.search(/\r?\n/);
  const firstLine = firstLineEnd >= 0 ? text.slice(0, firstLineEnd) : text;
  try {
    const records = parse(firstLine, { delimiter, quote, relax_column_count: true }) as string[][];
    return (records[0] ?? []).map((cell) => cell.trim());
  } catch (error) {
    throw new UnreadableFileError(`the header line cannot be parsed as CSV: ${(error as Error).message}`);
  }
}

/**
 * Header comparison key: case, width, spaces, underscores and punctuation ignored, so "Date received",
 * "date_received", "DATE RECEIVED" and "Ｄａｔｅ　ｒｅｃｅｉｖｅｄ" are one column; "受理 时间" = "受理时间".
 */
export const headerKey = (name: string) =>
  name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** How a file's header lines up with its pipeline's declared columns. */
export interface HeaderMatch {
  /** One name per column of the file, in order: the declared column it is, or `__ignored_<n>` for one read and not used. */
  fileColumns: string[];
  /** The file's columns no mapping uses (an unnamed leading index column is listed as "(index column)"). */
  ignored: string[];
  /** Declared columns the file lacks: read as empty. */
  missing: string[];
}

/** Every name a declared column goes by in the file: its own and its aliases, by header key. */
function declaredByKey(spec: PipelineSpec): Map<string, string> {
  const byKey = new Map<string, string>();
  if (spec.format.kind !== "csv") return byKey;
  for (const column of spec.format.header) byKey.set(headerKey(column), column);
  for (const [alias, column] of Object.entries(spec.format.aliases ?? {})) byKey.set(headerKey(alias), column);
  return byKey;
}

/** The source columns a complaint cannot do without: those of the required fields (id, receipt date). */
export function requiredColumns(spec: PipelineSpec): { field: string; column: string }[] {
  return (Object.entries(CANONICAL_FIELDS) as [CanonicalFieldName, CanonicalField][])
    .filter(([name, field]) => field.required && spec.fields[name] && spec.constants?.[name] === undefined)
    .map(([name]) => ({ field: name, column: spec.fields[name]!.from }));
}

/**
 * Matches a file's header to the pipeline's declared columns, tolerantly: names compared by headerKey
 * (aliases included), in any order; columns the pipeline does not map are read and ignored; declared
 * columns the file lacks are read as empty; an unnamed first column (a pandas index) is ignored. Only a
 * file without the columns of the required fields is refused (UnreadableFileError), and the message
 * names columns, never the header's cells (a file without a header would show its first record).
 */
export function checkHeader(spec: PipelineSpec, header: string[]): HeaderMatch {
  if (spec.format.kind !== "csv") return { fileColumns: [], ignored: [], missing: [] };
  const byKey = declaredByKey(spec);
  const taken = new Set<string>();
  const ignored: string[] = [];
  const fileColumns = header.map((name, i) => {
    const declared = byKey.get(headerKey(name));
    if (declared && !taken.has(declared)) {
      taken.add(declared);
      return declared;
    }
    ignored.push(i === 0 && name.trim() === "" ? "(index column)" : name.trim() === "" ? `(unnamed column ${i + 1})` : name);
    return `__ignored_${i + 1}`;
  });
  const missing = spec.format.header.filter((column) => !taken.has(column));
  const lacking = requiredColumns(spec).filter((r) => missing.includes(r.column));
  if (lacking.length) {
    throw new UnreadableFileError(
      `its header has no ${lacking.map((r) => `"${r.column}" column (${r.field})`).join(" and no ")}, without which a row cannot be a complaint ` +
        `(${header.length} columns read, ${taken.size} of the pipeline's ${spec.format.header.length} found; a file without a header line is read as one). ` +
        `Check that this is a ${spec.name} export with its header, or adapt the pipeline (an alias in DATA_DIR/pipelines/${spec.name}.json)`,
    );
  }
  return { fileColumns, ignored, missing };
}

/**
 * How well a CSV file's header fits a pipeline: the match (with how many declared columns it found), or
 * why it cannot be this pipeline's export (encoding, no required column). Ingest picks a pipeline for a
 * file named without one by it; `kesu inspect` shows it for every pipeline.
 */
export async function headerFit(path: string, spec: PipelineSpec): Promise<{ match: HeaderMatch; found: number } | { error: string }> {
  if (spec.format.kind !== "csv") return { error: "not a CSV pipeline" };
  try {
    const match = checkHeader(spec, await readCsvHeader(path, spec.format.encoding, spec.format.delimiter, spec.format.quote));
    return { match, found: spec.format.header.length - match.missing.length };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * A stream that decodes `encoding` strictly: the first invalid byte sequence fails with an
 * UnreadableFileError (the file is quarantined whole) instead of becoming replacement characters.
 */
function strictDecoder(encoding: string, hint: string, output: (text: string) => string | Buffer): Transform {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const name = encoding.toUpperCase();
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        callback(null, output(text));
      } catch {
        callback(new UnreadableFileError(`the file is not valid ${name} (bad byte sequence near byte ${offset}); ${hint}`));
      }
    },
    flush(callback) {
      try {
        callback(null, output(decoder.decode()));
      } catch {
        callback(new UnreadableFileError(`the file ends inside a ${name} character; it looks truncated`));
      }
    },
  });
}

/**
 * Stands in for a carriage return that does not end a line: DuckDB's CSV reader takes every CR as a line
 * end, so a bare CR inside an unquoted field split its record in two (one complaint counted as two rows,
 * a fragment padded into a row of its own, every later line number off by one) or failed the whole read.
 * U+FDD0 is a noncharacter, never in interchanged text; loadCsv turns it back into the CR.
 */
export const BARE_CR_STAND_IN = "\uFDD0";
const STAND_IN_BYTES = Buffer.from(BARE_CR_STAND_IN, "utf8");

/**
 * Whether DuckDB reads a copy of the file with LF line ends and its bare CRs stood in for: a file whose
 * header ends with an LF (or CRLF) and has a CR of its own in a field, or mixes CRLF and LF lines (which
 * DuckDB's reader refuses whole: "The CSV Parser state machine reached an invalid state").
 */
export const needsLineEndRepair = (scan: FileScan) =>
  (scan.firstLineEnd === "lf" || scan.firstLineEnd === "crlf") && (scan.bareCarriageReturns > 0 || (scan.crlfs > 0 && scan.crlfs < scan.lineFeeds));

/**
 * A byte stream with CRLF turned into LF and every other CR into BARE_CR_STAND_IN (UTF-8): line numbers
 * (LF counts) are unchanged.
 */
function repairLineEnds(): Transform {
  let held = false; // the previous chunk ended with a CR: whether it is bare depends on this chunk
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!chunk.length) return callback();
      const parts: Buffer[] = [];
      let from = 0;
      if (held) {
        if (chunk[0] !== 10) parts.push(STAND_IN_BYTES);
        held = false;
      }
      for (let at = chunk.indexOf(13); at !== -1; at = chunk.indexOf(13, at + 1)) {
        if (at === chunk.length - 1) {
          parts.push(chunk.subarray(from, at));
          from = at + 1;
          held = true;
          break;
        }
        parts.push(chunk.subarray(from, at));
        if (chunk[at + 1] !== 10) parts.push(STAND_IN_BYTES);
        from = at + 1;
      }
      if (from < chunk.length) parts.push(chunk.subarray(from));
      callback(null, Buffer.concat(parts));
    },
    flush(callback) {
      callback(null, held ? STAND_IN_BYTES : undefined);
    },
  });
}

/**
 * Writes the copy of a CSV export DuckDB reads: transcoded to UTF-8 from a legacy encoding (DuckDB's
 * reader only knows UTF-8/16 and Latin-1) and/or with its line ends repaired (needsLineEndRepair).
 */
export async function writeReadableCopy(source: string, target: string, encoding: string, lineEnds: boolean): Promise<void> {
  const steps: Transform[] = [];
  if (encoding !== "utf-8") steps.push(strictDecoder(encoding, `re-export it in ${encoding.toUpperCase()}`, (text) => Buffer.from(text, "utf8")));
  if (lineEnds) steps.push(repairLineEnds());
  await pipeline([createReadStream(source, { highWaterMark: 4 << 20 }), ...steps, createWriteStream(target)]);
}

/**
 * Loads a UTF-8 CSV into `src`. DuckDB's reader numbers rows by record (a multi-line quoted field is one
 * record), so physical lines are recovered by adding the newlines embedded in earlier records.
 */
export async function loadCsv(
  connection: DuckDBConnection,
  path: string,
  spec: PipelineSpec,
  fileColumns: readonly string[],
  scan?: FileScan,
): Promise<SourceTable> {
  if (spec.format.kind !== "csv") throw new Error("loadCsv needs a CSV pipeline");
  const { delimiter, quote } = spec.format;
  const header = fileColumns;
  // Declared columns this layout of the export lacks are read as empty.
  const absent = spec.format.header.filter((column) => !fileColumns.includes(column));
  const columns = `{${header.map((column) => `${literal(column)}: 'VARCHAR'`).join(", ")}}`;
  await dropTemp(connection, "src", "src_base", "src_padded", "src_recovered", "src_reader_errors", "src_reader_scans", "src_raw");
  await connection.run(
    `create temp table src_raw as select * from read_csv(${literal(path)}, header = true, auto_detect = false,
       delim = ${literal(delimiter)}, quote = ${literal(quote)}, escape = ${literal(quote)}, columns = ${columns},
       store_rejects = true, rejects_table = 'src_reader_errors', rejects_scan = 'src_reader_scans'${lineSize(scan, spec.format.encoding)})`,
  );
  if (scan && needsLineEndRepair(scan)) {
    await connection.run(
      `update src_raw set ${header.map((column) => `${ident(column)} = replace(${ident(column)}, ${literal(BARE_CR_STAND_IN)}, chr(13))`).join(", ")}`,
    );
  }
  const newlineCount = header.map((column) => `coalesce(length(${ident(column)}) - length(replace(${ident(column)}, chr(10), '')), 0)`).join(" + ");
  const anyNewline = header.map((column) => `contains(${ident(column)}, chr(10))`).join(" or ");
  // Reader rejects, one row per bad record (a record can carry several errors). `extra` is the physical
  // lines a rejected record takes beyond its first (a quote that runs on over line ends).
  await connection.run(`create or replace temp table src_reader_rejects_raw as
    select *, length(csv_line) - length(replace(csv_line, chr(10), '')) as extra from (
      select line as record_line, min(error_type || ': ' || error_message) as reason,
        -- the record's text without its line ending (DuckDB gives a CRLF file's record a leading LF)
        min(regexp_replace(csv_line, '^[\r\n]+|[\r\n]+$', '', 'g')) as csv_line
      from src_reader_errors group by line)`);
  // The k-th good row (0-based) comes after every reject whose "good rows before it" count is ≤ k.
  await connection.run(`create or replace temp table src_reject_pos as
    select record_line, reason, csv_line, extra, record_line - 2 - (row_number() over (order by record_line) - 1) as good_before,
      coalesce(sum(extra) over (order by record_line rows between unbounded preceding and 1 preceding), 0) as extra_before
    from src_reader_rejects_raw`);
  // One physical line per record (header included, the last perhaps without its line feed) proves no field
  // holds a line break: each record takes at least one line, so any break inside a field, or any blank line,
  // makes more lines than records. Only then is every field of every row searched (a quarter of the read).
  const records = (await one<{ n: number }>(connection, "select (select count(*) from src_raw) + (select count(*) from src_reader_rejects_raw) as n"))!.n;
  const oneLinePerRecord = scan !== undefined && scan.lineFeeds + (scan.endsWithLineFeed ? 0 : 1) === records + 1;
  const multiline = !oneLinePerRecord && (await one<{ any: boolean | null }>(connection, `select bool_or(${anyNewline}) as any from src_raw`))?.any === true;
  const hasRejects = (await one<{ n: number }>(connection, "select count(*) as n from src_reject_pos"))!.n > 0;
  // Physical line = header + record ordinal + rejected records before it and the lines they span +
  // newlines embedded before it. The corrections are only computed when the file needs them.
  const nlBefore = multiline ? `coalesce(sum(${newlineCount}) over (order by rowid rows between unbounded preceding and 1 preceding), 0)` : "0";
  const ordinal = "(rowid - (select min(rowid) from src_raw))";
  // A view, not a copy: `src` is read once, by the typing query.
  await connection.run(`create or replace temp view src_base as
    with numbered as (select *, ${ordinal} as __k, ${nlBefore} as __nl_before from src_raw)
    select numbered.* exclude (__k, __nl_before),${absent.map((column) => ` cast(null as varchar) as ${ident(column)},`).join("")}
      2 + __k + __nl_before + ${
        hasRejects ? "coalesce((select count(*) + sum(r.extra) from src_reject_pos r where r.good_before <= numbered.__k), 0)" : "0"
      } as __line
    from numbered`);
  await connection.run(`create or replace temp table src_reader_rejects as
    select r.record_line + r.extra_before + ${
      multiline ? `coalesce((select sum(${newlineCount}) from (select *, ${ordinal} as __k from src_raw) g where g.__k < r.good_before), 0)` : "0"
    } as line, r.reason, r.csv_line, r.extra
    from src_reject_pos r`);
  const recovered = await recoverSwallowedLines(connection, spec, header, absent);
  const padded = await repairShortRows(connection, spec, header, absent);
  // A view, not a copy: `src` is read once, by the typing query.
  await connection.run(
    `create or replace temp view src as select * from src_base${padded ? " union all by name select * from src_padded" : ""}${
      recovered ? " union all by name select * from src_recovered" : ""
    }`,
  );
  const counts = await one<{ good: number; bad: number }>(
    connection,
    "select (select count(*) from src) as good, (select count(*) from src_reader_rejects) as bad",
  );
  return { rowsIn: (counts?.good ?? 0) + (counts?.bad ?? 0), readerRejects: counts?.bad ?? 0, padded, recovered };
}

/**
 * Creates `table` with the source's columns (the file's, then the declared ones it lacks, empty) and
 * `__line`, and appends `rows`: records the reader refused that were read whole another way.
 */
async function writeSourceRows(
  connection: DuckDBConnection,
  table: string,
  header: readonly string[],
  absent: readonly string[],
  rows: readonly { line: number; cells: readonly (string | null)[] }[],
): Promise<void> {
  await connection.run(
    `create or replace temp table ${ident(table)} (${[...header, ...absent].map((column) => `${ident(column)} VARCHAR`).join(", ")}, __line BIGINT)`,
  );
  if (!rows.length) return;
  const appender = await connection.createAppender(table, "main", "temp");
  try {
    for (const row of rows) {
      for (const cell of row.cells) cell === null ? appender.appendNull() : appender.appendVarchar(cell);
      for (const _ of absent) appender.appendNull();
      appender.appendBigInt(BigInt(row.line));
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

const RESTARTS_PER_BLOCK = 1000;

/**
 * Reads `lines` (the first is line `firstLine` of the file) as records of their own: a record that does not
 * parse (a quote not closed where it ends) is rejected for its first line and reading resumes at the next.
 */
function readLinesOnTheirOwn(lines: string[], firstLine: number, width: number, delimiter: string, quote: string, fieldCount: (n: number) => string) {
  const good: { line: number; cells: string[] }[] = [];
  const bad: { line: number; reason: string; csv_line: string; extra: number }[] = [];
  let at = 0; // index in `lines` of the first line not yet read
  for (let restarts = 0; at < lines.length; restarts++) {
    if (restarts === RESTARTS_PER_BLOCK) {
      const text = lines.slice(at).join("\n");
      const last = firstLine + lines.length - 1;
      bad.push({
        line: firstLine + at,
        reason: `unreadable: lines ${firstLine + at}–${last} hold more than ${RESTARTS_PER_BLOCK} broken records`,
        csv_line: text,
        extra: lines.length - 1 - at,
      });
      break;
    }
    const records: { fields: string[]; end: number }[] = [];
    let failed = false;
    try {
      parse(lines.slice(at).join("\n"), {
        delimiter,
        quote,
        escape: quote,
        relax_column_count: true,
        on_record: (record, context) => {
          records.push({ fields: record, end: context.lines });
          return null;
        },
      });
    } catch {
      failed = true;
    }
    let start = at;
    for (const record of records) {
      const line = firstLine + start;
      const fields = record.fields.map((cell) => cell.replaceAll(BARE_CR_STAND_IN, "\r"));
      const end = at + record.end;
      if (fields.length === width) good.push({ line, cells: fields });
      else bad.push({ line, reason: fieldCount(fields.length), csv_line: lines.slice(start, end).join("\n"), extra: end - start - 1 });
      start = end;
    }
    if (!failed) break;
    // the record that starts at `start` failed: its first line is rejected, reading resumes after it
    if (start < lines.length)
      bad.push({
        line: firstLine + start,
        reason: "UNQUOTED VALUE: a quote in this record is not closed where the record ends",
        csv_line: lines[start]!,
        extra: 0,
      });
    at = start + 1;
  }
  return { good, bad };
}

/**
 * A quote that opens and never closes (a narrative beginning with a stray `"`) makes DuckDB's reader take
 * every line after it, up to the end of the file or the next quote, as one rejected record: four complaints
 * lost for one typo. The record of the first line keeps the reject, with the lines the quote ran over named;
 * the lines after it are read again as records of their own (a record that fails again is rejected alone
 * and reading resumes at the line after its first). Records with the wrong field count become ordinary
 * MISSING/TOO MANY COLUMNS rejects, which repairShortRows may still pad. Returns the records recovered.
 */
async function recoverSwallowedLines(connection: DuckDBConnection, spec: PipelineSpec, header: readonly string[], absent: readonly string[]): Promise<number> {
  if (spec.format.kind !== "csv") return 0;
  const { delimiter, quote } = spec.format;
  const swallowing = await all<{ line: number; csv_line: string; extra: number; reason: string }>(
    connection,
    "select line, csv_line, extra, reason from src_reader_rejects where extra > 0 order by line",
  );
  if (!swallowing.length) return 0;
  const good: { line: number; cells: string[] }[] = [];
  const bad: { line: number; reason: string; csv_line: string; extra: number }[] = [];
  const fieldCount = (n: number) =>
    n < header.length
      ? `MISSING COLUMNS: Expected Number of Columns: ${header.length} Found: ${n}`
      : `TOO MANY COLUMNS: Expected Number of Columns: ${header.length} Found: ${n}`;
  for (const reject of swallowing) {
    const lines = reject.csv_line.split("\n");
    const last = reject.line + lines.length - 1;
    const again = readLinesOnTheirOwn(lines.slice(1), reject.line + 1, header.length, delimiter, quote, fieldCount);
    if (!again.good.length) {
      // A record that is whole (its quotes pair up) but wrong, its field count say: say where it ends.
      bad.push({
        line: reject.line,
        reason: `${reject.reason} (the record spans lines ${reject.line}–${last})`,
        csv_line: reject.csv_line,
        extra: reject.extra,
      });
      continue;
    }
    bad.push({
      line: reject.line,
      reason: `${reject.reason}; a quote opened on line ${reject.line} runs on to line ${last} (${lines.length} lines): this line is rejected and the ${lines.length - 1} after it are read on their own`,
      csv_line: lines[0]!,
      extra: 0,
    });
    good.push(...again.good);
    bad.push(...again.bad);
  }
  await writeSourceRows(connection, "src_recovered", header, absent, good);
  await connection.run(`delete from src_reader_rejects where extra > 0`);
  const appender = await connection.createAppender("src_reader_rejects", "main", "temp");
  try {
    for (const row of bad) {
      appender.appendBigInt(BigInt(row.line));
      appender.appendVarchar(row.reason);
      appender.appendVarchar(row.csv_line);
      appender.appendBigInt(BigInt(row.extra));
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  return good.length;
}

/**
 * Records the reader refused for their field count that are whole all the same: a short record whose
 * missing fields are trailing and not required (an export that drops empty trailing fields), or a long
 * one whose extra fields are trailing and empty. They are padded (or trimmed) into `src_padded`, taken off
 * the reader's rejects, and counted; any other record keeps its reject.
 */
async function repairShortRows(connection: DuckDBConnection, spec: PipelineSpec, header: readonly string[], absent: readonly string[]): Promise<number> {
  if (spec.format.kind !== "csv") return 0;
  const candidates = await all<{ line: number; csv_line: string | null; reason: string }>(
    connection,
    "select line, csv_line, reason from src_reader_rejects where reason like 'MISSING COLUMNS%' or reason like 'TOO MANY COLUMNS%'",
  );
  if (!candidates.length) return 0;
  const required = new Set(requiredColumns(spec).map((r) => r.column));
  const rows: { line: number; cells: (string | null)[] }[] = [];
  for (const candidate of candidates) {
    if (candidate.csv_line == null) continue;
    let fields: string[];
    try {
      fields = (parse(candidate.csv_line, { delimiter: spec.format.delimiter, quote: spec.format.quote, relax_column_count: true }) as string[][])[0] ?? [];
    } catch {
      continue;
    }
    if (fields.length < header.length) {
      if (header.slice(fields.length).some((column) => required.has(column))) continue;
    } else if (fields.slice(header.length).some((cell) => cell.trim() !== "")) continue;
    rows.push({ line: candidate.line, cells: header.map((_, i) => fields[i]?.replaceAll(BARE_CR_STAND_IN, "\r") ?? null) });
  }
  await writeSourceRows(connection, "src_padded", header, absent, rows);
  if (!rows.length) return 0;
  await connection.run(`delete from src_reader_rejects where line in (select __line from src_padded)`);
  return rows.length;
}

/**
 * Loads a JSON Lines file into `src`. DuckDB reads the lines and extracts the keys (both cores, no row
 * crossing into JavaScript: ten times faster than parsing in Node); a file its strict line reader refuses
 * (mixed line endings, a raw control character, bytes that are not UTF-8) is read again by the exact Node
 * parser, which quarantines a file that is not UTF-8 and gives every other bad line its own reason.
 */
export async function loadJsonLines(connection: DuckDBConnection, path: string, spec: PipelineSpec, scan: FileScan): Promise<SourceTable> {
  try {
    return await loadJsonLinesInDuckDB(connection, path, spec, scan);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    return loadJsonLinesInNode(connection, path, spec);
  }
}

/**
 * JSON.parse keeps the last of two equal keys in an object, DuckDB's json_extract the first: one rule on
 * both paths, the first wins. `text` is valid JSON already (JSON.parse took it); only an object whose top
 * level repeats a key is rebuilt, from the first occurrence of each.
 */
export function firstKeyWins(text: string, parsed: unknown): unknown {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return parsed;
  const entries: [string, string][] = [];
  let depth = 0;
  let i = 0;
  let valueStart = -1;
  let key: string | null = null;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (depth === 1 && key === null && valueStart < 0) {
        key = JSON.parse(text.slice(i, j + 1)) as string;
        i = text.indexOf(":", j + 1) + 1;
        valueStart = i;
        continue;
      }
      i = j + 1;
      continue;
    }
    if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0 && key !== null) entries.push([key, text.slice(valueStart, i)]);
    } else if (ch === "," && depth === 1 && key !== null) {
      entries.push([key, text.slice(valueStart, i)]);
      key = null;
      valueStart = -1;
    }
    i++;
  }
  if (new Set(entries.map(([k]) => k)).size === entries.length) return parsed;
  const first = new Map<string, unknown>();
  for (const [k, v] of entries) if (!first.has(k)) first.set(k, JSON.parse(v));
  return Object.fromEntries(first);
}

/** A line DuckDB's JSON reader refuses but JavaScript reads as an object: the two disagree on this file. */
class ReadersDisagree extends Error {}

/** What JavaScript's JSON.parse says of a line: the reason a malformed line is given on either path. */
function jsonLineDefect(text: string): string {
  try {
    const record: unknown = JSON.parse(text);
    if (!record || typeof record !== "object" || Array.isArray(record)) return "not a JSON object";
    throw new ReadersDisagree(text.slice(0, 80));
  } catch (error) {
    if (error instanceof ReadersDisagree) throw error;
    return `malformed JSON: ${(error as Error).message}`;
  }
}

export async function loadJsonLinesInDuckDB(connection: DuckDBConnection, path: string, spec: PipelineSpec, scan: FileScan): Promise<SourceTable> {
  if (spec.format.kind !== "jsonl") throw new Error("loadJsonLines needs a JSON Lines pipeline");
  const keys = spec.format.keys;
  // One VARCHAR per physical line: no delimiter or quote a JSON line can hold unescaped. LF files only:
  // DuckDB's strict reader refuses a stray CR, and with new_line = '\r\n' it was seen to merge lines after a
  // blank one, so a CRLF file goes to the Node parser; the byte count below catches any other such slip.
  const probe = await readHead(path);
  if (probe.includes(13)) throw new Error("CR line endings: read by the Node parser");
  await dropTemp(connection, "src", "src_lines", "src_lines_typed", "src_reader_rejects");
  await connection.run(
    `create temp table src_lines as select * from read_csv(${literal(path)}, header = false, auto_detect = false,
       columns = {'text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', new_line = '\\n', strict_mode = true)`,
  );
  // Every byte of the file is in a line or is a line's LF (or the BOM DuckDB strips): nothing merged or lost.
  const bom = probe[0] === 0xef && probe[1] === 0xbb && probe[2] === 0xbf ? 3 : 0;
  const read = (await one<{ bytes: number; lines: number }>(connection, "select coalesce(sum(strlen(text)), 0) as bytes, count(*) as lines from src_lines"))!;
  if (read.bytes + bom + read.lines - (scan.endsWithLineFeed || scan.size === 0 ? 0 : 1) !== scan.size) {
    throw new Error(`DuckDB's line reader accounted for ${read.bytes + bom + read.lines} of ${scan.size} bytes: read by the Node parser`);
  }
  // A blank line is not a row: empty, or only what JavaScript's trim() removes. The test runs on the rare
  // line that does not open with '{' (trimming every line cost more than reading the file).
  const blank = String.raw`regexp_full_match(text, '[\t\x{0b}\x{0c} \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*')`;
  // rowid is the line's place in the file (insertion order is kept). JSON allows whitespace around a value.
  await connection.run(`create or replace temp table src_lines_typed as
    select rowid + 1 as __line, text, coalesce(case when json_valid(text) then json_type(text) = 'OBJECT' end, false) as is_object
    from src_lines where text is not null and (starts_with(text, '{') or not ${blank})`);
  await connection.run("drop table src_lines");
  const paths = `[${keys.map((key) => literal(`$."${key.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(", ")}]`;
  await connection.run(`create temp table src as
    select ${keys.map((key, i) => `values[${i + 1}] as ${ident(key)}`).join(", ")}, __line
    from (select __line, json_extract_string(text, ${paths}) as values from src_lines_typed where is_object)`);
  // Bad lines are few: each gets JavaScript's own words for what is wrong with it, as on the Node path.
  const bad = await all<{ line: number; text: string }>(connection, "select __line as line, text from src_lines_typed where not is_object order by __line");
  await connection.run("create temp table src_reader_rejects (line BIGINT, reason VARCHAR, csv_line VARCHAR)");
  if (bad.length) {
    const rejects = await connection.createAppender("src_reader_rejects", "main", "temp");
    try {
      for (const { line, text } of bad) {
        const trimmed = text.trim();
        rejects.appendBigInt(BigInt(line));
        rejects.appendVarchar(jsonLineDefect(trimmed));
        rejects.appendVarchar(trimmed.slice(0, 500));
        rejects.endRow();
      }
    } finally {
      rejects.closeSync();
    }
  }
  const counts = (await one<{ rows_in: number }>(connection, "select count(*) as rows_in from src_lines_typed"))!;
  await connection.run("drop table src_lines_typed");
  return { rowsIn: counts.rows_in, readerRejects: bad.length };
}

/** The exact reader: parses in Node, line by line (exact line numbers, a reason per bad line). */
export async function loadJsonLinesInNode(connection: DuckDBConnection, path: string, spec: PipelineSpec): Promise<SourceTable> {
  if (spec.format.kind !== "jsonl") throw new Error("loadJsonLines needs a JSON Lines pipeline");
  const keys = spec.format.keys;
  await dropTemp(connection, "src", "src_lines", "src_lines_typed");
  await connection.run(`create or replace temp table src (${keys.map((key) => `${ident(key)} VARCHAR`).join(", ")}, __line BIGINT)`);
  await connection.run("create or replace temp table src_reader_rejects (line BIGINT, reason VARCHAR, csv_line VARCHAR)");
  const appender = await connection.createAppender("src", "main", "temp");
  const rejects = await connection.createAppender("src_reader_rejects", "main", "temp");
  let rowsIn = 0;
  let readerRejects = 0;
  let line = 0;
  try {
    // Decode strictly: a file that is not UTF-8 (binary junk, a GBK export in the wrong inbox) is
    // quarantined whole rather than loaded as replacement characters.
    const strictUtf8 = strictDecoder("utf-8", "JSON Lines exports must be UTF-8", (text) => text);
    const input = createReadStream(path).pipe(strictUtf8);
    const failure = new Promise<never>((_, reject) => strictUtf8.once("error", reject));
    failure.catch(() => undefined);
    const lines = createInterface({ input, crlfDelay: Infinity });
    const iterate = async () => {
      for await (const text of lines) {
        line++;
        const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
        if (!trimmed) continue; // blank lines are not rows
        rowsIn++;
        let record: unknown;
        try {
          record = firstKeyWins(trimmed, JSON.parse(trimmed));
        } catch (error) {
          record = undefined;
          rejects.appendBigInt(BigInt(line));
          rejects.appendVarchar(`malformed JSON: ${(error as Error).message}`);
          rejects.appendVarchar(trimmed.slice(0, 500));
          rejects.endRow();
          readerRejects++;
          continue;
        }
        if (!record || typeof record !== "object" || Array.isArray(record)) {
          rejects.appendBigInt(BigInt(line));
          rejects.appendVarchar("not a JSON object");
          rejects.appendVarchar(trimmed.slice(0, 500));
          rejects.endRow();
          readerRejects++;
          continue;
        }
        const object = record as Record<string, unknown>;
        for (const key of keys) {
          const value = object[key];
          if (value === null || value === undefined) appender.appendNull();
          else appender.appendVarchar(typeof value === "object" ? JSON.stringify(value) : String(value));
        }
        appender.appendBigInt(BigInt(line));
        appender.endRow();
      }
    };
    await Promise.race([iterate(), failure]);
  } finally {
    appender.closeSync();
    rejects.closeSync();
  }
  return { rowsIn, readerRejects };
}
