"""Vietnamese dates (cchc.core.vndates)."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.vndates import (
    format_date_draft,
    format_date_long,
    format_date_official,
    format_date_short,
    parse_date_input,
    parse_date_vi,
)


def test_format_long():
    assert format_date_long(dt.date(2023, 12, 15)) == "ngày 15 tháng 12 năm 2023"
    assert format_date_long(dt.date(2024, 1, 5)) == "ngày 5 tháng 1 năm 2024"
    assert format_date_long(dt.datetime(2024, 1, 5, 13, 30)) == "ngày 5 tháng 1 năm 2024"
    assert format_date_long(None) == ""


@pytest.mark.parametrize(("d", "expected"), [
    (dt.date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
    (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (dt.date(2020, 2, 28), "ngày 28 tháng 02 năm 2020"),
    (dt.date(2020, 12, 10), "ngày 10 tháng 12 năm 2020"),
    (dt.date(2020, 10, 9), "ngày 09 tháng 10 năm 2020"),
])
def test_format_official_leading_zeros_per_decree_30(d, expected):
    assert format_date_official(d) == expected


def test_format_official_with_place():
    assert format_date_official(dt.date(2020, 3, 5), place="Hà Tĩnh") == "Hà Tĩnh, ngày 05 tháng 3 năm 2020"
    nfd_place = unicodedata.normalize("NFD", "Hà Tĩnh")
    assert format_date_official(dt.date(2020, 3, 5), nfd_place) == "Hà Tĩnh, ngày 05 tháng 3 năm 2020"
    assert format_date_official(None, "Hà Tĩnh") == ""


def test_format_draft_prints_the_year_until_the_date_is_known():
    assert format_date_draft(None, "Hà Tĩnh", 2026) == "Hà Tĩnh, ngày      tháng      năm 2026"
    assert format_date_draft(None, year=2026) == "ngày      tháng      năm 2026"
    assert format_date_draft(None, "Hà Tĩnh") == "Hà Tĩnh, ngày      tháng      năm      "
    assert format_date_draft(dt.date(2026, 2, 3), "Hà Tĩnh", 2025) == "Hà Tĩnh, ngày 03 tháng 02 năm 2026"


def test_format_short():
    assert format_date_short(dt.date(2023, 12, 15)) == "15/12/2023"
    assert format_date_short(dt.date(2024, 3, 5)) == "05/03/2024"
    assert format_date_short(None) == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("ngày 15 tháng 12 năm 2023", dt.date(2023, 12, 15)),
    ("Ngày 05 tháng 3 năm 2020", dt.date(2020, 3, 5)),
    ("ngay 5 thang 1 nam 2024", dt.date(2024, 1, 5)),
    ("Hà Tĩnh, ngày 05 tháng 02 năm 2020", dt.date(2020, 2, 5)),
    ("15 tháng 12 năm 2023", dt.date(2023, 12, 15)),
    ("ngày 15, tháng 12, năm 2023", dt.date(2023, 12, 15)),
    ("15/12/2023", dt.date(2023, 12, 15)),
    ("15-12-2023", dt.date(2023, 12, 15)),
    ("15.12.2023", dt.date(2023, 12, 15)),
    ("5/3/2024", dt.date(2024, 3, 5)),
    ("15 / 12 / 2023", dt.date(2023, 12, 15)),
    ("15/12/23", dt.date(2023, 12, 15)),
    ("2023-12-15", dt.date(2023, 12, 15)),
    ("Trước 25/12/2023", dt.date(2023, 12, 25)),
    ("Hoàn thành trước ngày 30/6/2024.", dt.date(2024, 6, 30)),
    ("Quyết định số 12/2023/QĐ-UBND ngày 3/4/2023", dt.date(2023, 4, 3)),
    ("31/02/2023 hoặc 01/03/2023", dt.date(2023, 3, 1)),  # the invalid first date is skipped
    ("từ 01/01/2024 đến 31/12/2024", dt.date(2024, 1, 1)),
    (unicodedata.normalize("NFD", "ngày 15 tháng 12 năm 2023"), dt.date(2023, 12, 15)),
    (dt.datetime(2024, 2, 29, 8, 0), dt.date(2024, 2, 29)),
    (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
])
def test_parse_date_vi(text, expected):
    assert parse_date_vi(text) == expected


@pytest.mark.parametrize("text", [
    None, "", "Thường xuyên", "Quý I/2024", "tháng 12/2023", "1.234.567", "Số 123/KH-UBND",
    "31/02/2023", "32/01/2024", "Mục 1.2.15", "12/2023/QĐ-UBND", 20231215, ["15/12/2023"],
])
def test_parse_date_vi_returns_none(text):
    assert parse_date_vi(text) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_round_trips(d):
    assert parse_date_vi(format_date_long(d)) == d
    assert parse_date_vi(format_date_official(d, "Hà Tĩnh")) == d
    assert parse_date_vi(format_date_short(d)) == d


@given(st.text(max_size=40))
def test_never_raises(text):
    result = parse_date_vi(text)
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize("text, expected", [
    ("2023-12-15", dt.date(2023, 12, 15)),
    ("2023-12-15T08:30:00+07:00", dt.date(2023, 12, 15)),
    ("15/12/2023", dt.date(2023, 12, 15)),
    (" 5-2-2024 ", dt.date(2024, 2, 5)),
    ("05.02.2024", dt.date(2024, 2, 5)),
    ("ngày 15 tháng 12 năm 2023", dt.date(2023, 12, 15)),
    ("ngay 1 thang 7 nam 2025", dt.date(2025, 7, 1)),
    (dt.date(2024, 1, 2), dt.date(2024, 1, 2)),
    ("", None),
    (None, None),
])
def test_parse_date_input_reads_a_whole_field(text, expected):
    assert parse_date_input(text) == expected


@pytest.mark.parametrize("text", ["Trước 25/12/2023", "31/02/2024", "2024-13-01", "15/12/23", "hôm nay", "12/2024"])
def test_parse_date_input_refuses_what_is_not_exactly_a_date(text):
    with pytest.raises(ValueError):
        parse_date_input(text)
