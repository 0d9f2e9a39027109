"""`cchc reports load_demo`: a finished year's reports sent, accepted and the province's issued; the period being
reported on in progress — through the services, as the units and the office would."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.core import review
from cchc.reports import catalog
from cchc.reports.models import Report, period_rule

pytestmark = pytest.mark.django_db


def test_demo_reports_a_finished_year_issued_and_the_current_period_in_progress(users, settings):
    settings.CCHC_LEADER_APPROVAL = True  # as `make run`: the unit's leader approves before the office receives
    out = StringIO()
    call_command("reports", "load_demo", "--year", "2024", stdout=out)
    past = Report.objects.filter(year=2024, period_kind=catalog.YEAR)
    prov = past.get(level=catalog.PROVINCE)
    assert prov.frozen_at is not None and prov.number.endswith("/BC-UBND") and prov.issued_on.year == 2024
    units = {r.unit.code: r for r in past.filter(level=catalog.UNIT)}
    assert set(units) == {"T42.stp", "T42.syt"}
    assert all(r.review_state == review.ACCEPTED for r in units.values())
    stp = units["T42.stp"]
    assert stp.created_by == users["focal_point"] and stp.approved_by == users["unit_leader"]  # its own people
    kind, year = catalog.due_period(timezone.localdate(), period_rule())
    now = Report.objects.filter(year=year, period_kind=kind)
    assert {(r.unit.code, r.review_state) for r in now.filter(level=catalog.UNIT)} == {
        ("T42.stp", review.SUBMITTED), ("T42.syt", review.DRAFT)}
    assert now.get(level=catalog.PROVINCE).frozen_at is None  # being compiled
    n = Report.objects.count()
    call_command("reports", "load_demo", "--year", "2024", stdout=out)
    assert Report.objects.count() == n and "Báo cáo mẫu đã có." in out.getvalue()
