"""The answer / no-answer decision: coverage lines and the number check (pure, synthetic)."""

from cchc.knowledge.analysis import parse_query
from cchc.knowledge.ranking import (
    MIN_COVERAGE,
    MIN_COVERAGE_FOCUSED,
    MIN_COVERAGE_NO_NUMBER,
    answer_context,
    answer_type_words,
    asks_for_number,
    best_sentences,
    coverage,
    gives_new_number,
    is_answered,
)


def test_questions_asking_for_an_amount_a_duration_or_a_date_are_recognised_with_and_without_diacritics():
    for q in ("Lệ phí cấp đổi giấy phép lái xe là bao nhiêu?", "le phi cap doi giay phep lai xe la bao nhieu",
              "Thời gian cấp hộ chiếu là mấy ngày?", "thoi gian cap ho chieu la may ngay",
              "mat bao lau de doi so do", "Nghị định có hiệu lực khi nào?", "Hội nghị họp ngày nào?",
              "mau tu danh gia la mau so may"):
        assert asks_for_number(q), q
    for q in ("Ai ký Quyết định 381/QĐ-BTC?", "Sở Nội vụ tham mưu gì về dân chủ ở cơ sở?",
              "Hà Nội có cấp kinh phí cho xã làm hạ tầng máy tính không?",  # "máy", not "mấy"
              "ha noi co cap kinh phi mua may tinh khong", "Vụ thuộc bộ có tư cách pháp nhân không?"):
        assert not asks_for_number(q), q


def test_a_new_number_is_one_the_question_does_not_already_contain():
    q = "Lệ phí cấp đổi giấy phép lái xe năm 2025 là bao nhiêu?"
    assert not gives_new_number("Năm 2025, thủ tục cấp đổi giấy phép lái xe được thực hiện trực tuyến.", q)
    assert gives_new_number("Lệ phí cấp đổi giấy phép lái xe là 135.000 đồng.", q)
    assert gives_new_number("Hồ sơ được giải quyết trong 05 ngày làm việc.", "mất bao lâu")
    assert not gives_new_number("", q)


def test_the_lines_are_ordered_and_the_number_check_only_applies_to_number_questions():
    assert MIN_COVERAGE_FOCUSED < MIN_COVERAGE < MIN_COVERAGE_NO_NUMBER <= 1.0
    assert is_answered(MIN_COVERAGE)
    assert not is_answered(MIN_COVERAGE - 0.01)
    assert is_answered(MIN_COVERAGE_FOCUSED, focused=True)
    assert not is_answered(MIN_COVERAGE_FOCUSED - 0.01, focused=True)
    # a number question answered by sentences with a number: the ordinary line
    assert is_answered(MIN_COVERAGE, asks_number=True, gives_number=True)
    # a number question whose answer sentences give no number: (almost) every word must be covered
    assert not is_answered(0.9, asks_number=True, gives_number=False)
    assert not is_answered(0.9, focused=True, asks_number=True, gives_number=False)
    assert is_answered(1.0, asks_number=True, gives_number=False)


def test_a_fee_question_over_a_passage_on_the_same_procedure_without_a_fee_is_not_answered():
    q = parse_query("Lệ phí cấp đổi giấy phép lái xe ô tô là bao nhiêu?")
    text = "Thủ tục cấp đổi giấy phép lái xe: người đề nghị nộp hồ sơ tại Sở Xây dựng, lệ phí theo quy định."
    cov = coverage(q, text, {}, 100)
    answer = " ".join(text[s.start:s.end] for s in best_sentences(text, q, {}, 100))
    assert MIN_COVERAGE <= cov < MIN_COVERAGE_NO_NUMBER  # most words are there ...
    assert not is_answered(cov, asks_number=True, gives_number=gives_new_number(answer, q.text))  # ... no amount
    with_fee = text.replace("theo quy định", "135.000 đồng")
    answer = " ".join(with_fee[s.start:s.end] for s in best_sentences(with_fee, q, {}, 100))
    assert is_answered(coverage(q, with_fee, {}, 100), asks_number=True, gives_number=gives_new_number(answer, q.text))


def test_the_noun_a_which_question_asks_about_is_not_required_in_the_answer():
    dfs = {"co": 3000, "quan": 2000, "co_quan": 1500, "ly": 900, "phuong": 800, "ly_phuong": 2}
    assert answer_type_words("Muốn đổi mục đích tờ báo thì làm thủ tục ở cơ quan nào?", dfs) == {"co", "quan"}
    assert answer_type_words("Thiết bị đo bụi sẽ được gắn thêm ở những chỗ nào?", dfs) == {"cho"}
    # "lý" + "phường" is not one word: only the noun before "nào"
    assert answer_type_words("Thuế cơ sở 8 quản lý phường nào?", dfs) == {"phuong"}
    assert answer_type_words("Ai ký quyết định?", dfs) == set()
    assert answer_type_words("Nào, bắt đầu thôi", dfs) == set()
    q = parse_query("Muốn đổi mục đích hoạt động của tờ báo thì làm thủ tục ở cơ quan nào?")
    answer = "Thủ tục đề nghị đổi mục đích hoạt động của tờ báo được thực hiện tại Bộ Văn hóa, Thể thao và Du lịch."
    assert coverage(q, answer, dfs, 10000) == 1.0
    assert coverage(q, "Tờ báo đăng tin về hoạt động của cơ quan.", dfs, 10000) < MIN_COVERAGE


def test_document_numbers_and_dates_answer_a_date_question_but_not_an_amount():
    cited = "Kinh phí hỗ trợ tiền điện hộ nghèo thực hiện theo Quyết định số 14/2025/QĐ-TTg ngày 29/5/2025."
    assert not gives_new_number(cited, "Mức hỗ trợ tiền điện cho hộ nghèo mỗi tháng là bao nhiêu?")
    assert gives_new_number(cited, "Quyết định hỗ trợ tiền điện ban hành ngày nào?")
    assert gives_new_number("Mức hỗ trợ là 50.000 đồng/hộ/tháng theo Quyết định 14/2025/QĐ-TTg.",
                            "Mức hỗ trợ tiền điện cho hộ nghèo mỗi tháng là bao nhiêu?")


def test_the_number_may_be_on_the_line_next_to_the_matching_one():
    row = ("STT: 3\nCơ quan chủ trì: Sở Nội vụ\nNội dung nhiệm vụ: Xây dựng kế hoạch cải cách hành chính hằng năm\n"
           "Thời hạn hoàn thành: Trước ngày 15/12 hằng năm\nGhi chú: Báo cáo Ủy ban nhân dân tỉnh")
    s = row.index("Nội dung")
    context = answer_context(row, [(s, row.index("\n", s))])
    assert "15/12" in context and "STT" not in context and "Ghi chú" not in context
    assert gives_new_number(context, "Kế hoạch cải cách hành chính hằng năm ban hành trước ngày nào?")
    assert answer_context(row, []) == ""
