// mart_org_peer_ranks_quarterly: each tier-1 branch ranked among all tier-1 branches and among its region's,
// 1 = most in need of attention in both directions, ties sharing a rank, a branch without the value unranked,
// with the peers' median and the branch's side of it. Worked by hand from the complaints below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, type Warehouse } from "../../src/db/warehouse.ts";
import { buildFixture, type Row } from "./fixture.ts";

const DIM_ORG = `org_code,org_name_zh,org_name_en,org_level,parent_code,tier1_code,region,province,customers,outlets
HO,总行,Head Office,head_office,,,,,100000,20
BJ,北京分行,Beijing,tier1,HO,BJ,华北,北京,10000,4
SH,上海分行,Shanghai,tier1,HO,SH,华东,上海,10000,4
GD,广东分行,Guangdong,tier1,HO,GD,华南,广东,10000,4
SZ,深圳分行,Shenzhen,tier1,HO,SZ,华南,广东,10000,4
`;

// cn-nfra-2020: received Tue 1 Jul 2025, due Wed 16 Jul. A reply on 2 Jul is on time, on 20 Jul breached.
const onTime = { received: "2025-07-01", responded: "2025-07-02" };
const late = { received: "2025-07-01", responded: "2025-07-20" };
const ROWS: Row[] = [
  // BJ: 1 breached of 1 → 1.0; surveyed unsatisfied → satisfaction 0
  { key: "b1", org: "BJ", ...late, satisfaction: "unsatisfied" },
  // GD: 1 breached of 2 → 0.5; not surveyed → no satisfaction rate
  { key: "g1", org: "GD", ...late },
  { key: "g2", org: "GD", ...onTime },
  // SH: 0 of 2 → 0; both satisfied → 1
  { key: "s1", org: "SH", ...onTime, satisfaction: "satisfied" },
  { key: "s2", org: "SH", ...onTime, satisfaction: "satisfied" },
  // SZ: 0 of 1 → 0; satisfied → 1
  { key: "z1", org: "SZ", ...onTime, satisfaction: "satisfied" },
];

describe("mart_org_peer_ranks_quarterly", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await buildFixture(ROWS, { asOf: "2025-09-30", dimOrg: DIM_ORG });
  });
  afterAll(() => warehouse?.close());

  const ranks = (peerGroup: string, measure: string) =>
    all(
      warehouse.connection,
      `select org_code as org, value, rank::int as rank, peers::int as peers, median, side from mart_org_peer_ranks_quarterly
       where quarter = '2025-Q3' and peer_group = $group and measure = $measure order by rank nulls last, org_code`,
      { group: peerGroup, measure },
    );

  it("ranks a higher-is-worse measure highest first, ties sharing a rank, sides against the median", async () => {
    // breach rates 1, 0.5, 0, 0 → sorted 0 0 .5 1, median 0.25; ranks 1, 2, 3, 3
    expect(await ranks("all", "breach_rate")).toEqual([
      { org: "BJ", value: 1, rank: 1, peers: 4, median: 0.25, side: "worse" },
      { org: "GD", value: 0.5, rank: 2, peers: 4, median: 0.25, side: "worse" },
      { org: "SH", value: 0, rank: 3, peers: 4, median: 0.25, side: "better" },
      { org: "SZ", value: 0, rank: 3, peers: 4, median: 0.25, side: "better" },
    ]);
  });

  it("ranks a higher-is-better measure lowest first; a branch without the value is not ranked", async () => {
    // satisfaction 0 (BJ), 1 (SH), 1 (SZ), none (GD) → median of 0 1 1 = 1
    expect(await ranks("all", "satisfaction_rate")).toEqual([
      { org: "BJ", value: 0, rank: 1, peers: 3, median: 1, side: "worse" },
      { org: "SH", value: 1, rank: 2, peers: 3, median: 1, side: "median" },
      { org: "SZ", value: 1, rank: 2, peers: 3, median: 1, side: "median" },
      { org: "GD", value: null, rank: null, peers: 3, median: 1, side: null },
    ]);
  });

  it("ranks within the region too, and gives the median of the counts for the scorecard's median row", async () => {
    // 华南: GD 0.5, SZ 0 → median 0.25
    expect(await ranks("region:华南", "breach_rate")).toEqual([
      { org: "GD", value: 0.5, rank: 1, peers: 2, median: 0.25, side: "worse" },
      { org: "SZ", value: 0, rank: 2, peers: 2, median: 0.25, side: "better" },
    ]);
    // received 1, 2, 2, 1 → median 1.5
    const [received] = await ranks("all", "received");
    expect(received!.median).toBe(1.5);
  });
});
