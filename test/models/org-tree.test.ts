// Given an org tree with the shapes banks' files really have → expect each complaint under the right
// tier-1 and tier-2 branch, counted once per level. Real trees skip levels (a sub-branch straight under a
// tier-1 branch) or add one (an outlet under a sub-branch under a tier-2 branch).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture } from "./fixture.ts";

const DIM_ORG = `org_code,org_name_zh,org_name_en,org_level,parent_code,tier1_code,region,province,customers,outlets
HO,总行,Head Office,head_office,,,,,100000,20
SH,上海分行,Shanghai Branch,tier1,HO,SH,华东,上海,20000,4
SH01,上海分行浦东支行,Shanghai Pudong Sub-branch,sub_branch,SH,SH,华东,上海,,
BJ,北京分行,Beijing Branch,tier1,HO,BJ,华北,北京,50000,10
BJ01,北京朝阳分行,Beijing Chaoyang Branch,tier2,BJ,BJ,华北,北京,,
BJ0101,北京朝阳分行望京支行,Wangjing Sub-branch,sub_branch,BJ01,BJ,华北,北京,,
BJ010101,望京网点,Wangjing Outlet,outlet,BJ0101,BJ,华北,北京,,
`;

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await buildFixture(
    [
      { key: "a", received: "2025-07-01", org: "SH01", responded: "2025-07-03" },
      { key: "b", received: "2025-07-01", org: "SH01", responded: "2025-07-03" },
      { key: "c", received: "2025-07-01", org: "SH", responded: "2025-07-03" },
      { key: "d", received: "2025-07-01", org: "BJ010101", responded: "2025-07-03" },
      { key: "e", received: "2025-07-01", org: "BJ0101", responded: "2025-07-03" },
      { key: "f", received: "2025-07-01", org: "BJ01", responded: "2025-07-03" },
    ],
    { asOf: "2025-09-30", dimOrg: DIM_ORG },
  );
});
afterAll(() => warehouse?.close());

describe("org tree", () => {
  it("finds the tier-2 ancestor across any number of levels, and none when the tree has no tier 2", async () => {
    const rows = await all(warehouse.connection, "select org_code, tier1_code, tier2_code from complaints order by complaint_key");
    expect(rows.map((r) => [r.org_code, r.tier1_code, r.tier2_code])).toEqual([
      ["SH01", "SH", null],
      ["SH01", "SH", null],
      ["SH", "SH", null],
      ["BJ010101", "BJ", "BJ01"],
      ["BJ0101", "BJ", "BJ01"],
      ["BJ01", "BJ", "BJ01"],
    ]);
  });

  it("counts each complaint once per level in the scorecard", async () => {
    const rows = await all(warehouse.connection, "select org_code, received from mart_org_scorecard_quarterly where quarter = '2025-Q3' order by org_code");
    // SH: a, b, c; BJ: d, e, f; BJ01 (the only tier-2 branch): d, e, f
    expect(rows.map((r) => [r.org_code, r.received])).toEqual([
      ["BJ", 3],
      ["BJ01", 3],
      ["SH", 3],
    ]);
  });
});

describe("mart_kpi_quarterly outcomes", () => {
  it("gives the bank's upheld rate over complaints with a finding, and the at-fault rate over those assessed", async () => {
    const w = await buildFixture(
      [
        { key: "u1", received: "2025-07-01", outcome: "upheld", atFault: true },
        { key: "u2", received: "2025-07-01", outcome: "partly_upheld", atFault: true },
        { key: "u3", received: "2025-07-01", outcome: "rejected", atFault: false },
        { key: "u4", received: "2025-07-01", outcome: "rejected" },
        // withdrawn and undecided have no finding: outside the upheld rate's denominator
        { key: "u5", received: "2025-07-01", outcome: "withdrawn" },
        { key: "u6", received: "2025-07-01" },
        // not a complaint: counted nowhere
        { key: "x", received: "2025-07-01", outcome: "upheld", atFault: true, isComplaint: false },
      ],
      { asOf: "2025-09-30" },
    );
    try {
      const [row] = await all(w.connection, "select upheld_rate, at_fault_rate from mart_kpi_quarterly where quarter = '2025-Q3'");
      // upheld: u1, u2 of u1–u4 = 2/4; at fault: u1, u2 of the assessed u1–u3 = 2/3
      expect(row!.upheld_rate).toBe(0.5);
      expect(row!.at_fault_rate as number).toBeCloseTo(2 / 3, 12);
    } finally {
      w.close();
    }
  });
});

describe("open and breached in a quarter not yet over", () => {
  it("is read at the data's as-of date, not at the quarter's future end (kpi and scorecard, as the aging mart)", async () => {
    // as of Wed 20 Aug 2025, inside 2025-Q3. NFRA: 15 days, receipt day not counted, rolled to a working day.
    // k1 received 1 Aug → day 15 is Sat 16 Aug → Mon 18 Aug: breached by 20 Aug.
    // k2 received 10 Aug → Mon 25 Aug: not yet due on 20 Aug (it would be by the quarter's end, 30 Sep).
    const w = await buildFixture(
      [
        { key: "k1", received: "2025-08-01" },
        { key: "k2", received: "2025-08-10" },
      ],
      { asOf: "2025-08-20" },
    );
    try {
      const [kpi] = await all(w.connection, "select open_at_end, open_breached from mart_kpi_quarterly where quarter = '2025-Q3'");
      expect(kpi).toEqual({ open_at_end: 2, open_breached: 1 });
      const [org] = await all(w.connection, "select open_breached from mart_org_scorecard_quarterly where quarter = '2025-Q3' and org_code = 'SH'");
      expect(org).toEqual({ open_breached: 1 });
      const [aging] = await all(w.connection, "select sum(breached)::int as breached from mart_sla_aging_quarterly where quarter = '2025-Q3'");
      expect(aging).toEqual({ breached: 1 });
    } finally {
      w.close();
    }
  });
});
