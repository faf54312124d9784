-- one row per quarter × org (tier-1 and tier-2 branches) with clocks: the headline clock's counts of the
-- complaints received in the quarter under the branch (judged, breached, on time, at risk), and the open
-- breached at the quarter's end (int_open_clocks_at_quarter_end), for mart_org_scorecard_quarterly.
with params as (
    select * from ref.run_params
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

final as (
    select quarter, org_code,
        sla.judged, sla.breached, sla.on_time, sla.responded_dated, sla.at_risk, backlog.open_breached
    from sla
    full join backlog using (quarter, org_code)
)

select * from final
