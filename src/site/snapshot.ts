// The one place the site's data loaders read the published snapshot from (docs/design.md §2).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MASK_RULES } from "../privacy.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function publishDir(): string {
  return resolve(process.env.KESU_PUBLISH_DIR ?? join(REPO_ROOT, "data/publish"));
}

function missing(path: string): Error {
  return new Error(`snapshot file ${path} is missing: run \`kesu build\` (or set KESU_PUBLISH_DIR) before building the site`);
}

/** The snapshot in one directory, as the site's data builders read it (src/site/data.ts). */
export interface Snapshot {
  readonly dir: string;
  /** One file, parsed; a missing file is a clear error. */
  read<T = unknown>(name: string): T;
  /** One file, parsed, or null when there is none: only meta.json before the first build (siteParams). */
  optional<T = unknown>(name: string): T | null;
  /** One binary file (the cubes' Arrow files) as it was published; a missing file is a clear error. */
  bytes(name: string): Uint8Array;
}

const MISSING = Symbol("missing");

/**
 * A reader of the snapshot in `dir` that parses each file once: every page's data is built from the same
 * few files, and `kesu site` builds all of it in one process. The parsed values are frozen, so a builder
 * that mutated a shared row (and so changed another page's data) would throw instead.
 */
export function snapshotAt(dir: string): Snapshot {
  const root = resolve(dir);
  const files = new Map<string, unknown>();
  const load = (name: string): unknown => {
    if (!files.has(name)) {
      const path = join(root, name);
      files.set(name, existsSync(path) ? deepFreeze(JSON.parse(readFileSync(path, "utf8"))) : MISSING);
    }
    return files.get(name);
  };
  return {
    dir: root,
    read<T>(name: string): T {
      const value = load(name);
      if (value === MISSING) throw missing(join(root, name));
      return value as T;
    },
    optional<T>(name: string): T | null {
      const value = load(name);
      return value === MISSING ? null : (value as T);
    },
    bytes(name: string): Uint8Array {
      const path = join(root, name);
      if (!existsSync(path)) throw missing(path);
      return readFileSync(path);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export interface Meta {
  bank_name: { zh: string; en: string };
  generated_at: string;
  as_of: string;
  timezone: string;
  clock_profile: string;
  quarters: string[];
  months: string[];
  ingest: Record<string, number>;
}

export type Row = Record<string, unknown>;

/** Runs a loader: writes its JSON to stdout; on failure says why on stderr and exits 1. */
export function emit(build: () => unknown): void {
  try {
    process.stdout.write(JSON.stringify(build()));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** `--quarter=2025-Q3` from a parameterized loader's arguments. */
export function argument(name: string): string {
  const prefix = `--${name}=`;
  const found = process.argv.find((a) => a.startsWith(prefix));
  if (!found) throw new Error(`loader needs ${prefix}…`);
  return found.slice(prefix.length);
}

// The ingest masks (src/privacy.ts) as JavaScript regular expressions: DuckDB's `\1` back-references
// become `$1`. Narratives are masked at the door already; the site masks again what it shows, so text
// loaded before a rule existed (or by a bug upstream) still cannot reach a page unmasked.
const MASKS = MASK_RULES.map((rule) => ({ re: new RegExp(rule.pattern, "g"), to: rule.replacement.replace(/\\(\d)/g, "$$$1") }));

/** Free text with every PII mask applied (twice for the rules that share a separator with a neighbour). */
export function maskText(text: string): string {
  let out = text;
  for (const { re, to } of MASKS) out = out.replace(re, to).replace(re, to);
  return out;
}

/**
 * The site's parameterised pages: quarters with data, business categories with complaints (most first) and
 * tier-1 branches (from the scorecard once published). observablehq.config.ts builds its sidebar and
 * dynamicPaths from this, and `kesu site` builds one data file per page from it (src/site/data.ts).
 */
export interface SiteParams {
  quarters: string[];
  categories: string[];
  branches: string[];
}

export function siteParams(s: Snapshot): SiteParams {
  // before the first build there is no snapshot, and no page of a quarter, category or branch to list
  const meta = s.optional<{ quarters: string[] }>("meta.json");
  if (!meta) return { quarters: [], categories: [], branches: [] };
  const receivedBy = s.read<{ dimension: string; code: string; received: number }[]>("received_quarterly_by.json");
  // business categories with complaints, most complaints first
  const totals = new Map<string, number>();
  for (const r of receivedBy) if (r.dimension === "business_category") totals.set(r.code, (totals.get(r.code) ?? 0) + r.received);
  const categories = [...totals]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([code]) => code);
  const scorecard = s.read<{ org_code: string; org_level: string }[]>("org_scorecard_quarterly.json");
  const codes = scorecard.filter((r) => r.org_level === "tier1").map((r) => r.org_code);
  return { quarters: [...meta.quarters], categories, branches: [...new Set(codes)].sort() };
}
