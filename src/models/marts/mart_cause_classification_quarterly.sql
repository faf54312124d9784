-- one row per quarter: how many complaints received carry a cause, by source (provided by the export,
-- classified from the narrative by the keyword rules, or neither), and how often the rules agree with a
-- provided cause where they fire on it.
with complaints as (
    select * from complaints where is_complaint
),

quarters as (
    select quarter from int_quarters
),

counts as (
    select
        received_quarter as quarter,
        count(*) as complaints,
        count(*) filter (where cause_source = 'provided') as cause_provided,
        count(*) filter (where cause_source = 'classified') as cause_classified,
        count(*) filter (where cause_source = 'unclassified') as cause_unclassified,
        count(*) filter (where cause_source = 'provided' and classified_cause_code is not null) as agreement_checked,
        count(*) filter (where cause_source = 'provided' and classified_cause_code = provided_cause_code) as agreement_agreed,
        count(*) filter (where cause_source = 'provided' and classified_cause_code is null) as provided_not_recognised
    from complaints
    group by all
),

final as (
    select
        quarters.quarter,
        coalesce(counts.complaints, 0) as complaints,
        coalesce(counts.cause_provided, 0) as cause_provided,
        coalesce(counts.cause_classified, 0) as cause_classified,
        coalesce(counts.cause_unclassified, 0) as cause_unclassified,
        (counts.cause_provided + counts.cause_classified) / nullif(counts.complaints, 0) as coverage_rate,
        counts.cause_provided / nullif(counts.complaints, 0) as provided_rate,
        coalesce(counts.agreement_checked, 0) as agreement_checked,
        coalesce(counts.agreement_agreed, 0) as agreement_agreed,
        counts.agreement_agreed / nullif(counts.agreement_checked, 0) as agreement_rate,
        -- how much of the provided-cause volume the rules recognise at all (recall of the rules)
        counts.agreement_checked / nullif(counts.cause_provided, 0) as rules_fire_rate
    from quarters
    left join counts using (quarter)
    order by quarters.quarter
)

select * from final
