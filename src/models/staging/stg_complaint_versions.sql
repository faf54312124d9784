-- one row per loaded version of a complaint (every export row that passed validation)
-- Staging only renames, derives calendar keys and attaches the channel group; no joins to other sources.
with versions as (
    select * from raw.complaint_versions
),

final as (
    select
        versions.*,
        groups.intake_group,
        cast(received_at as date) as received_date,
        strftime(received_at, '%Y-%m') as received_month,
        cast(year(received_at) as varchar) || '-Q' || cast(quarter(received_at) as varchar) as received_quarter,
        case when cause_code is not null then 'provided' else 'unclassified' end as cause_source
    from versions
    left join ref.channel_groups as groups using (intake_channel)
)

select * from final
