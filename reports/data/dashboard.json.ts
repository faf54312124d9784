// The dashboard's data: headline figures per quarter, monthly trends, recurrence and the latest emerging
// issues — all small aggregates from the published snapshot.
import { emit, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => {
  const meta = readSnapshot<Meta>("meta.json");
  const emerging = readSnapshot<Row[]>("emerging_issues.json");
  return {
    meta,
    labels: readSnapshot("labels.json"),
    kpi: readSnapshot("kpi_quarterly.json"),
    sla_monthly: readSnapshot("sla_monthly.json"),
    recurrence: readSnapshot("recurrence_quarterly.json"),
    // the twelve latest flags, strongest first within a month
    emerging: emerging
      .slice()
      .sort((a, b) => String(b.month).localeCompare(String(a.month)) || Number(b.z_score) - Number(a.z_score))
      .slice(0, 12),
  };
});
