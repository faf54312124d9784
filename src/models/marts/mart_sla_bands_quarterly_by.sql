-- one row per quarter × clock profile × dimension × code × band (dimensions as mart_sla_quarterly_by;
-- every band of a code with complaints in the quarter, zeros included): complaints received in the quarter by how long the response
-- took (FCA DISP 1.5/1.6-style bands), counted from the profile's start event. 'within_3_business_days':
-- decided by the end of the third business day after the start day (the start day itself not counted;
-- business days of the profile's calendar, so a 调休 Saturday counts and a holiday does not);
-- 'within_8_weeks': otherwise within 56 calendar days; 'over_8_weeks': later; 'open': still undecided.
-- The 3 and the 56 are ref.run_params.band_business_days and band_calendar_days (RESPONSE_BANDS).
-- A complaint decided on a date the export does not give has no band and is left out.
with quarters as (
    select quarter from int_quarters
),

bands as (
    select * from (values
        ('within_3_business_days', 1), ('within_8_weeks', 2), ('over_8_weeks', 3), ('open', 4)
    ) as b(band, band_order)
),

clocks as (
    -- for a decided complaint the clock's elapsed days run from its start to the response date, in the
    -- profile's business days and in calendar days: what the bands count
    select clocks.*, complaints.received_quarter as quarter,
        complaints.intake_channel, complaints.business_category, coalesce(complaints.tier1_code, complaints.org_code) as tier1_org,
        complaints.tier2_code as tier2_org
    from int_complaint_clocks as clocks
    join complaints using (complaint_key)
),

params as (
    select band_business_days, band_calendar_days from ref.run_params
),

banded as (
    select
        quarter,
        profile_id,
        intake_channel,
        business_category,
        tier1_org,
        tier2_org,
        case
            when is_open then 'open'
            when elapsed_working_days <= params.band_business_days then 'within_3_business_days'
            when elapsed_calendar_days <= params.band_calendar_days then 'within_8_weeks'
            else 'over_8_weeks'
        end as band
    from clocks
    cross join params
    where is_open or responded_date is not null
),

-- the clocks counted per band and attribute: a few rows per group instead of one per clock, so that the
-- grouping sets below aggregate this rather than every clock five times
tallies as (
    select quarter, profile_id, intake_channel, business_category, tier1_org, tier2_org, band, count(*) as clocks
    from banded
    group by all
),

-- one pass for all five dimensions: grouping sets instead of five stacked copies of every clock (grouping()
-- and the slice macros of macros/slices.sql tell which set a row belongs to); a complaint without a tier-2
-- branch counts under no tier-2 code
grouped as (
    select
        quarter,
        profile_id,
        slice_dimension(grouping(intake_channel, business_category, tier1_org, tier2_org)) as dimension,
        slice_code(grouping(intake_channel, business_category, tier1_org, tier2_org), intake_channel, business_category, tier1_org, tier2_org) as code,
        band,
        cast(sum(clocks) as bigint) as complaints
    from tallies
    group by grouping sets (
        (quarter, profile_id, band),
        (quarter, profile_id, band, intake_channel),
        (quarter, profile_id, band, business_category),
        (quarter, profile_id, band, tier1_org),
        (quarter, profile_id, band, tier2_org)
    )
),

counts as (
    select quarter, profile_id, dimension, code, band, complaints
    from grouped
    where not (dimension = 'tier2_org' and code is null)
),

cells as (
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
        bands.band,
        bands.band_order,
        coalesce(counts.complaints, 0) as complaints,
        coalesce(counts.complaints, 0)
            / nullif(sum(coalesce(counts.complaints, 0)) over (partition by cells.quarter, cells.profile_id, cells.dimension, cells.code), 0) as share
    from cells
    cross join bands
    left join counts using (quarter, profile_id, dimension, code, band)
    order by cells.quarter, cells.profile_id, cells.dimension, cells.code, bands.band_order
)

select * from final
