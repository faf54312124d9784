// Expected values are worked by hand from the State Council notices (cited in src/calendar/cn-mainland.ts),
// never copied from the code's output. Weekdays: 2025-10-01 Wed, 2026-01-01 Thu, 2026-02-15 Sun.
import { fileURLToPath } from "node:url";
import chineseDays from "chinese-days";
import { describe, expect, it } from "vitest";
import {
  CN_MAINLAND_YEARS,
  CalendarCoverageError,
  CalendarDataError,
  WEEKDAYS_ONLY,
  WorkingCalendar,
  addCalendarDays,
  defaultCalendar,
  holidayName,
  isWorkingDay,
  loadCalendarFile,
  validateCalendarYears,
  type CalendarYear,
} from "../../src/calendar/index.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/calendar/${name}`, import.meta.url));

describe("isWorkingDay", () => {
  it.each([
    ["2025-10-08", false, "Wed, last day of National Day/Mid-Autumn 1–8 Oct 2025"],
    ["2025-10-09", true, "Thu, first working day after the holiday"],
    ["2025-09-28", true, "Sun, 调休 make-up day before National Day 2025"],
    ["2025-10-11", true, "Sat, 调休 make-up day after National Day 2025"],
    ["2025-10-12", false, "ordinary Sunday"],
    ["2025-10-13", true, "ordinary Monday"],
    ["2026-01-02", false, "Fri, 元旦 2026 is 1–3 Jan"],
    ["2026-01-04", true, "Sun, 元旦 2026 make-up day"],
    ["2026-02-14", true, "Sat, make-up day before Spring Festival 2026"],
    ["2026-02-23", false, "Mon, last day of Spring Festival 2026 (15–23 Feb)"],
    ["2026-02-24", true, "Tue, back to work"],
    ["2026-02-28", true, "Sat, make-up day after Spring Festival 2026"],
    ["2026-09-20", true, "Sun, make-up day for National Day 2026"],
    ["2026-10-07", false, "Wed, last day of National Day 2026 (1–7 Oct)"],
    ["2026-10-08", true, "Thu: 2026 National Day is 7 days, not 8"],
    ["2026-10-10", true, "Sat, make-up day after National Day 2026"],
    ["2020-01-19", true, "Sun, make-up day before Spring Festival 2020"],
    ["2020-01-31", false, "Fri, added by the 2020 extension notice (国办发明电〔2020〕1号)"],
    ["2020-02-01", false, "Sat: the original make-up day, cancelled by the extension"],
    ["2020-02-03", true, "Mon, work resumed after the extension"],
    ["2024-02-09", true, "Fri, 除夕 2024: only encouraged as leave, not a holiday"],
    ["2022-12-31", false, "Sat, 元旦 period of the 2023 notice"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
    expect(defaultCalendar.isWorkingDay(date)).toBe(expected);
  });
});

describe("holidayName / isStatutoryHoliday / isMakeupWorkday", () => {
  it.each([
    ["2025-10-03", "国庆节、中秋节"],
    ["2025-10-05", "国庆节、中秋节"], // a Sunday inside the 放假 period is named too
    ["2026-02-17", "春节"],
    ["2020-02-02", "春节"], // extension day
    ["2022-12-31", "元旦"], // listed under the 2023 notice
    ["2025-10-11", null], // make-up Saturday: worked, not a holiday
    ["2025-10-12", null], // ordinary Sunday
  ])("%s → %s", (date, expected) => {
    expect(holidayName(date)).toBe(expected);
    expect(defaultCalendar.isStatutoryHoliday(date)).toBe(expected !== null);
  });

  it("names holidays in English too", () => {
    expect(defaultCalendar.holidayNameEn("2026-02-17")).toBe("Spring Festival");
  });

  it.each([
    ["2025-10-11", true],
    ["2025-09-28", true],
    ["2025-10-10", false], // ordinary Friday
    ["2020-02-01", false], // cancelled make-up day
  ])("isMakeupWorkday(%s) → %s", (date, expected) => {
    expect(defaultCalendar.isMakeupWorkday(date)).toBe(expected);
  });
});

describe("nextWorkingDay", () => {
  it.each([
    ["2025-10-01", "2025-10-09", "1–8 Oct off"],
    ["2025-10-04", "2025-10-09", "holiday Saturday"],
    ["2025-10-09", "2025-10-09", "already a working day"],
    ["2025-10-11", "2025-10-11", "make-up Saturday is itself working"],
    ["2025-10-12", "2025-10-13", "ordinary Sunday → Monday"],
    ["2026-02-15", "2026-02-24", "Spring Festival 2026 15–23 Feb"],
    ["2020-01-31", "2020-02-03", "2020 extension: 1 Feb is no longer worked"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(defaultCalendar.nextWorkingDay(date)).toBe(expected);
  });
});

describe("addWorkingDays", () => {
  it.each<[string, number, boolean, string, string]>([
    // start, n, includeStart, expected, reasoning
    ["2025-09-26", 3, true, "2025-09-29", "Fri 26 =1, Sun 28 (make-up) =2, Mon 29 =3"],
    ["2025-09-26", 3, false, "2025-09-30", "after Fri 26: Sun 28 =1, Mon 29 =2, Tue 30 =3"],
    ["2025-09-30", 1, false, "2025-10-09", "1–8 Oct off, Thu 9 =1"],
    ["2025-10-01", 1, true, "2025-10-09", "start is a holiday, so Thu 9 is day 1"],
    ["2025-10-10", 1, false, "2025-10-11", "Sat 11 is a make-up day"],
    ["2026-02-13", 2, false, "2026-02-24", "Sat 14 (make-up) =1, 15–23 off, Tue 24 =2"],
    ["2025-10-13", 0, false, "2025-10-13", "adding nothing"],
  ])("%s + %i (includeStart %s) → %s: %s", (start, n, includeStart, expected) => {
    expect(defaultCalendar.addWorkingDays(start, n, { includeStart })).toBe(expected);
  });

  it("rejects counts that mean nothing", () => {
    expect(() => defaultCalendar.addWorkingDays("2025-10-13", 0, { includeStart: true })).toThrow(RangeError);
    expect(() => defaultCalendar.addWorkingDays("2025-10-13", -1)).toThrow(RangeError);
    expect(() => defaultCalendar.addWorkingDays("2025-10-13", 1.5)).toThrow(RangeError);
  });
});

describe("workingDaysBetween: working days in (from, to]", () => {
  it.each([
    ["2025-09-26", "2025-09-30", 3, "Sat 27 no; Sun 28 (make-up), Mon 29, Tue 30"],
    ["2025-09-30", "2025-10-09", 1, "1–8 Oct off; Thu 9"],
    ["2025-10-09", "2025-10-09", 0, "empty interval"],
    ["2025-09-30", "2025-09-26", -3, "reversed = negative"],
    ["2026-02-13", "2026-03-02", 7, "Sat 14; 24–27 Feb (4); Sat 28; Mon 2 Mar"],
    // Whole years: 2025 has 261 weekdays (starts Wed, 52 weeks + 1 day), 18 of them holidays
    // (元旦 1, 春节 6, 清明 1, 劳动节 3, 端午 1, 国庆 6), plus 5 make-up days → 248.
    ["2024-12-31", "2025-12-31", 248, "all of 2025"],
    // 2026: 261 weekdays (starts Thu), 19 holidays (元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1,
    // 国庆 5), plus 6 make-up days → 248.
    ["2025-12-31", "2026-12-31", 248, "all of 2026"],
  ])("(%s, %s] → %i (%s)", (from, to, expected) => {
    expect(defaultCalendar.workingDaysBetween(from, to)).toBe(expected);
  });
});

describe("rows (the SQL calendar table)", () => {
  it("covers 2020-01-01..2026-12-31 by default, one row per date", () => {
    const rows = defaultCalendar.rows();
    // 366 (2020) + 365 × 3 + 366 (2024) + 365 × 2
    expect(rows).toHaveLength(2557);
    expect(rows[0].date).toBe("2020-01-01");
    expect(rows[rows.length - 1].date).toBe("2026-12-31");
  });

  it("counts working_day_seq from the first covered date, inclusive", () => {
    // 1 Jan 2020 is 元旦 (0); Thu 2 =1, Fri 3 =2, weekend stays 2, Mon 6 =3.
    const seq = defaultCalendar.rows("2020-01-01", "2020-01-06").map((r) => r.working_day_seq);
    expect(seq).toEqual([0, 1, 2, 2, 2, 3]);
  });

  it("describes National Day 2025 row by row", () => {
    const rows = defaultCalendar.rows("2025-09-27", "2025-10-13");
    expect(rows).toHaveLength(17);
    const byDate = new Map(rows.map((r) => [r.date, r]));
    expect(byDate.get("2025-09-27")).toMatchObject({
      is_working_day: false,
      is_statutory_holiday: false,
      is_makeup_workday: false,
      holiday_name_zh: null,
      next_working_day: "2025-09-28",
    });
    expect(byDate.get("2025-09-28")).toMatchObject({ is_working_day: true, is_makeup_workday: true, next_working_day: "2025-09-28" });
    expect(byDate.get("2025-10-01")).toMatchObject({
      is_working_day: false,
      is_statutory_holiday: true,
      holiday_name_zh: "国庆节、中秋节",
      next_working_day: "2025-10-09",
    });
    expect(byDate.get("2025-10-11")).toMatchObject({ is_working_day: true, is_makeup_workday: true });
    expect(byDate.get("2025-10-12")).toMatchObject({ is_working_day: false, next_working_day: "2025-10-13" });
    // 30 Sep → 9 Oct adds exactly one working day.
    expect(byDate.get("2025-10-09")!.working_day_seq - byDate.get("2025-09-30")!.working_day_seq).toBe(1);
  });

  it("agrees with the methods for every covered date", () => {
    let previousSeq = 0;
    for (const row of defaultCalendar.rows()) {
      expect(row.is_working_day).toBe(defaultCalendar.isWorkingDay(row.date));
      expect(row.holiday_name_zh).toBe(defaultCalendar.holidayName(row.date));
      expect(row.next_working_day).toBe(defaultCalendar.nextWorkingDay(row.date));
      expect(row.working_day_seq - previousSeq).toBe(row.is_working_day ? 1 : 0);
      previousSeq = row.working_day_seq;
    }
  });

  it("gives next_working_day null when it lies past the coverage", () => {
    // A synthetic calendar covering 2022 only: Sat 31 Dec 2022's next working day is in 2023.
    const cal = new WorkingCalendar([{ year: 2022, source: "test", holidays: [], workdays: [] }]);
    expect(cal.rows("2022-12-30", "2022-12-31").map((r) => r.next_working_day)).toEqual(["2022-12-30", null]);
  });
});

describe("coverage", () => {
  it("lists covered years", () => {
    expect(defaultCalendar.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it.each([
    ["isWorkingDay 2019", () => defaultCalendar.isWorkingDay("2019-12-31"), 2019],
    ["holidayName 2027", () => holidayName("2027-01-01"), 2027],
    // Thu 31 Dec 2026 is day 1; day 2 would be in 2027, which must not be assumed to be weekends-only.
    ["addWorkingDays into 2027", () => defaultCalendar.addWorkingDays("2026-12-30", 3), 2027],
    ["workingDaysBetween from 2019", () => defaultCalendar.workingDaysBetween("2019-12-20", "2020-01-10"), 2019],
  ])("%s throws CalendarCoverageError naming the year", (_label, call, year) => {
    let caught: unknown;
    try {
      call();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CalendarCoverageError);
    const err = caught as CalendarCoverageError;
    expect(err.year).toBe(year);
    expect(err.message).toContain(`the working-day calendar has no data for ${year}; add the year's notice with \`kesu calendar add FILE\` (or KESU_CALENDAR)`);
  });

  it("rejects a date that is not ISO YYYY-MM-DD", () => {
    expect(() => defaultCalendar.isWorkingDay("2025/10/01")).toThrow(RangeError);
    expect(() => defaultCalendar.isWorkingDay("2025-02-29")).toThrow(RangeError); // 2025 is not a leap year
  });
});

describe("cross-check with the chinese-days package", () => {
  // Two independent transcriptions of the notices must agree on every date. (No disagreement was found
  // when this was written; if one appears after an upgrade, settle it from the notice, not by copying.)
  it("agrees on working/non-working for every date 2020-01-01..2026-12-31", () => {
    const disagreements: string[] = [];
    let checked = 0;
    for (let d = "2020-01-01"; d <= "2026-12-31"; d = addCalendarDays(d, 1)) {
      checked++;
      const ours = defaultCalendar.isWorkingDay(d);
      const theirs = chineseDays.isWorkday(d);
      if (ours !== theirs) disagreements.push(`${d}: ours ${ours}, chinese-days ${theirs}`);
    }
    expect(checked).toBe(2557);
    expect(disagreements).toEqual([]);
  });

  it("agrees on which days are named holidays and make-up days", () => {
    // chinese-days names a day "English,中文,N" when it belongs to a holiday arrangement.
    const disagreements: string[] = [];
    for (let d = "2020-01-01"; d <= "2026-12-31"; d = addCalendarDays(d, 1)) {
      const detail = chineseDays.getDayDetail(d);
      const named = detail.name.includes(",");
      if ((!detail.work && named) !== defaultCalendar.isStatutoryHoliday(d)) disagreements.push(`holiday ${d}`);
      if ((detail.work && named) !== defaultCalendar.isMakeupWorkday(d)) disagreements.push(`make-up ${d}`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe("timezone independence", () => {
  it("gives the same answers whatever the host timezone", () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ["Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        expect(defaultCalendar.nextWorkingDay("2025-10-01")).toBe("2025-10-09");
        expect(defaultCalendar.addWorkingDays("2025-09-26", 3, { includeStart: true })).toBe("2025-09-29");
        expect(addCalendarDays("2025-03-30", 1)).toBe("2025-03-31"); // across a DST change in Europe/US
      }
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe("bank calendar files", () => {
  it("loads a bank file that overrides the notice", () => {
    const bank = loadCalendarFile(fixture("bank-2025.json"));
    expect(bank.coveredYears()).toEqual([2025]);
    // The bank reopens on Wed 8 Oct (the notice has it off) and does not work Sat 11 Oct.
    expect(bank.isWorkingDay("2025-10-08")).toBe(true);
    expect(bank.isWorkingDay("2025-10-11")).toBe(false);
    expect(bank.isWorkingDay("2025-09-28")).toBe(true);
    expect(bank.nextWorkingDay("2025-10-01")).toBe("2025-10-08");
    expect(bank.holidayName("2025-10-03")).toBe("国庆节");
  });

  it("names the file when asked about a year it does not cover", () => {
    const bank = loadCalendarFile(fixture("bank-2025.json"));
    expect(() => bank.isWorkingDay("2026-01-05")).toThrow(CalendarCoverageError);
    expect(() => bank.isWorkingDay("2026-01-05")).toThrow(/no data for 2026.*bank-2025\.json/);
  });

  it.each([
    ["invalid-bad-date.json", "[0].holidays[0].dates[1]", /not a real date/],
    ["invalid-duplicate.json", "[0].holidays[1].dates[1]", /duplicate date \(also at \[0\]\.holidays\[0\]\.dates\[0\]\)/],
    ["invalid-holiday-and-workday.json", "[0].workdays[0]", /both as holiday and as make-up workday/],
    ["invalid-not-json.json", "", /not valid JSON/],
  ])("%s fails with a clear error at %s", (name, path, reason) => {
    let caught: unknown;
    try {
      loadCalendarFile(fixture(name));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CalendarDataError);
    const err = caught as CalendarDataError;
    expect(err.file).toContain(name);
    expect(err.path).toBe(path);
    expect(err.message).toMatch(reason);
    expect(err.message).toContain(name);
  });

  it("reports a missing file", () => {
    expect(() => loadCalendarFile(fixture("no-such-file.json"))).toThrow(/cannot read the file/);
  });

  const year = (y: number, extra: Partial<CalendarYear> = {}): CalendarYear => ({
    year: y,
    source: "test",
    holidays: [],
    workdays: [],
    ...extra,
  });

  it.each([
    ["not an array", { year: 2025 }, /expected a JSON array/],
    ["no years", [], /no years/],
    ["years with a gap", [year(2024), year(2026)], /contiguous.*2025 is missing/],
    ["a year twice", [year(2025), year(2025)], /year listed twice/],
    ["a weekday make-up day", [year(2025, { workdays: ["2025-10-10"] })], /Saturday or Sunday/],
    ["a date far from its year", [year(2025, { workdays: ["2027-01-02"] })], /not in or next to/],
    ["no source", [year(2025, { source: "" })], /source/],
  ])("validateCalendarYears rejects %s", (_label, data, reason) => {
    expect(() => validateCalendarYears(data)).toThrow(CalendarDataError);
    expect(() => validateCalendarYears(data)).toThrow(reason);
  });

  it("accepts the checked-in data (each year cites its notice)", () => {
    expect(() => validateCalendarYears(CN_MAINLAND_YEARS)).not.toThrow();
    for (const y of CN_MAINLAND_YEARS) expect(y.source).toMatch(/国务院办公厅关于\d{4}年部分节假日安排的通知（国办发明电〔\d{4}〕\d+号）/);
  });
});

describe("WEEKDAYS_ONLY (UK/US business days)", () => {
  it.each<[string, number, boolean, string, string]>([
    ["2025-10-01", 0, false, "2025-10-01", "adding nothing"],
    ["2025-09-26", 15, false, "2025-10-17", "three Mon–Fri weeks after Fri 26 Sep"],
    ["2025-10-11", 1, true, "2025-10-13", "Saturday start: Monday is day 1"],
  ])("%s + %i (includeStart %s) → %s", (start, n, includeStart, expected) => {
    expect(WEEKDAYS_ONLY.addWorkingDays(start, n, { includeStart })).toBe(expected);
  });

  it("counts (from, to] and rolls weekends", () => {
    // Chinese holidays do not apply: Wed 1 Oct 2025 is a business day.
    expect(WEEKDAYS_ONLY.workingDaysBetween("2025-09-20", "2025-11-02")).toBe(30); // six full weeks
    expect(WEEKDAYS_ONLY.workingDaysBetween("2025-11-02", "2025-09-20")).toBe(-30);
    expect(WEEKDAYS_ONLY.nextWorkingDay("2025-10-11")).toBe("2025-10-13");
    expect(WEEKDAYS_ONLY.isWorkingDay("2025-10-01")).toBe(true);
  });
});
