-- offending rows: complaints responded to or closed before they were received
select complaint_key, received_at, responded_at, closed_at
from complaints
where responded_at < received_at or closed_at < received_at
