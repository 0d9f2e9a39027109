-- One row of the source (all text, canonical names, _row = row number in the file) -> typed values (v_*), one flag
-- per problem (bad_*), _bad, and _errors: the problems of a bad row as "column|message" (NULL for a good row).
-- Columns the source already types (Parquet TIMESTAMP, BOOLEAN, numbers) come as <name>__t
-- with the text NULL, so nothing is parsed twice. A bad row is never written; the import reports it.
CREATE OR REPLACE TEMP VIEW parsed AS
WITH s AS (
    SELECT *, semis(supplement_requested_at) AS sreq, semis(supplement_completed_at) AS scomp FROM src
), t AS (
    SELECT *,
        nullif(trim(dossier_id), '') AS v_dossier_id,
        nullif(trim(unit_id), '') AS v_unit_id,
        nullif(trim(tthc_code), '') AS v_tthc_code,
        vn_channel(channel) AS v_channel,
        coalesce(received_at__t, vn_ts(received_at)) AS v_received_at,
        coalesce(due_at__t, vn_ts(due_at)) AS v_due_at,
        coalesce(finished_at__t, vn_ts(finished_at)) AS v_finished_at,
        vn_status(end_status) AS v_end_status,
        coalesce(legal_days__t, vn_num(legal_days)) AS v_legal_days,
        CASE WHEN len(sreq) > 0 THEN list_transform(sreq, lambda v: vn_ts(v)) ELSE [] END AS sreq_ts,
        CASE WHEN len(scomp) > 0 THEN list_transform(scomp, lambda v: vn_ts(v)) ELSE [] END AS scomp_ts,
        coalesce(tthc_requires_paper_result__t, vn_bool(tthc_requires_paper_result)) AS v_tthc_requires_paper_result,
        coalesce(input_files_attached__t, vn_bool(input_files_attached)) AS v_input_files_attached,
        coalesce(reused_digital_data__t, vn_bool(reused_digital_data)) AS v_reused_digital_data,
        coalesce(from_personal_store__t, vn_bool(from_personal_store)) AS v_from_personal_store,
        coalesce(vneid_authenticated__t, vn_bool(vneid_authenticated)) AS v_vneid_authenticated,
        coalesce(fee_amount__t, vn_num(fee_amount)) AS v_fee_amount,
        vn_paid(paid_online) AS v_paid_online,
        vn_rating(rating) AS v_rating,
        coalesce(has_complaint__t, vn_bool(has_complaint)) AS v_has_complaint,
        coalesce(synced_to_dvcqg__t, vn_bool(synced_to_dvcqg)) AS v_synced_to_dvcqg
    FROM s
), f AS (
    SELECT *,
        v_finished_at IS NULL AND NOT blank(finished_at) AS bad_finished_text,
        coalesce(v_finished_at < v_received_at, false) AS bad_finished_order,
        len(sreq) > 0 AND coalesce(list_bool_or(list_transform(sreq_ts, lambda v: v IS NULL)), false) AS bad_sreq,
        len(scomp) > 0 AND coalesce(list_bool_or(list_transform(scomp_ts, lambda v: v IS NULL)), false) AS bad_scomp_text,
        len(scomp) > len(sreq) AS bad_scomp_count,
        len(scomp) > 0 AND len(scomp) <= len(sreq)
            AND coalesce(list_bool_or(list_transform(range(1, len(scomp) + 1),
                                                   lambda i: coalesce(scomp_ts[i] < sreq_ts[i], false))), false)
            AS bad_scomp_order,
        (v_legal_days IS NULL AND NOT blank(legal_days)) OR coalesce(v_legal_days < 0, false) AS bad_legal_days,
        (v_fee_amount IS NULL AND NOT blank(fee_amount)) OR coalesce(v_fee_amount < 0, false) AS bad_fee
    FROM t
), g AS (
    SELECT *,
        coalesce(v_dossier_id IS NULL OR v_unit_id IS NULL OR v_received_at IS NULL
            OR (v_due_at IS NULL AND NOT blank(due_at)) OR bad_finished_text OR bad_finished_order
            OR (v_channel IS NULL AND NOT blank(channel)) OR (v_end_status IS NULL AND NOT blank(end_status))
            OR bad_legal_days OR bad_sreq OR bad_scomp_text OR bad_scomp_count OR bad_scomp_order
            OR (v_tthc_requires_paper_result IS NULL AND NOT blank(tthc_requires_paper_result))
            OR (v_input_files_attached IS NULL AND NOT blank(input_files_attached))
            OR (v_reused_digital_data IS NULL AND NOT blank(reused_digital_data))
            OR (v_from_personal_store IS NULL AND NOT blank(from_personal_store))
            OR (v_vneid_authenticated IS NULL AND NOT blank(vneid_authenticated))
            OR bad_fee OR (v_paid_online IS NULL AND NOT blank(paid_online))
            OR (v_rating IS NULL AND NOT blank(rating)) OR (v_has_complaint IS NULL AND NOT blank(has_complaint))
            OR (v_synced_to_dvcqg IS NULL AND NOT blank(synced_to_dvcqg)), true) AS _bad
    FROM f
)
SELECT
    _row, _bad,
    v_dossier_id AS dossier_id, v_unit_id AS unit_id, v_tthc_code AS tthc_code, v_channel AS channel,
    v_received_at AS received_at, v_due_at AS due_at, v_finished_at AS finished_at, v_end_status AS end_status,
    v_legal_days AS legal_days,
    len(sreq) AS supplement_count,
    sreq_ts[1] AS supplement_requested_at,
    scomp_ts[1] AS supplement_completed_at,
    CASE WHEN len(scomp_ts) = 0 THEN 0 ELSE CAST(list_sum(list_transform(range(1, len(scomp_ts) + 1),
        lambda i: epoch(scomp_ts[i]) - epoch(sreq_ts[i]))) AS BIGINT) END AS supplement_seconds,
    NOT blank(result_file_url) AS has_result_file,
    v_tthc_requires_paper_result AS tthc_requires_paper_result, v_input_files_attached AS input_files_attached,
    v_reused_digital_data AS reused_digital_data, v_from_personal_store AS from_personal_store,
    v_vneid_authenticated AS vneid_authenticated, v_fee_amount AS fee_amount, v_paid_online AS paid_online,
    v_rating AS rating, v_has_complaint AS has_complaint, v_synced_to_dvcqg AS synced_to_dvcqg,
    CASE WHEN _bad THEN list_filter([
        CASE WHEN v_dossier_id IS NULL THEN 'dossier_id|thiếu mã hồ sơ' END,
        CASE WHEN v_unit_id IS NULL THEN 'unit_id|thiếu mã đơn vị' END,
        CASE WHEN blank(received_at) THEN 'received_at|thiếu ngày tiếp nhận'
             WHEN v_received_at IS NULL THEN 'received_at|không đọc được ngày giờ "' || received_at || '"' END,
        CASE WHEN v_due_at IS NULL AND NOT blank(due_at) THEN 'due_at|không đọc được ngày giờ "' || due_at || '"' END,
        CASE WHEN bad_finished_text THEN 'finished_at|không đọc được ngày giờ "' || finished_at || '"'
             WHEN bad_finished_order THEN 'finished_at|ngày kết thúc trước ngày tiếp nhận' END,
        CASE WHEN v_channel IS NULL AND NOT blank(channel)
             THEN 'channel|hình thức nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính), không phải "'
                  || channel || '"' END,
        CASE WHEN v_end_status IS NULL AND NOT blank(end_status)
             THEN 'end_status|trạng thái không rõ: "' || end_status || '"' END,
        CASE WHEN bad_legal_days THEN 'legal_days|không phải số ngày: "' || legal_days || '"' END,
        CASE WHEN bad_sreq
             THEN 'supplement_requested_at|không đọc được ngày giờ trong "' || supplement_requested_at || '"' END,
        CASE WHEN bad_scomp_text
             THEN 'supplement_completed_at|không đọc được ngày giờ trong "' || supplement_completed_at || '"'
             WHEN bad_scomp_count THEN 'supplement_completed_at|nhiều lần bổ sung xong hơn số lần yêu cầu bổ sung'
             WHEN bad_scomp_order THEN 'supplement_completed_at|ngày bổ sung xong trước ngày yêu cầu bổ sung' END,
        CASE WHEN v_tthc_requires_paper_result IS NULL AND NOT blank(tthc_requires_paper_result)
             THEN 'tthc_requires_paper_result|phải là có/không (1/0)' END,
        CASE WHEN v_input_files_attached IS NULL AND NOT blank(input_files_attached)
             THEN 'input_files_attached|phải là có/không (1/0)' END,
        CASE WHEN v_reused_digital_data IS NULL AND NOT blank(reused_digital_data)
             THEN 'reused_digital_data|phải là có/không (1/0)' END,
        CASE WHEN v_from_personal_store IS NULL AND NOT blank(from_personal_store)
             THEN 'from_personal_store|phải là có/không (1/0)' END,
        CASE WHEN v_vneid_authenticated IS NULL AND NOT blank(vneid_authenticated)
             THEN 'vneid_authenticated|phải là có/không (1/0)' END,
        CASE WHEN bad_fee THEN 'fee_amount|không phải số tiền: "' || fee_amount || '"' END,
        CASE WHEN v_paid_online IS NULL AND NOT blank(paid_online)
             THEN 'paid_online|phải là 0, 1 (Cổng DVCQG) hoặc 2 (cổng thanh toán của tỉnh)' END,
        CASE WHEN v_rating IS NULL AND NOT blank(rating)
             THEN 'rating|đánh giá phải là hài lòng / không hài lòng, không phải "' || rating || '"' END,
        CASE WHEN v_has_complaint IS NULL AND NOT blank(has_complaint)
             THEN 'has_complaint|phải là có/không (1/0)' END,
        CASE WHEN v_synced_to_dvcqg IS NULL AND NOT blank(synced_to_dvcqg)
             THEN 'synced_to_dvcqg|phải là có/không (1/0)' END
    ], lambda e: e IS NOT NULL) END AS _errors  -- built for the bad rows only
FROM g;
