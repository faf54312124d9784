-- one row per quarter: received and merged counts, repeat, reopen and escalation rates (docs/design.md §5)
with complaints as (
    select c.*, r.is_duplicate_while_open, r.is_repeat_after_close, r.is_bank_channel, r.is_escalated, r.is_escalation_window_open
    from complaints as c
    left join int_complaint_recurrence as r using (complaint_key)
    where c.is_complaint
),

per_customer as (
    -- customers with at least two non-duplicate complaints in the quarter
    select received_quarter as quarter, customer_ref, count(*) as complaints
    from complaints
    where customer_ref is not null and not coalesce(is_duplicate_while_open, false)
    group by all
),

customers as (
    select quarter, count(*) as customers, count(*) filter (where complaints >= 2) as repeat_customers
    from per_customer
    group by all
),

counts as (
    select
        received_quarter as quarter,
        count(*) as received,
        count(*) filter (where is_duplicate_while_open) as duplicates_while_open,
        count(*) - count(*) filter (where is_duplicate_while_open) as received_merged,
        count(*) filter (where is_repeat_after_close) as repeats_after_close,
        count(*) filter (where ever_reopened) as reopened,
        count(*) filter (where status = 'closed' or ever_reopened) as closed,
        count(*) filter (where is_bank_channel) as bank_channel_complaints,
        count(*) filter (where is_bank_channel and is_escalated) as escalated,
        bool_or(is_bank_channel and is_escalation_window_open) as escalation_provisional
    from complaints
    group by all
),

final as (
    select
        counts.quarter,
        counts.received,
        counts.duplicates_while_open,
        counts.received_merged,
        counts.repeats_after_close,
        counts.repeats_after_close / nullif(counts.received_merged, 0) as repeat_after_close_rate,
        customers.customers,
        customers.repeat_customers,
        customers.repeat_customers / nullif(customers.customers, 0) as repeat_customer_rate,
        counts.reopened,
        counts.closed,
        counts.reopened / nullif(counts.closed, 0) as reopen_rate,
        counts.bank_channel_complaints,
        counts.escalated,
        counts.escalated / nullif(counts.bank_channel_complaints, 0) as escalation_rate,
        coalesce(counts.escalation_provisional, false) as escalation_provisional
    from counts
    left join customers using (quarter)
    order by counts.quarter
)

select * from final
