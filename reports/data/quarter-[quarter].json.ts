// One quarter's report data (`--quarter=2025-Q3`): only that quarter's aggregates, with the previous
// quarter and year where the bulletin layout compares against them.
import { CHANNEL_GROUP, type IntakeChannel } from "../../src/codes.ts";
import { argument, emit, maskText, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

// The bulletin groups channels on-site vs off-site (CBIRC Order 2020 No.3); the snapshot's channel rows
// carry only the channel code, so each gets its group from the one mapping in src/codes.ts.
const withGroup = (r: Row): Row => (r.dimension === "intake_channel" ? { ...r, intake_group: CHANNEL_GROUP[r.code as IntakeChannel] ?? null } : r);

emit(() => {
  const quarter = argument("quarter");
  const meta = readSnapshot<Meta>("meta.json");
  if (!meta.quarters.includes(quarter)) throw new Error(`quarter ${quarter} is not in the snapshot (${meta.quarters.join(", ")})`);
  const inQuarter = (rows: Row[]) => rows.filter((r) => r.quarter === quarter);
  const kpi = readSnapshot<Row[]>("kpi_quarterly.json");
  // a contract mart's rows through `pick`, or null while the snapshot does not have it (the page says so)
  const optional = (name: string, pick: (rows: Row[]) => Row[]) => {
    const rows = readOptionalSnapshot<Row[]>(name);
    return rows ? pick(rows) : null;
  };
  const headline = (rows: Row[]) => rows.filter((r) => r.quarter === quarter && (r.profile_id == null || r.profile_id === meta.clock_profile));
  const index = meta.quarters.indexOf(quarter);
  const recurrence = readSnapshot<Row[]>("recurrence_quarterly.json");
  // The quarter's calendar span, to find the files whose complaints fall in it (data-quality caveats).
  const [year, q] = quarter.split("-Q").map(Number);
  const start = `${year}-${String(q * 3 - 2).padStart(2, "0")}-01`;
  const end = q === 4 ? `${year}-12-31` : new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10);
  const dataQualityFiles = readOptionalSnapshot<Row[]>("data_quality_files.json");
  const files = (dataQualityFiles ?? []).filter(
    (f) => f.period_start != null && String(f.period_start) <= end && String(f.period_end) >= start,
  );
  const sum = (key: string) => files.reduce((n, f) => n + Number(f[key] ?? 0), 0);
  return {
    quarter,
    meta,
    labels: readSnapshot("labels.json"),
    kpi: kpi.find((r) => r.quarter === quarter),
    by: inQuarter(readSnapshot<Row[]>("received_quarterly_by.json")).map(withGroup),
    sla: inQuarter(readSnapshot<Row[]>("sla_quarterly_by.json")).map(withGroup),
    recurrence: recurrence.find((r) => r.quarter === quarter) ?? null,
    recurrence_prev_quarter: recurrence.find((r) => r.quarter === meta.quarters[index - 1]) ?? null,
    recurrence_prev_year: recurrence.find((r) => r.quarter === meta.quarters[index - 4]) ?? null,
    emerging: inQuarter(readSnapshot<Row[]>("emerging_issues.json")).map((r) => ({
      ...r, example_narratives: ((r.example_narratives as string[] | null) ?? []).map(maskText),
    })),
    // contract marts: null until published, and the page says so
    branches: readOptionalSnapshot<Row[]>("org_scorecard_quarterly.json")?.filter((r) => r.quarter === quarter && r.org_level === "tier1") ?? null,
    bands: optional("sla_bands_quarterly.json", headline),
    aging: optional("sla_aging_quarterly.json", headline),
    cause_by_category: optional("cause_by_category_quarterly.json", inQuarter),
    classification: readOptionalSnapshot<Row[]>("cause_classification_quarterly.json")?.find((r) => r.quarter === quarter) ?? null,
    data_quality: {
      period: { start, end },
      files: files.length,
      rows_in: sum("rows_in"),
      rows_rejected: sum("rows_rejected"),
      late_files: files.filter((f) => f.is_late).map((f) => f.file_name),
      published: dataQualityFiles != null,
    },
  };
});
