-- one row per quarter × clock undecided at the quarter's end (at the data's as-of date for a quarter not yet
-- over): the one definition of "open at the quarter's end" that mart_kpi_quarterly (backlog),
-- mart_org_scorecard_quarterly (open breached) and mart_sla_aging_quarterly_by (aging) count.
-- Undecided then: received by that date, and still undecided now or decided only after it. Each clock is read
-- at that date the way its rule counts (as int_complaint_clocks reads it at the as-of date): past the
-- deadline (breached), or not yet and with at least ref.run_params.at_risk_fraction of the allowance used.
-- A withdrawn complaint has no clock (int_complaint_clocks): it is owed no decision, whenever withdrawn.
with params as (
    select as_of_date, at_risk_fraction from ref.run_params
),

quarters as (
    select int_quarters.quarter, least(int_quarters.quarter_end, params.as_of_date) as at_date
    from int_quarters cross join params
),

days as (
    select 'bank_calendar' as business_days, date, working_day_seq as business_day_seq from ref.calendar
    union all
    select 'mon_to_fri', date, weekday_seq from ref.calendar
),

-- Materialised before anything joins it: left to itself the planner joined every quarter to every complaint
-- received by then and that to the clocks (12 million rows at one million complaints) before filtering down
-- to the open ones (a quarter million)
open_clocks as materialized (
    select quarters.quarter, quarters.at_date, clocks.*
    from quarters
    join int_complaint_clocks as clocks
        on clocks.start_date <= quarters.at_date
        and (clocks.is_open or clocks.responded_date > quarters.at_date)
),

final as (
    select
        open_clocks.quarter,
        open_clocks.at_date,
        open_clocks.complaint_key,
        open_clocks.profile_id,
        open_clocks.deadline,
        open_clocks.at_date > open_clocks.deadline as breached,
        open_clocks.at_date <= open_clocks.deadline
            and greatest(0,
                case when open_clocks.unit = 'working_days'
                    then at_day.business_day_seq - open_clocks.start_seq
                        + case when open_clocks.count_start_day and open_clocks.start_is_business_day then 1 else 0 end
                    else date_diff('day', open_clocks.start_date, open_clocks.at_date)
                        + case when open_clocks.count_start_day then 1 else 0 end
                end
                - case when open_clocks.exclude_paused then open_clocks.paused_days else 0 end
            ) >= params.at_risk_fraction * open_clocks.allowed_units as at_risk
    from open_clocks
    cross join params
    left join days as at_day on at_day.business_days = open_clocks.business_days and at_day.date = open_clocks.at_date
)

select * from final
