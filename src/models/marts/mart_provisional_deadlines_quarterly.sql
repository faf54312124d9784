-- one row per quarter received × clock profile: how many deadlines rest on a provisional calendar year
-- (a year after the last holiday notice kesu has, counted with the statutory holidays only and no 调休:
-- src/calendar/statutory.ts), and how many of the quarter's figures they touch. The count falls to zero
-- once the year's notice is added (`kesu calendar add`) and the next build recomputes those deadlines.
with clocks as (
    select clocks.*, complaints.received_quarter as quarter
    from int_complaint_clocks as clocks
    join complaints using (complaint_key)
),

final as (
    select
        quarter,
        profile_id,
        count(*) as clocks,
        count(*) filter (where deadline_is_provisional) as provisional_deadlines,
        count(*) filter (where deadline_is_provisional and is_open) as provisional_open,
        count(*) filter (where deadline_is_provisional and breached) as provisional_breached,
        count(*) filter (where deadline_is_provisional and at_risk) as provisional_at_risk,
        count(*) filter (where deadline_is_provisional and responded_on_time) as provisional_on_time,
        min(deadline) filter (where deadline_is_provisional) as first_provisional_deadline,
        max(deadline) filter (where deadline_is_provisional) as last_provisional_deadline
    from clocks
    group by all
)

select * from final order by quarter, profile_id
