-- one row per complaint whose narrative some cause rule matches: the cause the keyword rules give it
-- (src/classify/cause-rules.json via ref.cause_rules). Run on every narrative, with or without a provided
-- cause, so the rules can be checked against the provided causes. The winner: lowest priority, then the
-- earlier rule in the file, then the earlier keyword of that rule.
with narratives as (
    -- the latest version's narrative: int_complaints_latest names the version, the text is read from it
    select versions.complaint_key, lower(versions.narrative) as text
    from stg_complaint_versions as versions
    join int_complaints_latest as latest using (file_id, line)
    where versions.narrative is not null and versions.narrative <> ''
),

rules as (
    select * from ref.cause_rules
),

-- the verdict depends on the text alone: each distinct text is matched once (every rule is tested against
-- every text, so complaints sharing a templated or boilerplate narrative share the cost)
texts as (
    select distinct text from narratives
),

hits as (
    select texts.text, rules.*
    from texts
    -- the substring test first: it settles a Chinese keyword and spares most rows the pattern, which an
    -- English keyword needs for its word boundaries
    join rules
        on contains(texts.text, rules.literal)
        and (rules.lang = 'zh' or regexp_matches(texts.text, rules.pattern))
),

ranked as (
    select
        *,
        row_number() over (partition by text order by priority, rule_order, keyword_order) as hit_rank
    from hits
),

final as (
    select
        narratives.complaint_key,
        ranked.cause_code as classified_cause_code,
        ranked.rule_id as classifier_rule_id,
        ranked.keyword as classifier_keyword
    from narratives
    join ranked on ranked.text = narratives.text and ranked.hit_rank = 1
)

select * from final
