// Turns a pipeline declaration into the SQL that types, checks and maps one file's rows.
// Input: a table of VARCHAR source columns plus `__line` (physical line in the file).
// Output: a SELECT giving each canonical field typed, plus `__errors`, a list of
// {column, value, reason} — empty for a row that loads, one entry per defect for a row that is rejected.
import cron from "node-cron";
import { ident, literal } from "../db/warehouse.ts";
import { CANONICAL_FIELDS, type CanonicalFieldName, codesOf } from "./canonical.ts";
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
  for (const [name, field] of Object.entries(CANONICAL_FIELDS) as [CanonicalFieldName, (typeof CANONICAL_FIELDS)[CanonicalFieldName]][]) {
    const mapping = spec.fields[name];
    if (name === "intake_channel" && spec.fixedChannel) continue;
    const constant = spec.constants?.[name];
    if (constant !== undefined) {
      if (mapping) fail(`field ${name} is both mapped and a constant`);
      if (field.type === "code" && !codesOf(field.codeList).includes(String(constant))) fail(`constant ${name} = "${String(constant)}" is not a ${field.codeList} code`);
      continue;
    }
    if (!mapping) {
      if ("required" in field && field.required) fail(`required field ${name} is not mapped`);
      continue;
    }
    if (!sourceColumns.includes(mapping.from)) fail(`field ${name} maps from "${mapping.from}", which is not a column of the export`);
    if (field.type === "timestamp" && !mapping.formats?.length) fail(`timestamp field ${name} needs formats`);
    if (field.type === "code" && mapping.values) {
      const codes = new Set(codesOf(field.codeList));
      for (const [word, code] of Object.entries(mapping.values)) {
        if (typeof code !== "string" || !codes.has(code)) fail(`value map of ${name}: "${word}" → "${String(code)}" is not a ${field.codeList} code`);
      }
    }
    if (field.type === "boolean" && mapping.values) {
      for (const [word, value] of Object.entries(mapping.values)) {
        if (typeof value !== "boolean") fail(`value map of ${name}: "${word}" must map to true or false`);
      }
    }
  }
  if (spec.fixedChannel && !spec.channels.includes(spec.fixedChannel)) fail(`fixedChannel ${spec.fixedChannel} is not among its channels`);
  if (!cron.validate(spec.cron)) fail(`cron "${spec.cron}" is not a valid cron expression`);
}

type Check = { column: string; value: string; condition: string; reason: string };

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
  const arms = Object.entries(values)
    .map(([word, code]) => `when ${literal(word)} then ${typeof code === "boolean" ? String(code) : literal(code)}`)
    .join(" ");
  return `(case ${raw} ${arms} end)`;
}

function timestampSql(raw: string, formats: readonly string[], timezone: string): string {
  const parts = formats.map((format) =>
    format.includes("%z")
      ? `timezone(${literal(timezone)}, try_strptime(${raw}, ${literal(format)}))`
      : `try_strptime(${raw}, ${literal(format)})`,
  );
  return parts.length === 1 ? parts[0] : `coalesce(${parts.join(", ")})`;
}

export interface MappedSelect {
  /** SELECT … FROM src with typed canonical columns (customer_id: the raw id), their raw text and `__bad`. */
  sql: string;
  /** Over that SELECT's rows: the list of {column_name, value, reason} of a bad row. */
  errorsSql: string;
}

/**
 * Builds the typing/validation SELECT. `orgTable` is a table with org_code and org_name_zh (dim_org).
 * Error values are the raw text of the offending cell, so a reject can be read against the file.
 */
export function mappedSelect(spec: PipelineSpec, options: { timezone: string; orgTable: string }): MappedSelect {
  const columns: string[] = ["cleaned.__line as __line"];
  const used = new Set<string>();
  const checks: Check[] = [];
  const joins: string[] = [];

  for (const [name, field] of Object.entries(CANONICAL_FIELDS) as [CanonicalFieldName, (typeof CANONICAL_FIELDS)[CanonicalFieldName]][]) {
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
    let invalidReason: string;
    switch (field.type) {
      case "text":
        if (name === "org_code") {
          const alias = "org";
          const key = mapping.resolveOrgName ? "org_name_zh" : "org_code";
          joins.push(`left join ${options.orgTable} ${alias} on ${alias}.${key} = ${raw}`);
          typed = `${alias}.org_code`;
          invalidReason = mapping.resolveOrgName ? "unknown branch name: not an org_name_zh in dim_org" : "unknown org_code: not in dim_org";
        } else {
          typed = raw;
          invalidReason = "";
        }
        break;
      case "code": {
        const codes = codesOf(field.codeList);
        typed = mapping.values ? caseMap(raw, mapping.values) : `(case when ${raw} in (${codes.map(literal).join(", ")}) then ${raw} end)`;
        const words = mapping.values ? Object.keys(mapping.values) : codes;
        invalidReason = `unknown ${name} value; expected one of: ${words.join(", ")}`;
        break;
      }
      case "boolean":
        typed = mapping.values ? caseMap(raw, mapping.values) : `try_cast(${raw} as BOOLEAN)`;
        invalidReason = `not a yes/no value; expected one of: ${Object.keys(mapping.values ?? { true: 1, false: 0 }).join(", ")}`;
        break;
      case "timestamp":
        typed = timestampSql(raw, mapping.formats ?? [], options.timezone);
        invalidReason = `unparseable date/time; expected format ${(mapping.formats ?? []).join(" or ")}`;
        break;
      case "integer":
        typed = `try_cast(${raw} as INTEGER)`;
        invalidReason = "not an integer";
        break;
      case "decimal":
        typed = `try_cast(${raw} as ${field.sqlType})`;
        invalidReason = "not a number";
        break;
    }
    columns.push(`${typed} as ${ident(name)}`);
    const typedRef = ident(name);
    // A plain text field is its cleaned raw text: a second copy for its error values would double the
    // widest columns (narrative, ids) in the typed table
    const rawRef = typed === raw ? typedRef : ident(`__raw_${name}`);
    if (rawRef !== typedRef) columns.push(`${raw} as ${rawRef}`);
    if ("required" in field && field.required) {
      checks.push({ column, value: rawRef, condition: `${rawRef} is null`, reason: "required value is missing" });
    }
    if (invalidReason && mapping.unmapped !== "null") {
      checks.push({ column, value: rawRef, condition: `${rawRef} is not null and ${typedRef} is null`, reason: invalidReason });
    }
    if (field.type === "timestamp") {
      // A date that parses but cannot be a complaint's (year 0025 from a 2-digit year, 2999) is a defect.
      checks.push({ column, value: rawRef, condition: `year(${typedRef}) not between 2000 and 2099`, reason: "implausible year (expected 2000–2099)" });
    }
    if ("min" in field && field.min !== undefined) {
      const max = "max" in field ? field.max : undefined;
      const range = max !== undefined ? `${typedRef} < ${field.min} or ${typedRef} > ${max}` : `${typedRef} < ${field.min}`;
      checks.push({ column, value: rawRef, condition: range, reason: max !== undefined ? `out of range ${field.min}–${max}` : `must be ≥ ${field.min}` });
    }
  }

  // Cross-field rules: a decision cannot precede the complaint it decides.
  const columnOf = (name: CanonicalFieldName) => spec.fields[name]?.from;
  for (const name of ["acknowledged_at", "responded_at", "closed_at"] as const) {
    const column = columnOf(name);
    if (!column) continue;
    checks.push({
      column,
      value: ident(`__raw_${name}`),
      condition: `${ident(name)} < received_at`,
      reason: `${name.replace("_at", "")} before received_at`,
    });
  }

  const errorItems = checks.map(
    (check) =>
      `case when ${check.condition} then {'column_name': ${literal(check.column)}, 'value': ${check.value}, 'reason': ${literal(check.reason)}} end`,
  );
  const nullValues = spec.format.kind === "csv" ? spec.format.nullValues : undefined;
  const cleaned = `select src.__line, ${[...used].map((column) => `${cleanedSql(column, nullValues)} as ${ident(column)}`).join(", ")} from src`;
  const inner = `select ${columns.join(",\n  ")}\nfrom (${cleaned}) as cleaned\n${joins.join("\n")}`;
  // `__bad` is one cheap boolean per row; the reasons are only built for the (few) bad rows.
  const bad = checks.map((check) => `coalesce(${check.condition}, false)`).join("\n  or ");
  const sql = `select t.*, (${bad}) as __bad\nfrom (${inner}) t`;
  const errorsSql = `list_filter([${errorItems.join(",\n  ")}], e -> e is not null)`;
  return { sql, errorsSql };
}
