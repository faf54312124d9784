/**
 * The calendar a run uses, put together from three layers, later ones winning year by year:
 *
 * 1. the checked-in mainland years (cn-mainland.ts), each cited to its State Council notice;
 * 2. a bank's own files: every `<data-dir>/calendar/*.json` (what `kesu calendar add` writes), then the
 *    file named by `calendarPath` / KESU_CALENDAR;
 * 3. provisional years from the statutory rule (statutory.ts) for every year after the last one the
 *    first two give, up to the year the data needs — unless `calendarStrict` refuses them.
 *
 * So a notice published in December reaches kesu without a release, and until it does, the deadlines
 * that fall in the missing year are still computed, marked provisional and counted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CalendarDataError, WorkingCalendar, addCalendarDays, validateCalendarYears, type CalendarYear } from "./calendar.ts";
import { CN_MAINLAND_YEARS } from "./cn-mainland.ts";
import { STATUTORY_RULE_FROM, missingStatutoryDays, provisionalYear } from "./statutory.ts";

export type YearOrigin = "checked-in" | "bank-file" | "provisional";

/** Where one year of the calendar in use comes from. */
export interface CalendarYearInfo {
  year: number;
  origin: YearOrigin;
  /** The notice (or the bank's reference, or the statutory rule) the year's dates come from. */
  source: string;
  /** The bank file the year was read from, for origin `bank-file`. */
  file: string | null;
  holidays: number;
  makeup_workdays: number;
}

export interface ResolvedCalendar {
  calendar: WorkingCalendar;
  years: CalendarYearInfo[];
  /** 31 Dec of the last year a notice or bank file gives: the calendar's horizon. */
  lastConfirmedDate: string;
  /** calendarStrict: no provisional years, so a deadline beyond the horizon fails the build. */
  strict: boolean;
}

export interface CalendarSourceOptions {
  /** `<data-dir>/calendar`: the files `kesu calendar add` wrote. */
  calendarDir?: string;
  /** calendarPath / KESU_CALENDAR. */
  calendarPath?: string;
  strict?: boolean;
  /** Provisional years are added through this year (the data's as-of year plus one). */
  throughYear?: number;
}

/** How many days before the horizon kesu starts saying that the next year's notice is missing. */
export const HORIZON_WARNING_DAYS = 60;

/**
 * Read and check a bank calendar file: the shape of CN_MAINLAND_YEARS (a JSON array of year objects, or
 * one year object), every year with its `source`, and — for years under the 2024 rule — every statutory
 * holiday listed (a notice always gives them).
 */
export function readBankCalendarFile(path: string): CalendarYear[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON: ${error.message}` : `cannot read the file: ${(error as Error).message}`;
    throw new CalendarDataError({ file: path, path: "", value: null, reason });
  }
  const years = validateCalendarYears(Array.isArray(data) ? data : [data], path);
  years.forEach((year, i) => {
    const missing = missingStatutoryDays(year);
    if (missing.length) {
      throw new CalendarDataError({
        file: path,
        path: `[${i}].holidays`,
        value: missing,
        reason:
          `the statutory holidays ${missing.join(", ")} of ${year.year} are not listed: every notice gives them ` +
          "(《全国年节及纪念日放假办法》art. 2); list them in a holiday period",
      });
    }
  });
  return years;
}

function bankFiles(options: CalendarSourceOptions): string[] {
  const files: string[] = [];
  if (options.calendarDir && existsSync(options.calendarDir)) {
    for (const name of readdirSync(options.calendarDir)
      .filter((n) => n.endsWith(".json"))
      .sort())
      files.push(join(options.calendarDir, name));
  }
  if (options.calendarPath) files.push(options.calendarPath);
  return files;
}

export function resolveCalendar(options: CalendarSourceOptions = {}): ResolvedCalendar {
  const layers = new Map<number, { data: CalendarYear; origin: YearOrigin; file: string | null }>();
  for (const data of CN_MAINLAND_YEARS) layers.set(data.year, { data, origin: "checked-in", file: null });
  const fromDir = new Map<number, string>();
  for (const file of bankFiles(options)) {
    const fromCalendarPath = file === options.calendarPath;
    for (const data of readBankCalendarFile(file)) {
      const earlier = fromDir.get(data.year);
      if (earlier && !fromCalendarPath) {
        throw new CalendarDataError({ file, path: "", value: data.year, reason: `year ${data.year} is also given by ${earlier}: keep one file per year` });
      }
      if (!fromCalendarPath) fromDir.set(data.year, file);
      layers.set(data.year, { data, origin: "bank-file", file });
    }
  }
  const confirmed = [...layers.keys()].sort((a, b) => a - b);
  const lastConfirmed = confirmed[confirmed.length - 1]!;
  const strict = options.strict ?? false;
  const provisional: number[] = [];
  if (!strict) {
    const through = Math.max(lastConfirmed, options.throughYear ?? lastConfirmed + 1);
    for (let year = Math.max(confirmed[0]!, STATUTORY_RULE_FROM); year <= through; year++) {
      if (layers.has(year)) continue;
      layers.set(year, { data: provisionalYear(year), origin: "provisional", file: null });
      provisional.push(year);
    }
  }
  const ordered = [...layers.entries()].sort(([a], [b]) => a - b).map(([, layer]) => layer);
  const files = [...new Set(ordered.map((l) => l.file).filter((f): f is string => f !== null))];
  const name = ["cn-mainland", ...files].join(" + ");
  const calendar = new WorkingCalendar(
    ordered.map((l) => l.data),
    { name, provisionalYears: provisional },
  );
  return {
    calendar,
    years: ordered.map((l) => ({
      year: l.data.year,
      origin: l.origin,
      source: l.data.source,
      file: l.file,
      holidays: new Set(l.data.holidays.flatMap((h) => h.dates)).size,
      makeup_workdays: l.data.workdays.length,
    })),
    lastConfirmedDate: `${lastConfirmed}-12-31`,
    strict,
  };
}

/**
 * The horizon warning: from HORIZON_WARNING_DAYS before the calendar's last confirmed day (by the later
 * of today and the data's as-of date), the next year's notice is missing. Null before then.
 */
export function horizonWarning(resolved: ResolvedCalendar, onDate: string): string | null {
  const horizon = resolved.lastConfirmedDate;
  if (onDate < addCalendarDays(horizon, -HORIZON_WARNING_DAYS)) return null;
  const nextYear = Number(horizon.slice(0, 4)) + 1;
  const consequence = resolved.strict
    ? `with calendarStrict on, a build whose deadlines reach ${nextYear} fails`
    : `deadlines from ${nextYear}-01-01 on are provisional (statutory holidays only, no make-up working days) until it is added`;
  return (
    `the working-day calendar ends ${horizon} and the ${nextYear} State Council holiday notice is missing: ${consequence}; ` +
    `add it with \`kesu calendar add FILE\` (or KESU_CALENDAR)`
  );
}

/** The provisional-deadline warning of a build: how many deadlines rest on which provisional years. */
export function provisionalWarning(resolved: ResolvedCalendar, deadlines: { year: number; count: number }[]): string | null {
  const total = deadlines.reduce((n, d) => n + d.count, 0);
  if (total === 0) return null;
  const years = deadlines.map((d) => d.year).sort((a, b) => a - b);
  const span = years.length === 1 ? `${years[0]}` : `${years[0]}–${years[years.length - 1]}`;
  return (
    `calendar ends ${resolved.lastConfirmedDate}: ${total} deadline${total === 1 ? "" : "s"} in ${span} ${total === 1 ? "is" : "are"} provisional; ` +
    `add the ${span} notice with \`kesu calendar add FILE\` or KESU_CALENDAR`
  );
}

/**
 * `kesu calendar add FILE`: checks the file and writes each of its years as `<calendarDir>/<year>.json`.
 * The user's file is only read, never moved. A year kesu already holds a file for is replaced only with
 * `replace` (the earlier file was written by kesu itself, so replacing it loses nothing the user gave).
 */
export function addCalendarFile(file: string, calendarDir: string, options: { replace?: boolean } = {}): { year: number; path: string; replaced: boolean }[] {
  const years = readBankCalendarFile(file);
  const written: { year: number; path: string; replaced: boolean }[] = [];
  const targets = years.map((data) => ({ data, path: join(calendarDir, `${data.year}.json`) }));
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length && !options.replace) {
    throw new CalendarDataError({
      file,
      path: "",
      value: existing.map((t) => t.data.year),
      reason: `kesu already has ${existing.map((t) => t.path).join(", ")}: pass --replace to replace it`,
    });
  }
  mkdirSync(calendarDir, { recursive: true });
  for (const { data, path } of targets) {
    const replaced = existsSync(path);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify({ year: data.year, source: data.source, holidays: data.holidays, workdays: data.workdays }, null, 2)}\n`);
    renameSync(tmp, path);
    written.push({ year: data.year, path, replaced });
  }
  return written;
}
