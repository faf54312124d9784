-- one row per complaint, latest state: the canonical complaint table of docs/design.md §4
with latest as (
    -- the latest version of each complaint, whole, with its history flags
    select versions.*, picks.version_count, picks.ever_reopened
    from stg_complaint_versions as versions
    join int_complaints_latest as picks using (file_id, line)
),

classified as (
    select * from int_cause_classification
),

-- every unit with each of its ancestors (itself included): a bank's tree can put an outlet under a
-- sub-branch under a tier-2 branch, or a sub-branch straight under a tier-1 branch with no tier 2 at all
ancestry as (
    with recursive walk(org_code, ancestor_code, depth) as (
        select org_code, org_code, 0 from ref.dim_org
        union all
        select walk.org_code, parent.parent_code, walk.depth + 1
        from walk
        join ref.dim_org as parent on parent.org_code = walk.ancestor_code
        where parent.parent_code is not null and walk.depth < 10
    )
    select * from walk
),

tier2 as (
    -- the tier-2 branch a unit belongs to, when the tree has one above it (none for tier 1 and above)
    select ancestry.org_code, min(ancestry.ancestor_code) as tier2_code
    from ancestry
    join ref.dim_org as ancestor on ancestor.org_code = ancestry.ancestor_code
    where ancestor.org_level = 'tier2'
    group by ancestry.org_code
),

orgs as (
    select dim_org.org_code, dim_org.tier1_code, dim_org.region, tier2.tier2_code
    from ref.dim_org
    left join tier2 using (org_code)
),

final as (
    select
        latest.complaint_key,
        latest.source_id,
        latest.pipeline as source_system,
        latest.intake_channel,
        channels.intake_group,
        channels.intake_side,
        channels.is_bank_channel,
        channels.is_escalation_channel,
        latest.received_at,
        latest.received_date,
        latest.received_month,
        latest.received_quarter,
        latest.org_code,
        orgs.tier1_code,
        orgs.tier2_code,
        orgs.region,
        latest.business_category,
        -- a provided cause is kept; a missing one is filled by the keyword rules when one fires
        coalesce(latest.cause_code, classified.classified_cause_code) as cause_code,
        case
            when latest.cause_code is not null then 'provided'
            when classified.classified_cause_code is not null then 'classified'
            else 'unclassified'
        end as cause_source,
        latest.cause_code as provided_cause_code,
        classified.classified_cause_code,
        classified.classifier_rule_id,
        latest.customer_ref,
        latest.narrative,
        latest.is_complaint,
        latest.severity,
        latest.status,
        latest.acknowledged_at,
        latest.responded_at,
        latest.closed_at,
        latest.extension_level,
        latest.paused_days,
        latest.is_at_fault,
        latest.outcome,
        latest.redress_amount_cny,
        coalesce(latest.satisfaction, 'not_surveyed') as satisfaction,
        latest.regulator_received_at,
        latest.forwarded_at,
        latest.reported_timely,
        latest.updated_at,
        'JR/T 0169-2018' as taxonomy_version,
        latest.file_id as lineage_file_id,
        latest.line as lineage_line,
        latest.version_count,
        latest.ever_reopened
    from latest
    left join classified using (complaint_key)
    left join orgs using (org_code)
    left join ref.channel_groups as channels using (intake_channel)
)

select * from final
