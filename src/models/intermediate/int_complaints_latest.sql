-- one row per complaint: its latest known state (DESIGN §4)
-- Latest wins by the export's update time, else by file order (later file), else by line in the file.
with versions as (
    select * from stg_complaint_versions
),

ranked as (
    select
        *,
        count(*) over (partition by complaint_key) as version_count,
        -- the latest state can hide a reopening that a later closing ended
        bool_or(status = 'reopened') over (partition by complaint_key) as ever_reopened,
        row_number() over (
            partition by complaint_key
            order by updated_at desc nulls last, file_id desc, line desc
        ) as version_rank
    from versions
),

final as (
    select * exclude (version_rank) from ranked where version_rank = 1
)

select * from final
