-- one row per quarter × org (tier-1 and tier-2 branches) with complaints: the counts of the complaints received in
-- the quarter under the branch that mart_org_scorecard_quarterly rates (volume, merged, recurrence, outcomes)
-- and its customers (every customer who complained there, and those with two or more non-duplicates).
with complaints as (
    select c.*, r.is_duplicate_while_open, r.is_bank_channel, r.is_escalated, r.is_repeat_after_close
    from complaints as c
    left join int_complaint_recurrence as r using (complaint_key)
    where c.is_complaint
),

-- each complaint counts for its tier-1 branch and, when it has one, its tier-2 branch: both levels are
-- counted in one grouping-sets pass over the complaints (stacking the complaints once per level wrote and
-- read a table of twice the complaints, narrower but nineteen million rows at ten million complaints)
volume_by_level as (
    select
        received_quarter as quarter,
        case when grouping(tier1_code) = 0 then tier1_code else tier2_code end as org_code,
        count(*) as received,
        count(*) filter (where not coalesce(is_duplicate_while_open, false)) as received_merged,
        count(*) filter (where is_repeat_after_close) as repeats_after_close,
        count(*) filter (where is_bank_channel) as bank_channel_complaints,
        count(*) filter (where is_bank_channel and is_escalated) as escalated,
        count(*) filter (where is_at_fault) as at_fault,
        count(*) filter (where is_at_fault is not null) as fault_assessed,
        count(*) filter (where is_upheld(outcome)) as upheld,
        count(*) filter (where has_finding(outcome)) as outcome_decided,
        count(*) filter (where is_satisfied(satisfaction)) as satisfied,
        count(*) filter (where was_surveyed(satisfaction)) as surveyed_reached,
        sum(redress_amount_cny) as redress_amount_cny
    from complaints
    group by grouping sets ((received_quarter, tier1_code), (received_quarter, tier2_code))
    -- a complaint without a branch of a level counts under none of that level
    having org_code is not null
),

volume as (
    -- a code is a tier-1 or a tier-2 branch, never both, so each (quarter, org) has one row; summed anyway
    select quarter, org_code,
        cast(sum(received) as bigint) as received, cast(sum(received_merged) as bigint) as received_merged,
        cast(sum(repeats_after_close) as bigint) as repeats_after_close, cast(sum(escalated) as bigint) as escalated,
        cast(sum(bank_channel_complaints) as bigint) as bank_channel_complaints,
        cast(sum(at_fault) as bigint) as at_fault, cast(sum(fault_assessed) as bigint) as fault_assessed,
        cast(sum(upheld) as bigint) as upheld, cast(sum(outcome_decided) as bigint) as outcome_decided,
        cast(sum(satisfied) as bigint) as satisfied, cast(sum(surveyed_reached) as bigint) as surveyed_reached,
        coalesce(sum(redress_amount_cny), 0) as redress_amount_cny
    from volume_by_level
    group by all
),

customers as (
    -- every customer who complained in the quarter under the branch (a duplicate-only customer included),
    -- and those with at least two non-duplicate complaints there
    select quarter, org_code, count(*) as customers_complaining, count(*) filter (where n >= 2) as repeat_customers
    from (
        select
            received_quarter as quarter,
            case when grouping(tier1_code) = 0 then tier1_code else tier2_code end as org_code,
            customer_ref,
            count(*) filter (where not coalesce(is_duplicate_while_open, false)) as n
        from complaints
        where customer_ref is not null
        group by grouping sets ((received_quarter, tier1_code, customer_ref), (received_quarter, tier2_code, customer_ref))
        having org_code is not null
    )
    group by all
),

final as (
    select volume.*, customers.customers_complaining, customers.repeat_customers
    from volume
    left join customers using (quarter, org_code)
)

select * from final
