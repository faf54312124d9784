-- offending rows: years the data needs (receipt, response, closing, as-of) that the working-day calendar
-- does not cover, for complaints judged by a clock that counts the bank's working days or rolls a deadline
-- to one; such a clock cannot be judged there, so the build stops and says which year to add. Clocks on
-- calendar days or Monday–Friday (us-cfpb, uk-fca) need no holiday data: the CFPB export goes back to 2011.
with bank_calendar_clocks as (
    select distinct clocks.complaint_key
    from int_complaint_clocks as clocks
    join ref.clock_profiles as profiles using (profile_id, variant)
    where profiles.business_days = 'bank_calendar'
),

complaints as (
    select complaints.*
    from complaints
    join bank_calendar_clocks using (complaint_key)
),

needed as (
    select year(received_date) as year, 'received_date' as column_name, min(complaint_key) as example_complaint_key
    from complaints group by all
    union all
    select year(responded_at), 'responded_at', min(complaint_key) from complaints where responded_at is not null group by all
    union all
    select year(closed_at), 'closed_at', min(complaint_key) from complaints where closed_at is not null group by all
    union all
    select year(as_of_date), 'as_of_date', null from ref.run_params where exists (select 1 from complaints)
),

covered as (
    select distinct year(date) as year from ref.calendar
),

final as (
    select
        needed.year as missing_year,
        needed.column_name,
        needed.example_complaint_key,
        'the working-day calendar (' || (select calendar_name from ref.run_params) || ') has no year ' || needed.year
            || ': add the year''s holiday notice with `kesu calendar add FILE` (or KESU_CALENDAR)'
            || case when needed.year > (select max(year) from covered) then ', or turn calendarStrict off to compute it provisionally' else '' end as reason
    from needed
    where needed.year not in (select year from covered)
    order by needed.year, needed.column_name
)

select * from final
