// `kesu report`: the regulator outputs of one quarter — the quarterly page as an A4 PDF and its tables as
// an XLSX workbook — from the published snapshot of a data dir.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSite } from "../site/build.ts";
import { renderQuarterlyPdf, type PdfResult } from "./pdf.ts";
import { writeQuarterlyXlsx } from "./xlsx.ts";

export interface ReportOptions {
  publishDir: string;
  quarter: string;
  pdf?: string;
  xlsx?: string;
  /** A built site to print from; used only when it was built from this snapshot. */
  siteDir?: string;
  log?: (line: string) => void;
}

export interface ReportResult {
  quarter: string;
  pdf?: PdfResult & { site: "reused" | "built" };
  xlsx?: { file: string; sheets: number };
}

interface SnapshotMeta {
  generated_at: string;
  as_of: string;
  quarters: string[];
  bank_name: { zh: string; en: string };
}

/**
 * Whether a built site shows this snapshot: the quarter page's data file carries the snapshot's meta, and
 * generated_at changes with every publish. A site built from another data dir, or before the last
 * `kesu build`, would print other figures than the XLSX holds.
 */
export function siteShowsSnapshot(siteDir: string, quarter: string, meta: SnapshotMeta): boolean {
  const dataDir = join(siteDir, "_file", "data");
  if (!existsSync(dataDir)) return false;
  const name = readdirSync(dataDir).find((f) => f.startsWith(`quarter-${quarter}.`) && f.endsWith(".json"));
  if (!name) return false;
  try {
    const data = JSON.parse(readFileSync(join(dataDir, name), "utf8")) as { meta?: { generated_at?: string } };
    return data.meta?.generated_at === meta.generated_at;
  } catch {
    return false;
  }
}

export async function report(options: ReportOptions): Promise<ReportResult> {
  const log = options.log ?? (() => {});
  const publishDir = resolve(options.publishDir);
  const metaPath = join(publishDir, "meta.json");
  if (!existsSync(metaPath)) throw new Error(`no published snapshot in ${publishDir}: run \`kesu build\` (or \`kesu run\`) first`);
  const meta = JSON.parse(readFileSync(metaPath, "utf8")) as SnapshotMeta;
  if (!meta.quarters.includes(options.quarter)) {
    throw new Error(`quarter ${options.quarter} is not in the snapshot in ${publishDir} (it has ${meta.quarters.join(", ")})`);
  }
  const result: ReportResult = { quarter: options.quarter };
  if (options.xlsx) result.xlsx = await writeQuarterlyXlsx({ publishDir, quarter: options.quarter, file: options.xlsx });
  if (options.pdf) {
    const siteDir = options.siteDir ? resolve(options.siteDir) : undefined;
    let temp: string | undefined;
    try {
      let dir = siteDir;
      if (!dir || !siteShowsSnapshot(dir, options.quarter, meta)) {
        temp = await mkdtemp(join(tmpdir(), "kesu-report-site-"));
        dir = join(temp, "dist");
        log(`report: ${siteDir ?? "no site"} is not built from ${publishDir}; building the site into a temporary directory first`);
        await buildSite({ publishDir, outDir: dir, log });
      }
      const pdf = await renderQuarterlyPdf({ siteDir: dir, quarter: options.quarter, file: options.pdf, bankName: meta.bank_name.zh, asOf: meta.as_of });
      result.pdf = { ...pdf, site: temp ? "built" : "reused" };
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true });
    }
  }
  return result;
}
