-- one row per quarter × dimension × code: complaints received, share of the quarter, QoQ and YoY
with complaints as (
    select * from complaints where is_complaint
),

quarters as (
    select * from int_quarters
),

long as (
    select received_quarter as quarter, 'total' as dimension, 'all' as code from complaints
    union all select received_quarter, 'intake_side', intake_side from complaints
    union all select received_quarter, 'intake_group', intake_group from complaints
    union all select received_quarter, 'intake_channel', intake_channel from complaints
    union all select received_quarter, 'business_category', business_category from complaints
    union all select received_quarter, 'cause_code', coalesce(cause_code, 'unclassified') from complaints
    union all select received_quarter, 'tier1_org', coalesce(tier1_code, org_code) from complaints
),

counts as (
    select quarter, dimension, code, count(*) as received from long group by all
),

with_quarters as (
    select counts.*, quarters.quarter_start, quarters.prev_quarter_start, quarters.prev_year_quarter_start
    from counts join quarters using (quarter)
),

final as (
    select
        cur.quarter,
        cur.dimension,
        cur.code,
        cur.received,
        cur.received / sum(cur.received) over (partition by cur.quarter, cur.dimension) as share,
        prev.received as received_prev_quarter,
        case when prev.received > 0 then cur.received / prev.received - 1 end as qoq_pct,
        prev_year.received as received_prev_year,
        case when prev_year.received > 0 then cur.received / prev_year.received - 1 end as yoy_pct
    from with_quarters as cur
    left join with_quarters as prev
        on prev.quarter_start = cur.prev_quarter_start and prev.dimension = cur.dimension and prev.code = cur.code
    left join with_quarters as prev_year
        on prev_year.quarter_start = cur.prev_year_quarter_start and prev_year.dimension = cur.dimension and prev_year.code = cur.code
    order by cur.quarter, cur.dimension, cur.received desc, cur.code
)

select * from final
