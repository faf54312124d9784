-- offending rows: complaints (not withdrawn) that some applicable clock profile could not judge
with expected as (
    select c.complaint_key, pp.profile_id
    from complaints c
    join ref.pipeline_profiles pp on pp.pipeline = c.source_system
    join ref.clock_profiles p on p.profile_id = pp.profile_id
    where c.is_complaint and c.status <> 'withdrawn'
      and (p.start_event <> 'regulator_received' or c.regulator_received_at is not null)
)
select e.complaint_key, e.profile_id, k.deadline
from expected e
left join int_complaint_clocks k using (complaint_key, profile_id)
where k.deadline is null
