// `kesu metrics`: a quarter's headline figures, read from the same marts the site is published from, so
// the command and the site can never disagree. Definitions: src/models (docs/design.md §5) and the methodology page.
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../db/warehouse.ts";

export const BREAKDOWNS = ["business_category", "cause_code", "org_code", "intake_channel"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The mart dimension each breakdown reads (org_code is reported by tier-1 branch). */
const DIMENSION: Record<Breakdown, string> = {
  business_category: "business_category",
  cause_code: "cause_code",
  org_code: "tier1_org",
  intake_channel: "intake_channel",
};

export interface HeadlineOptions {
  quarter: string;
  by?: Breakdown;
  /** Clock profile for the SLA figures; default: the run's headline profile. */
  profile?: string;
}

export async function headlineMetrics(connection: DuckDBConnection, options: HeadlineOptions) {
  const quarters = (await all<{ quarter: string }>(connection, "select quarter from int_quarters order by quarter_start")).map((r) => r.quarter);
  if (!quarters.includes(options.quarter)) {
    throw new Error(`no data for quarter ${options.quarter}; quarters in the warehouse: ${quarters.join(", ") || "none (run kesu build)"}`);
  }
  const params = (await one<{ headline_profile: string; as_of: string }>(
    connection,
    "select headline_profile, strftime(as_of_date, '%Y-%m-%d') as as_of from ref.run_params",
  ))!;
  const profile = options.profile ?? params.headline_profile;
  const profiles = (await all<{ profile_id: string }>(connection, "select distinct profile_id from ref.clock_profiles")).map((r) => r.profile_id);
  if (!profiles.includes(profile)) throw new Error(`unknown clock profile ${profile}; known: ${profiles.join(", ")}`);
  const q = { quarter: options.quarter };

  const kpi = (await one<Record<string, number | null>>(connection, "select * from mart_kpi_quarterly where quarter = $quarter", q))!;
  const recurrence =
    (await one<Record<string, number | boolean | null>>(connection, "select * from mart_recurrence_quarterly where quarter = $quarter", q)) ?? {};
  const sla =
    (await one<Record<string, number | null>>(
      connection,
      "select judged, responded, on_time, breached, at_risk, breach_rate, on_time_rate, p50_days_to_respond, p90_days_to_respond from mart_sla_quarterly_by where quarter = $quarter and profile_id = $profile and dimension = 'total'",
      { ...q, profile },
    )) ?? {};
  const received = Number(kpi.received);
  const classification =
    (await one<Record<string, number | null>>(
      connection,
      "select cause_provided, cause_classified, cause_unclassified, coverage_rate, agreement_checked, agreement_rate from mart_cause_classification_quarterly where quarter = $quarter",
      q,
    )) ?? {};
  const topCauses = await all(
    connection,
    "select code as cause_code, received, share from mart_received_quarterly_by where quarter = $quarter and dimension = 'cause_code' order by received desc limit 5",
    q,
  );
  const emerging = await all(
    connection,
    "select month, cell_type, cell_key, cause_code, complaints, baseline, lift, z_score from mart_emerging_issues where quarter = $quarter order by z_score desc",
    q,
  );
  const result: Record<string, unknown> = {
    quarter: options.quarter,
    as_of: params.as_of,
    clock_profile: profile,
    received,
    received_merged: recurrence.received_merged ?? null,
    received_prev_quarter: kpi.received_prev_quarter,
    received_prev_year: kpi.received_prev_year,
    qoq_pct: kpi.qoq_pct,
    yoy_pct: kpi.yoy_pct,
    // intensity (docs/design.md §5): the whole bank's, from mart_kpi_quarterly (dim_org head-office denominators)
    intensity_per_10k_customers: kpi.per_10k_customers,
    intensity_per_100_outlets: kpi.per_100_outlets,
    intensity_qoq_pct: kpi.intensity_qoq_pct,
    intensity_yoy_pct: kpi.intensity_yoy_pct,
    on_time_rate: sla.on_time_rate ?? null,
    breach_rate: sla.breach_rate ?? null,
    breached: sla.breached ?? null,
    at_risk_open: sla.at_risk ?? null,
    p50_days_to_respond: sla.p50_days_to_respond ?? null,
    p90_days_to_respond: sla.p90_days_to_respond ?? null,
    open_at_quarter_end: kpi.open_at_end,
    open_breached_at_quarter_end: kpi.open_breached,
    open_at_risk_at_quarter_end: kpi.open_at_risk,
    withdrawn: kpi.withdrawn,
    repeat_after_close_rate: recurrence.repeat_after_close_rate ?? null,
    repeat_customer_rate: recurrence.repeat_customer_rate ?? null,
    reopen_rate: recurrence.reopen_rate ?? null,
    escalation_rate: recurrence.escalation_rate ?? null,
    escalation_provisional: recurrence.escalation_provisional ?? null,
    at_fault_rate: kpi.at_fault_rate,
    upheld_rate: kpi.upheld_rate,
    satisfaction_rate: kpi.satisfaction_rate,
    redress_total_cny: kpi.redress_total_cny,
    cause_provided: classification.cause_provided ?? null,
    cause_classified: classification.cause_classified ?? null,
    cause_unclassified: classification.cause_unclassified ?? null,
    cause_coverage_rate: classification.coverage_rate ?? null,
    cause_agreement_checked: classification.agreement_checked ?? null,
    cause_agreement_rate: classification.agreement_rate ?? null,
    top_causes: topCauses,
    emerging_issues: emerging,
  };
  if (options.by) {
    const dimension = DIMENSION[options.by];
    // by branch: the scorecard's intensity and ranks too (tier-1 rows; the head office has none)
    const byOrg = options.by === "org_code";
    result.by = await all(
      connection,
      `select r.code, r.received, r.share, r.qoq_pct, r.yoy_pct, s.judged, s.breach_rate, s.on_time_rate
         ${byOrg ? ", o.per_10k_customers, o.per_100_outlets, o.rank_intensity, o.rank_breach" : ""}
       from mart_received_quarterly_by r
       left join mart_sla_quarterly_by s on s.quarter = r.quarter and s.dimension = r.dimension and s.code = r.code and s.profile_id = $profile
       ${byOrg ? "left join mart_org_scorecard_quarterly o on o.quarter = r.quarter and o.org_code = r.code and o.org_level = 'tier1'" : ""}
       where r.quarter = $quarter and r.dimension = $dimension order by r.received desc`,
      { ...q, dimension, profile },
    );
  }
  return result;
}
