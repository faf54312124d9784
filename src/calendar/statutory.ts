/**
 * The public holidays the law fixes for every year, for years whose State Council notice is not in
 * kesu's hands yet.
 *
 * 《全国年节及纪念日放假办法》 as revised by 国务院令第795号 (2024-11-10, in force 2025-01-01), art. 2:
 * 元旦 1 Jan; 春节 农历除夕 and 正月初一至初三; 清明节 the day of the 清明 solar term; 劳动节 1–2 May;
 * 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 1–3 Oct — 13 days. The lunar and solar-term dates come
 * from the `chinese-days` package (lunar tables 1900–2100).
 *
 * What the law leaves to each year's notice is *not* guessed: the 调休 make-up working days and the
 * placement of 补假 (art. 6: a holiday that falls on a weekend is made up on a working day) are decided
 * by the notice only. A year built from this rule is therefore *provisional*: every deadline that rests
 * on it is marked so, and is recomputed once the year's notice (or a bank's own file) is added.
 */
import chineseDays from "chinese-days";
import { addCalendarDays, type CalendarYear, type HolidayEntry } from "./calendar.ts";

/** First year the 2024 revision's 13-day rule governs; earlier years had 11 days (春节 3, 劳动节 1). */
export const STATUTORY_RULE_FROM = 2025;

/** Where a provisional year's dates come from, for `kesu calendar show` and the data-quality page. */
export const STATUTORY_RULE_SOURCE =
  "《全国年节及纪念日放假办法》（国务院令第795号修订）第二条法定节日，农历与节气日期由 chinese-days 计算；" +
  "不含调休上班日与补假（由当年国务院办公厅通知确定）";

const lunarToSolar = (year: number, monthDay: string): string => {
  const result = chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`) as { date: string };
  return result.date;
};

/** The statutory holidays of `year` (the days the law itself fixes), each with its name. */
export function statutoryHolidays(year: number): HolidayEntry[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULE_FROM || year > 2100) {
    throw new RangeError(`the statutory holiday rule is applied from ${STATUTORY_RULE_FROM} to 2100 (lunar tables); got ${year}`);
  }
  // 正月初一 of lunar year `year`; 除夕 is the day before it (腊月廿九 or 三十, whichever ends the year).
  const newYear = lunarToSolar(year, "01-01");
  const qingming = (chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`) as { date: string; name: string }[]).find((t) => t.name === "清明");
  if (!qingming) throw new Error(`chinese-days gave no 清明 solar term in April ${year}`);
  const entries: HolidayEntry[] = [
    { name_zh: "元旦", name_en: "New Year's Day", dates: [`${year}-01-01`] },
    {
      name_zh: "春节",
      name_en: "Spring Festival",
      dates: [-1, 0, 1, 2].map((offset) => addCalendarDays(newYear, offset)),
    },
    { name_zh: "清明节", name_en: "Qingming Festival", dates: [qingming.date] },
    { name_zh: "劳动节", name_en: "Labour Day", dates: [`${year}-05-01`, `${year}-05-02`] },
    { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: [lunarToSolar(year, "05-05")] },
    { name_zh: "中秋节", name_en: "Mid-Autumn Festival", dates: [lunarToSolar(year, "08-15")] },
    { name_zh: "国庆节", name_en: "National Day", dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
  // 中秋 can fall on 1–3 Oct (it did in 2001 and 2020): one day, one period, named for both.
  const national = entries[entries.length - 1]!;
  const midAutumn = entries[entries.length - 2]!;
  if (national.dates.includes(midAutumn.dates[0]!)) {
    entries.splice(entries.length - 2, 2, { name_zh: "国庆节、中秋节", name_en: "National Day and Mid-Autumn Festival", dates: national.dates });
  }
  return entries;
}

/** A provisional calendar year: the statutory holidays, no make-up workdays. */
export function provisionalYear(year: number): CalendarYear {
  return { year, source: STATUTORY_RULE_SOURCE, holidays: statutoryHolidays(year), workdays: [] };
}

/**
 * Statutory days of a year's data that are not listed as holidays: a notice always gives them (it only
 * adds bridging days and 调休 around them), so a bank file that lacks one has almost certainly a typo.
 * Years before the 2024 revision are not checked (they had another rule).
 */
export function missingStatutoryDays(year: CalendarYear): string[] {
  if (year.year < STATUTORY_RULE_FROM || year.year > 2100) return [];
  const listed = new Set(year.holidays.flatMap((h) => h.dates));
  return statutoryHolidays(year.year)
    .flatMap((h) => h.dates)
    .filter((d) => !listed.has(d));
}
