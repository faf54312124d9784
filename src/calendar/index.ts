/**
 * Public API of the working-day calendar (docs/design.md §6).
 *
 * `defaultCalendar` is mainland China 2020–2026 from the State Council notices (cn-mainland.ts), with no
 * provisional years. A run builds the calendar it uses with `resolveCalendar` (sources.ts): the checked-in
 * years, the bank's files, and provisional years after them; the convenience functions below always use
 * the default.
 */
import { WorkingCalendar } from "./calendar.ts";
import { CN_MAINLAND_YEARS } from "./cn-mainland.ts";

export {
  WorkingCalendar,
  CalendarCoverageError,
  CalendarDataError,
  WEEKDAYS_ONLY,
  loadCalendarFile,
  validateCalendarYears,
  addCalendarDays,
  calendarDaysBetween,
  toDayNumber,
  fromDayNumber,
} from "./calendar.ts";
export type { BusinessDays, CalendarRow, CalendarYear, HolidayEntry } from "./calendar.ts";
export { CN_MAINLAND_YEARS } from "./cn-mainland.ts";
export { STATUTORY_RULE_FROM, STATUTORY_RULE_SOURCE, missingStatutoryDays, provisionalYear, statutoryHolidays } from "./statutory.ts";
export {
  HORIZON_WARNING_DAYS,
  addCalendarFile,
  horizonWarning,
  provisionalWarning,
  readBankCalendarFile,
  resolveCalendar,
} from "./sources.ts";
export type { CalendarSourceOptions, CalendarYearInfo, ResolvedCalendar, YearOrigin } from "./sources.ts";

/** Mainland China, 2020–2026. */
export const defaultCalendar = new WorkingCalendar(CN_MAINLAND_YEARS, { name: "cn-mainland" });

/** Is `date` (ISO YYYY-MM-DD) a working day on the mainland calendar? Throws CalendarCoverageError outside 2020–2026. */
export function isWorkingDay(date: string): boolean {
  return defaultCalendar.isWorkingDay(date);
}

/** Chinese name of the mainland holiday period containing `date`, or null. Throws CalendarCoverageError outside 2020–2026. */
export function holidayName(date: string): string | null {
  return defaultCalendar.holidayName(date);
}
