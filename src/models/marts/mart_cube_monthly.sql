-- The dashboard's cube: one row per received month × tier-1 branch × tier-2 branch × business category × cause ×
-- intake channel (which names the source system too), with additive counts only (no rates), so the browser can add any set of cells
-- and divide numerator by denominator for whatever filters are set, every part of a page in the same scope.
-- Each count is the one the marts count (mart_kpi_quarterly, mart_recurrence_quarterly, mart_sla_quarterly_by),
-- flag for flag, on the headline clock profile; the rates' denominators are counts of their own here:
--   on-time rate = responded_on_time / responded_dated; breach rate = breached / judged;
--   repeat-after-close rate = repeats_after_close / received_merged; reopen rate = reopened / closed;
--   escalation rate = escalated / bank_channel_complaints; at-fault = at_fault / fault_assessed;
--   upheld = upheld / outcome_decided; satisfaction = satisfied / surveyed_reached.
-- Distinct customers cannot be added across cells, so the repeat-customer rate is not in the cube (it is in
-- mart_recurrence_quarterly for the whole bank, by quarter). Complaints only (is_complaint).
with params as (
    select headline_profile from ref.run_params
),

complaints as (
    select * from complaints where is_complaint
),

clocks as (
    select int_complaint_clocks.*
    from int_complaint_clocks, params
    where int_complaint_clocks.profile_id = params.headline_profile
),

flagged as (
    select
        complaints.received_month as month,
        complaints.received_quarter as quarter,
        coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org,
        complaints.region,
        complaints.business_category,
        complaints.cause_code,
        complaints.intake_channel,
        complaints.status,
        complaints.ever_reopened,
        complaints.is_at_fault,
        complaints.outcome,
        complaints.satisfaction,
        complaints.redress_amount_cny,
        recurrence.is_duplicate_while_open,
        recurrence.is_repeat_after_close,
        recurrence.is_bank_channel,
        recurrence.is_escalated,
        clocks.is_open,
        clocks.breached,
        clocks.responded_on_time,
        clocks.at_risk
    from complaints
    left join int_complaint_recurrence as recurrence using (complaint_key)
    left join clocks using (complaint_key)
),

final as (
    select
        month, quarter, tier1_org, tier2_org, region, business_category, cause_code, intake_channel,
        count(*) as received,
        count(*) filter (where not coalesce(is_duplicate_while_open, false)) as received_merged,
        count(*) filter (where is_duplicate_while_open) as duplicates_while_open,
        count(*) filter (where status = 'withdrawn') as withdrawn,
        count(*) filter (where breached is not null) as judged,
        count(*) filter (where breached) as breached,
        count(*) filter (where responded_on_time is not null) as responded_dated,
        count(*) filter (where responded_on_time) as responded_on_time,
        count(*) filter (where is_open) as open_now,
        count(*) filter (where is_open and breached) as open_breached_now,
        count(*) filter (where at_risk) as at_risk,
        count(*) filter (where is_repeat_after_close) as repeats_after_close,
        count(*) filter (where ever_reopened) as reopened,
        count(*) filter (where status = 'closed' or ever_reopened) as closed,
        count(*) filter (where is_bank_channel) as bank_channel_complaints,
        count(*) filter (where is_bank_channel and is_escalated) as escalated,
        count(*) filter (where is_at_fault) as at_fault,
        count(*) filter (where is_at_fault is not null) as fault_assessed,
        count(*) filter (where is_upheld(outcome)) as upheld,
        count(*) filter (where has_finding(outcome)) as outcome_decided,
        count(*) filter (where is_satisfied(satisfaction)) as satisfied,
        count(*) filter (where was_surveyed(satisfaction)) as surveyed_reached,
        cast(coalesce(sum(redress_amount_cny), 0) as double) as redress_total_cny
    from flagged
    group by all
    order by all
)

select * from final
