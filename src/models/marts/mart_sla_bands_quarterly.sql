-- one row per quarter × clock profile × band: the bank-wide rows of mart_sla_bands_quarterly_by
with bands as (
    select * from mart_sla_bands_quarterly_by
),

final as (
    select quarter, profile_id, band, band_order, complaints, share
    from bands
    where dimension = 'total'
    order by quarter, profile_id, band_order
)

select * from final
