-- one row per received month × business category (every month from the first to the last with complaints,
-- every category that ever had one; zeros included so a series has no gaps)
with complaints as (
    select received_month as month, business_category
    from complaints
    where is_complaint
),

bounds as (
    select cast(min(month || '-01') as date) as first_month, cast(max(month || '-01') as date) as last_month
    from complaints
),

months as (
    select strftime(unnest(generate_series(first_month, last_month, interval 1 month)), '%Y-%m') as month
    from bounds
),

categories as (
    select distinct business_category from complaints
),

counts as (
    select month, business_category, count(*) as complaints
    from complaints
    group by all
),

final as (
    select months.month, categories.business_category, coalesce(counts.complaints, 0) as complaints
    from months
    cross join categories
    left join counts using (month, business_category)
    order by months.month, categories.business_category
)

select * from final
