-- one row per loaded version of a complaint (every export row that passed validation)
-- Staging only selects and casts: the receipt's calendar keys in the bank's timezone. No joins, no rules
-- (channel groups, causes, the latest version are the core models' jobs).
with versions as (
    select * from raw.complaint_versions
),

final as (
    select
        versions.*,
        cast(received_at as date) as received_date,
        strftime(received_at, '%Y-%m') as received_month,
        cast(year(received_at) as varchar) || '-Q' || cast(quarter(received_at) as varchar) as received_quarter
    from versions
)

select * from final
