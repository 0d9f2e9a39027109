-- The dossiers of the period [$start, $end) and, for monthly figures, of each of its months, with their on-time status
-- (domain notes §3c, rule 2.1). One scan: a dossier row is repeated for each period it belongs to (pkey '' = the whole
-- period, 'YYYY-MM' = a month), from the month it was received to the month it was finished (or the last month),
-- clipped to the range — the same membership rule as for the whole period, month by month.
-- "In period" = received in the period, or received before it and not finished before it (carried over).
-- The clock of an open dossier stops at the cutoff = period end, or "now" when the period is not over.
CREATE OR REPLACE TEMP VIEW period_dossiers AS
WITH p AS (
    SELECT *, $periods  -- pkey, p_start, p_end: the whole period, or unnest(with_months(...)) for the months too
    FROM dossiers
    WHERE received_at < $end  -- literals: Parquet row groups outside the range are skipped
      AND (received_at >= $start OR finished_at IS NULL OR finished_at >= $start)
      AND ($unit IS NULL OR unit_id = $unit)
), d AS (
    SELECT *,
        least(p_end, CAST($as_of AS TIMESTAMP)) AS cutoff,
        received_at >= p_start AS received_in_period,
        coalesce(due_at, received_at + to_days(CAST(round(legal_days) AS INTEGER))) AS due
    FROM p
), e AS (
    SELECT *,
        CASE WHEN finished_at < cutoff THEN finished_at END AS finished,       -- NULL = still open at the cutoff
        supplement_count = 1 AND (supplement_completed_at IS NULL OR supplement_completed_at >= cutoff)
            AS waiting_for_citizen
    FROM d
)
SELECT *,
    -- 2.1 counts every dossier of the period except those the citizen withdrew, and needs a due date
    end_status IS DISTINCT FROM 'withdrawn' AND due IS NOT NULL AS counted_21,
    CASE
        WHEN supplement_count > 1 THEN 'supplements'            -- asked for supplements more than once: late
        WHEN waiting_for_citizen AND finished IS NULL AND cutoff - supplement_requested_at > INTERVAL 15 DAY
            THEN 'not_closed'                                    -- citizen silent 15 days, nobody closed it: late
        WHEN waiting_for_citizen AND supplement_requested_at > due THEN 'late'
        WHEN waiting_for_citizen THEN NULL                       -- clock stopped at the (single) request in time
        -- end_adj = end − citizen time (completed - requested), on time when end_adj ≤ due
        WHEN coalesce(finished, cutoff) - coalesce(supplement_completed_at - supplement_requested_at, INTERVAL 0 SECOND)
             <= due THEN NULL
        WHEN finished IS NULL THEN 'open_overdue'
        ELSE 'late'
    END AS late_reason
FROM e;
