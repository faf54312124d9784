// Emerging issues on a hand-made spike: one complaint a month in a cell for three months, then twelve in April
// (baseline 1, z = (12 − 1) / √1 = 11, lift 12: flagged). Ten of the twelve came through the mobile app: the
// flag's main channel, share 10/12. Its examples are the most typical narratives of that channel, not the latest:
// five say A, four say B (A and B share most of their character pairs), and the latest one says something else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

const A = "手机银行转账失败，影响紧急付款，要求尽快修复。";
const B = "手机银行无法登录，影响紧急付款，要求尽快修复。";
const STRAY = "自助设备吞卡且长时间未处理。";
const cell = { category: "payment_settlement", cause: "facilities_systems" };

const ROWS: Row[] = [
  ...["2025-01-10", "2025-02-10", "2025-03-10"].map((received, i) => ({ key: `base${i}`, customer: `b${i}`, received, responded: received, ...cell })),
  ...[1, 2, 3, 4, 5].map((d) => ({ key: `a${d}`, customer: `a${d}`, received: `2025-04-0${d}`, channel: "mobile_app", narrative: A, ...cell })),
  ...[6, 7, 8, 9].map((d) => ({ key: `b${d}`, customer: `bb${d}`, received: `2025-04-0${d}`, channel: "mobile_app", narrative: B, ...cell })),
  { key: "stray", customer: "s", received: "2025-04-20", channel: "mobile_app", narrative: STRAY, ...cell },
  { key: "h1", customer: "h1", received: "2025-04-11", channel: "hotline", narrative: "电话一直占线。", ...cell },
  { key: "h2", customer: "h2", received: "2025-04-12", channel: "hotline", narrative: "电话一直占线。", ...cell },
];

describe("emerging issues", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-04-30" });
  });
  afterAll(() => warehouse?.close());

  it("flags the spike with its main channel and its most typical narratives first", async () => {
    const rows = await all(
      warehouse.connection,
      `select cell_type, cell_key, complaints::int as complaints, top_channel, top_channel_share, example_narratives
       from mart_emerging_issues where month = '2025-04' and cell_type = 'business_category'`,
    );
    expect(rows).toEqual([
      {
        cell_type: "business_category",
        cell_key: "payment_settlement",
        complaints: 12,
        top_channel: "mobile_app",
        top_channel_share: Math.round((10 / 12) * 10000) / 10000,
        example_narratives: [A, B, STRAY],
      },
    ]);
  });

  it("has the channel as a cell of its own", async () => {
    const rows = await all(
      warehouse.connection,
      "select cell_key, complaints::int as complaints, top_channel, example_narratives[1] as example from mart_emerging_issues where month = '2025-04' and cell_type = 'intake_channel' order by 1",
    );
    expect(rows).toEqual([{ cell_key: "mobile_app", complaints: 10, top_channel: "mobile_app", example: A }]);
  });
});
