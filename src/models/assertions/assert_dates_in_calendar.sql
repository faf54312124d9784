-- offending rows: years the data needs (receipt, response, closing, as-of) that the working-day calendar
-- does not cover; a clock cannot be judged there, so the build stops and says which year to add
with needed as (
    select year(received_date) as year, 'received_date' as column_name, min(complaint_key) as example_complaint_key
    from complaints group by all
    union all
    select year(responded_at), 'responded_at', min(complaint_key) from complaints where responded_at is not null group by all
    union all
    select year(closed_at), 'closed_at', min(complaint_key) from complaints where closed_at is not null group by all
    union all
    select year(as_of_date), 'as_of_date', null from ref.run_params
),

covered as (
    select distinct year(date) as year from ref.calendar
),

final as (
    select
        needed.year as missing_year,
        needed.column_name,
        needed.example_complaint_key,
        'the working-day calendar has no year ' || needed.year || ': add it to the calendar file (src/calendar or the bank''s calendarPath)' as reason
    from needed
    where needed.year not in (select year from covered)
    order by needed.year, needed.column_name
)

select * from final
