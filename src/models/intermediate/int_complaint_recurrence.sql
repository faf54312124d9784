-- one row per complaint: its recurrence flags (docs/design.md §5)
-- duplicate while open (合并重复): the same customer and business category already has a complaint not yet
--   settled (no response, closing or withdrawal) when this one arrives; regulators merge these (since 2022-Q1).
--   Settled at the very instant this one arrives counts as settled: not a duplicate.
-- repeat after close (二次投诉): not a duplicate, and the same customer and category had a complaint
--   closed at or before this one's receipt, at most ref.run_params.repeat_window_days calendar days before it.
-- escalation (升级投诉): a complaint through a bank channel followed, at most escalation_window_days calendar
--   days after its receipt, by the same customer through a regulator, government or media transfer;
--   provisional while those days have not all passed by the as-of date.
-- Windows count calendar days in the bank's timezone, date to date (timestamps are bank-local): day 90 counts
-- whatever the time of day, and channels that export dates only (letters) are judged like the others.
with complaints as (
    select
        complaint_key, customer_ref, business_category, intake_channel, is_bank_channel, is_escalation_channel,
        received_at, received_date, status,
        -- when the bank's decision (or the customer's withdrawal) ended the complaint's open period
        coalesce(responded_at, closed_at, case when status = 'withdrawn' then updated_at end) as settled_at,
        coalesce(closed_at, responded_at) as closed_at
    from complaints
    where is_complaint and customer_ref is not null
),

params as (
    select as_of_date, repeat_window_days, escalation_window_days from ref.run_params
),

-- duplicates and repeats look at the same pairs (same customer, same category): one join serves both, where
-- two joins enumerated every pair twice
same_customer_category as (
    select
        later.complaint_key,
        -- an earlier complaint not yet settled when this one arrived
        bool_or(earlier.received_at < later.received_at
            and (earlier.settled_at is null or earlier.settled_at > later.received_at)) as is_duplicate_while_open,
        -- another complaint closed at or before this one arrived, within the window's calendar days
        bool_or(earlier.complaint_key <> later.complaint_key
            and earlier.closed_at <= later.received_at
            and cast(earlier.closed_at as date) >= later.received_date - params.repeat_window_days) as has_recent_close
    from complaints as later
    join complaints as earlier
        on earlier.customer_ref = later.customer_ref
        and earlier.business_category = later.business_category
    cross join params
    group by later.complaint_key
),

escalations as (
    select bank.complaint_key, count(*) > 0 as is_escalated
    from complaints as bank
    cross join params
    join complaints as outside
        on outside.customer_ref = bank.customer_ref
        and outside.is_escalation_channel
        and outside.received_at > bank.received_at
        and outside.received_date <= bank.received_date + params.escalation_window_days
    where bank.is_bank_channel
    group by bank.complaint_key
),

final as (
    select
        complaints.complaint_key,
        coalesce(pairs.is_duplicate_while_open, false) as is_duplicate_while_open,
        not coalesce(pairs.is_duplicate_while_open, false) and coalesce(pairs.has_recent_close, false) as is_repeat_after_close,
        coalesce(complaints.is_bank_channel, false) as is_bank_channel,
        coalesce(escalations.is_escalated, false) as is_escalated,
        complaints.received_date + params.escalation_window_days > params.as_of_date as is_escalation_window_open
    from complaints
    cross join params
    left join same_customer_category as pairs using (complaint_key)
    left join escalations using (complaint_key)
)

select * from final
