"""The list pages of the apps added last (initiatives and their public list, the procedure catalogue, survey
rounds, the province's external index results, an inspection plan, the notifications) answer in a number of queries that does not grow with their rows
(the rows are checked to be on the page, so the count is about them)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import unit

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _grow(users, n: int, start: int) -> None:
    """n more rows in every list below (numbers from ``start`` keep them unique)."""
    from cchc.assessment.models import ExternalResult
    from cchc.initiatives.models import Initiative
    from cchc.procedures.models import Procedure, ProcedureDecision, ProcedureEvent
    from cchc.surveys.models import QuestionnaireVersion, Round

    version = QuestionnaireVersion.objects.filter(status="published").first()
    now = timezone.now()
    decision = ProcedureDecision.objects.create(number=f"{start}/QĐ-UBND", title="Công bố TTHC")
    units = [unit("T42.stp"), unit("T42.syt")]
    for i in range(start, start + n):
        u = units[i % 2]
        Initiative.objects.create(year=YEAR, title=f"Sáng kiến {i}", unit=u, authors="Tác giả", description="x",
                                  status="recognised" if i % 2 else "proposed", decision_number=f"{i}/QĐ")
        p = Procedure.objects.create(code=f"1.{i:06d}", name=f"Thủ tục {i}", field=f"Lĩnh vực {i % 3}",
                                     agency=u)
        ProcedureEvent.objects.create(procedure=p, decision=decision, status="new")
        Round.objects.create(version=version, unit=u, year=YEAR, quarter=1 + i % 4, opens_at=now,
                             closes_at=now + timedelta(days=30), title=f"Đợt {i}")
        ExternalResult.objects.create(index="par", year=2000 + i, province="Hà Tĩnh", component=f"TP {i % 4}",
                                      value=Decimal("80"), max_value=Decimal("100"), rank=10, rank_of=63)


PAGES = {"/initiatives/": "Sáng kiến 123", "/initiatives/public/": "Sáng kiến 123", "/procedures/": "1.000123",
         "/surveys/": "Đợt 123", "/index/external/": "TP 3"}


@pytest.mark.parametrize("url", list(PAGES))
def test_query_count_does_not_grow_with_rows(users, url):
    from django.core.management import call_command

    call_command("surveys", "templates", verbosity=0)
    c = Client()
    c.force_login(users["par_office"])
    c.get(url)  # warm caches (session, content types)
    _grow(users, 3, 0)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url).status_code == 200
    _grow(users, 24, 100)
    with CaptureQueriesContext(connection) as large:
        resp = c.get(url)
    assert resp.status_code == 200 and PAGES[url] in resp.content.decode()
    assert len(large) == len(small), (url, len(small), len(large))


def _two_counts(client, url, grow, marker):
    client.get(url)  # warm caches (session, content types)
    grow(3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(24, 100)
    with CaptureQueriesContext(connection) as large:
        resp = client.get(url)
    assert resp.status_code == 200 and marker in resp.content.decode()
    assert len(large) == len(small), (url, len(small), len(large))


def test_an_inspection_plan_and_the_notifications_cost_the_same_queries_with_more_rows(users):
    """An inspection plan's page (its inspections, their units and teams) and a person's notifications."""
    from cchc.inspections.models import Inspection, InspectionMember, InspectionPlan
    from cchc.notifications.models import Notification
    from cchc.org.models import OrgUnit, UnitKind

    plan = InspectionPlan.objects.create(year=YEAR, title="Kế hoạch kiểm tra CCHC", status="issued")
    communes = list(OrgUnit.objects.filter(province__code="T42", kind=UnitKind.COMMUNE).order_by("code")[:140])

    def grow_inspections(n, start):
        for i in range(start, start + n):
            insp = Inspection.objects.create(plan=plan, unit=communes[i], month=1 + i % 12)
            InspectionMember.objects.create(inspection=insp, user=users["appraiser"], role="member")

    c = Client()
    c.force_login(users["par_office"])
    _two_counts(c, f"/inspections/plans/{plan.pk}/", grow_inspections, communes[110].name)

    def grow_notes(n, start):
        Notification.objects.bulk_create([Notification(user=users["focal_point"], kind="plans.assigned",
                                                       title=f"Thông báo {i}") for i in range(start, start + n)])

    c = Client()
    c.force_login(users["focal_point"])
    _two_counts(c, "/notifications/", grow_notes, "Thông báo 123")
