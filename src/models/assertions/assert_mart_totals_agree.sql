-- offending rows: a quarter or month whose complaint total differs between marts that split the same
-- complaints differently (the site shows them side by side, so they must add up to the same number)
with kpi as (
    select quarter, received from mart_kpi_quarterly
),

head_office as (
    select received_quarter as quarter, count(*) as received
    from complaints
    where is_complaint and tier1_code is null
    group by all
),

totals as (
    select 'mart_cause_by_category_quarterly' as mart, quarter as period, sum(complaints) as total
    from mart_cause_by_category_quarterly group by all
    union all
    select 'mart_category_org_quarterly', quarter, sum(complaints) from mart_category_org_quarterly group by all
    union all
    select 'mart_cause_classification_quarterly', quarter, complaints from mart_cause_classification_quarterly
    union all
    -- every complaint sits under exactly one tier-1 branch unless booked at the head office
    select 'mart_org_scorecard_quarterly (tier1)', branches.quarter, branches.received + coalesce(head_office.received, 0)
    from (select quarter, sum(received) as received from mart_org_scorecard_quarterly where org_level = 'tier1' group by all) as branches
    left join head_office using (quarter)
    union all
    -- the dashboard's cubes add up to the headline figures they stand in for
    select 'mart_cube_monthly', quarter, sum(received) from mart_cube_monthly group by all
),

cube_checks as (
    select 'mart_cube_monthly.breached' as mart, k.quarter as period, coalesce(c.total, 0) as total, k.breached as expected
    from mart_kpi_quarterly k left join (select quarter, sum(breached) as total from mart_cube_monthly group by all) c using (quarter)
    union all
    select 'mart_cube_backlog_quarterly', k.quarter, coalesce(c.total, 0), k.open_at_end
    from mart_kpi_quarterly k left join (select quarter, sum(open_at_end) as total from mart_cube_backlog_quarterly group by all) c using (quarter)
    union all
    select 'mart_cube_response_days', k.quarter, coalesce(c.total, 0), k.responded
    from mart_kpi_quarterly k left join (select quarter, sum(complaints) as total from mart_cube_response_days group by all) c using (quarter)
),

by_quarter as (
    select totals.mart, totals.period, totals.total, kpi.received as expected
    from totals
    join kpi on kpi.quarter = totals.period
),

by_month as (
    select 'mart_category_monthly' as mart, c.month as period, sum(c.complaints) as total, r.received as expected
    from mart_category_monthly c
    left join (select month, sum(received) as received from mart_received_monthly group by all) r using (month)
    group by c.month, r.received
),

final as (
    select * from by_quarter where total is distinct from expected
    union all
    select * from cube_checks where total is distinct from expected
    union all
    select * from by_month where total is distinct from coalesce(expected, 0)
)

select * from final
