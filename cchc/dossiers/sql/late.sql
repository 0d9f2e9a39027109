-- The dossiers behind a unit's 2.1 that are not on time, with the reason.
SELECT dossier_id, tthc_code, channel, received_at, due, finished, supplement_count, supplement_requested_at,
       supplement_completed_at, late_reason, NOT received_in_period AS carried_over
FROM period_dossiers
WHERE counted_21 AND late_reason IS NOT NULL
ORDER BY received_at, dossier_id
LIMIT $limit OFFSET $offset;
