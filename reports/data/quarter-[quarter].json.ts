// One quarter's report data (`--quarter=2025-Q3`): only that quarter's aggregates, with the previous
// quarter and year where the bulletin layout compares against them.
import { argument, emit, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => {
  const quarter = argument("quarter");
  const meta = readSnapshot<Meta>("meta.json");
  if (!meta.quarters.includes(quarter)) throw new Error(`quarter ${quarter} is not in the snapshot (${meta.quarters.join(", ")})`);
  const inQuarter = (rows: Row[]) => rows.filter((r) => r.quarter === quarter);
  const kpi = readSnapshot<Row[]>("kpi_quarterly.json");
  return {
    quarter,
    meta,
    labels: readSnapshot("labels.json"),
    kpi: kpi.find((r) => r.quarter === quarter),
    by: inQuarter(readSnapshot<Row[]>("received_quarterly_by.json")),
    sla: inQuarter(readSnapshot<Row[]>("sla_quarterly_by.json")),
    recurrence: readSnapshot<Row[]>("recurrence_quarterly.json").find((r) => r.quarter === quarter) ?? null,
    emerging: inQuarter(readSnapshot<Row[]>("emerging_issues.json")),
  };
});
