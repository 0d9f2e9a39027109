"""The home page's "Việc cần chú ý" answers in a number of queries that does not grow with the campaigns, reports
and units behind its items (each item is checked to be on the page, so the count is about them)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import unit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _grow(users, n: int, start: int) -> None:
    from cchc.exams.models import Campaign
    from cchc.reports import catalog
    from cchc.reports.models import Report

    now = timezone.now()
    for i in range(start, start + n):
        c = Campaign.objects.create(title=f"Kỳ kiểm tra {i}", opens_at=now - timedelta(hours=1),
                                    closes_at=now + timedelta(days=20), duration_minutes=30, pass_percent=50,
                                    attempts_allowed=1, is_published=True, blueprint=[])
        c.units.add(unit("T42"))
        Report.objects.create(unit=unit("T42.syt"), year=2000 + i, period_kind=catalog.Q1, level=catalog.UNIT,
                              review_state="returned")


@pytest.mark.parametrize("who", ["focal_b", "par_office"])
def test_home_page_queries_do_not_grow_with_items(users, who):
    c = client_for(users[who])
    c.get("/")  # warm caches (session, content types)
    _grow(users, 2, 0)
    with CaptureQueriesContext(connection) as small:
        assert c.get("/").status_code == 200
    _grow(users, 12, 100)
    with CaptureQueriesContext(connection) as large:
        page = c.get("/").content.decode()
    assert "Kỳ kiểm tra 105" in page
    assert len(large) == len(small), (who, len(small), len(large))
