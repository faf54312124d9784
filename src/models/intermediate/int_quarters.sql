-- one row per calendar quarter from the first to the last quarter in which complaints were received
with bounds as (
    select
        date_trunc('quarter', min(received_date)) as first_quarter,
        date_trunc('quarter', max(received_date)) as last_quarter
    from complaints
),

spine as (
    select cast(unnest(generate_series(first_quarter, last_quarter, interval 3 month)) as date) as quarter_start
    from bounds
),

final as (
    select
        quarter_start,
        cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
        cast(year(quarter_start) as varchar) || '-Q' || cast(quarter(quarter_start) as varchar) as quarter,
        cast(quarter_start - interval 3 month as date) as prev_quarter_start,
        cast(quarter_start - interval 12 month as date) as prev_year_quarter_start
    from spine
)

select * from final
