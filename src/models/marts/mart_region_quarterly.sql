-- one row per quarter × region: the tier-1 branches' regions (ref.dim_org.region) as the quarterly report's
-- table 5 and the dashboard's region filter show them: received (share, QoQ, YoY), merged, intensity per
-- 10,000 of the region's customers (its tier-1 branches' customers), and the SLA of the headline profile.
-- A complaint counts for the region of its branch; one booked at no region's branch under 'unmapped'.
with quarters as (
    select * from int_quarters
),

params as (
    select * from ref.run_params
),

complaints as (
    select c.complaint_key, c.received_quarter as quarter, coalesce(c.region, 'unmapped') as region, r.is_duplicate_while_open
    from complaints as c
    left join int_complaint_recurrence as r using (complaint_key)
    where c.is_complaint
),

regions as (
    select coalesce(region, 'unmapped') as region, count(*) as branches, sum(customers) as customers
    from ref.dim_org
    where org_level = 'tier1'
    group by all
),

volume as (
    select quarter, region, count(*) as received,
        count(*) filter (where not coalesce(is_duplicate_while_open, false)) as received_merged
    from complaints
    group by all
),

sla as (
    select complaints.quarter, complaints.region,
        count(*) filter (where clocks.breached is not null) as judged,
        count(*) filter (where clocks.breached) as breached,
        count(*) filter (where clocks.responded_on_time) as on_time,
        count(*) filter (where clocks.responded_on_time is not null) as responded_dated,
        count(*) filter (where clocks.at_risk) as at_risk
    from int_complaint_clocks as clocks
    join complaints using (complaint_key)
    cross join params
    where clocks.profile_id = params.headline_profile
    group by all
),

backlog as (
    select open_clocks.quarter, complaints.region, count(*) filter (where open_clocks.breached) as open_breached
    from int_open_clocks_at_quarter_end as open_clocks
    join complaints on complaints.complaint_key = open_clocks.complaint_key
    cross join params
    where open_clocks.profile_id = params.headline_profile
    group by all
),

grid as (
    select quarters.quarter, quarters.quarter_start, quarters.prev_quarter_start, quarters.prev_year_quarter_start, names.region
    from quarters
    cross join (select region from regions union select distinct region from complaints) as names
),

joined as (
    select
        grid.*,
        coalesce(volume.received, 0) as received,
        coalesce(volume.received_merged, 0) as received_merged,
        coalesce(regions.branches, 0) as branches,
        regions.customers,
        coalesce(sla.judged, 0) as judged,
        coalesce(sla.breached, 0) as breached,
        sla.on_time,
        sla.responded_dated,
        coalesce(sla.at_risk, 0) as at_risk,
        coalesce(backlog.open_breached, 0) as open_breached
    from grid
    left join volume using (quarter, region)
    left join regions using (region)
    left join sla using (quarter, region)
    left join backlog using (quarter, region)
),

final as (
    select
        cur.quarter,
        cur.region,
        cur.branches,
        cur.received,
        case when sum(cur.received) over (partition by cur.quarter) > 0
            then cur.received / sum(cur.received) over (partition by cur.quarter) end as share,
        prev.received as received_prev_quarter,
        prev_year.received as received_prev_year,
        case when prev.received > 0 then cur.received / prev.received - 1 end as qoq_pct,
        case when prev_year.received > 0 then cur.received / prev_year.received - 1 end as yoy_pct,
        cur.received_merged,
        cur.customers,
        case when cur.customers > 0 then cur.received * 10000.0 / cur.customers end as per_10k_customers,
        cur.judged,
        cur.breached,
        case when cur.judged > 0 then cur.breached / cur.judged end as breach_rate,
        case when cur.responded_dated > 0 then cur.on_time / cur.responded_dated end as on_time_rate,
        case when cur.responded_dated > 0 and prev.responded_dated > 0
            then cur.on_time / cur.responded_dated - prev.on_time / prev.responded_dated end as on_time_rate_change,
        cur.at_risk,
        cur.open_breached
    from joined as cur
    left join joined as prev on prev.region = cur.region and prev.quarter_start = cur.prev_quarter_start
    left join joined as prev_year on prev_year.region = cur.region and prev_year.quarter_start = cur.prev_year_quarter_start
    where cur.received > 0 or cur.customers is not null
    order by cur.quarter, cur.received desc, cur.region
)

select * from final
