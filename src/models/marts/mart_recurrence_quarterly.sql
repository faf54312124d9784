-- one row per quarter: received and merged counts, repeat, reopen and escalation rates (docs/design.md §5)
with complaints as (
    select c.*, r.is_duplicate_while_open, r.is_repeat_after_close, r.is_bank_channel, r.is_escalated, r.is_escalation_window_open
    from complaints as c
    left join int_complaint_recurrence as r using (complaint_key)
    where c.is_complaint
),

per_customer as (
    -- every customer who complained in the quarter (one whose only complaint was a duplicate included), with
    -- their non-duplicate complaints
    select received_quarter as quarter, customer_ref, count(*) filter (where not coalesce(is_duplicate_while_open, false)) as complaints
    from complaints
    where customer_ref is not null
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

merged as (
    -- the merged count beside the previous quarter's and the same quarter a year earlier
    select quarters.quarter, quarters.quarter_start, quarters.prev_quarter_start, quarters.prev_year_quarter_start,
        counts.received_merged
    from int_quarters as quarters
    left join counts using (quarter)
),

merged_change as (
    select
        cur.quarter,
        prev.received_merged as received_merged_prev_quarter,
        prev_year.received_merged as received_merged_prev_year,
        case when prev.received_merged > 0 then cur.received_merged / prev.received_merged - 1 end as merged_qoq_pct,
        case when prev_year.received_merged > 0 then cur.received_merged / prev_year.received_merged - 1 end as merged_yoy_pct
    from merged as cur
    left join merged as prev on prev.quarter_start = cur.prev_quarter_start
    left join merged as prev_year on prev_year.quarter_start = cur.prev_year_quarter_start
),

final as (
    select
        counts.quarter,
        counts.received,
        counts.duplicates_while_open,
        counts.received_merged,
        merged_change.received_merged_prev_quarter,
        merged_change.received_merged_prev_year,
        merged_change.merged_qoq_pct,
        merged_change.merged_yoy_pct,
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
    left join merged_change using (quarter)
    order by counts.quarter
)

select * from final
