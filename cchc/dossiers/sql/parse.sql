-- One row of the source (all text, canonical names, _row = row number in the file) -> typed values + the list of
-- problems of that row ("column|message"). A row with problems is never written; the import reports it.
CREATE OR REPLACE TEMP VIEW parsed AS
WITH s AS (
    SELECT *, semis(supplement_requested_at) AS sreq, semis(supplement_completed_at) AS scomp FROM src
), t AS (
    SELECT
        _row,
        nullif(trim(dossier_id), '') AS dossier_id,
        nullif(trim(unit_id), '') AS unit_id,
        nullif(trim(tthc_code), '') AS tthc_code,
        vn_channel(channel) AS channel,
        vn_ts(received_at) AS received_at,
        vn_ts(due_at) AS due_at,
        vn_ts(finished_at) AS finished_at,
        vn_status(end_status) AS end_status,
        vn_num(legal_days) AS legal_days,
        len(sreq) AS supplement_count,
        vn_ts(sreq[1]) AS supplement_requested_at,
        vn_ts(scomp[1]) AS supplement_completed_at,
        list_sum(list_transform(range(1, len(scomp) + 1),
                                lambda i: epoch(vn_ts(scomp[i])) - epoch(vn_ts(sreq[i])))) AS supplement_seconds,
        NOT blank(result_file_url) AS has_result_file,
        vn_bool(tthc_requires_paper_result) AS tthc_requires_paper_result,
        vn_bool(input_files_attached) AS input_files_attached,
        vn_bool(reused_digital_data) AS reused_digital_data,
        vn_bool(from_personal_store) AS from_personal_store,
        vn_bool(vneid_authenticated) AS vneid_authenticated,
        vn_num(fee_amount) AS fee_amount,
        vn_paid(paid_online) AS paid_online,
        vn_rating(rating) AS rating,
        vn_bool(has_complaint) AS has_complaint,
        vn_bool(synced_to_dvcqg) AS synced_to_dvcqg,
        list_filter([
            CASE WHEN blank(dossier_id) THEN 'dossier_id|thiếu mã hồ sơ' END,
            CASE WHEN blank(unit_id) THEN 'unit_id|thiếu mã đơn vị' END,
            CASE WHEN blank(received_at) THEN 'received_at|thiếu ngày tiếp nhận'
                 WHEN vn_ts(received_at) IS NULL THEN 'received_at|không đọc được ngày giờ "' || received_at || '"' END,
            CASE WHEN NOT blank(due_at) AND vn_ts(due_at) IS NULL
                 THEN 'due_at|không đọc được ngày giờ "' || due_at || '"' END,
            CASE WHEN NOT blank(finished_at) AND vn_ts(finished_at) IS NULL
                 THEN 'finished_at|không đọc được ngày giờ "' || finished_at || '"'
                 WHEN vn_ts(finished_at) < vn_ts(received_at)
                 THEN 'finished_at|ngày kết thúc trước ngày tiếp nhận' END,
            CASE WHEN NOT blank(channel) AND vn_channel(channel) IS NULL
                 THEN 'channel|hình thức nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính), không phải "'
                      || channel || '"' END,
            CASE WHEN NOT blank(end_status) AND vn_status(end_status) IS NULL
                 THEN 'end_status|trạng thái không rõ: "' || end_status || '"' END,
            CASE WHEN NOT blank(legal_days) AND (vn_num(legal_days) IS NULL OR vn_num(legal_days) < 0)
                 THEN 'legal_days|không phải số ngày: "' || legal_days || '"' END,
            CASE WHEN len(list_filter(sreq, lambda v: vn_ts(v) IS NULL)) > 0
                 THEN 'supplement_requested_at|không đọc được ngày giờ trong "' || supplement_requested_at || '"' END,
            CASE WHEN len(list_filter(scomp, lambda v: vn_ts(v) IS NULL)) > 0
                 THEN 'supplement_completed_at|không đọc được ngày giờ trong "' || supplement_completed_at || '"'
                 WHEN len(scomp) > len(sreq)
                 THEN 'supplement_completed_at|nhiều lần bổ sung xong hơn số lần yêu cầu bổ sung'
                 WHEN len(list_filter(range(1, len(scomp) + 1), lambda i: vn_ts(scomp[i]) < vn_ts(sreq[i]))) > 0
                 THEN 'supplement_completed_at|ngày bổ sung xong trước ngày yêu cầu bổ sung' END,
            CASE WHEN NOT blank(tthc_requires_paper_result) AND vn_bool(tthc_requires_paper_result) IS NULL
                 THEN 'tthc_requires_paper_result|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(input_files_attached) AND vn_bool(input_files_attached) IS NULL
                 THEN 'input_files_attached|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(reused_digital_data) AND vn_bool(reused_digital_data) IS NULL
                 THEN 'reused_digital_data|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(from_personal_store) AND vn_bool(from_personal_store) IS NULL
                 THEN 'from_personal_store|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(vneid_authenticated) AND vn_bool(vneid_authenticated) IS NULL
                 THEN 'vneid_authenticated|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(fee_amount) AND (vn_num(fee_amount) IS NULL OR vn_num(fee_amount) < 0)
                 THEN 'fee_amount|không phải số tiền: "' || fee_amount || '"' END,
            CASE WHEN NOT blank(paid_online) AND vn_paid(paid_online) IS NULL
                 THEN 'paid_online|phải là 0, 1 (Cổng DVCQG) hoặc 2 (cổng thanh toán của tỉnh)' END,
            CASE WHEN NOT blank(rating) AND vn_rating(rating) IS NULL
                 THEN 'rating|đánh giá phải là hài lòng / không hài lòng, không phải "' || rating || '"' END,
            CASE WHEN NOT blank(has_complaint) AND vn_bool(has_complaint) IS NULL
                 THEN 'has_complaint|phải là có/không (1/0)' END,
            CASE WHEN NOT blank(synced_to_dvcqg) AND vn_bool(synced_to_dvcqg) IS NULL
                 THEN 'synced_to_dvcqg|phải là có/không (1/0)' END
        ], lambda e: e IS NOT NULL) AS _errors
    FROM s
)
SELECT * FROM t;
