// Configuration is read and validated here, once; every other module receives a KesuConfig.
// Sources, later ones winning: defaults, <data-dir>/kesu.config.json, environment, command-line flags.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { DEMO_HMAC_KEY } from "../privacy.ts";

export interface KesuConfig {
  /** Root of everything kesu reads and writes (default ./data). */
  dataDir: string;
  /** `<dataDir>/warehouse.duckdb`: the one DuckDB file; only the pipeline process writes it. */
  warehousePath: string;
  /** `<dataDir>/inbox/<pipeline>/`: where channel exports land. */
  inboxDir: string;
  /** Files that cannot be read at all are moved here with a message. */
  quarantineDir: string;
  /** The published snapshot the site reads (docs/design.md §2). */
  publishDir: string;
  /** Scratch space (transcoded copies); emptied of a file as soon as it is loaded. */
  tmpDir: string;
  /** The bank's org hierarchy with intensity denominators. */
  dimOrgPath: string;
  /** Bank timezone: periods are by received_date in it (docs/design.md §5). Default Asia/Shanghai. */
  timezone: string;
  /** Key of the customer-id pseudonym (HMAC-SHA256). From KESU_HMAC_KEY or the config file. */
  hmacKey: string;
  /**
   * DuckDB's memory limit (KESU_MEMORY_LIMIT or memoryLimit, e.g. "8GB"). Default 2GB: DuckDB's own default
   * is 80% of the machine's RAM, which a large warehouse fills with cached blocks on a shared server. The limit
   * binds only DuckDB's buffer manager, and some operators allocate beside it: a ten-million-complaint build
   * peaked at 5.0 GB with 3GB and at 4.0 GB with 2GB, in about the same time.
   */
  memoryLimit: string;
  /**
   * How many files `ingest` loads at once, each on a connection of its own (KESU_INGEST_WORKERS or
   * ingestWorkers). Default: one more than the machine's cores, at most 4. One export file is too small for
   * DuckDB to spread over several cores, so loading one at a time left the others idle; and a file also waits
   * on things that are not the CPU (its commit's write, its checksum, the file read), so one more file than
   * cores keeps them busy: at two cores, 1.45M rows loaded in 22 s with three files at once, 24 s with two.
   */
  ingestWorkers: number;
  /** True when the data dir holds `kesu demo` output: the fixed demo key is then allowed. */
  demo: boolean;
  bankName: { zh: string; en: string };
  /** Clock profile the headline SLA figures use (docs/design.md §6). */
  headlineProfile: string;
  /**
   * Optional bank calendar file (calendarPath / KESU_CALENDAR): its years replace the built-in ones of the
   * same number and extend them (src/calendar/sources.ts).
   */
  calendarPath?: string;
  /** `<dataDir>/calendar/`: the years `kesu calendar add` wrote, layered like calendarPath (which wins). */
  calendarDir: string;
  /**
   * calendarStrict / KESU_CALENDAR_STRICT=1: refuse provisional deadlines, so a build whose deadlines pass
   * the calendar's last confirmed year fails, naming it. Default false: such deadlines are computed from
   * the statutory holidays, marked provisional and counted (src/calendar/statutory.ts).
   */
  calendarStrict: boolean;
  /**
   * KESU_TODAY (YYYY-MM-DD): the date taken as today in bank time, for the calendar's horizon warning and
   * for refusing receipt dates in the future (figures are judged at the data's as-of date, never at today).
   * Default: the clock.
   */
  today?: string;
  /** Optional keyword rules file overriding src/classify/cause-rules.json (same format, validated). */
  causeRulesPath?: string;
  /**
   * Receipt dates before it are refused at ingest (KESU_EARLIEST_RECEIPT_DATE or earliestReceiptDate,
   * YYYY-MM-DD), for every pipeline. Default: for a source judged on the bank's working days, the first
   * day its calendar covers (2020-01-01 for the mainland notices, earlier once a year is added); other
   * sources (the CFPB's, back to 2011) only refuse years before 2000.
   */
  earliestReceiptDate?: string;
  /** `kesu schedule`: cron overrides and the publish job's timing. */
  schedule: ScheduleConfig;
}

export interface ScheduleConfig {
  /** Cron of the publish job (models, assertions, snapshot, site), besides publishing after loads. */
  publishCron: string;
  /** A publish waits this long after the last ingest that loaded rows, so a burst of exports publishes once. */
  publishDebounceMs: number;
  /** Per-pipeline cron overrides (pipeline name → cron); otherwise the pipeline file's own cron. */
  pipelineCrons: Record<string, string>;
  /** One cron for every pipeline (KESU_SCHEDULE_CRON; tests use a seconds cron), overriding the rest. */
  allPipelinesCron?: string;
  /** Retries of a job failing with a transient I/O error, with exponential backoff from retryBaseMs. */
  retries: number;
  retryBaseMs: number;
  /**
   * A scheduled ingest leaves a file changed less than this many seconds ago for its next run
   * (schedule.settleSeconds / KESU_SETTLE_SECONDS; default 10): an export still being written or copied.
   */
  settleSeconds: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

interface FileConfig {
  timezone?: string;
  hmacKey?: string;
  memoryLimit?: string;
  ingestWorkers?: number;
  bankName?: { zh: string; en: string };
  headlineProfile?: string;
  calendarPath?: string;
  calendarStrict?: boolean;
  causeRulesPath?: string;
  earliestReceiptDate?: string;
  schedule?: {
    publishCron?: string;
    publishDebounceSeconds?: number;
    pipelines?: Record<string, string>;
    retries?: number;
    retryBaseMs?: number;
    settleSeconds?: number;
  };
}

export interface ConfigInput {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Demo mode: `kesu demo` writes a marker file; the demo key is used when no key is configured. */
  demo?: boolean;
  /**
   * False for the commands that never read a customer id (build, site, query, metrics, report): the key
   * is then not asked for, and an empty one is left in its place (ingest refuses an empty key).
   */
  needsKey?: boolean;
}

/** One file more than the cores, at most 4 (see KesuConfig.ingestWorkers). */
export const defaultIngestWorkers = () => Math.min(4, availableParallelism() + 1);

export const DEFAULT_MEMORY_LIMIT = "2GB";

export const DEMO_MARKER = "demo/signals.json";

/**
 * The token `kesu demo` writes into its signals file: tied to the data dir's own path, so a marker file
 * copied into (or written by hand in) another data dir does not switch that dir to the public demo key.
 */
export function demoToken(dataDir: string): string {
  return createHash("sha256")
    .update(`kesu-demo\0${resolve(dataDir)}`)
    .digest("hex");
}

/** Where `kesu demo` writes the token (beside signals.json, which stays the same for the same seed). */
export const DEMO_TOKEN_FILE = "demo/.data-dir-token";

/** Whether `dataDir` holds `kesu demo`'s own output: its signals file and the token of this very dir. */
export function isDemoDataDir(dataDir: string): boolean {
  if (!existsSync(join(dataDir, DEMO_MARKER))) return false;
  try {
    return readFileSync(join(dataDir, DEMO_TOKEN_FILE), "utf8").trim() === demoToken(dataDir);
  } catch {
    return isLegacySample(dataDir);
  }
}

/**
 * A sample written by kesu demo before the token existed: its signals file is the generator's (its
 * description, and every export it lists is in this dir). A marker written by hand (`{}`) is not.
 */
function isLegacySample(dataDir: string): boolean {
  try {
    const signals = JSON.parse(readFileSync(join(dataDir, DEMO_MARKER), "utf8")) as { description?: unknown; files?: { file?: unknown }[] };
    return (
      typeof signals.description === "string" &&
      signals.description.startsWith("What `kesu demo` planted") &&
      Array.isArray(signals.files) &&
      signals.files.length > 0 &&
      signals.files.every((f) => typeof f.file === "string" && existsSync(join(dataDir, f.file)))
    );
  } catch {
    return false;
  }
}

export function loadConfig(input: ConfigInput = {}): KesuConfig {
  const env = input.env ?? process.env;
  const dataDir = resolve(input.dataDir ?? env.KESU_DATA_DIR ?? "data");
  const filePath = join(dataDir, "kesu.config.json");
  let file: FileConfig = {};
  if (existsSync(filePath)) {
    try {
      file = JSON.parse(readFileSync(filePath, "utf8")) as FileConfig;
    } catch (error) {
      throw new ConfigError(`${filePath} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const demo = input.demo ?? isDemoDataDir(dataDir);
  if (file.hmacKey !== undefined && typeof file.hmacKey !== "string")
    throw new ConfigError(`hmacKey in ${filePath} must be a string (quote it), got ${typeof file.hmacKey}`);
  const hmacKey = env.KESU_HMAC_KEY || file.hmacKey || (demo ? DEMO_HMAC_KEY : undefined);
  if (!hmacKey && input.needsKey !== false) {
    throw new ConfigError(
      "no pseudonymisation key: set KESU_HMAC_KEY (or hmacKey in <data-dir>/kesu.config.json) to a secret of at least 16 characters; customer ids are never stored in clear",
    );
  }
  if (hmacKey && !demo && hmacKey.length < 16) throw new ConfigError("the pseudonymisation key must have at least 16 characters");
  // 16 spaces or sixteen times one letter is a placeholder, not a secret: ask for a real one
  if (hmacKey && !demo && (hmacKey.trim() === "" || new Set(hmacKey).size < 6)) {
    throw new ConfigError(
      "the pseudonymisation key is too weak (blank, or fewer than 6 different characters): use a random secret, e.g. `openssl rand -hex 24`",
    );
  }
  const timezone = env.KESU_TIMEZONE ?? file.timezone ?? "Asia/Shanghai";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new ConfigError(`unknown timezone "${timezone}" (use an IANA name such as Asia/Shanghai)`);
  }
  const memoryLimit = (env.KESU_MEMORY_LIMIT || file.memoryLimit || DEFAULT_MEMORY_LIMIT).replace(/\s+/g, "");
  if (!/^\d+(\.\d+)?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new ConfigError(`memory limit "${memoryLimit}" is not a size such as 3GB or 512MB (KESU_MEMORY_LIMIT / memoryLimit)`);
  }
  const workersSetting = env.KESU_INGEST_WORKERS || file.ingestWorkers;
  const ingestWorkers = Number(workersSetting || defaultIngestWorkers());
  if (!Number.isInteger(ingestWorkers) || ingestWorkers < 1 || ingestWorkers > 64) {
    throw new ConfigError(`ingest workers "${workersSetting}" is not a whole number from 1 to 64 (KESU_INGEST_WORKERS / ingestWorkers)`);
  }
  return {
    dataDir,
    warehousePath: join(dataDir, "warehouse.duckdb"),
    inboxDir: join(dataDir, "inbox"),
    quarantineDir: join(dataDir, "quarantine"),
    publishDir: join(dataDir, "publish"),
    tmpDir: join(dataDir, "tmp"),
    dimOrgPath: join(dataDir, "reference", "dim_org.csv"),
    timezone,
    hmacKey: hmacKey ?? "",
    memoryLimit,
    ingestWorkers,
    demo,
    bankName: file.bankName ?? { zh: "示例银行", en: "Example Bank" },
    headlineProfile: file.headlineProfile ?? "cn-nfra-2020",
    calendarPath: env.KESU_CALENDAR || file.calendarPath,
    calendarDir: join(dataDir, "calendar"),
    calendarStrict: calendarStrict(env.KESU_CALENDAR_STRICT, file.calendarStrict),
    today: isoDate("KESU_TODAY", env.KESU_TODAY),
    causeRulesPath: env.KESU_CAUSE_RULES ?? file.causeRulesPath,
    earliestReceiptDate: isoDate("KESU_EARLIEST_RECEIPT_DATE", env.KESU_EARLIEST_RECEIPT_DATE || file.earliestReceiptDate),
    schedule: scheduleConfig(env, file.schedule ?? {}),
  };
}

function isoDate(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)))
    throw new ConfigError(`${name} must be a date YYYY-MM-DD, got "${raw}"`);
  return raw;
}

function calendarStrict(env: string | undefined, file: unknown): boolean {
  if (env !== undefined && env !== "") {
    if (/^(1|true|yes)$/i.test(env)) return true;
    if (/^(0|false|no)$/i.test(env)) return false;
    throw new ConfigError(`KESU_CALENDAR_STRICT must be 1/true or 0/false, got "${env}"`);
  }
  if (file === undefined) return false;
  if (typeof file !== "boolean") throw new ConfigError(`calendarStrict in kesu.config.json must be true or false, got ${JSON.stringify(file)}`);
  return file;
}

function scheduleConfig(env: NodeJS.ProcessEnv, file: NonNullable<FileConfig["schedule"]>): ScheduleConfig {
  const number = (name: string, raw: string | number | undefined, fallback: number): number => {
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, got "${String(raw)}"`);
    return n;
  };
  const debounceSeconds = number("schedule.publishDebounceSeconds", file.publishDebounceSeconds, 60);
  return {
    // 04:30 bank time: after the nightly branch (02:00) and letters (03:00) loads.
    publishCron: env.KESU_PUBLISH_CRON || file.publishCron || "30 4 * * *",
    publishDebounceMs: number("KESU_PUBLISH_DEBOUNCE_MS", env.KESU_PUBLISH_DEBOUNCE_MS, debounceSeconds * 1000),
    pipelineCrons: { ...(file.pipelines ?? {}) },
    allPipelinesCron: env.KESU_SCHEDULE_CRON || undefined,
    retries: number("schedule.retries", env.KESU_RETRIES ?? file.retries, 3),
    retryBaseMs: number("KESU_RETRY_BASE_MS", env.KESU_RETRY_BASE_MS ?? file.retryBaseMs, 2000),
    settleSeconds: number("schedule.settleSeconds", env.KESU_SETTLE_SECONDS ?? file.settleSeconds, 10),
  };
}

/** Today's date in the bank's timezone (KESU_TODAY overrides it: config.today). The one module owning "today". */
export function todayIn(config: Pick<KesuConfig, "timezone" | "today">, now = new Date()): string {
  return config.today ?? new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
