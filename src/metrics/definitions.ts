// Every metric kesu reports, defined once (issue 4 §8): the methodology page (reports/methodology.md via
// reports/data/methodology.json.ts), `kesu metrics --definitions` and the documentation of
// `kesu metrics --json` all read this list, and a test checks that every key `kesu metrics --json` prints
// has an entry here (`metricsKey`) and every such entry is printed.
import type { Label } from "../codes.ts";

export interface MetricDefinition {
  /** Stable id; equals `metricsKey` where the metric is in `kesu metrics --json`. */
  id: string;
  /** The key in `kesu metrics --json`, if the command prints it. */
  metricsKey?: string;
  group: "volume" | "intensity" | "sla" | "recurrence" | "outcome" | "cause" | "context";
  name: Label;
  definition: Label;
  /** The formula in plain notation (English identifiers, as in the marts). */
  formula: string;
  /** The period and population counted. */
  window: Label;
  /** The rule or source the definition follows. */
  rule: string;
  /** Where the figure is held: mart and column(s). */
  source: { mart: string; column: string }[];
  unit: "count" | "rate" | "cny" | "days" | "per_10k_customers" | "per_100_outlets" | "text" | "flag" | "list";
}

const RECEIVED_IN_QUARTER: Label = { zh: "统计季度内受理（按受理日期，北京时间）的投诉", en: "Complaints received in the quarter (by receipt date, Beijing time)" };
const HEADLINE_CLOCK = "headline clock profile (default cn-nfra-2020, 银保监会令2020年第3号 第二十四条); see Clock profiles";
const GROUP_LABELS: Record<MetricDefinition["group"], Label> = {
  context: { zh: "口径信息", en: "Context" },
  volume: { zh: "投诉量", en: "Volume" },
  intensity: { zh: "投诉强度", en: "Intensity" },
  sla: { zh: "处理时效", en: "Timeliness" },
  recurrence: { zh: "重复与升级", en: "Recurrence and escalation" },
  outcome: { zh: "处理结果", en: "Outcomes" },
  cause: { zh: "投诉原因", en: "Causes" },
};
export { GROUP_LABELS };

export const METRICS: readonly MetricDefinition[] = [
  // context
  { id: "quarter", metricsKey: "quarter", group: "context", unit: "text", name: { zh: "统计季度", en: "Quarter" },
    definition: { zh: "报告的季度，记为 2025-Q3", en: "The quarter reported, written 2025-Q3" }, formula: "year(received_at) || '-Q' || quarter(received_at)",
    window: { zh: "自然季度", en: "Calendar quarter" }, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "int_quarters", column: "quarter" }] },
  { id: "as_of", metricsKey: "as_of", group: "context", unit: "text", name: { zh: "数据截至日", en: "As-of date" },
    definition: { zh: "导出数据中出现的最晚日期；未办结投诉在此日判断是否超时", en: "The latest date any export speaks of; open complaints are judged at this date, not at today" },
    formula: "max(received_at, updated_at, responded_at, closed_at)", window: { zh: "全部数据", en: "All data" }, rule: "kesu 统计口径：以数据截至日判断未办结投诉（kesu definition: open complaints judged at the data's as-of date)", source: [{ mart: "ref.run_params", column: "as_of_date" }] },
  { id: "clock_profile", metricsKey: "clock_profile", group: "context", unit: "text", name: { zh: "时限口径", en: "Clock profile" },
    definition: { zh: "判断时效所用的时限规则", en: "The deadline rule the SLA figures are judged by" }, formula: "--profile, else ref.run_params.headline_profile",
    window: { zh: "—", en: "—" }, rule: "src/clock/profiles.ts", source: [{ mart: "ref.run_params", column: "headline_profile" }] },
  { id: "by", metricsKey: "by", group: "context", unit: "list", name: { zh: "分组明细", en: "Breakdown" },
    definition: { zh: "按 --by 维度（业务类别、原因、一级分行、渠道）分组的受理量、占比、环比、同比与时效（仅在给出 --by 时输出）；按一级分行（--by org_code）时另给万名客户投诉量、百个网点投诉量及强度、超时率排名", en: "With --by: received, share, QoQ, YoY, judged, breach and on-time rate per code of the dimension (only printed with --by); --by org_code adds each tier-1 branch's per_10k_customers, per_100_outlets, rank_intensity and rank_breach from the scorecard" },
    formula: "mart_received_quarterly_by left join mart_sla_quarterly_by on (quarter, dimension, code)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_received_quarterly_by", column: "received, share, qoq_pct, yoy_pct" }, { mart: "mart_sla_quarterly_by", column: "judged, breach_rate, on_time_rate" },
      { mart: "mart_org_scorecard_quarterly", column: "per_10k_customers, per_100_outlets, rank_intensity, rank_breach" }] },

  // volume
  { id: "received", metricsKey: "received", group: "volume", unit: "count", name: { zh: "受理投诉", en: "Complaints received" },
    definition: { zh: "登记类型为投诉的件数（咨询、建议等不计）", en: "Records registered as complaints (enquiries and suggestions excluded)" },
    formula: "count(*) where is_complaint", window: RECEIVED_IN_QUARTER, rule: "JR/T 0169-2018; 银保监会令2020年第3号",
    source: [{ mart: "mart_kpi_quarterly", column: "received" }] },
  { id: "received_merged", metricsKey: "received_merged", group: "volume", unit: "count", name: { zh: "合并重复后投诉量", en: "Received, duplicates merged" },
    definition: { zh: "受理数减去重复投诉：同一客户、同一业务类别在前一投诉尚未办结时再次投诉的，合并计为一件", en: "Received less duplicates: a complaint by the same customer on the same business category while an earlier one is still undecided counts once" },
    formula: "received − count(is_duplicate_while_open)", window: RECEIVED_IN_QUARTER, rule: "监管自 2022 年一季度起合并重复投诉统计",
    source: [{ mart: "mart_recurrence_quarterly", column: "received_merged" }] },
  { id: "received_prev_quarter", metricsKey: "received_prev_quarter", group: "volume", unit: "count", name: { zh: "上季度受理", en: "Received, previous quarter" },
    definition: { zh: "上一季度的受理投诉数", en: "Complaints received in the previous quarter" }, formula: "received(quarter − 1)",
    window: { zh: "上一季度", en: "Previous quarter" }, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_kpi_quarterly", column: "received_prev_quarter" }] },
  { id: "received_prev_year", metricsKey: "received_prev_year", group: "volume", unit: "count", name: { zh: "上年同期受理", en: "Received, same quarter last year" },
    definition: { zh: "上年同一季度的受理投诉数", en: "Complaints received in the same quarter a year earlier" }, formula: "received(quarter − 4)",
    window: { zh: "上年同季度", en: "Same quarter last year" }, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_kpi_quarterly", column: "received_prev_year" }] },
  { id: "qoq_pct", metricsKey: "qoq_pct", group: "volume", unit: "rate", name: { zh: "环比", en: "Quarter-on-quarter change" },
    definition: { zh: "受理数较上季度的变化率；上季度为 0 时不计算", en: "Change in received against the previous quarter; none when that was 0" },
    formula: "received / received_prev_quarter − 1", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_kpi_quarterly", column: "qoq_pct" }, { mart: "mart_org_scorecard_quarterly", column: "qoq_pct" }] },
  { id: "yoy_pct", metricsKey: "yoy_pct", group: "volume", unit: "rate", name: { zh: "同比", en: "Year-on-year change" },
    definition: { zh: "受理数较上年同季度的变化率；上年同期为 0 时不计算", en: "Change in received against the same quarter a year earlier; none when that was 0" },
    formula: "received / received_prev_year − 1", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_kpi_quarterly", column: "yoy_pct" }, { mart: "mart_org_scorecard_quarterly", column: "yoy_pct" }] },

  // intensity
  { id: "intensity_per_10k_customers", metricsKey: "intensity_per_10k_customers", group: "intensity", unit: "per_10k_customers", name: { zh: "万名客户投诉量", en: "Complaints per 10,000 customers" },
    definition: { zh: "受理数除以客户数再乘以一万；客户数取机构表（dim_org）总行行，分行取本行数；无分母时不计算", en: "Received per 10,000 customers; customers from dim_org (head-office row for the bank, the branch's own row for a branch); none without a denominator" },
    formula: "received × 10000 / customers", window: RECEIVED_IN_QUARTER, rule: "银行业消费投诉通报口径（每万名客户投诉量）",
    source: [{ mart: "mart_kpi_quarterly", column: "per_10k_customers" }, { mart: "mart_org_scorecard_quarterly", column: "per_10k_customers" }] },
  { id: "intensity_per_100_outlets", metricsKey: "intensity_per_100_outlets", group: "intensity", unit: "per_100_outlets", name: { zh: "百个网点投诉量", en: "Complaints per 100 outlets" },
    definition: { zh: "受理数除以网点数再乘以一百；网点数取机构表（dim_org）", en: "Received per 100 outlets; outlets from dim_org" },
    formula: "received × 100 / outlets", window: RECEIVED_IN_QUARTER, rule: "银行业消费投诉通报口径（每百个营业网点投诉量）",
    source: [{ mart: "mart_kpi_quarterly", column: "per_100_outlets" }, { mart: "mart_org_scorecard_quarterly", column: "per_100_outlets" }] },
  { id: "intensity_qoq_pct", metricsKey: "intensity_qoq_pct", group: "intensity", unit: "rate", name: { zh: "投诉强度环比", en: "Intensity, quarter-on-quarter" },
    definition: { zh: "万名客户投诉量较上季度的变化率；机构表每机构只有一个分母时等于受理数环比", en: "Change in complaints per 10,000 customers against the previous quarter; equal to the change in received while dim_org holds one denominator per org" },
    formula: "per_10k_customers / per_10k_customers(quarter − 1) − 1", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_kpi_quarterly", column: "intensity_qoq_pct" }] },
  { id: "intensity_yoy_pct", metricsKey: "intensity_yoy_pct", group: "intensity", unit: "rate", name: { zh: "投诉强度同比", en: "Intensity, year-on-year" },
    definition: { zh: "万名客户投诉量较上年同季度的变化率", en: "Change in complaints per 10,000 customers against the same quarter a year earlier" },
    formula: "per_10k_customers / per_10k_customers(quarter − 4) − 1", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_kpi_quarterly", column: "intensity_yoy_pct" }] },
  { id: "rank_intensity", group: "intensity", unit: "count", name: { zh: "投诉强度排名", en: "Intensity rank" },
    definition: { zh: "同级分行（一级或二级）在同一季度中按万名客户投诉量从高到低的名次（1 为最高；并列同名次；无分母不排名）", en: "Rank among branches of the same level in the quarter by complaints per 10,000 customers, highest = 1 (ties share a rank; no denominator, no rank)" },
    formula: "rank() over (quarter, org_level order by per_10k_customers desc)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_org_scorecard_quarterly", column: "rank_intensity" }] },

  { id: "peer_median", group: "intensity", unit: "per_10k_customers", name: { zh: "同级中位数", en: "Peer median" },
    definition: { zh: "同一季度同级分行（一级或二级）万名客户投诉量与超时率的中位数（无值的分行不计），供分行记分卡对比", en: "Median of complaints per 10,000 customers and of breach rate over branches of the same level in the quarter (branches without the figure left out), for the scorecards" },
    formula: "median(per_10k_customers), median(breach_rate) over (quarter, org_level)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径：分行按投诉强度排名并与中位数比较（kesu definition)",
    source: [{ mart: "mart_org_scorecard_quarterly", column: "median_per_10k_customers, median_breach_rate" }] },

  // SLA
  { id: "on_time_rate", metricsKey: "on_time_rate", group: "sla", unit: "rate", name: { zh: "按时办结率", en: "On-time rate" },
    definition: { zh: "在期限内（含期限当日）作出处理决定的件数占已答复件数的比例", en: "Complaints decided on or before the deadline, of those decided on a known date" },
    formula: "count(responded_date ≤ deadline) / count(responded_date is not null)", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "on_time_rate" }, { mart: "mart_org_scorecard_quarterly", column: "on_time_rate" }] },
  { id: "breach_rate", metricsKey: "breach_rate", group: "sla", unit: "rate", name: { zh: "超时率", en: "Breach rate" },
    definition: { zh: "期限后答复，或截至数据日仍未答复且已过期限的件数，占可判断件数的比例", en: "Complaints decided after the deadline, or still undecided past it at the as-of date, of those that can be judged" },
    formula: "count(breached) / count(breached is not null)", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "breach_rate" }, { mart: "mart_org_scorecard_quarterly", column: "breach_rate" }] },
  { id: "breached", metricsKey: "breached", group: "sla", unit: "count", name: { zh: "超时件数", en: "Breached" },
    definition: { zh: "超时的投诉件数（定义同超时率）", en: "Complaints breached (as in the breach rate)" }, formula: "count(breached)", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "breached" }] },
  { id: "rank_breach", group: "sla", unit: "count", name: { zh: "超时率排名", en: "Breach rank" },
    definition: { zh: "同级分行在同一季度中按超时率从高到低的名次（1 为最差）", en: "Rank among branches of the same level in the quarter by breach rate, worst = 1" },
    formula: "rank() over (quarter, org_level order by breach_rate desc)", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_org_scorecard_quarterly", column: "rank_breach" }] },
  { id: "at_risk_open", metricsKey: "at_risk_open", group: "sla", unit: "count", name: { zh: "临期未办结", en: "Open and at risk" },
    definition: { zh: "截至数据日尚未答复、尚未超时，且已用去时限 80% 以上（按该口径的计日方法，暂停天数不计）的投诉件数", en: "Complaints undecided at the as-of date, not yet breached, with at least 80% of the allowance used (counted as the rule counts, paused days off the clock)" },
    formula: "count(is_open and as_of ≤ deadline and elapsed_units ≥ 0.8 × allowed_units)", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "at_risk" }, { mart: "mart_org_scorecard_quarterly", column: "at_risk" }] },
  { id: "p50_days_to_respond", metricsKey: "p50_days_to_respond", group: "sla", unit: "days", name: { zh: "答复用时中位数", en: "Median days to respond" },
    definition: { zh: "已答复投诉从起算日到答复日的自然日数的中位数", en: "Median calendar days from the clock's start to the response, over complaints decided" },
    formula: "quantile_cont(elapsed_calendar_days, 0.5) where not is_open", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "p50_days_to_respond" }] },
  { id: "p90_days_to_respond", metricsKey: "p90_days_to_respond", group: "sla", unit: "days", name: { zh: "答复用时 90 分位", en: "90th percentile days to respond" },
    definition: { zh: "已答复投诉答复用时（自然日）的 90% 分位数", en: "90th percentile of calendar days to respond, over complaints decided" },
    formula: "quantile_cont(elapsed_calendar_days, 0.9) where not is_open", window: RECEIVED_IN_QUARTER, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_quarterly_by", column: "p90_days_to_respond" }] },
  { id: "open_at_quarter_end", metricsKey: "open_at_quarter_end", group: "sla", unit: "count", name: { zh: "季末未办结", en: "Open at quarter end" },
    definition: { zh: "季末时已受理（不论哪个季度受理）而尚未答复的投诉件数", en: "Complaints received by the quarter's end (in any quarter) and not yet decided then" },
    formula: "count(start_date ≤ quarter_end and (is_open or responded_date > quarter_end))", window: { zh: "季末时点", en: "At the quarter's end" }, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_kpi_quarterly", column: "open_at_end" }, { mart: "mart_sla_aging_quarterly", column: "sum(open_complaints)" }] },
  { id: "open_breached_at_quarter_end", metricsKey: "open_breached_at_quarter_end", group: "sla", unit: "count", name: { zh: "季末超时未办结", en: "Open and breached at quarter end" },
    definition: { zh: "季末未办结且期限已过的投诉件数", en: "Complaints open at the quarter's end whose deadline had passed by then" },
    formula: "count(open at quarter_end and deadline < quarter_end)", window: { zh: "季末时点", en: "At the quarter's end" }, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_kpi_quarterly", column: "open_breached" }, { mart: "mart_org_scorecard_quarterly", column: "open_breached" }] },
  { id: "aging_bucket", group: "sla", unit: "count", name: { zh: "未办结账龄", en: "Aging of open complaints" },
    definition: { zh: "季末（末季为数据截至日）未办结投诉按受理后自然日数分段：0-7、8-15、16-30、31-60、60 日以上；并给出其中当时已超时、临期的件数", en: "Complaints open at the quarter's end (the as-of date for a quarter not yet over) by calendar days since receipt: 0-7, 8-15, 16-30, 31-60, over 60; with those breached and at risk at that date" },
    formula: "date_diff('day', received_date, least(quarter_end, as_of)) → bucket", window: { zh: "季末时点", en: "At the quarter's end" }, rule: HEADLINE_CLOCK,
    source: [{ mart: "mart_sla_aging_quarterly", column: "open_complaints, breached, at_risk" }, { mart: "mart_sla_aging_quarterly_by", column: "open_complaints, breached, at_risk" }] },
  { id: "response_band", group: "sla", unit: "rate", name: { zh: "答复用时分档", en: "Response-time bands" },
    definition: { zh: "按答复用时分档（参照英国 FCA 口径）：起算日后第 3 个营业日内（起算日不计；营业日按该口径日历，调休上班日计入、节假日不计）、8 周（56 日）内、8 周以上、未办结；答复日期不详者不计入", en: "FCA-style bands of time to respond: by the 3rd business day after the start day (start day not counted; business days of the profile's calendar, so 调休 working days count and holidays do not), within 8 weeks (56 days), over 8 weeks, still open; complaints decided on an unknown date are left out" },
    formula: "seq(responded) − seq(start) ≤ 3 → within_3_business_days; days ≤ 56 → within_8_weeks; else over_8_weeks; is_open → open", window: RECEIVED_IN_QUARTER,
    rule: "FCA DISP 1.5 (three business days), DISP 1.6.2R (eight weeks)", source: [{ mart: "mart_sla_bands_quarterly", column: "complaints, share" }, { mart: "mart_sla_bands_quarterly_by", column: "complaints, share" }] },

  // recurrence
  { id: "repeat_after_close_rate", metricsKey: "repeat_after_close_rate", group: "recurrence", unit: "rate", name: { zh: "二次投诉率", en: "Repeat-after-close rate" },
    definition: { zh: "同一客户、同一业务类别，在前一投诉办结后 90 日内再次投诉（且不属重复投诉）的件数，占合并重复后投诉量的比例", en: "Complaints by a customer on a business category within 90 days of an earlier one's closing (and not duplicates), of received merged" },
    formula: "count(is_repeat_after_close) / received_merged", window: { zh: "统计季度内受理；回看 90 日", en: "Received in the quarter; looking back 90 days" }, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_recurrence_quarterly", column: "repeat_after_close_rate" }, { mart: "mart_org_scorecard_quarterly", column: "repeat_after_close_rate" }] },
  { id: "repeat_customer_rate", metricsKey: "repeat_customer_rate", group: "recurrence", unit: "rate", name: { zh: "重复投诉客户占比", en: "Repeat-customer rate" },
    definition: { zh: "季度内有 2 件及以上非重复投诉的客户占季度内投诉客户的比例（客户以密钥哈希假名识别）", en: "Customers with two or more non-duplicate complaints in the quarter, of customers who complained (customers known by keyed-hash pseudonym)" },
    formula: "count(customers with ≥ 2) / count(customers)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_recurrence_quarterly", column: "repeat_customer_rate" }, { mart: "mart_org_scorecard_quarterly", column: "repeat_customer_rate" }] },
  { id: "reopen_rate", metricsKey: "reopen_rate", group: "recurrence", unit: "rate", name: { zh: "重新处理率", en: "Reopen rate" },
    definition: { zh: "曾被重新处理的投诉占已办结投诉的比例", en: "Complaints ever reopened, of complaints closed" }, formula: "count(ever_reopened) / count(closed or ever_reopened)",
    window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_recurrence_quarterly", column: "reopen_rate" }] },
  { id: "escalation_rate", metricsKey: "escalation_rate", group: "recurrence", unit: "rate", name: { zh: "升级投诉率", en: "Escalation rate" },
    definition: { zh: "经本行渠道（现场、电子、信访）受理后 90 日内，同一客户又经监管、政府或媒体投诉的件数，占本行渠道投诉的比例", en: "Bank-channel complaints (on-site, electronic, letters) followed within 90 days by the same customer through a regulator, government or media, of bank-channel complaints" },
    formula: "count(is_bank_channel and is_escalated) / count(is_bank_channel)", window: { zh: "统计季度内受理；向后 90 日", en: "Received in the quarter; 90 days forward" }, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_recurrence_quarterly", column: "escalation_rate" }] },
  { id: "escalation_provisional", metricsKey: "escalation_provisional", group: "recurrence", unit: "flag", name: { zh: "升级投诉暂定", en: "Escalation provisional" },
    definition: { zh: "季度内有投诉的 90 日窗口在数据截至日尚未走完时为真：升级投诉率可能上升", en: "True when some complaint's 90-day window had not passed by the as-of date: the escalation rate may still rise" },
    formula: "bool_or(received_date + 90 > as_of)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_recurrence_quarterly", column: "escalation_provisional" }] },
  { id: "escalated", group: "recurrence", unit: "count", name: { zh: "升级投诉件数", en: "Escalated" },
    definition: { zh: "升级投诉的件数（定义同升级投诉率）", en: "Bank-channel complaints escalated (as in the escalation rate)" }, formula: "count(is_bank_channel and is_escalated)",
    window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_recurrence_quarterly", column: "escalated" }, { mart: "mart_org_scorecard_quarterly", column: "escalated" }] },

  // outcomes
  { id: "at_fault_rate", metricsKey: "at_fault_rate", group: "outcome", unit: "rate", name: { zh: "有责投诉率", en: "At-fault rate" },
    definition: { zh: "认定本行有责的投诉占已作责任认定投诉的比例", en: "Complaints where the bank was found at fault, of those assessed" }, formula: "count(is_at_fault) / count(is_at_fault is not null)",
    window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_kpi_quarterly", column: "at_fault_rate" }, { mart: "mart_org_scorecard_quarterly", column: "at_fault_rate" }] },
  { id: "upheld_rate", metricsKey: "upheld_rate", group: "outcome", unit: "rate", name: { zh: "支持率", en: "Upheld rate" },
    definition: { zh: "诉求获支持或部分支持的投诉占已作结论（支持、部分支持、不支持）投诉的比例", en: "Complaints upheld or partly upheld, of those with a finding (upheld, partly upheld, rejected)" },
    formula: "count(outcome in (upheld, partly_upheld)) / count(outcome in (upheld, partly_upheld, rejected))", window: RECEIVED_IN_QUARTER, rule: "FCA DISP 1.10 (upheld complaints)",
    source: [{ mart: "mart_kpi_quarterly", column: "upheld_rate" }, { mart: "mart_org_scorecard_quarterly", column: "upheld_rate" }] },
  { id: "satisfaction_rate", metricsKey: "satisfaction_rate", group: "outcome", unit: "rate", name: { zh: "回访满意率", en: "Satisfaction rate" },
    definition: { zh: "回访表示满意的客户占回访联系上（满意、一般、不满意）的客户的比例", en: "Customers satisfied, of those reached by the follow-up survey (satisfied, neutral, unsatisfied)" },
    formula: "count(satisfied) / count(satisfied, neutral, unsatisfied)", window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)",
    source: [{ mart: "mart_kpi_quarterly", column: "satisfaction_rate" }, { mart: "mart_org_scorecard_quarterly", column: "satisfaction_rate" }] },
  { id: "redress_total_cny", metricsKey: "redress_total_cny", group: "outcome", unit: "cny", name: { zh: "补偿金额", en: "Redress paid" },
    definition: { zh: "投诉处理中向客户支付的补偿、退费合计（元）", en: "Compensation and refunds paid to customers, in yuan" }, formula: "sum(redress_amount_cny)",
    window: RECEIVED_IN_QUARTER, rule: "kesu 统计口径（kesu definition, as defined here)", source: [{ mart: "mart_kpi_quarterly", column: "redress_total_cny" }, { mart: "mart_org_scorecard_quarterly", column: "redress_amount_cny" }] },

  // causes
  { id: "cause_provided", metricsKey: "cause_provided", group: "cause", unit: "count", name: { zh: "原因来源提供", en: "Cause provided" },
    definition: { zh: "导出数据自带投诉原因（JR/T 0169-2018 原因分类）的投诉件数", en: "Complaints whose export gives a cause (JR/T 0169-2018 cause codes)" }, formula: "count(cause_source = 'provided')",
    window: RECEIVED_IN_QUARTER, rule: "JR/T 0169-2018", source: [{ mart: "mart_cause_classification_quarterly", column: "cause_provided" }] },
  { id: "cause_classified", metricsKey: "cause_classified", group: "cause", unit: "count", name: { zh: "规则分类原因", en: "Cause classified" },
    definition: { zh: "未带原因、由关键词规则从投诉内容判定原因的件数。规则见 src/classify/cause-rules.json：中文关键词按子串匹配，英文关键词按整词（末尾 * 为前缀）匹配；多条规则命中时取优先级数字最小者，优先级相同取文件中靠前者；规则从不判为“其他”", en: "Complaints without a cause whose cause the keyword rules read from the narrative. Rules: src/classify/cause-rules.json; Chinese keywords match as substrings, English ones as whole words (a final * makes a prefix); when several rules fire the lowest priority number wins, and on equal priority the earlier rule in the file; no rule assigns 'other'" },
    formula: "count(cause_source = 'classified')", window: RECEIVED_IN_QUARTER, rule: "src/classify/cause-rules.json (JR/T 0169-2018 causes)",
    source: [{ mart: "mart_cause_classification_quarterly", column: "cause_classified" }] },
  { id: "cause_unclassified", metricsKey: "cause_unclassified", group: "cause", unit: "count", name: { zh: "未分类原因", en: "Cause unclassified" },
    definition: { zh: "既无来源原因、规则也未命中的投诉件数；在原因分析中记为“未分类”", en: "Complaints with neither a provided cause nor a rule that fires; shown as 'unclassified' in the cause analyses" },
    formula: "count(cause_source = 'unclassified')", window: RECEIVED_IN_QUARTER, rule: "src/classify/cause-rules.json", source: [{ mart: "mart_cause_classification_quarterly", column: "cause_unclassified" }] },
  { id: "cause_coverage_rate", metricsKey: "cause_coverage_rate", group: "cause", unit: "rate", name: { zh: "原因覆盖率", en: "Cause coverage" },
    definition: { zh: "有原因（来源提供或规则分类）的投诉占受理投诉的比例", en: "Complaints with a cause (provided or classified), of complaints received" },
    formula: "(cause_provided + cause_classified) / complaints", window: RECEIVED_IN_QUARTER, rule: "src/classify/cause-rules.json",
    source: [{ mart: "mart_cause_classification_quarterly", column: "coverage_rate" }] },
  { id: "cause_agreement_checked", metricsKey: "cause_agreement_checked", group: "cause", unit: "count", name: { zh: "规则校验件数", en: "Classifier checked" },
    definition: { zh: "带来源原因、且分类规则也命中的投诉件数（一致率的分母）", en: "Complaints with a provided cause on which the classifier also fired (the agreement rate's denominator)" },
    formula: "count(cause_source = 'provided' and classified_cause_code is not null)", window: RECEIVED_IN_QUARTER, rule: "src/classify/cause-rules.json",
    source: [{ mart: "mart_cause_classification_quarterly", column: "agreement_checked" }] },
  { id: "cause_agreement_rate", metricsKey: "cause_agreement_rate", group: "cause", unit: "rate", name: { zh: "规则一致率", en: "Classifier agreement" },
    definition: { zh: "规则判定的原因与来源原因相同的件数占校验件数的比例：衡量规则可信度", en: "Complaints where the classifier's cause equals the provided one, of those checked: how far the rules can be trusted" },
    formula: "count(classified_cause_code = provided_cause_code) / agreement_checked", window: RECEIVED_IN_QUARTER, rule: "src/classify/cause-rules.json",
    source: [{ mart: "mart_cause_classification_quarterly", column: "agreement_rate" }] },
  { id: "classifier_confusion", group: "cause", unit: "count", name: { zh: "规则判定对照", en: "Classifier confusion" },
    definition: { zh: "带来源原因的投诉按（来源原因 × 规则判定原因，未命中记为 none）计数：规则维护者据此修订关键词", en: "Complaints with a provided cause counted by (provided cause × the rules' cause, 'none' when no rule fires): what a rule maintainer amends the keywords from" },
    formula: "count(*) group by provided_cause_code, coalesce(classified_cause_code, 'none')", window: { zh: "全部数据", en: "All data" }, rule: "src/classify/cause-rules.json",
    source: [{ mart: "mart_cause_classifier_confusion", column: "complaints, share_of_provided, agrees" }] },
  { id: "top_causes", metricsKey: "top_causes", group: "cause", unit: "list", name: { zh: "主要投诉原因", en: "Top causes" },
    definition: { zh: "受理量最多的 5 个原因及其占比（含规则分类，未分类单列）", en: "The five causes with most complaints and their shares (classified causes included, unclassified shown on its own)" },
    formula: "mart_received_quarterly_by where dimension = 'cause_code' order by received desc limit 5", window: RECEIVED_IN_QUARTER, rule: "JR/T 0169-2018",
    source: [{ mart: "mart_received_quarterly_by", column: "received, share (dimension cause_code)" }] },
  { id: "vital_few", group: "cause", unit: "flag", name: { zh: "关键少数原因", en: "Vital few causes" },
    definition: { zh: "按件数从多到少累计，构成前 80% 投诉的原因（帕累托），全行、各业务类别、各一级分行分别计算", en: "The causes that, largest first, make up the first 80% of complaints (Pareto), for the bank, each business category and each tier-1 branch" },
    formula: "complaints_before × 5 < scope_total × 4", window: RECEIVED_IN_QUARTER, rule: "Pareto principle (80/20)", source: [{ mart: "mart_cause_pareto", column: "is_vital_few" }] },
  { id: "cause_category_share", group: "cause", unit: "rate", name: { zh: "原因×业务类别占比", en: "Cause × category shares" },
    definition: { zh: "每个业务类别×原因格子的件数占该业务类别（share_of_category）和该季度（share_of_quarter）的比例", en: "Each business category × cause cell's complaints as a share of the category (share_of_category) and of the quarter (share_of_quarter)" },
    formula: "complaints / sum(complaints) over (quarter, business_category); complaints / sum(complaints) over (quarter)", window: RECEIVED_IN_QUARTER, rule: "JR/T 0169-2018",
    source: [{ mart: "mart_cause_by_category_quarterly", column: "share_of_category, share_of_quarter" }, { mart: "mart_category_org_quarterly", column: "share_of_category" }] },
  { id: "emerging_issues", metricsKey: "emerging_issues", group: "cause", unit: "list", name: { zh: "新发问题", en: "Emerging issues" },
    definition: { zh: "业务类别×原因、一级分行×原因的月度投诉量显著高于前 6 个月均值（至少 3 个月历史）：Poisson z ≥ 4、倍数 ≥ 2、至少 10 件；附脱敏示例", en: "Monthly business category × cause and tier-1 branch × cause cells well above the mean of their previous 6 months (3 at least): Poisson z ≥ 4, lift ≥ 2, at least 10 complaints; with masked examples" },
    formula: "lift = n / max(baseline, 0.5); z = (n − max(baseline, 0.5)) / √max(baseline, 0.5)", window: { zh: "统计季度内各月；基线为前 6 个月", en: "Months of the quarter; baseline the 6 months before" },
    rule: "kesu 统计口径：泊松 z 检验与提升倍数，阈值见 ref.run_params（kesu definition: Poisson z-test and lift)", source: [{ mart: "mart_emerging_issues", column: "complaints, baseline, lift, z_score" }] },
];

/** The keys `kesu metrics --json` prints, each defined above. */
export const METRICS_KEYS: readonly string[] = METRICS.flatMap((m) => (m.metricsKey ? [m.metricsKey] : []));
