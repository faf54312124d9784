-- The SLA-by marts (mart_sla_quarterly_by, mart_sla_aging_quarterly_by, mart_sla_bands_quarterly_by) count the
-- clocks once under five grouping sets: the total, and one set per attribute (intake_channel,
-- business_category, tier1_org, tier2_org). These two name the slice a row of such a grouping belongs to, from
-- grouping(intake_channel, business_category, tier1_org, tier2_org): one bit per attribute, the first attribute
-- the highest bit, 1 where the attribute is not in the row's set.

-- the slice's dimension: the one attribute in the set, or 'total' when none is
create or replace temp macro slice_dimension(grouping_bits) as
    case grouping_bits
        when 7 then 'intake_channel'
        when 11 then 'business_category'
        when 13 then 'tier1_org'
        when 14 then 'tier2_org'
        else 'total'
    end;

-- the slice's code: a grouping-sets row holds null in every attribute outside its set, so the one value left is
-- the code (null for complaints without that attribute, e.g. no tier-2 branch); 'all' for the total
create or replace temp macro slice_code(grouping_bits, intake_channel, business_category, tier1_org, tier2_org) as
    case when grouping_bits = 15 then 'all' else coalesce(intake_channel, business_category, tier1_org, tier2_org) end;
