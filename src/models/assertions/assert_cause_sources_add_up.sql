-- offending rows: quarters whose provided, classified and unclassified causes do not add up to the
-- complaints received, or whose provided-cause complaints lost their provided cause
select quarter, complaints, cause_provided, cause_classified, cause_unclassified
from mart_cause_classification_quarterly
where cause_provided + cause_classified + cause_unclassified <> complaints
union all
select received_quarter, null, count(*), null, null
from complaints
where cause_source = 'provided' and (provided_cause_code is null or cause_code <> provided_cause_code)
group by all
