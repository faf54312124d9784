// One business category's page data (`--category=credit_card`): its monthly trend, quarterly figures,
// cause mix, emerging issues (example narratives masked again here) and the branches it hits most.
// Uses the category marts of the data contract when published, the older snapshot files otherwise.
import { argument, emit, maskText, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => {
  const category = argument("category");
  const mine = (rows: Row[] | null, key = "business_category") => (rows ?? []).filter((r) => r[key] === category);
  const quarterly = readSnapshot<Row[]>("received_quarterly_by.json").filter((r) => r.dimension === "business_category" && r.code === category);
  if (!quarterly.length) throw new Error(`business category ${category} has no complaints in the snapshot`);
  const emerging = readSnapshot<Row[]>("emerging_issues.json")
    .filter((r) => r.cell_type === "business_category" && r.cell_key === category)
    .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText) }));
  // Without the cause × category mart, the Pareto mart has the same counts per category scope.
  const causes = readOptionalSnapshot<Row[]>("cause_by_category_quarterly.json");
  const pareto = causes ? null : readOptionalSnapshot<Row[]>("cause_pareto.json");
  return {
    category,
    meta: readSnapshot<Meta>("meta.json"),
    labels: readSnapshot("labels.json"),
    quarterly,
    sla: readSnapshot<Row[]>("sla_quarterly_by.json").filter((r) => r.dimension === "business_category" && r.code === category),
    monthly: mine(readOptionalSnapshot<Row[]>("category_monthly.json")),
    causes: causes
      ? mine(causes)
      : (pareto ?? []).filter((r) => r.scope_type === "business_category" && r.scope_key === category)
          .map((r) => ({ quarter: r.quarter, business_category: category, cause_code: r.cause_code, complaints: r.complaints, share_of_category: r.share })),
    branches: mine(readOptionalSnapshot<Row[]>("category_org_quarterly.json")),
    emerging,
  };
});
