/**
 * Mainland China working-day calendar data, 2020–2026, checked in.
 *
 * Each year is transcribed from the State Council General Office's annual notice
 * (国务院办公厅关于<year>年部分节假日安排的通知), cited beside the year as `source`.
 *
 * - `holidays[].dates` are the whole 放假 period the notice announces ("X月X日至X日放假调休，共N天"),
 *   weekend days inside that period included, so `holidayName()` can name them. Where a notice only says
 *   "与周末连休" (the holiday joins an ordinary weekend, e.g. 2024 元旦, 2024 端午) only the statutory
 *   day itself is listed: the adjoining weekend is an ordinary rest day, not part of the arrangement.
 * - `workdays` are the 调休 make-up working days ("X月X日（周六）上班"): weekend days that are worked.
 *   A make-up Saturday is a working day for every clock (民法典 art. 203 rolls only past rest days).
 * - A notice's 元旦 period can begin in the previous December (2023: 2022-12-31); such a date is listed
 *   under the notice that announces it.
 *
 * Cross-checked date by date against the `chinese-days` package in test/calendar/calendar.test.ts.
 * To add a year, append it here from the new notice (published each November) and extend that test.
 * A bank with its own calendar passes a JSON file in the same shape (see loadCalendarFile in calendar.ts).
 */
import type { CalendarYear } from "./calendar.ts";

export const CN_MAINLAND_YEARS: readonly CalendarYear[] = [
  {
    year: 2020,
    // The 2020 Spring Festival was extended for COVID-19 by 国办发明电〔2020〕1号 (26 Jan 2020): the holiday
    // ran to Sun 2 Feb and work resumed Mon 3 Feb. That turns Fri 31 Jan – Sun 2 Feb into holiday and
    // cancels the Sat 1 Feb make-up day the original notice had announced.
    source: "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）；" + "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）",
    holidays: [
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2020-01-01"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        // 24–30 Jan per the original notice; 31 Jan – 2 Feb added by the extension notice.
        dates: ["2020-01-24", "2020-01-25", "2020-01-26", "2020-01-27", "2020-01-28", "2020-01-29", "2020-01-30", "2020-01-31", "2020-02-01", "2020-02-02"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2020-04-04", "2020-04-05", "2020-04-06"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2020-05-01", "2020-05-02", "2020-05-03", "2020-05-04", "2020-05-05"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2020-06-25", "2020-06-26", "2020-06-27"] },
      {
        name_zh: "国庆节、中秋节",
        name_en: "National Day and Mid-Autumn Festival",
        dates: ["2020-10-01", "2020-10-02", "2020-10-03", "2020-10-04", "2020-10-05", "2020-10-06", "2020-10-07", "2020-10-08"],
      },
    ],
    // 1 Feb (Sat) is NOT here: cancelled by the extension notice above.
    workdays: ["2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"],
  },
  {
    year: 2021,
    source: "国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号）",
    holidays: [
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2021-01-01", "2021-01-02", "2021-01-03"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2021-02-11", "2021-02-12", "2021-02-13", "2021-02-14", "2021-02-15", "2021-02-16", "2021-02-17"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2021-04-03", "2021-04-04", "2021-04-05"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2021-05-01", "2021-05-02", "2021-05-03", "2021-05-04", "2021-05-05"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2021-06-12", "2021-06-13", "2021-06-14"] },
      { name_zh: "中秋节", name_en: "Mid-Autumn Festival", dates: ["2021-09-19", "2021-09-20", "2021-09-21"] },
      {
        name_zh: "国庆节",
        name_en: "National Day",
        dates: ["2021-10-01", "2021-10-02", "2021-10-03", "2021-10-04", "2021-10-05", "2021-10-06", "2021-10-07"],
      },
    ],
    workdays: ["2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09"],
  },
  {
    year: 2022,
    source: "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）",
    holidays: [
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2022-01-01", "2022-01-02", "2022-01-03"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04", "2022-02-05", "2022-02-06"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2022-04-03", "2022-04-04", "2022-04-05"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2022-04-30", "2022-05-01", "2022-05-02", "2022-05-03", "2022-05-04"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2022-06-03", "2022-06-04", "2022-06-05"] },
      { name_zh: "中秋节", name_en: "Mid-Autumn Festival", dates: ["2022-09-10", "2022-09-11", "2022-09-12"] },
      {
        name_zh: "国庆节",
        name_en: "National Day",
        dates: ["2022-10-01", "2022-10-02", "2022-10-03", "2022-10-04", "2022-10-05", "2022-10-06", "2022-10-07"],
      },
    ],
    workdays: ["2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"],
  },
  {
    year: 2023,
    source: "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号）",
    holidays: [
      // "2022年12月31日至2023年1月2日放假调休，共3天": the period starts in 2022.
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2022-12-31", "2023-01-01", "2023-01-02"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2023-01-21", "2023-01-22", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-01-27"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2023-04-05"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2023-06-22", "2023-06-23", "2023-06-24"] },
      {
        name_zh: "中秋节、国庆节",
        name_en: "Mid-Autumn Festival and National Day",
        dates: ["2023-09-29", "2023-09-30", "2023-10-01", "2023-10-02", "2023-10-03", "2023-10-04", "2023-10-05", "2023-10-06"],
      },
    ],
    workdays: ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"],
  },
  {
    year: 2024,
    // 春节: the notice only *encourages* employers to give 除夕 (Fri 9 Feb) off via annual leave; it is
    // not part of the 放假 period, so 9 Feb stays a working day here.
    source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
    holidays: [
      // "1月1日放假，与周末连休": the preceding weekend is an ordinary weekend.
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2024-01-01"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-17"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2024-04-04", "2024-04-05", "2024-04-06"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"],
      },
      // "6月10日放假，与周末连休".
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2024-06-10"] },
      { name_zh: "中秋节", name_en: "Mid-Autumn Festival", dates: ["2024-09-15", "2024-09-16", "2024-09-17"] },
      {
        name_zh: "国庆节",
        name_en: "National Day",
        dates: ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"],
      },
    ],
    workdays: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"],
  },
  {
    year: 2025,
    source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
    holidays: [
      // "1月1日（周三）放假1天，不调休".
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2025-01-01"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2025-04-04", "2025-04-05", "2025-04-06"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2025-05-31", "2025-06-01", "2025-06-02"] },
      {
        name_zh: "国庆节、中秋节",
        name_en: "National Day and Mid-Autumn Festival",
        dates: ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
      },
    ],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  {
    year: 2026,
    source: "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
    holidays: [
      { name_zh: "元旦", name_en: "New Year's Day", dates: ["2026-01-01", "2026-01-02", "2026-01-03"] },
      {
        name_zh: "春节",
        name_en: "Spring Festival",
        dates: ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"],
      },
      { name_zh: "清明节", name_en: "Qingming Festival", dates: ["2026-04-04", "2026-04-05", "2026-04-06"] },
      {
        name_zh: "劳动节",
        name_en: "Labour Day",
        dates: ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"],
      },
      { name_zh: "端午节", name_en: "Dragon Boat Festival", dates: ["2026-06-19", "2026-06-20", "2026-06-21"] },
      { name_zh: "中秋节", name_en: "Mid-Autumn Festival", dates: ["2026-09-25", "2026-09-26", "2026-09-27"] },
      {
        name_zh: "国庆节",
        name_en: "National Day",
        dates: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
      },
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
];
