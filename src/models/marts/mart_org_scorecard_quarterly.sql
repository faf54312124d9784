-- one row per quarter × org (tier-1 and tier-2 branches): volume, intensity, SLA and outcome figures of
-- the complaints received in the quarter under the branch (docs/design.md §5); SLA by the headline clock profile.
-- Intensity: complaints per 10,000 customers and per 100 outlets of the branch (dim_org denominators; null
-- when the bank file gives none). dim_org holds one denominator per branch, so the QoQ and YoY changes of
-- intensity equal the changes in the count.
with quarters as (
    select * from int_quarters
),

orgs as (
    select org_code, org_level, parent_code as parent_org_code, region, customers, outlets
    from ref.dim_org
    where org_level in ('tier1', 'tier2')
),

volume as (
    select * from int_org_volume_quarterly
),

sla as (
    select * from int_org_sla_quarterly
),

grid as (
    select quarters.quarter, quarters.quarter_start, quarters.prev_quarter_start, quarters.prev_year_quarter_start, orgs.*
    from quarters cross join orgs
),

joined as (
    select
        grid.*,
        coalesce(volume.received, 0) as received,
        coalesce(volume.received_merged, 0) as received_merged,
        volume.repeats_after_close,
        volume.customers_complaining,
        volume.repeat_customers,
        coalesce(volume.escalated, 0) as escalated,
        coalesce(volume.bank_channel_complaints, 0) as bank_channel_complaints,
        coalesce(sla.judged, 0) as judged,
        coalesce(sla.breached, 0) as breached,
        sla.on_time,
        sla.responded_dated,
        coalesce(sla.at_risk, 0) as at_risk,
        coalesce(sla.open_breached, 0) as open_breached,
        volume.at_fault, volume.fault_assessed, volume.upheld, volume.outcome_decided,
        volume.satisfied, volume.surveyed_reached,
        coalesce(volume.redress_amount_cny, 0) as redress_amount_cny
    from grid
    left join volume using (quarter, org_code)
    left join sla using (quarter, org_code)
),

rated as (
    select
        cur.quarter,
        cur.org_code,
        cur.org_level,
        cur.parent_org_code,
        cur.region,
        cur.received,
        cur.received_merged,
        cur.customers,
        cur.outlets,
        case when cur.customers > 0 then cur.received * 10000.0 / cur.customers end as per_10k_customers,
        case when cur.outlets > 0 then cur.received * 100.0 / cur.outlets end as per_100_outlets,
        prev.received as received_prev_quarter,
        prev_year.received as received_prev_year,
        case when prev.received > 0 then cur.received / prev.received - 1 end as qoq_pct,
        case when prev_year.received > 0 then cur.received / prev_year.received - 1 end as yoy_pct,
        cur.judged,
        cur.breached,
        case when cur.responded_dated > 0 then cur.on_time / cur.responded_dated end as on_time_rate,
        case when cur.responded_dated > 0 and prev.responded_dated > 0
            then cur.on_time / cur.responded_dated - prev.on_time / prev.responded_dated end as on_time_rate_change,
        case when cur.judged > 0 then cur.breached / cur.judged end as breach_rate,
        cur.open_breached,
        cur.at_risk,
        case when cur.received_merged > 0 then coalesce(cur.repeats_after_close, 0) / cur.received_merged end as repeat_after_close_rate,
        case when cur.customers_complaining > 0 then cur.repeat_customers / cur.customers_complaining end as repeat_customer_rate,
        cur.escalated,
        cur.bank_channel_complaints,
        case when cur.bank_channel_complaints > 0 then cur.escalated / cur.bank_channel_complaints end as escalation_rate,
        case when cur.surveyed_reached > 0 then cur.satisfied / cur.surveyed_reached end as satisfaction_rate,
        case when cur.fault_assessed > 0 then cur.at_fault / cur.fault_assessed end as at_fault_rate,
        case when cur.outcome_decided > 0 then cur.upheld / cur.outcome_decided end as upheld_rate,
        cur.redress_amount_cny
    from joined as cur
    left join joined as prev on prev.org_code = cur.org_code and prev.quarter_start = cur.prev_quarter_start
    left join joined as prev_year on prev_year.org_code = cur.org_code and prev_year.quarter_start = cur.prev_year_quarter_start
),

final as (
    select
        rated.*,
        -- ranks among branches of the same level in the quarter; a branch without the figure is not ranked
        case when per_10k_customers is not null then
            rank() over (partition by quarter, org_level, per_10k_customers is null order by per_10k_customers desc)
        end as rank_intensity,
        case when breach_rate is not null then
            rank() over (partition by quarter, org_level, breach_rate is null order by breach_rate desc)
        end as rank_breach,
        -- the branch's peers: medians over branches of the same level in the quarter (nulls left out)
        median(received) over (partition by quarter, org_level) as median_received,
        median(qoq_pct) over (partition by quarter, org_level) as median_qoq_pct,
        median(yoy_pct) over (partition by quarter, org_level) as median_yoy_pct,
        median(per_10k_customers) over (partition by quarter, org_level) as median_per_10k_customers,
        median(breach_rate) over (partition by quarter, org_level) as median_breach_rate
    from rated
    order by quarter, org_level, org_code
)

select * from final
