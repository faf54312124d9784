-- offending rows: a group of shares that does not add up to 1 (groups with no complaints have null shares)
with groups as (
    select 'mart_received_quarterly_by' as mart, quarter, dimension as grouping, sum(share) as total_share
    from mart_received_quarterly_by
    group by all
    union all
    select 'mart_cause_by_category_quarterly', quarter, 'quarter', sum(share_of_quarter)
    from mart_cause_by_category_quarterly
    group by all
    having sum(complaints) > 0
    union all
    select 'mart_cause_by_category_quarterly', quarter, 'category ' || business_category, sum(share_of_category)
    from mart_cause_by_category_quarterly
    group by all
    having sum(complaints) > 0
    union all
    select 'mart_sla_bands_quarterly_by', quarter, 'profile ' || profile_id || ' ' || dimension || ' ' || code, sum(share)
    from mart_sla_bands_quarterly_by
    group by all
    having sum(complaints) > 0
    union all
    select 'mart_category_org_quarterly', quarter, 'category ' || business_category, sum(share_of_category)
    from mart_category_org_quarterly
    group by all
)

select * from groups
where total_share is null or abs(total_share - 1) > 1e-9
