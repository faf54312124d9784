-- one row per complaint: which loaded version is its latest known state (docs/design.md §4), named by (file_id, line)
-- Latest wins by the export's update time, else by file order (later file), else by line in the file.
-- Only the pick is kept: `complaints` and int_cause_classification join the version back for the columns
-- they read. Materialising every column of every winner here (narratives included) wrote the widest table
-- of the build a second time, once here and once in `complaints`, which at ten million complaints cost as
-- much as `complaints` itself. Ranking whole rows in a window instead sorted every column of every version.
with versions as (
    select complaint_key, file_id, line, status, reopened_in_history, updated_at from stg_complaint_versions
),

per_complaint as (
    select
        complaint_key,
        count(*) as version_count,
        -- the latest state can hide a reopening that a later closing ended: any version in the reopened state,
        -- or whose export's own status history records one (a reopening between two exports)
        bool_or(status = 'reopened' or coalesce(reopened_in_history, false)) as ever_reopened,
        -- (file_id, line) names one version; the ordering key never holds a null (updated_at nulls last)
        arg_max(
            {'file_id': file_id, 'line': line},
            {'has_update': updated_at is not null, 'updated_at': coalesce(updated_at, timestamp '0001-01-01'), 'file_id': file_id, 'line': line}
        ) as latest
    from versions
    group by complaint_key
),

final as (
    select
        complaint_key,
        latest.file_id as file_id,
        latest.line as line,
        version_count,
        ever_reopened
    from per_complaint
)

select * from final
