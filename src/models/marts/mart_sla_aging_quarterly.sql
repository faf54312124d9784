-- one row per quarter × clock profile × aging bucket: complaints open at the quarter's end (at the data's
-- as-of date for a quarter not yet over) by calendar days since receipt, with how many of them were past
-- their deadline (breached) or had used at least 80% of their allowance (at risk) at that date.
with quarters as (
    select quarter, least(quarter_end, (select as_of_date from ref.run_params)) as at_date
    from int_quarters
),

buckets as (
    select * from (values
        ('0-7', 1, 0, 7), ('8-15', 2, 8, 15), ('16-30', 3, 16, 30), ('31-60', 4, 31, 60), ('>60', 5, 61, null)
    ) as b(aging_bucket, bucket_order, min_days, max_days)
),

days as (
    select 'bank_calendar' as business_days, date, working_day_seq as business_day_seq from ref.calendar
    union all
    select 'mon_to_fri', date, weekday_seq from ref.calendar
),

open_at as (
    -- received by then, and undecided then: still open now, or decided only after that date
    select
        quarters.quarter,
        quarters.at_date,
        clocks.*,
        date_diff('day', complaints.received_date, quarters.at_date) as age_days
    from quarters
    join int_complaint_clocks as clocks
        on clocks.is_open or clocks.responded_date > quarters.at_date
    join complaints using (complaint_key)
    where complaints.received_date <= quarters.at_date
        and clocks.start_date <= quarters.at_date
),

judged as (
    -- the clock read at that date the way the rule counts (as int_complaint_clocks does at the as-of date)
    select
        open_at.quarter,
        open_at.profile_id,
        open_at.age_days,
        open_at.at_date > open_at.deadline as breached,
        open_at.at_date <= open_at.deadline
            and greatest(0,
                case when open_at.unit = 'working_days'
                    then at_day.business_day_seq - open_at.start_seq
                        + case when open_at.count_start_day and open_at.start_is_business_day then 1 else 0 end
                    else date_diff('day', open_at.start_date, open_at.at_date)
                        + case when open_at.count_start_day then 1 else 0 end
                end
                - case when open_at.exclude_paused then open_at.paused_days else 0 end
            ) >= 0.8 * open_at.allowed_units as at_risk
    from open_at
    left join days as at_day on at_day.business_days = open_at.business_days and at_day.date = open_at.at_date
),

bucketed as (
    select judged.*, buckets.aging_bucket
    from judged
    join buckets on judged.age_days >= buckets.min_days and (buckets.max_days is null or judged.age_days <= buckets.max_days)
),

counts as (
    select quarter, profile_id, aging_bucket, count(*) as open_complaints,
        count(*) filter (where breached) as breached, count(*) filter (where at_risk) as at_risk
    from bucketed
    group by all
),

profiles as (
    select distinct profile_id from int_complaint_clocks
),

final as (
    select
        quarters.quarter,
        profiles.profile_id,
        buckets.aging_bucket,
        buckets.bucket_order,
        coalesce(counts.open_complaints, 0) as open_complaints,
        coalesce(counts.breached, 0) as breached,
        coalesce(counts.at_risk, 0) as at_risk
    from quarters
    cross join profiles
    cross join buckets
    left join counts using (quarter, profile_id, aging_bucket)
    order by quarters.quarter, profiles.profile_id, buckets.bucket_order
)

select * from final
