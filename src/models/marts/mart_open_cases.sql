-- The complaints behind the backlog figures: one row per complaint still undecided at the data's as-of date
-- on the headline clock profile that is past its deadline (breached) or at risk, with where it sits and how
-- many calendar days are left (negative: overdue). No customer reference and no narrative: the case list
-- names the complaint, not the customer.
with params as (
    select headline_profile, as_of_date from ref.run_params
),

open_clocks as (
    select clocks.*
    from int_complaint_clocks as clocks, params
    where clocks.profile_id = params.headline_profile and clocks.is_open and (clocks.breached or clocks.at_risk)
),

final as (
    select
        complaints.complaint_key,
        coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org,
        complaints.region,
        complaints.business_category,
        complaints.cause_code,
        complaints.intake_channel,
        strftime(complaints.received_date, '%Y-%m-%d') as received_date,
        complaints.received_quarter as quarter,
        strftime(open_clocks.deadline, '%Y-%m-%d') as deadline,
        cast(date_diff('day', params.as_of_date, open_clocks.deadline) as integer) as days_left,
        case when open_clocks.breached then 'breached' else 'at_risk' end as state,
        complaints.status
    from open_clocks
    join complaints using (complaint_key)
    cross join params
    where complaints.is_complaint
    order by days_left, complaint_key
)

select * from final
