-- one row per complaint: its recurrence flags (docs/design.md §5, issue "root cause, recurrence and SLA")
-- duplicate while open (合并重复): the same customer and business category already has a complaint that the
--   bank has not yet decided when this one arrives; regulators merge these (since 2022-Q1).
-- repeat after close (二次投诉): not a duplicate, and the same customer and category had a complaint
--   closed in the 90 days before this one.
-- escalation (升级投诉): a complaint through a bank channel followed, within 90 days of its receipt, by the
--   same customer through a regulator, government or media transfer; provisional while those 90 days
--   have not all passed by the as-of date.
with complaints as (
    select
        complaint_key, customer_ref, business_category, intake_channel, intake_group, received_at, status,
        -- when the bank's decision (or the customer's withdrawal) ended the complaint's open period
        coalesce(responded_at, closed_at, case when status = 'withdrawn' then updated_at end) as settled_at,
        coalesce(closed_at, responded_at) as closed_at
    from complaints
    where is_complaint and customer_ref is not null
),

params as (
    select as_of_date from ref.run_params
),

-- duplicates and repeats look at the same pairs (same customer, same category): one join serves both, where
-- two joins enumerated every pair twice
same_customer_category as (
    select
        later.complaint_key,
        -- an earlier complaint not yet settled when this one arrived
        bool_or(earlier.received_at < later.received_at
            and (earlier.settled_at is null or earlier.settled_at > later.received_at)) as is_duplicate_while_open,
        -- another complaint closed in the 90 days before this one arrived
        bool_or(earlier.complaint_key <> later.complaint_key
            and earlier.closed_at <= later.received_at
            and earlier.closed_at >= later.received_at - interval 90 day) as has_recent_close
    from complaints as later
    join complaints as earlier
        on earlier.customer_ref = later.customer_ref
        and earlier.business_category = later.business_category
    group by later.complaint_key
),

escalations as (
    select bank.complaint_key, count(*) > 0 as is_escalated
    from complaints as bank
    join complaints as outside
        on outside.customer_ref = bank.customer_ref
        and outside.intake_channel in ('regulator_transfer', 'government_transfer', 'media')
        and outside.received_at > bank.received_at
        and outside.received_at <= bank.received_at + interval 90 day
    where bank.intake_group in ('on_site', 'electronic', 'letter_visit')
    group by bank.complaint_key
),

final as (
    select
        complaints.complaint_key,
        coalesce(pairs.is_duplicate_while_open, false) as is_duplicate_while_open,
        not coalesce(pairs.is_duplicate_while_open, false) and coalesce(pairs.has_recent_close, false) as is_repeat_after_close,
        complaints.intake_group in ('on_site', 'electronic', 'letter_visit') as is_bank_channel,
        coalesce(escalations.is_escalated, false) as is_escalated,
        cast(complaints.received_at + interval 90 day as date) > params.as_of_date as is_escalation_window_open
    from complaints
    cross join params
    left join same_customer_category as pairs using (complaint_key)
    left join escalations using (complaint_key)
)

select * from final
