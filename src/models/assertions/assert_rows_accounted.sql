-- offending rows: loaded files whose rows_in differs from rows loaded plus rows rejected
select file_id, file_name, rows_in, rows_loaded, rows_rejected
from raw.files
where status = 'loaded' and rows_in <> rows_loaded + rows_rejected
