-- one row per provided cause × cause the keyword rules give (or 'none' when no rule fires), over all
-- complaints with a provided cause: where the rules agree and where they go wrong, for whoever maintains
-- src/classify/cause-rules.json
with checked as (
    select provided_cause_code, coalesce(classified_cause_code, 'none') as classified_cause_code
    from complaints
    where is_complaint and cause_source = 'provided'
),

counts as (
    select provided_cause_code, classified_cause_code, count(*) as complaints
    from checked
    group by all
),

final as (
    select
        provided_cause_code,
        classified_cause_code,
        complaints,
        complaints / sum(complaints) over (partition by provided_cause_code) as share_of_provided,
        provided_cause_code = classified_cause_code as agrees
    from counts
    order by provided_cause_code, complaints desc, classified_cause_code
)

select * from final
