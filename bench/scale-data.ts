// The scale benchmark's data: N complaints over 24 months through all six source systems, written as each
// system's monthly exports (the same writers as `kesu demo`), streamed month by month so ten million
// complaints need memory for only the complaints still open, not for all of them.
// What makes the models do real work: a pool of frequent complainers (duplicates while open, repeats after
// close, escalations to the regulator), re-exports of every complaint whose state changed during a later
// month (latest state wins), reopenings, extensions, pauses, breaches, withdrawals, and a share of bad rows.
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import type { IntakeChannel } from "../src/codes.ts";
import { isWorkingDay } from "../src/calendar/index.ts";
import { eventTimes, simulateHandling, stateAt, type SimComplaint, type SourcePipeline } from "../src/demo/lifecycle.ts";
import { narrative, PII_KINDS, withPii } from "../src/demo/narratives.ts";
import { dimOrgCsv, OrgDirectory } from "../src/demo/orgs.ts";
import { createRng, sample, weighted, type Rng } from "../src/demo/rng.ts";
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
} from "../src/demo/shape.ts";
import { firstDayOfMonthIndex, isoDate, monthIndexOf, monthKey, parseIsoDate, SECONDS_PER_DAY, SECONDS_PER_HOUR } from "../src/demo/time.ts";
import { WRITERS, type Cells } from "../src/demo/writers.ts";

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
const SOURCES: readonly SourcePipeline[] = ["branch_counter", "hotline", "echannel", "letter_visit", "regulator_transfer", "government_transfer"];
const ID_PREFIX: Record<SourcePipeline, string> = {
  branch_counter: "BC",
  hotline: "HL",
  echannel: "EC",
  letter_visit: "XF",
  regulator_transfer: "JG",
  government_transfer: "ZF",
};
const CHANNEL_TABLE = weighted(Object.entries(CHANNEL_SHARES) as [IntakeChannel, number][]);
/** Share of complaints filed by the frequent-complainer pool (one in twenty customers of the whole pool). */
const FREQUENT_SHARE = 0.25;
const CHUNK_ROWS = 5_000;

export interface ScaleData {
  complaints: number;
  rows: number;
  badRows: number;
  files: { path: string; pipeline: SourcePipeline; rows: number; bytes: number }[];
}

/** One export file being written: rows are serialised in chunks, the header once. */
class ExportFile {
  rows = 0;
  bytes = 0;
  private pending: Cells[] = [];
  private malformed = new Set<number>();
  private readonly out: WriteStream;
  private first = true;
  constructor(
    readonly path: string,
    readonly pipeline: SourcePipeline,
  ) {
    this.out = createWriteStream(path);
  }
  async add(cells: Cells, malformed: boolean): Promise<void> {
    if (malformed) this.malformed.add(this.pending.length);
    this.pending.push(cells);
    this.rows++;
    if (this.pending.length >= CHUNK_ROWS) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const writer = WRITERS[this.pipeline];
    let chunk = writer.serialise(this.pending, this.malformed);
    // CSV writers put the header (and the letters' BOM) first: only the file's first chunk keeps it.
    if (!this.first && writer.extension === "csv") chunk = chunk.subarray(chunk.indexOf(0x0a) + 1);
    this.first = false;
    this.pending = [];
    this.malformed = new Set();
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, "finish");
  }
}

/**
 * Writes shard `shard` of `shards`: its share of the complaints into files of its own (`<pipeline>_<month>_<shard>`)
 * with source ids of its own, so shards run in parallel processes; customers are drawn from one pool for all
 * shards, so a customer's complaints span shards as they span channels.
 */
export async function writeScaleData(
  dataDir: string,
  totalComplaints: number,
  options: { shard?: number; shards?: number; seed?: number; from?: string; months?: number } = {},
): Promise<ScaleData> {
  const { shard = 0, shards = 1, seed = 7, from = "2024-10-01", months = 24 } = options;
  const complaints = Math.floor(totalComplaints / shards) + (shard < totalComplaints % shards ? 1 : 0);
  const rng = createRng(seed).fork(`shard-${shard}`);
  const orgs = new OrgDirectory();
  mkdirSync(join(dataDir, "reference"), { recursive: true });
  writeFileSync(join(dataDir, "reference", "dim_org.csv"), dimOrgCsv(orgs.units));
  for (const p of SOURCES) mkdirSync(join(dataDir, "inbox", p), { recursive: true });

  const firstMonth = monthIndexOf(parseIsoDate(from));
  const lastMonth = firstMonth + months - 1;
  const exportTime = (m: number) => firstDayOfMonthIndex(m + 1) * SECONDS_PER_DAY + 2 * SECONDS_PER_HOUR;
  const customerPool = Math.max(1000, totalComplaints * 2);
  const frequentPool = Math.max(50, Math.round(customerPool / 20));
  const hourTables = Object.fromEntries(SOURCES.map((g) => [g, weighted(HOUR_WEIGHTS[g].map((w, h) => [h, w] as const))])) as Record<
    SourcePipeline,
    ReturnType<typeof weighted<number>>
  >;
  const seq = Object.fromEntries(SOURCES.map((p) => [p, 0])) as Record<SourcePipeline, number>;
  // Month volumes grow over the period (DAY_WEIGHTS.trend) and add up to `complaints` exactly.
  const weights = Array.from({ length: months }, (_, k) => 1 + (DAY_WEIGHTS.trend * k) / Math.max(1, months - 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const perMonth = weights.map((w) => Math.floor((complaints * w) / totalWeight));
  perMonth[months - 1] += complaints - perMonth.reduce((a, b) => a + b, 0);

  const result: ScaleData = { complaints, rows: 0, badRows: 0, files: [] };
  // Complaints whose state may still change after the last export: re-exported when it does.
  let open: SimComplaint[] = [];
  const bad = rng.fork("bad");

  const make = (r: Rng, m: number, dayTables: Record<SourcePipeline, ReturnType<typeof weighted<number>>>): SimComplaint => {
    const channel = sample(r, CHANNEL_TABLE);
    const pipeline = PIPELINE_OF[channel];
    const day = sample(r, dayTables[pipeline]);
    const received = day * SECONDS_PER_DAY + sample(r, hourTables[pipeline]) * SECONDS_PER_HOUR + r.int(0, 3599);
    const frequent = r.chance(FREQUENT_SHARE);
    // Transfers come disproportionately from customers who already complained to the bank (escalations).
    const customer = frequent || (pipeline === "regulator_transfer" && r.chance(0.5)) ? r.int(1, frequentPool) : r.int(frequentPool + 1, customerPool);
    const business = sample(r, BUSINESS_TABLE);
    const cause = sample(r, CAUSE_TABLE);
    let text = narrative(r, business, cause);
    let pii: SimComplaint["pii"] = null;
    if (r.chance(PII_RATE)) {
      pii = r.pick(PII_KINDS);
      text = withPii(r, text, pii);
    }
    seq[pipeline] += 1;
    const mk = monthKey(m);
    const c: SimComplaint = {
      pipeline,
      channel,
      sourceId: `${ID_PREFIX[pipeline]}${mk}${shard}${String(seq[pipeline]).padStart(8, "0")}`,
      customerId: `C${String(customer).padStart(9, "0")}`,
      org: pipeline === "branch_counter" ? orgs.randomOutlet(r) : orgs.randomResponsibleUnit(r),
      business,
      cause: r.chance(EMPTY_CAUSE_RATE) ? null : cause,
      narrative: text,
      pii,
      isComplaint: !r.chance(NON_COMPLAINT_RATE),
      severity: sample(r, SEVERITY_TABLE),
      received,
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
      c.regulatorReceived = (day - (r.chance(0.1) ? r.int(5, 9) : r.int(0, 3))) * SECONDS_PER_DAY + 10 * SECONDS_PER_HOUR;
      c.forwarded = day * SECONDS_PER_DAY + 9 * SECONDS_PER_HOUR;
      c.transferNo = `${pipeline === "regulator_transfer" ? "12378" : "12345"}-${mk}-${shard}${String(seq[pipeline]).padStart(8, "0")}`;
    }
    simulateHandling(r, c, { breachRate: HANDLING.breachRate });
    return c;
  };

  for (let m = firstMonth; m <= lastMonth; m++) {
    const r = rng.fork(`month-${m}`);
    const until = exportTime(m);
    const since = exportTime(m - 1);
    const days: number[] = [];
    for (let d = firstDayOfMonthIndex(m); d < firstDayOfMonthIndex(m + 1); d++) days.push(d);
    const working = days.map((d) => isWorkingDay(isoDate(d)));
    const dayTables = Object.fromEntries(
      SOURCES.map((g) => [g, weighted(days.map((d, i) => [d, working[i] ? DAY_WEIGHTS.working : DAY_WEIGHTS.restDay[g]] as const))]),
    ) as Record<SourcePipeline, ReturnType<typeof weighted<number>>>;
    const files = Object.fromEntries(
      SOURCES.map((p) => [p, new ExportFile(join(dataDir, "inbox", p, `${p}_${monthKey(m)}_${shard}.${WRITERS[p].extension}`), p)]),
    ) as Record<SourcePipeline, ExportFile>;
    const emit = async (c: SimComplaint) => {
      const writer = WRITERS[c.pipeline];
      const row = { c, state: stateAt(c, until) };
      const cells = writer.cells(row);
      let malformed = false;
      if (bad.chance(BAD_ROW_RATE)) {
        const defect = bad.pick(writer.defects(row, cells));
        if (defect.kind === "malformed_json") malformed = true;
        else cells[defect.column] = defect.value;
        result.badRows++;
      }
      await files[c.pipeline].add(cells, malformed);
      result.rows++;
    };
    // Re-exports first: complaints received earlier whose state changed since the last export.
    const stillOpen: SimComplaint[] = [];
    for (const c of open) {
      const events = eventTimes(c);
      if (events.some((t) => t > since && t <= until)) await emit(c);
      if (events.some((t) => t > until)) stillOpen.push(c);
    }
    open = stillOpen;
    for (let i = 0; i < perMonth[m - firstMonth]; i++) {
      const c = make(r, m, dayTables);
      await emit(c);
      if (eventTimes(c).some((t) => t > until)) open.push(c);
    }
    for (const file of Object.values(files)) {
      await file.close();
      result.files.push({ path: file.path, pipeline: file.pipeline, rows: file.rows, bytes: file.bytes });
    }
  }
  return result;
}
