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

-- the flagged cell's own complaints, each with the channel it came through and the classifier rule that
-- matched its narrative (null when the cause was provided)
cell_complaints as (
    select flagged.cell_type, flagged.cell_key, flagged.cause_code, flagged.month,
        c.intake_channel, c.classifier_rule_id, c.narrative, c.received_at, c.complaint_key
    from flagged
    join complaints as c
        on c.is_complaint
        and c.received_month = flagged.month
        and coalesce(c.cause_code, 'unclassified') = flagged.cause_code
        and case flagged.cell_type
            when 'business_category' then c.business_category
            when 'intake_channel' then c.intake_channel
            else coalesce(c.tier1_code, c.org_code)
        end = flagged.cell_key
),

-- the channel most of the cell's complaints came through (ties by code), and its share: the channel dimension
-- of a flag that is not itself a channel cell
channels as (
    select cell_type, cell_key, cause_code, month,
        arg_max(intake_channel, n order by intake_channel desc) as top_channel,
        max(n) / sum(n) as top_channel_share
    from (select cell_type, cell_key, cause_code, month, intake_channel, count(*) as n from cell_complaints group by all)
    group by all
),

-- up to three masked narratives per flagged cell, the most typical first: from its top channel, those whose
-- character pairs are the commonest in the cell's narratives (a narrative that says what most of them say
-- scores high, a stray one low; the mean over its distinct pairs of how many narratives hold each), then the
-- latest. Scored over the cell's 500 latest narratives, so that a huge cell costs no more than a small one.
sampled as (
    select cell_complaints.*
    from cell_complaints
    join channels using (cell_type, cell_key, cause_code, month)
    where cell_complaints.intake_channel = channels.top_channel and cell_complaints.narrative is not null
    qualify row_number() over (partition by cell_type, cell_key, cause_code, month order by received_at desc, complaint_key) <= 500
),

pairs as (
    select distinct cell_type, cell_key, cause_code, month, complaint_key, substring(narrative, i, 2) as pair
    from sampled, range(1, length(narrative)) as t(i)
),

pair_counts as (
    select cell_type, cell_key, cause_code, month, pair, count(*) as narratives
    from pairs
    group by all
),

typicality as (
    select pairs.cell_type, pairs.cell_key, pairs.cause_code, pairs.month, pairs.complaint_key, avg(pair_counts.narratives) as score
    from pairs
    join pair_counts using (cell_type, cell_key, cause_code, month, pair)
    group by all
),

-- each distinct narrative once (a template many complaints share is one example, not three)
examples as (
    select cell_type, cell_key, cause_code, month,
        list(narrative order by score desc, latest desc, narrative)[1:3] as example_narratives
    from (
        select sampled.cell_type, sampled.cell_key, sampled.cause_code, sampled.month, sampled.narrative,
            max(typicality.score) as score, max(sampled.received_at) as latest
        from sampled
        join typicality using (cell_type, cell_key, cause_code, month, complaint_key)
        group by all
    )
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
        channels.top_channel,
        round(channels.top_channel_share, 4) as top_channel_share,
        examples.example_narratives
    from flagged
    left join channels using (cell_type, cell_key, cause_code, month)
    left join examples using (cell_type, cell_key, cause_code, month)
    order by flagged.month, flagged.z_score desc
)

select * from final
