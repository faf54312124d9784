-- one row per complaint: its latest known state (DESIGN §4)
-- Latest wins by the export's update time, else by file order (later file), else by line in the file.
-- The winner is picked from the keys alone and the winning rows joined back: ranking whole rows (narratives
-- included) in a window sorted every column of every version, several times slower at ten million.
with versions as (
    select * from stg_complaint_versions
),

per_complaint as (
    select
        complaint_key,
        count(*) as version_count,
        -- the latest state can hide a reopening that a later closing ended
        bool_or(status = 'reopened') as ever_reopened,
        -- (file_id, line) names one version; the ordering key never holds a null (updated_at nulls last)
        arg_max(
            {'file_id': file_id, 'line': line},
            {'has_update': updated_at is not null, 'updated_at': coalesce(updated_at, timestamp '0001-01-01'), 'file_id': file_id, 'line': line}
        ) as latest
    from versions
    group by complaint_key
),

final as (
    select versions.*, per_complaint.version_count, per_complaint.ever_reopened
    from versions
    join per_complaint
        on per_complaint.latest.file_id = versions.file_id
        and per_complaint.latest.line = versions.line
)

select * from final
