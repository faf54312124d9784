// Bank-local wall-clock time as plain numbers. The generator never asks the machine for its timezone or
// locale: an instant is "seconds since 1970-01-01 00:00 on the bank's wall clock" (Asia/Shanghai, which has
// no daylight saving), and a day is that divided by 86,400. Formatting is arithmetic, so output is the same
// on every host.

/** Seconds since 1970-01-01 00:00 bank-local wall-clock time. */
export type LocalSeconds = number;
/** Days since 1970-01-01 (bank-local calendar date). */
export type DayNumber = number;

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
/** Asia/Shanghai is UTC+08:00 all year. */
export const BANK_UTC_OFFSET = "+08:00";

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Days from civil date (proleptic Gregorian), after Howard Hinnant's `days_from_civil`. */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): DayNumber {
  const match = ISO_DATE.exec(text);
  if (!match) throw new Error(`expected an ISO date YYYY-MM-DD, got "${text}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = dayFromCivil(year, month, day);
  const back = civilFromDay(dayNumber);
  if (back.month !== month || back.day !== day) throw new Error(`"${text}" is not a calendar date`);
  return dayNumber;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

// Dates repeat across millions of timestamps; format each day once.
const isoDateCache = new Map<DayNumber, string>();
export function isoDate(dayNumber: DayNumber): string {
  let text = isoDateCache.get(dayNumber);
  if (text === undefined) {
    const { year, month, day } = civilFromDay(dayNumber);
    text = `${year}-${pad2(month)}-${pad2(day)}`;
    isoDateCache.set(dayNumber, text);
  }
  return text;
}

const slashDateCache = new Map<DayNumber, string>();
/** `2025/3/4`: the branch system's date, without zero padding. */
function slashDate(dayNumber: DayNumber): string {
  let text = slashDateCache.get(dayNumber);
  if (text === undefined) {
    const { year, month, day } = civilFromDay(dayNumber);
    text = `${year}/${month}/${day}`;
    slashDateCache.set(dayNumber, text);
  }
  return text;
}

export const dayOf = (t: LocalSeconds): DayNumber => Math.floor(t / SECONDS_PER_DAY);
export const startOfDay = (dayNumber: DayNumber): LocalSeconds => dayNumber * SECONDS_PER_DAY;

function clock(t: LocalSeconds, withSeconds: boolean, padHour: boolean): string {
  const s = t - dayOf(t) * SECONDS_PER_DAY;
  const hour = Math.floor(s / SECONDS_PER_HOUR);
  const minute = Math.floor((s % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  const head = `${padHour ? pad2(hour) : hour}:${pad2(minute)}`;
  return withSeconds ? `${head}:${pad2(s % SECONDS_PER_MINUTE)}` : head;
}

/** `2025-03-04 14:05:33` (bank-local, no offset). */
export function formatLocal(t: LocalSeconds): string {
  return `${isoDate(dayOf(t))} ${clock(t, true, true)}`;
}

/** `2025-03-04T14:05:33+08:00`. */
export function formatIsoOffset(t: LocalSeconds): string {
  return `${isoDate(dayOf(t))}T${clock(t, true, true)}${BANK_UTC_OFFSET}`;
}

/** `2025/3/4 9:05`: no zero padding on month, day or hour; minutes only (the branch system's export). */
export function formatSlash(t: LocalSeconds): string {
  return `${slashDate(dayOf(t))} ${clock(t, false, false)}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(dayNumber: DayNumber): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Month index (year * 12 + month - 1) of a day, for bucketing. */
export function monthIndexOf(dayNumber: DayNumber): number {
  const { year, month } = civilFromDay(dayNumber);
  return year * 12 + month - 1;
}

export function firstDayOfMonthIndex(monthIndex: number): DayNumber {
  return dayFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

/** `202503` for a month index. */
export function monthKey(monthIndex: number): string {
  return `${Math.floor(monthIndex / 12)}${pad2((monthIndex % 12) + 1)}`;
}
