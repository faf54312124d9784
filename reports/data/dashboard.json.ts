// The dashboard's data: headline figures per quarter, monthly trends, recurrence, the SLA backlog's aging
// and the emerging issues — plus the slices its filters need (category, channel, tier-1 branch per quarter),
// all small aggregates from the published snapshot.
import { emit, maskText, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

const pick = (row: Row, keys: string[]): Row => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
const FILTER_DIMENSIONS = new Set(["business_category", "intake_channel"]);

emit(() => {
  const meta = readSnapshot<Meta>("meta.json");
  const emerging = readSnapshot<Row[]>("emerging_issues.json");
  const scorecard = readOptionalSnapshot<Row[]>("org_scorecard_quarterly.json");
  return {
    meta,
    labels: readSnapshot("labels.json"),
    kpi: readSnapshot("kpi_quarterly.json"),
    sla_monthly: readSnapshot("sla_monthly.json"),
    recurrence: readSnapshot("recurrence_quarterly.json"),
    // every flag, strongest first within a month (the page filters by quarter, category and branch)
    emerging: emerging
      .slice()
      .sort((a, b) => String(b.month).localeCompare(String(a.month)) || Number(b.z_score) - Number(a.z_score))
      .map((r) => ({ ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).slice(0, 1).map(maskText) })),
    aging: readOptionalSnapshot("sla_aging_quarterly.json"),
    by: readSnapshot<Row[]>("received_quarterly_by.json")
      .filter((r) => FILTER_DIMENSIONS.has(String(r.dimension)))
      .map((r) => pick(r, ["quarter", "dimension", "code", "received", "share", "qoq_pct", "yoy_pct"])),
    sla_by: readSnapshot<Row[]>("sla_quarterly_by.json")
      .filter((r) => FILTER_DIMENSIONS.has(String(r.dimension)))
      .map((r) => pick(r, ["quarter", "dimension", "code", "judged", "breached", "on_time_rate", "breach_rate", "at_risk"])),
    category_monthly: readOptionalSnapshot("category_monthly.json"),
    branches:
      scorecard
        ?.filter((r) => r.org_level === "tier1")
        .map((r) => pick(r, ["quarter", "org_code", "region", "received", "received_merged", "qoq_pct", "yoy_pct", "judged", "breached", "on_time_rate", "breach_rate",
          "open_breached", "at_risk", "repeat_after_close_rate", "escalated", "satisfaction_rate"])) ?? null,
  };
});
