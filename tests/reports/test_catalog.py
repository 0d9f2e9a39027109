"""The report's outline and the Ministry's annex (pure): periods, titles, rows, rates, numbers, blanks."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.reports import catalog as c


@pytest.mark.parametrize(("kind", "end", "label"), [
    (c.Q1, date(2026, 3, 31), "quý I năm 2026"), (c.H1, date(2026, 6, 30), "6 tháng đầu năm 2026"),
    (c.Q3, date(2026, 9, 30), "quý III năm 2026"), (c.YEAR, date(2026, 12, 31), "năm 2026")])
def test_periods_are_cumulative_from_january(kind, end, label):
    assert c.period_bounds(kind, 2026) == (date(2026, 1, 1), end)
    assert c.period_label(kind, 2026) == label


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
