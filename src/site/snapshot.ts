// The one place the site's data loaders read the published snapshot from (DESIGN §2).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function publishDir(): string {
  return resolve(process.env.KESU_PUBLISH_DIR ?? join(REPO_ROOT, "data/publish"));
}

/** One snapshot file, parsed; a missing snapshot is a clear error (loaders exit non-zero). */
export function readSnapshot<T = unknown>(name: string): T {
  const path = join(publishDir(), name);
  if (!existsSync(path)) {
    throw new Error(`snapshot file ${path} is missing: run \`kesu build\` (or set KESU_PUBLISH_DIR) before building the site`);
  }
  return JSON.parse(readFileSync(path, "utf8")) as T;
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
