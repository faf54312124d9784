// Pipelines without code: a bank's IT team adds or adapts an export with a JSON file in
// `<data-dir>/pipelines/*.json`, read at every run (no rebuild, no edit of kesu). The shape is that of
// definePipeline (src/ingest/pipeline.ts) with the file pattern as a string; `"extends": "<pipeline>"`
// starts from a built-in one and changes only what the file gives (objects merged key by key, arrays and
// values replaced). Every key is checked, and a message names the file and the key at fault.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CODE_LISTS } from "../codes.ts";
import { PROFILES } from "../clock/profiles.ts";
import { CANONICAL_FIELDS } from "../canonical.ts";
import { PipelineDefinitionError, validatePipeline } from "./mapping.ts";
import type { PipelineSpec } from "./pipeline.ts";

export interface LoadedPipelines {
  pipelines: PipelineSpec[];
  /** Where each pipeline comes from: `built-in`, or the JSON file that adds or overrides it. */
  origins: Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merged key by key; anything else (arrays, values) replaced. A RegExp is kept as it is. */
function merge(base: unknown, over: unknown): unknown {
  if (isObject(base) && isObject(over) && !(base instanceof RegExp)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
    return out;
  }
  return over === undefined ? base : over;
}

const TOP_KEYS = [
  "name",
  "description",
  "sourceSystem",
  "channels",
  "filePattern",
  "format",
  "fixedChannel",
  "fields",
  "constants",
  "clockProfiles",
  "cron",
  "extends",
];
const CSV_KEYS = ["kind", "encoding", "delimiter", "quote", "header", "aliases", "nullValues"];
const JSONL_KEYS = ["kind", "keys"];
const FIELD_KEYS = ["from", "values", "formats", "resolveOrgName", "unmapped", "pattern"];

/** Checks a JSON pipeline's shape and turns it into a PipelineSpec; throws naming the file and the key. */
export function pipelineFromJson(data: unknown, file: string, builtIns: readonly PipelineSpec[]): PipelineSpec {
  const fail = (key: string, reason: string): never => {
    throw new PipelineDefinitionError(`${file}: ${key || "(top level)"}: ${reason}`);
  };
  if (!isObject(data)) return fail("", "expected a JSON object (the shape of definePipeline, see README: Pipelines without code)");
  for (const key of Object.keys(data)) if (!TOP_KEYS.includes(key)) fail(key, `unknown key; expected one of ${TOP_KEYS.join(", ")}`);
  let raw: Record<string, unknown> = data;
  if (data.extends !== undefined) {
    const base = builtIns.find((p) => p.name === data.extends);
    if (!base) fail("extends", `no built-in pipeline "${String(data.extends)}"; built-in: ${builtIns.map((p) => p.name).join(", ")}`);
    const { extends: _ignored, ...rest } = data;
    raw = merge({ ...base, filePattern: base!.filePattern.source }, { name: base!.name, ...rest }) as Record<string, unknown>;
  }
  const text = (key: string, value: unknown, pattern?: RegExp): string => {
    if (typeof value !== "string" || value.trim() === "") return fail(key, "expected a non-empty string");
    if (pattern && !pattern.test(value)) fail(key, `"${value}" does not match ${pattern}`);
    return value;
  };
  const list = (key: string, value: unknown): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return fail(key, "expected an array of strings");
    return value as string[];
  };
  const name = text("name", raw.name, /^[a-z][a-z0-9_]*$/);
  text("description", raw.description);
  text("sourceSystem", raw.sourceSystem, /^[a-z][a-z0-9_]*$/);
  const channels = list("channels", raw.channels);
  for (const [i, c] of channels.entries()) if (!(c in CODE_LISTS.intake_channel)) fail(`channels[${i}]`, `"${c}" is not an intake channel code`);
  let filePattern: RegExp;
  const patternSource = raw.filePattern instanceof RegExp ? raw.filePattern.source : text("filePattern", raw.filePattern);
  try {
    filePattern = new RegExp(patternSource, "i");
  } catch (error) {
    return fail("filePattern", `not a regular expression: ${(error as Error).message}`);
  }
  if (!isObject(raw.format)) return fail("format", "expected an object with kind csv or jsonl");
  const format = raw.format as Record<string, unknown>;
  if (format.kind === "csv") {
    for (const key of Object.keys(format)) if (!CSV_KEYS.includes(key)) fail(`format.${key}`, `unknown key; expected one of ${CSV_KEYS.join(", ")}`);
    if (format.encoding !== "utf-8" && format.encoding !== "gb18030") fail("format.encoding", 'expected "utf-8" or "gb18030"');
    if (typeof format.delimiter !== "string" || [...format.delimiter].length !== 1) fail("format.delimiter", "expected one character");
    if (typeof format.quote !== "string" || [...format.quote].length !== 1) fail("format.quote", "expected one character");
    list("format.header", format.header);
    if (format.aliases !== undefined && (!isObject(format.aliases) || Object.values(format.aliases).some((v) => typeof v !== "string"))) {
      fail("format.aliases", "expected an object of name in the file → declared column");
    }
    if (format.nullValues !== undefined) list("format.nullValues", format.nullValues);
  } else if (format.kind === "jsonl") {
    for (const key of Object.keys(format)) if (!JSONL_KEYS.includes(key)) fail(`format.${key}`, `unknown key; expected one of ${JSONL_KEYS.join(", ")}`);
    list("format.keys", format.keys);
  } else fail("format.kind", 'expected "csv" or "jsonl"');
  if (!isObject(raw.fields)) return fail("fields", "expected an object of canonical field → mapping");
  for (const [field, mapping] of Object.entries(raw.fields as Record<string, unknown>)) {
    if (!(field in CANONICAL_FIELDS)) fail(`fields.${field}`, `not a canonical field; expected one of ${Object.keys(CANONICAL_FIELDS).join(", ")}`);
    if (!isObject(mapping)) fail(`fields.${field}`, 'expected an object such as {"from": "column"}');
    for (const key of Object.keys(mapping as object))
      if (!FIELD_KEYS.includes(key)) fail(`fields.${field}.${key}`, `unknown key; expected one of ${FIELD_KEYS.join(", ")}`);
    const m = mapping as Record<string, unknown>;
    text(`fields.${field}.from`, m.from);
    if (m.values !== undefined && (!isObject(m.values) || Object.values(m.values).some((v) => typeof v !== "string" && typeof v !== "boolean"))) {
      fail(`fields.${field}.values`, "expected an object of export word → code (or true/false)");
    }
    if (m.formats !== undefined) list(`fields.${field}.formats`, m.formats);
    if (m.unmapped !== undefined && m.unmapped !== "unmapped" && m.unmapped !== "null") fail(`fields.${field}.unmapped`, 'expected "unmapped" or "null"');
    if (m.resolveOrgName !== undefined && typeof m.resolveOrgName !== "boolean") fail(`fields.${field}.resolveOrgName`, "expected true or false");
    if (m.pattern !== undefined && typeof m.pattern !== "string") fail(`fields.${field}.pattern`, "expected a regular expression as a string");
  }
  if (raw.constants !== undefined && !isObject(raw.constants)) fail("constants", "expected an object of canonical field → value");
  const profiles = list("clockProfiles", raw.clockProfiles);
  for (const [i, p] of profiles.entries()) {
    if (!(p in PROFILES)) fail(`clockProfiles[${i}]`, `unknown clock profile "${p}"; known: ${Object.keys(PROFILES).join(", ")}`);
  }
  text("cron", raw.cron);
  if (raw.fixedChannel !== undefined) text("fixedChannel", raw.fixedChannel);
  const spec = { ...(raw as unknown as PipelineSpec), name, filePattern } as PipelineSpec;
  try {
    validatePipeline(spec);
  } catch (error) {
    throw new PipelineDefinitionError(`${file}: ${(error as Error).message}`);
  }
  return spec;
}

/** The built-in pipelines with those of `<data-dir>/pipelines/*.json` added or put in their place. */
export function loadPipelines(dataDir: string, builtIns: readonly PipelineSpec[]): LoadedPipelines {
  const pipelines = [...builtIns];
  const origins: Record<string, string> = Object.fromEntries(builtIns.map((p) => [p.name, "built-in"]));
  const dir = join(dataDir, "pipelines");
  if (!existsSync(dir)) return { pipelines, origins };
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new PipelineDefinitionError(`${file}: not valid JSON: ${(error as Error).message}`);
    }
    const spec = pipelineFromJson(data, file, builtIns);
    const at = pipelines.findIndex((p) => p.name === spec.name);
    if (at >= 0 && origins[spec.name] !== "built-in")
      throw new PipelineDefinitionError(`${file}: pipeline "${spec.name}" is also defined by ${origins[spec.name]}`);
    if (at >= 0) pipelines[at] = spec;
    else pipelines.push(spec);
    origins[spec.name] = file;
  }
  return { pipelines, origins };
}
