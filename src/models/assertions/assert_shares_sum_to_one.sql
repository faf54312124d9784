-- offending rows: a quarter's shares over one dimension that do not add up to 1
select quarter, dimension, sum(share) as total_share
from mart_received_quarterly_by
group by quarter, dimension
having abs(sum(share) - 1) > 1e-9
