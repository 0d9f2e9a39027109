"""Pure parts of the exams app: sampling, shuffling, grading, item analysis, file formats, demo bank."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from cchc.exams import aiken, gift, grading, item_stats, paper, sheet
from cchc.exams.demo.bank import TOPICS, demo_questions
from cchc.exams.qdata import MULTIPLE, SINGLE, TRUEFALSE, Option, QuestionData
from tests.helpers import xlsx as _xlsx


def _pool():
    items = []
    qid = 0
    for topic in (1, 2, 3):
        for diff, n in (("easy", 5), ("medium", 6), ("hard", 3)):
            for _ in range(n):
                qid += 1
                items.append(paper.PoolItem(qid, 1000 + qid, topic, diff))
    return items


def test_blueprint_counts_per_topic_and_difficulty_without_duplicates():
    pool = _pool()
    bp = [paper.BlueprintRow(frozenset({1}), "easy", 3), paper.BlueprintRow(frozenset({1}), None, 5),
          paper.BlueprintRow(frozenset({2, 3}), "hard", 4), paper.BlueprintRow(frozenset({3}), "medium", 2)]
    by_id = {p.question_id: p for p in pool}
    for seed in range(200):
        drawn = paper.draw_paper(pool, bp, random.Random(seed))
        ids = [it.question_id for it, _ in drawn]
        assert len(ids) == len(set(ids)) == 14
        rows = Counter(row for _, row in drawn)
        assert rows == {0: 3, 1: 5, 2: 4, 3: 2}
        for it, row in drawn:
            assert bp[row].accepts(by_id[it.question_id])


def test_blueprint_scarce_rows_are_filled_first():
    # topic 1 hard has only 3 questions; the "any difficulty" row must not take them
    pool = _pool()
    bp = [paper.BlueprintRow(frozenset({1}), None, 11), paper.BlueprintRow(frozenset({1}), "hard", 3)]
    for seed in range(50):
        drawn = paper.draw_paper(pool, bp, random.Random(seed))
        assert len({it.question_id for it, _ in drawn}) == 14


def test_blueprint_shortage_is_reported():
    with pytest.raises(paper.BlueprintError) as exc:
        paper.draw_paper(_pool(), [paper.BlueprintRow(frozenset({2}), "hard", 4, "Thể chế (khó)")], random.Random(1))
    assert exc.value.shortages == [("Thể chế (khó)", 4, 3)]
    assert "cần 4, chỉ có 3" in str(exc.value)
    assert paper.check_blueprint(_pool(), [paper.BlueprintRow(frozenset({2}), "hard", 3)]) == []


def test_unseen_questions_are_preferred_on_retake():
    pool = _pool()
    bp = [paper.BlueprintRow(frozenset({1}), "medium", 3)]
    medium_t1 = [p.question_id for p in pool if p.topic_id == 1 and p.difficulty == "medium"]
    seen = set(medium_t1[:3])
    for seed in range(30):
        ids = {it.question_id for it, _ in paper.draw_paper(pool, bp, random.Random(seed), seen)}
        assert ids == set(medium_t1[3:])
    seen = set(medium_t1[:5])  # only one unseen left: it must be in the paper, plus two seen ones
    ids = {it.question_id for it, _ in paper.draw_paper(pool, bp, random.Random(3), seen)}
    assert medium_t1[5] in ids and len(ids) == 3


def test_draw_is_reproducible_from_seed_and_varies_between_seeds():
    pool = _pool()
    bp = [paper.BlueprintRow(frozenset({1, 2, 3}), None, 10)]
    a = paper.draw_paper(pool, bp, random.Random(42))
    b = paper.draw_paper(pool, bp, random.Random(42))
    assert a == b
    papers = {tuple(it.question_id for it, _ in paper.draw_paper(pool, bp, random.Random(s))) for s in range(20)}
    assert len(papers) > 15


def test_shuffle_options_permutes_and_keeps_truefalse_order():
    ids = list("abcde")
    orders = {tuple(paper.shuffle_options(ids, random.Random(s))) for s in range(200)}
    assert all(sorted(o) == ids for o in orders)
    assert len(orders) > 50
    firsts = Counter(o[0] for o in (paper.shuffle_options(ids, random.Random(s)) for s in range(2000)))
    assert set(firsts) == set(ids) and min(firsts.values()) > 300  # roughly uniform
    assert paper.shuffle_options(["a", "b"], random.Random(1), keep_order=True) == ["a", "b"]


def test_stagger_offsets_spread_within_window():
    offs = [paper.stagger_offset(u, 7, 600) for u in range(1, 2001)]
    assert all(0 <= o < 600 for o in offs)
    assert len(set(offs)) > 500
    assert paper.stagger_offset(5, 7, 0) == 0


def test_grading_single_truefalse_and_multiple():
    f = grading.item_fraction
    assert f(SINGLE, ["b"], "abcd", ["b"]) == 1.0
    assert f(SINGLE, ["b"], "abcd", ["a"]) == 0.0
    assert f(SINGLE, ["b"], "abcd", []) == 0.0
    assert f(SINGLE, ["b"], "abcd", ["b", "a"]) == 0.0
    assert f(TRUEFALSE, ["a"], "ab", ["a"]) == 1.0
    # multiple: 3 correct of 5 -> +1/3 each, wrong -1/2 each, clamped to [0, 1]
    assert f(MULTIPLE, "abc", "abcde", ["a", "b", "c"]) == 1.0
    assert math.isclose(f(MULTIPLE, "abc", "abcde", ["a", "b"]), 2 / 3)
    assert math.isclose(f(MULTIPLE, "abc", "abcde", ["a", "b", "d"]), 2 / 3 - 1 / 2)
    assert f(MULTIPLE, "abc", "abcde", ["a", "d", "e"]) == 0.0
    assert f(MULTIPLE, "abc", "abcde", list("abcde")) == 0.0  # ticking everything earns nothing
    assert f(MULTIPLE, "abc", "abcde", ["z"]) == 0.0  # ids not on the question are ignored


def test_grading_with_moodle_weights_gives_partial_credit():
    f = grading.item_fraction
    # single answer {=Hà Nội ~%50%Thăng Long ~Huế}: the partial option earns half, a plain wrong one nothing
    w = {"b": 50.0}
    assert f(SINGLE, ["a"], "abc", ["a"], w) == 1.0
    assert f(SINGLE, ["a"], "abc", ["b"], w) == 0.5
    assert f(SINGLE, ["a"], "abc", ["c"], w) == 0.0
    assert f(SINGLE, ["a"], "abc", ["a", "b"], w) == 0.0  # two answers to a single-answer question
    assert f(SINGLE, ["a"], "abc", ["c"], {"c": -50.0}) == 0.0  # a penalty never goes below 0
    # multiple answer {~%70%A ~%30%B ~%-100%C}: weights as written, clamped to [0, 1]
    m = {"a": 70.0, "b": 30.0, "c": -100.0}
    assert f(MULTIPLE, "ab", "abc", ["a"], m) == 0.7
    assert f(MULTIPLE, "ab", "abc", ["b"], m) == 0.3
    assert f(MULTIPLE, "ab", "abc", ["a", "b"], m) == 1.0
    assert f(MULTIPLE, "ab", "abc", ["a", "b", "c"], m) == 0.0
    # a %0% wrong option costs nothing (Moodle), unlike the default rule's -1/(number wrong)
    z = {"a": 50.0, "b": 50.0, "c": 0.0}
    assert f(MULTIPLE, "ab", "abc", list("abc"), z) == 1.0
    assert f(MULTIPLE, "ab", "abc", list("abc")) == 0.0


def test_attempt_grade_and_weak_topics():
    items = [grading.GradedItem(1, 1, 1), grading.GradedItem(1, 0, 1), grading.GradedItem(2, 1, 1),
             grading.GradedItem(2, 1, 1), grading.GradedItem(3, 0.5, 1)]
    g = grading.grade_attempt(items, 70)
    assert (g.score, g.max_score, g.percent, g.passed) == (3.5, 5.0, 70.0, True)
    assert g.by_topic == {1: (1.0, 2.0), 2: (2.0, 2.0), 3: (0.5, 1.0)}
    assert grading.grade_attempt(items, 70.01).passed is False
    assert grading.weak_topics(g.by_topic, 70) == [(1, 50.0), (3, 50.0)]


def test_item_analysis_on_hand_computed_example():
    # 4 examinees x 3 items (marks out of 1): totals 3, 2, 1, 1
    marks = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 1]]
    attempts = [{k + 1: (float(m), 1.0) for k, m in enumerate(row)} for row in marks]
    stats = {s.key: s for s in item_stats.item_analysis(attempts)}
    assert stats[1].facility == 75.0 and stats[1].sd == 50.0
    assert stats[1].discrimination == 0.0  # r(item, rest) = 0 for item 1
    assert stats[2].facility == 50.0
    assert stats[2].discrimination == round(100 * 0.5 / math.sqrt(0.75), 2) == 57.74
    assert stats[3].discrimination == round(-100 * 0.5 / math.sqrt(2.75), 2) == -30.15
    assert stats[3].flags == [item_stats.NEGATIVE]
    assert stats[1].flags == [item_stats.WEAK]
    test = item_stats.test_statistics(marks, 3)
    assert test.n == 4 and test.mean == 58.33 and test.median == 50.0
    assert test.cic == 0.0  # Σ var(items) = 0.9167 = var(total) → CIC = 0


def test_item_flags_easy_and_hard():
    attempts = [{1: (1.0, 1.0), 2: (0.0, 1.0), 3: (float(i % 2), 1.0)} for i in range(10)]
    stats = {s.key: s for s in item_stats.item_analysis(attempts)}
    assert item_stats.TOO_EASY in stats[1].flags and stats[1].discrimination is None
    assert item_stats.TOO_HARD in stats[2].flags
    assert item_stats.distribution([0, 9.9, 10, 55, 99.9, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


# ----------------------------------------------------------------------------- formats

def _sample():
    return [
        QuestionData(text="Nghị định nào quy định cơ chế một cửa? {dấu ngoặc} = ~ # :", kind=SINGLE,
                     options=[Option("61/2018/NĐ-CP", True), Option("63/2010/NĐ-CP")], topic="procedures",
                     difficulty="easy", explanation="Xem Điều 7: Bộ phận Một cửa", source_ref="NĐ 61/2018/NĐ-CP",
                     ref="T-1"),
        QuestionData(text="Chọn các nội dung của NQ 76", kind=MULTIPLE,
                     options=[Option("Cải cách thể chế", True), Option("Cải cách TTHC", True), Option("Cải cách tư pháp")],
                     topic="direction", difficulty="hard", source_ref="NQ 76/NQ-CP", ref="T-2"),
        QuestionData(text="Viên chức là người được bầu cử theo nhiệm kỳ.", kind=TRUEFALSE,
                     options=[Option("Đúng", False), Option("Sai", True)], topic="civil_service", difficulty="medium",
                     explanation="Đó là cán bộ.", ref="T-3"),
    ]


def _key(q):
    return (q.text, q.kind, [(o.text, o.correct) for o in q.options], q.topic, q.difficulty, q.explanation,
            q.source_ref, q.ref)


def test_gift_round_trip():
    qs = [q.normalise() for q in _sample()]
    text = gift.export_gift(qs)
    assert "\\{dấu ngoặc\\} \\= \\~ \\# \\:" in text and "~%50%" in text and "~%-100%" in text
    back = gift.parse_gift(text)
    assert back.errors == []
    assert [_key(q) for q in back.questions] == [_key(q) for q in qs]


def test_aiken_round_trip_and_strict_export():
    qs = [q.normalise() for q in _sample()]
    text, skipped = aiken.export_aiken(qs)
    assert skipped == []
    back = aiken.parse_aiken(text)
    assert back.errors == [] and [_key(q) for q in back.questions] == [_key(q) for q in qs]
    strict, skipped = aiken.export_aiken(qs, strict=True)
    assert [q.ref for q in skipped] == ["T-2"] and "NGUỒN" not in strict and "ANSWER: A" in strict
    plain = aiken.parse_aiken(strict, default_topic="procedures")
    assert plain.errors == [] and len(plain.questions) == 2 and plain.questions[0].topic == "procedures"


def test_excel_round_trip():
    qs = [q.normalise() for q in _sample()]
    back = sheet.read_xlsx(sheet.write_xlsx(qs))
    assert back.errors == [] and [_key(q) for q in back.questions] == [_key(q) for q in qs]


def test_gift_moodle_features():
    text = """// comment line
$CATEGORY: $course$/top/Cải cách TTHC

// [id:X1] [tag:hard]
// nguồn: NĐ 63/2010
::T1::[html]Thủ tục hành chính là gì?{
  =Trình tự, cách thức#đúng
  ~Văn bản QPPL#sai
  ####Theo Điều 3.
}

::T2:: Một cửa cấp tỉnh là Trung tâm PVHCC {T}

Cả hai đều đúng? {~%50%A ~%50%B ~%-100%C}
"""
    r = gift.parse_gift(text)
    assert r.errors == []
    q1, q2, q3 = r.questions
    assert (q1.ref, q1.difficulty, q1.source_ref, q1.topic, q1.title) == ("X1", "hard", "NĐ 63/2010", "Cải cách TTHC", "T1")
    assert [o.text for o in q1.options] == ["Trình tự, cách thức", "Văn bản QPPL"] and q1.explanation == "Theo Điều 3."
    assert q2.kind == TRUEFALSE and q2.options[0].correct
    assert q3.kind == MULTIPLE and [o.correct for o in q3.options] == [True, True, False]


def test_malformed_gift_reports_lines_and_imports_nothing():
    text = "Câu 1 {=A ~B}\n\nCâu hai thiếu ngoặc đóng {=A ~B\n\nCâu 3 {}\n\nCâu 4 {=Một =Hai}\n\nCâu 5 {1->2}\n"
    r = gift.parse_gift(text)
    lines = sorted({e.line for e in r.errors})
    assert lines == [3, 5, 7, 9]
    assert any("Thiếu dấu }" in e.message for e in r.errors)
    assert any("tự luận" in e.message for e in r.errors)
    assert not r.ok
    assert gift.parse_gift(b"\x89PNG\r\n\x1a\n\x00\x00bad").errors[0].message.startswith("Tệp không phải văn bản UTF-8")


def test_malformed_aiken_reports_lines():
    text = ("Câu 1?\nA. x\nB. y\nANSWER: C\n\n"
            "Câu 2?\nA. x\nC. y\nANSWER: A\n\n"
            "Câu 3?\nA. x\nB. y\n\n"
            "Câu 4?\nA. x\nB. y\nANSWER: B\nMỨC ĐỘ: siêu khó\n")
    r = aiken.parse_aiken(text)
    assert [(e.line, e.message[:12]) for e in r.errors] == [
        (4, "Đáp án «C» k"), (8, "Phương án «C"), (11, "Câu hỏi thiế"), (19, "Mức độ không")]


def test_malformed_excel_reports_row_and_column():
    data = _xlsx([sheet.HEADERS,
                  ["", "procedures", "Một đáp án", "Dễ", "Câu tốt", "x", "y", "", "", "", "", "A", "", "nguồn"],
                  ["", "procedures", "Loại lạ", "Dễ", "Câu", "x", "y", "", "", "", "", "A", "", ""],
                  ["", "procedures", "", "Rất khó", "Câu", "x", "y", "", "", "", "", "E", "", ""],
                  ["", "procedures", "", "", "Câu", "x", "", "z", "", "", "", "A", "", ""]])
    r = sheet.read_xlsx(data)
    got = [(e.line, e.column) for e in r.errors]
    assert (3, "C") in got and (4, "D") in got and (4, "L") in got and (5, "H") in got
    assert len(r.questions) == 1
    missing = sheet.read_xlsx(_xlsx([["Câu hỏi", "A", "B"], ["x", "y", "z"]]))
    assert missing.errors[0].line == 1 and "Đáp án đúng" in missing.errors[0].message
    assert sheet.read_xlsx(b"not a zip").errors[0].message.startswith("Tệp không phải bảng tính")


def test_demo_bank_has_at_least_100_sourced_valid_questions_over_all_areas():
    qs = demo_questions()
    assert len(qs) >= 100
    assert all(q.source_ref for q in qs)
    assert all(not q.problems() for q in qs)
    codes = {c for c, _, _ in TOPICS}
    assert {q.topic for q in qs} <= codes
    areas = Counter(q.topic.split(".")[0] for q in qs)
    assert set(areas) == {"direction", "institutions", "procedures", "organisation", "civil_service",
                          "public_finance", "digital"}
    assert min(areas.values()) >= 10
    assert len({q.text for q in qs}) == len(qs)
    kinds = Counter(q.kind for q in qs)
    assert kinds[SINGLE] and kinds[MULTIPLE] >= 8 and kinds[TRUEFALSE] >= 15
    assert any(q.kind == TRUEFALSE and q.options[1].correct for q in qs)  # some statements are false


def test_excel_export_keeps_a_leading_equals_sign_as_text():
    """A question or option starting with "=" was written as a formula (Excel refused or computed it)."""
    import io

    from openpyxl import load_workbook

    q = _sample()[0].normalise()
    q.text = "=1+1 là biểu thức gì?"
    ws = load_workbook(io.BytesIO(sheet.write_xlsx([q]))).active
    cell = ws.cell(2, sheet.HEADERS.index("Câu hỏi") + 1)
    assert cell.data_type == "s" and cell.value == "=1+1 là biểu thức gì?"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
