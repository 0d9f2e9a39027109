"""The at-risk rule is defined once: the dashboard's SQL count and the Python timing agree on every case."""

from datetime import date, timedelta

import pytest

from cchc.plans import occurrences as occ
from cchc.plans import selectors
from cchc.plans.models import Occurrence

pytestmark = pytest.mark.django_db


def test_sql_and_python_at_risk_agree(small_plan):
    today = date(2024, 6, 10)
    occs = list(Occurrence.objects.filter(plan=small_plan).order_by("pk"))
    cases = [(d, s, p) for d in (-1, 0, 3, occ.AT_RISK_DAYS, occ.AT_RISK_DAYS + 1)
             for s, p in ((occ.NOT_STARTED, 0), (occ.IN_PROGRESS, occ.AT_RISK_PERCENT - 1),
                          (occ.IN_PROGRESS, occ.AT_RISK_PERCENT), (occ.DONE, 100), (occ.NOT_APPLICABLE, 0))]
    assert len(occs) >= len(cases)
    for o, (days, status, percent) in zip(occs, cases, strict=False):
        o.due_date, o.status, o.percent = today + timedelta(days=days), status, percent
    Occurrence.objects.bulk_update(occs, ["due_date", "status", "percent"])
    python = sum(o.timing(today) == "at_risk" for o in occs)
    sql = selectors.occurrences_at_risk_count(Occurrence.objects.filter(plan=small_plan), today)
    # due today, in 3 days and in AT_RISK_DAYS days × (not started, in progress below the threshold)
    assert sql == python == 3 * 2
