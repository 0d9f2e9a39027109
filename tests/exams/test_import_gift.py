"""GIFT import checked against Moodle's reader, on a Moodle-style export authored for these tests
(tests/data/qbank/moodle_export.txt) and on small inline files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.exams import gift, qdata
from cchc.exams.qdata import MULTIPLE, SINGLE, TRUEFALSE
from tests.helpers import line_of as _line

DATA = Path(__file__).resolve().parents[1] / "data" / "qbank"


@pytest.fixture(scope="module")
def export():
    raw = (DATA / "moodle_export.txt").read_bytes()
    return raw.decode("utf-8"), qdata.read_bank(raw, "moodle_export.txt")


def _by_title(result, title):
    return next(q for q in result.questions if q.title == title)


def test_gift_named_txt_is_read_as_gift_by_content(export):
    text, r = export
    assert r.fmt == "gift"
    assert qdata.detect_format(text.encode(), "ngan-hang.txt") == "gift"
    assert qdata.detect_format("Câu?\nA. x\nB. y\nANSWER: A\n".encode(), "bank.gift") == "aiken"
    assert qdata.detect_format(b"plain words only", "x.txt") == ""


def test_equals_option_makes_single_answer_and_partial_credit_is_kept_as_a_weight(export):
    text, r = export
    q = _by_title(r, "TTHC-01")
    assert q.kind == SINGLE
    assert [(o.text, o.correct, o.weight) for o in q.options] == [
        ("Hà Nội", True, None), ("Thăng Long", False, 50.0), ("Huế", False, None)]
    assert not [e for e in r.warnings if "Thăng Long" in e.message]
    # exported as written, so Moodle (and we) read the same partial credit back
    again = gift.parse_gift(gift.export_gift([q]))
    assert [(o.correct, o.weight) for o in again.questions[0].options] == [(True, None), (False, 50.0), (False, None)]


def test_per_answer_feedback_is_kept(export):
    _, r = export
    q = _by_title(r, "TTHC-01")
    assert [o.feedback for o in q.options] == ["Đúng, Hà Nội là Thủ đô.", "Tên cũ của Hà Nội.", "Huế là cố đô."]
    tf = _by_title(r, "TTHC-04")
    assert tf.kind == TRUEFALSE and tf.options[0].correct
    # {TRUE#feedback when wrong#feedback when right}: "Đúng" is the right answer
    assert [(o.text, o.feedback) for o in tf.options] == [
        ("Đúng", "Chính xác."), ("Sai", "Chưa đúng: xem Nghị định 61/2018/NĐ-CP.")]
    assert tf.explanation == "Điều 3 Nghị định 61/2018/NĐ-CP."


def test_html_question_becomes_plain_text_and_format_tags_on_options_are_removed(export):
    _, r = export
    q1 = _by_title(r, "TTHC-01")
    assert q1.text == "Thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam là thành phố nào?"
    q2 = _by_title(r, "TTHC-02")
    assert [o.text for o in q2.options] == ["vàng", "đỏ", "xanh"]
    assert not any("<" in q.text or "&nbsp;" in q.text or "[plain]" in o.text
                   for q in r.questions for o in q.options)


def test_pluginfile_image_is_warned_on_its_question(export):
    text, r = export
    q = _by_title(r, "TTHC-03")
    assert q.text == "Quan sát sơ đồ quy trình sau:\n[Sơ đồ quy trình]\nBước đầu tiên là gì?"
    w = [e for e in r.warnings if "hình ảnh" in e.message]
    assert [(e.line, "so-do quy-trinh.png" in e.message) for e in w] == [(_line(text, "::TTHC-03::"), True)]


def test_tilde_equals_and_whitespace_variants_are_correct_options(export):
    _, r = export
    q3 = _by_title(r, "TTHC-03")
    assert q3.kind == SINGLE
    assert [(o.text, o.correct) for o in q3.options] == [
        ("Tiếp nhận hồ sơ", True), ("Thẩm định hồ sơ", False), ("Trả kết quả", False)]
    q6 = _by_title(r, "TTHC-06")
    assert [(o.text, o.correct) for o in q6.options] == [("Quốc hội", True), ("Chính phủ", False),
                                                           ("Bộ Tư pháp", False)]
    inline = gift.parse_gift("Câu {~=đúng ~sai}\n\nCâu hai {~ = đúng\n~ sai\n~  %0%  cũng sai}\n")
    assert inline.errors == []
    assert [[(o.text, o.correct) for o in q.options] for q in inline.questions] == [
        [("đúng", True), ("sai", False)], [("đúng", True), ("sai", False), ("cũng sai", False)]]


def test_weighted_options_without_equals_are_multiple_answer(export):
    _, r = export
    q = _by_title(r, "TTHC-05")
    assert q.kind == MULTIPLE and [o.correct for o in q.options] == [True, True, False]
    assert [o.weight for o in q.options] == [None, None, None]  # equal shares: the default rule, nothing stored
    uneven = gift.parse_gift("Chọn các đáp án {~%70%A ~%30%B ~%-100%C}\n")
    assert uneven.questions[0].kind == MULTIPLE and [(o.correct, o.weight) for o in uneven.questions[0].options] == [
        (True, 70.0), (True, 30.0), (False, -100.0)]
    assert uneven.warnings == []
    short = gift.parse_gift("Chọn {~%40%A ~%40%B ~%0%C}\n")
    assert [w.message for w in short.warnings if "nhỏ hơn 100%" in w.message]


def test_escapes_missing_word_and_titles(export):
    _, r = export
    q8 = _by_title(r, "KS-08")
    assert q8.text == "Cặp ký hiệu { } trong GIFT dùng để làm gì?"
    assert [o.text for o in q8.options] == ["Bao phần đáp án", "Ghi chú = chú thích", "Tiêu đề :: câu hỏi"]
    q7 = _by_title(r, "TTHC-07")
    assert q7.text == "Cơ quan chủ trì tham mưu cải cách hành chính cấp tỉnh là _____ của UBND tỉnh."


def test_unsupported_types_are_refused_on_their_line_with_the_type_named(export):
    text, r = export
    got = {e.line: e.message for e in r.errors}
    assert "dạng số" in got[_line(text, "::KS-02::")]
    assert "ghép cặp" in got[_line(text, "::KS-03::")]
    assert "trả lời ngắn" in got[_line(text, "::KS-04::")]
    assert "tự luận" in got[_line(text, "::KS-05::")]
    assert "mô tả" in got[_line(text, "::KS-06::")]
    assert "nhiều phương án «=»" in got[_line(text, "::KS-10::")]
    assert next(e for e in r.errors if "dạng số" in e.message).excerpt.startswith("::KS-02::Nghị định 61/2018")
    refused = {"KS-02", "KS-03", "KS-04", "KS-05", "KS-06", "KS-10"}
    assert not refused & {q.title for q in r.questions}
    assert len(r.questions) == 11


def test_options_differing_only_in_tone_marks_are_not_duplicates(export):
    _, r = export
    q = _by_title(r, "KS-07")
    assert [o.text for o in q.options] == ["Bộ", "Bố", "Bồ"]
    dup = gift.parse_gift("Câu {=Bộ ~bộ  ~Bố}\n")
    assert dup.questions == [] and "trùng nhau" in dup.errors[0].message and "«Bộ»" in dup.errors[0].message


def test_oi_letter_is_read_as_u_horn(export):
    _, r = export
    assert _by_title(r, "KS-09").text == "Văn bản nào do Thủ tướng Chính phủ ban hành?"
    assert "ƣ" not in "".join(q.text for q in r.questions)


def test_category_is_the_topic_and_comments_blank_lines_are_ignored(export):
    _, r = export
    assert _by_title(r, "TTHC-01").topic == "Cải cách thủ tục hành chính"
    assert _by_title(r, "KS-01").topic == "Kiểm soát TTHC"
    moodle_default = gift.parse_gift("$CATEGORY: $course$/top/Default for CCHC\n\nCâu {=A ~B}\n",
                                     default_topic="procedures")
    assert moodle_default.questions[0].topic == "procedures"


def test_comment_lines_inside_a_question_and_crlf():
    text = "::Q1:: Câu hỏi {\r\n// ghi chú giữa các phương án\r\n=Đúng\r\n~Sai\r\n}\r\n"
    r = gift.parse_gift(text.encode("utf-8"))
    assert r.errors == [] and [o.text for o in r.questions[0].options] == ["Đúng", "Sai"]


def test_file_level_errors_say_whole_file():
    r = gift.parse_gift(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert r.errors[0].line == 0 and str(r.errors[0]).startswith("toàn tệp:")
    assert str(qdata.LineError(4, "x", "B")) == "dòng 4, cột B: x"


def test_export_keeps_feedback_and_reads_back(export):
    _, r = export
    qs = [q for q in r.questions if q.title in ("TTHC-01", "TTHC-04")]
    back = gift.parse_gift(gift.export_gift(qs))
    assert back.errors == []
    assert [[(o.text, o.correct, o.feedback) for o in q.options] for q in back.questions] == [
        [(o.text, o.correct, o.feedback) for o in q.options] for q in qs]


def test_tcvn3_text_inside_a_utf8_gift_is_converted_with_a_warning():
    from cchc.core.legacy_encoding import TCVN3, from_unicode

    legacy = from_unicode("Văn bản quy phạm pháp luật do cơ quan nào ban hành?", TCVN3)
    assert legacy.startswith("V¨n b¶n")
    options = from_unicode("{=Quốc hội ~Chính phủ}", TCVN3)
    text = f"Câu một {{=Đúng ~Sai}}\n\n{legacy} {options}\n"
    r = gift.parse_gift(text.encode("utf-8"))
    assert r.errors == []
    assert r.questions[1].text == "Văn bản quy phạm pháp luật do cơ quan nào ban hành?"
    assert [o.text for o in r.questions[1].options] == ["Quốc hội", "Chính phủ"]
    w = [e for e in r.warnings if "TCVN3" in e.message]
    assert len(w) == 1 and w[0].line == 0 and "3" in w[0].message.split("Các dòng đã chuyển:")[1]
