"""The reporting period as a province setting: the legal data cut-off (default) or 1 January, used by every figure
provider through the report_figures hook, shown on the report and kept with a frozen report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from docx import Document

from cchc.core import review
from cchc.reports import catalog, documents, services
from tests.conftest import PASSWORD
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

CUTOFF_TEXT = "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"
CALENDAR_TEXT = "Số liệu tính từ ngày 01/01/2026 đến ngày 31/03/2026"


@pytest.fixture
def edge_answers(platform_data):
    """Survey forms just outside one rule and inside the other: 20/12 of the year before (cut-off only) and
    20 and 25 March (calendar only)."""
    from cchc.surveys import models as sm

    item = sm.Item.objects.get(code="A1")
    rnd = sm.Round.objects.get(unit=platform_data["stp"])
    for day in (date(YEAR - 1, 12, 20), date(YEAR, 3, 20), date(YEAR, 3, 25)):
        r = sm.Response.objects.create(round=rnd, channel="code", submitted_on=day)
        sm.Answer.objects.create(response=r, item=item, value=5)
    return platform_data


def _q1(users, data):
    return services.report_create(user=users["focal_point"], unit=data["stp"], year=YEAR, period_kind=catalog.Q1)


def test_default_cutoff_rule_changes_the_figures(users, edge_answers, settings):
    assert settings.CCHC_REPORT_PERIOD_RULE == catalog.CUTOFF  # the default
    r = _q1(users, edge_answers)
    assert (r.figures["from"], r.figures["to"]) == ("2025-12-15", "2026-03-14")
    rows = r.figures["rows"]
    assert rows["1:5.1"]["value"] == 5  # 4 in February + 20/12/2025
    # the year's plan is still the report year's (start lies in 2025): 3 tasks; task 2 finished 25/3 is after 14/3
    assert rows["1:2.1"]["value"] == 3 and rows["1:2.2"]["value"] == 1
    assert "năm 2026" in rows["1:2.1"]["note"] and rows["1:2.2"]["note"] == "Hoàn thành đến 14/03/2026"
    assert rows["1:3.1"]["value"] == 1  # the inspection of 12/3 is inside both periods

    settings.CCHC_REPORT_PERIOD_RULE = catalog.CALENDAR
    services.report_regenerate(user=users["focal_point"], report=r)
    r.refresh_from_db()
    assert (r.figures["from"], r.figures["to"]) == ("2026-01-01", "2026-03-31")
    assert r.figures["rows"]["1:5.1"]["value"] == 6  # 4 in February + 20/3 + 25/3
    assert r.figures["rows"]["1:2.2"]["value"] == 2
    assert r.period_text == CALENDAR_TEXT


def test_period_shown_on_the_page_and_the_docx_and_kept_when_frozen(users, platform_data, settings):
    r = _q1(users, platform_data)
    assert r.period_text == CUTOFF_TEXT
    c = Client()
    assert c.login(username=users["focal_point"].username, password=PASSWORD)
    page = c.get(f"/reports/{r.pk}/").content.decode()
    assert CUTOFF_TEXT in page
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.report_docx(r))).paragraphs)
    assert f"({CUTOFF_TEXT}.)" in text

    services.report_transition(user=users["unit_leader"], report=r, action=review.SUBMIT)
    settings.CCHC_REPORT_PERIOD_RULE = catalog.CALENDAR  # the province changes its rule afterwards
    r.refresh_from_db()
    assert r.frozen and r.period_text == CUTOFF_TEXT  # the frozen report keeps the period it was built on
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.report_docx(r))).paragraphs)
    assert CUTOFF_TEXT in text and CALENDAR_TEXT not in text


def test_unknown_setting_falls_back_to_the_cutoff(settings):
    from cchc.reports.models import period_bounds

    settings.CCHC_REPORT_PERIOD_RULE = "fiscal"
    assert period_bounds(catalog.YEAR, YEAR) == (date(YEAR - 1, 12, 15), date(YEAR, 12, 14))
    settings.CCHC_REPORT_PERIOD_RULE = catalog.CALENDAR
    assert period_bounds(catalog.YEAR, YEAR) == (date(YEAR, 1, 1), date(YEAR, 12, 31))


def test_quarter_three_counts_only_its_own_due_tasks_but_lists_every_overdue_one(platform_data):
    """Quý III under the cut-off rule is not cumulative (15/6–14/9): "đến hạn trong kỳ" counts the rows due in it;
    the table of overdue rows is the state at 14/9 (a row due in March and still not done is listed)."""
    from cchc.plans.report_figures import report_figures

    stp = platform_data["stp"]
    q3 = report_figures([stp], date(YEAR, 6, 15), date(YEAR, 9, 14))
    assert "Trong 0 lượt nhiệm vụ đến hạn trong kỳ" in q3["facts"]["I.2"][1]
    overdue_rows = q3["tables"]["I.2"][0]["rows"]
    assert [row[1] for row in overdue_rows] == ["Nhiệm vụ 3"]  # due 20/3, in progress
    q1 = report_figures([stp], date(YEAR - 1, 12, 15), date(YEAR, 3, 14))  # cumulative from the year's start
    assert "Trong 1 lượt nhiệm vụ đến hạn trong kỳ: 1 hoàn thành đúng hạn" in q1["facts"]["I.2"][1]


@pytest.mark.parametrize(("today", "rule", "expected"), [
    (date(2026, 12, 3), catalog.CUTOFF, (catalog.YEAR, 2026)),     # the yearly report is written in early December
    (date(2027, 1, 2), catalog.CUTOFF, (catalog.YEAR, 2026)),      # ... and sent up to 20 days after 14/12
    (date(2027, 1, 5), catalog.CUTOFF, (catalog.Q1, 2027)),
    (date(2026, 3, 20), catalog.CUTOFF, (catalog.Q1, 2026)),       # quý I closed on 14/3, its report is due now
    (date(2026, 4, 4), catalog.CUTOFF, (catalog.H1, 2026)),
    (date(2026, 9, 1), catalog.CUTOFF, (catalog.Q3, 2026)),
    (date(2026, 4, 15), catalog.CALENDAR, (catalog.Q1, 2026)),     # calendar quý I ends 31/3
    (date(2026, 12, 31), catalog.CALENDAR, (catalog.YEAR, 2026)),
])
def test_due_period_is_the_one_being_reported_on(today, rule, expected):
    assert catalog.due_period(today, rule) == expected


def test_report_pages_default_to_the_period_being_reported_on(users, platform_data, monkeypatch):
    """The new-report form offered "Quý I" of the current year in December, and the office's status page opened on
    quý I: both now start on the period whose report is due (here the yearly report, 3 December)."""
    from django.urls import reverse
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(YEAR, 12, 3))
    office = Client()
    office.login(username=users["par_office"].username, password=PASSWORD)
    page = office.get(reverse("reports:index")).content.decode()
    assert f'<option value="{YEAR}" selected>' in page
    assert '<option value="year" selected>' in page and '<option value="q1" selected>' not in page
    page = office.get(reverse("reports:status")).content.decode()
    assert f"năm {YEAR}" in page and '<option value="year" selected>' in page
