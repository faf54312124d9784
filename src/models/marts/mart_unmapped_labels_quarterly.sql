-- one row per quarter received × field (and field 'all'): complaints whose latest state carries a value the
-- export's maps did not know, or lacked where the field is never empty (loaded as 'unmapped', or as a
-- complaint), counted in every total all the same. Read from raw.value_issues on the complaint's lineage.
with complaints as (
    select complaint_key, received_quarter as quarter, is_complaint, lineage_file_id, lineage_line
    from complaints
),

issues as (
    select distinct complaints.complaint_key, complaints.quarter, issues.field
    from complaints
    join raw.value_issues as issues
        on issues.file_id = complaints.lineage_file_id and issues.line = complaints.lineage_line
    where issues.action in ('unmapped', 'defaulted')
),

received as (
    select quarter, count(*) filter (where is_complaint) as received from complaints group by all
),

counted as (
    select quarter, coalesce(field, 'all') as field, count(distinct complaint_key) as complaints
    from issues
    group by grouping sets ((quarter, field), (quarter))
),

final as (
    select counted.quarter, counted.field, counted.complaints, received.received,
        counted.complaints / nullif(received.received, 0) as share_of_received
    from counted
    join received using (quarter)
)

select * from final order by quarter, field
