-- one row per quarter × scope × cause: the Pareto of causes, overall and within each business category and
-- tier-1 branch. The vital few are the causes that, largest first, make up the first 80% of complaints
-- (the cause that crosses 80% included).
with complaints as (
    select received_quarter as quarter, business_category, coalesce(tier1_code, org_code) as tier1_org,
        coalesce(cause_code, 'unclassified') as cause_code
    from complaints
    where is_complaint
),

scoped as (
    select quarter, 'all' as scope_type, 'all' as scope_key, cause_code from complaints
    union all select quarter, 'business_category', business_category, cause_code from complaints
    union all select quarter, 'tier1_org', tier1_org, cause_code from complaints
),

counts as (
    select quarter, scope_type, scope_key, cause_code, count(*) as complaints from scoped group by all
),

ranked as (
    select
        *,
        complaints / sum(complaints) over scope as share,
        sum(complaints) over (scope order by complaints desc, cause_code rows unbounded preceding)
            / sum(complaints) over scope as cumulative_share,
        row_number() over (scope order by complaints desc, cause_code) as rank,
        coalesce(sum(complaints) over (scope order by complaints desc, cause_code rows between unbounded preceding and 1 preceding), 0) as complaints_before,
        sum(complaints) over scope as scope_total
    from counts
    window scope as (partition by quarter, scope_type, scope_key)
),

final as (
    -- in whole numbers (before / total < 4/5), so that floating-point shares cannot move the 80% line
    select * exclude (complaints_before, scope_total), complaints_before * 5 < scope_total * 4 as is_vital_few
    from ranked
    order by quarter, scope_type, scope_key, rank
)

select * from final
