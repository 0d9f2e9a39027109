"""The report's outline and the Ministry's annex (pure): periods, titles, rows, rates, numbers, blanks."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.reports import catalog as c


@pytest.mark.parametrize(("kind", "end", "label"), [
    (c.Q1, date(2026, 3, 31), "quý I năm 2026"), (c.H1, date(2026, 6, 30), "6 tháng đầu năm 2026"),
    (c.Q3, date(2026, 9, 30), "quý III năm 2026"), (c.YEAR, date(2026, 12, 31), "năm 2026")])
def test_calendar_rule_is_cumulative_from_january(kind, end, label):
    assert c.period_bounds(kind, 2026, c.CALENDAR) == (date(2026, 1, 1), end)
    assert c.period_label(kind, 2026) == label


@pytest.mark.parametrize(("kind", "start", "end"), [
    (c.Q1, date(2025, 12, 15), date(2026, 3, 14)), (c.H1, date(2025, 12, 15), date(2026, 6, 14)),
    (c.Q3, date(2026, 6, 15), date(2026, 9, 14)), (c.YEAR, date(2025, 12, 15), date(2026, 12, 14))])
def test_cutoff_rule_is_the_default_and_follows_decree_09(kind, start, end):
    """Nghị định 09/2019 Điều 12 as Bộ Nội vụ's 581/BNV-CCHC applies it to CCHC reports (docs/decisions.md)."""
    assert c.period_bounds(kind, 2026) == (start, end) == c.period_bounds(kind, 2026, c.CUTOFF)


def test_period_text_and_unknown_rule():
    assert c.period_span_text(date(2025, 12, 15), date(2026, 3, 14)) == \
        "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"
    with pytest.raises(ValueError):
        c.period_bounds(c.Q1, 2026, "fiscal")


def test_titles_as_the_real_report_words_them():
    assert c.report_title(c.YEAR, 2025, "tỉnh Lâm Đồng") == (
        "Công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ năm 2026 của tỉnh Lâm Đồng")
    assert c.report_title(c.H1, 2026).endswith("6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026")


def test_annex_has_the_seven_forms_of_the_ministry():
    assert list(c.FORMS) == [1, 2, 3, 4, 5, 6, 7]
    assert [len(rows) for rows in c.FORMS.values()] == [19, 13, 21, 19, 13, 13, 25]
    assert sum(1 for r in c.ROWS.values() if not r.is_heading) == 108
    assert c.ROWS["3:3.1"].unit == "%" and not c.ROWS["3:3.1"].summable and c.ROWS["3:3.1.1"].summable
    assert all(num in c.ROWS and den in c.ROWS for num, den in c.RATES.values())


def test_values_rates_and_blanks():
    values = c.annex_values({"3:3.1.1": {"value": 195197}, "3:3.1.2": {"value": 193457}},
                            {"1:1": {"value": 82, "note": ""}, "2:1": {"value": ""}})
    assert values["3:3.1"] == {"value": 99.11, "note": "= (3.1.2) / (3.1.1)", "source": "computed"}
    assert values["1:1"]["source"] == "manual" and "2:1" not in values
    blank = {r.key for r in c.blank_rows(values)}
    assert "2:1" in blank and "3:3.1" not in blank and "1:3" not in blank  # headings are never "blank"
    assert c.fmt_number(195197) == "195.197" and c.fmt_number(99.1) == "99,1" and c.fmt_number(None) == ""
    assert c.fmt_number(17454000) == "17.454.000" and c.fmt_number(12.345) == "12,35"
