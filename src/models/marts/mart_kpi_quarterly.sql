-- one row per quarter: the headline figures of the dashboard and the quarterly report
-- SLA figures use the headline clock profile (ref.run_params.headline_profile, default cn-nfra-2020).
with quarters as (
    select * from int_quarters
),

params as (
    select * from ref.run_params
),

complaints as (
    select * from complaints
),

-- the bank's intensity denominators: the head-office row, else the sum over tier-1 branches
bank as (
    select
        coalesce(max(customers) filter (where org_level = 'head_office'), sum(customers) filter (where org_level = 'tier1')) as customers,
        coalesce(max(outlets) filter (where org_level = 'head_office'), sum(outlets) filter (where org_level = 'tier1')) as outlets
    from ref.dim_org
),

clocks as (
    select int_complaint_clocks.*
    from int_complaint_clocks, params
    where int_complaint_clocks.profile_id = params.headline_profile
),

received as (
    select
        received_quarter as quarter,
        count(*) filter (where is_complaint) as received,
        count(*) filter (where not is_complaint) as non_complaints,
        -- withdrawn by the customer: no clock judges them (int_complaint_clocks), so they are out of judged
        count(*) filter (where is_complaint and status = 'withdrawn') as withdrawn,
        count(*) filter (where is_complaint and is_at_fault) as at_fault,
        count(*) filter (where is_complaint and is_at_fault is not null) as fault_assessed,
        count(*) filter (where is_complaint and is_upheld(outcome)) as upheld,
        count(*) filter (where is_complaint and has_finding(outcome)) as outcome_decided,
        count(*) filter (where is_complaint and is_satisfied(satisfaction)) as satisfied,
        count(*) filter (where is_complaint and was_surveyed(satisfaction)) as surveyed_reached,
        coalesce(sum(redress_amount_cny) filter (where is_complaint), 0) as redress_total_cny
    from complaints
    group by all
),

sla as (
    select
        complaints.received_quarter as quarter,
        count(*) filter (where not clocks.is_open) as responded,
        count(*) filter (where clocks.responded_on_time) as responded_on_time,
        count(*) filter (where clocks.breached) as breached,
        count(*) filter (where clocks.breached is not null) as judged,
        count(*) filter (where clocks.responded_on_time is not null) as responded_dated,
        count(*) filter (where clocks.at_risk) as at_risk,
        quantile_cont(clocks.elapsed_calendar_days, 0.5) filter (where not clocks.is_open) as p50_days_to_respond,
        quantile_cont(clocks.elapsed_calendar_days, 0.9) filter (where not clocks.is_open) as p90_days_to_respond
    from clocks join complaints using (complaint_key)
    group by all
),

backlog as (
    -- open at the quarter's end (int_open_clocks_at_quarter_end, as the aging mart counts them), whenever received
    select
        open_clocks.quarter,
        count(*) as open_at_end,
        count(*) filter (where open_clocks.breached) as open_breached,
        count(*) filter (where open_clocks.at_risk) as open_at_risk
    from int_open_clocks_at_quarter_end as open_clocks, params
    where open_clocks.profile_id = params.headline_profile
    group by all
),

joined as (
    select
        quarters.quarter,
        quarters.quarter_start,
        quarters.prev_quarter_start,
        quarters.prev_year_quarter_start,
        coalesce(received.received, 0) as received,
        coalesce(received.non_complaints, 0) as non_complaints,
        coalesce(received.withdrawn, 0) as withdrawn,
        coalesce(sla.responded, 0) as responded,
        coalesce(sla.responded_on_time, 0) as responded_on_time,
        -- the on-time rate's denominator: decided on a known date (responded counts every decided clock)
        coalesce(sla.responded_dated, 0) as responded_dated,
        coalesce(sla.breached, 0) as breached,
        coalesce(sla.judged, 0) as judged,
        case when sla.responded_dated > 0 then sla.responded_on_time / sla.responded_dated end as on_time_rate,
        case when sla.judged > 0 then sla.breached / sla.judged end as breach_rate,
        coalesce(backlog.open_at_end, 0) as open_at_end,
        coalesce(backlog.open_breached, 0) as open_breached,
        coalesce(backlog.open_at_risk, 0) as open_at_risk,
        coalesce(sla.at_risk, 0) as at_risk,
        sla.p50_days_to_respond,
        sla.p90_days_to_respond,
        case when received.fault_assessed > 0 then received.at_fault / received.fault_assessed end as at_fault_rate,
        -- upheld or partly upheld, of those with a finding (FCA DISP 1.10); withdrawn and undecided left out
        case when received.outcome_decided > 0 then received.upheld / received.outcome_decided end as upheld_rate,
        case when received.surveyed_reached > 0 then received.satisfied / received.surveyed_reached end as satisfaction_rate,
        coalesce(received.redress_total_cny, 0) as redress_total_cny,
        bank.customers as bank_customers,
        bank.outlets as bank_outlets,
        case when bank.customers > 0 then coalesce(received.received, 0) * 10000.0 / bank.customers end as per_10k_customers,
        case when bank.outlets > 0 then coalesce(received.received, 0) * 100.0 / bank.outlets end as per_100_outlets
    from quarters
    cross join bank
    left join received using (quarter)
    left join sla using (quarter)
    left join backlog using (quarter)
),

final as (
    select
        cur.quarter,
        cur.received,
        prev.received as received_prev_quarter,
        prev_year.received as received_prev_year,
        case when prev.received > 0 then cur.received / prev.received - 1 end as qoq_pct,
        case when prev_year.received > 0 then cur.received / prev_year.received - 1 end as yoy_pct,
        -- equal to qoq_pct/yoy_pct while dim_org gives one denominator for all quarters
        case when prev.per_10k_customers > 0 then cur.per_10k_customers / prev.per_10k_customers - 1 end as intensity_qoq_pct,
        case when prev_year.per_10k_customers > 0 then cur.per_10k_customers / prev_year.per_10k_customers - 1 end as intensity_yoy_pct,
        -- in points: the dashboard's "vs previous quarter"
        cur.on_time_rate - prev.on_time_rate as on_time_rate_change,
        cur.* exclude (quarter, received, quarter_start, prev_quarter_start, prev_year_quarter_start)
    from joined as cur
    left join joined as prev on prev.quarter_start = cur.prev_quarter_start
    left join joined as prev_year on prev_year.quarter_start = cur.prev_year_quarter_start
    order by cur.quarter
)

select * from final
