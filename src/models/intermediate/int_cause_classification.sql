-- one row per complaint whose narrative some cause rule matches: the cause the keyword rules give it
-- (src/classify/cause-rules.json via ref.cause_rules). Run on every narrative, with or without a provided
-- cause, so the rules can be checked against the provided causes. The winner: lowest priority, then the
-- earlier rule in the file, then the earlier keyword of that rule.
with narratives as (
    select complaint_key, lower(narrative) as text
    from int_complaints_latest
    where narrative is not null and narrative <> ''
),

rules as (
    select * from ref.cause_rules
),

hits as (
    select narratives.complaint_key, rules.*
    from narratives
    -- the substring test first: it settles a Chinese keyword and spares most rows the pattern, which an
    -- English keyword needs for its word boundaries
    join rules
        on contains(narratives.text, rules.literal)
        and (rules.lang = 'zh' or regexp_matches(narratives.text, rules.pattern))
),

ranked as (
    select
        *,
        row_number() over (partition by complaint_key order by priority, rule_order, keyword_order) as hit_rank
    from hits
),

final as (
    select
        complaint_key,
        cause_code as classified_cause_code,
        rule_id as classifier_rule_id,
        keyword as classifier_keyword
    from ranked
    where hit_rank = 1
)

select * from final
