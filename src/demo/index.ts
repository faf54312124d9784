// `kesu demo`: the deterministic sample (docs/design.md §8). Simulates a bank's complaints over a period with the
// real world's shape, writes each source system's monthly exports with the state the system had at export
// time (re-exporting complaints whose state changed), plants known signals and bad rows, and writes all of
// it down in demo/signals.json so tests can prove the pipeline finds each one from the exports alone.
import { DEMO_TOKEN_FILE, demoToken } from "../config/config.ts";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BusinessCategory, Cause, IntakeChannel } from "../codes.ts";
import { isWorkingDay, holidayName } from "../calendar/index.ts";
import { eventTimes, simulateHandling, stateAt, type SimComplaint, type SourcePipeline } from "./lifecycle.ts";
import { narrative, outageNarrative, PII_KINDS, withPii, type PiiKind } from "./narratives.ts";
import { dimOrgCsv, OrgDirectory, type OrgUnit } from "./orgs.ts";
import { createRng, sample, weighted, type Rng } from "./rng.ts";
import {
  BAD_ROW_RATE,
  BUSINESS_TABLE,
  CAUSE_TABLE,
  CHANNEL_SHARES,
  DAY_WEIGHTS,
  EMPTY_CAUSE_RATE,
  HANDLING,
  HOUR_WEIGHTS,
  NON_COMPLAINT_RATE,
  PII_RATE,
  SEVERITY_TABLE,
} from "./shape.ts";
import {
  firstDayOfMonthIndex,
  formatLocal,
  isoDate,
  isoWeekday,
  monthIndexOf,
  monthKey,
  parseIsoDate,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  type LocalSeconds,
} from "./time.ts";
import { WRITERS, type Cells, type ExportRow } from "./writers.ts";

export interface DemoOptions {
  seed: number;
  complaints: number;
  /** ISO date, inclusive. */
  from: string;
  /** ISO date, inclusive. */
  to: string;
  dataDir: string;
}

export interface DemoResult {
  /** Relative to dataDir. */
  files: string[];
  complaints: number;
  rows: number;
  signalsFile: string;
}

export const DEMO_DEFAULTS = { seed: 20251, complaints: 50_000, from: "2024-10-01", to: "2026-09-30" } as const;

const PIPELINE_OF: Record<string, SourcePipeline> = {
  branch_counter: "branch_counter",
  hotline: "hotline",
  letter_visit: "letter_visit",
  regulator_transfer: "regulator_transfer",
  government_transfer: "government_transfer",
  mobile_app: "echannel",
  wechat: "echannel",
  online_banking: "echannel",
  sms: "echannel",
  website: "echannel",
};
const CHANNEL_TABLE = weighted(Object.entries(CHANNEL_SHARES) as [IntakeChannel, number][]);
const ID_PREFIX: Record<SourcePipeline, string> = {
  branch_counter: "BC",
  hotline: "HL",
  echannel: "EC",
  letter_visit: "XF",
  regulator_transfer: "JG",
  government_transfer: "ZF",
};
const SOURCES: readonly SourcePipeline[] = ["branch_counter", "hotline", "echannel", "letter_visit", "regulator_transfer", "government_transfer"];

/** Relative volume of a day for a channel group: weekends, holidays, Spring Festival, 调休 Saturdays. */
function dayWeight(day: number, group: SourcePipeline, firstDay: number, lastDay: number): number {
  const date = isoDate(day);
  const working = isWorkingDay(date);
  let w = working ? DAY_WEIGHTS.working : DAY_WEIGHTS.restDay[group];
  const holiday = holidayName(date);
  if (holiday) w *= holiday.includes("春节") ? DAY_WEIGHTS.springFestival : DAY_WEIGHTS.holiday;
  else if (working) {
    for (let back = 1; back <= DAY_WEIGHTS.afterSpringFestivalDays + 4; back++) {
      if (holidayName(isoDate(day - back))?.includes("春节")) {
        w *= DAY_WEIGHTS.afterSpringFestival;
        break;
      }
    }
    const weekday = isoWeekday(day);
    if (weekday === 1) w *= DAY_WEIGHTS.monday;
    if (weekday === 5) w *= DAY_WEIGHTS.friday;
  }
  return w * (1 + (DAY_WEIGHTS.trend * (day - firstDay)) / Math.max(1, lastDay - firstDay));
}

interface Planted {
  outage: { channel: IntakeChannel; days: string[]; complaints: number; source_ids: string[] };
  chronic: { org_code: string; org_name_zh: string; breach_rate_planted: number; baseline_breach_rate: number };
  cohort: { customer_id: string; business_category: BusinessCategory; source_ids: string[]; duplicates_while_open: string[]; repeats_after_close: string[] }[];
  escalations: { customer_id: string; first: string; second: string; days_after_close: number }[];
}

export async function generateSample(options: DemoOptions): Promise<DemoResult> {
  const firstDay = parseIsoDate(options.from);
  const lastDay = parseIsoDate(options.to);
  if (!(lastDay >= firstDay)) throw new Error(`--from ${options.from} must not be after --to ${options.to}`);
  if (!Number.isInteger(options.complaints) || options.complaints < 1) throw new Error("--complaints must be a positive integer");
  const rng = createRng(options.seed);
  const orgs = new OrgDirectory();

  // Planted: the chronic-breach branch is a fixed tier-2 branch, so docs and tests can name it.
  const chronicBranch = orgs.tier2[Math.min(3, orgs.tier2.length - 1)];
  const complaints: SimComplaint[] = [];
  const seq = Object.fromEntries(SOURCES.map((p) => [p, 0])) as Record<SourcePipeline, number>;
  const customerPool = Math.max(1000, options.complaints * 3);

  const days: number[] = [];
  for (let d = firstDay; d <= lastDay; d++) days.push(d);
  const dayTables = Object.fromEntries(
    SOURCES.map((group) => [group, weighted(days.map((d) => [d, dayWeight(d, group, firstDay, lastDay)] as const))]),
  ) as Record<SourcePipeline, ReturnType<typeof weighted<number>>>;
  const hourTables = Object.fromEntries(SOURCES.map((group) => [group, weighted(HOUR_WEIGHTS[group].map((w, h) => [h, w] as const))])) as Record<
    SourcePipeline,
    ReturnType<typeof weighted<number>>
  >;

  const make = (
    r: Rng,
    fields: { channel: IntakeChannel; received: LocalSeconds; customerId: string; business: BusinessCategory; cause: Cause; org?: OrgUnit; text?: string },
  ): SimComplaint => {
    const pipeline = PIPELINE_OF[fields.channel];
    const org = fields.org ?? (pipeline === "branch_counter" ? orgs.randomOutlet(r) : orgs.randomResponsibleUnit(r));
    let text = fields.text ?? narrative(r, fields.business, fields.cause);
    let pii: PiiKind | null = null;
    if (r.chance(PII_RATE)) {
      pii = r.pick(PII_KINDS);
      text = withPii(r, text, pii);
    }
    const month = monthKey(monthIndexOf(Math.floor(fields.received / SECONDS_PER_DAY)));
    seq[pipeline] += 1;
    const c: SimComplaint = {
      pipeline,
      channel: fields.channel,
      sourceId: `${ID_PREFIX[pipeline]}${month}${String(seq[pipeline]).padStart(pipeline === "branch_counter" ? 6 : 7, "0")}`,
      customerId: fields.customerId,
      org,
      business: fields.business,
      cause: r.chance(EMPTY_CAUSE_RATE) ? null : fields.cause,
      narrative: text,
      pii,
      isComplaint: !r.chance(NON_COMPLAINT_RATE),
      severity: sample(r, SEVERITY_TABLE),
      received: fields.received,
      acknowledged: null,
      responded: null,
      closed: null,
      withdrawn: null,
      reopened: null,
      reclosed: null,
      extension: 0,
      paused: 0,
      outcome: null,
      atFault: null,
      redress: null,
      satisfaction: "not_surveyed",
      regulatorReceived: null,
      forwarded: null,
      transferNo: null,
    };
    if (pipeline === "regulator_transfer" || pipeline === "government_transfer") {
      // The regulator received it a few days earlier and forwarded it on the bank's receipt day; a few
      // forwards are late (over 3 working days, cn-regulator-forward).
      const day = Math.floor(fields.received / SECONDS_PER_DAY);
      c.regulatorReceived = (day - (r.chance(0.1) ? r.int(5, 9) : r.int(0, 3))) * SECONDS_PER_DAY + 10 * SECONDS_PER_HOUR;
      c.forwarded = day * SECONDS_PER_DAY + 9 * SECONDS_PER_HOUR;
      c.transferNo = `${pipeline === "regulator_transfer" ? "12378" : "12345"}-${month}-${String(seq[pipeline]).padStart(6, "0")}`;
    }
    return c;
  };
  const breachRateOf = (c: SimComplaint) => (orgs.isWithin(c.org.org_code, chronicBranch.org_code) ? 0.4 : HANDLING.breachRate);

  // Ordinary complaints.
  const base = rng.fork("base");
  for (let i = 0; i < options.complaints; i++) {
    const channel = sample(base, CHANNEL_TABLE);
    const group = PIPELINE_OF[channel];
    const day = sample(base, dayTables[group]);
    const received = day * SECONDS_PER_DAY + sample(base, hourTables[group]) * SECONDS_PER_HOUR + base.int(0, 3599);
    const c = make(base, {
      channel,
      received,
      customerId: `C${String(base.int(1, customerPool)).padStart(8, "0")}`,
      business: sample(base, BUSINESS_TABLE),
      cause: sample(base, CAUSE_TABLE),
    });
    simulateHandling(base, c, { breachRate: breachRateOf(c) });
    complaints.push(c);
  }

  // Planted 1: a three-day mobile-app outage spike (2025-08-12 when the period covers it).
  const outageRng = rng.fork("outage");
  let outageStart = parseIsoDate("2025-08-12");
  if (outageStart < firstDay || outageStart + 2 > lastDay) outageStart = firstDay + Math.floor((lastDay - firstDay) * 0.7);
  const outageCount = Math.max(30, Math.round(options.complaints * 0.008));
  const outage: Planted["outage"] = { channel: "mobile_app", days: [0, 1, 2].map((k) => isoDate(outageStart + k)), complaints: outageCount, source_ids: [] };
  for (let i = 0; i < outageCount; i++) {
    const day = outageStart + (i % 3);
    const c = make(outageRng, {
      channel: "mobile_app",
      received: day * SECONDS_PER_DAY + outageRng.int(7 * 3600, 23 * 3600),
      customerId: `C${String(outageRng.int(1, customerPool)).padStart(8, "0")}`,
      business: outageRng.chance(0.6) ? "payment_settlement" : "debit_card",
      cause: "facilities_systems",
      text: outageNarrative(outageRng),
    });
    c.cause = "facilities_systems";
    c.isComplaint = true;
    simulateHandling(outageRng, c, { breachRate: breachRateOf(c) });
    complaints.push(c);
    outage.source_ids.push(c.sourceId);
  }

  // Planted 3: a cohort of repeat complainers on one business category each.
  const cohortRng = rng.fork("cohort");
  const cohort: Planted["cohort"] = [];
  const cohortSize = Math.max(5, Math.min(40, Math.round(options.complaints / 1000)));
  for (let k = 0; k < cohortSize; k++) {
    // Planted customers look like everyone else: ids above the ordinary pool.
    const customerId = `C${String(customerPool + k + 1).padStart(8, "0")}`;
    const business: BusinessCategory = cohortRng.chance(0.6) ? "credit_card" : "personal_loan";
    const entry: Planted["cohort"][number] = {
      customer_id: customerId,
      business_category: business,
      source_ids: [],
      duplicates_while_open: [],
      repeats_after_close: [],
    };
    let previous: SimComplaint | null = null;
    let day = firstDay + cohortRng.int(0, Math.floor((lastDay - firstDay) / 3));
    const count = cohortRng.int(4, 8);
    for (let n = 0; n < count; n++) {
      let kind: "first" | "duplicate" | "repeat" = "first";
      if (previous) {
        if (cohortRng.chance(0.35) && previous.responded !== null) {
          kind = "duplicate"; // filed again before the bank decided the earlier one
          day = Math.floor(previous.received / SECONDS_PER_DAY) + 1;
        } else {
          kind = "repeat"; // back within 90 days of the earlier one's closing
          day = Math.floor((previous.closed ?? previous.received) / SECONDS_PER_DAY) + cohortRng.int(5, 80);
        }
      }
      if (day > lastDay) break;
      const channel: IntakeChannel = cohortRng.pick(["hotline", "mobile_app", "branch_counter"]);
      const c = make(cohortRng, {
        channel,
        received: day * SECONDS_PER_DAY + cohortRng.int(9 * 3600, 17 * 3600),
        customerId,
        business,
        cause: sample(cohortRng, CAUSE_TABLE),
      });
      c.isComplaint = true;
      simulateHandling(cohortRng, c, { breachRate: breachRateOf(c), decisionDays: cohortRng.int(4, 10) });
      if (kind === "duplicate" && previous && previous.responded !== null && c.received >= previous.responded) continue;
      complaints.push(c);
      entry.source_ids.push(c.sourceId);
      if (kind === "duplicate") entry.duplicates_while_open.push(c.sourceId);
      if (kind === "repeat") entry.repeats_after_close.push(c.sourceId);
      previous = c;
    }
    cohort.push(entry);
  }

  // Planted 4: escalation — a complaint at a branch handled to the customer's dissatisfaction, followed by
  // the same customer through the regulator (12378) or the government hotline (12345).
  const escalationRng = rng.fork("escalation");
  const escalations: Planted["escalations"] = [];
  for (let k = 0; k < Math.max(3, Math.round(cohortSize / 2)); k++) {
    const customerId = `C${String(customerPool + 1000 + k + 1).padStart(8, "0")}`;
    const business = sample(escalationRng, BUSINESS_TABLE);
    const day = firstDay + escalationRng.int(0, Math.max(0, lastDay - firstDay - 120));
    const first = make(escalationRng, { channel: "branch_counter", received: day * SECONDS_PER_DAY + 10 * 3600, customerId, business, cause: "rules_process" });
    first.isComplaint = true;
    simulateHandling(escalationRng, first, { breachRate: 0, decisionDays: 6, satisfaction: "unsatisfied" });
    const gap = escalationRng.int(5, 60);
    const secondDay = Math.floor((first.closed ?? first.received) / SECONDS_PER_DAY) + gap;
    if (first.closed === null || secondDay > lastDay) continue;
    const second = make(escalationRng, {
      channel: escalationRng.chance(0.7) ? "regulator_transfer" : "government_transfer",
      received: secondDay * SECONDS_PER_DAY + 11 * 3600,
      customerId,
      business,
      cause: "rules_process",
    });
    second.isComplaint = true;
    simulateHandling(escalationRng, second, { breachRate: HANDLING.breachRate });
    complaints.push(first, second);
    escalations.push({ customer_id: customerId, first: first.sourceId, second: second.sourceId, days_after_close: gap });
  }

  // Exports: one file per source per month, written at 02:00 on the 1st of the next month.
  const firstMonth = monthIndexOf(firstDay);
  const lastMonth = monthIndexOf(lastDay);
  const exportTime = (m: number) => firstDayOfMonthIndex(m + 1) * SECONDS_PER_DAY + 2 * SECONDS_PER_HOUR;
  const buckets = new Map<string, ExportRow[]>();
  const reexports = new Map<string, number>();
  for (const c of complaints) {
    const receivedMonth = monthIndexOf(Math.floor(c.received / SECONDS_PER_DAY));
    const events = eventTimes(c);
    for (let m = receivedMonth; m <= lastMonth; m++) {
      const until = exportTime(m);
      const since = m === receivedMonth ? -Infinity : exportTime(m - 1);
      const changed = m === receivedMonth || events.some((t) => t > since && t <= until);
      if (!changed) continue;
      const key = `${c.pipeline}|${m}`;
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key)!.push({ c, state: stateAt(c, until) });
      if (m !== receivedMonth) reexports.set(key, (reexports.get(key) ?? 0) + 1);
    }
  }

  const badRng = rng.fork("bad-rows");
  // Bad rows never fall on planted complaints: the signals must stay whole in the exports.
  const planted = new Set([...outage.source_ids, ...cohort.flatMap((e) => e.source_ids), ...escalations.flatMap((e) => [e.first, e.second])]);
  const files: string[] = [];
  const fileSignals: { file: string; pipeline: SourcePipeline; rows: number; reexported_rows: number; bad_rows: number; pii: Record<PiiKind, number> }[] = [];
  const badRows: {
    file: string;
    line: number;
    column: string;
    value: string | number | null;
    kind: string;
    effect: "rejected" | "flagged";
    source_id: string;
  }[] = [];
  let totalRows = 0;
  for (const pipeline of SOURCES) {
    const writer = WRITERS[pipeline];
    await mkdir(join(options.dataDir, "inbox", pipeline), { recursive: true });
    for (let m = firstMonth; m <= lastMonth; m++) {
      const rows = (buckets.get(`${pipeline}|${m}`) ?? []).sort((a, b) => a.c.received - b.c.received || a.c.sourceId.localeCompare(b.c.sourceId));
      const file = join("inbox", pipeline, `${pipeline}_${monthKey(m)}.${writer.extension}`);
      const cells: Cells[] = [];
      const malformed = new Set<number>();
      const pii: Record<PiiKind, number> = { resident_id: 0, mobile: 0, card_number: 0, email: 0 };
      let bad = 0;
      // Physical line of the next row: the header is line 1, and quoted multi-line narratives (letters)
      // push later rows down.
      let line = writer.extension === "csv" ? 2 : 1;
      // BAD_ROW_RATE of each file's rows (the fraction rounded up or down at random), at random positions.
      const eligible = rows.map((_row, i) => i).filter((i) => !planted.has(rows[i].c.sourceId));
      const badCount = Math.min(eligible.length, Math.floor(rows.length * BAD_ROW_RATE + badRng.next()));
      const badAt = new Set<number>();
      while (badAt.size < badCount) badAt.add(eligible[badRng.int(0, eligible.length - 1)]);
      rows.forEach((row, i) => {
        const record = writer.cells(row);
        const rowLine = line;
        line += 1 + Object.values(record).reduce<number>((n, v) => n + (typeof v === "string" ? v.split("\n").length - 1 : 0), 0);
        if (row.c.pii) pii[row.c.pii]++;
        if (badAt.has(i)) {
          const defect = badRng.pick(writer.defects(row, record));
          if (defect.kind === "malformed_json") malformed.add(i);
          else record[defect.column] = defect.value;
          badRows.push({
            file,
            line: rowLine,
            column: defect.column,
            value: defect.value,
            kind: defect.kind,
            effect: defect.rejects ? "rejected" : "flagged",
            source_id: row.c.sourceId,
          });
          bad++;
        }
        cells.push(record);
      });
      await writeFile(join(options.dataDir, file), writer.serialise(cells, malformed));
      files.push(file);
      totalRows += rows.length;
      fileSignals.push({ file, pipeline, rows: rows.length, reexported_rows: reexports.get(`${pipeline}|${m}`) ?? 0, bad_rows: bad, pii });
    }
  }

  await mkdir(join(options.dataDir, "reference"), { recursive: true });
  await writeFile(join(options.dataDir, "reference", "dim_org.csv"), dimOrgCsv(orgs.units));

  const signals = {
    description: "What `kesu demo` planted in these exports; tests prove the pipeline finds each from the exports alone.",
    options: { seed: options.seed, complaints: options.complaints, from: options.from, to: options.to },
    as_of: formatLocal(exportTime(lastMonth)),
    complaints_simulated: complaints.length,
    files: fileSignals,
    bad_rows: badRows,
    outage_spike: { ...outage, business_categories: ["payment_settlement", "debit_card"], cause: "facilities_systems" },
    chronic_breach_branch: {
      org_code: chronicBranch.org_code,
      org_name_zh: chronicBranch.org_name_zh,
      breach_rate_planted: 0.4,
      baseline_breach_rate: HANDLING.breachRate,
    },
    repeat_cohort: cohort,
    escalation_candidates: escalations,
  };
  await mkdir(join(options.dataDir, "demo"), { recursive: true });
  const signalsFile = join("demo", "signals.json");
  await writeFile(join(options.dataDir, signalsFile), `${JSON.stringify(signals, null, 1)}\n`);
  // lets this data dir, and no other, ingest with the public demo key
  await writeFile(join(options.dataDir, DEMO_TOKEN_FILE), `${demoToken(options.dataDir)}\n`);
  return { files, complaints: complaints.length, rows: totalRows, signalsFile };
}
