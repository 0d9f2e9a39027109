"""Aiken and Excel question banks: Moodle's option spellings, legacy encodings, Excel cell types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cchc.core.legacy_encoding import TCVN3, from_unicode
from cchc.exams import aiken, qdata, sheet
from cchc.exams.qdata import SINGLE
from tests.helpers import line_of as _line
from tests.helpers import xlsx as _xlsx

DATA = Path(__file__).resolve().parents[1] / "data" / "qbank"


def test_aiken_options_without_space_after_the_mark():
    raw = (DATA / "aiken_no_space.txt").read_bytes()
    text = raw.decode("utf-8")
    r = qdata.read_bank(raw, "aiken_no_space.txt")
    assert r.fmt == "aiken"
    assert [[(o.text, o.correct) for o in q.options] for q in r.questions] == [
        [("Đúng", True), ("Sai", False)],
        [("Sở Nội vụ", True), ("Sở Tư pháp", False), ("Văn phòng UBND tỉnh", False)],
        [("2021", True), ("2022", False)]]
    assert all(q.kind == SINGLE for q in r.questions)
    assert [q.line for q in r.questions] == [_line(text, "liên thông"), _line(text, "thường trực"),
                                             _line(text, "76/NQ-CP")]
    # the one real problem is reported on its ANSWER line, not as a misleading option-order error
    assert [(e.line, e.message) for e in r.errors] == [
        (_line(text, "ANSWER: E"), "Đáp án «E» không có trong các phương án.")]
    assert r.questions[2].text.startswith("Thủ tướng")  # "ƣ" normalised


def test_aiken_question_text_starting_like_an_option_continues_the_question():
    r = aiken.parse_aiken("Theo quy định tại\nQ.1 của Luật, cơ quan nào?\nA)Quốc hội\nB)Chính phủ\nANSWER: A\n")
    assert r.errors == [] and r.questions[0].text == "Theo quy định tại\nQ.1 của Luật, cơ quan nào?"
    skipped = aiken.parse_aiken("Câu hỏi?\nB. x\nC. y\nANSWER: B\n")
    assert skipped.errors[0].line == 2 and "cần «A»" in skipped.errors[0].message


def test_aiken_answer_spellings():
    r = aiken.parse_aiken("Câu hỏi?\nA) Một\nB) Hai\nANSWER: B.\n\nCâu khác?\na. x\nb. y\nĐÁP ÁN: a\n")
    assert r.errors == []
    assert [[o.correct for o in q.options] for q in r.questions] == [[False, True], [True, False]]


def test_aiken_tcvn3_text_in_utf8_is_converted_with_a_warning():
    stem = from_unicode("Văn bản quy phạm pháp luật nào có hiệu lực cao nhất?", TCVN3)
    opts = [from_unicode(t, TCVN3) for t in ("Hiến pháp", "Nghị định")]
    text = f"Câu một?\nA. Đúng\nB. Sai\nANSWER: A\n\n{stem}\nA. {opts[0]}\nB. {opts[1]}\nANSWER: A\n"
    r = aiken.parse_aiken(text.encode("utf-8"))
    assert r.errors == []
    q = r.questions[1]
    assert q.text == "Văn bản quy phạm pháp luật nào có hiệu lực cao nhất?"
    assert [o.text for o in q.options] == ["Hiến pháp", "Nghị định"]
    assert len(r.warnings) == 1 and r.warnings[0].line == 0 and "TCVN3" in r.warnings[0].message


def test_aiken_in_a_cp1258_style_legacy_file_is_converted():
    stem = from_unicode("Cơ quan nào thẩm định thủ tục hành chính?", TCVN3)
    text = f"{stem}\nA. Së T­ ph¸p\nB. Së Néi vô\nANSWER: A\n"
    r = aiken.parse_aiken(text.encode("cp1252", errors="replace"))
    assert r.errors == [] and r.questions[0].text == "Cơ quan nào thẩm định thủ tục hành chính?"
    assert [o.text for o in r.questions[0].options] == ["Sở Tư pháp", "Sở Nội vụ"]
    assert any("TCVN3" in w.message for w in r.warnings)


def test_excel_date_cells_are_dd_mm_yyyy_and_decimals_use_a_comma():
    data = _xlsx([sheet.HEADERS,
                  ["", "procedures", "", "", "Nghị định 61/2018/NĐ-CP có hiệu lực từ ngày nào?",
                   dt.datetime(2018, 6, 21), dt.date(2014, 7, 1), "", "", "", "", "A", "", ""],
                  ["", "procedures", "", "", "Tỷ lệ tối thiểu là bao nhiêu?", 0.5, 1.25, 2, "", "", "", "C", "", ""]])
    r = sheet.read_xlsx(data)
    assert r.errors == []
    assert [o.text for o in r.questions[0].options] == ["21/06/2018", "01/07/2014"]
    assert [o.text for o in r.questions[1].options] == ["0,5", "1,25", "2"]


def test_excel_tcvn3_cells_are_converted_with_the_rows_named():
    legacy = from_unicode("Văn bản quy phạm pháp luật do cơ quan nào ban hành?", TCVN3)
    data = _xlsx([sheet.HEADERS,
                  ["", "procedures", "", "", "Câu hỏi Unicode?", "Đúng", "Sai", "", "", "", "", "A", "", ""],
                  ["", "procedures", "", "", legacy, from_unicode("Quốc hội", TCVN3),
                   from_unicode("Chính phủ", TCVN3), "", "", "", "", "A", "", ""]])
    r = sheet.read_xlsx(data)
    assert r.errors == []
    assert r.questions[1].text == "Văn bản quy phạm pháp luật do cơ quan nào ban hành?"
    assert [o.text for o in r.questions[1].options] == ["Quốc hội", "Chính phủ"]
    assert len(r.warnings) == 1 and "TCVN3" in r.warnings[0].message and "3" in r.warnings[0].message


def test_excel_options_differing_in_tone_marks_and_oi_letter():
    data = _xlsx([sheet.HEADERS,
                  ["", "procedures", "", "", "Cơ quan của Thủ tƣớng?", "Bộ", "Bố", "", "", "", "", "A", "", ""]])
    r = sheet.read_xlsx(data)
    assert r.errors == [] and r.questions[0].text == "Cơ quan của Thủ tướng?"
    assert [o.text for o in r.questions[0].options] == ["Bộ", "Bố"]


def test_excel_file_level_problem_is_whole_file():
    r = sheet.read_xlsx(b"PK\x03\x04 not really")
    assert r.errors[0].line == 0 and r.errors[0].where == "toàn tệp"
    assert qdata.read_bank(b"\x00\x01binary", "x.bin").errors[0].where == "toàn tệp"


def test_the_level_is_read_one_way_in_aiken_and_the_sheet():
    """Issue 9: Aiken's ``MỨC ĐỘ:`` and the sheet's "Mức độ" column share qdata.set_difficulty: a known level is
    kept, an unknown one is an error on its line with the same message (the sheet also leaves its row out)."""
    text = "Câu một?\nA. x\nB. y\nANSWER: A\nMỨC ĐỘ: khó\n\nCâu hai?\nA. x\nB. y\nANSWER: B\nMỨC ĐỘ: rất khó\n"
    r = aiken.parse_aiken(text)
    assert [(q.text, q.difficulty) for q in r.questions] == [("Câu một?", "hard"), ("Câu hai?", "medium")]
    assert [(e.line, e.column, e.message) for e in r.errors] == [
        (11, "MỨC ĐỘ", "Mức độ không hợp lệ: «rất khó» (dễ, trung bình, khó).")]
    r = sheet.read_xlsx(_xlsx([sheet.HEADERS,
                               ["", "procedures", "", "khó", "Câu một?", "x", "y", "", "", "", "", "A", "", ""],
                               ["", "procedures", "", "rất khó", "Câu hai?", "x", "y", "", "", "", "", "B", "", ""]]))
    assert [(q.text, q.difficulty) for q in r.questions] == [("Câu một?", "hard")]
    assert [(e.line, e.column, e.message) for e in r.errors] == [
        (3, "D", "Mức độ không hợp lệ: «rất khó» (dễ, trung bình, khó).")]
