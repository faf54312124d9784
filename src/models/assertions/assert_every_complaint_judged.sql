-- offending rows: complaints (not withdrawn) that some applicable clock profile could not judge. A rule
-- counting the bank's working days gets no deadline when it runs past the calendar's last day: that
-- happens only with calendarStrict (otherwise the years after the last notice are provisional), and the
-- reason names the calendar, its last day and what to add.
with expected as (
    select c.complaint_key, pp.profile_id, p.business_days
    from complaints c
    join ref.pipeline_profiles pp on pp.pipeline = c.source_system
    join ref.clock_profiles p on p.profile_id = pp.profile_id
    where c.is_complaint and c.status <> 'withdrawn'
      and (p.start_event <> 'regulator_received' or c.regulator_received_at is not null)
),

calendar as (
    select
        (select calendar_name from ref.run_params) as calendar_name,
        max(date) as last_day,
        year(max(date)) + 1 as next_year
    from ref.calendar
),

final as (
    select
        e.complaint_key,
        e.profile_id,
        k.deadline,
        case
            when k.complaint_key is not null and e.business_days = 'bank_calendar' then
                'the ' || e.profile_id || ' deadline falls after ' || strftime(calendar.last_day, '%Y-%m-%d')
                || ', the last day of the working-day calendar (' || calendar.calendar_name || '): add the '
                || calendar.next_year || ' holiday notice with `kesu calendar add FILE` (or KESU_CALENDAR), '
                || 'or turn calendarStrict off to compute it provisionally'
            else 'no ' || e.profile_id || ' clock for this complaint'
        end as reason
    from expected e
    left join int_complaint_clocks k using (complaint_key, profile_id)
    cross join calendar
    where k.deadline is null
)

select * from final
