// The SQL clock model (int_complaint_clocks.sql) against the TypeScript reference judge() on the same
// complaints: two implementations of docs/design.md §6 that must agree on every deadline, breach, at-risk flag
// and elapsed count, across holidays, 调休 Saturdays, extensions and paused days.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCalendar } from "../../src/calendar/index.ts";
import { PROFILES, judge } from "../../src/clock/profiles.ts";
import { all, openWarehouse, type Warehouse } from "../../src/db/warehouse.ts";
import { randomLcg } from "d3";
import { writeReferenceTables } from "../../src/models/reference.ts";

const MODEL = readFileSync(new URL("../../src/models/intermediate/int_complaint_clocks.sql", import.meta.url), "utf8");
const AS_OF = "2026-09-30";
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Case {
  key: string;
  received: string;
  regulatorReceived: string;
  /** When the regulator forwarded it to the bank: what stops cn-regulator-forward's clock. */
  forwarded: string | null;
  responded: string | null;
  extension: number;
  paused: number;
  category: string;
}

let warehouse: Warehouse;
const cases: Case[] = [];

beforeAll(async () => {
  warehouse = await openWarehouse(":memory:");
  // One fake pipeline judged by every profile, so each case meets each rule.
  const pipeline = { name: "test", clockProfiles: Object.keys(PROFILES) } as never;
  await writeReferenceTables(warehouse.connection, { calendar: defaultCalendar, pipelines: [pipeline], asOfDate: AS_OF, headlineProfile: "cn-nfra-2020" });
  const random = randomLcg(42);
  const start = Date.parse("2020-01-06T00:00:00Z");
  const span = Date.parse("2026-08-01T00:00:00Z") - start;
  for (let i = 0; i < 1500; i++) {
    const open = random() < 0.3;
    // open complaints are received shortly before the as-of date, so that some are at risk, some not yet
    const received = open ? Date.parse(`${AS_OF}T00:00:00Z`) - Math.floor(random() * 80) * DAY : start + Math.floor((random() * span) / DAY) * DAY;
    cases.push({
      key: `c${i}`,
      received: iso(received),
      regulatorReceived: iso(received - Math.floor(random() * 6) * DAY),
      // forwarded on the bank's receipt day, mostly; not yet forwarded for some open ones
      forwarded: open && random() < 0.3 ? null : iso(received),
      responded: open ? null : iso(received + Math.floor(random() * 70) * DAY),
      extension: random() < 0.7 ? 0 : random() < 0.7 ? 1 : 2,
      paused: random() < 0.85 ? 0 : 1 + Math.floor(random() * 10),
      category: random() < 0.3 ? "payment_settlement" : "credit_card",
    });
  }
  // Hand-picked edges: National Day 2025, Spring Festival 2026, a 调休 Saturday, responses on the deadline.
  cases.push(
    {
      key: "nd2025",
      received: "2025-09-20",
      regulatorReceived: "2025-09-19",
      forwarded: "2025-09-20",
      responded: "2025-10-09",
      extension: 0,
      paused: 0,
      category: "credit_card",
    },
    {
      key: "sf2026",
      received: "2026-02-01",
      regulatorReceived: "2026-01-30",
      forwarded: null,
      responded: null,
      extension: 0,
      paused: 0,
      category: "credit_card",
    },
    {
      key: "makeup",
      received: "2025-09-26",
      regulatorReceived: "2025-09-26",
      forwarded: "2025-09-26",
      responded: "2025-09-29",
      extension: 0,
      paused: 0,
      category: "credit_card",
    },
    // 12378-202410-000071 of the sample: received and forwarded by the regulator on Tue 15 Oct 2024, the
    // bank replied on the 23rd; the forwarding deadline is Fri the 18th, met
    {
      key: "fwd-ontime",
      received: "2024-10-15",
      regulatorReceived: "2024-10-15",
      forwarded: "2024-10-15",
      responded: "2024-10-23",
      extension: 0,
      paused: 0,
      category: "credit_card",
    },
  );
  await warehouse.connection.run(`create table complaints (complaint_key varchar, source_system varchar, is_complaint boolean, status varchar,
    received_date date, regulator_received_at timestamp, forwarded_at timestamp, responded_at timestamp, closed_at timestamp, extension_level integer,
    paused_days integer, business_category varchar)`);
  for (const c of cases) {
    await warehouse.connection.run(
      `insert into complaints values ($1, 'test', true, 'in_progress', cast($2 as date), cast($3 as timestamp), cast($4 as timestamp), cast($5 as timestamp), null, $6, $7, $8)`,
      [c.key, c.received, c.regulatorReceived, c.forwarded, c.responded, c.extension, c.paused, c.category] as never,
    );
  }
  await warehouse.connection.run(`create table clocks as ${MODEL}`);
});
afterAll(() => warehouse?.close());

describe("int_complaint_clocks.sql agrees with judge()", () => {
  it("on every case × profile the rule allows", async () => {
    const rows = await all<Record<string, unknown>>(
      warehouse.connection,
      `select complaint_key, profile_id, strftime(deadline, '%Y-%m-%d') as deadline, breached, at_risk, responded_on_time,
         elapsed_calendar_days, elapsed_working_days from clocks`,
    );
    const got = new Map(rows.map((r) => [`${r.complaint_key}|${r.profile_id}`, r]));
    let compared = 0;
    for (const c of cases) {
      for (const profile of Object.values(PROFILES)) {
        const rule = c.category === "payment_settlement" && profile.paymentServices ? profile.paymentServices : profile;
        if (c.extension > rule.extensions.length) continue; // an extension the rule does not know: compared below
        const want = judge(
          profile,
          {
            receivedDate: c.received,
            regulatorReceivedDate: c.regulatorReceived,
            extensionLevel: c.extension,
            pausedDays: c.paused,
            isPaymentService: c.category === "payment_settlement",
            respondedDate: c.responded,
            forwardedDate: c.forwarded,
            asOfDate: AS_OF,
          },
          defaultCalendar,
        );
        if (want.elapsed_calendar_days < 0) continue;
        const row = got.get(`${c.key}|${profile.id}`);
        expect(row, `${c.key} ${profile.id}`).toBeDefined();
        expect(
          {
            deadline: row!.deadline,
            breached: row!.breached,
            at_risk: row!.at_risk,
            responded_on_time: row!.responded_on_time,
            elapsed_calendar_days: row!.elapsed_calendar_days,
            elapsed_working_days: row!.elapsed_working_days,
          },
          `${c.key} ${profile.id} ${JSON.stringify(c)}`,
        ).toEqual({
          deadline: want.deadline,
          breached: want.breached,
          at_risk: want.at_risk,
          responded_on_time: want.responded_on_time,
          elapsed_calendar_days: want.elapsed_calendar_days,
          elapsed_working_days: want.elapsed_working_days,
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
    // the cases exercise every outcome, so a wrong rule for any of them shows
    const flags = [...got.values()];
    for (const flag of ["breached", "at_risk", "responded_on_time"])
      expect(
        flags.some((r) => r[flag] === true),
        flag,
      ).toBe(true);
  });

  it("stops the regulator's forwarding clock at the forwarding, not at the bank's reply", async () => {
    const [row] = await all<{ deadline: string; breached: boolean; responded_on_time: boolean; elapsed_working_days: number }>(
      warehouse.connection,
      `select strftime(deadline, '%Y-%m-%d') as deadline, breached, responded_on_time, elapsed_working_days from clocks
       where profile_id = 'cn-regulator-forward' and complaint_key = 'fwd-ontime'`,
    );
    // worked by hand: 15 Oct 2024 is a Tuesday; the 3rd working day after it is Friday the 18th; forwarded
    // the same day, 0 working days used. Judged on the reply (the 23rd) it was breached.
    expect(row).toEqual({ deadline: "2024-10-18", breached: false, responded_on_time: true, elapsed_working_days: 0 });
    const [decision] = await all<{ breached: boolean }>(
      warehouse.connection,
      "select breached from clocks where profile_id = 'cn-nfra-2020' and complaint_key = 'fwd-ontime'",
    );
    expect(decision.breached).toBe(false); // the NFRA decision clock still ends at the reply (8 days, within 15)
  });

  it("treats an NFRA extension as no extension on rules that have none (cn-internal-*)", async () => {
    const rows = await all<{ deadline: string }>(
      warehouse.connection,
      `select strftime(deadline, '%Y-%m-%d') as deadline from clocks where profile_id = 'cn-internal-investigate' and complaint_key = (
         select complaint_key from complaints where extension_level = 2 and paused_days = 0 order by complaint_key limit 1)`,
    );
    const c = cases.filter((x) => x.extension === 2 && x.paused === 0).sort((a, b) => a.key.localeCompare(b.key))[0];
    const base = judge(
      PROFILES["cn-internal-investigate"],
      { receivedDate: c.received, extensionLevel: 0, pausedDays: 0, respondedDate: null, asOfDate: AS_OF },
      defaultCalendar,
    );
    expect(rows[0].deadline).toBe(base.deadline);
  });

  it("hand-worked: National Day 2025 moves the NFRA deadline to 9 October; the 调休 Sunday counts as a working day", async () => {
    const rows = await all<{ key: string; profile_id: string; deadline: string }>(
      warehouse.connection,
      `select complaint_key as key, profile_id, strftime(deadline, '%Y-%m-%d') as deadline from clocks
       where complaint_key in ('nd2025', 'makeup') and profile_id in ('cn-nfra-2020', 'cn-internal-investigate') order by 1, 2`,
    );
    expect(rows).toEqual([
      { key: "makeup", profile_id: "cn-internal-investigate", deadline: "2025-09-29" }, // Fri 26, Sun 28 (worked), Mon 29
      { key: "makeup", profile_id: "cn-nfra-2020", deadline: "2025-10-11" }, // 26 Sep + 15 = 11 Oct, a worked Saturday
      { key: "nd2025", profile_id: "cn-internal-investigate", deadline: "2025-09-24" }, // Sat 20 off: Mon 22, Tue 23, Wed 24
      { key: "nd2025", profile_id: "cn-nfra-2020", deadline: "2025-10-09" }, // 20 Sep + 15 = 5 Oct, in the holiday → 9 Oct
    ]);
  });
});
