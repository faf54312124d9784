-- one row per month × cell (business category × cause, tier-1 branch × cause, intake channel × cause): complaints received,
-- with the zero months filled in so that a baseline counts quiet months too
with complaints as (
    select received_month as month, business_category, coalesce(cause_code, 'unclassified') as cause_code,
        coalesce(tier1_code, org_code) as tier1_org, intake_channel
    from complaints
    where is_complaint
),

cells as (
    select 'business_category' as cell_type, business_category as cell_key, cause_code, month from complaints
    union all
    select 'tier1_org', tier1_org, cause_code, month from complaints
    union all
    select 'intake_channel', intake_channel, cause_code, month from complaints
),

months as (
    select distinct month from complaints
),

keys as (
    select distinct cell_type, cell_key, cause_code from cells
),

counts as (
    select cell_type, cell_key, cause_code, month, count(*) as complaints from cells group by all
),

final as (
    select keys.cell_type, keys.cell_key, keys.cause_code, months.month, coalesce(counts.complaints, 0) as complaints
    from keys
    cross join months
    left join counts using (cell_type, cell_key, cause_code, month)
)

select * from final
