/**
 * Complaint-handling clocks as configuration (docs/design.md §6): each rule is data, cited to its source, and
 * this module is the one place the rules are stated. The warehouse's deadlines are computed in SQL
 * (int_complaint_clocks.sql) from ref.clock_profiles, which src/models/reference.ts writes from PROFILES, and
 * ref.calendar. `judge()` below computes the same deadline in TypeScript from the same rule: it is the tests'
 * oracle (test/clock, test/models), with no production caller.
 *
 * A profile id carries its rule's version (`cn-nfra-2020` = CBIRC Order 2020 No.3); a changed rule
 * gets a new id rather than silently changing old judgements.
 */
import { WEEKDAYS_ONLY, addCalendarDays, calendarDaysBetween, toDayNumber, type BusinessDays, type WorkingCalendar } from "../calendar/calendar.ts";

/** What a rule's allowance is counted in. `weeks` are whole calendar weeks (7 calendar days each). */
export type ClockUnit = "calendar_days" | "working_days" | "weeks";

/** Which date starts the clock: the bank's receipt, or the regulator's receipt (for forwarding rules). */
export type ClockStart = "received" | "regulator_received";
/**
 * The event that stops a clock: the decision notified to the customer (the response, or the closing when
 * an export gives no response date), or the regulator's forwarding of a transfer to the bank.
 */
export type ClockEnd = "decided" | "forwarded";

/**
 * Which business days the rule counts and rolls over:
 * - `bank_calendar`: the WorkingCalendar passed in (mainland holidays and 调休 make-up days, or the bank's file);
 * - `mon_to_fri`: Monday–Friday with no holidays. A documented simplification for the UK and US rules:
 *   UK bank holidays and US federal holidays are not modelled, so a deadline across one is a day early.
 */
export type BusinessDaySource = "bank_calendar" | "mon_to_fri";

/** A text in Chinese and in English (the site shows one, by the reader's language). */
export interface ClockText {
  zh: string;
  en: string;
}

/** One time limit, as data. */
export interface ClockRule {
  /** The regulation or policy and article the limit comes from. */
  source: ClockText;
  unit: ClockUnit;
  /** The ordinary allowance, in `unit`. */
  allowed: number;
  /**
   * Total allowance (in `unit`, counted from the same start) at extension level 1, 2, …; the
   * complaint's `extensionLevel` picks one. Empty when the rule allows no extension.
   */
  extensions: readonly number[];
  /**
   * Whether the start day itself counts as the first day. False is the default rule for periods in
   * days (民法典 art. 201: 按照日计算期间的，开始的当日不计入); true only where the rule says so.
   */
  countStartDay: boolean;
  /**
   * Whether a last day that is not a working day moves to the next working day (民法典 art. 203).
   * A 调休 make-up Saturday is a working day, so a deadline on one stays there.
   */
  rollToWorkingDay: boolean;
  /**
   * Whether paused days (e.g. external appraisal or testing) stop the clock. When true, `pausedDays`
   * are added to the period in its own day unit (calendar days for calendar_days/weeks, working days
   * for working_days); when false they are ignored, because the rule has no pause.
   */
  excludePausedDays: boolean;
  businessDays: BusinessDaySource;
}

export interface ClockProfile extends ClockRule {
  id: string;
  name_zh: string;
  name_en: string;
  start: ClockStart;
  /** What stops the clock (default: the decision). */
  end?: ClockEnd;
  /** Interpretation choices and simplifications, for the methodology page. */
  notes: ClockText;
  /** A different limit for payment-services complaints (`isPaymentService`); only uk-fca has one. */
  paymentServices?: ClockRule;
}

/** docs/design.md §5: an open complaint is at risk once this fraction of its allowed time has elapsed. */
export const AT_RISK_FRACTION = 0.8;

export const PROFILES: Readonly<Record<string, ClockProfile>> = {
  "cn-nfra-2020": {
    id: "cn-nfra-2020",
    name_zh: "银行业保险业消费投诉处理时限",
    name_en: "NFRA complaint decision deadline",
    source: {
      zh:
        "《银行业保险业消费投诉处理管理办法》（中国银保监会令2020年第3号）第二十四条；" +
        "《民法典》第二百零一条（开始的当日不计入）、第二百零三条（最后一日是法定休假日的，以法定休假日结束的次日为最后一日）",
      en:
        "Measures for Handling Consumer Complaints in Banking and Insurance (CBIRC Order 2020 No. 3), art. 24; " +
        "Civil Code art. 201 (the start day is not counted) and art. 203 (a last day on a statutory holiday moves to the day after the holiday ends)",
    },
    start: "received",
    unit: "calendar_days",
    // Art. 24: decide and notify within 15 days of receipt; 情况复杂的 may extend to 30; 情况特别复杂或者有其他
    // 特殊原因的, with approval of a superior body or head-office senior management, a further 30 (60 in all).
    allowed: 15,
    extensions: [30, 60],
    countStartDay: false,
    rollToWorkingDay: true,
    // Art. 24: time for external appraisal, testing or assessment (鉴定、检测、评估) may be left out of the period.
    excludePausedDays: true,
    businessDays: "bank_calendar",
    notes: {
      zh:
        "按自然日计算。受理之日不计入（《民法典》第二百零一条），最后一日为受理日 + 15 日；暂停天数先加入再顺延；" +
        "最后一日为法定节假日或休息日的，顺延至其后第一个工作日（《民法典》第二百零三条），调休上班的周六、周日为工作日，不顺延。",
      en:
        "Days are calendar days. The receipt day is not counted (Civil Code art. 201), so the last day is receipt + 15; " +
        "paused days are added before rolling; a last day on a holiday or ordinary rest day moves to the next " +
        "working day (Civil Code art. 203), while a weekend day made a working day by the holiday notice is a working day and does not move.",
    },
  },
  "cn-internal-investigate": {
    id: "cn-internal-investigate",
    name_zh: "投诉调查时限（内部）",
    name_en: "Internal investigation deadline",
    source: {
      zh: "本行《营业部客户投诉处理办法》第四章（内部规定：3 个工作日内完成调查，受理当日计入）",
      en: "the bank's internal complaint-handling rules, chapter 4 (investigation within 3 working days, receipt day included)",
    },
    // No export records when the investigation ended: the clock stops at the bank's reply (else its closing),
    // so it judges "investigated and replied within 3 working days", the closest event the data has.
    start: "received",
    unit: "working_days",
    allowed: 3,
    extensions: [],
    // The internal rule counts the receipt day itself as day 1 when it is a working day.
    countStartDay: true,
    rollToWorkingDay: true,
    excludePausedDays: false,
    businessDays: "bank_calendar",
    notes: {
      zh: "非工作日受理的，其后第一个工作日为第 1 日。",
      en: "Receipt on a non-working day: the first working day after it is day 1.",
    },
  },
  "cn-internal-feedback": {
    id: "cn-internal-feedback",
    name_zh: "处理意见反馈时限（内部）",
    name_en: "Internal feedback deadline",
    source: {
      zh: "本行《营业部客户投诉处理办法》第四章（内部规定：4 个工作日内反馈处理意见，受理当日计入）",
      en: "the bank's internal complaint-handling rules, chapter 4 (decision fed back within 4 working days, receipt day included)",
    },
    start: "received",
    unit: "working_days",
    allowed: 4,
    extensions: [],
    countStartDay: true,
    rollToWorkingDay: true,
    excludePausedDays: false,
    businessDays: "bank_calendar",
    notes: {
      zh: "非工作日受理的，其后第一个工作日为第 1 日。",
      en: "Receipt on a non-working day: the first working day after it is day 1.",
    },
  },
  "cn-regulator-forward": {
    id: "cn-regulator-forward",
    name_zh: "监管转送时限",
    name_en: "Regulator forwarding deadline",
    source: {
      zh: "国家金融监督管理总局工作惯例：监管机构收到的投诉，自其受理之日起 3 个工作日内转送银行",
      en: "NFRA practice: a complaint received by the regulator is forwarded to the bank within 3 working days of its receipt",
    },
    start: "regulator_received",
    // the regulator's step ends when it forwards the complaint to the bank, not when the bank replies: judged
    // on the bank's reply, 1,032 transfers forwarded on time showed as breached (77–84% against 6–11%)
    end: "forwarded",
    unit: "working_days",
    allowed: 3,
    extensions: [],
    // The practice does not say the receipt day counts, so the default rule applies (民法典 art. 201).
    countStartDay: false,
    rollToWorkingDay: true,
    excludePausedDays: false,
    businessDays: "bank_calendar",
    notes: {
      zh: "自监管机构受理之日起算（而非银行受理日），至转送之日（转办件到达银行）止，而非银行答复之日；监管受理当日不计入（《民法典》第二百零一条），期限为其后第 3 个工作日。",
      en:
        "Starts at the regulator's receipt date, not the bank's, and ends at the forwarding date (the transfer's " +
        "arrival at the bank), not at the bank's reply; the regulator's receipt day is not counted " +
        "(Civil Code art. 201), so the deadline is the 3rd working day after it.",
    },
  },
  "uk-fca": {
    id: "uk-fca",
    name_zh: "英国金融行为监管局最终答复时限",
    name_en: "UK FCA final response deadline",
    source: {
      zh: "英国金融行为监管局手册 DISP 1.6.2R（受理后第八周结束前作出最终答复）",
      en: "FCA Handbook DISP 1.6.2R (final response by the end of eight weeks after receipt)",
    },
    start: "received",
    unit: "weeks",
    allowed: 8,
    extensions: [],
    // "by the end of eight weeks after its receipt": the period runs from the day after receipt, and DISP
    // does not move the end of the eighth week, so the deadline is receipt + 56 calendar days.
    countStartDay: false,
    rollToWorkingDay: false,
    excludePausedDays: false,
    businessDays: "mon_to_fri",
    paymentServices: {
      source: {
        zh: "英国金融行为监管局手册 DISP 1.6.2AR（支付服务：受理次日起 15 个营业日结束前作出最终答复；特殊情况下先发暂缓答复，35 个营业日）",
        en:
          "FCA Handbook DISP 1.6.2AR (payment services: final response by the end of 15 business days after the " +
          "day of receipt; 35 business days in exceptional circumstances, with a holding reply)",
      },
      unit: "working_days",
      allowed: 15,
      extensions: [35],
      countStartDay: false,
      rollToWorkingDay: false,
      excludePausedDays: false,
      businessDays: "mon_to_fri",
    },
    notes: {
      zh: "营业日为周一至周五：未计入英国银行假日（及圣诞节、耶稣受难日），跨越假日的支付服务期限会早一天。延长级别 1 = 特殊情况。",
      en:
        "Business days are Monday-Friday: UK bank holidays (and Christmas Day, Good Friday) are not modelled, " +
        "so a payment-services deadline spanning one is a day early. Extension level 1 = exceptional circumstances.",
    },
  },
  "us-cfpb": {
    id: "us-cfpb",
    name_zh: "美国消费者金融保护局回复时限",
    name_en: "US CFPB company response deadline",
    source: {
      zh: "美国消费者金融保护局《公司门户手册》：投诉转送之日起 15 个自然日内回复；标记“处理中”（In progress）的，60 个自然日内最终答复",
      en:
        "CFPB Company Portal Manual: respond within 15 calendar days of the complaint being sent; if marked " +
        '"In progress", a final response within 60 calendar days',
    },
    start: "received",
    unit: "calendar_days",
    allowed: 15,
    // Level 1 = the company marked the complaint "In progress".
    extensions: [60],
    countStartDay: false,
    rollToWorkingDay: false,
    excludePausedDays: false,
    // Only used for elapsed_working_days; US federal holidays are not modelled.
    businessDays: "mon_to_fri",
    notes: {
      zh: "receivedDate 为 CFPB 将投诉转送公司的日期；按自然日计算，不顺延。",
      en: "receivedDate is the date the CFPB sent the complaint to the company; days are calendar days, not rolled.",
    },
  },
};

/** The profile with this id; throws listing the known ids. */
export function getProfile(id: string): ClockProfile {
  const profile = Object.hasOwn(PROFILES, id) ? PROFILES[id] : undefined;
  if (!profile) {
    throw new Error(`unknown clock profile ${JSON.stringify(id)}; known profiles: ${Object.keys(PROFILES).join(", ")}`);
  }
  return profile;
}

/** Invalid input to a clock, with the profile and the offending field. */
export class ClockInputError extends Error {
  readonly profile: string;
  readonly field: string;
  readonly value: unknown;
  constructor(profile: string, field: string, value: unknown, reason: string) {
    super(`clock ${profile}: ${field} = ${JSON.stringify(value)}: ${reason}`);
    this.name = "ClockInputError";
    this.profile = profile;
    this.field = field;
    this.value = value;
  }
}

export interface ClockInput {
  /** The bank's receipt date (for us-cfpb: the date the CFPB sent it). ISO YYYY-MM-DD. */
  receivedDate: string;
  /** The regulator's receipt date; required by profiles that start at `regulator_received`. */
  regulatorReceivedDate?: string | null;
  /** 0 = no extension; 1, 2 = the profile's `extensions[0]`, `[1]`. */
  extensionLevel: number;
  /** Days the clock was stopped (e.g. external appraisal); ignored by profiles without a pause. */
  pausedDays: number;
  /** Selects the profile's `paymentServices` rule if it has one (uk-fca); ignored otherwise. */
  isPaymentService?: boolean;
}

export interface JudgeInput extends ClockInput {
  /** Date the response/decision was given, or null while the complaint is open. */
  respondedDate: string | null;
  /** Date the regulator forwarded the complaint to the bank (the end of a `forwarded` clock), or null. */
  forwardedDate?: string | null;
  /** The "today" of the run; open complaints are judged as of this date. */
  asOfDate: string;
}

export interface Judgement {
  profile_id: string;
  /** The date the clock starts from (received or regulator-received). */
  start_date: string;
  /** Last allowed day, inclusive. */
  deadline: string;
  unit: ClockUnit;
  /** Allowance for this complaint's extension level, in `unit` (paused days not included). */
  allowed_days: number;
  /** null while open; true if responded on or before the deadline. */
  responded_on_time: boolean | null;
  /** Responded after the deadline, or still open with asOfDate after the deadline. */
  breached: boolean;
  /** Open, not breached, and at least AT_RISK_FRACTION of `allowed_days` used (`elapsed_in_unit`). */
  at_risk: boolean;
  /** Calendar days from start_date to the response (or asOfDate when open): end − start. */
  elapsed_calendar_days: number;
  /**
   * Working days after start_date up to and including the end date (the response, or asOfDate when
   * open), on the profile's business days; the start day itself is not counted.
   */
  elapsed_working_days: number;
  /**
   * Allowance used so far, in `unit`, counted the way the rule counts: the start day included only if
   * the rule counts it, paused days removed if the rule pauses. Compared with allowed_days for at_risk.
   */
  elapsed_in_unit: number;
}

interface Resolved {
  rule: ClockRule;
  start: string;
  allowed: number;
  paused: number;
  days: BusinessDays;
}

function resolve(profile: ClockProfile, input: ClockInput, calendar: WorkingCalendar): Resolved {
  const fail = (field: string, value: unknown, reason: string): never => {
    throw new ClockInputError(profile.id, field, value, reason);
  };
  const rule = input.isPaymentService && profile.paymentServices ? profile.paymentServices : profile;

  checkDate(profile.id, "receivedDate", input.receivedDate);
  let start = input.receivedDate;
  if (profile.start === "regulator_received") {
    if (input.regulatorReceivedDate == null) {
      fail("regulatorReceivedDate", input.regulatorReceivedDate, "this clock starts at the regulator's receipt date, which is missing");
    }
    checkDate(profile.id, "regulatorReceivedDate", input.regulatorReceivedDate);
    start = input.regulatorReceivedDate as string;
  }

  const level = input.extensionLevel;
  if (!Number.isInteger(level) || level < 0 || level > rule.extensions.length) {
    fail("extensionLevel", level, `this rule allows extension levels 0–${rule.extensions.length}`);
  }
  const allowed = level === 0 ? rule.allowed : rule.extensions[level - 1];

  const pausedDays = input.pausedDays;
  if (!Number.isInteger(pausedDays) || pausedDays < 0) fail("pausedDays", pausedDays, "expected a non-negative integer");
  const paused = rule.excludePausedDays ? pausedDays : 0;

  const days: BusinessDays = rule.businessDays === "bank_calendar" ? calendar : WEEKDAYS_ONLY;
  return { rule, start, allowed, paused, days };
}

function checkDate(profileId: string, field: string, value: unknown): void {
  try {
    toDayNumber(value as string);
  } catch {
    throw new ClockInputError(profileId, field, value, "expected an ISO date YYYY-MM-DD");
  }
}

function deadlineOf({ rule, start, allowed, paused, days }: Resolved): string {
  const startOffset = rule.countStartDay ? -1 : 0;
  let last: string;
  switch (rule.unit) {
    case "calendar_days":
      last = addCalendarDays(start, allowed + paused + startOffset);
      break;
    case "weeks":
      last = addCalendarDays(start, 7 * allowed + paused + startOffset);
      break;
    case "working_days":
      last = days.addWorkingDays(start, allowed + paused, { includeStart: rule.countStartDay });
      break;
  }
  return rule.rollToWorkingDay ? days.nextWorkingDay(last) : last;
}

/**
 * The last allowed day (inclusive) for a complaint under `profile`.
 * `calendar` supplies working days for `bank_calendar` rules (and throws CalendarCoverageError if the
 * computation reaches a year it does not cover, e.g. a late-December 2026 deadline rolling into 2027).
 */
export function computeDeadline(profile: ClockProfile, input: ClockInput, calendar: WorkingCalendar): string {
  return deadlineOf(resolve(profile, input, calendar));
}

/**
 * Judge one complaint against `profile` as of `asOfDate` (definitions on Judgement):
 * - breached = responded after the deadline, or open with asOfDate after the deadline;
 * - at_risk = open, not breached, with elapsed_in_unit ≥ 80% of allowed_days;
 * - elapsed_* run from the start date to the response date, or to asOfDate while open.
 * A response dated after asOfDate is still taken as given. An end date before the start date is a
 * data error and throws.
 */
export function judge(profile: ClockProfile, clockInput: JudgeInput, calendar: WorkingCalendar): Judgement {
  // the clock's end event: the decision, or for a forwarding clock the forwarding (open until it happens)
  const input = profile.end === "forwarded" ? { ...clockInput, respondedDate: clockInput.forwardedDate ?? null } : clockInput;
  const resolved = resolve(profile, input, calendar);
  const { rule, start, allowed, paused, days } = resolved;
  checkDate(profile.id, "asOfDate", input.asOfDate);
  if (input.respondedDate !== null) checkDate(profile.id, "respondedDate", input.respondedDate);

  const deadline = deadlineOf(resolved);
  const isOpen = input.respondedDate === null;
  const end = input.respondedDate ?? input.asOfDate;
  const elapsedCalendar = calendarDaysBetween(start, end);
  if (elapsedCalendar < 0) {
    const field = isOpen ? "asOfDate" : "respondedDate";
    throw new ClockInputError(profile.id, field, end, `is before the clock's start date ${start}`);
  }
  const elapsedWorking = days.workingDaysBetween(start, end);

  let elapsedInUnit: number;
  switch (rule.unit) {
    case "calendar_days":
      elapsedInUnit = elapsedCalendar + (rule.countStartDay ? 1 : 0) - paused;
      break;
    case "weeks":
      elapsedInUnit = (elapsedCalendar + (rule.countStartDay ? 1 : 0) - paused) / 7;
      break;
    case "working_days":
      elapsedInUnit = elapsedWorking + (rule.countStartDay && days.isWorkingDay(start) ? 1 : 0) - paused;
      break;
  }
  elapsedInUnit = Math.max(0, elapsedInUnit);

  // ISO dates compare correctly as strings.
  const breached = isOpen ? input.asOfDate > deadline : (input.respondedDate as string) > deadline;
  return {
    profile_id: profile.id,
    start_date: start,
    deadline,
    unit: rule.unit,
    allowed_days: allowed,
    responded_on_time: isOpen ? null : !breached,
    breached,
    at_risk: isOpen && !breached && elapsedInUnit >= AT_RISK_FRACTION * allowed,
    elapsed_calendar_days: elapsedCalendar,
    elapsed_working_days: elapsedWorking,
    elapsed_in_unit: elapsedInUnit,
  };
}
