-- one row per quarter × business category × cause (the full grid of the code lists, zeros included): the
-- cause × category heat map. A complaint without a cause after classification counts as 'unclassified'.
with quarters as (
    select quarter from int_quarters
),

categories as (
    select code as business_category from ref.code_labels where list = 'business_category'
),

causes as (
    select code as cause_code from ref.code_labels where list = 'cause_code'
    union all select 'unclassified'
),

counts as (
    select received_quarter as quarter, business_category, coalesce(cause_code, 'unclassified') as cause_code, count(*) as complaints
    from complaints
    where is_complaint
    group by all
),

grid as (
    select quarters.quarter, categories.business_category, causes.cause_code, coalesce(counts.complaints, 0) as complaints
    from quarters
    cross join categories
    cross join causes
    left join counts using (quarter, business_category, cause_code)
),

final as (
    select
        quarter,
        business_category,
        cause_code,
        complaints,
        complaints / nullif(sum(complaints) over (partition by quarter, business_category), 0) as share_of_category,
        complaints / nullif(sum(complaints) over (partition by quarter), 0) as share_of_quarter
    from grid
    order by quarter, business_category, cause_code
)

select * from final
