-- one row per month × cell flagged as an emerging issue (docs/design.md §5): this month's count is significantly
-- above the cell's trailing baseline — the mean of the previous `baseline_months` months — by a Poisson
-- z-score, with a minimum count and a minimum lift; thresholds come from ref.run_params
with cells as (
    select * from int_cause_cells_monthly
),

params as (
    select * from ref.run_params
),

with_baseline as (
    select
        cells.*,
        avg(complaints) over history as baseline,
        count(*) over history as baseline_months_seen
    from cells
    window history as (
        partition by cell_type, cell_key, cause_code
        order by month
        rows between (select baseline_months from ref.run_params) preceding and 1 preceding
    )
),

scored as (
    select
        with_baseline.*,
        -- a cell never seen before gets a floor of half a complaint a month, so its lift stays finite
        greatest(baseline, 0.5) as expected,
        complaints / greatest(baseline, 0.5) as lift,
        (complaints - greatest(baseline, 0.5)) / sqrt(greatest(baseline, 0.5)) as z_score
    from with_baseline
),

flagged as (
    select scored.*
    from scored, params
    where scored.baseline_months_seen >= params.baseline_months_min
        and scored.complaints >= params.emerging_min_count
        and scored.z_score >= params.emerging_min_z
        and scored.lift >= params.emerging_min_lift
),

examples as (
    -- up to three masked narratives per flagged cell, the latest first
    select flagged.cell_type, flagged.cell_key, flagged.cause_code, flagged.month,
        list(c.narrative order by c.received_at desc)[1:3] as example_narratives
    from flagged
    join complaints as c
        on c.is_complaint
        and c.received_month = flagged.month
        and coalesce(c.cause_code, 'unclassified') = flagged.cause_code
        and case flagged.cell_type
            when 'business_category' then c.business_category
            else coalesce(c.tier1_code, c.org_code)
        end = flagged.cell_key
        and c.narrative is not null
    group by all
),

final as (
    select
        flagged.month,
        left(flagged.month, 4) || '-Q' || cast((cast(right(flagged.month, 2) as integer) + 2) // 3 as varchar) as quarter,
        flagged.cell_type,
        flagged.cell_key,
        flagged.cause_code,
        flagged.complaints,
        round(flagged.baseline, 2) as baseline,
        round(flagged.lift, 2) as lift,
        round(flagged.z_score, 2) as z_score,
        examples.example_narratives
    from flagged
    left join examples using (cell_type, cell_key, cause_code, month)
    order by flagged.month, flagged.z_score desc
)

select * from final
