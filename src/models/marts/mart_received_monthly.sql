-- one row per received month × intake channel: complaints received (is_complaint only)
with complaints as (
    select * from complaints where is_complaint
),

final as (
    select
        received_month as month,
        received_quarter as quarter,
        intake_channel,
        count(*) as received
    from complaints
    group by all
    order by month, intake_channel
)

select * from final
