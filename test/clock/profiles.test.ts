// Every expected deadline is worked by hand in the comment beside it (never copied from the code).
// Calendar facts used: National Day 2025 = 1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked; Spring Festival
// 2026 = 15–23 Feb off, Sat 14 and Sat 28 Feb worked; 元旦 2026 = 1–3 Jan off, Sun 4 Jan worked;
// 2020 Spring Festival extended to Sun 2 Feb (Sat 1 Feb make-up cancelled).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CalendarCoverageError, defaultCalendar, loadCalendarFile } from "../../src/calendar/index.ts";
import { AT_RISK_FRACTION, ClockInputError, PROFILES, computeDeadline, getProfile, judge, type ClockInput, type Judgement } from "../../src/clock/profiles.ts";

const base = { extensionLevel: 0, pausedDays: 0 };
const deadline = (id: string, input: Partial<ClockInput> & { receivedDate: string }) => computeDeadline(getProfile(id), { ...base, ...input }, defaultCalendar);

describe("cn-nfra-2020 (Order 2020 No.3 art. 24; 民法典 art. 201, 203)", () => {
  it.each([
    // received, extensionLevel, pausedDays, expected, reasoning
    ["2025-09-20", 0, 0, "2025-10-09", "20 Sep + 15 = Sun 5 Oct, inside 1–8 Oct → first working day Thu 9 Oct"],
    ["2025-09-26", 0, 0, "2025-10-11", "26 Sep + 15 = Sat 11 Oct, a make-up working day → stays"],
    ["2025-10-03", 0, 0, "2025-10-20", "received on a holiday (day not counted anyway): 3 Oct + 15 = Sat 18 Oct → Mon 20"],
    ["2026-02-01", 0, 0, "2026-02-24", "1 Feb + 15 = Mon 16 Feb, inside 15–23 Feb → Tue 24 Feb"],
    ["2026-01-30", 0, 0, "2026-02-14", "30 Jan + 15 = Sat 14 Feb, a make-up working day → stays"],
    ["2026-02-17", 0, 0, "2026-03-04", "received during Spring Festival: 17 Feb + 15 = Wed 4 Mar"],
    ["2020-01-16", 0, 0, "2020-02-03", "16 Jan + 15 = Fri 31 Jan (extension); Sat 1 Feb no longer worked → Mon 3 Feb"],
    ["2025-09-20", 1, 0, "2025-10-20", "level 1 = 30 days: 20 Sep + 30 = Mon 20 Oct"],
    ["2025-09-20", 2, 0, "2025-11-19", "level 2 = 60 days: 20 Sep + 10 = 30 Sep, + 31 = 31 Oct, + 19 = Wed 19 Nov"],
    ["2025-09-20", 0, 4, "2025-10-09", "4 paused days: 20 Sep + 19 = Thu 9 Oct (working)"],
    ["2025-09-20", 0, 5, "2025-10-10", "5 paused days: 20 Sep + 20 = Fri 10 Oct"],
    ["2025-09-10", 0, 7, "2025-10-09", "10 Sep + 15 + 7 = Thu 2 Oct, a holiday → Thu 9 Oct"],
    ["2026-12-15", 0, 0, "2026-12-30", "15 Dec + 15 = Wed 30 Dec, still inside 2026"],
  ])("received %s, level %i, paused %i → %s (%s)", (receivedDate, extensionLevel, pausedDays, expected) => {
    expect(deadline("cn-nfra-2020", { receivedDate, extensionLevel, pausedDays })).toBe(expected);
  });

  it("rejects an extension level beyond 2", () => {
    expect(() => deadline("cn-nfra-2020", { receivedDate: "2025-09-20", extensionLevel: 3 })).toThrow(ClockInputError);
    expect(() => deadline("cn-nfra-2020", { receivedDate: "2025-09-20", extensionLevel: 3 })).toThrow(/levels 0–2/);
  });

  it("rejects negative paused days", () => {
    expect(() => deadline("cn-nfra-2020", { receivedDate: "2025-09-20", pausedDays: -2 })).toThrow(/non-negative/);
  });

  it("throws the coverage error when the deadline would roll into 2027", () => {
    // 20 Dec 2026 + 15 = Mon 4 Jan 2027: whether that is a working day is unknown until the 2027 notice.
    expect(() => deadline("cn-nfra-2020", { receivedDate: "2026-12-20" })).toThrow(CalendarCoverageError);
    expect(() => deadline("cn-nfra-2020", { receivedDate: "2026-12-20" })).toThrow(/no data for 2027/);
  });
});

describe("working-day profiles (receipt day included)", () => {
  it.each([
    ["cn-internal-investigate", "2025-09-26", "2025-09-29", "Fri 26 =1, Sun 28 (make-up) =2, Mon 29 =3"],
    ["cn-internal-investigate", "2025-09-30", "2025-10-10", "Tue 30 =1, 1–8 Oct off, Thu 9 =2, Fri 10 =3"],
    ["cn-internal-investigate", "2025-10-03", "2025-10-11", "received on a holiday: Thu 9 =1, Fri 10 =2, Sat 11 (make-up) =3"],
    ["cn-internal-investigate", "2025-10-18", "2025-10-22", "received on a Saturday: Mon 20 =1, Tue 21 =2, Wed 22 =3"],
    ["cn-internal-investigate", "2026-02-13", "2026-02-24", "Fri 13 =1, Sat 14 (make-up) =2, 15–23 off, Tue 24 =3"],
    ["cn-internal-feedback", "2025-09-26", "2025-09-30", "Fri 26, Sun 28, Mon 29, Tue 30"],
    ["cn-internal-feedback", "2025-09-29", "2025-10-10", "Mon 29, Tue 30, Thu 9 Oct, Fri 10 Oct"],
    ["cn-internal-feedback", "2026-01-01", "2026-01-07", "元旦 1–3 Jan off: Sun 4 (make-up) =1, Mon 5, Tue 6, Wed 7 =4"],
  ])("%s received %s → %s (%s)", (id, receivedDate, expected) => {
    expect(deadline(id, { receivedDate })).toBe(expected);
  });
});

describe("cn-regulator-forward (3 working days after the regulator receives it)", () => {
  it.each([
    ["2025-09-26", "2025-09-30", "after Fri 26: Sun 28 (make-up), Mon 29, Tue 30"],
    ["2026-02-12", "2026-02-24", "after Thu 12: Fri 13, Sat 14 (make-up), 15–23 off, Tue 24"],
  ])("regulator received %s → %s (%s)", (regulatorReceivedDate, expected) => {
    // The bank's own receipt date is irrelevant to this clock.
    expect(deadline("cn-regulator-forward", { receivedDate: "2025-12-01", regulatorReceivedDate })).toBe(expected);
  });

  it("requires the regulator's receipt date", () => {
    expect(() => deadline("cn-regulator-forward", { receivedDate: "2025-09-26" })).toThrow(/regulator's receipt date, which is missing/);
  });
});

describe("uk-fca (DISP 1.6.2R, 1.6.2AR; business days = Mon–Fri)", () => {
  it.each([
    [false, 0, "2025-09-20", "2025-11-15", "8 weeks = 56 days: 20 Sep + 10 = 30 Sep, + 31 = 31 Oct, + 15 = Sat 15 Nov (not rolled)"],
    [true, 0, "2025-09-26", "2025-10-17", "15 business days after Fri 26 Sep: three Mon–Fri weeks; China’s National Day ignored"],
    [true, 1, "2025-09-26", "2025-11-14", "exceptional: 35 business days = 7 weeks → Fri 14 Nov"],
  ])("payment services %s, level %i, received %s → %s (%s)", (isPaymentService, extensionLevel, receivedDate, expected) => {
    expect(deadline("uk-fca", { receivedDate, isPaymentService, extensionLevel })).toBe(expected);
  });

  it("has no extension for ordinary complaints", () => {
    expect(() => deadline("uk-fca", { receivedDate: "2025-09-20", extensionLevel: 1 })).toThrow(/levels 0–0/);
  });
});

describe('us-cfpb (15 calendar days; 60 if "In progress")', () => {
  it.each([
    [0, "2025-09-20", "2025-10-05", "20 Sep + 15 = Sun 5 Oct, calendar days, not rolled"],
    [1, "2025-09-20", "2025-11-19", "20 Sep + 60 = 19 Nov"],
  ])("level %i, received %s → %s (%s)", (extensionLevel, receivedDate, expected) => {
    expect(deadline("us-cfpb", { receivedDate, extensionLevel })).toBe(expected);
  });
});

describe("judge", () => {
  const nfra = getProfile("cn-nfra-2020");
  const sept20 = { ...base, receivedDate: "2025-09-20" }; // deadline Thu 9 Oct (see above)

  it.each<[string | null, string, Partial<Judgement>, string]>([
    // respondedDate, asOfDate, expected fields, reasoning
    [
      "2025-10-09",
      "2025-10-31",
      { responded_on_time: true, breached: false, at_risk: false, elapsed_calendar_days: 19, elapsed_working_days: 9 },
      "on the deadline day: on time. Working days in (20 Sep, 9 Oct]: 22–26 Sep (5), Sun 28, 29, 30 Sep, 9 Oct = 9",
    ],
    [
      "2025-10-10",
      "2025-10-31",
      { responded_on_time: false, breached: true, at_risk: false, elapsed_calendar_days: 20, elapsed_working_days: 10 },
      "one day late",
    ],
    [
      null,
      "2025-10-09",
      { responded_on_time: null, breached: false, at_risk: true, elapsed_in_unit: 19 },
      "open on the deadline day: not breached; 19 days ≥ 80% of 15 (12) → at risk",
    ],
    [null, "2025-10-10", { responded_on_time: null, breached: true, at_risk: false }, 'open the day after the deadline: breached (and so not "at risk")'],
    [null, "2025-10-01", { breached: false, at_risk: false, elapsed_in_unit: 11 }, "11 days < 12"],
    [null, "2025-10-02", { breached: false, at_risk: true, elapsed_in_unit: 12 }, "12 days = 80% of 15"],
  ])("responded %s, as of %s → %o (%s)", (respondedDate, asOfDate, expected) => {
    const j = judge(nfra, { ...sept20, respondedDate, asOfDate }, defaultCalendar);
    expect(j.deadline).toBe("2025-10-09");
    expect(j.allowed_days).toBe(15);
    expect(j.unit).toBe("calendar_days");
    expect(j).toMatchObject(expected);
  });

  it("takes paused days out of the elapsed time", () => {
    // 5 paused days: deadline Fri 10 Oct; as of 4 Oct 14 days have passed, 14 − 5 = 9 < 12 → not at risk.
    const j = judge(nfra, { ...sept20, pausedDays: 5, respondedDate: null, asOfDate: "2025-10-04" }, defaultCalendar);
    expect(j).toMatchObject({ deadline: "2025-10-10", elapsed_calendar_days: 14, elapsed_in_unit: 9, at_risk: false });
  });

  it("reports the allowance of the extension level", () => {
    const j = judge(nfra, { ...sept20, extensionLevel: 2, respondedDate: "2025-11-01", asOfDate: "2025-11-30" }, defaultCalendar);
    expect(j).toMatchObject({ deadline: "2025-11-19", allowed_days: 60, responded_on_time: true });
  });

  it.each<[string, Partial<Judgement>, string]>([
    // cn-internal-investigate, received Fri 26 Sep 2025, deadline Mon 29 Sep; allowance 3, 80% = 2.4
    ["2025-09-28", { at_risk: false, elapsed_in_unit: 2 }, "Fri 26 and Sun 28 used = 2 < 2.4"],
    ["2025-09-29", { at_risk: true, breached: false, elapsed_in_unit: 3 }, "deadline day: 3 used"],
    ["2025-09-30", { at_risk: false, breached: true }, "past the deadline"],
  ])("cn-internal-investigate open as of %s → %o (%s)", (asOfDate, expected) => {
    const j = judge(getProfile("cn-internal-investigate"), { ...base, receivedDate: "2025-09-26", respondedDate: null, asOfDate }, defaultCalendar);
    expect(j.deadline).toBe("2025-09-29");
    expect(j).toMatchObject(expected);
  });

  it("counts a same-day response as zero elapsed days", () => {
    const j = judge(
      getProfile("cn-internal-investigate"),
      { ...base, receivedDate: "2025-09-26", respondedDate: "2025-09-26", asOfDate: "2025-09-30" },
      defaultCalendar,
    );
    expect(j).toMatchObject({ elapsed_calendar_days: 0, elapsed_working_days: 0, responded_on_time: true, at_risk: false });
  });

  it.each<[string, boolean, number, string]>([
    // uk-fca, received Sat 20 Sep 2025, deadline 15 Nov; 80% of 8 weeks = 6.4 weeks = 44.8 days
    ["2025-11-02", false, 30, "43 days = 6.14 weeks; business days (20 Sep, 2 Nov] = six Mon–Fri weeks = 30"],
    ["2025-11-05", true, 33, "46 days = 6.57 weeks; plus Mon 3–Wed 5 Nov = 33"],
  ])("uk-fca open as of %s → at_risk %s, %i business days (%s)", (asOfDate, atRisk, workingDays) => {
    const j = judge(getProfile("uk-fca"), { ...base, receivedDate: "2025-09-20", respondedDate: null, asOfDate }, defaultCalendar);
    expect(j).toMatchObject({ deadline: "2025-11-15", unit: "weeks", allowed_days: 8, at_risk: atRisk, elapsed_working_days: workingDays });
  });

  it("rejects an end date before the start", () => {
    expect(() => judge(nfra, { ...sept20, respondedDate: "2025-09-19", asOfDate: "2025-10-31" }, defaultCalendar)).toThrow(
      /respondedDate = "2025-09-19": is before the clock's start date 2025-09-20/,
    );
  });

  it("rejects malformed dates", () => {
    expect(() => judge(nfra, { ...sept20, respondedDate: null, asOfDate: "31/10/2025" }, defaultCalendar)).toThrow(ClockInputError);
  });

  it("uses 80% as the at-risk threshold (docs/design.md §5)", () => {
    expect(AT_RISK_FRACTION).toBe(0.8);
  });
});

describe("bank calendar override", () => {
  // bank-2025.json: National Day 1–7 Oct only (8 Oct worked), no Sat 11 Oct make-up day.
  const bank = loadCalendarFile(fileURLToPath(new URL("../fixtures/calendar/bank-2025.json", import.meta.url)));

  it.each([
    ["cn-nfra-2020", "2025-09-20", "2025-10-09", "2025-10-08", "20 Sep + 15 = Sun 5 Oct → default Thu 9; bank Wed 8"],
    ["cn-internal-investigate", "2025-10-10", "2025-10-13", "2025-10-14", "default Fri 10, Sat 11, Mon 13; bank Fri 10, Mon 13, Tue 14"],
  ])("%s received %s: default %s, bank %s (%s)", (id, receivedDate, withDefault, withBank) => {
    const input = { ...base, receivedDate };
    expect(computeDeadline(getProfile(id), input, defaultCalendar)).toBe(withDefault);
    expect(computeDeadline(getProfile(id), input, bank)).toBe(withBank);
  });

  it("fails clearly for a year the bank file does not cover", () => {
    expect(() => computeDeadline(getProfile("cn-internal-investigate"), { ...base, receivedDate: "2026-01-05" }, bank)).toThrow(/no data for 2026/);
  });
});

describe("profiles as configuration", () => {
  it("has the six profiles of docs/design.md §6, each citing its source", () => {
    expect(Object.keys(PROFILES).sort()).toEqual([
      "cn-internal-feedback",
      "cn-internal-investigate",
      "cn-nfra-2020",
      "cn-regulator-forward",
      "uk-fca",
      "us-cfpb",
    ]);
    for (const [id, p] of Object.entries(PROFILES)) {
      expect(p.id).toBe(id);
      expect(p.source.zh.length, id).toBeGreaterThan(10);
      expect(p.source.en.length, id).toBeGreaterThan(10);
    }
  });

  it("states every source and note in Chinese and in English, the English with no Han character or full-width punctuation", () => {
    const rules = Object.values(PROFILES).flatMap((p) => [
      [p.id, p.source, p.notes],
      ...(p.paymentServices ? [[`${p.id} payment services`, p.paymentServices.source, null] as const] : []),
    ]) as [string, { zh: string; en: string }, { zh: string; en: string } | null][];
    for (const [id, ...texts] of rules)
      for (const text of texts.filter((t) => t !== null)) {
        expect(text.zh, id).toMatch(/\p{Script=Han}/u);
        expect(text.en, id).not.toMatch(/\p{Script=Han}|[，：（）、；。“”《》]/u);
        expect(text.en.trim(), id).not.toBe("");
      }
  });

  it("getProfile names the known ids for an unknown one", () => {
    expect(() => getProfile("cn-nfra-2019")).toThrow(
      'unknown clock profile "cn-nfra-2019"; known profiles: cn-nfra-2020, cn-internal-investigate, cn-internal-feedback, cn-regulator-forward, uk-fca, us-cfpb',
    );
    expect(() => getProfile("toString")).toThrow(/unknown clock profile/);
  });
});
