-- one row per quarter × org (tier-1 and tier-2 branches): volume, intensity, SLA and outcome figures of
-- the complaints received in the quarter under the branch (docs/design.md §5); SLA by the headline clock profile.
-- Intensity: complaints per 10,000 customers and per 100 outlets of the branch (dim_org denominators; null
-- when the bank file gives none). dim_org holds one denominator per branch, so the QoQ and YoY changes of
-- intensity equal the changes in the count.
with quarters as (
    select * from int_quarters
),

params as (
    select * from ref.run_params
),

orgs as (
    select org_code, org_level, parent_code as parent_org_code, region, customers, outlets
    from ref.dim_org
    where org_level in ('tier1', 'tier2')
),

complaints as (
    select c.*, r.is_duplicate_while_open, r.is_bank_channel, r.is_escalated, r.is_repeat_after_close
    from complaints as c
    left join int_complaint_recurrence as r using (complaint_key)
    where c.is_complaint
),

clocks as (
    select k.*
    from int_complaint_clocks as k, params
    where k.profile_id = params.headline_profile
),

-- each complaint counts for its tier-1 branch and, when it has one, its tier-2 branch: both levels are
-- counted in one grouping-sets pass over the complaints (stacking the complaints once per level wrote and
-- read a table of twice the complaints, narrower but nineteen million rows at ten million complaints)
volume_by_level as (
    select
        received_quarter as quarter,
        case when grouping(tier1_code) = 0 then tier1_code else tier2_code end as org_code,
        count(*) as received,
        count(*) filter (where not coalesce(is_duplicate_while_open, false)) as received_merged,
        count(*) filter (where is_repeat_after_close) as repeats_after_close,
        count(*) filter (where is_bank_channel) as bank_channel_complaints,
        count(*) filter (where is_bank_channel and is_escalated) as escalated,
        count(*) filter (where is_at_fault) as at_fault,
        count(*) filter (where is_at_fault is not null) as fault_assessed,
        count(*) filter (where outcome in ('upheld', 'partly_upheld')) as upheld,
        count(*) filter (where outcome in ('upheld', 'partly_upheld', 'rejected')) as outcome_decided,
        count(*) filter (where satisfaction = 'satisfied') as satisfied,
        count(*) filter (where satisfaction in ('satisfied', 'neutral', 'unsatisfied')) as surveyed_reached,
        sum(redress_amount_cny) as redress_amount_cny
    from complaints
    group by grouping sets ((received_quarter, tier1_code), (received_quarter, tier2_code))
    -- a complaint without a branch of a level counts under none of that level
    having org_code is not null
),

volume as (
    -- a code is a tier-1 or a tier-2 branch, never both, so each (quarter, org) has one row; summed anyway
    select quarter, org_code,
        cast(sum(received) as bigint) as received, cast(sum(received_merged) as bigint) as received_merged,
        cast(sum(repeats_after_close) as bigint) as repeats_after_close, cast(sum(escalated) as bigint) as escalated,
        cast(sum(bank_channel_complaints) as bigint) as bank_channel_complaints,
        cast(sum(at_fault) as bigint) as at_fault, cast(sum(fault_assessed) as bigint) as fault_assessed,
        cast(sum(upheld) as bigint) as upheld, cast(sum(outcome_decided) as bigint) as outcome_decided,
        cast(sum(satisfied) as bigint) as satisfied, cast(sum(surveyed_reached) as bigint) as surveyed_reached,
        coalesce(sum(redress_amount_cny), 0) as redress_amount_cny
    from volume_by_level
    group by all
),

customers as (
    -- every customer who complained in the quarter under the branch (a duplicate-only customer included),
    -- and those with at least two non-duplicate complaints there
    select quarter, org_code, count(*) as customers_complaining, count(*) filter (where n >= 2) as repeat_customers
    from (
        select
            received_quarter as quarter,
            case when grouping(tier1_code) = 0 then tier1_code else tier2_code end as org_code,
            customer_ref,
            count(*) filter (where not coalesce(is_duplicate_while_open, false)) as n
        from complaints
        where customer_ref is not null
        group by grouping sets ((received_quarter, tier1_code, customer_ref), (received_quarter, tier2_code, customer_ref))
        having org_code is not null
    )
    group by all
),

-- the clocks join complaints once, narrow, and count for both branch levels by grouping sets: joining them
-- to by_org would carry every clock twice through a join with the stacked complaints
clock_orgs as (
    select clocks.*, complaints.received_quarter, complaints.tier1_code, complaints.tier2_code
    from clocks
    join complaints using (complaint_key)
),

sla_by_level as (
    select
        received_quarter as quarter,
        case when grouping(tier1_code) = 0 then tier1_code else tier2_code end as org_code,
        count(*) filter (where breached is not null) as judged,
        count(*) filter (where breached) as breached,
        count(*) filter (where responded_on_time) as on_time,
        count(*) filter (where responded_on_time is not null) as responded_dated,
        count(*) filter (where at_risk) as at_risk
    from clock_orgs
    group by grouping sets ((received_quarter, tier1_code), (received_quarter, tier2_code))
    -- a complaint without a branch of a level counts under none of that level
    having org_code is not null
),

sla as (
    -- a code is a tier-1 or a tier-2 branch, never both, so each (quarter, org) has one row; summed anyway
    select quarter, org_code,
        cast(sum(judged) as bigint) as judged, cast(sum(breached) as bigint) as breached,
        cast(sum(on_time) as bigint) as on_time, cast(sum(responded_dated) as bigint) as responded_dated,
        cast(sum(at_risk) as bigint) as at_risk
    from sla_by_level
    group by all
),

backlog_by_level as (
    -- open at the quarter's end and already past its deadline then (int_open_clocks_at_quarter_end, as
    -- mart_kpi_quarterly and mart_sla_aging_quarterly count it)
    select
        open_clocks.quarter,
        case when grouping(clock_orgs.tier1_code) = 0 then clock_orgs.tier1_code else clock_orgs.tier2_code end as org_code,
        count(*) as open_breached
    from int_open_clocks_at_quarter_end as open_clocks
    join clock_orgs using (complaint_key, profile_id)
    where open_clocks.breached
    group by grouping sets ((open_clocks.quarter, clock_orgs.tier1_code), (open_clocks.quarter, clock_orgs.tier2_code))
    having org_code is not null
),

backlog as (
    select quarter, org_code, cast(sum(open_breached) as bigint) as open_breached
    from backlog_by_level
    group by all
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
        customers.customers_complaining,
        customers.repeat_customers,
        coalesce(volume.escalated, 0) as escalated,
        coalesce(volume.bank_channel_complaints, 0) as bank_channel_complaints,
        coalesce(sla.judged, 0) as judged,
        coalesce(sla.breached, 0) as breached,
        sla.on_time,
        sla.responded_dated,
        coalesce(sla.at_risk, 0) as at_risk,
        coalesce(backlog.open_breached, 0) as open_breached,
        volume.at_fault, volume.fault_assessed, volume.upheld, volume.outcome_decided,
        volume.satisfied, volume.surveyed_reached,
        coalesce(volume.redress_amount_cny, 0) as redress_amount_cny
    from grid
    left join volume using (quarter, org_code)
    left join customers using (quarter, org_code)
    left join sla using (quarter, org_code)
    left join backlog using (quarter, org_code)
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
