-- offending rows: complaint keys that appear more than once in complaints
select complaint_key, count(*) as n from complaints group by complaint_key having count(*) > 1
