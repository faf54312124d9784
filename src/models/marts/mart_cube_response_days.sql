-- The dashboard's response-time histogram: one row per received month × the cube's dimensions × calendar days
-- from the clock's start to its end, complaints decided (not open) on the headline clock profile. Adding the
-- rows of any scope gives the exact distribution, so the browser's median and P90 (quantile_cont's
-- interpolation, as mart_kpi_quarterly computes them) equal DuckDB's over the same complaints.
-- A decided clock without an end date (days null) is counted, so the rows add up to the responded count, and
-- left out of the percentiles, as quantile_cont leaves out nulls.
with params as (
    select headline_profile from ref.run_params
),

decided as (
    select complaints.*, clocks.elapsed_calendar_days
    from complaints
    join int_complaint_clocks as clocks using (complaint_key)
    cross join params
    where clocks.profile_id = params.headline_profile and not clocks.is_open
),

final as (
    select
        received_month as month,
        received_quarter as quarter,
        coalesce(tier1_code, org_code) as tier1_org,
        tier2_code as tier2_org,
        region,
        business_category,
        cause_code,
        intake_channel,
        cast(elapsed_calendar_days as integer) as days,
        count(*) as complaints
    from decided
    group by all
    order by all
)

select * from final
