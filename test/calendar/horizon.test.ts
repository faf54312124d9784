// The calendar's horizon: deadlines beyond the last year a holiday notice gives are computed from the
// statutory holidays (provisional), counted and listed; a bank adds the next year without a release; a
// strict bank refuses provisional deadlines with a message naming the calendar's last day. Every date
// below is hand-worked from the rule (receipt day not counted, 15 days, a deadline on a rest day or
// holiday moves to the next working day) and a wall calendar of December 2026 / January 2027.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CN_MAINLAND_YEARS,
  CalendarDataError,
  addCalendarFile,
  horizonWarning,
  missingStatutoryDays,
  resolveCalendar,
  statutoryHolidays,
} from "../../src/calendar/index.ts";
import { computeDeadline, getProfile } from "../../src/clock/profiles.ts";
import { FIXTURES } from "../helpers.ts";

const run = promisify(execFile);
const KESU = new URL("../../bin/kesu.js", import.meta.url).pathname;

describe("the statutory rule (《全国年节及纪念日放假办法》 art. 2, 2024 revision)", () => {
  it("gives 2027's thirteen days, hand-checked against the lunar calendar", () => {
    // 2027: 正月初一 is Sat 6 Feb (除夕 Fri 5 Feb); 清明 Mon 5 Apr; 端午 (五月初五) Wed 9 Jun; 中秋 (八月十五) Wed 15 Sep.
    const days = statutoryHolidays(2027).flatMap((h) => h.dates.map((d) => `${h.name_zh} ${d}`));
    expect(days).toEqual([
      "元旦 2027-01-01",
      "春节 2027-02-05",
      "春节 2027-02-06",
      "春节 2027-02-07",
      "春节 2027-02-08",
      "清明节 2027-04-05",
      "劳动节 2027-05-01",
      "劳动节 2027-05-02",
      "端午节 2027-06-09",
      "中秋节 2027-09-15",
      "国庆节 2027-10-01",
      "国庆节 2027-10-02",
      "国庆节 2027-10-03",
    ]);
  });

  it("is contained in the 2025 and 2026 notices as transcribed (the notices only add bridging days)", () => {
    for (const year of CN_MAINLAND_YEARS.filter((y) => y.year >= 2025)) expect(missingStatutoryDays(year)).toEqual([]);
    // and the check can fail: drop 2026's 中秋 from a copy of the notice
    const y2026 = CN_MAINLAND_YEARS.find((y) => y.year === 2026)!;
    const without = { ...y2026, holidays: y2026.holidays.filter((h) => h.name_zh !== "中秋节") };
    expect(missingStatutoryDays(without)).toEqual(["2026-09-25"]);
  });

  it("merges 中秋 into 国庆 when it falls on 1–3 Oct (2031: 中秋 is 1 Oct)", () => {
    const entries = statutoryHolidays(2031);
    const national = entries.find((h) => h.name_zh.startsWith("国庆"))!;
    expect(national.name_zh).toBe("国庆节、中秋节");
    expect(national.dates).toEqual(["2031-10-01", "2031-10-02", "2031-10-03"]);
    expect(entries.flatMap((h) => h.dates)).toHaveLength(12);
  });
});

describe("provisional years in the calendar", () => {
  const resolved = resolveCalendar({ throughYear: 2027 });

  it("extends the checked-in notices with 2027 marked provisional", () => {
    expect(resolved.lastConfirmedDate).toBe("2026-12-31");
    expect(resolved.years.at(-1)).toMatchObject({ year: 2027, origin: "provisional", makeup_workdays: 0, holidays: 13 });
    expect(resolved.calendar.isProvisional("2027-01-04")).toBe(true);
    expect(resolved.calendar.isProvisional("2026-12-31")).toBe(false);
    // 元旦 is a holiday; Mon 4 Jan a working day (no 调休 guessed)
    expect(resolved.calendar.isWorkingDay("2027-01-01")).toBe(false);
    expect(resolved.calendar.isWorkingDay("2027-01-04")).toBe(true);
  });

  it("computes the New Year deadlines by the rule (the TypeScript clock)", () => {
    const nfra = (receivedDate: string) => computeDeadline(getProfile("cn-nfra-2020"), { receivedDate, extensionLevel: 0, pausedDays: 0 }, resolved.calendar);
    expect(nfra("2026-12-16")).toBe("2026-12-31"); // Thu 31 Dec, a working day
    expect(nfra("2026-12-17")).toBe("2027-01-04"); // 1 Jan 元旦 → Sat, Sun → Mon 4 Jan
    expect(nfra("2026-12-18")).toBe("2027-01-04"); // Sat 2 Jan → Mon 4 Jan
    // the internal 4-working-day clock, receipt day included: Tue 29, Wed 30, Thu 31, (元旦) Mon 4 Jan
    expect(computeDeadline(getProfile("cn-internal-feedback"), { receivedDate: "2026-12-29", extensionLevel: 0, pausedDays: 0 }, resolved.calendar)).toBe(
      "2027-01-04",
    );
  });

  it("warns from 60 days before the horizon, not before", () => {
    expect(horizonWarning(resolved, "2026-10-31")).toBeNull();
    expect(horizonWarning(resolved, "2026-11-01")).toMatch(/ends 2026-12-31 .* 2027 .*kesu calendar add/);
  });

  it("leaves no provisional year with calendarStrict", () => {
    const strict = resolveCalendar({ throughYear: 2027, strict: true });
    expect(strict.years.map((y) => y.year).at(-1)).toBe(2026);
  });
});

describe("kesu calendar add", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kesu-calendar-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a file that lacks a statutory holiday, naming the day, and writes nothing", () => {
    const calendarDir = join(dir, "refused");
    let caught: unknown;
    try {
      addCalendarFile(join(FIXTURES, "calendar/invalid-2027-missing-statutory.json"), calendarDir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarDataError);
    expect((caught as Error).message).toMatch(/2027-09-15/);
    expect(existsSync(calendarDir)).toBe(false);
  });

  it("keeps a copy, leaves the user's file as it was, and refuses to replace without --replace", () => {
    const source = join(dir, "notice-2027.json");
    cpSync(join(FIXTURES, "calendar/bank-2027-madeup.json"), source);
    const before = { text: readFileSync(source, "utf8"), mtime: statSync(source).mtimeMs };
    const calendarDir = join(dir, "calendar");
    expect(addCalendarFile(source, calendarDir)).toEqual([{ year: 2027, path: join(calendarDir, "2027.json"), replaced: false }]);
    expect(readFileSync(source, "utf8")).toBe(before.text);
    expect(statSync(source).mtimeMs).toBe(before.mtime);
    expect(() => addCalendarFile(source, calendarDir)).toThrow(/--replace/);
    expect(addCalendarFile(source, calendarDir, { replace: true })[0]!.replaced).toBe(true);
    const layered = resolveCalendar({ calendarDir, throughYear: 2027 });
    expect(layered.lastConfirmedDate).toBe("2027-12-31");
    expect(layered.years.at(-1)).toMatchObject({ year: 2027, origin: "bank-file", file: join(calendarDir, "2027.json") });
  });
});

describe("a build at the horizon (as of 2026-12-20, complaints received 10–20 Dec 2026)", () => {
  let dataDir: string;
  const env = { ...process.env, KESU_HMAC_KEY: "horizon-test-key-0123456789", KESU_TODAY: "2026-12-20" }; // the day of the last receipt: ingest refuses receipt dates after tomorrow
  const kesu = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const { stdout, stderr } = await run(process.execPath, [KESU, ...args, "--data-dir", dataDir], {
      env: { ...env, ...extraEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr };
  };
  const nfraDeadlines = async () =>
    JSON.parse(
      (
        await kesu([
          "query",
          "select complaint_key, strftime(deadline, '%Y-%m-%d') as deadline, deadline_is_provisional from int_complaint_clocks where profile_id = 'cn-nfra-2020' order by 1",
          "--json",
        ])
      ).stdout,
    ) as { complaint_key: string; deadline: string; deadline_is_provisional: boolean }[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kesu-horizon-"));
    cpSync(join(FIXTURES, "horizon"), dataDir, { recursive: true });
    await kesu(["ingest"]);
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("passes, with the deadlines beyond 2026-12-31 provisional, counted in the warning and the snapshot", async () => {
    const { stderr } = await kesu(["build", "--as-of", "2026-12-20"]);
    expect(stderr).toContain(
      "calendar ends 2026-12-31: 3 deadlines in 2027 are provisional; add the 2027 notice with `kesu calendar add FILE` or KESU_CALENDAR",
    );
    // KESU_TODAY 2026-12-20 is within 60 days of the horizon
    expect(stderr).toMatch(/warning: the working-day calendar ends 2026-12-31 and the 2027 State Council holiday notice is missing/);
    expect(await nfraDeadlines()).toEqual([
      { complaint_key: "hotline:H10", deadline: "2026-12-25", deadline_is_provisional: false },
      { complaint_key: "hotline:H16", deadline: "2026-12-31", deadline_is_provisional: false },
      { complaint_key: "hotline:H17", deadline: "2027-01-04", deadline_is_provisional: true },
      { complaint_key: "hotline:H18", deadline: "2027-01-04", deadline_is_provisional: true },
      { complaint_key: "hotline:H20", deadline: "2027-01-04", deadline_is_provisional: true },
    ]);
    const snapshot = JSON.parse(readFileSync(join(dataDir, "publish/calendar.json"), "utf8"));
    expect(snapshot.provisional_deadlines_total).toBe(3);
    expect(snapshot.provisional_deadlines).toEqual([{ profile_id: "cn-nfra-2020", year: 2027, deadlines: 3, complaints: 3 }]);
    expect(snapshot.by_quarter.find((r: { quarter: string; profile_id: string }) => r.quarter === "2026-Q4" && r.profile_id === "cn-nfra-2020")).toMatchObject({
      clocks: 5,
      provisional_deadlines: 3,
      provisional_open: 3,
      first_provisional_deadline: "2027-01-04",
    });
  }, 60_000);

  it("with calendarStrict fails, naming the calendar and its last day, and keeps the previous marts", async () => {
    let failure: { stderr?: string; code?: number } = {};
    try {
      await kesu(["build", "--as-of", "2026-12-20"], { KESU_CALENDAR_STRICT: "1" });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/assert_every_complaint_judged/);
    expect(failure.stderr).toMatch(/falls after 2026-12-31, the last day of the working-day calendar \(cn-mainland\): add the 2027 holiday notice/);
    expect((await nfraDeadlines()).filter((r) => r.deadline_is_provisional)).toHaveLength(3);
  }, 60_000);

  it("after `kesu calendar add` of a (made-up) 2027 file, recomputes the same deadlines from it", async () => {
    // the made-up file closes 1–4 Jan 2027 (and works Sat 9 Jan): every New Year deadline moves to Tue 5 Jan
    const { stdout } = await kesu(["calendar", "add", join(FIXTURES, "calendar/bank-2027-madeup.json")]);
    expect(stdout).toMatch(/added 2027/);
    const { stderr } = await kesu(["build", "--as-of", "2026-12-20"]);
    expect(stderr).not.toMatch(/provisional/);
    expect(stderr).not.toMatch(/notice is missing/);
    expect((await nfraDeadlines()).map((r) => [r.complaint_key, r.deadline, r.deadline_is_provisional])).toEqual([
      ["hotline:H10", "2026-12-25", false],
      ["hotline:H16", "2026-12-31", false],
      ["hotline:H17", "2027-01-05", false],
      ["hotline:H18", "2027-01-05", false],
      ["hotline:H20", "2027-01-05", false],
    ]);
    const shown = JSON.parse((await kesu(["calendar", "show", "--json"])).stdout);
    expect(shown.last_confirmed_date).toBe("2027-12-31");
    expect(shown.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ origin: "bank-file" });
    writeFileSync(join(dataDir, "marker"), ""); // the data dir is still ours to remove
  }, 90_000);
});
