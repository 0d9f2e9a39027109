-- Numerators and denominators of the 766 indicators a dossier table can give, per unit (domain notes §3b/§3c).
-- "recv" = received in the period; 2.1 also counts carried-over dossiers.
SELECT
    $group AS unit_id, pkey,
    count(*) FILTER (WHERE received_in_period)                                              AS received,
    count(*) FILTER (WHERE NOT received_in_period)                                          AS carried_over,
    count(*) FILTER (WHERE received_in_period AND coalesce(synced_to_dvcqg, false))         AS synced,
    -- 2.1 on time = dossiers of the period with no late reason / dossiers of the period
    count(*) FILTER (WHERE counted_21 AND late_reason IS NULL)                              AS n21,
    count(*) FILTER (WHERE counted_21)                                                      AS d21,
    count(*) FILTER (WHERE due IS NULL AND end_status IS DISTINCT FROM 'withdrawn')         AS no_due_21,
    -- 2.2 mean processing days of dossiers finished in the period (citizen supplement time taken out)
    sum((epoch(finished - received_at) - coalesce(supplement_seconds, 0)) / 86400.0)
        FILTER (WHERE finished >= p_start)                                                   AS n22,
    count(*) FILTER (WHERE finished >= p_start)                                              AS d22,
    -- 3.3 online dossiers (channel 2, and an e-result when the TTHC returns a paper result) / received
    count(*) FILTER (WHERE received_in_period AND channel = 2
                     AND (NOT coalesce(tthc_requires_paper_result, false) OR has_result_file)) AS n33,
    -- 3.6 paid online (1 DVCQG, 2 local gateway) / dossiers with a fee
    count(*) FILTER (WHERE received_in_period AND fee_amount > 0 AND paid_online IN (1, 2)) AS n36,
    count(*) FILTER (WHERE received_in_period AND fee_amount > 0)                           AS d36,
    -- 4.1 e-result / dossiers of TTHC returning a paper result
    count(*) FILTER (WHERE received_in_period AND tthc_requires_paper_result AND has_result_file) AS n41,
    count(*) FILTER (WHERE received_in_period AND tthc_requires_paper_result)               AS d41,
    -- 4.2 digitised inputs and (e-result when a paper result is due) / received
    count(*) FILTER (WHERE received_in_period AND input_files_attached
                     AND (NOT coalesce(tthc_requires_paper_result, false) OR has_result_file)) AS n42,
    count(*) FILTER (WHERE received_in_period AND reused_digital_data)                      AS n43,
    count(*) FILTER (WHERE received_in_period AND from_personal_store)                      AS n44,
    count(*) FILTER (WHERE received_in_period AND vneid_authenticated)                      AS n45b,
    -- 5.4 complaints or "dislike" ratings among received (overdue share comes from 2.1)
    count(*) FILTER (WHERE received_in_period AND (coalesce(has_complaint, false) OR rating = 'dislike')) AS n54
FROM period_dossiers
GROUP BY ALL
ORDER BY 1, 2;
