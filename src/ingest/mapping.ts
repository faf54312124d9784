// Turns a pipeline declaration into the SQL that types, checks and maps one file's rows.
// Input: a table of VARCHAR source columns plus `__line` (physical line in the file).
// Output: a SELECT giving each canonical field typed, plus `__errors`, a list of
// {column, value, reason} — empty for a row that loads, one entry per defect for a row that is rejected.
import cron from "node-cron";
import { ident, literal } from "../db/warehouse.ts";
import { UNMAPPED } from "../codes.ts";
import { CANONICAL_FIELDS, type CanonicalField, type CanonicalFieldName, codesOf } from "../canonical.ts";
import { headerKey } from "./read.ts";
import type { FieldMapping, PipelineSpec } from "./pipeline.ts";

export class PipelineDefinitionError extends Error {
  override name = "PipelineDefinitionError";
}

/** Checks a declaration once, before any file: a bad mapping fails at once, not row by row. */
export function validatePipeline(spec: PipelineSpec): void {
  const fail = (message: string) => {
    throw new PipelineDefinitionError(`pipeline ${spec.name}: ${message}`);
  };
  const sourceColumns = spec.format.kind === "csv" ? spec.format.header : spec.format.keys;
  for (const [name, field] of Object.entries(CANONICAL_FIELDS) as [CanonicalFieldName, CanonicalField][]) {
    const mapping = spec.fields[name];
    if (name === "intake_channel" && spec.fixedChannel) continue;
    const constant = spec.constants?.[name];
    if (constant !== undefined) {
      if (mapping) fail(`field ${name} is both mapped and a constant`);
      if (field.type === "code" && !codesOf(field.codeList!).includes(String(constant)))
        fail(`constant ${name} = "${String(constant)}" is not a ${field.codeList} code`);
      continue;
    }
    if (!mapping) {
      if (field.required || field.always) fail(`field ${name} is not mapped (it is required: map it or give it a constant)`);
      continue;
    }
    if (!sourceColumns.includes(mapping.from)) fail(`field ${name} maps from "${mapping.from}", which is not a column of the export`);
    if (field.type === "timestamp" && !mapping.formats?.length) fail(`timestamp field ${name} needs formats`);
    if (mapping.values) {
      // labels match case- and width-insensitively: two words with one key must mean the same
      const byKey = new Map<string, [string, string | boolean]>();
      for (const [word, code] of Object.entries(mapping.values)) {
        const earlier = byKey.get(labelKey(word));
        if (earlier && earlier[1] !== code)
          fail(`value map of ${name}: "${earlier[0]}" and "${word}" differ only in case or width but map to different values`);
        byKey.set(labelKey(word), [word, code]);
      }
    }
    if (field.type === "code" && mapping.values) {
      const codes = new Set(codesOf(field.codeList!));
      for (const [word, code] of Object.entries(mapping.values)) {
        if (typeof code !== "string" || !codes.has(code)) fail(`value map of ${name}: "${word}" → "${String(code)}" is not a ${field.codeList} code`);
      }
    }
    if (mapping.pattern !== undefined) {
      if (field.type !== "boolean") fail(`${name}: a pattern reads a yes/no field, and ${name} is not one`);
      if (mapping.values) fail(`${name}: a pattern and a value map do not go together`);
      try {
        new RegExp(mapping.pattern);
      } catch (error) {
        fail(`${name}: pattern ${JSON.stringify(mapping.pattern)} is not a regular expression (${(error as Error).message})`);
      }
    }
    if (field.type === "boolean" && mapping.values) {
      for (const [word, value] of Object.entries(mapping.values)) {
        if (typeof value !== "boolean") fail(`value map of ${name}: "${word}" must map to true or false`);
      }
    }
  }
  if (spec.format.kind === "csv") {
    // header names match by headerKey: two declared names (or aliases) with one key would be ambiguous
    const byKey = new Map<string, string>();
    for (const column of spec.format.header) {
      const earlier = byKey.get(headerKey(column));
      if (earlier !== undefined) fail(`header columns "${earlier}" and "${column}" differ only in case, spacing or punctuation`);
      byKey.set(headerKey(column), column);
    }
    for (const [alias, column] of Object.entries(spec.format.aliases ?? {})) {
      if (!spec.format.header.includes(column)) fail(`alias "${alias}" names "${column}", which is not a column of the header`);
      const earlier = byKey.get(headerKey(alias));
      if (earlier !== undefined && earlier !== column) fail(`alias "${alias}" is already the name of column "${earlier}"`);
    }
  }
  if (spec.fixedChannel && !spec.channels.includes(spec.fixedChannel)) fail(`fixedChannel ${spec.fixedChannel} is not among its channels`);
  if (!cron.validate(spec.cron)) fail(`cron "${spec.cron}" is not a valid cron expression`);
}

type Check = { column: string; value: string; condition: string; reason: string };
/** A defect that does not stop the row: the value is loaded as `unmapped`, left empty, or defaulted. */
type Issue = Check & { field: string; action: "unmapped" | "nulled" | "defaulted" };

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, and their half-width forms. */
const FULL_WIDTH = String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0xff01 + i), 0x3000);
const HALF_WIDTH = String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0x21 + i), 0x20);

/**
 * The key a label is matched by, after trimming: full-width forms folded to half-width, then lower case
 * ("Consumer loan" = "Consumer Loan" = "ＣＯＮＳＵＭＥＲ ＬＯＡＮ"). labelKeySql is the same rule in SQL.
 */
export function labelKey(word: string): string {
  let out = "";
  for (const ch of word.trim()) {
    const at = FULL_WIDTH.indexOf(ch);
    out += at >= 0 ? HALF_WIDTH[at] : ch;
  }
  return out.toLowerCase();
}
// translate() costs a scan of its 95-character map per character: only a cell holding a full-width form
// pays it (an ASCII cell, byte length = length, cannot; nor can a Chinese label without one). At 1M rows
// of eight coded fields, translating every cell took the typing from 4 s to 17 s.
const labelKeySql = (raw: string) =>
  `(case when strlen(${raw}) = length(${raw}) or not regexp_matches(${raw}, '[\\x{FF01}-\\x{FF5E}\\x{3000}]') then lower(${raw}) ` +
  `else lower(translate(${raw}, ${literal(FULL_WIDTH)}, ${literal(HALF_WIDTH)})) end)`;

/** Raw text of a source column: trimmed; empty, or one of the export's null words, → NULL. */
function cleanedSql(column: string, nullValues: readonly string[] = []): string {
  const value = `src.${ident(column)}`;
  // trim() removes spaces (Unicode Zs, so U+3000 and U+00A0 too). Most cells are ASCII without an edge space
  // (byte length = character length, no space at either end) and need no trim: checking is a third of the
  // cost of trimming, and trimming every cell was a quarter of the typing time.
  const trim = `(case when strlen(${value}) = length(${value}) and not starts_with(${value}, ' ') and not ends_with(${value}, ' ') then ${value} else trim(${value}) end)`;
  const trimmed = `nullif(${trim}, '')`;
  return nullValues.length ? `(case when ${trim} in (${nullValues.map(literal).join(", ")}) then null else ${trimmed} end)` : trimmed;
}

/**
 * A mapped source column as the typing reads it: cleaned once in an inner select (`cleaned`), because a
 * field's raw text is used three to five times (its value, its raw copy, code and format checks) and
 * trimming every use was most of the typing time.
 */
const rawSql = (column: string) => `cleaned.${ident(column)}`;

function caseMap(raw: string, values: Readonly<Record<string, string | boolean>>): string {
  const arms = [...new Map(Object.entries(values).map(([word, code]) => [labelKey(word), code]))]
    .map(([key, code]) => `when ${literal(key)} then ${typeof code === "boolean" ? String(code) : literal(code)}`)
    .join(" ");
  return `(case ${labelKeySql(raw)} ${arms} end)`;
}

function timestampSql(raw: string, formats: readonly string[], timezone: string): string {
  // ISO 8601 with an offset: "Z" is +00:00, and fractional seconds are allowed (and dropped); an offset
  // beyond ±14:00, or with minutes past 59, is no offset (strptime took +25:00 and shifted the time).
  const iso = `regexp_replace(regexp_replace(${raw}, '[zZ]$', '+00:00'), '(T[0-9]{2}:[0-9]{2}:[0-9]{2})[.,][0-9]+', '\\1')`;
  const parts = formats.map((format) =>
    format.includes("%z") ? `timezone(${literal(timezone)}, try_strptime(${iso}, ${literal(format)}))` : `try_strptime(${raw}, ${literal(format)})`,
  );
  const parsed = parts.length === 1 ? parts[0]! : `coalesce(${parts.join(", ")})`;
  if (!formats.some((f) => f.includes("%z"))) return parsed;
  const offset = "'[+-]([0-9]{2}):?([0-9]{2})$'";
  const badOffset = `(regexp_matches(${raw}, ${offset}) and (cast(regexp_extract(${raw}, ${offset}, 1) as integer) > 14 or cast(regexp_extract(${raw}, ${offset}, 2) as integer) > 59))`;
  return `(case when ${badOffset} then null else ${parsed} end)`;
}

export interface MappedSelect {
  /**
   * SELECT … FROM src with the canonical columns as they load (customer_id: the raw id), their raw text,
   * `__bad` (the row cannot be a complaint: rejected) with `__errors` {column_name, value, reason}, and
   * `__flagged` (loaded, with a value it could not take as given) with `__issues` {field, column_name,
   * value, reason, action}.
   */
  sql: string;
}

/**
 * Builds the typing/validation SELECT. `orgTable` is a table with org_code and org_name_zh (dim_org).
 * A row is rejected only when it cannot be a complaint: no id, or no readable receipt date (a record the
 * reader cannot split into fields is rejected before this). Every other defect keeps the row: an unknown
 * label loads as `unmapped`, an unreadable or impossible optional value as empty, and each is recorded
 * with its column, raw value and reason. Values are the raw text of the cell, to be read against the file.
 */
export function mappedSelect(
  spec: PipelineSpec,
  options: {
    timezone: string;
    orgTable: string;
    /** Receipt dates after it are refused (YYYY-MM-DD). */
    latestReceiptDate?: string;
    /** Receipt dates before it are refused (YYYY-MM-DD), with the reason given. */
    earliestReceiptDate?: { date: string; why: string };
  },
): MappedSelect {
  const columns: string[] = ["cleaned.__line as __line"];
  const used = new Set<string>();
  const checks: Check[] = [];
  const issues: Issue[] = [];
  const finals: string[] = [];
  const joins: string[] = [];
  const receivedIsMapped = spec.fields.received_at !== undefined;

  for (const [name, field] of Object.entries(CANONICAL_FIELDS) as [CanonicalFieldName, CanonicalField][]) {
    const mapping: FieldMapping | undefined = spec.fields[name];
    if (name === "intake_channel" && spec.fixedChannel) {
      columns.push(`${literal(spec.fixedChannel)} as intake_channel`);
      continue;
    }
    const constant = spec.constants?.[name];
    if (constant !== undefined) {
      const value = typeof constant === "string" ? literal(constant) : String(constant);
      columns.push(`cast(${value} as ${field.sqlType}) as ${ident(name)}`);
      continue;
    }
    if (!mapping) {
      columns.push(`cast(null as ${field.sqlType}) as ${ident(name)}`);
      continue;
    }
    const raw = rawSql(mapping.from);
    const column = mapping.from;
    used.add(column);
    let typed: string;
    let unknown: string;
    switch (field.type) {
      case "text":
        if (name === "org_code") {
          const alias = "org";
          const key = mapping.resolveOrgName ? "org_name_zh" : "org_code";
          joins.push(`left join ${options.orgTable} ${alias} on ${alias}.${key} = ${raw}`);
          typed = `${alias}.org_code`;
          unknown = mapping.resolveOrgName ? "unknown branch name: not an org_name_zh in dim_org" : "unknown org_code: not in dim_org";
        } else {
          typed = raw;
          unknown = "";
        }
        break;
      case "code": {
        const codes = codesOf(field.codeList!);
        typed = mapping.values ? caseMap(raw, mapping.values) : `(case when ${raw} in (${codes.map(literal).join(", ")}) then ${raw} end)`;
        unknown = mapping.values ? `unknown ${name} label: no value map entry (case and width ignored)` : `unknown ${name} code`;
        break;
      }
      case "boolean":
        if (mapping.pattern !== undefined) {
          // any text is an answer: the event is in it or it is not
          typed = `(case when ${raw} is not null then regexp_matches(${raw}, ${literal(mapping.pattern)}, 'i') end)`;
          unknown = "";
          break;
        }
        typed = mapping.values ? caseMap(raw, mapping.values) : `try_cast(${raw} as BOOLEAN)`;
        unknown = `not a yes/no value; expected one of: ${Object.keys(mapping.values ?? { true: 1, false: 0 }).join(", ")}`;
        break;
      case "timestamp":
        typed = timestampSql(raw, mapping.formats ?? [], options.timezone);
        unknown = `unparseable date/time; expected format ${(mapping.formats ?? []).join(" or ")}`;
        break;
      case "integer":
        // a whole number as written: try_cast rounds 1.6 to 2 (an extension level 2, a 60-day clock) and reads 1e2
        typed = `(case when regexp_full_match(${raw}, '[+-]?[0-9]+') then try_cast(${raw} as INTEGER) end)`;
        unknown = "not a whole number";
        break;
      case "decimal":
        // an amount to the cent, thousands separated by commas or not: 100.999 is not rounded to 101.00
        typed = `(case when regexp_full_match(${raw}, '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.][0-9]{1,2})?') then try_cast(replace(${raw}, ',', '') as ${field.sqlType}) end)`;
        unknown = "not an amount to the cent";
        break;
    }
    columns.push(`${typed} as ${ident(name)}`);
    const typedRef = `t.${ident(name)}`;
    // A plain text field is its cleaned raw text: a second copy for its error values would double the
    // widest columns (narrative, ids) in the typed table
    const rawName = typed === raw ? ident(name) : ident(`__raw_${name}`);
    const rawRef = `t.${rawName}`;
    if (typed !== raw) columns.push(`${raw} as ${rawName}`);
    const invalid = unknown ? `${rawRef} is not null and ${typedRef} is null` : "false";
    const issue = (condition: string, reason: string, action: Issue["action"]) =>
      issues.push({ field: name, column, value: rawRef, condition, reason, action });

    if (field.required) {
      // cannot be a complaint without it: the row is rejected
      checks.push({ column, value: rawRef, condition: `${rawRef} is null`, reason: "required value is missing" });
      if (unknown) checks.push({ column, value: rawRef, condition: invalid, reason: unknown });
      if (field.type === "timestamp") {
        // A date that parses but cannot be a complaint's (year 0025 from a 2-digit year, 2999) is a defect.
        checks.push({ column, value: rawRef, condition: `year(${typedRef}) not between 2000 and 2099`, reason: "implausible year (expected 2000–2099)" });
        // A complaint received after the day it is loaded is a typo or a poison row (2099 would make the
        // data's as-of date 2099 and every open complaint breached): refused, a corrected version loads.
        if (name === "received_at" && options.latestReceiptDate) {
          checks.push({
            column,
            value: rawRef,
            condition: `cast(${typedRef} as date) > date ${literal(options.latestReceiptDate)}`,
            reason: `receipt date in the future (after ${options.latestReceiptDate}, the day after the load)`,
          });
        }
        // Before the first day the bank's working-day calendar covers, the deadline cannot be computed, and
        // one such row failed every build: refused here, where a corrected version can replace it.
        if (name === "received_at" && options.earliestReceiptDate) {
          checks.push({
            column,
            value: rawRef,
            condition: `cast(${typedRef} as date) < date ${literal(options.earliestReceiptDate.date)}`,
            reason: `receipt date before ${options.earliestReceiptDate.date} (${options.earliestReceiptDate.why})`,
          });
        }
      }
      continue;
    }
    if (field.always) {
      // never empty: loaded as unmapped (is_complaint: as a complaint), the raw value kept
      const fallback = field.type === "boolean" ? "true" : literal(UNMAPPED);
      const action = field.type === "boolean" ? "defaulted" : "unmapped";
      const as = field.type === "boolean" ? "loaded as a complaint" : "loaded as unmapped";
      finals.push(`coalesce(${typedRef}, ${fallback}) as ${ident(name)}`);
      issue(`${rawRef} is null`, `missing value: ${as}`, action);
      if (unknown) issue(invalid, `${unknown}: ${as}`, action);
      continue;
    }
    if (mapping.unmapped === "null" && (field.type === "code" || field.type === "boolean")) continue; // declared: unknown words mean "not given"
    if (field.type === "code") {
      finals.push(`case when ${invalid} then ${literal(UNMAPPED)} else ${typedRef} end as ${ident(name)}`);
      issue(invalid, `${unknown}: loaded as unmapped`, "unmapped");
      continue;
    }
    // An optional value that cannot be read, or cannot be true, is left empty; the complaint loads.
    const impossible: { condition: string; reason: string }[] = [];
    if (unknown) impossible.push({ condition: invalid, reason: unknown });
    if (field.type === "timestamp")
      impossible.push({ condition: `year(${typedRef}) not between 2000 and 2099`, reason: "implausible year (expected 2000–2099)" });
    if (field.min !== undefined) {
      const range = field.max !== undefined ? `${typedRef} < ${field.min} or ${typedRef} > ${field.max}` : `${typedRef} < ${field.min}`;
      impossible.push({ condition: range, reason: field.max !== undefined ? `out of range ${field.min}–${field.max}` : `must be ≥ ${field.min}` });
    }
    // Cross-field rule: a decision cannot precede the complaint it decides.
    if ((name === "acknowledged_at" || name === "responded_at" || name === "closed_at") && receivedIsMapped) {
      impossible.push({ condition: `${typedRef} < t.received_at`, reason: `${name.replace("_at", "")} before received_at` });
    }
    if (!impossible.length) continue;
    finals.push(`case when ${impossible.map((i) => `coalesce(${i.condition}, false)`).join(" or ")} then null else ${typedRef} end as ${ident(name)}`);
    for (const i of impossible) issue(i.condition, `${i.reason}: left empty`, "nulled");
  }

  const nullValues = spec.format.kind === "csv" ? spec.format.nullValues : undefined;
  const cleaned = `select src.__line, ${[...used].map((column) => `${cleanedSql(column, nullValues)} as ${ident(column)}`).join(", ")} from src`;
  const inner = `select ${columns.join(",\n  ")}\nfrom (${cleaned}) as cleaned\n${joins.join("\n")}`;
  const any = (conditions: { condition: string }[]) => (conditions.length ? conditions.map((c) => `coalesce(${c.condition}, false)`).join("\n  or ") : "false");
  // `__bad` / `__flagged` are one cheap boolean each per row; the lists are only built for the (few) rows
  // that have a defect.
  const errorList = `list_filter([${checks
    .map((c) => `case when ${c.condition} then {'column_name': ${literal(c.column)}, 'value': ${c.value}, 'reason': ${literal(c.reason)}} end`)
    .join(",\n  ")}], e -> e is not null)`;
  const issueList = `list_filter([${issues
    .map(
      (i) =>
        `case when ${i.condition} then {'field': ${literal(i.field)}, 'column_name': ${literal(i.column)}, 'value': ${i.value}, 'reason': ${literal(i.reason)}, 'action': ${literal(i.action)}} end`,
    )
    .join(",\n  ")}], e -> e is not null)`;
  const sql = `select t.*${finals.length ? ` replace (${finals.join(",\n  ")})` : ""},
  ${any(checks)} as __bad,
  case when ${any(checks)} then ${checks.length ? errorList : "[]"} end as __errors,
  ${any(issues)} as __flagged,
  case when ${any(issues)} then ${issues.length ? issueList : "[]"} end as __issues
from (${inner}) t`;
  return { sql };
}
