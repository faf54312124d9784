// One quarter's report data (`--quarter=2025-Q3`): only that quarter's aggregates, with the previous
// quarter and year where the bulletin layout compares against them.
import { CHANNEL_GROUP, type IntakeChannel } from "../../src/codes.ts";
import { argument, emit, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

// The bulletin groups channels on-site vs off-site (CBIRC Order 2020 No.3); the snapshot's channel rows
// carry only the channel code, so each gets its group from the one mapping in src/codes.ts.
const withGroup = (r: Row): Row => (r.dimension === "intake_channel" ? { ...r, intake_group: CHANNEL_GROUP[r.code as IntakeChannel] ?? null } : r);

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
    by: inQuarter(readSnapshot<Row[]>("received_quarterly_by.json")).map(withGroup),
    sla: inQuarter(readSnapshot<Row[]>("sla_quarterly_by.json")).map(withGroup),
    recurrence: readSnapshot<Row[]>("recurrence_quarterly.json").find((r) => r.quarter === quarter) ?? null,
    emerging: inQuarter(readSnapshot<Row[]>("emerging_issues.json")),
  };
});
