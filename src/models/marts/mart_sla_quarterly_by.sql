-- one row per quarter × profile × dimension × code: SLA judgement of complaints received in the quarter
with clocks as (
    select * from int_complaint_clocks
),

complaints as (
    select * from complaints
),

joined as (
    select clocks.*, complaints.received_quarter as quarter, complaints.intake_channel,
        complaints.business_category, coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org
    from clocks join complaints using (complaint_key)
),

-- the clocks counted by every attribute the figures read: a few rows per group instead of one per clock
-- (at ten million complaints thirty million clocks), so that the five grouping sets and the histograms of
-- the percentiles aggregate this and the join above runs once
cells as (
    select
        quarter, profile_id, intake_channel, business_category, tier1_org, tier2_org,
        is_open, breached, responded_on_time, at_risk, elapsed_calendar_days,
        count(*) as clocks
    from joined
    group by all
),

-- one pass for all five dimensions: grouping sets instead of five stacked copies of every clock (grouping()
-- and the slice macros of macros/slices.sql tell which set a row belongs to); counts as bigint, as count(*)
-- gives them
grouped as (
    select
        quarter,
        profile_id,
        slice_dimension(grouping(intake_channel, business_category, tier1_org, tier2_org)) as dimension,
        slice_code(grouping(intake_channel, business_category, tier1_org, tier2_org), intake_channel, business_category, tier1_org, tier2_org) as code,
        cast(coalesce(sum(clocks) filter (where breached is not null), 0) as bigint) as judged,
        cast(coalesce(sum(clocks) filter (where not is_open), 0) as bigint) as responded,
        cast(coalesce(sum(clocks) filter (where responded_on_time), 0) as bigint) as on_time,
        cast(coalesce(sum(clocks) filter (where breached), 0) as bigint) as breached,
        cast(coalesce(sum(clocks) filter (where at_risk), 0) as bigint) as at_risk,
        cast(coalesce(sum(clocks) filter (where responded_on_time is not null), 0) as bigint) as responded_dated
    from cells
    group by grouping sets (
        (quarter, profile_id),
        (quarter, profile_id, intake_channel),
        (quarter, profile_id, business_category),
        (quarter, profile_id, tier1_org),
        (quarter, profile_id, tier2_org)
    )
),

rated as (
    select
        quarter,
        profile_id,
        dimension,
        code,
        judged,
        responded,
        on_time,
        breached,
        at_risk,
        breached / nullif(judged, 0) as breach_rate,
        case when responded_dated > 0 then on_time / responded_dated end as on_time_rate
    from grouped
),

-- the response-time percentiles, exactly as quantile_cont(elapsed_calendar_days, q) over the decided clocks
-- of each group computes them, but from each group's histogram of days: quantile_cont keeps every value of
-- every group of every set in memory (five times the clocks, more than the build's memory at ten million)
-- while the histogram has a row per distinct day count. quantile_cont's rule: with n values sorted, the
-- position r = (n - 1) × q as a double, lo and hi the values at floor(r) and ceil(r) (0-based), and the
-- result lo × (1 - d) + hi × d with d = r - floor(r).
histogram as (
    select
        quarter,
        profile_id,
        slice_dimension(grouping(intake_channel, business_category, tier1_org, tier2_org)) as dimension,
        slice_code(grouping(intake_channel, business_category, tier1_org, tier2_org), intake_channel, business_category, tier1_org, tier2_org) as code,
        elapsed_calendar_days as days,
        sum(clocks) as clocks
    from cells
    where not is_open and elapsed_calendar_days is not null
    group by grouping sets (
        (quarter, profile_id, elapsed_calendar_days),
        (quarter, profile_id, elapsed_calendar_days, intake_channel),
        (quarter, profile_id, elapsed_calendar_days, business_category),
        (quarter, profile_id, elapsed_calendar_days, tier1_org),
        (quarter, profile_id, elapsed_calendar_days, tier2_org)
    )
),

cumulative as (
    select
        *,
        sum(clocks) over (partition by quarter, profile_id, dimension, code order by days rows between unbounded preceding and current row) as upto,
        cast(sum(clocks) over (partition by quarter, profile_id, dimension, code) - 1 as double) as last_position
    from histogram
),

positions as (
    -- a histogram row covers the 0-based positions upto - clocks … upto - 1 of the sorted values
    select
        *,
        last_position * cast(0.5 as double) as r50,
        last_position * cast(0.9 as double) as r90
    from cumulative
),

bounds as (
    select
        quarter,
        profile_id,
        dimension,
        code,
        any_value(r50) as r50,
        any_value(r90) as r90,
        max(days) filter (where upto - clocks <= floor(r50) and floor(r50) < upto) as lo50,
        max(days) filter (where upto - clocks <= ceil(r50) and ceil(r50) < upto) as hi50,
        max(days) filter (where upto - clocks <= floor(r90) and floor(r90) < upto) as lo90,
        max(days) filter (where upto - clocks <= ceil(r90) and ceil(r90) < upto) as hi90
    from positions
    group by quarter, profile_id, dimension, code
),

percentiles as (
    select
        quarter,
        profile_id,
        dimension,
        code,
        cast(lo50 as double) * (1 - (r50 - floor(r50))) + cast(hi50 as double) * (r50 - floor(r50)) as p50_days_to_respond,
        cast(lo90 as double) * (1 - (r90 - floor(r90))) + cast(hi90 as double) * (r90 - floor(r90)) as p90_days_to_respond
    from bounds
),

-- the on-time rate's change from the previous quarter, in points (the dashboard's "vs previous quarter")
changed as (
    select rated.*, rated.on_time_rate - prev.on_time_rate as on_time_rate_change
    from rated
    left join int_quarters as quarters on quarters.quarter = rated.quarter
    left join int_quarters as prev_quarter on prev_quarter.quarter_start = quarters.prev_quarter_start
    left join rated as prev
        on prev.quarter = prev_quarter.quarter
        and prev.profile_id = rated.profile_id
        and prev.dimension = rated.dimension
        and prev.code is not distinct from rated.code
),

final as (
    select rated.*, percentiles.p50_days_to_respond, percentiles.p90_days_to_respond
    from changed as rated
    left join percentiles
        on percentiles.quarter = rated.quarter
        and percentiles.profile_id = rated.profile_id
        and percentiles.dimension = rated.dimension
        -- a group whose code is null (a complaint without that attribute) has its percentiles too
        and percentiles.code is not distinct from rated.code
    -- a complaint without a tier-2 branch counts under no tier-2 code
    where not (rated.dimension = 'tier2_org' and rated.code is null)
    order by rated.quarter, rated.profile_id, rated.dimension, rated.code
)

select * from final
