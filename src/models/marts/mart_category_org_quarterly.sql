-- one row per quarter × business category × tier-1 branch with complaints: where each category's complaints
-- arise. A complaint booked at the head office counts under the head office's code.
with complaints as (
    select received_quarter as quarter, business_category, coalesce(tier1_code, org_code) as org_code
    from complaints
    where is_complaint
),

counts as (
    select quarter, business_category, org_code, count(*) as complaints
    from complaints
    group by all
),

final as (
    select
        quarter,
        business_category,
        org_code,
        complaints,
        complaints / sum(complaints) over (partition by quarter, business_category) as share_of_category,
        rank() over (partition by quarter, business_category order by complaints desc) as rank_in_category
    from counts
    order by quarter, business_category, rank_in_category, org_code
)

select * from final
