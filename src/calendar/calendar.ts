/**
 * Working-day calendar: statutory holidays plus 调休 make-up working days (docs/design.md §6).
 *
 * All dates are ISO `YYYY-MM-DD` strings and all arithmetic is on UTC day numbers, so the host
 * timezone can never shift a date. The same class produces `rows()`, the table the SQL models join,
 * so TypeScript and SQL can never disagree about which days are worked.
 *
 * Coverage is explicit: asking about a date outside the covered years throws CalendarCoverageError
 * rather than silently falling back to "Mon–Fri", because an unknown Spring Festival would move every
 * deadline in it.
 */
import { readFileSync } from "node:fs";

export interface HolidayEntry {
  /** e.g. 国庆节、中秋节 */
  name_zh: string;
  name_en: string;
  /** Every day of the 放假 period, weekend days inside it included. */
  dates: string[];
}

/** One year of a calendar, transcribed from that year's notice (or a bank's own file). */
export interface CalendarYear {
  year: number;
  /** Where the dates come from: notice title and document number, or the bank's own reference. */
  source: string;
  holidays: HolidayEntry[];
  /** 调休 make-up working days: weekend days that are worked. */
  workdays: string[];
}

/** One row of the calendar table the SQL models join (one row per date). */
export interface CalendarRow {
  date: string;
  is_working_day: boolean;
  is_statutory_holiday: boolean;
  is_makeup_workday: boolean;
  holiday_name_zh: string | null;
  /** Working days from the calendar's first covered date up to and including `date`. */
  working_day_seq: number;
  /**
   * `date` itself if it is a working day, else the first working day after it; null only when that
   * day lies beyond the calendar's last covered date (SQL that needs it must treat null as an error).
   */
  next_working_day: string | null;
  /** The date's year comes from the statutory rule, not from a notice or a bank file (statutory.ts). */
  is_provisional: boolean;
}

/** The business-day operations a clock needs; implemented by WorkingCalendar and WEEKDAYS_ONLY. */
export interface BusinessDays {
  isWorkingDay(date: string): boolean;
  nextWorkingDay(date: string): string;
  addWorkingDays(start: string, n: number, options?: { includeStart?: boolean }): string;
  workingDaysBetween(from: string, to: string): number;
}

/** A date outside the years the calendar covers. */
export class CalendarCoverageError extends Error {
  readonly year: number;
  readonly date: string;
  constructor(date: string, year: number, coveredYears: readonly number[], calendarName: string) {
    const covered = coveredYears.length > 0 ? `${coveredYears[0]}–${coveredYears[coveredYears.length - 1]}` : "none";
    super(
      `the working-day calendar has no data for ${year}; ` +
        `add the year's notice with \`kesu calendar add FILE\` (or KESU_CALENDAR) ` +
        `(asked about ${date}; calendar in use: ${calendarName}, covering ${covered})`,
    );
    this.name = "CalendarCoverageError";
    this.year = year;
    this.date = date;
  }
}

/** Invalid calendar data (checked-in or a bank's file), with where and why. */
export class CalendarDataError extends Error {
  readonly file: string | null;
  /** JSON path of the offending value, e.g. `[1].holidays[0].dates[3]`. */
  readonly path: string;
  readonly value: unknown;
  readonly reason: string;
  constructor(args: { file: string | null; path: string; value: unknown; reason: string }) {
    const where = args.file ? `${args.file}: ` : "";
    super(`${where}invalid calendar data at ${args.path || "(root)"} (value ${JSON.stringify(args.value)}): ${args.reason}`);
    this.name = "CalendarDataError";
    this.file = args.file;
    this.path = args.path;
    this.value = args.value;
    this.reason = args.reason;
  }
}

// ---------------------------------------------------------------------------------------------
// UTC day-number helpers (day 0 = 1970-01-01).

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse a strict ISO date to a UTC day number, or null if it is not a real calendar date. */
function tryParseIsoDate(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC silently rolls 2025-02-30 to 2025-03-02; reject anything that did not round-trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** Parse an ISO `YYYY-MM-DD` date to a UTC day number; throws RangeError on anything else. */
export function toDayNumber(date: string): number {
  const n = tryParseIsoDate(date);
  if (n === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

/** UTC day number back to ISO `YYYY-MM-DD`. */
export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar-day arithmetic on ISO dates (UTC). */
export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (`to − from`; negative if `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday, in UTC. */
function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

function checkWorkingDayCount(n: number, includeStart: boolean): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer, got ${n}`);
  if (includeStart && n === 0) {
    throw new RangeError("addWorkingDays with includeStart counts the start as day 1, so n must be at least 1");
  }
}

// ---------------------------------------------------------------------------------------------
// Validation, shared by the checked-in data and bank files.

/**
 * Validate calendar years; throws CalendarDataError on the first problem. Checks: each year an
 * integer, years unique and contiguous (working_day_seq counts across them), every date a real ISO
 * date within one year of its record (a 元旦 period may start the previous December), no date listed
 * twice, no date both holiday and workday, and make-up workdays on a Saturday or Sunday (a weekday
 * is a working day already, so listing one is almost certainly a typo).
 */
export function validateCalendarYears(data: unknown, file: string | null = null): CalendarYear[] {
  const fail = (path: string, value: unknown, reason: string): never => {
    throw new CalendarDataError({ file, path, value, reason });
  };
  if (!Array.isArray(data)) fail("", typeof data, "expected a JSON array of year objects");
  const years = data as unknown[];
  if (years.length === 0) fail("", years, "the calendar has no years");

  const seen = new Map<string, string>(); // date -> path where first listed
  const yearNumbers: number[] = [];
  const result: CalendarYear[] = [];

  years.forEach((raw, i) => {
    const at = `[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(at, raw, "expected an object");
    const y = raw as Record<string, unknown>;
    if (!Number.isInteger(y.year) || (y.year as number) < 1900 || (y.year as number) > 9999) {
      fail(`${at}.year`, y.year, "expected a four-digit year");
    }
    const year = y.year as number;
    if (yearNumbers.includes(year)) fail(`${at}.year`, year, "year listed twice");
    yearNumbers.push(year);
    if (typeof y.source !== "string" || y.source.trim() === "") {
      fail(`${at}.source`, y.source, "expected a non-empty string naming where the dates come from");
    }
    if (!Array.isArray(y.holidays)) fail(`${at}.holidays`, y.holidays, "expected an array");
    if (!Array.isArray(y.workdays)) fail(`${at}.workdays`, y.workdays, "expected an array of ISO dates");

    const checkDate = (path: string, value: unknown, kind: "holiday" | "workday"): string => {
      const day = tryParseIsoDate(value);
      if (day === null) return fail(path, value, "not a real date in ISO format YYYY-MM-DD");
      const date = value as string;
      const dateYear = Number(date.slice(0, 4));
      if (Math.abs(dateYear - year) > 1) fail(path, date, `date is not in or next to the record's year ${year}`);
      const previous = seen.get(date);
      if (previous !== undefined) {
        const prevKind = previous.includes(".workdays") ? "workday" : "holiday";
        const reason = prevKind !== kind ? `date listed both as holiday and as make-up workday (also at ${previous})` : `duplicate date (also at ${previous})`;
        fail(path, date, reason);
      }
      if (kind === "workday" && !isWeekend(day)) {
        fail(path, date, "a make-up workday must be a Saturday or Sunday (weekdays are working days already)");
      }
      seen.set(date, path);
      return date;
    };

    const holidays = (y.holidays as unknown[]).map((rawH, j): HolidayEntry => {
      const hp = `${at}.holidays[${j}]`;
      if (typeof rawH !== "object" || rawH === null) fail(hp, rawH, "expected an object");
      const h = rawH as Record<string, unknown>;
      if (typeof h.name_zh !== "string" || h.name_zh.trim() === "") fail(`${hp}.name_zh`, h.name_zh, "expected a non-empty string");
      if (typeof h.name_en !== "string" || h.name_en.trim() === "") fail(`${hp}.name_en`, h.name_en, "expected a non-empty string");
      if (!Array.isArray(h.dates) || h.dates.length === 0) fail(`${hp}.dates`, h.dates, "expected a non-empty array of ISO dates");
      const dates = (h.dates as unknown[]).map((d, k) => checkDate(`${hp}.dates[${k}]`, d, "holiday"));
      return { name_zh: h.name_zh as string, name_en: h.name_en as string, dates };
    });
    const workdays = (y.workdays as unknown[]).map((d, k) => checkDate(`${at}.workdays[${k}]`, d, "workday"));
    result.push({ year, source: y.source as string, holidays, workdays });
  });

  const sorted = [...yearNumbers].sort((a, b) => a - b);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k] !== sorted[k - 1] + 1) {
      fail("", sorted, `years must be contiguous (working_day_seq counts across them); ${sorted[k - 1] + 1} is missing`);
    }
  }
  return result.sort((a, b) => a.year - b.year);
}

/**
 * Load a bank's own calendar file. Format: a JSON array of year objects, the same shape as
 * CN_MAINLAND_YEARS in cn-mainland.ts:
 *
 * ```json
 * [
 *   { "year": 2025,
 *     "source": "Head office notice 2024-117 (bank-wide closures)",
 *     "holidays": [ { "name_zh": "国庆节、中秋节", "name_en": "National Day and Mid-Autumn Festival",
 *                     "dates": ["2025-10-01", "2025-10-02"] } ],
 *     "workdays": ["2025-09-28", "2025-10-11"] }
 * ]
 * ```
 *
 * `holidays[].dates` are non-working days (weekend days inside a holiday may be listed so they get a
 * name); `workdays` are weekend days that are worked. Years must be contiguous; every date the
 * pipeline asks about must fall in a listed year. The calendar returned holds the file's years only; a
 * run layers them over the built-in years with `resolveCalendar` (sources.ts).
 */
export function loadCalendarFile(path: string): WorkingCalendar {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CalendarDataError({ file: path, path: "", value: null, reason: `cannot read the file: ${(err as Error).message}` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CalendarDataError({ file: path, path: "", value: null, reason: `not valid JSON: ${(err as Error).message}` });
  }
  return new WorkingCalendar(validateCalendarYears(data, path), { name: path });
}

// ---------------------------------------------------------------------------------------------

/**
 * A working-day calendar over contiguous covered years. A day is a working day if it is a listed
 * make-up workday, or a Monday–Friday that is not a listed holiday.
 */
export class WorkingCalendar implements BusinessDays {
  /** Label for messages: 'cn-mainland' or the bank file's path. */
  readonly name: string;
  readonly years: readonly CalendarYear[];
  /** Years built from the statutory rule because no notice or bank file gives them (statutory.ts). */
  readonly provisional: ReadonlySet<number>;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly covered: ReadonlySet<number>;
  private readonly holidayNames = new Map<string, HolidayEntry>();
  private readonly makeupWorkdays = new Set<string>();
  /** working[i] / seq[i] for day firstDay + i; seq is the inclusive running count of working days. */
  private readonly working: Uint8Array;
  private readonly seq: Int32Array;

  constructor(years: readonly CalendarYear[], options: { name?: string; provisionalYears?: Iterable<number> } = {}) {
    this.name = options.name ?? "calendar";
    this.years = validateCalendarYears(years, options.name ?? null);
    const numbers = this.years.map((y) => y.year);
    this.provisional = new Set(options.provisionalYears ?? []);
    for (const y of this.provisional) {
      if (!numbers.includes(y)) throw new RangeError(`provisional year ${y} is not one of the calendar's years`);
    }
    this.covered = new Set(numbers);
    this.firstDay = toDayNumber(`${numbers[0]}-01-01`);
    this.lastDay = toDayNumber(`${numbers[numbers.length - 1]}-12-31`);
    for (const y of this.years) {
      for (const h of y.holidays) for (const d of h.dates) this.holidayNames.set(d, h);
      for (const d of y.workdays) this.makeupWorkdays.add(d);
    }
    const size = this.lastDay - this.firstDay + 1;
    this.working = new Uint8Array(size);
    this.seq = new Int32Array(size);
    let count = 0;
    for (let i = 0; i < size; i++) {
      const day = this.firstDay + i;
      const iso = fromDayNumber(day);
      const isWorking = this.makeupWorkdays.has(iso) || (!isWeekend(day) && !this.holidayNames.has(iso));
      this.working[i] = isWorking ? 1 : 0;
      if (isWorking) count++;
      this.seq[i] = count;
    }
  }

  /** Covered years, ascending. */
  coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  /** Whether `date`'s year is provisional (statutory holidays only, no 调休): see statutory.ts. */
  isProvisional(date: string): boolean {
    this.index(date);
    return this.provisional.has(Number(date.slice(0, 4)));
  }

  /**
   * The last date a notice or a bank file covers: after it, every year is provisional. Null when the
   * calendar has no such year at all.
   */
  lastConfirmedDate(): string | null {
    const confirmed = this.coveredYears().filter((y) => !this.provisional.has(y));
    return confirmed.length ? `${confirmed[confirmed.length - 1]}-12-31` : null;
  }

  /** First and last covered dates (1 Jan of the first year, 31 Dec of the last). */
  coverage(): { from: string; to: string } {
    return { from: fromDayNumber(this.firstDay), to: fromDayNumber(this.lastDay) };
  }

  /** Index into the precomputed arrays; throws CalendarCoverageError outside the covered years. */
  private index(date: string): number {
    const day = toDayNumber(date);
    if (day < this.firstDay || day > this.lastDay) {
      throw new CalendarCoverageError(date, Number(date.slice(0, 4)), this.coveredYears(), this.name);
    }
    return day - this.firstDay;
  }

  /** Mon–Fri not in a holiday period, or a listed 调休 make-up workday (which may be a Saturday). */
  isWorkingDay(date: string): boolean {
    return this.working[this.index(date)] === 1;
  }

  /** In a notice's 放假 period (weekend days inside the period included). */
  isStatutoryHoliday(date: string): boolean {
    this.index(date);
    return this.holidayNames.has(date);
  }

  /** A weekend day that is worked (调休上班). */
  isMakeupWorkday(date: string): boolean {
    this.index(date);
    return this.makeupWorkdays.has(date);
  }

  /** Chinese name of the holiday period containing `date`, or null. */
  holidayName(date: string): string | null {
    this.index(date);
    return this.holidayNames.get(date)?.name_zh ?? null;
  }

  /** English name of the holiday period containing `date`, or null. */
  holidayNameEn(date: string): string | null {
    this.index(date);
    return this.holidayNames.get(date)?.name_en ?? null;
  }

  /** `date` itself if it is a working day, else the first working day after it. */
  nextWorkingDay(date: string): string {
    let i = this.index(date);
    while (i < this.working.length && this.working[i] !== 1) i++;
    if (i >= this.working.length) {
      // Ran past the last covered day: the answer depends on a year we have no data for.
      const beyond = fromDayNumber(this.lastDay + 1);
      throw new CalendarCoverageError(beyond, Number(beyond.slice(0, 4)), this.coveredYears(), this.name);
    }
    return fromDayNumber(this.firstDay + i);
  }

  /**
   * The date of the n-th working day counted from `start`.
   * - `includeStart: false` (default): counts working days strictly after `start`; n = 0 returns
   *   `start` unchanged. "3 working days after Fri 26 Sep 2025" = Tue 30 Sep (28 Sep is a make-up Sunday).
   * - `includeStart: true`: `start` is day 1 if it is a working day (if not, the first working day
   *   after it is day 1); n must be ≥ 1. Used by rules that say "receipt day included".
   * Throws CalendarCoverageError if the count runs past the covered years.
   */
  addWorkingDays(start: string, n: number, options: { includeStart?: boolean } = {}): string {
    const includeStart = options.includeStart ?? false;
    checkWorkingDayCount(n, includeStart);
    let i = this.index(start);
    if (n === 0) return start;
    let remaining = includeStart && this.working[i] === 1 ? n - 1 : n;
    while (remaining > 0) {
      i++;
      if (i >= this.working.length) {
        const beyond = fromDayNumber(this.lastDay + 1);
        throw new CalendarCoverageError(beyond, Number(beyond.slice(0, 4)), this.coveredYears(), this.name);
      }
      if (this.working[i] === 1) remaining--;
    }
    return fromDayNumber(this.firstDay + i);
  }

  /**
   * Working days in the half-open interval (from, to]: after `from`, up to and including `to`.
   * So `workingDaysBetween(d, d) = 0`, and `workingDaysBetween(a, addWorkingDays(a, n)) = n`.
   * If `to` is before `from` the result is negative: −workingDaysBetween(to, from).
   */
  workingDaysBetween(from: string, to: string): number {
    return this.seq[this.index(to)] - this.seq[this.index(from)];
  }

  /** One row per date in [from, to] (default: the whole coverage), for the SQL calendar table. */
  rows(from?: string, to?: string): CalendarRow[] {
    const start = from === undefined ? 0 : this.index(from);
    const end = to === undefined ? this.working.length - 1 : this.index(to);
    if (end < start) throw new RangeError(`rows(): 'to' (${to}) is before 'from' (${from})`);
    const out: CalendarRow[] = [];
    // Walk backwards so each row's next working day is known from the row after it.
    let next: string | null = null;
    for (let i = this.working.length - 1; i > end; i--) if (this.working[i] === 1) next = fromDayNumber(this.firstDay + i);
    for (let i = end; i >= start; i--) {
      const date = fromDayNumber(this.firstDay + i);
      const isWorking = this.working[i] === 1;
      if (isWorking) next = date;
      const holiday = this.holidayNames.get(date);
      out.push({
        date,
        is_working_day: isWorking,
        is_statutory_holiday: holiday !== undefined,
        is_makeup_workday: this.makeupWorkdays.has(date),
        holiday_name_zh: holiday?.name_zh ?? null,
        working_day_seq: this.seq[i],
        next_working_day: next,
        is_provisional: this.provisional.has(Number(date.slice(0, 4))),
      });
    }
    return out.reverse();
  }
}

/**
 * Monday–Friday business days with no holidays and unlimited coverage. Used for the UK FCA and US
 * CFPB clocks: a simplification, as neither UK bank holidays nor US federal holidays are modelled.
 */
export const WEEKDAYS_ONLY: BusinessDays = {
  isWorkingDay: (date) => !isWeekend(toDayNumber(date)),
  nextWorkingDay(date) {
    let day = toDayNumber(date);
    while (isWeekend(day)) day++;
    return fromDayNumber(day);
  },
  addWorkingDays(start, n, options = {}) {
    const includeStart = options.includeStart ?? false;
    checkWorkingDayCount(n, includeStart);
    let day = toDayNumber(start);
    if (n === 0) return start;
    let remaining = includeStart && !isWeekend(day) ? n - 1 : n;
    while (remaining > 0) {
      day++;
      if (!isWeekend(day)) remaining--;
    }
    return fromDayNumber(day);
  },
  workingDaysBetween(from, to) {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b < a) return -WEEKDAYS_ONLY.workingDaysBetween(to, from);
    let count = 0;
    for (let day = a + 1; day <= b; day++) if (!isWeekend(day)) count++;
    return count;
  },
};
