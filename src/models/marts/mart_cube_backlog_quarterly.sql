-- The dashboard's backlog cube: one row per quarter × tier-1 × tier-2 branch × business category × cause ×
-- intake channel × aging bucket: complaints open at the quarter's end (at the as-of date for a
-- quarter not yet over), as int_open_clocks_at_quarter_end defines it on the headline clock profile, with how
-- many of them were past their deadline or at risk then. Additive: any set of cells adds up to the kpi mart's
-- open_at_end / open_breached / open_at_risk for that scope, and to the aging mart's buckets.
with params as (
    select headline_profile from ref.run_params
),

open_clocks as (
    select open_clocks.*
    from int_open_clocks_at_quarter_end as open_clocks, params
    where open_clocks.profile_id = params.headline_profile
),

judged as (
    select
        open_clocks.quarter,
        coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org,
        complaints.region,
        complaints.business_category,
        complaints.cause_code,
        complaints.intake_channel,
        date_diff('day', complaints.received_date, open_clocks.at_date) as age_days,
        open_clocks.breached,
        open_clocks.at_risk
    from open_clocks
    join complaints using (complaint_key)
),

final as (
    select
        judged.quarter, tier1_org, tier2_org, region, business_category, cause_code, intake_channel,
        buckets.aging_bucket,
        count(*) as open_at_end,
        count(*) filter (where breached) as open_breached,
        count(*) filter (where at_risk) as open_at_risk
    from judged
    join ref.aging_buckets as buckets
        on judged.age_days >= buckets.min_days and (buckets.max_days is null or judged.age_days <= buckets.max_days)
    group by all
    order by all
)

select * from final
