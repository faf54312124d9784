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

long as (
    select *, 'total' as dimension, 'all' as code from joined
    union all select *, 'intake_channel', intake_channel from joined
    union all select *, 'business_category', business_category from joined
    union all select *, 'tier1_org', tier1_org from joined
    union all select *, 'tier2_org', tier2_org from joined where tier2_org is not null
),

final as (
    select
        quarter,
        profile_id,
        dimension,
        code,
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
    from long
    group by all
    order by quarter, profile_id, dimension, code
)

select * from final
