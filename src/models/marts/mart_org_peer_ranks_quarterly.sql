-- one row per quarter × peer group × tier-1 branch × scorecard measure (ref.scorecard_measures): the branch's
-- value, its competition rank among the peer group (1 = most in need of attention; ties share a rank; a
-- branch without the value is not ranked), how many peers have the value, their median and which side of
-- it the branch is on. Peer groups: all tier-1 branches ('all'), and those of the branch's region
-- ('region:华东'), the branch pages' region filter.
with branches as (
    select * from mart_org_scorecard_quarterly where org_level = 'tier1'
),

long as (
    select quarter, org_code, region, 'received' as measure, cast(received as double) as value from branches
    union all select quarter, org_code, region, 'per_10k_customers', per_10k_customers from branches
    union all select quarter, org_code, region, 'breach_rate', breach_rate from branches
    union all select quarter, org_code, region, 'on_time_rate', on_time_rate from branches
    union all select quarter, org_code, region, 'repeat_after_close_rate', repeat_after_close_rate from branches
    union all select quarter, org_code, region, 'satisfaction_rate', satisfaction_rate from branches
),

grouped as (
    select 'all' as peer_group, long.* from long
    union all
    select 'region:' || region, long.* from long where region is not null
),

ranked as (
    select
        grouped.*,
        measures.higher_is_worse,
        case when grouped.value is not null then
            rank() over (
                partition by grouped.quarter, grouped.peer_group, grouped.measure, grouped.value is null
                order by case when measures.higher_is_worse then -grouped.value else grouped.value end
            )
        end as rank,
        count(grouped.value) over (partition by grouped.quarter, grouped.peer_group, grouped.measure) as peers,
        median(grouped.value) over (partition by grouped.quarter, grouped.peer_group, grouped.measure) as median
    from grouped
    join ref.scorecard_measures as measures using (measure)
),

final as (
    select
        quarter, peer_group, org_code, region, measure, higher_is_worse, value, rank, peers, median,
        case
            when value is null or median is null then null
            when value = median then 'median'
            when (value > median) = higher_is_worse then 'worse'
            else 'better'
        end as side
    from ranked
    order by quarter, peer_group, measure, rank nulls last, org_code
)

select * from final
