"""Reporting periods (cchc.core.periods)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.periods import KINDS, Period, parse_period_text, periods_between


@pytest.mark.parametrize(("code", "kind", "year", "index", "start", "end", "label"), [
    ("202401", "month", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 1, 31), "Tháng 01/2024"),
    ("202402", "month", 2024, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Tháng 02/2024"),
    ("202302", "month", 2023, 2, dt.date(2023, 2, 1), dt.date(2023, 2, 28), "Tháng 02/2023"),
    ("202412", "month", 2024, 12, dt.date(2024, 12, 1), dt.date(2024, 12, 31), "Tháng 12/2024"),
    ("2024Q1", "quarter", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Quý I/2024"),
    ("2024Q2", "quarter", 2024, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30), "Quý II/2024"),
    ("2024Q3", "quarter", 2024, 3, dt.date(2024, 7, 1), dt.date(2024, 9, 30), "Quý III/2024"),
    ("2024Q4", "quarter", 2024, 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31), "Quý IV/2024"),
    ("2024S1", "half_year", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
    ("2024S2", "half_year", 2024, 2, dt.date(2024, 7, 1), dt.date(2024, 12, 31), "6 tháng cuối năm 2024"),
    ("2024", "year", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Năm 2024"),
])
def test_codes_dates_labels(code, kind, year, index, start, end, label):
    p = Period.parse(code)
    assert (p.kind, p.year, p.index) == (kind, year, index)
    assert (p.start, p.end, p.label, p.code, str(p)) == (start, end, label, code, code)


@pytest.mark.parametrize(("alias", "code"), [("2024-01", "202401"), ("2024M1", "202401"), ("2024q3", "2024Q3"),
                                              ("2024H2", "2024S2"), (" 2024 ", "2024")])
def test_parse_accepts_aliases(alias, code):
    assert Period.parse(alias).code == code


@pytest.mark.parametrize("bad", ["", "2024Q5", "202413", "202400", "2024S3", "24Q1", "abc", None, "1800"])
def test_parse_rejects_bad_codes_with_vietnamese_message(bad):
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period.parse(bad)
    assert Period.try_parse(bad) is None


def test_constructor_validates():
    with pytest.raises(ValueError):
        Period("week", 2024, 1)
    with pytest.raises(ValueError):
        Period("quarter", 2024, 0)
    with pytest.raises(ValueError):
        Period("month", 2024, 13)


def test_next_previous_cross_year():
    assert Period.parse("202412").next() == Period.parse("202501")
    assert Period.parse("202501").previous() == Period.parse("202412")
    assert Period.parse("2024Q4").next().code == "2025Q1"
    assert Period.parse("2024S1").previous().code == "2023S2"
    assert Period.parse("2024").next().code == "2025"


def test_contains_and_for_date():
    q = Period.parse("2024Q2")
    assert q.contains(dt.date(2024, 4, 1)) and q.contains(dt.date(2024, 6, 30))
    assert not q.contains(dt.date(2024, 3, 31)) and not q.contains(dt.date(2024, 7, 1))
    assert q.contains(dt.datetime(2024, 5, 5, 23, 59))
    d = dt.date(2024, 8, 15)
    assert [Period.for_date(k, d).code for k in KINDS] == ["202408", "2024Q3", "2024S2", "2024"]
    with pytest.raises(ValueError):
        Period.for_date("week", d)


def test_periods_between():
    got = periods_between("quarter", dt.date(2023, 11, 1), dt.date(2024, 5, 1))
    assert [p.code for p in got] == ["2023Q4", "2024Q1", "2024Q2"]
    months = periods_between("month", Period.parse("2024Q1"), Period.parse("2024Q1"))
    assert [p.code for p in months] == ["202401", "202402", "202403"]
    assert periods_between("year", dt.date(2025, 1, 1), dt.date(2024, 1, 1)) == []
    assert [p.code for p in periods_between("half_year", dt.date(2024, 1, 1), dt.date(2024, 12, 31))] == \
        ["2024S1", "2024S2"]


def test_ordering_and_hashing():
    ps = [Period.parse(c) for c in ["2024Q2", "202401", "2023", "2024S1"]]
    assert [p.code for p in sorted(ps)] == ["2023", "202401", "2024S1", "2024Q2"]
    assert len({Period.parse("2024Q1"), Period("quarter", 2024, 1)}) == 1
    with pytest.raises(TypeError):
        _ = Period.parse("2024") < "2025"


@pytest.mark.parametrize(("text", "code"), [
    ("Quý I/2024", "2024Q1"),
    ("quý IV năm 2024", "2024Q4"),
    ("Quý II - 2024", "2024Q2"),
    ("quy 3 nam 2025", "2025Q3"),
    ("Báo cáo CCHC quý III năm 2025", "2025Q3"),
    ("6 tháng đầu năm 2024", "2024S1"),
    ("6 tháng cuối năm 2024", "2024S2"),
    ("Sáu tháng cuối năm 2023", "2023S2"),
    ("Báo cáo 6 tháng năm 2024", "2024S1"),
    ("Tháng 01/2024", "202401"),
    ("tháng 1 năm 2024", "202401"),
    ("Tháng 12-2023", "202312"),
    ("Năm 2024", "2024"),
    ("Kế hoạch cải cách hành chính năm 2025 của UBND tỉnh Hà Tĩnh", "2025"),
    ("2024Q1", "2024Q1"),
    ("202403", "202403"),
    ("Sơ kết 6 tháng đầu năm 2024 và quý III/2024", "2024S1"),  # the first period in the text wins
    ("QUÝ IV/2023", "2023Q4"),
])
def test_parse_period_text(text, code):
    p = parse_period_text(text)
    assert p is not None and p.code == code


@pytest.mark.parametrize("text", [None, "", "Thường xuyên", "quý V/2024", "tháng 13/2024", "Quý I", "xyz 123",
                                  "Quý 0/2024", 2024])
def test_parse_period_text_none(text):
    assert parse_period_text(text) is None


@given(st.sampled_from(KINDS), st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2998, 12, 31)))
def test_properties(kind, d):
    p = Period.for_date(kind, d)
    assert p.contains(d)
    assert Period.parse(p.code) == p
    assert parse_period_text(p.label) == p
    assert p.next().start == p.end + dt.timedelta(days=1)
    assert p.previous().next() == p


@given(st.text(max_size=40))
def test_parse_period_text_never_raises(text):
    result = parse_period_text(text)
    assert result is None or isinstance(result, Period)


def test_label_of_reads_codes_and_keeps_other_text():
    from cchc.core.periods import label_of

    assert label_of("2024Q1") == "Quý I/2024" and label_of("2024S2") == "6 tháng cuối năm 2024"
    assert label_of("2024") == "Năm 2024" and label_of("202401") == "Tháng 01/2024"
    assert label_of("không phải kỳ") == "không phải kỳ" and label_of(None) == ""


@pytest.mark.parametrize("text,code", [
    ("2024Q1", "2024Q1"), ("2024q1", "2024Q1"), ("Quý I/2024", "2024Q1"), ("quy 1 nam 2024", "2024Q1"),
    ("Quý IV năm 2024", "2024Q4"), ("6 tháng đầu năm 2024", "2024S1"), ("6 thang cuoi nam 2024", "2024S2"),
    ("Tháng 3/2024", "202403"), ("Năm 2024", "2024"), ("2024", "2024"),
    ("báo cáo quý I/2024", None), ("Quý 5/2024", None), ("tháng 13/2024", None), ("abc", None), ("", None),
])
def test_parse_period_input_takes_a_period_and_nothing_else(text, code):
    from cchc.core.periods import parse_period_input

    period = parse_period_input(text)
    assert (period.code if period else None) == code
