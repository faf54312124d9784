// Reference tables the SQL models join, written from the TypeScript that owns each rule, so SQL and
// TypeScript can never disagree: code lists (src/codes.ts), the working-day calendar (src/calendar/),
// clock profiles (src/clock/profiles.ts) and which profiles judge which pipeline (pipelines/).
import type { DuckDBConnection } from "@duckdb/node-api";
import { BANK_CHANNEL_GROUPS, CHANNEL_GROUP, CODE_LISTS, ESCALATION_CHANNELS, GROUP_SIDE, OPEN_STATUSES } from "../codes.ts";
import type { CalendarYearInfo, WorkingCalendar } from "../calendar/index.ts";
import { causeRuleRows, loadCauseRules, type CauseRule } from "../classify/rules.ts";
import { AT_RISK_FRACTION, PROFILES, type ClockProfile, type ClockRule } from "../clock/profiles.ts";
import { exec } from "../db/warehouse.ts";
import type { PipelineSpec } from "../ingest/pipeline.ts";

/** One row of ref.clock_profiles: one rule of a profile as the SQL model reads it. */
export interface ClockProfileRow {
  profile_id: string;
  /** `default`, or `payment_services` for the rule that replaces it for payment complaints (uk-fca). */
  variant: "default" | "payment_services";
  /** `bank_calendar` (mainland holidays and 调休) or `mon_to_fri`. */
  business_days: "bank_calendar" | "mon_to_fri";
  start_event: "received" | "regulator_received";
  /** What stops the clock: `decided` (the response, else the closing) or `forwarded` (the regulator's transfer). */
  end_event: "decided" | "forwarded";
  unit: "calendar_days" | "working_days";
  base_days: number;
  extension1_days: number;
  extension2_days: number;
  count_start_day: boolean;
  roll_to_working_day: boolean;
  exclude_paused: boolean;
}

/** The profile's rules as rows; weeks become calendar days (7 each), extensions become totals by level. */
export function clockProfileRows(profile: ClockProfile): ClockProfileRow[] {
  const row = (rule: ClockRule, variant: ClockProfileRow["variant"]): ClockProfileRow => {
    const factor = rule.unit === "weeks" ? 7 : 1;
    const level1 = rule.extensions[0] ?? rule.allowed;
    const level2 = rule.extensions[1] ?? level1;
    return {
      profile_id: profile.id,
      variant,
      business_days: rule.businessDays,
      start_event: profile.start,
      end_event: profile.end ?? "decided",
      unit: rule.unit === "working_days" ? "working_days" : "calendar_days",
      base_days: rule.allowed * factor,
      extension1_days: level1 * factor,
      extension2_days: level2 * factor,
      count_start_day: rule.countStartDay,
      roll_to_working_day: rule.rollToWorkingDay,
      exclude_paused: rule.excludePausedDays,
    };
  };
  return [row(profile, "default"), ...(profile.paymentServices ? [row(profile.paymentServices, "payment_services")] : [])];
}

/**
 * Emerging-issue test (docs/design.md §5): a cell's month is flagged when it has at least `minCount` complaints,
 * a Poisson z-score ≥ `minZ` and a lift ≥ `minLift` over the mean of its previous `baselineMonths` months
 * (with at least `baselineMonthsMin` months of history).
 */
export const EMERGING_DEFAULTS = { baselineMonths: 6, baselineMonthsMin: 3, minCount: 10, minZ: 4, minLift: 2 };

/**
 * Recurrence windows (docs/design.md §5), in calendar days of the bank's timezone: a repeat after close
 * follows a closing by at most `repeatAfterCloseDays` days, an escalation its bank-channel complaint by at
 * most `escalationDays`, counted date to date (day 90 counts whatever the time of day).
 */
/**
 * The tier-1 scorecard's measures (mart_org_peer_ranks_quarterly): a branch is ranked on each among its peers,
 * rank 1 the most in need of attention, which is the highest value where higher is worse and the lowest
 * otherwise. `received` is not ranked on the pages; its median is the scorecard's median row.
 */
export const SCORECARD_MEASURES = [
  { measure: "received", higherIsWorse: true },
  { measure: "per_10k_customers", higherIsWorse: true },
  { measure: "breach_rate", higherIsWorse: true },
  { measure: "on_time_rate", higherIsWorse: false },
  { measure: "repeat_after_close_rate", higherIsWorse: true },
  { measure: "satisfaction_rate", higherIsWorse: false },
] as const;

/** The backlog's aging buckets, calendar days since receipt at the quarter's end (the last one open-ended). */
export const AGING_BUCKETS = [
  { bucket: "0-7", order: 1, minDays: 0, maxDays: 7 },
  { bucket: "8-15", order: 2, minDays: 8, maxDays: 15 },
  { bucket: "16-30", order: 3, minDays: 16, maxDays: 30 },
  { bucket: "31-60", order: 4, minDays: 31, maxDays: 60 },
  { bucket: ">60", order: 5, minDays: 61, maxDays: null },
] as const;

/** The FCA-style response-time bands (DISP 1.5, 1.6.2R): within 3 business days, within 8 weeks. */
export const RESPONSE_BANDS = { businessDays: 3, calendarDays: 56 } as const;

export const RECURRENCE_WINDOWS = { repeatAfterCloseDays: 90, escalationDays: 90 } as const;

export async function writeReferenceTables(
  connection: DuckDBConnection,
  options: {
    calendar: WorkingCalendar;
    /** Where each calendar year comes from (resolveCalendar); default: checked-in, or provisional as the calendar marks it. */
    calendarYears?: readonly CalendarYearInfo[];
    pipelines: readonly PipelineSpec[];
    asOfDate: string;
    headlineProfile: string;
    emerging?: Partial<typeof EMERGING_DEFAULTS>;
    /** Cause classifier rules; default: src/classify/cause-rules.json. */
    causeRules?: readonly CauseRule[];
  },
): Promise<void> {
  await connection.run("create schema if not exists ref");
  await connection.run(`create or replace table ref.code_labels (list varchar, code varchar, label_zh varchar, label_en varchar)`);
  await appendRows(
    connection,
    "code_labels",
    Object.entries(CODE_LISTS).flatMap(([list, codes]) =>
      Object.entries(codes).map(([code, label]) => [list, code, (label as { zh: string }).zh, (label as { en: string }).en]),
    ),
  );
  // Each channel's group and side, whether it reaches the bank itself (an escalation starts there) and
  // whether a complaint through it is an escalation outside the bank (src/codes.ts owns all four)
  await connection.run(
    `create or replace table ref.channel_groups (intake_channel varchar, intake_group varchar, intake_side varchar,
       is_bank_channel boolean, is_escalation_channel boolean)`,
  );
  await appendRows(
    connection,
    "channel_groups",
    Object.entries(CHANNEL_GROUP).map(([channel, group]) => [
      channel,
      group,
      GROUP_SIDE[group],
      (BANK_CHANNEL_GROUPS as readonly string[]).includes(group),
      (ESCALATION_CHANNELS as readonly string[]).includes(channel),
    ]),
  );
  await connection.run("create or replace table ref.aging_buckets (aging_bucket varchar, bucket_order integer, min_days integer, max_days integer)");
  await appendRows(
    connection,
    "aging_buckets",
    AGING_BUCKETS.map((b) => [b.bucket, b.order, b.minDays, b.maxDays]),
  );
  await connection.run("create or replace table ref.scorecard_measures (measure varchar, higher_is_worse boolean)");
  await appendRows(
    connection,
    "scorecard_measures",
    SCORECARD_MEASURES.map((m) => [m.measure, m.higherIsWorse]),
  );
  // Statuses in which a decision is still owed (src/codes.ts): the one list the clocks read.
  await connection.run(`create or replace table ref.open_statuses (status varchar)`);
  await appendRows(
    connection,
    "open_statuses",
    OPEN_STATUSES.map((s) => [s]),
  );

  const years = options.calendar.coveredYears();
  const rows = options.calendar.rows(`${Math.min(...years)}-01-01`, `${Math.max(...years)}-12-31`);
  await connection.run(
    `create or replace table ref.calendar (date date, is_working_day boolean, is_statutory_holiday boolean, is_makeup_workday boolean,
       holiday_name_zh varchar, working_day_seq integer, next_working_day date, is_weekday boolean, weekday_seq integer, next_weekday date,
       is_provisional boolean)`,
  );
  // Monday–Friday without holidays, for the UK/US rules (src/clock/profiles.ts, businessDays mon_to_fri).
  let weekdaySeq = 0;
  const weekdays = rows.map((r) => {
    const day = new Date(`${r.date}T00:00:00Z`).getUTCDay();
    const isWeekday = day >= 1 && day <= 5;
    if (isWeekday) weekdaySeq++;
    const ahead = isWeekday ? 0 : day === 6 ? 2 : 1;
    const next = new Date(Date.parse(`${r.date}T00:00:00Z`) + ahead * 86_400_000).toISOString().slice(0, 10);
    return { isWeekday, weekdaySeq, next };
  });
  await appendRows(
    connection,
    "calendar",
    rows.map((r, i) => [
      r.date,
      r.is_working_day,
      r.is_statutory_holiday,
      r.is_makeup_workday,
      r.holiday_name_zh,
      r.working_day_seq,
      r.next_working_day,
      weekdays[i].isWeekday,
      weekdays[i].weekdaySeq,
      weekdays[i].next,
      r.is_provisional,
    ]),
    ["date", null, null, null, null, null, "date", null, null, "date", null],
  );
  // Where each year comes from: a notice (checked in), a bank file, or the statutory rule (provisional).
  const calendarYears =
    options.calendarYears ??
    options.calendar.years.map((y) => ({
      year: y.year,
      origin: options.calendar.provisional.has(y.year) ? "provisional" : "checked-in",
      source: y.source,
      file: null,
    }));
  await connection.run(`create or replace table ref.calendar_years (year integer, origin varchar, source varchar, file varchar, is_provisional boolean)`);
  await appendRows(
    connection,
    "calendar_years",
    calendarYears.map((y) => [y.year, y.origin, y.source, y.file, y.origin === "provisional"]),
  );

  await connection.run(
    `create or replace table ref.clock_profiles (profile_id varchar, variant varchar, business_days varchar, start_event varchar, end_event varchar, unit varchar,
       base_days integer, extension1_days integer, extension2_days integer, count_start_day boolean, roll_to_working_day boolean, exclude_paused boolean)`,
  );
  await appendRows(
    connection,
    "clock_profiles",
    Object.values(PROFILES)
      .flatMap(clockProfileRows)
      .map((r) => [
        r.profile_id,
        r.variant,
        r.business_days,
        r.start_event,
        r.end_event,
        r.unit,
        r.base_days,
        r.extension1_days,
        r.extension2_days,
        r.count_start_day,
        r.roll_to_working_day,
        r.exclude_paused,
      ]),
  );
  await connection.run(`create or replace table ref.pipeline_profiles (pipeline varchar, profile_id varchar)`);
  await appendRows(
    connection,
    "pipeline_profiles",
    options.pipelines.flatMap((p) => p.clockProfiles.map((id) => [p.name, id])),
  );
  await connection.run(
    `create or replace table ref.cause_rules (rule_id varchar, rule_order integer, priority integer, cause_code varchar, lang varchar,
       keyword varchar, keyword_order integer, literal varchar, pattern varchar)`,
  );
  await appendRows(
    connection,
    "cause_rules",
    causeRuleRows(options.causeRules ?? loadCauseRules()).map((r) => [
      r.rule_id,
      r.rule_order,
      r.priority,
      r.cause_code,
      r.lang,
      r.keyword,
      r.keyword_order,
      r.literal,
      r.pattern,
    ]),
  );
  const emerging = { ...EMERGING_DEFAULTS, ...options.emerging };
  await exec(
    connection,
    `create or replace table ref.run_params as select cast($as_of as date) as as_of_date, $headline as headline_profile,
       cast($baseline_months as integer) as baseline_months, cast($baseline_months_min as integer) as baseline_months_min,
       cast($min_count as integer) as emerging_min_count, cast($min_z as double) as emerging_min_z, cast($min_lift as double) as emerging_min_lift,
       $calendar_name as calendar_name, cast($at_risk_fraction as double) as at_risk_fraction,
       cast($repeat_days as integer) as repeat_window_days, cast($escalation_days as integer) as escalation_window_days,
       cast($band_business_days as integer) as band_business_days, cast($band_calendar_days as integer) as band_calendar_days`,
    {
      calendar_name: options.calendar.name,
      as_of: options.asOfDate,
      headline: options.headlineProfile,
      baseline_months: emerging.baselineMonths,
      baseline_months_min: emerging.baselineMonthsMin,
      min_count: emerging.minCount,
      min_z: emerging.minZ,
      min_lift: emerging.minLift,
      at_risk_fraction: AT_RISK_FRACTION,
      repeat_days: RECURRENCE_WINDOWS.repeatAfterCloseDays,
      escalation_days: RECURRENCE_WINDOWS.escalationDays,
      band_business_days: RESPONSE_BANDS.businessDays,
      band_calendar_days: RESPONSE_BANDS.calendarDays,
    },
  );
}

/** Inserts literal rows through a VALUES list built from bound parameters. */
async function appendRows(connection: DuckDBConnection, table: string, rows: unknown[][], casts: (string | null)[] = []): Promise<void> {
  const chunk = 500;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const cells = row.map((value, i) => {
        params.push(value ?? null);
        const placeholder = `$${params.length}`;
        return casts[i] ? `cast(${placeholder} as ${casts[i]})` : placeholder;
      });
      return `(${cells.join(", ")})`;
    });
    await connection.run(`insert into ref.${table} values ${tuples.join(", ")}`, params as never);
  }
}
