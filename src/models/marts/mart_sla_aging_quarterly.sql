-- one row per quarter × clock profile × aging bucket: the bank-wide rows of mart_sla_aging_quarterly_by
with aging as (
    select * from mart_sla_aging_quarterly_by
),

final as (
    select quarter, profile_id, aging_bucket, bucket_order, open_complaints, breached, at_risk
    from aging
    where dimension = 'total'
    order by quarter, profile_id, bucket_order
)

select * from final
