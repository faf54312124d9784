// `kesu inspect FILE [--pipeline NAME]`: before loading, which pipeline reads a file and why the others do
// not (name, header, encoding), what its first rows become, and which labels no map knows — so a user can
// fix a mapping first. The file goes through the real ingest, into a throwaway in-memory warehouse: what
// inspect shows is what `kesu ingest` would load. Nothing is written to the data dir; the file is only read.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { KesuConfig } from "../config/config.ts";
import { all, openWarehouse } from "../db/warehouse.ts";
import { ingest, type FileResult } from "./ingest.ts";
import type { PipelineSpec } from "./pipeline.ts";
import { headerFit, readHead } from "./read.ts";

export interface Candidate {
  pipeline: string;
  name_matches: boolean;
  /** "reads" when the header (or first JSON line) carries the pipeline's required columns, else why not. */
  header: string;
  /** Declared columns found in the file, of the pipeline's. */
  columns_found: number | null;
  columns_declared: number | null;
}

export interface Inspection {
  file: string;
  chosen: string | null;
  why: string;
  candidates: Candidate[];
  result: FileResult | null;
  /** The first loaded rows as they would be stored (narrative masked, no customer id). */
  sample: Record<string, unknown>[];
  rejects: { line: number; column_name: string | null; reason: string }[];
  value_issues: { field: string; column_name: string | null; value: string | null; action: string; reason: string; rows: number; first_line: number }[];
}

/** The keys of a JSON Lines file's first record, or why there are none. */
async function firstJsonKeys(path: string): Promise<string[] | string> {
  const line = (await readHead(path))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .find((l) => l.trim());
  if (!line) return "the file has no line";
  try {
    const record = JSON.parse(line) as unknown;
    if (!record || typeof record !== "object" || Array.isArray(record)) return "its first line is not a JSON object";
    return Object.keys(record);
  } catch (error) {
    return `its first line is not JSON (${(error as Error).message.slice(0, 80)})`;
  }
}

async function candidate(path: string, spec: PipelineSpec): Promise<Candidate> {
  const name_matches = spec.filePattern.test(basename(path));
  if (spec.format.kind === "csv") {
    const fit = await headerFit(path, spec);
    if ("error" in fit) return { pipeline: spec.name, name_matches, header: fit.error, columns_found: null, columns_declared: spec.format.header.length };
    const { ignored, missing } = fit.match;
    const notes = [
      ignored.length ? `${ignored.length} column(s) ignored: ${ignored.join(", ")}` : "",
      missing.length ? `missing (read as empty): ${missing.join(", ")}` : "",
    ].filter(Boolean);
    return {
      pipeline: spec.name,
      name_matches,
      header: `reads${notes.length ? ` (${notes.join("; ")})` : ""}`,
      columns_found: fit.found,
      columns_declared: spec.format.header.length,
    };
  }
  const keys = await firstJsonKeys(path);
  if (typeof keys === "string") return { pipeline: spec.name, name_matches, header: keys, columns_found: null, columns_declared: spec.format.keys.length };
  const found = spec.format.keys.filter((k) => keys.includes(k)).length;
  const required = [spec.fields.source_id?.from, spec.fields.received_at?.from].filter((k): k is string => !!k);
  const lacking = required.filter((k) => !keys.includes(k));
  return {
    pipeline: spec.name,
    name_matches,
    header: lacking.length ? `its first record has no ${lacking.join(", ")} key, without which a row cannot be a complaint` : "reads",
    columns_found: found,
    columns_declared: spec.format.keys.length,
  };
}

export async function inspectFile(
  path: string,
  options: { config: KesuConfig; pipelines: readonly PipelineSpec[]; named?: PipelineSpec; sampleRows?: number },
): Promise<Inspection> {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const candidates = await Promise.all(options.pipelines.map((spec) => candidate(file, spec)));
  const reads = (c: Candidate) => c.header.startsWith("reads");
  let chosen: PipelineSpec | undefined;
  let why: string;
  if (options.named) {
    chosen = options.named;
    why = `named with --pipeline ${chosen.name}`;
  } else {
    const byName = candidates.find((c) => c.name_matches && reads(c));
    const byHeader = [...candidates].filter(reads).sort((a, b) => (b.columns_found ?? 0) - (a.columns_found ?? 0))[0];
    const pick = byName ?? byHeader;
    chosen = pick ? options.pipelines.find((p) => p.name === pick.pipeline) : undefined;
    why = byName
      ? `its name matches ${byName.pipeline}'s file pattern and its header reads`
      : byHeader
        ? `its header carries ${byHeader.columns_found} of ${byHeader.pipeline}'s ${byHeader.columns_declared} columns (no pipeline's file pattern takes its name: ingest it with --pipeline ${byHeader.pipeline})`
        : "no pipeline reads it";
  }
  const inspection: Inspection = { file, chosen: chosen?.name ?? null, why, candidates, result: null, sample: [], rejects: [], value_issues: [] };
  if (!chosen) return inspection;

  const scratch = await mkdtemp(join(tmpdir(), "kesu-inspect-"));
  const warehouse = await openWarehouse(":memory:");
  try {
    // A throwaway key: nothing of this run is kept, and no pseudonym of it can be compared with the warehouse's.
    const config: KesuConfig = {
      ...options.config,
      dataDir: scratch,
      quarantineDir: join(scratch, "quarantine"),
      tmpDir: join(scratch, "tmp"),
      inboxDir: join(scratch, "inbox"),
      hmacKey: randomBytes(24).toString("hex"),
    };
    const [result] = await ingest(warehouse.connection, { config, pipelines: [chosen], files: [file], namedPipeline: chosen });
    inspection.result = result ?? null;
    inspection.sample = await all(
      warehouse.connection,
      `select line, complaint_key, strftime(received_at, '%Y-%m-%d %H:%M') as received_at, intake_channel, org_code, business_category, cause_code,
         status, is_complaint, strftime(responded_at, '%Y-%m-%d %H:%M') as responded_at, left(narrative, 60) as narrative
       from raw.complaint_versions order by line limit ${Math.max(1, options.sampleRows ?? 5)}`,
    );
    inspection.rejects = await all(warehouse.connection, "select line, column_name, reason from raw.rejects order by line limit 20");
    inspection.value_issues = await all(
      warehouse.connection,
      `select field, column_name, left(value, 40) as value, action, min(reason) as reason, count(*) as rows, min(line) as first_line
       from raw.value_issues group by all order by rows desc, field, value limit 50`,
    );
    return inspection;
  } finally {
    warehouse.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
