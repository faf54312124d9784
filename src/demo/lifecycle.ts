// One simulated complaint and its life: received → acknowledged → responded → closed, or withdrawn, or
// reopened and closed again. Pure: a complaint is drawn from an Rng, and its state at any moment is a
// function of it, so every export can show the state the bank's system had at export time.
import type { BusinessCategory, Cause, IntakeChannel, Outcome, Satisfaction, Severity, Status } from "../codes.ts";
import type { PiiKind } from "./narratives.ts";
import type { OrgUnit } from "./orgs.ts";
import { sample, type Rng } from "./rng.ts";
import { AT_FAULT_RATE_BY_OUTCOME, HANDLING, OUTCOME_TABLE, REDRESS_RATE_BY_OUTCOME, SATISFACTION_TABLE } from "./shape.ts";
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, type LocalSeconds } from "./time.ts";

export type SourcePipeline = "branch_counter" | "hotline" | "echannel" | "letter_visit" | "regulator_transfer" | "government_transfer";

export interface SimComplaint {
  pipeline: SourcePipeline;
  channel: IntakeChannel;
  sourceId: string;
  customerId: string;
  org: OrgUnit;
  business: BusinessCategory;
  /** null: the export leaves the cause empty. */
  cause: Cause | null;
  narrative: string;
  pii: PiiKind | null;
  isComplaint: boolean;
  severity: Severity;
  received: LocalSeconds;
  acknowledged: LocalSeconds | null;
  responded: LocalSeconds | null;
  closed: LocalSeconds | null;
  withdrawn: LocalSeconds | null;
  reopened: LocalSeconds | null;
  reclosed: LocalSeconds | null;
  extension: 0 | 1 | 2;
  paused: number;
  outcome: Outcome | null;
  atFault: boolean | null;
  redress: number | null;
  satisfaction: Satisfaction;
  /** Transfers: when the regulator (or government hotline) received it, and when it forwarded it. */
  regulatorReceived: LocalSeconds | null;
  forwarded: LocalSeconds | null;
  /** Transfers: the regulator's form number (转办单号). */
  transferNo: string | null;
}

export interface Handling {
  /** Probability of deciding after the 15-day limit without an extension. */
  breachRate: number;
  /** Force the decision after this many days (planted scenarios); otherwise drawn. */
  decisionDays?: number;
  satisfaction?: Satisfaction;
}

/** Snapshot of a complaint as the source system shows it at a moment. */
export interface StateAt {
  status: Status;
  updated: LocalSeconds;
  acknowledged: LocalSeconds | null;
  responded: LocalSeconds | null;
  closed: LocalSeconds | null;
  /** Decided fields (outcome, fault, redress, survey) are known once closed. */
  decided: boolean;
}

const BUSINESS_HOURS = [9, 10, 11, 14, 15, 16];

function at(rng: Rng, day: LocalSeconds): LocalSeconds {
  return day + rng.pick(BUSINESS_HOURS) * SECONDS_PER_HOUR + rng.int(0, 59) * 60;
}

/** Draws how the bank handles a complaint received at `received` (in place on `c`). */
export function simulateHandling(rng: Rng, c: SimComplaint, handling: Handling): void {
  const startOfReceivedDay = Math.floor(c.received / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  c.acknowledged = c.received + rng.int(5, 240) * 60;
  if (rng.chance(HANDLING.withdrawRate) && handling.decisionDays === undefined) {
    c.withdrawn = at(rng, startOfReceivedDay + rng.int(1, 6) * SECONDS_PER_DAY);
    c.outcome = "withdrawn";
    c.satisfaction = "not_surveyed";
    return;
  }
  let days: number;
  const u = rng.next();
  if (handling.decisionDays !== undefined) days = handling.decisionDays;
  else if (u < HANDLING.extension2Rate) {
    c.extension = 2;
    days = rng.int(31, 58);
  } else if (u < HANDLING.extension2Rate + HANDLING.extension1Rate) {
    c.extension = 1;
    days = rng.int(16, 29);
  } else if (rng.chance(handling.breachRate)) days = rng.int(17, 26);
  else if (rng.chance(HANDLING.quickRate)) days = rng.int(0, 1);
  else days = Math.min(13, Math.max(2, Math.round(rng.logNormal(Math.log(5), 0.45))));
  if (rng.chance(HANDLING.pausedRate)) {
    c.paused = rng.int(3, 10);
    days += c.paused;
  }
  c.responded = Math.max(c.acknowledged, at(rng, startOfReceivedDay + days * SECONDS_PER_DAY));
  c.closed = c.responded + rng.int(0, 3) * SECONDS_PER_DAY + rng.int(10, 120) * 60;
  c.outcome = sample(rng, OUTCOME_TABLE);
  const outcome = c.outcome as keyof typeof AT_FAULT_RATE_BY_OUTCOME;
  c.atFault = rng.chance(AT_FAULT_RATE_BY_OUTCOME[outcome]);
  c.redress = rng.chance(REDRESS_RATE_BY_OUTCOME[outcome]) ? rng.int(2, 200) * 10 : null;
  c.satisfaction = handling.satisfaction ?? sample(rng, SATISFACTION_TABLE);
  if (rng.chance(HANDLING.reopenRate)) {
    c.reopened = c.closed + rng.int(3, 20) * SECONDS_PER_DAY;
    c.reclosed = c.reopened + rng.int(2, 10) * SECONDS_PER_DAY;
  }
}

/** Every moment the complaint's state changes, in order. */
export function eventTimes(c: SimComplaint): LocalSeconds[] {
  return [c.received, c.acknowledged, c.responded, c.closed, c.withdrawn, c.reopened, c.reclosed].filter((t): t is number => t !== null);
}

/** The state the source system shows at moment `t` (t ≥ received). */
export function stateAt(c: SimComplaint, t: LocalSeconds): StateAt {
  const seen = (x: LocalSeconds | null) => (x !== null && x <= t ? x : null);
  const acknowledged = seen(c.acknowledged);
  const responded = seen(c.responded);
  const closed = seen(c.closed);
  const withdrawn = seen(c.withdrawn);
  const reopened = seen(c.reopened);
  const reclosed = seen(c.reclosed);
  if (withdrawn !== null) return { status: "withdrawn", updated: withdrawn, acknowledged, responded: null, closed: null, decided: true };
  if (reclosed !== null) return { status: "closed", updated: reclosed, acknowledged, responded, closed: reclosed, decided: true };
  if (reopened !== null) return { status: "reopened", updated: reopened, acknowledged, responded, closed: null, decided: false };
  if (closed !== null) return { status: "closed", updated: closed, acknowledged, responded, closed, decided: true };
  if (responded !== null) return { status: "responded", updated: responded, acknowledged, responded, closed: null, decided: false };
  if (acknowledged !== null) return { status: "in_progress", updated: acknowledged, acknowledged, responded: null, closed: null, decided: false };
  return { status: "received", updated: c.received, acknowledged: null, responded: null, closed: null, decided: false };
}
