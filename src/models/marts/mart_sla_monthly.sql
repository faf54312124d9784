-- one row per received month × profile: SLA judgement of complaints received in the month
with clocks as (
    select * from int_complaint_clocks
),

final as (
    select
        complaints.received_month as month,
        complaints.received_quarter as quarter,
        clocks.profile_id,
        count(*) filter (where breached is not null) as judged,
        count(*) filter (where clocks.breached) as breached,
        count(*) filter (where clocks.breached) / nullif(count(*) filter (where clocks.breached is not null), 0) as breach_rate,
        case when count(*) filter (where clocks.responded_on_time is not null) > 0
            then count(*) filter (where clocks.responded_on_time) / count(*) filter (where clocks.responded_on_time is not null) end as on_time_rate
    from clocks
    join complaints using (complaint_key)
    group by all
    order by month, profile_id
)

select * from final
