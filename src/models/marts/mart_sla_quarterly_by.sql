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

-- one pass over the clocks for all five dimensions: grouping sets instead of five stacked copies of every
-- clock (grouping() tells which set a row belongs to)
grouped as (
    select
        quarter,
        profile_id,
        case
            when grouping(intake_channel) = 0 then 'intake_channel'
            when grouping(business_category) = 0 then 'business_category'
            when grouping(tier1_org) = 0 then 'tier1_org'
            when grouping(tier2_org) = 0 then 'tier2_org'
            else 'total'
        end as dimension,
        case
            when grouping(intake_channel) = 0 then intake_channel
            when grouping(business_category) = 0 then business_category
            when grouping(tier1_org) = 0 then tier1_org
            when grouping(tier2_org) = 0 then tier2_org
            else 'all'
        end as code,
        count(*) filter (where breached is not null) as judged,
        count(*) filter (where not is_open) as responded,
        count(*) filter (where responded_on_time) as on_time,
        count(*) filter (where breached) as breached,
        count(*) filter (where at_risk) as at_risk,
        count(*) filter (where breached) / nullif(count(*) filter (where breached is not null), 0) as breach_rate,
        case when count(*) filter (where responded_on_time is not null) > 0
            then count(*) filter (where responded_on_time) / count(*) filter (where responded_on_time is not null) end as on_time_rate,
        quantile_cont(elapsed_calendar_days, 0.5) filter (where not is_open) as p50_days_to_respond,
        quantile_cont(elapsed_calendar_days, 0.9) filter (where not is_open) as p90_days_to_respond
    from joined
    group by grouping sets (
        (quarter, profile_id),
        (quarter, profile_id, intake_channel),
        (quarter, profile_id, business_category),
        (quarter, profile_id, tier1_org),
        (quarter, profile_id, tier2_org)
    )
),

final as (
    select *
    from grouped
    -- a complaint without a tier-2 branch counts under no tier-2 code
    where not (dimension = 'tier2_org' and code is null)
    order by quarter, profile_id, dimension, code
)

select * from final
