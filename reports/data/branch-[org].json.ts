// One tier-1 branch's scorecard page (`--org=BJ`): its quarters, its tier-1 peers (for ranks and the
// median), its tier-2 branches, the business categories it handles most and its emerging issues.
import { argument, emit, maskText, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => {
  const org = argument("org");
  const scorecard = readOptionalSnapshot<Row[]>("org_scorecard_quarterly.json");
  const received = readSnapshot<Row[]>("received_quarterly_by.json").filter((r) => r.dimension === "tier1_org" && r.code === org);
  if (!received.length && !scorecard?.some((r) => r.org_code === org)) throw new Error(`branch ${org} has no complaints in the snapshot`);
  return {
    org,
    meta: readSnapshot<Meta>("meta.json"),
    labels: readSnapshot("labels.json"),
    received,
    peers: scorecard?.filter((r) => r.org_level === "tier1") ?? null,
    children: scorecard?.filter((r) => r.org_level === "tier2" && r.parent_org_code === org) ?? [],
    categories: (readOptionalSnapshot<Row[]>("category_org_quarterly.json") ?? []).filter((r) => r.org_code === org),
    causes: (readOptionalSnapshot<Row[]>("cause_pareto.json") ?? []).filter((r) => r.scope_type === "tier1_org" && r.scope_key === org),
    emerging: readSnapshot<Row[]>("emerging_issues.json")
      .filter((r) => r.cell_type === "tier1_org" && r.cell_key === org)
      .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText) })),
  };
});
