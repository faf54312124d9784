-- one row per complaint × clock profile that applies to its source: deadline and judgement (docs/design.md §5–6)
-- The rules come from ref.clock_profiles (written from src/clock/profiles.ts) and the working days from
-- ref.calendar (written by src/calendar/calendar.ts): nothing about a clock is hard-coded here.
with complaints as (
    select * from complaints where is_complaint and status <> 'withdrawn'
),

params as (
    select as_of_date, at_risk_fraction from ref.run_params
),

payment_variants as (
    select distinct profile_id from ref.clock_profiles where variant = 'payment_services'
),

applicable as (
    select
        complaints.complaint_key,
        complaints.extension_level,
        complaints.paused_days,
        -- the clock's end event has not happened: for a decision clock no response date and no status past
        -- decision (an export may close without dates: CFPB); for a forwarding clock no forwarding date
        case profiles.end_event
            when 'forwarded' then complaints.forwarded_at is null
            else complaints.responded_at is null and complaints.closed_at is null
                and complaints.status in (select status from ref.open_statuses)
        end as is_undecided,
        profiles.*,
        case profiles.start_event
            when 'regulator_received' then cast(complaints.regulator_received_at as date)
            else complaints.received_date
        end as start_date,
        -- the date the clock stops: the decision is notified by the response (a complaint closed without
        -- one counts its closing); a forwarding clock stops when the regulator forwards the complaint
        case profiles.end_event
            when 'forwarded' then cast(complaints.forwarded_at as date)
            else cast(coalesce(complaints.responded_at, complaints.closed_at) as date)
        end as responded_date,
        case complaints.extension_level
            when 2 then profiles.extension2_days
            when 1 then profiles.extension1_days
            else profiles.base_days
        end as allowed_units
    from complaints
    join ref.pipeline_profiles as pp on pp.pipeline = complaints.source_system
    join ref.clock_profiles as profiles
        on profiles.profile_id = pp.profile_id
        and profiles.variant = case
            when complaints.business_category = 'payment_settlement'
                and pp.profile_id in (select profile_id from payment_variants) then 'payment_services'
            else 'default'
        end
),

-- the business-day sequence each rule counts in: the bank calendar or plain Monday–Friday
days as (
    select 'bank_calendar' as business_days, date, is_working_day as is_business_day,
        working_day_seq as business_day_seq, next_working_day as next_business_day
    from ref.calendar
    union all
    select 'mon_to_fri', date, is_weekday, weekday_seq, next_weekday from ref.calendar
),

-- days of years no notice or bank file gives (src/calendar/statutory.ts: statutory holidays, no 调休)
provisional_days as (
    select date from ref.calendar where is_provisional
),

started as (
    select applicable.*, start_day.business_day_seq as start_seq, start_day.is_business_day as start_is_business_day
    from applicable
    left join days as start_day
        on start_day.business_days = applicable.business_days and start_day.date = applicable.start_date
    where applicable.start_date is not null
),

nominal as (
    -- calendar days: the receipt day is not counted unless the rule says so (民法典 art. 201); paused
    -- days stop the clock where the rule allows it
    select
        started.*,
        case when unit = 'calendar_days' then
            cast(start_date + to_days(cast(
                allowed_units
                - case when count_start_day then 1 else 0 end
                + case when exclude_paused then paused_days else 0 end
            as integer)) as date)
        end as nominal_deadline,
        case when unit = 'working_days' then
            start_seq
            + allowed_units
            - case when count_start_day and start_is_business_day then 1 else 0 end
            + case when exclude_paused then paused_days else 0 end
        end as deadline_seq
    from started
),

deadlines as (
    select
        nominal.* exclude (nominal_deadline, deadline_seq),
        case
            when unit = 'working_days' then by_seq.date
            -- a last day on a rest day or holiday moves to the next working day (民法典 art. 203)
            when roll_to_working_day then rolled.next_business_day
            else nominal_deadline
        end as deadline
    from nominal
    left join days as rolled
        on rolled.business_days = nominal.business_days and rolled.date = nominal.nominal_deadline
    left join days as by_seq
        on by_seq.business_days = nominal.business_days
        and by_seq.is_business_day
        and by_seq.business_day_seq = nominal.deadline_seq
),

judged as (
    select
        deadlines.*,
        params.as_of_date,
        params.at_risk_fraction,
        case when responded_date is not null then responded_date when is_undecided then as_of_date end as clock_end_date
    from deadlines, params
),

final as (
    select
        judged.complaint_key,
        judged.profile_id,
        judged.variant,
        judged.start_date,
        judged.deadline,
        -- the deadline was found by counting or rolling over a provisional year's working days: computed
        -- as the law fixes the holidays, but the year's 调休 may move it once the notice is added
        judged.business_days = 'bank_calendar'
            and (judged.unit = 'working_days' or judged.roll_to_working_day)
            and judged.deadline in (select date from provisional_days) as deadline_is_provisional,
        judged.allowed_units,
        judged.unit,
        judged.responded_date,
        judged.is_undecided as is_open,
        case when judged.responded_date is not null then judged.responded_date <= judged.deadline end as responded_on_time,
        -- breach: decided after the deadline, or still undecided once the deadline has passed; unknown
        -- (null) for a complaint decided on a date the export does not give
        case
            when judged.responded_date is not null then judged.responded_date > judged.deadline
            when judged.is_undecided then judged.as_of_date > judged.deadline
        end as breached,
        -- at risk: undecided, not yet breached, with at least ref.run_params.at_risk_fraction of the allowance used, counted the
        -- way the rule counts (start day only if counted, paused days off the clock)
        judged.is_undecided
            and judged.as_of_date <= judged.deadline
            and greatest(0,
                case when judged.unit = 'working_days'
                    then end_day.business_day_seq - judged.start_seq
                        + case when judged.count_start_day and judged.start_is_business_day then 1 else 0 end
                    else date_diff('day', judged.start_date, judged.clock_end_date)
                        + case when judged.count_start_day then 1 else 0 end
                end
                - case when judged.exclude_paused then judged.paused_days else 0 end
            ) >= judged.at_risk_fraction * judged.allowed_units as at_risk,
        date_diff('day', judged.start_date, judged.clock_end_date) as elapsed_calendar_days,
        end_day.business_day_seq - judged.start_seq as elapsed_working_days,
        judged.as_of_date,
        -- how the rule counts, so a later model can judge the clock at another date (aging)
        judged.business_days,
        judged.start_seq,
        judged.start_is_business_day,
        judged.count_start_day,
        judged.exclude_paused,
        judged.paused_days
    from judged
    left join days as end_day
        on end_day.business_days = judged.business_days and end_day.date = judged.clock_end_date
)

select * from final
