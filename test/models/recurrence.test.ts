// Given these complaints → expect these recurrence flags (int_complaint_recurrence, docs/design.md §5): duplicate
// while open, repeat after close within 90 days, escalation to an outside channel within 90 days. Expected
// flags are worked out by hand in the comments; as of Mon 30 Jun 2025.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

const ROWS: Row[] = [
  // customer A, credit card: r1 open 10–20 Jan; r2 arrives 15 Jan while r1 is open → duplicate;
  // r3 arrives 1 Mar, both settled, r1 closed 20 Jan (within 90 days) → repeat after close
  { key: "r1", customer: "A", received: "2025-01-10", responded: "2025-01-20" },
  { key: "r2", customer: "A", received: "2025-01-15", responded: "2025-01-16" },
  { key: "r3", customer: "A", received: "2025-03-01", responded: "2025-03-02" },
  // customer A, debit card, during r1: another category → neither
  { key: "r4", customer: "A", received: "2025-01-16", category: "debit_card", responded: "2025-01-17" },
  // customer B: r5 closed 11 Jan, r6 arrives 1 Jun, 141 days later → not a repeat
  { key: "r5", customer: "B", received: "2025-01-10", responded: "2025-01-11" },
  { key: "r6", customer: "B", received: "2025-06-01", responded: "2025-06-02" },
  // customer C: hotline r7, then the regulator 73 days later → r7 escalated; r8 follows r7's closing on
  // 5 Feb within 90 days → r8 is a repeat after close (a transfer is not a bank channel)
  { key: "r7", customer: "C", received: "2025-02-01", responded: "2025-02-05" },
  { key: "r8", customer: "C", received: "2025-04-15", channel: "regulator_transfer", responded: "2025-04-20" },
  // customer D: hotline r9 still open; the regulator 103 days later → not an escalation (over 90 days),
  // but r10 arrives while r9 is open → duplicate
  { key: "r9", customer: "D", received: "2025-02-01" },
  { key: "r10", customer: "D", received: "2025-05-15", channel: "regulator_transfer" },
  // no customer: no recurrence row at all
  { key: "r11", customer: null, received: "2025-01-15" },
];

describe("int_complaint_recurrence", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-06-30" });
  });
  afterAll(() => warehouse?.close());

  it("flags duplicates while open, repeats after close and escalations, per customer and category", async () => {
    const rows = await all(
      warehouse.connection,
      `select complaint_key as key, is_duplicate_while_open as dup, is_repeat_after_close as repeat, is_bank_channel as bank,
         is_escalated as escalated, is_escalation_window_open as window_open
       from int_complaint_recurrence order by cast(substr(complaint_key, 2) as integer)`,
    );
    // window open: received less than 90 days before 30 Jun (after 1 Apr): r6, r8, r10
    expect(rows).toEqual([
      { key: "r1", dup: false, repeat: false, bank: true, escalated: false, window_open: false },
      { key: "r2", dup: true, repeat: false, bank: true, escalated: false, window_open: false },
      { key: "r3", dup: false, repeat: true, bank: true, escalated: false, window_open: false },
      { key: "r4", dup: false, repeat: false, bank: true, escalated: false, window_open: false },
      { key: "r5", dup: false, repeat: false, bank: true, escalated: false, window_open: false },
      { key: "r6", dup: false, repeat: false, bank: true, escalated: false, window_open: true },
      { key: "r7", dup: false, repeat: false, bank: true, escalated: true, window_open: false },
      { key: "r8", dup: false, repeat: true, bank: false, escalated: false, window_open: true },
      { key: "r9", dup: false, repeat: false, bank: true, escalated: false, window_open: false },
      { key: "r10", dup: true, repeat: false, bank: false, escalated: false, window_open: true },
    ]);
  });
});
