-- one row per quarter × clock profile × dimension × code × aging bucket: complaints open at the quarter's
-- end (at the data's as-of date for a quarter not yet over) by calendar days since receipt, with how many
-- of them were past their deadline (breached) or at risk at that date (int_open_clocks_at_quarter_end). Dimensions as mart_sla_quarterly_by: total/all, intake_channel, business_category, tier1_org,
-- tier2_org; every bucket of a (quarter, profile, dimension, code) with an open complaint, zeros included.
with quarters as (
    select quarter from int_quarters
),

buckets as (
    select aging_bucket, bucket_order, min_days, max_days from ref.aging_buckets
),

-- the clocks open at each quarter's end, read at that date (int_open_clocks_at_quarter_end), with the
-- complaint's attributes and its age then in calendar days since receipt
judged as (
    select
        open_clocks.quarter,
        open_clocks.profile_id,
        complaints.intake_channel,
        complaints.business_category,
        coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org,
        date_diff('day', complaints.received_date, open_clocks.at_date) as age_days,
        open_clocks.breached,
        open_clocks.at_risk
    from int_open_clocks_at_quarter_end as open_clocks
    join complaints using (complaint_key)
    where complaints.received_date <= open_clocks.at_date
),

bucketed as (
    select judged.*, buckets.aging_bucket
    from judged
    join buckets on judged.age_days >= buckets.min_days and (buckets.max_days is null or judged.age_days <= buckets.max_days)
),

-- the open clocks counted per bucket, verdict and attribute: a few rows per group instead of one per clock
-- and quarter, so that the grouping sets below aggregate this rather than every row five times
tallies as (
    select quarter, profile_id, intake_channel, business_category, tier1_org, tier2_org, aging_bucket, breached, at_risk,
        count(*) as clocks
    from bucketed
    group by all
),

-- one pass for all five dimensions: grouping sets instead of five stacked copies of every clock (grouping()
-- and the slice macros of macros/slices.sql tell which set a row belongs to); a complaint without a tier-2
-- branch counts under no tier-2 code; counts as bigint, as count(*) gives them
grouped as (
    select
        quarter,
        profile_id,
        slice_dimension(grouping(intake_channel, business_category, tier1_org, tier2_org)) as dimension,
        slice_code(grouping(intake_channel, business_category, tier1_org, tier2_org), intake_channel, business_category, tier1_org, tier2_org) as code,
        aging_bucket,
        cast(sum(clocks) as bigint) as open_complaints,
        cast(coalesce(sum(clocks) filter (where breached), 0) as bigint) as breached,
        cast(coalesce(sum(clocks) filter (where at_risk), 0) as bigint) as at_risk
    from tallies
    group by grouping sets (
        (quarter, profile_id, aging_bucket),
        (quarter, profile_id, aging_bucket, intake_channel),
        (quarter, profile_id, aging_bucket, business_category),
        (quarter, profile_id, aging_bucket, tier1_org),
        (quarter, profile_id, aging_bucket, tier2_org)
    )
),

counts as (
    select quarter, profile_id, dimension, code, aging_bucket, open_complaints, breached, at_risk
    from grouped
    where not (dimension = 'tier2_org' and code is null)
),

cells as (
    -- the total of every quarter × profile, and each code that had an open complaint then
    select quarters.quarter, profiles.profile_id, 'total' as dimension, 'all' as code
    from quarters cross join (select distinct profile_id from int_complaint_clocks) as profiles
    union
    select distinct quarter, profile_id, dimension, code from counts
),

final as (
    select
        cells.quarter,
        cells.profile_id,
        cells.dimension,
        cells.code,
        buckets.aging_bucket,
        buckets.bucket_order,
        coalesce(counts.open_complaints, 0) as open_complaints,
        coalesce(counts.breached, 0) as breached,
        coalesce(counts.at_risk, 0) as at_risk
    from cells
    cross join buckets
    left join counts using (quarter, profile_id, dimension, code, aging_bucket)
    order by cells.quarter, cells.profile_id, cells.dimension, cells.code, buckets.bucket_order
)

select * from final
