// The real world's shape the sample imitates (docs/design.md §8). Shares are of tickets, before planted signals.
// Sources: NFRA bulletin 2023-Q1 for business categories (个人贷款 57.0%, 信用卡 30.6%); a large bank's
// 2025 consumer-protection disclosure for causes (管理制度/业务规则与流程 ~73%, 定价收费 ~9%,
// 服务设施设备系统 ~6%, 服务态度 ~4%, 债务催收方式 ~3%).
import type { BusinessCategory, Cause, IntakeChannel, Satisfaction, Severity } from "../codes.ts";
import { weighted } from "./rng.ts";

/**
 * Intake channel mix: hotline ~43%, e-channels 35% (mobile app dominant), branch counters ~18%; letters and
 * visits, regulator transfers (12378) and government transfers (12345) make up the small rest.
 */
export const CHANNEL_SHARES: Readonly<Partial<Record<IntakeChannel, number>>> = {
  letter_visit: 0.01,
  regulator_transfer: 0.03,
  government_transfer: 0.01,
  hotline: 0.43,
  mobile_app: 0.35 * 0.68,
  wechat: 0.35 * 0.15,
  online_banking: 0.35 * 0.11,
  website: 0.35 * 0.035,
  sms: 0.35 * 0.025,
  branch_counter: 0.18,
};

export const BUSINESS_SHARES: Readonly<Record<BusinessCategory, number>> = {
  personal_loan: 0.57,
  credit_card: 0.306,
  debit_card: 0.035,
  payment_settlement: 0.025,
  rmb_savings: 0.012,
  wealth_management: 0.012,
  agency: 0.008,
  debt_collection: 0.008,
  personal_info: 0.007,
  foreign_exchange: 0.003,
  precious_metals: 0.003,
  rmb_management: 0.002,
  other: 0.009,
};
export const BUSINESS_TABLE = weighted(Object.entries(BUSINESS_SHARES) as [BusinessCategory, number][]);

export const CAUSE_SHARES: Readonly<Record<Cause, number>> = {
  rules_process: 0.73,
  pricing_fees: 0.09,
  facilities_systems: 0.06,
  service_quality: 0.04,
  collection_methods: 0.03,
  marketing: 0.012,
  disclosure: 0.01,
  contract_terms: 0.008,
  fund_security: 0.006,
  info_security: 0.005,
  free_choice: 0.003,
  product_yield: 0.003,
  other: 0.003,
};
export const CAUSE_TABLE = weighted(Object.entries(CAUSE_SHARES) as [Cause, number][]);

/** Share of rows whose export leaves the cause empty (narrative only; kesu classifies them). */
export const EMPTY_CAUSE_RATE = 0.08;

/** Share of tickets that are not complaints (意见/建议/咨询, ENQUIRY, SUGGESTION): kept, not counted. */
export const NON_COMPLAINT_RATE = 0.03;

export const SEVERITY_TABLE = weighted<Severity>([
  ["normal", 0.92],
  ["major", 0.07],
  ["urgent", 0.01],
]);

/** Share of tickets that contain planted PII in the narrative. */
export const PII_RATE = 0.02;

/** Share of rows per file deliberately made invalid (each with exactly one defect). */
export const BAD_ROW_RATE = 0.005;

/**
 * Handling: how long the bank takes to notify its decision. The NFRA limit is 15 days (extendable to 30,
 * and to 60 when especially complex; CBIRC Order 2020 No.3 art. 19); most banks decide within 2–12 days.
 */
export const HANDLING = {
  /** Decided after the deadline (without an extension). */
  breachRate: 0.05,
  /** Extended once (decided in 16–30 days). */
  extension1Rate: 0.05,
  /** Extended twice (decided in 31–60 days). */
  extension2Rate: 0.01,
  /** Withdrawn by the customer before a decision. */
  withdrawRate: 0.02,
  /** Decided the same or the next day. */
  quickRate: 0.08,
  /** Days of external appraisal or testing, excluded from the clock. */
  pausedRate: 0.02,
  /** Closed complaints the customer reopens. */
  reopenRate: 0.015,
} as const;

/** Decision outcomes; at-fault (有责) follows the outcome and comes to ~30% overall. */
export const OUTCOME_TABLE = weighted([
  ["upheld", 0.22],
  ["partly_upheld", 0.18],
  ["rejected", 0.6],
] as const);
export const AT_FAULT_RATE_BY_OUTCOME = { upheld: 0.85, partly_upheld: 0.45, rejected: 0.06 } as const;
export const REDRESS_RATE_BY_OUTCOME = { upheld: 0.4, partly_upheld: 0.25, rejected: 0 } as const;

/** 回访 (follow-up survey) at closing: mostly satisfied. */
export const SATISFACTION_TABLE = weighted<Satisfaction>([
  ["satisfied", 0.7],
  ["neutral", 0.06],
  ["unsatisfied", 0.04],
  ["unreachable", 0.07],
  ["not_surveyed", 0.13],
]);

/**
 * Daily volume relative to an ordinary working day. Remote channels keep working at weekends; branch
 * counters mostly close. 调休 make-up Saturdays are working days (the calendar says so), so they get the
 * working-day volume.
 */
export const DAY_WEIGHTS = {
  working: 1,
  /** By channel group, for weekends and other non-working days. */
  restDay: { branch_counter: 0.3, hotline: 0.55, echannel: 0.8, letter_visit: 0.1, regulator_transfer: 0.2, government_transfer: 0.2 },
  /** Multiplier on top of the rest-day weight during statutory holidays; 春节 is the deepest dip. */
  holiday: 0.75,
  springFestival: 0.35,
  /** The first working days after 春节 are still quiet. */
  afterSpringFestival: 0.75,
  afterSpringFestivalDays: 5,
  /** Mondays carry the weekend's backlog. */
  monday: 1.1,
  friday: 0.95,
  /** Day-to-day noise (log-normal sigma). */
  noiseSigma: 0.08,
  /** Growth over the whole period (e.g. 0.06 = 6% more per day at the end than at the start). */
  trend: 0.06,
} as const;

/** Hour-of-day profiles (24 weights) for receipt times, by channel group. */
export const HOUR_WEIGHTS = {
  branch_counter: [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 10, 10, 7, 6, 9, 9, 8, 4, 0, 0, 0, 0, 0, 0],
  hotline: [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 5, 9, 10, 10, 7, 7, 9, 9, 8, 7, 6, 6, 5, 4, 3, 2],
  echannel: [2, 1.2, 0.7, 0.4, 0.4, 0.6, 1.5, 3, 5, 7, 8, 8, 7, 7, 7, 7, 7, 7, 7, 8, 9, 9, 7, 4],
  /** Letters are registered, and transfers received, in office hours. */
  letter_visit: [0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 10, 4, 6, 10, 10, 8, 2, 0, 0, 0, 0, 0, 0],
  regulator_transfer: [0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 10, 4, 6, 10, 10, 8, 2, 0, 0, 0, 0, 0, 0],
  government_transfer: [0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 10, 4, 6, 10, 10, 8, 2, 0, 0, 0, 0, 0, 0],
} as const;
