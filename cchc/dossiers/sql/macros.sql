-- Readers for the text a one-stop system exports (ISO or Vietnamese dd/mm/yyyy dates, có/không flags, ...).
CREATE OR REPLACE TEMP MACRO blank(x) AS x IS NULL OR trim(x) = '';
CREATE OR REPLACE TEMP MACRO vn_ts(x) AS CASE WHEN blank(x) THEN NULL ELSE coalesce(
    try_cast(trim(x) AS TIMESTAMP),
    try_strptime(trim(x), ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M',
                           '%d-%m-%Y'])) END;
CREATE OR REPLACE TEMP MACRO vn_bool(x) AS CASE
    WHEN blank(x) THEN NULL
    WHEN lower(trim(x)) IN ('1', 'true', 't', 'yes', 'y', 'x', 'có', 'co', 'đúng') THEN true
    WHEN lower(trim(x)) IN ('0', 'false', 'f', 'no', 'n', 'không', 'khong', 'sai') THEN false END;
CREATE OR REPLACE TEMP MACRO vn_channel(x) AS CASE
    WHEN lower(trim(x)) IN ('1', 'trực tiếp', 'truc tiep') THEN 1
    WHEN lower(trim(x)) IN ('2', 'trực tuyến', 'truc tuyen') THEN 2
    WHEN lower(trim(x)) IN ('3', 'bưu chính', 'buu chinh', 'bưu chính công ích') THEN 3 END;
CREATE OR REPLACE TEMP MACRO vn_status(x) AS CASE
    WHEN lower(trim(x)) IN ('done', 'đã xử lý xong', 'xử lý xong', 'hoàn thành') THEN 'done'
    WHEN lower(trim(x)) IN ('returned', 'đã trả kết quả', 'trả kết quả') THEN 'returned'
    WHEN lower(trim(x)) IN ('stopped', 'dừng xử lý', 'dừng') THEN 'stopped'
    WHEN lower(trim(x)) IN ('rejected', 'từ chối', 'từ chối tiếp nhận') THEN 'rejected'
    WHEN lower(trim(x)) IN ('withdrawn', 'công dân rút', 'rút hồ sơ', 'rút') THEN 'withdrawn'
    WHEN lower(trim(x)) IN ('open', 'đang xử lý', 'chờ bổ sung') THEN 'open' END;
CREATE OR REPLACE TEMP MACRO vn_rating(x) AS CASE
    WHEN lower(trim(x)) IN ('like', 'hài lòng', 'rất hài lòng', '1') THEN 'like'
    WHEN lower(trim(x)) IN ('dislike', 'không hài lòng', '0') THEN 'dislike' END;
-- 1.234.567 (Vietnamese thousands) or 1234567.5 / 1234567,5
CREATE OR REPLACE TEMP MACRO vn_num(x) AS CASE WHEN blank(x) THEN NULL
    WHEN regexp_full_match(trim(x), '\d{1,3}(\.\d{3})+(,\d+)?')
        THEN try_cast(replace(replace(trim(x), '.', ''), ',', '.') AS DOUBLE)
    ELSE try_cast(replace(trim(x), ',', '.') AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO vn_paid(x) AS CASE
    WHEN lower(trim(x)) IN ('0', 'false', 'không') THEN 0
    WHEN lower(trim(x)) IN ('1', 'true', 'có', 'dvcqg') THEN 1
    WHEN lower(trim(x)) IN ('2', 'local', 'cổng tỉnh') THEN 2 END;
CREATE OR REPLACE TEMP MACRO semis(x) AS
    list_filter(list_transform(string_split(coalesce(x, ''), ';'), lambda v: trim(v)), lambda v: v <> '');
-- The periods a dossier belongs to within [s, e): the whole range (pkey '') and each month from the month it was
-- received to the month it was finished (or the last month), clipped to the range (scope.sql, monthly figures).
CREATE OR REPLACE TEMP MACRO with_months(received_at, finished_at, s, e) AS list_concat(
    [{'pkey': '', 'p_start': s, 'p_end': e}],
    list_transform(
        generate_series(greatest(CAST(date_trunc('month', received_at) AS TIMESTAMP), s),
                        least(CAST(date_trunc('month', coalesce(finished_at, e - INTERVAL 1 DAY)) AS TIMESTAMP),
                              e - INTERVAL 1 MONTH),
                        INTERVAL 1 MONTH),
        lambda m: {'pkey': strftime(m, '%Y-%m'), 'p_start': m, 'p_end': m + INTERVAL 1 MONTH}));
