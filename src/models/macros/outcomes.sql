-- What counts as upheld, as a finding, as satisfied and as a customer reached by the survey: one definition
-- for every model that counts them (mart_kpi_quarterly, int_org_volume_quarterly, mart_cube_monthly), so the
-- bank's, a branch's and the dashboard's rates cannot drift apart.

-- upheld or partly upheld (FCA DISP 1.10: partly upheld counts as upheld)
create or replace temp macro is_upheld(outcome) as outcome in ('upheld', 'partly_upheld');

-- a finding was made: the upheld rate's denominator (withdrawn and undecided left out)
create or replace temp macro has_finding(outcome) as outcome in ('upheld', 'partly_upheld', 'rejected');

create or replace temp macro is_satisfied(satisfaction) as satisfaction = 'satisfied';

-- the survey reached the customer and got an answer: the satisfaction rate's denominator
create or replace temp macro was_surveyed(satisfaction) as satisfaction in ('satisfied', 'neutral', 'unsatisfied');
