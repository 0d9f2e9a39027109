"""Pure logic: review state machine, schedule expansion, lateness, reporting rates, attainment, draft edits."""

from datetime import date

import pytest

from cchc.core import review
from cchc.plans import drafts
from cchc.plans import occurrences as occ

# ---------------------------------------------------------------- review state machine


def test_review_happy_path_and_return_cycle():
    s = review.next_state(review.DRAFT, review.SUBMIT)
    assert s == review.SUBMITTED
    s = review.next_state(s, review.RETURN, comment="Thiếu văn bản kết quả")
    assert s == review.RETURNED
    s = review.next_state(s, review.SUBMIT)
    assert review.next_state(s, review.ACCEPT) == review.ACCEPTED


@pytest.mark.parametrize("state,action", [
    (review.DRAFT, review.ACCEPT), (review.DRAFT, review.RETURN), (review.ACCEPTED, review.SUBMIT),
    (review.SUBMITTED, review.SUBMIT), (review.RETURNED, review.ACCEPT), (review.DRAFT, review.REOPEN),
])
def test_review_invalid_transitions(state, action):
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(state, action, comment="x")
    assert exc.value.code == "invalid_transition"


def test_review_roles_and_comment():
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(review.SUBMITTED, review.ACCEPT, can_review=False)
    assert exc.value.code == "forbidden"
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(review.DRAFT, review.SUBMIT, can_edit=False)
    assert exc.value.code == "forbidden"
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(review.SUBMITTED, review.RETURN, comment="  ")
    assert exc.value.code == "comment_required"


def test_review_flags():
    f = review.flags(review.SUBMITTED, can_edit=True, can_review=False)
    assert f == {"may_edit": False, "may_submit": False, "may_approve": False, "may_accept": False,
                 "may_return": False, "may_reopen": False}
    f = review.flags(review.SUBMITTED, can_edit=False, can_review=True)
    assert f["may_accept"] and f["may_return"] and not f["may_edit"]
    f = review.flags(review.RETURNED, can_edit=True, can_review=False)
    assert f["may_edit"] and f["may_submit"]


def test_version_check():
    review.check_version(3, 3)
    review.check_version(None, 3)
    with pytest.raises(review.VersionConflict) as exc:
        review.check_version(2, 3)
    assert exc.value.current == 3 and "phiên bản" in exc.value.message


# ---------------------------------------------------------------- occurrences


def test_expand_quarterly_over_two_years():
    out = occ.expand_schedule({"kind": "recurring", "frequency": "quarterly"}, years=[2024, 2025])
    assert [p for p, _ in out] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert out[0][1] == date(2024, 3, 31) and out[-1][1] == date(2025, 12, 31)


def test_expand_yearly_with_anchor_and_monthly_day():
    out = occ.expand_schedule({"kind": "recurring", "frequency": "yearly", "month": 11, "day": 15},
                              years=[2023, 2024])
    assert out == [("2023", date(2023, 11, 15)), ("2024", date(2024, 11, 15))]
    monthly = occ.expand_schedule({"kind": "recurring", "frequency": "monthly", "day": 31}, years=[2024])
    assert len(monthly) == 12 and monthly[1] == ("202402", date(2024, 2, 29))
    q = occ.expand_schedule({"kind": "recurring", "frequency": "yearly", "quarter": 2}, years=[2024])
    assert q == [("2024", date(2024, 6, 30))]


def test_expand_once_range_continuous_combined_unknown():
    assert occ.expand_schedule({"kind": "once", "due": "2023-12-25"}, years=[2023]) == [("2023", date(2023, 12, 25))]
    r = occ.expand_schedule({"kind": "range", "start": "2024-01-01", "end": "2026-06-30"}, years=[2024, 2025, 2026])
    assert r == [("2024", date(2024, 12, 31)), ("2025", date(2025, 12, 31)), ("2026", date(2026, 6, 30))]
    c = occ.expand_schedule({"kind": "continuous"}, years=[2024, 2025])  # "Thường xuyên": reported each quarter
    assert [p for p, _ in c] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert c[0][1] == date(2024, 3, 31) and c[-1][1] == date(2025, 12, 31)
    e = occ.expand_schedule({"kind": "event", "text": "Khi có hướng dẫn"}, years=[2024, 2025])
    assert e == [("2024", date(2024, 12, 31)), ("2025", date(2025, 12, 31))]
    comb = occ.expand_schedule({"kind": "combined", "parts": [{"kind": "once", "due": "2023-06-30"},
                                                               {"kind": "recurring", "frequency": "half_yearly"}]},
                               years=[2023])
    assert comb == [("2023", date(2023, 6, 30)), ("2023S1", date(2023, 6, 30)), ("2023S2", date(2023, 12, 31))]
    assert occ.expand_schedule({"kind": "unknown"}, years=[2022, 2030]) == [("2030", date(2030, 12, 31))]


def test_expand_with_real_parser():
    from cchc.plans.importing.schedule import parse_deadline

    out = occ.expand_schedule(parse_deadline("Quý IV hằng năm"), years=[2024, 2025])
    assert [d for _, d in out] == [date(2024, 12, 31), date(2025, 12, 31)]


def test_plan_years():
    assert occ.plan_years("2022-2030", fallback=2000) == list(range(2022, 2031))
    assert occ.plan_years("2024", fallback=2000) == [2024]
    assert occ.plan_years(None, fallback=2023) == [2023]
    assert occ.plan_years("2030-2022", fallback=2023) == [2030]


def test_status_and_timing():
    due = date(2024, 6, 30)
    assert occ.normalise_status("done", due=due, completed_on=date(2024, 7, 2)) == "done_late"
    assert occ.normalise_status("done_late", due=due, completed_on=date(2024, 6, 1)) == "done"
    today = date(2024, 6, 27)
    assert occ.timing("not_started", due=due, today=today) == "at_risk"
    assert occ.timing("in_progress", due=due, today=today, percent=80) == "on_track"
    assert occ.timing("in_progress", due=due, today=date(2024, 7, 1), percent=80) == "late"
    assert occ.timing("done", due=due, today=date(2024, 7, 1)) == "done"
    assert occ.on_time(date(2024, 7, 3), due, 5) and not occ.on_time(date(2024, 7, 6), due, 5)
    assert not occ.on_time(None, due)


def test_reporting_rates_hand_computed():
    t = date(2024, 7, 10)
    facts = [
        (date(2024, 3, 31), "done", date(2024, 3, 30), True),        # reported on time, done
        (date(2024, 3, 31), "in_progress", date(2024, 4, 10), False),  # reported late, open → late
        (date(2024, 6, 30), "not_started", None, False),              # not reported, late
        (date(2024, 6, 30), "not_applicable", date(2024, 6, 1), True),  # reported on time, n/a
        (date(2024, 9, 30), "not_started", None, False),              # not yet expected
    ]
    r = occ.reporting_rates(facts, today=t)
    assert (r.expected, r.reported, r.reported_on_time, r.done, r.late) == (4, 3, 2, 1, 2)
    assert (r.completeness, r.timeliness, r.completion) == (75.0, 50.0, 25.0)
    assert occ.Rates().completeness is None


@pytest.mark.parametrize("value,target,comp,vmax,expected", [
    (95, 90, ">=", None, True), (90, 90, ">", None, False), (91, 90, ">", None, True),
    (100, 100, "=", None, True), (80, 100, "=", None, False), (2, 2, ">=", 3, True), (1, 2, ">=", 3, False),
    (None, 1, ">=", None, None),
])
def test_attained(value, target, comp, vmax, expected):
    assert occ.attained(value, target, comp, vmax) is expected


# ---------------------------------------------------------------- drafts

def _rows():
    return [
        {"table": 0, "section": "I", "section_title": "", "number": "1", "title": "Ban hành kế hoạch",
         "activities": ["a", "b", "c"], "products": [], "lead": ["Sở Nội vụ"], "partners": [], "deadline": "Quý I",
         "budget": "", "note": ""},
        {"table": 0, "section": "I", "section_title": "", "number": "2", "title": "Kiểm tra",
         "activities": ["d"], "products": [], "lead": ["Sở Tư pháp"], "partners": ["Sở Nội vụ"], "deadline": "",
         "budget": "", "note": ""},
    ]


def test_split_merge_edit_rows():
    rows = _rows()
    split = drafts.split_row(rows, 0, 1)
    assert [r["activities"] for r in split] == [["a"], ["b", "c"], ["d"]]
    assert split[1]["title"] == "Ban hành kế hoạch" and rows[0]["activities"] == ["a", "b", "c"]
    merged = drafts.merge_rows(split, 0)
    assert merged[0]["activities"] == ["a", "b", "c"] and len(merged) == 2
    edited = drafts.edit_cell(rows, 1, "lead", "Sở Y tế\n Sở Tư pháp ")
    assert edited[1]["lead"] == ["Sở Y tế", "Sở Tư pháp"]
    with pytest.raises(drafts.DraftError):
        drafts.split_row(rows, 1)
    with pytest.raises(drafts.DraftError):
        drafts.merge_rows(rows, 1)
    assert drafts.agencies(rows) == ["Sở Nội vụ", "Sở Tư pháp"]


def test_diff_tasks_detects_changes_without_duplicates():
    rows = _rows()
    old = dict(zip(drafts.row_keys(rows), rows, strict=True))
    new = drafts.edit_cell(rows, 1, "deadline", "Quý II/2024")
    new.append({**rows[0], "number": "3", "title": "Nhiệm vụ mới"})
    d = drafts.diff_tasks(old, new)
    assert d["added"] == [drafts.row_keys(new)[2]]
    assert d["removed"] == [] and d["unchanged"] == 1
    assert d["changed"][0]["fields"] == {"deadline": ["", "Quý II/2024"]}
    assert drafts.diff_tasks(old, rows[:1])["removed"] == [drafts.row_keys(rows)[1]]


def test_rows_from_gold_and_areas():
    import json
    from pathlib import Path

    gold = json.loads((Path(__file__).parents[1] / "data/gold/003_b1926edb0b823183.json").read_text())
    rows = drafts.rows_from_draft(gold)
    assert len(rows) == 12 and rows[-1]["number"] == ""
    assert all(r["section_title"] for r in rows)
    assert drafts.area_of("Cải cách thủ tục hành chính") == "procedures"
    assert drafts.area_of("Xây dựng chính quyền số") == "digital"
    assert drafts.area_of("Nội dung khác") == "general"
